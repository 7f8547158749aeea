//! Arbitrary pack documents: a valid pack, or a refusal listing at least one problem with its
//! path; a valid pack answers deadlines and tiers without panicking.
#![no_main]

use chrono::DateTime;
use guifan_core::calendar::Calendar;
use guifan_core::deadline::{Area, Basis, DeadlineInput};
use guifan_core::engine::Engine;
use guifan_core::pack::Pack;
use guifan_core::tier::{Customer, TierInput};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let pack = match Pack::from_text(text) {
        Ok(pack) => pack,
        Err(e) => {
            assert_eq!(e.kind(), "invalid_input");
            assert!(!e.problems().is_empty(), "{e}");
            assert!(e.problems().iter().all(|p| !p.field.is_empty() && !p.message.is_empty()));
            return;
        }
    };
    let rules: Vec<_> = pack.sla.iter().map(|r| r.id.clone()).collect();
    let brands: Vec<_> = pack.tiers.personal.iter().map(|b| b.brand.clone()).collect();
    let Ok(engine) = Engine::new(vec![pack], Calendar::builtin()) else { return };
    let start = DateTime::parse_from_rfc3339("2025-09-30T10:00:00+08:00").unwrap();
    for id in rules {
        let input = DeadlineInput { start, basis: Basis::rule(id, Area::Rural), done: None , pauses: Vec::new(), region: Default::default()};
        if let Ok(d) = engine.deadline(&input) {
            assert!(d.due.is_some_and(|due| due >= start));
        }
    }
    for brand in brands {
        for spend in [0i64, 1080, 3360, 1_000_000] {
            let customer = Customer::Personal { brand: brand.clone(), annual_spend: spend.into() };
            let _ = engine.tier(&TierInput::from(customer));
        }
    }
});

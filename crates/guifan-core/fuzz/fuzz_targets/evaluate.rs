//! Arbitrary bytes through the JSON contract: an answer, or an error of a known kind with a message
//! and a field path that is not empty; never a panic.
#![no_main]

use guifan_core::engine::Engine;
use guifan_core::evaluate::evaluate_str;
use libfuzzer_sys::fuzz_target;

const KINDS: &[&str] = &[
    "invalid_input", "unknown_op", "unknown_rule", "unknown_brand", "negative_amount", "calendar_year_unknown",
    "insufficient_points", "points_frozen", "customer_mismatch", "duplicate_lot_conflict", "override_needs_approval",
    "override_without_downgrade", "override_not_higher", "override_above_previous",
];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let out = evaluate_str(&Engine::builtin(), text);
    assert!(out.is_object(), "{out}");
    if let Some(error) = out.get("error") {
        let kind = error["kind"].as_str().unwrap_or_default();
        assert!(KINDS.contains(&kind), "unknown kind {kind}");
        assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()), "{out}");
        // `null` where no one field is at fault (a year's unknown schedule); never an empty path.
        assert!(error["field"].is_null() || error["field"].as_str().is_some_and(|f| !f.is_empty()), "{out}");
    }
});

//! The typed points API with arbitrary lots: no overdraft, no panic, failures change nothing.
#![no_main]

use chrono::NaiveDate;
use guifan_core::points::{redeem, Lot, LotKind, PointsLedger};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, arbitrary::Arbitrary)]
struct Case {
    lots: Vec<(u8, u64, u16, Option<u16>, bool)>,
    redemptions: Vec<(u16, u64, bool)>,
}

fn day(n: u16) -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Duration::days(i64::from(n % 3000))
}

fuzz_target!(|c: Case| {
    let lots: Vec<Lot> = c
        .lots
        .iter()
        .map(|&(id, points, earned, expires, promo)| Lot {
            id: format!("l{id}"),
            points,
            earned_on: day(earned),
            expires_on: expires.map(day),
            kind: if promo { LotKind::Promotional } else { LotKind::Regular },
        })
        .collect();
    let mut ledger = PointsLedger::new("c");
    if ledger.earn(&lots).is_err() {
        return;
    }
    for &(on, points, frozen) in &c.redemptions {
        let before = ledger.balance(day(on));
        let single = redeem(&lots, day(on), points, frozen);
        match ledger.redeem(day(on), points, frozen) {
            Ok(r) => {
                let taken: u64 = r.consumed.iter().map(|t| t.points).sum();
                assert_eq!(taken, points);
                assert!(!frozen);
            }
            Err(_) => {
                // A refused redemption leaves the balance as it was.
                if let (Ok(b), Ok(a)) = (before, ledger.balance(day(on))) {
                    assert_eq!(a, b);
                }
            }
        }
        if let Ok(r) = single {
            assert!(r.consumed.iter().all(|t| t.points > 0));
        }
    }
});

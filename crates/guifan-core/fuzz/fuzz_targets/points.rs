//! The typed points API with arbitrary accounts and lots: merges refuse another customer's
//! account, a lot id with two contents and promotional points without an expiry, and are otherwise
//! idempotent and order-independent; redemptions never overdraw and failures change nothing.
#![no_main]

use std::collections::BTreeMap;

use chrono::NaiveDate;
use guifan_core::points::{merge, redeem, Account, Lot, LotKind, PointsLedger};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, arbitrary::Arbitrary)]
struct Case {
    /// Per account: another customer's?, and its lots (id, points, earned, expires, promotional).
    accounts: Vec<(bool, Vec<(u8, u64, u16, Option<u16>, bool)>)>,
    as_of: u16,
    redemptions: Vec<(u16, u64, bool)>,
}

fn day(n: u16) -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Duration::days(i64::from(n % 3000))
}

fuzz_target!(|c: Case| {
    let accounts: Vec<Account> = c
        .accounts
        .iter()
        .enumerate()
        .map(|(a, (stranger, lots))| Account {
            account_id: format!("a{a}"),
            customer_id: if *stranger { "d".into() } else { "c".into() },
            lots: lots
                .iter()
                .map(|&(id, points, earned, expires, promo)| Lot {
                    id: format!("l{id}"),
                    points,
                    earned_on: day(earned),
                    expires_on: expires.map(day),
                    kind: if promo { LotKind::Promotional } else { LotKind::Regular },
                })
                .collect(),
        })
        .collect();
    let all: Vec<&Lot> = accounts.iter().flat_map(|a| &a.lots).collect();
    let mut by_id: BTreeMap<&str, &Lot> = BTreeMap::new();
    let conflict = all.iter().any(|l| *by_id.entry(&l.id).or_insert(l) != *l);
    let stranger = accounts.iter().any(|a| a.customer_id != "c");
    let undated = all.iter().any(|l| l.kind == LotKind::Promotional && l.expires_on.is_none());
    let as_of = day(c.as_of);
    // Spendable and expired points are summed apart.
    let overflow = [true, false].iter().any(|&live| {
        let mut lots = by_id.values().filter(|l| l.spendable_on(as_of) == live);
        lots.try_fold(0u64, |s, l| s.checked_add(l.points)).is_none()
    });
    let merged = merge("c", as_of, &accounts);
    match &merged {
        Ok(m) => {
            assert!(!conflict && !stranger && !undated && !overflow);
            let live = by_id.values().filter(|l| l.spendable_on(as_of));
            assert_eq!(m.total, live.clone().map(|l| l.points).sum::<u64>());
            assert_eq!(m.order.len(), live.count());
            // Listed twice or in reverse: the same merge.
            assert_eq!(merge("c", as_of, &[accounts.clone(), accounts.clone()].concat()).as_ref(), Ok(m));
            let reversed: Vec<Account> = accounts.iter().rev().cloned().collect();
            assert_eq!(merge("c", as_of, &reversed).as_ref(), Ok(m));
        }
        Err(e) => match e.kind() {
            "customer_mismatch" => assert!(stranger),
            "duplicate_lot_conflict" => assert!(conflict),
            "invalid_input" => assert!(undated || overflow, "{e}"),
            other => panic!("merge failed with {other}: {e}"),
        },
    }

    let mut ledger = PointsLedger::new("c");
    let fresh = ledger.clone();
    match ledger.merge(&accounts) {
        Err(e) => {
            assert_eq!(Err(e.kind()), merged.as_ref().map(|_| ()).map_err(|e| e.kind()));
            assert_eq!(ledger, fresh);
            return;
        }
        Ok(()) => assert_eq!(ledger.balance(as_of).as_ref(), merged.as_ref()),
    }
    let once = ledger.clone();
    ledger.merge(&accounts).unwrap();
    assert_eq!(ledger, once);

    let lots: Vec<Lot> = by_id.values().map(|l| (*l).clone()).collect();
    for &(on, points, frozen) in &c.redemptions {
        let before = ledger.balance(day(on));
        let single = redeem(&lots, day(on), points, frozen);
        match ledger.redeem(day(on), points, frozen) {
            Ok(r) => {
                assert_eq!(r.consumed.iter().map(|t| t.points).sum::<u64>(), points);
                assert!(!frozen);
                // (A balance fails when the expired points alone pass 2^64 - 1; redeeming does not.)
                if let Ok(b) = before {
                    assert_eq!(ledger.balance(day(on)).map(|a| a.total), Ok(b.total - points));
                }
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
            assert_eq!(r.consumed.iter().map(|t| t.points).sum::<u64>(), points);
        }
    }
});

//! Invariants over generated instants (2004–2026), amounts, ledgers and lines.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime};
use guifan_core::calendar::Calendar;
use guifan_core::deadline::{due, Period};
use guifan_core::pack::Pack;
use guifan_core::points::{merge, redeem, Account, Lot, LotKind};
use guifan_core::status::{status, Line, StatusInput};
use guifan_core::tier::{tier, Brand, Customer, Tier};
use guifan_core::time::from_beijing;
use guifan_core::window::{notify, Region};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn date() -> impl Strategy<Value = NaiveDate> {
    (0i64..(23 * 365 + 5)).prop_map(|d| NaiveDate::from_ymd_opt(2004, 1, 1).unwrap() + Duration::days(d))
}

fn instant() -> impl Strategy<Value = NaiveDateTime> {
    (date(), 0u32..86_400).prop_map(|(d, s)| d.and_hms_opt(s / 3600, s / 60 % 60, s % 60).unwrap())
}

fn period(clock: u8, n: u32) -> Period {
    match clock % 4 {
        0 => Period::ClockHours(n),
        1 => Period::CalendarDays(n),
        2 => Period::WorkingDays(n),
        _ => Period::WorkingMinutes(n, Pack::builtin().office_hours.hours),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn due_is_never_before_start_and_grows_with_the_amount(start in instant(), clock in 0u8..4, a in 0u32..400, b in 0u32..400) {
        let cal = Calendar::builtin();
        let (lo, hi) = (a.min(b), a.max(b));
        if let (Ok(d_lo), Ok(d_hi)) = (due(&cal, &period(clock, lo), start), due(&cal, &period(clock, hi), start)) {
            prop_assert!(d_lo >= start);
            prop_assert!(d_lo <= d_hi);
        }
    }

    #[test]
    fn add_then_count_gives_n_back(d in date(), n in 0i64..3000) {
        let cal = Calendar::builtin();
        if let Ok(end) = cal.add_working_days(d, n) {
            prop_assert!(cal.is_working_day(end).unwrap() || n == 0);
            prop_assert_eq!(i64::from(cal.count_working_days(d.succ_opt().unwrap(), end).unwrap()), n);
        }
    }

    #[test]
    fn going_back_and_forth_returns(d in date(), n in 1i64..2000) {
        let cal = Calendar::builtin();
        if let Ok(back) = cal.add_working_days(d, -n) {
            prop_assert!(back < d);
            prop_assert_eq!(i64::from(cal.count_working_days(back, d.pred_opt().unwrap()).unwrap()), n);
        }
    }

    #[test]
    fn a_tier_never_falls_when_spend_rises(brand in 0usize..3, a in 0i64..600_000, b in 0i64..600_000) {
        let brand = [Brand::E_HOME, Brand::TIANYI, Brand::OTHER][brand].clone();
        let rate = |cents: i64| tier(&Customer::Personal { brand: brand.clone(), annual_spend: Decimal::new(cents, 2) }.into()).unwrap().tier;
        prop_assert!(rate(a.min(b)) <= rate(a.max(b)));
        let revenue = |yuan: i64| tier(&Customer::Enterprise { annual_revenue: Decimal::from(yuan) }.into()).unwrap().tier;
        prop_assert!(revenue(a.min(b)) <= revenue(a.max(b)));
        prop_assert!(rate(0) == Tier::None);
    }

    #[test]
    fn redeem_never_overdraws_and_spends_soonest_expiry_first(lots in lots(), want in 1u64..3000, as_of in date()) {
        let spendable: u64 = lots.iter().filter(|l| l.spendable_on(as_of)).map(|l| l.points).sum();
        match redeem(&lots, as_of, want, false) {
            Ok(r) => {
                let taken: u64 = r.consumed.iter().map(|t| t.points).sum();
                prop_assert_eq!(taken, want);
                prop_assert_eq!(r.remaining, spendable - want);
                let order = |id: &str| {
                    let l = lots.iter().find(|l| l.id == id).unwrap();
                    (l.expires_on.is_none(), l.expires_on, l.earned_on, l.id.clone())
                };
                for pair in r.consumed.windows(2) {
                    prop_assert!(order(&pair[0].id) < order(&pair[1].id));
                }
                // Every lot but the last is emptied.
                for t in &r.consumed[..r.consumed.len() - 1] {
                    prop_assert_eq!(t.points, lots.iter().find(|l| l.id == t.id).unwrap().points);
                }
                for t in &r.consumed {
                    prop_assert!(lots.iter().find(|l| l.id == t.id).unwrap().spendable_on(as_of));
                }
            }
            Err(e) => {
                prop_assert_eq!(e.kind(), "insufficient_points");
                prop_assert!(want > spendable);
            }
        }
    }

    #[test]
    fn merge_is_idempotent_and_order_independent(lots in lots(), split in 0usize..8, as_of in date()) {
        let cut = split.min(lots.len());
        let acc = |id: &str, lots: &[Lot]| Account { account_id: id.into(), customer_id: "c".into(), lots: lots.to_vec() };
        let (a, b) = (acc("a", &lots[..cut]), acc("b", &lots[cut..]));
        let once = merge("c", as_of, &[a.clone(), b.clone()]).unwrap();
        prop_assert_eq!(&merge("c", as_of, &[b.clone(), a.clone()]).unwrap(), &once);
        prop_assert_eq!(&merge("c", as_of, &[a.clone(), b.clone(), a, b]).unwrap(), &once);
    }

    #[test]
    fn next_allowed_is_allowed_and_not_earlier(at in instant(), region in 0usize..3) {
        let region = &[Region::DEFAULT, Region::XINJIANG, Region::TIBET][region];
        let at: DateTime<FixedOffset> = from_beijing(at);
        let n = notify(at, region).unwrap();
        prop_assert!(n.next_allowed >= at);
        prop_assert!(notify(n.next_allowed, region).unwrap().allowed);
        prop_assert_eq!(n.allowed, n.next_allowed == at);
        // Nothing in between is allowed.
        let mut t = at;
        while t < n.next_allowed {
            prop_assert!(!notify(t, region).unwrap().allowed);
            t += Duration::minutes(17);
        }
    }

    #[test]
    fn status_reasons_are_stable_under_line_order(lines in lines(), as_of in date(), seed in any::<u64>()) {
        let input = |lines: Vec<Line>| StatusInput { as_of, lines, cancel_requested: false, card_expires_on: None, misconduct: false };
        let mut shuffled = lines.clone();
        shuffled.sort_by_key(|l| l.id.bytes().fold(seed, |h, b| h.rotate_left(5) ^ u64::from(b)));
        prop_assert_eq!(status(&input(lines)).unwrap(), status(&input(shuffled)).unwrap());
    }
}

fn lots() -> impl Strategy<Value = Vec<Lot>> {
    proptest::collection::vec((1u64..500, date(), proptest::option::of(date())), 0..8).prop_map(|specs| {
        specs
            .into_iter()
            .enumerate()
            .map(|(i, (points, earned_on, expires_on))| Lot {
                id: format!("lot{i}"),
                points,
                earned_on,
                expires_on,
                kind: if expires_on.is_some() { LotKind::Promotional } else { LotKind::Regular },
            })
            .collect()
    })
}

fn lines() -> impl Strategy<Value = Vec<Line>> {
    let line = (any::<bool>(), proptest::option::of(date()), any::<bool>());
    proptest::collection::vec(line, 0..6).prop_map(|specs| {
        specs
            .into_iter()
            .enumerate()
            .map(|(i, (active, arrears_since, reminded))| Line { id: format!("L{i}"), active, arrears_since, reminded })
            .collect()
    })
}

/// Engines are shared between threads by every binding: the values they hold must allow it.
#[test]
fn engine_types_are_send_and_sync() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Calendar>();
    send_sync::<guifan_core::Error>();
    send_sync::<guifan_core::points::PointsLedger>();
    send_sync::<guifan_core::evaluate::Request>();
    send_sync::<guifan_core::evaluate::Response>();
    send_sync::<guifan_core::explain::Explanation>();
    send_sync::<guifan_core::deadline::DeadlineInput>();
    send_sync::<guifan_core::tier::TierInput>();
    send_sync::<guifan_core::engine::Engine>();
    send_sync::<guifan_core::pack::Pack>();
}

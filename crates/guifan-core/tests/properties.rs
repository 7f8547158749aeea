//! Invariants over generated instants (2004–2026), amounts, ledgers and lines.

use std::sync::LazyLock;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};
use guifan_core::batch::{self, Arg, Instants, OnError};
use guifan_core::calendar::Calendar;
use guifan_core::deadline::{deadline, due, Area, Basis, Clock, DeadlineInput, OfficeHours, Period};
use guifan_core::engine::Engine;
use guifan_core::pack::Pack;
use guifan_core::points::{merge, redeem, Account, Lot, LotKind, PointsLedger};
use guifan_core::status::{status, Line, StatusInput};
use guifan_core::tier::{tier, Brand, Customer, Tier};
use guifan_core::time::from_beijing;
use guifan_core::window::{notify, Region};
use guifan_core::Error;
use proptest::prelude::*;
use rust_decimal::Decimal;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A date from `from` on, within `days` days.
fn date_in(from: NaiveDate, days: i64) -> impl Strategy<Value = NaiveDate> {
    (0..days).prop_map(move |d| from + Duration::days(d))
}

/// A date of the built-in calendar's years, 2004–2026.
fn date() -> impl Strategy<Value = NaiveDate> {
    date_in(day(2004, 1, 1), 23 * 365 + 6)
}

fn time_of_day() -> impl Strategy<Value = NaiveTime> {
    (0u32..86_400).prop_map(|s| NaiveTime::from_num_seconds_from_midnight_opt(s, 0).unwrap())
}

fn instant() -> impl Strategy<Value = NaiveDateTime> {
    (date(), time_of_day()).prop_map(|(d, t)| d.and_time(t))
}

fn period(clock: u8, n: u32) -> Period {
    match clock % 4 {
        0 => Period::ClockHours(n),
        1 => Period::CalendarDays(n),
        2 => Period::WorkingDays(n),
        _ => Period::WorkingMinutes(n, Pack::builtin().office_hours.hours),
    }
}

/// Office hours `[open, close)` on the minute, open before close.
fn office_hours() -> impl Strategy<Value = OfficeHours> {
    (0u32..1439).prop_flat_map(|open| (Just(open), open + 1..1440)).prop_map(|(open, close)| {
        let at = |m: u32| NaiveTime::from_hms_opt(m / 60, m % 60, 0).unwrap();
        OfficeHours { open: at(open), close: at(close), lunch: None }
    })
}

/// A period of every clock the contract knows, with any amount, cut-off and office hours.
fn any_period() -> impl Strategy<Value = Period> {
    prop_oneof![
        Just(Period::Immediate),
        (0u32..2000).prop_map(Period::ClockHours),
        (0u32..2000).prop_map(Period::CalendarDays),
        (0u32..2000).prop_map(Period::WorkingDays),
        (0u32..100_000, office_hours()).prop_map(|(n, o)| Period::WorkingMinutes(n, o)),
        time_of_day().prop_map(Period::SameDayCutoff),
        Just(Period::DayEnd),
    ]
}

fn file(rel: &str) -> String {
    std::fs::read_to_string(format!("{}/spec-tests/{rel}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// The built-in calendar, with the sample 2027 schedule loaded, and with the sample company layer.
static CALENDARS: LazyLock<[Engine; 3]> = LazyLock::new(|| {
    let loaded = |rel: &str| {
        let mut calendar = Calendar::builtin();
        calendar.load_json(&file(rel)).unwrap();
        Engine::builtin().with_calendar(calendar)
    };
    [Engine::builtin(), loaded("calendars/2027-sample.json"), loaded("calendars/company-layer-sample.json")]
});

/// The `n`-th working day after `date` by looking at one day at a time (`Calendar::day` reads the
/// schedule's lists of rest and make-up days, not the indexed bitset), the way the definition reads.
fn walk(cal: &Calendar, date: NaiveDate, n: i64) -> Result<NaiveDate, Error> {
    let (mut at, mut left) = (date, n.unsigned_abs());
    while left > 0 {
        at = if n > 0 { at.succ_opt() } else { at.pred_opt() }.unwrap();
        left -= u64::from(cal.day(at)?.is_working_day());
    }
    Ok(at)
}

/// Working days from `from` to `to`, both included, one day at a time.
fn walk_count(cal: &Calendar, from: NaiveDate, to: NaiveDate) -> Result<u32, Error> {
    from.iter_days().take_while(|d| *d <= to).map(|d| cal.day(d).map(|x| u32::from(x.is_working_day()))).sum()
}

/// Dates around the calendars' edges and the sample layer's days, or anywhere 2003–2027.
fn walk_date() -> impl Strategy<Value = NaiveDate> {
    prop_oneof![
        date_in(day(2003, 6, 1), 25 * 365),
        date_in(day(2025, 9, 1), 150),
        date_in(day(2026, 10, 1), 500),
        date_in(day(2003, 11, 1), 120),
    ]
}

fn redemption_key(l: &Lot) -> (bool, Option<NaiveDate>, NaiveDate, String) {
    (l.expires_on.is_none(), l.expires_on, l.earned_on, l.id.clone())
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

    /// Every clock, cut-off and office hours: due >= start, or the one error a clock may meet
    /// (a working-day clock running into a year without a schedule).
    #[test]
    fn due_is_never_before_start_on_any_clock(start in instant(), period in any_period()) {
        match due(&Calendar::builtin(), &period, start) {
            Ok(d) => prop_assert!(d >= start, "{period:?} from {start}: {d}"),
            Err(e) => {
                prop_assert_eq!(e.kind(), "calendar_year_unknown");
                prop_assert!(matches!(period.clock(), Clock::WorkingDays | Clock::WorkingMinutes));
            }
        }
    }

    /// Every deadline rule of the built-in pack in both areas, with the start in any offset.
    #[test]
    fn every_rule_is_due_at_or_after_its_start(start in instant(), offset in -50_400i32..=50_400, rural in any::<bool>()) {
        let start = from_beijing("start", start).unwrap().with_timezone(&FixedOffset::east_opt(offset / 60 * 60).unwrap());
        let area = if rural { Area::Rural } else { Area::Urban };
        for rule in Pack::builtin().sla.iter() {
            let input = DeadlineInput { start, basis: Basis::rule(rule.id.clone(), area), done: Some(start) , pauses: Vec::new(), region: Default::default()};
            match deadline(&Calendar::builtin(), &input) {
                Ok(d) => {
                    prop_assert!(d.due.is_some_and(|due| due >= start), "{} from {start}: {:?}", rule.id, d.due);
                    prop_assert_eq!(d.clock, rule.period(area).clock());
                    prop_assert_eq!(d.met, Some(true));
                }
                Err(e) => prop_assert_eq!((e.kind(), e.field()), ("calendar_year_unknown", Some("start"))),
            }
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
    fn next_allowed_is_allowed_and_not_earlier(at in instant(), region in 0usize..3) {
        let region = &[Region::DEFAULT, Region::XINJIANG, Region::TIBET][region];
        let at: DateTime<FixedOffset> = from_beijing("at", at).unwrap();
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
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    /// The indexed answers (bitset rank and select, and the batch path on day numbers) agree with
    /// the day-by-day walk on the built-in calendar, with 2027 loaded, and under a layer: the same
    /// date, or the same unknown year.
    #[test]
    fn day_walk_and_indexed_paths_agree(which in 0usize..3, d in walk_date(), n in prop_oneof![-40i64..40, -3000i64..3000]) {
        let engine = &CALENDARS[which];
        let cal = engine.calendar();
        let walked = walk(cal, d, n);
        let indexed = cal.add_working_days(d, n);
        prop_assert_eq!(indexed.as_ref().map_err(Error::value), walked.as_ref().map_err(Error::value), "{} + {}", d, n);
        if let Ok(working) = cal.is_working_day(d) {
            prop_assert_eq!(working, cal.day(d).unwrap().is_working_day());
        }
        if let (Ok(end), true) = (&walked, n > 0) {
            prop_assert_eq!(cal.count_working_days(d.succ_opt().unwrap(), *end), Ok(n as u32));
        }
        if n >= 0 {
            // A ticket started that day at 10:00 with n working days: due 24:00 of the walked day.
            let start = d.and_hms_opt(10, 0, 0).unwrap();
            let basis = Basis::free(Clock::WorkingDays, n as u32).unwrap();
            let at = [batch::beijing_to_micros("start", start).unwrap()];
            let got = batch::deadlines(engine, Arg::One(&basis), Instants::micros(&at), OnError::Raise);
            let want = walked.map(|end| if n == 0 { start } else { (end + Duration::days(1)).and_time(NaiveTime::MIN) });
            prop_assert_eq!(
                got.map(|due| due[0]).map_err(|e| e.error.value()),
                want.map(|due| batch::beijing_to_micros("due", due).unwrap()).map_err(|e| e.value())
            );
        }
    }

    /// Counting working days between two dates: the walk and the two ranks agree.
    #[test]
    fn day_walk_and_indexed_count_agree(which in 0usize..3, from in walk_date(), days in 0i64..900) {
        let cal = CALENDARS[which].calendar();
        let to = from + Duration::days(days);
        prop_assert_eq!(cal.count_working_days(from, to).map_err(|e| e.value()), walk_count(cal, from, to).map_err(|e| e.value()));
    }
}

/// The same calendar (built in, with a 2028 schedule loaded: 2027 and 2029 on are unknown)
/// without and with provisional answers (INTERP.PROVISIONAL).
static GAPPED: LazyLock<(Engine, Engine)> = LazyLock::new(|| {
    let mut cal = Calendar::builtin();
    cal.load_json(r#"{"years": {"2028": {"holidays": [{"date": "2028-01-03", "name": "x", "name_zh": "x"}], "makeup_workdays": []}}}"#)
        .unwrap();
    let plain = Engine::builtin().with_calendar(cal);
    let provisional = plain.with_provisional(true);
    (plain, provisional)
});

/// Answers `request` on both engines: where the plain one answers, the provisional one gives the
/// same answer, unflagged; where the plain one refuses an unknown year, the provisional one
/// answers, flagged with the years (and explains them).
fn same_or_flagged(op: &str, input: serde_json::Value) -> Result<(), TestCaseError> {
    let (plain, provisional) = &*GAPPED;
    let text = serde_json::json!({ "op": op, "input": input, "explain": true }).to_string();
    let answer = |engine: &guifan_core::engine::Engine| -> serde_json::Value {
        serde_json::from_str(&engine.evaluate_str(&text)).unwrap()
    };
    let (want, mut got) = (answer(plain), answer(provisional));
    let explanation = got.as_object_mut().and_then(|o| o.remove("explanation"));
    let cites =
        |id: &str| explanation.as_ref().is_some_and(|e| e["rules"].as_array().unwrap().iter().any(|r| r["id"] == id));
    if want["error"]["kind"] == "calendar_year_unknown" {
        prop_assert_eq!(&got["provisional"], &serde_json::json!(true), "{} {}: {}", op, text, got);
        let years = got["provisional_years"].as_array().unwrap();
        prop_assert!(!years.is_empty() && years.iter().all(|y| y != 2028 && y.as_i64() > Some(2026)), "{}", got);
        prop_assert!(cites("INTERP.PROVISIONAL"));
    } else {
        let mut want = want;
        want.as_object_mut().map(|o| o.remove("explanation"));
        prop_assert_eq!(&got, &want, "{} {}", op, text);
        prop_assert!(!cites("INTERP.PROVISIONAL"));
    }
    Ok(())
}

/// A date from mid-2026 to 2030: published, loaded and unknown years.
fn around_the_gap() -> impl Strategy<Value = NaiveDate> {
    date_in(day(2026, 6, 1), 4 * 365 + 200)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Provisional answers are flagged exactly when the plain calendar would have refused, and
    /// change nothing the plain calendar answers: days, counts, additions and deadlines.
    #[test]
    fn provisional_answers_are_flagged_exactly_when_needed(
        d in around_the_gap(), span in 0i64..400, n in -300i64..300, t in time_of_day(), minutes in 0u32..3000,
    ) {
        let text = |d: NaiveDate| d.to_string();
        same_or_flagged("calendar.day", serde_json::json!({"date": text(d)}))?;
        same_or_flagged("calendar.count_working_days", serde_json::json!({"from": text(d), "to": text(d + Duration::days(span))}))?;
        same_or_flagged("calendar.add_working_days", serde_json::json!({"date": text(d), "days": n}))?;
        let start = d.and_time(t).format("%Y-%m-%dT%H:%M:%S").to_string();
        same_or_flagged("deadline", serde_json::json!({"clock": "working_days", "amount": n.unsigned_abs() % 20, "start": start}))?;
        same_or_flagged("deadline", serde_json::json!({"clock": "working_minutes", "amount": minutes, "start": start}))?;
        same_or_flagged("deadline", serde_json::json!({"clock": "clock_hours", "amount": minutes, "start": start}))?;
    }
}

/// Lots with unique ids, then some of them again as exact copies (a lot seen twice counts once).
fn lots() -> impl Strategy<Value = Vec<Lot>> {
    let lot = (0u64..500, date(), proptest::option::of(date()));
    (proptest::collection::vec(lot, 0..10), proptest::collection::vec(any::<prop::sample::Index>(), 0..4)).prop_map(
        |(specs, copies)| {
            let mut lots: Vec<Lot> = specs
                .into_iter()
                .enumerate()
                .map(|(i, (points, earned_on, expires_on))| Lot {
                    id: format!("lot{i}"),
                    points,
                    earned_on,
                    expires_on,
                    kind: if expires_on.is_some() { LotKind::Promotional } else { LotKind::Regular },
                })
                .collect();
            if !lots.is_empty() {
                let again: Vec<Lot> = copies.iter().map(|i| i.get(&lots).clone()).collect();
                lots.extend(again);
            }
            lots
        },
    )
}

/// The lots once each.
fn unique(lots: &[Lot]) -> Vec<&Lot> {
    let mut seen = std::collections::HashSet::new();
    lots.iter().filter(|l| seen.insert(&l.id)).collect()
}

/// Lots dealt into accounts of customer `c` at the cut points.
fn accounts(lots: &[Lot], cuts: &[prop::sample::Index]) -> Vec<Account> {
    let mut cuts: Vec<usize> = cuts.iter().map(|i| i.index(lots.len() + 1)).collect();
    cuts.sort();
    cuts.push(lots.len());
    let mut from = 0;
    let mut out = Vec::new();
    for (i, to) in cuts.into_iter().enumerate() {
        out.push(Account { account_id: format!("a{i}"), customer_id: "c".into(), lots: lots[from..to].to_vec() });
        from = to;
    }
    out
}

fn ledger_of(parts: &[&[Account]]) -> Result<PointsLedger, Error> {
    let mut ledger = PointsLedger::new("c");
    for part in parts {
        ledger.merge(part)?;
    }
    Ok(ledger)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Redemption never overdraws (exactly what was asked, never more than a lot holds, never an
    /// expired lot) and consumes soonest-expiring first: no spendable lot that comes earlier in
    /// POINTS.REDEEM_ORDER than a consumed lot keeps any points.
    #[test]
    fn redeem_never_overdraws_and_spends_soonest_expiry_first(lots in lots(), want in 1u64..3000, as_of in date(), frozen in any::<bool>()) {
        let unique = unique(&lots);
        let spendable: u64 = unique.iter().filter(|l| l.spendable_on(as_of)).map(|l| l.points).sum();
        let r = match redeem(&lots, as_of, want, frozen) {
            Ok(r) => r,
            Err(e) => {
                prop_assert_eq!(e.kind(), if frozen { "points_frozen" } else { "insufficient_points" });
                prop_assert!(frozen || want > spendable);
                return Ok(());
            }
        };
        prop_assert!(!frozen);
        prop_assert_eq!(r.consumed.iter().map(|t| t.points).sum::<u64>(), want);
        prop_assert_eq!(r.remaining, spendable - want);
        let lot = |id: &str| *unique.iter().find(|l| l.id == id).unwrap();
        let taken = |l: &Lot| r.consumed.iter().find(|t| t.id == l.id).map_or(0, |t| t.points);
        for t in &r.consumed {
            prop_assert!(t.points > 0 && t.points <= lot(&t.id).points);
            prop_assert!(lot(&t.id).spendable_on(as_of));
        }
        for pair in r.consumed.windows(2) {
            prop_assert!(redemption_key(lot(&pair[0].id)) < redemption_key(lot(&pair[1].id)));
        }
        for left in unique.iter().filter(|l| l.spendable_on(as_of) && taken(l) < l.points) {
            for t in &r.consumed {
                let used = lot(&t.id);
                prop_assert!(redemption_key(used) <= redemption_key(left), "{} consumed before {} was used up", used.id, left.id);
                if let (Some(a), Some(b)) = (left.expires_on, used.expires_on) {
                    prop_assert!(a >= b, "{} expiring {a} kept points while {} expiring {b} was consumed", left.id, used.id);
                }
                prop_assert!(left.expires_on.is_none() || used.expires_on.is_some());
            }
        }
    }

    /// Merging is idempotent the ways the API allows: accounts merged again (into a ledger, or
    /// listed twice) change nothing; and it is order-independent: any order of accounts and of
    /// lots, dealt into any accounts, merges to the same balance.
    #[test]
    fn merge_is_idempotent_and_order_independent(
        (lots, shuffled) in lots().prop_flat_map(|lots| (Just(lots.clone()), Just(lots).prop_shuffle())),
        cuts in proptest::collection::vec(any::<prop::sample::Index>(), 0..4),
        other_cuts in proptest::collection::vec(any::<prop::sample::Index>(), 0..4),
        as_of in date(),
    ) {
        let accs = accounts(&lots, &cuts);
        let once = merge("c", as_of, &accs).unwrap();
        let spendable: Vec<&Lot> = unique(&lots).into_iter().filter(|l| l.spendable_on(as_of)).collect();
        prop_assert_eq!(once.total, spendable.iter().map(|l| l.points).sum::<u64>());
        prop_assert_eq!(once.order.len(), spendable.len());
        prop_assert_eq!(&merge("c", as_of, &accounts(&shuffled, &other_cuts)).unwrap(), &once);
        let mut reversed = accs.clone();
        reversed.reverse();
        prop_assert_eq!(&merge("c", as_of, &reversed).unwrap(), &once);
        prop_assert_eq!(&merge("c", as_of, &[accs.clone(), accs.clone()].concat()).unwrap(), &once);
        // merge(merge(x)) == merge(x): a ledger that merged the accounts merges them again unchanged.
        prop_assert_eq!(&ledger_of(&[&accs[..]]).unwrap().balance(as_of).unwrap(), &once);
        prop_assert_eq!(&ledger_of(&[&accs[..], &accs[..]]).unwrap(), &ledger_of(&[&accs[..]]).unwrap());
        let (a, b) = accs.split_at(accs.len() / 2);
        prop_assert_eq!(&ledger_of(&[b, a, &accs[..]]).unwrap().balance(as_of).unwrap(), &once);
    }

    /// A lot id seen again with other content, or an account of another customer, is refused
    /// whatever the order of accounts and lots.
    #[test]
    fn merge_refuses_conflicts_and_strangers_in_any_order(
        lots in lots().prop_filter("a lot to clash with", |l| !l.is_empty()),
        pick in any::<prop::sample::Index>(),
        stranger in any::<bool>(),
        seed in any::<prop::sample::Index>(),
        cuts in proptest::collection::vec(any::<prop::sample::Index>(), 0..4),
        as_of in date(),
    ) {
        let mut lots = lots;
        let (want, mut accs) = if stranger {
            ("customer_mismatch", accounts(&lots, &cuts))
        } else {
            let mut clash = pick.get(&lots).clone();
            clash.points += 1;
            lots.insert(seed.index(lots.len() + 1), clash);
            ("duplicate_lot_conflict", accounts(&lots, &cuts))
        };
        if stranger {
            let at = seed.index(accs.len() + 1);
            accs.insert(at, Account { account_id: "x".into(), customer_id: "d".into(), lots: vec![] });
        }
        prop_assert_eq!(merge("c", as_of, &accs).unwrap_err().kind(), want);
        accs.reverse();
        prop_assert_eq!(merge("c", as_of, &accs).unwrap_err().kind(), want);
        let before = ledger_of(&[]).unwrap();
        let mut ledger = before.clone();
        prop_assert_eq!(ledger.merge(&accs).unwrap_err().kind(), want);
        prop_assert_eq!(ledger, before);
    }

    /// Status and reasons do not depend on the order of lines, and the flags map onto their
    /// reasons: cancel_requested, misconduct, and a card past its expiry day.
    #[test]
    fn status_reasons_are_stable_under_line_order(
        (lines, shuffled) in lines().prop_flat_map(|l| (Just(l.clone()), Just(l).prop_shuffle())),
        as_of in date(),
        cancel_requested in any::<bool>(),
        misconduct in any::<bool>(),
        card_expires_on in proptest::option::of(date()),
    ) {
        let input = |lines: Vec<Line>| StatusInput { as_of, lines, cancel_requested, card_expires_on, misconduct };
        let once = status(&input(lines)).unwrap();
        prop_assert_eq!(&status(&input(shuffled)).unwrap(), &once);
        let has = |id: &str| once.reasons.iter().any(|r| r == id);
        prop_assert_eq!(has("STATUS.CANCEL.REQUEST"), cancel_requested);
        prop_assert_eq!(has("STATUS.CANCEL.MISCONDUCT"), misconduct);
        prop_assert_eq!(has("STATUS.CANCEL.EXPIRED"), card_expires_on.is_some_and(|e| as_of > e));
        let table = ["STATUS.CANCEL.NO_SERVICE", "STATUS.CANCEL.ARREARS", "STATUS.CANCEL.REQUEST", "STATUS.CANCEL.EXPIRED", "STATUS.CANCEL.MISCONDUCT", "STATUS.FREEZE"];
        let positions: Vec<usize> = once.reasons.iter().map(|r| table.iter().position(|t| t == r).unwrap()).collect();
        prop_assert!(positions.windows(2).all(|w| w[0] < w[1]), "{:?}", once.reasons);
    }
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

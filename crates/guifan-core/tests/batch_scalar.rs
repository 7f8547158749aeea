//! The column functions of `batch` against the scalar API row by row: for every input, extremes
//! included, a row's answer is the scalar answer, and a bad row carries the scalar error's kind
//! and field (or, for an instant chrono cannot even hold, `invalid_input` at the row's field).
//! Run in debug and release builds: overflow panics in one and wraps in the other.

use std::sync::LazyLock;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Utc};
use guifan_core::batch::{self, Arg, Instants, OnError, RowError, TierKey, TimeUnit, NAT};
use guifan_core::calendar::Calendar;
use guifan_core::deadline::{Area, Basis, Clock, CustomerClass, DeadlineInput, Incident};
use guifan_core::engine::Engine;
use guifan_core::pack::Pack;
use guifan_core::tier::{Customer, TierInput};
use guifan_core::Error;
use proptest::prelude::*;
use rust_decimal::Decimal;

const DAY_US: i64 = 86_400_000_000;
/// 0001-01-01T00:00+08:00 and 10000-01-01T00:00+08:00 in epoch µs: the first instant kept and
/// the first one past the end.
const FIRST: i64 = -62_135_596_800_000_000 - 8 * 3_600_000_000;
const END: i64 = 253_402_300_800_000_000 - 8 * 3_600_000_000;
/// 2003-01-01 and 2028-01-01 (Beijing): the built-in calendar's years, a year either side.
const Y2003: i64 = 1_041_350_400_000_000 - 8 * 3_600_000_000;
const Y2028: i64 = 1_830_297_600_000_000 - 8 * 3_600_000_000;

fn spec(rel: &str) -> String {
    std::fs::read_to_string(format!("{}/spec-tests/{rel}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// The built-in engine; with 2027 loaded; with a company layer (not contiguous: no fast path);
/// the sample pack alone (in force from 2025: earlier rows have no pack); and both packs (the
/// pack is picked per row).
static ENGINES: LazyLock<Vec<Engine>> = LazyLock::new(|| {
    let with = |rel: &str| {
        let mut calendar = Calendar::builtin();
        calendar.load_json(&spec(rel)).unwrap();
        Engine::builtin().with_calendar(calendar)
    };
    let sample = Pack::from_text(&spec("packs/sample-province.json")).unwrap();
    vec![
        Engine::builtin(),
        with("calendars/2027-sample.json"),
        with("calendars/company-layer-sample.json"),
        Engine::new(vec![sample.clone()], Calendar::builtin()).unwrap(),
        Engine::new(vec![Pack::builtin().clone(), sample], Calendar::builtin()).unwrap(),
    ]
});

/// Every deadline rule id of every pack, and ids no pack has.
static RULE_IDS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut ids: Vec<String> =
        ENGINES.iter().flat_map(|e| e.packs()).flat_map(|p| p.sla.iter().map(|r| r.id.to_string())).collect();
    ids.extend(["SLA.NOPE".into(), String::new(), "TIER.PERSONAL.EHOME".into()]);
    ids.sort();
    ids.dedup();
    ids
});

const CLOCKS: [Clock; 7] = [
    Clock::Immediate,
    Clock::ClockHours,
    Clock::CalendarDays,
    Clock::WorkingDays,
    Clock::WorkingMinutes,
    Clock::SameDayCutoff,
    Clock::DayEnd,
];

/// Epoch µs: the calendar's years, the edges of the years 1–9999, chrono's own extremes and
/// the whole `i64` range.
fn micros() -> impl Strategy<Value = i64> {
    let edges = vec![
        i64::MIN,
        i64::MIN + 1,
        DateTime::<Utc>::MIN_UTC.timestamp_micros(),
        DateTime::<Utc>::MIN_UTC.timestamp_micros() + 1,
        FIRST - 1,
        FIRST,
        0,
        -1,
        END - 1,
        END,
        DateTime::<Utc>::MAX_UTC.timestamp_micros() - 1,
        DateTime::<Utc>::MAX_UTC.timestamp_micros(),
        i64::MAX - 1,
        i64::MAX,
    ];
    prop_oneof![
        6 => Y2003..Y2028,
        2 => any::<i64>(),
        2 => prop::sample::select(edges),
        1 => FIRST - DAY_US..FIRST + 400 * DAY_US,
        1 => END - 400 * DAY_US..END + DAY_US,
    ]
}

/// Amounts: small ones, ones past what an `i64` of microseconds holds (1.1e8 days, 2.6e9
/// hours), and `u32::MAX`.
fn amount() -> impl Strategy<Value = u32> {
    prop_oneof![
        4 => 0u32..50,
        2 => 0u32..20_000,
        2 => any::<u32>(),
        1 => prop::sample::select(vec![0, 1, 106_751, 106_752, 2_562_047, 2_562_048, 110_000_000, u32::MAX - 1, u32::MAX]),
    ]
}

fn basis() -> impl Strategy<Value = Basis> {
    let area = prop_oneof![Just(Area::Urban), Just(Area::Rural)];
    prop_oneof![
        (prop::sample::select(RULE_IDS.clone()), area).prop_map(|(id, area)| Basis::rule(id, area)),
        // Built directly, so clocks without an amount (refused by `Basis::free`) come too.
        (prop::sample::select(CLOCKS.to_vec()), amount()).prop_map(|(clock, amount)| Basis::Free { clock, amount }),
    ]
}

fn offset() -> impl Strategy<Value = FixedOffset> {
    prop::sample::select(vec![8 * 3600, 0, -12 * 3600, 14 * 3600, 5 * 3600 + 45 * 60])
        .prop_map(|s| FixedOffset::east_opt(s).unwrap())
}

/// One argument given three ways: once for every row (the value of row 0), per row, or
/// dictionary-encoded (a distinct value each, a negative code for a null).
#[derive(Clone, Copy, Debug)]
enum Form {
    One,
    Each,
    Coded,
}

fn form() -> impl Strategy<Value = Form> {
    prop_oneof![Just(Form::One), Just(Form::Each), Just(Form::Coded)]
}

/// The argument's values per row after `form`: the `Arg` is built from these by [`with_arg`].
fn per_row<T: Clone>(form: Form, values: &[Option<T>], first: &T) -> Vec<Option<T>> {
    match form {
        Form::One => vec![Some(first.clone()); values.len()],
        Form::Each | Form::Coded => values.to_vec(),
    }
}

fn with_arg<T: Clone, R>(form: Form, values: &[Option<T>], first: &T, f: impl FnOnce(Arg<'_, T>) -> R) -> R {
    match form {
        Form::One => f(Arg::One(first)),
        Form::Each => f(Arg::Each(values)),
        Form::Coded => {
            let distinct: Vec<T> = values.iter().flatten().cloned().collect();
            let mut next = 0;
            let codes: Vec<i32> = values
                .iter()
                .map(|v| match v {
                    Some(_) => {
                        next += 1;
                        next - 1
                    }
                    None => -1,
                })
                .collect();
            f(Arg::Coded { values: &distinct, codes: &codes })
        }
    }
}

/// A bad row as the comparison sees it.
type Bad = (&'static str, Option<String>);
/// A column's answers: null, or a value or a bad row.
type Rows<T> = Vec<Option<Result<T, Bad>>>;

fn bad(e: &Error) -> Bad {
    (e.kind(), e.field().map(String::from))
}

/// An instant the scalar API can take (chrono holds it), or the refusal a row gets for it.
fn instant(field: &str, micros: i64, offset: FixedOffset) -> Result<DateTime<FixedOffset>, Bad> {
    DateTime::from_timestamp_micros(micros)
        .map(|t| t.with_timezone(&offset))
        .ok_or(("invalid_input", Some(field.to_string())))
}

/// The batch answers in both error modes against the scalar ones, row by row: with
/// `OnError::Null` each row is the scalar value (or null where the scalar errs), with
/// `OnError::Raise` the first scalar error comes back with its row.
fn agree<T: PartialEq + std::fmt::Debug + Clone>(
    scalar: &[Option<Result<T, Bad>>],
    run: impl Fn(OnError) -> Result<Vec<Option<T>>, RowError>,
) -> Result<(), TestCaseError> {
    let nulled: Vec<Option<T>> = scalar.iter().map(|s| s.clone().and_then(Result::ok)).collect();
    prop_assert_eq!(run(OnError::Null).map_err(|e| (e.row, bad(&e.error))), Ok(nulled.clone()));
    let first_bad = scalar.iter().enumerate().find_map(|(row, s)| match s {
        Some(Err(b)) => Some((row, b.clone())),
        _ => None,
    });
    let want = match first_bad {
        Some(row_bad) => Err(row_bad),
        None => Ok(nulled),
    };
    prop_assert_eq!(run(OnError::Raise).map_err(|e| (e.row, bad(&e.error))), want);
    Ok(())
}

/// A column of optional instants as the core reads one: values and a validity mask. A value of
/// `i64::MIN` is numpy's NaT, a null whatever the mask says.
fn masked(column: &[Option<i64>]) -> (Vec<i64>, Vec<bool>) {
    (column.iter().map(|v| v.unwrap_or(0)).collect(), column.iter().map(Option::is_some).collect())
}

fn instants<'a>(column: &'a (Vec<i64>, Vec<bool>)) -> Instants<'a> {
    Instants { values: &column.0, valid: Some(&column.1), unit: TimeUnit::Micros }
}

/// Deadlines and `met` against `Engine::deadline` (with `done`).
fn check_deadlines(
    engine: &Engine,
    form: Form,
    bases: &[Option<Basis>],
    starts: &[Option<i64>],
    done: &[Option<i64>],
    offset: FixedOffset,
) -> Result<(), TestCaseError> {
    let first = bases.iter().flatten().next().cloned().unwrap_or(Basis::Free { clock: Clock::ClockHours, amount: 1 });
    let rows = per_row(form, bases, &first);
    let scalar: Rows<(i64, Option<bool>)> = rows
        .iter()
        .zip(starts)
        .zip(done)
        .map(|((b, s), d)| {
            let (b, s) = (b.as_ref()?, s.filter(|&s| s != NAT)?);
            let done = d.filter(|&d| d != NAT).and_then(|d| instant("done", d, offset).ok());
            Some(instant("start", s, offset).and_then(|start| {
                let input =
                    DeadlineInput { start, basis: b.clone(), done, pauses: Vec::new(), region: Default::default() };
                let got = engine.deadline(&input).map_err(|e| bad(&e))?;
                assert_eq!(
                    got.due.expect("no pauses: a due").offset().local_minus_utc(),
                    8 * 3600,
                    "due instants are Beijing time"
                );
                Ok((got.due.expect("no pauses: a due").timestamp_micros(), got.met))
            }))
        })
        .collect();
    let due: Rows<i64> = scalar.iter().map(|r| r.clone().map(|r| r.map(|(due, _)| due))).collect();
    let (starts, done_col) = (masked(starts), masked(done));
    let run =
        |on_error| with_arg(form, bases, &first, |arg| batch::deadlines(engine, arg, instants(&starts), on_error));
    agree(&due, |on_error| run(on_error).map(|due| due.into_iter().map(|d| (d != NAT).then_some(d)).collect()))?;
    // `met` on the nulled column: done <= due wherever both are there and chrono holds done.
    let met = batch::met(&run(OnError::Null).unwrap(), instants(&done_col)).unwrap();
    for (row, (m, s)) in met.iter().zip(&scalar).enumerate() {
        if let (Some(Ok((_, scalar_met))), Some(d)) = (s, done[row].filter(|&d| d != NAT)) {
            if DateTime::from_timestamp_micros(d).is_some() {
                prop_assert_eq!(*m, *scalar_met, "row {}", row);
            }
        }
    }
    Ok(())
}

const INCIDENTS: [Incident; 2] = [Incident::Complaint, Incident::Fault];
const CLASSES: [CustomerClass; 3] = [CustomerClass::Ordinary, CustomerClass::Brand, CustomerClass::Vip];

/// `rules_for` against `Engine::rule_for` on the start's Beijing date.
fn check_rules_for(
    engine: &Engine,
    forms: (Form, Form),
    incidents: &[Option<Incident>],
    classes: &[Option<CustomerClass>],
    starts: &[Option<i64>],
) -> Result<(), TestCaseError> {
    let (fi, fc) = forms;
    let (i0, c0) = (
        incidents.iter().flatten().next().copied().unwrap_or(Incident::Fault),
        classes.iter().flatten().next().copied().unwrap_or(CustomerClass::Vip),
    );
    let (ri, rc) = (per_row(fi, incidents, &i0), per_row(fc, classes, &c0));
    let scalar: Rows<String> = ri
        .iter()
        .zip(&rc)
        .zip(starts)
        .map(|((i, c), s)| {
            let (i, c, s) = ((*i)?, (*c)?, s.filter(|&s| s != NAT)?);
            Some(instant("start", s, FixedOffset::east_opt(0).unwrap()).and_then(|t| {
                let wall = guifan_core::time::to_beijing("start", &t).map_err(|e| bad(&e))?;
                engine.rule_for(i, c, wall.date()).map(|r| r.id.to_string()).map_err(|e| bad(&e))
            }))
        })
        .collect();
    let starts = masked(starts);
    agree(&scalar, |on_error| {
        let (ids, codes) = with_arg(fi, incidents, &i0, |ia| {
            with_arg(fc, classes, &c0, |ca| batch::rules_for(engine, ia, ca, instants(&starts), on_error))
        })?;
        Ok(codes.iter().map(|&c| usize::try_from(c).ok().map(|c| ids[c].to_string())).collect())
    })
}

fn money() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        4 => (-100_000i64..1_000_000, 0u32..3).prop_map(|(m, s)| Decimal::new(m, s)),
        2 => (any::<i64>(), 0u32..=28).prop_map(|(m, s)| Decimal::new(m, s)),
        1 => prop::sample::select(vec![
            Decimal::MAX,
            Decimal::MIN,
            Decimal::ZERO,
            Decimal::new(-1, 2),
            Decimal::new(335_999, 2),
            Decimal::new(3360, 0),
            Decimal::new(300_000, 0),
        ]),
    ]
}

fn tier_key() -> impl Strategy<Value = TierKey> {
    prop::sample::select(vec!["e_home", "tianyi", "other", "family_plus", "enterprise", "wo_jia"])
        .prop_map(|k| k.parse().unwrap())
}

/// `tiers` against `Engine::tier` (the latest pack).
fn check_tiers(
    engine: &Engine,
    form: Form,
    keys: &[Option<TierKey>],
    amounts: &[Option<Decimal>],
) -> Result<(), TestCaseError> {
    let first = keys.iter().flatten().next().cloned().unwrap_or(TierKey::Enterprise);
    let scalar: Vec<Option<Result<_, Bad>>> = per_row(form, keys, &first)
        .iter()
        .zip(amounts)
        .map(|(k, a)| {
            let customer = match (k.as_ref()?, (*a)?) {
                (TierKey::Brand(brand), annual_spend) => Customer::Personal { brand: brand.clone(), annual_spend },
                (TierKey::Enterprise, annual_revenue) => Customer::Enterprise { annual_revenue },
            };
            Some(engine.tier(&TierInput::from(customer)).map(|t| t.tier).map_err(|e| bad(&e)))
        })
        .collect();
    // The batch names its columns: `kind_or_brand` for the brand, `amount` for spend or revenue.
    let column = |f: String| match f.as_str() {
        f if f.ends_with("brand") => "kind_or_brand".into(),
        f if f.contains("annual_") => "amount".into(),
        _ => f,
    };
    let scalar: Vec<_> = scalar.into_iter().map(|r| r.map(|r| r.map_err(|(kind, f)| (kind, f.map(column))))).collect();
    agree(&scalar, |on_error| with_arg(form, keys, &first, |arg| batch::tiers(engine, arg, amounts, on_error)))
}

/// Days since 1970-01-01: the calendar's years, the edges of the years 1–9999 and all of `i32`.
fn epoch_day() -> impl Strategy<Value = i32> {
    prop_oneof![
        6 => 12_000i32..21_200,
        2 => any::<i32>(),
        1 => prop::sample::select(vec![i32::MIN, -719_163, -719_162, -1, 0, 2_932_896, 2_932_897, i32::MAX]),
    ]
}

/// The date of a day number as the scalar API takes it, or the refusal a row gets for it.
fn date(field: &str, day: i32) -> Result<NaiveDate, Bad> {
    NaiveDate::from_num_days_from_ce_opt((i64::from(day) + 719_163).try_into().unwrap_or(i32::MAX))
        .filter(|d| (1..=9999).contains(&d.year()))
        .ok_or(("invalid_input", Some(field.to_string())))
}

fn to_day(d: NaiveDate) -> i32 {
    d.num_days_from_ce() - 719_163
}

fn working_days_shift() -> impl Strategy<Value = i64> {
    prop_oneof![
        4 => -400i64..400,
        2 => -10_000i64..10_000,
        1 => any::<i64>(),
        1 => prop::sample::select(vec![i64::MIN, i64::MIN + 1, -(1 << 32), i64::from(u32::MAX) + 1, i64::MAX]),
    ]
}

/// The calendar columns against `Calendar::is_working_day`, `count_working_days` and
/// `add_working_days`.
fn check_calendar(
    cal: &Calendar,
    from: &[Option<i32>],
    to: &[Option<i32>],
    n: &[Option<i64>],
) -> Result<(), TestCaseError> {
    let working: Rows<bool> = from
        .iter()
        .map(|d| Some(date("date", (*d)?).and_then(|d| cal.is_working_day(d).map_err(|e| bad(&e)))))
        .collect();
    agree(&working, |on_error| batch::is_working_day(cal, from, on_error))?;
    let counted: Rows<u32> = from
        .iter()
        .zip(to)
        .map(|(a, b)| {
            let (a, b) = ((*a)?, (*b)?);
            Some(date("start", a).and_then(|a| {
                let b = date("end", b)?;
                cal.count_working_days(a, b).map_err(|e| bad(&e))
            }))
        })
        .collect();
    agree(&counted, |on_error| batch::count_working_days(cal, from, to, on_error))?;
    let added: Rows<i32> = from
        .iter()
        .zip(n)
        .map(|(d, n)| {
            let (d, n) = ((*d)?, (*n)?);
            Some(date("date", d).and_then(|d| cal.add_working_days(d, n).map(to_day).map_err(|e| bad(&e))))
        })
        .collect();
    agree(&added, |on_error| batch::add_working_days(cal, from, Arg::Each(n), on_error))
}

fn column<T: std::fmt::Debug>(value: impl Strategy<Value = T>, rows: usize) -> impl Strategy<Value = Vec<Option<T>>> {
    proptest::collection::vec(proptest::option::weighted(0.9, value), rows)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn deadlines_are_the_scalar_deadlines(
        which in 0..ENGINES.len(),
        form in form(),
        (bases, starts, done) in (1usize..12).prop_flat_map(|n| (column(basis(), n), column(micros(), n), column(micros(), n))),
        offset in offset(),
    ) {
        check_deadlines(&ENGINES[which], form, &bases, &starts, &done, offset)?;
    }

    #[test]
    fn rules_for_is_the_scalar_rule_for(
        which in 0..ENGINES.len(),
        forms in (form(), form()),
        (incidents, classes, starts) in (1usize..12).prop_flat_map(|n| (
            column(prop::sample::select(INCIDENTS.to_vec()), n),
            column(prop::sample::select(CLASSES.to_vec()), n),
            column(micros(), n),
        )),
    ) {
        check_rules_for(&ENGINES[which], forms, &incidents, &classes, &starts)?;
    }

    #[test]
    fn tiers_are_the_scalar_tiers(
        which in 0..ENGINES.len(),
        form in form(),
        (keys, amounts) in (1usize..12).prop_flat_map(|n| (column(tier_key(), n), column(money(), n))),
    ) {
        check_tiers(&ENGINES[which], form, &keys, &amounts)?;
    }

    #[test]
    fn calendar_columns_are_the_scalar_calendar(
        which in 0..ENGINES.len(),
        (from, to, n) in (1usize..12).prop_flat_map(|n| (column(epoch_day(), n), column(epoch_day(), n), column(working_days_shift(), n))),
    ) {
        check_calendar(ENGINES[which].calendar(), &from, &to, &n)?;
    }
}

/// The named extremes, every one against every engine, basis and clock: the starts at the ends
/// of `i64` and of chrono, the first and last instants kept, amounts up to `u32::MAX`.
#[test]
fn every_extreme_against_every_rule_and_clock() {
    let starts = [
        i64::MIN,
        DateTime::<Utc>::MIN_UTC.timestamp_micros(),
        FIRST - 1,
        FIRST,
        Y2003 + 10 * DAY_US,
        1_759_197_600_000_000, // 2025-09-30T10:00+08:00
        END - 1,
        END,
        DateTime::<Utc>::MAX_UTC.timestamp_micros(),
        i64::MAX,
    ];
    let amounts = [0, 1, 3, 106_752, 2_562_048, 110_000_000, u32::MAX];
    let mut bases: Vec<Basis> = RULE_IDS
        .iter()
        .flat_map(|id| [Basis::rule(id.clone(), Area::Urban), Basis::rule(id.clone(), Area::Rural)])
        .collect();
    bases.extend(CLOCKS.iter().flat_map(|&clock| amounts.map(|amount| Basis::Free { clock, amount })));
    let utc = FixedOffset::east_opt(0).unwrap();
    let mut rows = 0;
    for engine in ENGINES.iter() {
        for b in &bases {
            let column: Vec<Option<i64>> = starts.iter().copied().map(Some).chain([None]).collect();
            let each: Vec<Option<Basis>> = vec![Some(b.clone()); column.len()];
            check_deadlines(engine, Form::One, &each, &column, &column, utc).unwrap();
            check_deadlines(engine, Form::Coded, &each, &column, &column, utc).unwrap();
            rows += column.len();
        }
    }
    assert!(rows > 4_000, "{rows}");
    // The rows of the issue: huge amounts on the calendar clocks are errors, not wrapped instants.
    let start = [1_759_197_600_000_000];
    for clock in [Clock::CalendarDays, Clock::ClockHours] {
        let e = batch::deadlines(
            &Engine::builtin(),
            Arg::One(&Basis::Free { clock, amount: u32::MAX }),
            Instants::micros(&start),
            OnError::Raise,
        )
        .unwrap_err();
        assert_eq!((e.row, e.error.kind(), e.error.field()), (0, "invalid_input", Some("start")), "{clock:?}");
    }
}

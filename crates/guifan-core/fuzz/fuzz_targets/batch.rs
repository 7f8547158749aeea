//! The column functions against the scalar API on arbitrary rows: each row of `batch::deadlines`
//! (and `met`) is `Engine::deadline`'s answer, each row of the calendar columns the `Calendar`
//! answer; a bad row is null with `OnError::Null` and, with `OnError::Raise`, the first bad row
//! comes back with the scalar error's kind and field. Never a panic, never a wrapped instant.
#![no_main]

use std::sync::LazyLock;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use guifan_core::batch::{self, Arg, Instants, OnError, RowError, TimeUnit, NAT};
use guifan_core::calendar::Calendar;
use guifan_core::deadline::{Area, Basis, Clock, DeadlineInput};
use guifan_core::engine::Engine;
use guifan_core::pack::Pack;
use guifan_core::Error;
use libfuzzer_sys::fuzz_target;

/// The built-in engine, with 2027 loaded, and with the sample pack in force from 2025 after the
/// built-in one (the pack is picked per row).
static ENGINES: LazyLock<[Engine; 3]> = LazyLock::new(|| {
    let mut calendar = Calendar::builtin();
    calendar.load_json(include_str!("../../../../spec-tests/calendars/2027-sample.json")).unwrap();
    let sample = Pack::from_text(include_str!("../../../../spec-tests/packs/sample-province.json")).unwrap();
    [
        Engine::builtin(),
        Engine::builtin().with_calendar(calendar),
        Engine::new(vec![Pack::builtin().clone(), sample], Calendar::builtin()).unwrap(),
    ]
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

#[derive(Debug, arbitrary::Arbitrary)]
struct Row {
    /// A rule of the pack (by index, past the end an unknown id) or a free clock.
    rule: Option<u8>,
    clock: u8,
    amount: u32,
    rural: bool,
    start: Option<i64>,
    done: Option<i64>,
    /// Instants and days as given, or folded into the calendar's years (2003–2027).
    raw: bool,
    day: Option<i32>,
    to: Option<i32>,
    shift: Option<i64>,
}

#[derive(Debug, arbitrary::Arbitrary)]
struct Case {
    engine: u8,
    /// How the basis column is given: once (row 0's), per row, or dictionary-encoded.
    form: u8,
    offset_secs: i32,
    rows: Vec<Row>,
}

type Bad = (&'static str, Option<String>);

fn bad(e: &Error) -> Bad {
    (e.kind(), e.field().map(String::from))
}

fn refused(field: &str) -> Bad {
    ("invalid_input", Some(field.to_string()))
}

/// Both error modes against the scalar answers, row by row.
fn agree<T: PartialEq + std::fmt::Debug + Clone>(
    scalar: &[Option<Result<T, Bad>>],
    run: impl Fn(OnError) -> Result<Vec<Option<T>>, RowError>,
) {
    let nulled: Vec<Option<T>> = scalar.iter().map(|s| s.clone().and_then(Result::ok)).collect();
    assert_eq!(run(OnError::Null).map_err(|e| (e.row, bad(&e.error))), Ok(nulled.clone()));
    let first_bad = scalar.iter().enumerate().find_map(|(row, s)| match s {
        Some(Err(b)) => Some((row, b.clone())),
        _ => None,
    });
    let want = first_bad.map_or(Ok(nulled), Err);
    assert_eq!(run(OnError::Raise).map_err(|e| (e.row, bad(&e.error))), want);
}

fn date(field: &str, day: i32) -> Result<NaiveDate, Bad> {
    NaiveDate::from_num_days_from_ce_opt((i64::from(day) + 719_163).try_into().unwrap_or(i32::MAX))
        .filter(|d| (1..=9999).contains(&d.year()))
        .ok_or_else(|| refused(field))
}

fuzz_target!(|c: Case| {
    let engine = &ENGINES[usize::from(c.engine) % 3];
    let Some(offset) = FixedOffset::east_opt(c.offset_secs % 86_400) else { return };
    let sla = &engine.latest().sla;
    let bases: Vec<Option<Basis>> = c
        .rows
        .iter()
        .map(|r| {
            let area = if r.rural { Area::Rural } else { Area::Urban };
            Some(match r.rule? as usize {
                i if i < sla.len() => Basis::rule(sla[i].id.clone(), area),
                i if i < 2 * sla.len() => Basis::rule(format!("SLA.NOPE{i}"), area),
                _ => Basis::Free { clock: CLOCKS[usize::from(r.clock) % CLOCKS.len()], amount: r.amount },
            })
        })
        .collect();
    const Y2003: i64 = 1_041_350_400_000_000 - 8 * 3_600_000_000;
    let fold = |r: &Row, t: Option<i64>| t.map(|t| if r.raw { t } else { Y2003 + t.rem_euclid(25 * 365 * 86_400_000_000) });
    let starts: Vec<Option<i64>> = c.rows.iter().map(|r| fold(r, r.start)).collect();
    let done: Vec<Option<i64>> = c.rows.iter().map(|r| fold(r, r.done)).collect();
    let first = bases.iter().flatten().next().cloned().unwrap_or(Basis::Free { clock: Clock::ClockHours, amount: 1 });
    let form = c.form % 3;
    let per_row: Vec<Option<Basis>> = match form {
        0 => vec![Some(first.clone()); bases.len()],
        _ => bases.clone(),
    };
    let distinct: Vec<Basis> = bases.iter().flatten().cloned().collect();
    let mut next = -1;
    let codes: Vec<i32> = bases.iter().map(|b| b.as_ref().map_or(-1, |_| { next += 1; next })).collect();
    let arg = match form {
        0 => Arg::One(&first),
        1 => Arg::Each(&bases),
        _ => Arg::Coded { values: &distinct, codes: &codes },
    };

    let instant = |field: &str, micros: i64| {
        DateTime::from_timestamp_micros(micros).map(|t| t.with_timezone(&offset)).ok_or_else(|| refused(field))
    };
    let scalar: Vec<Option<Result<(i64, Option<bool>), Bad>>> = per_row
        .iter()
        .zip(&starts)
        .zip(&done)
        .map(|((b, s), d)| {
            // i64::MIN is numpy's NaT: a null in an instant column.
            let (b, s) = (b.as_ref()?, s.filter(|&s| s != NAT)?);
            let done = d.filter(|&d| d != NAT).and_then(|d| instant("done", d).ok());
            Some(instant("start", s).and_then(|start| {
                let got = engine.deadline(&DeadlineInput { start, basis: b.clone(), done, pauses: Vec::new(), region: Default::default() }).map_err(|e| bad(&e))?;
                Ok((got.due.expect("no pauses: a due").timestamp_micros(), got.met))
            }))
        })
        .collect();
    let due: Vec<Option<Result<i64, Bad>>> = scalar.iter().map(|r| r.clone().map(|r| r.map(|(d, _)| d))).collect();
    let masked = |column: &[Option<i64>]| -> (Vec<i64>, Vec<bool>) {
        (column.iter().map(|v| v.unwrap_or(0)).collect(), column.iter().map(Option::is_some).collect())
    };
    let (start_col, done_col) = (masked(&starts), masked(&done));
    fn instants(c: &(Vec<i64>, Vec<bool>)) -> Instants<'_> {
        Instants { values: &c.0, valid: Some(&c.1), unit: TimeUnit::Micros }
    }
    let run = |on_error| batch::deadlines(engine, arg, instants(&start_col), on_error);
    agree(&due, |on_error| run(on_error).map(|due| due.into_iter().map(|d| (d != NAT).then_some(d)).collect()));
    for ((m, s), d) in batch::met(&run(OnError::Null).unwrap(), instants(&done_col)).unwrap().iter().zip(&scalar).zip(&done) {
        if let (Some(Ok((_, met))), Some(d)) = (s, d.filter(|&d| d != NAT)) {
            if DateTime::from_timestamp_micros(d).is_some() {
                assert_eq!(m, met);
            }
        }
    }

    let cal = engine.calendar();
    let fold_day = |r: &Row, d: Option<i32>| d.map(|d| if r.raw { d } else { 12_000 + d.rem_euclid(9_200) });
    let days: Vec<Option<i32>> = c.rows.iter().map(|r| fold_day(r, r.day)).collect();
    let to: Vec<Option<i32>> = c.rows.iter().map(|r| fold_day(r, r.to)).collect();
    let shift: Vec<Option<i64>> = c.rows.iter().map(|r| r.shift).collect();
    let working: Vec<_> = days
        .iter()
        .map(|d| Some(date("date", (*d)?).and_then(|d| cal.is_working_day(d).map_err(|e| bad(&e)))))
        .collect();
    agree(&working, |on_error| batch::is_working_day(cal, &days, on_error));
    let counted: Vec<_> = days
        .iter()
        .zip(&to)
        .map(|(a, b)| {
            let (a, b) = ((*a)?, (*b)?);
            Some(date("start", a).and_then(|a| cal.count_working_days(a, date("end", b)?).map_err(|e| bad(&e))))
        })
        .collect();
    agree(&counted, |on_error| batch::count_working_days(cal, &days, &to, on_error));
    let added: Vec<_> = days
        .iter()
        .zip(&shift)
        .map(|(d, n)| {
            let (d, n) = ((*d)?, (*n)?);
            Some(date("date", d).and_then(|d| {
                cal.add_working_days(d, n).map(|r| r.num_days_from_ce() - 719_163).map_err(|e| bad(&e))
            }))
        })
        .collect();
    agree(&added, |on_error| batch::add_working_days(cal, &days, Arg::Each(&shift), on_error));
});

//! `batch::tickets` against the scalar `Engine::ticket` ticket by ticket (SLA.TICKET,
//! INTERP.PAUSE): every target row carries the scalar target's due, state, met and time left,
//! every ticket the scalar ticket's state, and a bad ticket the scalar error's kind and field.

use std::sync::LazyLock;

use chrono::{DateTime, FixedOffset};
use guifan_core::batch::{self, Arg, Instants, OnError, PauseTable, TicketColumns, TicketRows, TimeUnit, NAT};
use guifan_core::calendar::Calendar;
use guifan_core::deadline::{Area, CustomerClass, Incident, Pause};
use guifan_core::engine::Engine;
use guifan_core::pack::{Pack, Region};
use guifan_core::ticket::{RemainingUnit, TargetState, Targets, TicketInput};
use proptest::prelude::*;

const HOUR: i64 = 3_600_000_000;
const DAY: i64 = 24 * HOUR;
/// 2024-12-20 and 2027-01-10 (Beijing): the built-in calendar's last years and an unknown one.
const FROM: i64 = 1_734_624_000_000_000;
const TO: i64 = 1_799_510_400_000_000;

fn spec(rel: &str) -> String {
    std::fs::read_to_string(format!("{}/spec-tests/{rel}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// The built-in engine, the sample pack alone (in force from 2025) and both (picked per row).
static ENGINES: LazyLock<Vec<Engine>> = LazyLock::new(|| {
    let sample = Pack::from_text(&spec("packs/sample-province.json")).unwrap();
    vec![
        Engine::builtin(),
        Engine::new(vec![sample.clone()], Calendar::builtin()).unwrap(),
        Engine::new(vec![Pack::builtin().clone(), sample], Calendar::builtin()).unwrap(),
    ]
});

/// Rules of every clock, and one no pack has.
const RULES: [&str; 11] = [
    "SLA.FAULT.CONTACT",
    "SLA.FAULT.ORDINARY",
    "SLA.DISPUTE.INITIAL",
    "SLA.COMPLAINT.ORDINARY",
    "SLA.COMPLAINT.VIP",
    "SLA.APPOINTMENT.CONFIRM",
    "SLA.REPAIR.SAMEDAY",
    "SLA.INSTALL.SAMEDAY",
    "SLA.ACCEPT.NOTIFY",
    "SAMPLE.BILLING.REFUND",
    "SLA.NOPE",
];

/// The done columns: most rules, and one no pack has.
const DONE: [&str; 8] = [
    "SLA.FAULT.CONTACT",
    "SLA.FAULT.ORDINARY",
    "SLA.DISPUTE.INITIAL",
    "SLA.COMPLAINT.ORDINARY",
    "SLA.COMPLAINT.VIP",
    "SLA.APPOINTMENT.CONFIRM",
    "SAMPLE.BILLING.REFUND",
    "SLA.NOPE",
];

#[derive(Clone, Debug)]
struct Row {
    start: Option<i64>,
    targets: Option<Targets>,
    area: Option<Area>,
    region: Option<Region>,
    done: Vec<Option<i64>>,
    pauses: Vec<(Option<i64>, Option<i64>)>,
    as_of: Option<i64>,
}

fn targets() -> impl Strategy<Value = Targets> {
    let incident = prop_oneof![Just(Incident::Fault), Just(Incident::Complaint)];
    let class = prop_oneof![Just(CustomerClass::Ordinary), Just(CustomerClass::Brand), Just(CustomerClass::Vip)];
    let rules = prop_oneof![
        9 => prop::collection::vec(prop::sample::select(RULES.to_vec()), 1..3),
        1 => Just(Vec::new()),
    ];
    prop_oneof![
        3 => (incident, class).prop_map(|(incident, class)| Targets::Policy { incident, class }),
        2 => rules.prop_map(|ids| Targets::Rules(ids.into_iter().map(Into::into).collect())),
    ]
}

/// An instant near `start`: a little before, mostly after, within a fortnight.
fn near() -> impl Strategy<Value = i64> {
    prop_oneof![
        1 => -2 * DAY..0i64,
        4 => 0..14 * DAY,
        // On the hour, where pauses and dues meet exactly.
        2 => (-4i64..200).prop_map(|h| h * HOUR),
    ]
}

fn row() -> impl Strategy<Value = Row> {
    let pause = (near(), prop_oneof![4 => (-HOUR..3 * DAY).prop_map(Some), 1 => Just(None)], 0..30u8);
    (
        (prop::option::weighted(0.95, FROM..TO), prop::option::weighted(0.95, targets())),
        prop::option::of(prop_oneof![Just(Area::Urban), Just(Area::Rural)]),
        prop::option::of(prop::sample::select(vec![Region::DEFAULT, Region::XINJIANG, Region("nowhere".into())])),
        prop::collection::vec((prop::option::weighted(0.5, near()), prop::bool::weighted(0.03)), DONE.len()),
        prop::collection::vec(pause, 0..4),
        prop::option::weighted(0.9, near()),
    )
        .prop_map(|((start, targets), area, region, done, pauses, as_of)| {
            let base = start.unwrap_or(FROM);
            // Mostly the targets' own done; now and then another rule's (the ticket's error).
            let ids: Vec<String> = match &targets {
                Some(Targets::Policy { incident, class }) => Pack::builtin()
                    .ticket_policy(*incident, *class)
                    .map(|p| p.targets.iter().map(|t| t.to_string()).collect())
                    .unwrap_or_default(),
                Some(Targets::Rules(ids)) => ids.iter().map(|t| t.to_string()).collect(),
                None => Vec::new(),
            };
            let done = DONE.iter().zip(done).map(|(k, (d, other))| d.filter(|_| other || ids.iter().any(|i| i == k)));
            Row {
                start,
                targets,
                area,
                region,
                done: done.map(|d| d.map(|d| base + d)).collect(),
                // A null `from` now and then; `to` from the pause's start (before it, at times).
                pauses: pauses
                    .into_iter()
                    .map(|(from, len, k)| ((k != 0).then_some(base + from), len.map(|l| base + from + l)))
                    .collect(),
                as_of: as_of.map(|a| base + a),
            }
        })
}

fn instant(micros: i64) -> DateTime<FixedOffset> {
    DateTime::from_timestamp_micros(micros).unwrap().with_timezone(&FixedOffset::east_opt(8 * 3600).unwrap())
}

/// The row as the scalar input; none for a null ticket (or a pause with no start, which the
/// scalar input cannot hold).
fn input(row: &Row) -> Option<TicketInput> {
    let pauses = row.pauses.iter().map(|(from, to)| Some(Pause { from: instant((*from)?), to: to.map(instant) }));
    Some(TicketInput {
        start: instant(row.start?),
        targets: row.targets.clone()?,
        area: row.area.unwrap_or_default(),
        done: DONE.iter().zip(&row.done).filter_map(|(k, d)| Some(((*k).into(), instant((*d)?)))).collect(),
        pauses: pauses.collect::<Option<Vec<Pause>>>()?,
        as_of: row.as_of.map(instant),
        region: row.region.clone().unwrap_or_default(),
    })
}

/// A column of optional epoch µs laid out as numpy and Arrow hold one: nulls as [`NAT`], or
/// (`masked`) as a validity mask over zeros.
struct Column {
    values: Vec<i64>,
    valid: Option<Vec<bool>>,
}

impl Column {
    fn new(rows: &[Option<i64>], masked: bool) -> Self {
        let values = rows.iter().map(|r| r.unwrap_or(if masked { 0 } else { NAT })).collect();
        Column { values, valid: masked.then(|| rows.iter().map(Option::is_some).collect()) }
    }

    fn instants(&self) -> Instants<'_> {
        Instants { values: &self.values, valid: self.valid.as_deref(), unit: TimeUnit::Micros }
    }
}

/// The rows as columns, targets per row or dictionary-encoded (and nulls masked), and the
/// core's answer.
fn run(engine: &Engine, rows: &[Row], coded: bool, on_error: OnError) -> Result<TicketRows, batch::RowError> {
    let start = Column::new(&rows.iter().map(|r| r.start).collect::<Vec<_>>(), coded);
    let each: Vec<Option<Targets>> = rows.iter().map(|r| r.targets.clone()).collect();
    let values: Vec<Targets> = each.iter().flatten().cloned().collect();
    let mut next = 0;
    let codes: Vec<i32> = each
        .iter()
        .map(|t| match t {
            Some(_) => {
                next += 1;
                next - 1
            }
            None => -1,
        })
        .collect();
    let targets = if coded { Arg::Coded { values: &values, codes: &codes } } else { Arg::Each(&each) };
    let area: Vec<Option<Area>> = rows.iter().map(|r| r.area).collect();
    let region: Vec<Option<Region>> = rows.iter().map(|r| r.region.clone()).collect();
    let done: Vec<Column> =
        (0..DONE.len()).map(|k| Column::new(&rows.iter().map(|r| r.done[k]).collect::<Vec<_>>(), coded)).collect();
    let done: Vec<(&str, Instants<'_>)> = DONE.iter().zip(&done).map(|(k, d)| (*k, d.instants())).collect();
    let mut offsets = vec![0];
    let (mut from, mut to) = (Vec::new(), Vec::new());
    for r in rows {
        for (f, t) in &r.pauses {
            from.push(*f);
            to.push(*t);
        }
        offsets.push(from.len() as i64);
    }
    let (from, to) = (Column::new(&from, coded), Column::new(&to, !coded));
    let as_of: Vec<Option<i64>> = rows.iter().map(|r| r.as_of).collect();
    let columns = TicketColumns {
        start: start.instants(),
        targets,
        area: Arg::Each(&area),
        region: Arg::Each(&region),
        done: &done,
        pauses: PauseTable { offsets: &offsets, from: from.instants(), to: to.instants() },
        as_of: Arg::Each(&as_of),
    };
    batch::tickets(engine, &columns, on_error)
}

fn check(engine: &Engine, rows: &[Row], coded: bool) -> Result<(), TestCaseError> {
    let out = run(engine, rows, coded, OnError::Null).unwrap();
    prop_assert_eq!(out.ticket_state.len(), rows.len());
    let mut first_error = None;
    for (i, row) in rows.iter().enumerate() {
        let at: Vec<usize> = (0..out.ticket.len()).filter(|&k| out.ticket[k] == i).collect();
        let null_pause = row.pauses.iter().any(|(f, _)| f.is_none());
        let scalar = input(row).map(|t| engine.ticket(&t));
        let alone = run(engine, std::slice::from_ref(row), coded, OnError::Raise);
        match scalar {
            Some(Ok(t)) => {
                prop_assert_eq!(at.len(), t.targets.len());
                for (k, target) in at.iter().zip(&t.targets) {
                    prop_assert_eq!(&out.rules[out.rule[*k] as usize], &target.rule);
                    prop_assert_eq!(out.due_at(*k), target.due.map(|d| d.timestamp_micros()));
                    prop_assert_eq!(out.state[*k], Some(target.state));
                    prop_assert_eq!(out.met[*k], target.met);
                    prop_assert_eq!(out.remaining_at(*k).map(|r| r.0), target.remaining);
                    prop_assert_eq!(out.remaining_unit[*k], target.remaining_unit);
                    prop_assert_eq!(
                        out.overdue()[*k],
                        Some(target.state == guifan_core::ticket::TargetState::Breached)
                    );
                }
                prop_assert_eq!(out.ticket_state[i], Some(t.state));
                prop_assert!(alone.is_ok());
            }
            other => {
                prop_assert_eq!(at.len(), 1);
                prop_assert_eq!((out.rule[at[0]], out.state[at[0]], out.ticket_state[i]), (-1, None, None));
                let alone = alone.err();
                match other {
                    Some(Err(e)) => {
                        let got = alone.as_ref().map(|a| (a.error.kind(), a.error.field().map(String::from)));
                        prop_assert_eq!(got, Some((e.kind(), e.field().map(String::from))), "{:?}", row);
                        first_error.get_or_insert((i, e.kind()));
                    }
                    // A null start or targets: a null ticket, no error.
                    _ if !null_pause => prop_assert!(alone.is_none()),
                    _ => {
                        // A pause with no start: the ticket's error (unless an earlier check fails).
                        if let Some(a) = &alone {
                            first_error.get_or_insert((i, a.error.kind()));
                        }
                    }
                }
            }
        }
    }
    let raised = run(engine, rows, coded, OnError::Raise).err().map(|e| (e.row, e.error.kind()));
    prop_assert_eq!(raised, first_error);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn tickets_are_the_scalar_tickets(
        which in 0..ENGINES.len(),
        coded in any::<bool>(),
        rows in prop::collection::vec(row(), 1..8),
    ) {
        check(&ENGINES[which], &rows, coded)?;
    }
}

/// One `as_of` and one targets value for every row; no pauses table at all.
#[test]
fn values_for_every_row_and_no_pauses() {
    let engine = Engine::builtin();
    let start = 1_740_963_600_000_000; // 2025-03-03T09:00+08:00
    let fault = Targets::Policy { incident: Incident::Fault, class: CustomerClass::Brand };
    let starts = [start, NAT, start + DAY];
    let columns = TicketColumns {
        start: Instants::micros(&starts),
        targets: Arg::One(&fault),
        area: Arg::One(&Area::Rural),
        region: Arg::One(&Region::DEFAULT),
        done: &[],
        pauses: PauseTable::default(),
        as_of: Arg::One(&(start + 5 * HOUR)),
    };
    let out = batch::tickets(&engine, &columns, OnError::Raise).unwrap();
    assert_eq!(out.ticket, [0, 0, 1, 2, 2]);
    let names: Vec<Option<&str>> =
        out.rule.iter().map(|&c| usize::try_from(c).ok().map(|c| out.rules[c].as_ref())).collect();
    assert_eq!(
        names,
        [Some("SLA.FAULT.CONTACT"), Some("SLA.FAULT.BRAND"), None, Some("SLA.FAULT.CONTACT"), Some("SLA.FAULT.BRAND")]
    );
    // Rural brand fault: 24 hours; the call (4 hours) is late at 14:00.
    assert_eq!(out.due_at(1), Some(start + 24 * HOUR));
    assert_eq!((out.due[2], out.due_at(2), out.remaining_at(2)), (NAT, None, None));
    assert_eq!(out.overdue(), [Some(true), Some(false), None, Some(false), Some(false)]);
    use guifan_core::ticket::TargetState::*;
    assert_eq!(out.ticket_state, [Some(Breached), None, Some(Running)]);
}

/// Whole-table mistakes name the table; a pause ending before it starts names `pauses[j].to`
/// of its ticket, `j` counted within the ticket.
#[test]
fn bad_tables_and_bad_pauses() {
    let engine = Engine::builtin();
    let start = 1_740_963_600_000_000;
    let rule = Targets::Rules(vec!["SLA.FAULT.CONTACT".into()]);
    let starts = [start, start];
    let columns = |offsets: &'static [i64], from: &'static [i64], to: &'static [i64]| TicketColumns {
        start: Instants::default(),
        targets: Arg::One(&rule),
        area: Arg::One(&Area::Urban),
        region: Arg::One(&Region::DEFAULT),
        done: &[],
        pauses: PauseTable { offsets, from: Instants::micros(from), to: Instants::micros(to) },
        as_of: Arg::One(&start),
    };
    let run = |offsets, from, to| {
        let mut c = columns(offsets, from, to);
        c.start = Instants::micros(&starts);
        batch::tickets(&engine, &c, OnError::Raise)
    };
    let e = run(&[0, 1], &[0], &[NAT]).unwrap_err();
    assert_eq!((e.error.kind(), e.error.field()), ("invalid_input", Some("pauses")));
    // One list of pauses per ticket, as every column is one value per row.
    assert_eq!(e.error.value().as_deref(), Some("1 values"));
    assert!(e.error.to_string().contains("expected 2, one per row"), "{}", e.error);
    assert_eq!(run(&[0, 0, 0, 1], &[0], &[NAT]).unwrap_err().error.value().as_deref(), Some("3 values"));
    let e = run(&[0, 2, 1], &[0, 0], &[NAT, NAT]).unwrap_err();
    assert_eq!((e.row, e.error.field()), (2, Some("pauses")));
    let e = run(&[0, -1, 0], &[], &[]).unwrap_err();
    assert_eq!((e.row, e.error.field()), (1, Some("pauses")));
    const FROM: [i64; 3] = [1_740_963_600_000_000, 1_740_963_600_000_000 + HOUR, 1_740_963_600_000_000];
    let e = run(&[0, 1, 3], &FROM, &[NAT, 1_740_963_600_000_000, NAT]).unwrap_err();
    assert_eq!((e.row, e.error.kind(), e.error.field()), (1, "invalid_input", Some("pauses[0].to")));
}

/// Instants at the ends of `i64` in every column are errors naming the column, never panics;
/// `i64::MIN` is numpy's NaT, a null.
#[test]
fn extreme_instants_are_errors() {
    let engine = Engine::builtin();
    let start = 1_740_963_600_000_000;
    let rule = Targets::Rules(vec!["SLA.FAULT.CONTACT".into()]);
    fn columns<'a>(
        rule: &'a Targets,
        starts: &'a [i64],
        done: &'a [(&'a str, Instants<'a>)],
        as_of: &'a i64,
        from: &'a [i64],
    ) -> TicketColumns<'a> {
        TicketColumns {
            start: Instants::micros(starts),
            targets: Arg::One(rule),
            area: Arg::One(&Area::Urban),
            region: Arg::One(&Region::DEFAULT),
            done,
            pauses: PauseTable { offsets: &[0, 1], from: Instants::micros(from), to: Instants::micros(&[NAT]) },
            as_of: Arg::One(as_of),
        }
    }
    for bad in [i64::MIN + 1, i64::MAX, -62_135_596_800_000_000 - 8 * HOUR - 1] {
        let cases = [
            ("start", [bad], start, start, start),
            ("done[\"SLA.FAULT.CONTACT\"]", [start], bad, start, start),
            ("as_of", [start], start + HOUR, bad, start),
            ("pauses[0].from", [start], start + HOUR, start, bad),
        ];
        for (field, starts, done, as_of, from) in cases {
            let (done, from) = ([done], [from]);
            let done = [("SLA.FAULT.CONTACT", Instants::micros(&done))];
            let e =
                batch::tickets(&engine, &columns(&rule, &starts, &done, &as_of, &from), OnError::Raise).unwrap_err();
            assert_eq!((e.error.kind(), e.error.field()), ("invalid_input", Some(field)), "{bad}");
        }
    }
    let (nat, at) = ([NAT], [start]);
    let not_done = [("SLA.FAULT.CONTACT", Instants::micros(&nat))];
    let null = batch::tickets(&engine, &columns(&rule, &nat, &not_done, &start, &at), OnError::Raise).unwrap();
    assert_eq!((null.rule.as_slice(), null.ticket_state.as_slice()), (&[-1][..], &[None][..]));
    let open = batch::tickets(&engine, &columns(&rule, &at, &not_done, &start, &at), OnError::Raise).unwrap();
    assert_eq!(open.state, [Some(guifan_core::ticket::TargetState::Paused)]);
    let e = batch::tickets(&engine, &columns(&rule, &at, &not_done, &start, &nat), OnError::Raise).unwrap_err();
    assert_eq!(e.error.field(), Some("pauses[0].from"));
}

/// Nanosecond columns (pandas' `datetime64[ns]`) read as the microseconds numpy casts them to
/// (rounded down, before 1970 too), and a validity mask nulls a row whatever its value.
#[test]
fn nanoseconds_and_masks() {
    let engine = Engine::builtin();
    let rule = Targets::Rules(vec!["SLA.FAULT.CONTACT".into()]);
    let start = 1_740_963_600_000_000;
    let micros = [start, -1, start + 1];
    let nanos = [start * 1000 + 999, -1, (start + 1) * 1000];
    let valid = [true, false, true];
    let report = |start: Instants<'_>| {
        let columns = TicketColumns {
            start,
            targets: Arg::One(&rule),
            area: Arg::One(&Area::Urban),
            region: Arg::One(&Region::DEFAULT),
            done: &[],
            pauses: PauseTable::default(),
            as_of: Arg::One(&(1_740_963_600_000_000 + HOUR)),
        };
        batch::tickets(&engine, &columns, OnError::Raise)
    };
    let masked = |values, unit| report(Instants { values, valid: Some(&valid), unit }).unwrap();
    assert_eq!(masked(&nanos, TimeUnit::Nanos), masked(&micros, TimeUnit::Micros));
    assert_eq!(masked(&micros, TimeUnit::Micros).rule, [0, -1, 0]);
    let before_1970 = Instants { values: &[-1, -1000, -1001], valid: None, unit: TimeUnit::Nanos };
    assert_eq!([0, 1, 2].map(|i| before_1970.get(i)), [Some(-1), Some(-1), Some(-2)]);
    let e = Instants::new("start", &[start], Some(&[]), TimeUnit::Micros).unwrap_err();
    assert_eq!((e.field(), e.to_string().contains("0 values")), (Some("start"), true));
    let e = report(Instants { values: &[start], valid: Some(&[]), unit: TimeUnit::Micros }).unwrap_err();
    assert_eq!((e.error.field(), e.error.to_string().contains("0 values")), (Some("start"), true));
}

/// A batch large enough to be split across threads gives the rows that parts small enough for
/// one thread give, joined in order, and the same first bad row.
#[test]
fn a_split_batch_is_the_batch_in_parts() {
    let engine = Engine::builtin();
    let n = 140_000;
    let kinds: Vec<Targets> = [Incident::Fault, Incident::Complaint]
        .into_iter()
        .flat_map(|incident| {
            [CustomerClass::Ordinary, CustomerClass::Brand, CustomerClass::Vip]
                .map(|class| Targets::Policy { incident, class })
        })
        .collect();
    let start: Vec<i64> = (0..n as i64).map(|i| FROM + i * 379_000_000).collect();
    let codes: Vec<i32> = (0..n).map(|i| (i % 6) as i32).collect();
    let called: Vec<i64> = (0..n).map(|i| if i % 6 == 0 { start[i] + HOUR } else { NAT }).collect();
    let (mut offsets, mut from, mut to) = (vec![0i64], Vec::new(), Vec::new());
    for (i, &s) in start.iter().enumerate() {
        for k in 0..(i % 4) as i64 {
            from.push(s + (k + 1) * 5 * HOUR);
            to.push(if k == 2 && i % 5 == 0 { NAT } else { s + (k + 1) * 5 * HOUR + 2 * HOUR });
        }
        offsets.push(from.len() as i64);
    }
    // Tickets `rows` alone: their pauses, offsets from 0.
    let report = |rows: std::ops::Range<usize>, to: &[i64], on_error| {
        let (a, z) = (offsets[rows.start] as usize, offsets[rows.end] as usize);
        let offsets: Vec<i64> = offsets[rows.start..=rows.end].iter().map(|o| o - a as i64).collect();
        let columns = TicketColumns {
            start: Instants::micros(&start[rows.clone()]),
            targets: Arg::Coded { values: &kinds, codes: &codes[rows.clone()] },
            area: Arg::One(&Area::Urban),
            region: Arg::One(&Region::DEFAULT),
            done: &[("SLA.FAULT.CONTACT", Instants::micros(&called[rows.clone()]))],
            pauses: PauseTable {
                offsets: &offsets,
                from: Instants::micros(&from[a..z]),
                to: Instants::micros(&to[a..z]),
            },
            as_of: Arg::One(&(FROM + 400 * DAY)),
        };
        batch::tickets(&engine, &columns, on_error)
    };
    let whole = |to: &[i64], on_error| report(0..n, to, on_error);
    // Each row with its rule's id, and the tickets' states: the parts' rows joined in order.
    type Row<'a> = (usize, Option<&'a str>, i64, Option<TargetState>, Option<bool>, Option<(i64, RemainingUnit)>);
    fn rows(out: &TicketRows, first: usize) -> Vec<Row<'_>> {
        (0..out.ticket.len())
            .map(|k| {
                let rule = usize::try_from(out.rule[k]).ok().map(|c| out.rules[c].as_ref());
                (out.ticket[k] + first, rule, out.due[k], out.state[k], out.met[k], out.remaining_at(k))
            })
            .collect()
    }
    let same_as_parts = |to: &[i64]| {
        let all = whole(to, OnError::Null).unwrap();
        let parts: Vec<(usize, TicketRows)> = (0..n)
            .step_by(10_000)
            .map(|first| (first, report(first..(first + 10_000).min(n), to, OnError::Null).unwrap()))
            .collect();
        let joined: Vec<Row<'_>> = parts.iter().flat_map(|(first, part)| rows(part, *first)).collect();
        assert!(rows(&all, 0) == joined, "the split batch's rows differ from its parts'");
        let states: Vec<Option<TargetState>> = parts.iter().flat_map(|(_, p)| p.ticket_state.clone()).collect();
        assert!(all.ticket_state == states);
        assert_eq!(all.ticket.len(), joined.len());
    };
    same_as_parts(&to);
    assert_eq!(whole(&to, OnError::Raise).err(), None);
    // A pause ending before it starts in each half: the first is the batch's error.
    let mut bad = to.clone();
    for ticket in [105_003, 35_003] {
        let pause = offsets[ticket + 1] as usize - 1; // its third pause
        bad[pause] = from[pause] - 1;
        let e = whole(&bad, OnError::Raise).unwrap_err();
        assert_eq!((e.row, e.error.field()), (ticket, Some("pauses[2].to")));
    }
    same_as_parts(&bad);
}

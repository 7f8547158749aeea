//! The Rust runner of the benchmark manifest (`bench/manifest.json`): the core's calendar,
//! tier, `evaluate` and batch paths on the manifest's LCG data. `scripts/bench` reads criterion's
//! estimates and writes BENCHMARKS.md; each case first checks its answers against a plain
//! day-by-day walk, so a fast wrong answer cannot be timed.

use std::hint::black_box;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Weekday};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use guifan_core::batch::{self, Arg, Instants, OnError, PauseTable, TicketColumns, TicketRows, NAT};
use guifan_core::calendar::{Calendar, DayKind};
use guifan_core::deadline::{Area, Basis, DeadlineInput};
use guifan_core::deadline::{CustomerClass, Incident};
use guifan_core::engine::Engine;
use guifan_core::pack::Region;
use guifan_core::pause::Pause;
use guifan_core::ticket::{Targets, TicketInput};
use guifan_core::tier::{Brand, Customer, TierInput};
use rust_decimal::Decimal;
use serde_json::Value;

/// Items per timed iteration of the scalar cases.
const ITEMS: usize = 1024;

fn manifest() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../bench/manifest.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("bench/manifest.json")).expect("manifest JSON")
}

fn case<'a>(m: &'a Value, id: &str) -> &'a Value {
    m["cases"].as_array().unwrap().iter().find(|c| c["id"] == id).unwrap_or_else(|| panic!("case {id}"))
}

/// The manifest's generator: x = 1664525 x + 1013904223 mod 2^32.
struct Lcg(u32);

impl Lcg {
    fn new(m: &Value) -> Self {
        Lcg(m["data"]["seed"].as_u64().unwrap() as u32)
    }

    fn next(&mut self) -> u32 {
        self.0 = self.0.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        self.0
    }

    fn date(&mut self) -> NaiveDate {
        NaiveDate::from_ymd_opt(2004, 1, 1).unwrap() + Duration::days(i64::from(self.next() % 8036))
    }

    fn instant(&mut self) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2024, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap()
            + Duration::seconds(i64::from(self.next() % 78_840_000))
    }

    fn amount(&mut self) -> Decimal {
        Decimal::new(i64::from(self.next() % 500_000), 2)
    }
}

/// The reference: a working day by weekday, rest days and make-up days, one day at a time.
fn walk_is_working(cal: &Calendar, d: NaiveDate) -> bool {
    match cal.day(d).unwrap().kind {
        DayKind::Holiday => false,
        DayKind::MakeupWorkday => true,
        _ => !matches!(d.weekday(), Weekday::Sat | Weekday::Sun),
    }
}

fn walk_add(cal: &Calendar, mut d: NaiveDate, mut n: i64) -> NaiveDate {
    while n > 0 {
        d = d.succ_opt().unwrap();
        n -= i64::from(walk_is_working(cal, d));
    }
    d
}

fn calendar(c: &mut Criterion) {
    let m = manifest();
    let cal = Calendar::builtin();
    let mut lcg = Lcg::new(&m);
    let dates: Vec<NaiveDate> = (0..ITEMS).map(|_| lcg.date()).collect();
    let first_day = NaiveDate::from_ymd_opt(2004, 1, 1).unwrap();
    for d in &dates {
        assert_eq!(cal.is_working_day(*d).unwrap(), walk_is_working(&cal, *d), "{d}");
    }
    let mut g = c.benchmark_group("calendar");
    g.throughput(Throughput::Elements(ITEMS as u64));
    g.bench_function("is_working_day", |b| {
        b.iter(|| dates.iter().filter(|d| cal.is_working_day(black_box(**d)).unwrap_or(false)).count())
    });
    for n in case(&m, "add_working_days")["n"].as_array().unwrap() {
        let n = n.as_i64().unwrap();
        // Early enough that n working days stay inside the known years (5000 ≈ 20 years).
        let room = (8036 - n * 7 / 5).max(1) as u32;
        let early: Vec<NaiveDate> =
            dates.iter().map(|d| first_day + Duration::days(i64::from(d.num_days_from_ce() as u32 % room))).collect();
        for d in early.iter().take(16) {
            assert_eq!(cal.add_working_days(*d, n).unwrap(), walk_add(&cal, *d, n), "{d} + {n}");
        }
        g.throughput(Throughput::Elements(early.len() as u64));
        g.bench_function(format!("add_working_days/{n}"), |b| {
            b.iter(|| early.iter().filter_map(|d| cal.add_working_days(black_box(*d), black_box(n)).ok()).count())
        });
    }
    for span in case(&m, "count_working_days")["span_days"].as_array().unwrap() {
        let span = span.as_i64().unwrap();
        let pairs: Vec<(NaiveDate, NaiveDate)> = dates
            .iter()
            .map(|d| (*d - Duration::days(span.min(i64::from(d.ordinal0()) + 365 * i64::from(d.year() - 2004))), *d))
            .collect();
        for (a, b) in pairs.iter().take(16) {
            let walked = (0..=(*b - *a).num_days()).filter(|i| walk_is_working(&cal, *a + Duration::days(*i))).count();
            assert_eq!(cal.count_working_days(*a, *b).unwrap() as usize, walked);
        }
        g.throughput(Throughput::Elements(pairs.len() as u64));
        g.bench_function(format!("count_working_days/{span}"), |b| {
            b.iter(|| {
                pairs
                    .iter()
                    .map(|(a, z)| cal.count_working_days(black_box(*a), black_box(*z)).unwrap_or(0))
                    .sum::<u32>()
            })
        });
    }
    g.finish();
}

fn tier_and_evaluate(c: &mut Criterion) {
    let m = manifest();
    let engine = Engine::builtin();
    let mut lcg = Lcg::new(&m);
    let inputs: Vec<TierInput> =
        (0..ITEMS).map(|_| Customer::Personal { brand: Brand::E_HOME, annual_spend: lcg.amount() }.into()).collect();
    for i in &inputs {
        let Customer::Personal { annual_spend: e, .. } = i.customer else { unreachable!() };
        let want = [(3360, "diamond"), (2160, "gold"), (1080, "silver"), (0, "none")]
            .iter()
            .find(|(bound, _)| e >= Decimal::from(*bound))
            .map(|(_, t)| *t)
            .unwrap();
        assert_eq!(engine.tier(i).unwrap().tier.as_str(), want, "{e}");
    }
    let mut g = c.benchmark_group("tier");
    g.throughput(Throughput::Elements(ITEMS as u64));
    g.bench_function("tier", |b| b.iter(|| inputs.iter().filter(|i| engine.tier(black_box(i)).is_ok()).count()));
    g.finish();

    // The request as the manifest writes it, `op` first (a `Value` writes its keys sorted).
    let request = &case(&m, "evaluate_deadline")["request"];
    let request = format!(r#"{{"op":{},"input":{}}}"#, request["op"], request["input"]);
    let answer: Value = serde_json::from_str(&engine.evaluate_str(&request)).unwrap();
    assert_eq!(answer["due"], "2025-10-12T00:00:00+08:00");
    let mut g = c.benchmark_group("evaluate");
    g.bench_function("evaluate_deadline", |b| b.iter(|| engine.evaluate_str(black_box(&request))));
    // The typed call, plain and traced: what keeping every answer's explanation would cost.
    let input: DeadlineInput =
        serde_json::from_value(case(&m, "evaluate_deadline")["request"]["input"].clone()).unwrap();
    assert_eq!(engine.explain_deadline(&input).unwrap().result, engine.deadline(&input).unwrap());
    g.bench_function("deadline", |b| b.iter(|| engine.deadline(black_box(&input))));
    g.bench_function("explain_deadline", |b| b.iter(|| engine.explain_deadline(black_box(&input))));
    g.finish();
}

fn batch_paths(c: &mut Criterion) {
    let m = manifest();
    let engine = Engine::builtin();
    let cal = engine.calendar();
    let spec = case(&m, "batch_deadlines");
    let rows = spec["rows"].as_u64().unwrap() as usize;
    let mut lcg = Lcg::new(&m);
    let walls: Vec<NaiveDateTime> = (0..rows).map(|_| lcg.instant()).collect();
    let starts: Vec<i64> = walls.iter().map(|w| batch::beijing_to_micros("start", *w).unwrap()).collect();
    let basis = Basis::rule(spec["rule"].as_str().unwrap().to_string(), Area::Urban);
    let due = batch::deadlines(&engine, Arg::One(&basis), Instants::micros(&starts), OnError::Raise).unwrap();
    for (w, d) in walls.iter().zip(&due).step_by(997) {
        let last = walk_add(cal, w.date(), 3);
        let want = batch::beijing_to_micros("due", last.succ_opt().unwrap().and_hms_opt(0, 0, 0).unwrap()).unwrap();
        assert_eq!(*d, want, "{w}");
    }
    let mut g = c.benchmark_group("batch");
    g.sample_size(10);
    g.throughput(Throughput::Elements(rows as u64));
    g.bench_function("batch_deadlines", |b| {
        b.iter(|| {
            batch::deadlines(&engine, Arg::One(&basis), Instants::micros(black_box(&starts)), OnError::Raise).unwrap()
        })
    });
    let amounts: Vec<Option<Decimal>> = (0..rows).map(|_| Some(lcg.amount())).collect();
    let key = "e_home".parse().unwrap();
    g.bench_function("batch_tiers", |b| {
        b.iter(|| batch::tiers(&engine, Arg::One(&key), black_box(&amounts), OnError::Raise).unwrap())
    });
    g.finish();
}

/// The tickets and pauses of `batch_sla_tickets`, drawn as the manifest says (and as
/// `bench/python/data.py` draws them): starts in epoch µs, a policy per ticket, the first
/// target's done column, and the pauses table; nulls as `NAT`, as pandas holds them.
struct SlaTickets {
    start: Vec<i64>,
    targets: Vec<Targets>,
    codes: Vec<i32>,
    called: Vec<i64>,
    investigated: Vec<i64>,
    offsets: Vec<i64>,
    from: Vec<i64>,
    to: Vec<i64>,
}

fn sla_tickets(m: &Value, rows: usize) -> SlaTickets {
    let mut lcg = Lcg::new(m);
    let xs: Vec<u32> = (0..rows).map(|_| lcg.next()).collect();
    let first = batch::beijing_to_micros("start", NaiveDate::from_ymd_opt(2024, 1, 1).unwrap().into()).unwrap();
    let second = 1_000_000;
    let classes = [CustomerClass::Ordinary, CustomerClass::Brand, CustomerClass::Vip];
    let targets: Vec<Targets> = [Incident::Fault, Incident::Complaint]
        .into_iter()
        .flat_map(|incident| classes.map(|class| Targets::Policy { incident, class }))
        .collect();
    let (mut t, mut offsets, mut open) = (SlaTickets::default_with(rows), vec![0], Vec::new());
    for &x in &xs {
        let start = first + i64::from(x % 78_840_000) * second;
        let fault = (x >> 8) % 2 == 0;
        let class = (x >> 9) % 3;
        t.start.push(start);
        t.codes.push(if fault { 0 } else { 3 } + class as i32);
        let done = ((x >> 16) % 2 == 0).then_some(start + i64::from(x % 28_800) * second);
        t.called.push(done.filter(|_| fault && class != 2).unwrap_or(NAT));
        t.investigated.push(done.filter(|_| !fault).unwrap_or(NAT));
        let count = i64::from((x >> 12) % 4);
        offsets.push(offsets.last().unwrap() + count);
        open.push(count > 0 && (x >> 14) % 10 == 0);
    }
    let total = *offsets.last().unwrap() as usize;
    let ys: Vec<u32> = (0..total).map(|_| lcg.next()).collect();
    let zs: Vec<u32> = (0..total).map(|_| lcg.next()).collect();
    for (row, w) in offsets.windows(2).enumerate() {
        for p in w[0] as usize..w[1] as usize {
            let from = t.start[row] + i64::from(ys[p] % 172_800) * second;
            t.from.push(from);
            let open = open[row] && p + 1 == w[1] as usize;
            t.to.push(if open { NAT } else { from + i64::from(zs[p] % 14_400) * second });
        }
    }
    t.targets = targets;
    t.offsets = offsets;
    t
}

impl SlaTickets {
    fn default_with(rows: usize) -> Self {
        SlaTickets {
            start: Vec::with_capacity(rows),
            targets: Vec::new(),
            codes: Vec::with_capacity(rows),
            called: Vec::with_capacity(rows),
            investigated: Vec::with_capacity(rows),
            offsets: Vec::new(),
            from: Vec::new(),
            to: Vec::new(),
        }
    }

    fn report(&self, engine: &Engine, as_of: i64) -> TicketRows {
        let done = [
            ("SLA.FAULT.CONTACT", Instants::micros(&self.called)),
            ("SLA.DISPUTE.INITIAL", Instants::micros(&self.investigated)),
        ];
        let columns = TicketColumns {
            start: Instants::micros(&self.start),
            targets: Arg::Coded { values: &self.targets, codes: &self.codes },
            area: Arg::One(&Area::Urban),
            region: Arg::One(&Region::DEFAULT),
            done: &done,
            pauses: PauseTable {
                offsets: &self.offsets,
                from: Instants::micros(&self.from),
                to: Instants::micros(&self.to),
            },
            as_of: Arg::One(&as_of),
        };
        batch::tickets(engine, &columns, OnError::Raise).unwrap()
    }
}

/// 1,000,000 tickets with pauses, a sample checked ticket by ticket against [`Engine::ticket`].
fn batch_tickets(c: &mut Criterion) {
    let m = manifest();
    let engine = Engine::builtin();
    let spec = case(&m, "batch_sla_tickets");
    let rows = spec["rows"].as_u64().unwrap() as usize;
    let as_of_text = spec["as_of"].as_str().unwrap();
    let as_of = chrono::DateTime::parse_from_rfc3339(as_of_text).unwrap();
    let t = sla_tickets(&m, rows);
    let got = t.report(&engine, as_of.timestamp_micros());
    let at = |us: i64| chrono::DateTime::from_timestamp_micros(us).unwrap().fixed_offset();
    let mut row = 0;
    for i in (0..rows).step_by(499) {
        while got.ticket[row] < i {
            row += 1;
        }
        let Targets::Policy { incident, class } = t.targets[t.codes[i] as usize] else { unreachable!() };
        let mut done = Vec::new();
        for (key, column) in [("SLA.FAULT.CONTACT", &t.called), ("SLA.DISPUTE.INITIAL", &t.investigated)] {
            if column[i] != NAT {
                done.push((key.into(), at(column[i])));
            }
        }
        let pauses = (t.offsets[i] as usize..t.offsets[i + 1] as usize)
            .map(|p| Pause { from: at(t.from[p]), to: (t.to[p] != NAT).then(|| at(t.to[p])) })
            .collect();
        let input = TicketInput {
            start: at(t.start[i]),
            targets: Targets::Policy { incident, class },
            area: Area::Urban,
            done,
            pauses,
            as_of: Some(as_of),
            region: Region::DEFAULT,
        };
        for target in engine.ticket(&input).unwrap().targets {
            assert_eq!(got.ticket[row], i);
            assert_eq!(got.rules[got.rule[row] as usize], target.rule, "ticket {i}");
            assert_eq!(got.due_at(row), target.due.map(|d| d.timestamp_micros()), "ticket {i} {}", target.rule);
            assert_eq!(got.state[row], Some(target.state), "ticket {i} {}", target.rule);
            assert_eq!(got.remaining_at(row).map(|r| r.0), target.remaining, "ticket {i} {}", target.rule);
            row += 1;
        }
    }
    let mut g = c.benchmark_group("batch");
    g.sample_size(10);
    g.throughput(Throughput::Elements(rows as u64));
    g.bench_function("batch_sla_tickets", |b| b.iter(|| t.report(&engine, black_box(as_of.timestamp_micros()))));
    g.finish();
}

criterion_group!(benches, calendar, tier_and_evaluate, batch_paths, batch_tickets);
criterion_main!(benches);

//! Many tickets at once (SLA.TICKET, INTERP.PAUSE): each ticket row measured against its
//! targets exactly as [`Engine::ticket`] measures one, with its pauses given as one table.
//!
//! The answer is one row per (ticket, target), plus each ticket's state. The policy every
//! surface shares: a target is met, breached, running or paused at `as_of` as in
//! [`TargetState`]; a target (or ticket) is *overdue* at `as_of` when its state is breached
//! ([`TicketRows::overdue`]) — done late, or not done and past its due.

use alloc::string::String;
use alloc::vec::Vec;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::{micros_to_beijing, outside_years, Arg, Instants, OnError, Resolved, RowError, NAT};
use super::{BEIJING_US, DAY_US, END, FIRST};
use crate::calendar::Calendar;
use crate::deadline::with_hours;
use crate::engine::Engine;
use crate::pack::{Area, OfficeHours, Period, Region, SlaRule, Text};
use crate::pause::{self, Span};
use crate::ticket::{check_done, measure, require_as_of, target_rules, ticket_state, Measured, RemainingUnit};
use crate::ticket::{TargetState, Targets};
use crate::Error;

/// The pauses of every ticket as one table (compressed rows): ticket `i`'s pauses are entries
/// `offsets[i]..offsets[i + 1]` of `from` and `to` (Arrow's list layout), `to` null while the
/// pause is open. Within a ticket they are numbered from 0, as `pauses[j]` of the ticket's input.
#[derive(Clone, Copy, Debug, Default)]
pub struct PauseTable<'a> {
    /// One more than there are tickets, from 0, non-decreasing; empty when no ticket has pauses.
    pub offsets: &'a [i64],
    /// When each pause starts (a null is an error of its ticket).
    pub from: Instants<'a>,
    /// When each pause ends; null while it is open.
    pub to: Instants<'a>,
}

impl PauseTable<'_> {
    fn check(&self, rows: usize) -> Result<(), RowError> {
        if self.offsets.is_empty() && self.from.is_empty() && self.to.is_empty() {
            return Ok(());
        }
        let bad = |row: usize, value: String, why: &str| RowError::new(row, Error::invalid("pauses", value, why));
        // A list per ticket: the offsets bound one more lists than there are tickets.
        if self.offsets.len() != rows + 1 {
            return Err(super::wrong_length("pauses", self.offsets.len().saturating_sub(1), rows));
        }
        if self.from.len() != self.to.len() {
            return Err(bad(0, alloc::format!("{} to", self.to.len()), "as many `to` as `from`"));
        }
        self.from.check_len("pauses.from", self.from.len())?;
        self.to.check_len("pauses.to", self.to.len())?;
        let mut last = 0;
        for (row, &o) in self.offsets.iter().enumerate() {
            if o < last || o > self.from.len() as i64 || (row == 0 && o != 0) {
                return Err(bad(
                    row.min(rows),
                    alloc::format!("offset {o}"),
                    "offsets from 0, non-decreasing, inside the table",
                ));
            }
            last = o;
        }
        Ok(())
    }

    fn of(&self, row: usize) -> core::ops::Range<usize> {
        match self.offsets.get(row..row + 2) {
            // Checked: from 0, non-decreasing, inside the table.
            Some(&[a, b]) => a as usize..b as usize,
            _ => 0..0,
        }
    }
}

/// Tickets as columns: one row per ticket.
#[derive(Clone, Copy, Debug)]
pub struct TicketColumns<'a> {
    /// When every target's clock starts; a null gives a null ticket.
    pub start: Instants<'a>,
    /// Each ticket's targets: a rule (or rules), or an incident and customer class whose
    /// policy in the pack in force names them; a null gives a null ticket.
    pub targets: Arg<'a, Targets>,
    /// Urban or rural; a null is the default (urban).
    pub area: Arg<'a, Area>,
    /// Where the work is; a null is the default region.
    pub region: Arg<'a, Region>,
    /// When each target was done, by rule id: one column per rule (null: not done). A rule
    /// that is not a target of a ticket whose entry is not null is that ticket's error.
    pub done: &'a [(&'a str, Instants<'a>)],
    /// The pauses of every ticket.
    pub pauses: PauseTable<'a>,
    /// The instant the states are for (epoch µs); a null where a target is not done is that
    /// ticket's error.
    pub as_of: Arg<'a, i64>,
}

/// One row per (ticket, target), in ticket order and each ticket's target order; a null or
/// bad ticket (with [`OnError::Null`]) has one row, its rule and values null.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct TicketRows {
    /// The ticket (its 0-based row) of each row.
    pub ticket: Vec<usize>,
    /// The distinct rule ids that [`TicketRows::rule`] codes index.
    pub rules: Vec<Text>,
    /// The target's rule: an index into [`TicketRows::rules`], -1 for a null row.
    pub rule: Vec<i32>,
    /// The due instant (epoch µs); [`NAT`] while an open pause leaves it unknown, and for a
    /// null row ([`TicketRows::due_at`] reads it as an `Option`).
    pub due: Vec<i64>,
    /// Where the target stands at `as_of`.
    pub state: Vec<Option<TargetState>>,
    /// Whether `done <= due`, for a target done with its due known.
    pub met: Vec<Option<bool>>,
    /// Time left at `as_of`, for a target not done whose due is known and not passed; 0 where
    /// there is none (`remaining_unit` is null: [`TicketRows::remaining_at`] reads both).
    pub remaining: Vec<i64>,
    /// The unit of `remaining`; null where there is no time left to tell.
    pub remaining_unit: Vec<Option<RemainingUnit>>,
    /// Each ticket's state (one per ticket, not per row).
    pub ticket_state: Vec<Option<TargetState>>,
}

impl TicketRows {
    /// Row `row`'s due instant (epoch µs), `None` while unknown or for a null row.
    pub fn due_at(&self, row: usize) -> Option<i64> {
        self.due.get(row).copied().filter(|&d| d != NAT)
    }

    /// Row `row`'s time left at `as_of` and its unit, `None` where there is none.
    pub fn remaining_at(&self, row: usize) -> Option<(i64, RemainingUnit)> {
        Some((*self.remaining.get(row)?, (*self.remaining_unit.get(row)?)?))
    }

    /// Whether each row's target is overdue at `as_of`: its state is breached.
    pub fn overdue(&self) -> Vec<Option<bool>> {
        self.state.iter().map(|s| s.map(|s| s == TargetState::Breached)).collect()
    }

    fn reserve(&mut self, rows: usize, tickets: usize) {
        self.ticket.reserve(rows);
        self.rule.reserve(rows);
        self.due.reserve(rows);
        self.state.reserve(rows);
        self.met.reserve(rows);
        self.remaining.reserve(rows);
        self.remaining_unit.reserve(rows);
        self.ticket_state.reserve(tickets);
    }

    fn push(&mut self, ticket: usize, code: i32, answer: &Answer) {
        self.ticket.push(ticket);
        self.rule.push(code);
        self.due.push(answer.due.unwrap_or(NAT));
        self.state.push(Some(answer.state));
        self.met.push(answer.met);
        self.remaining.push(answer.left.map_or(0, |l| l.0));
        self.remaining_unit.push(answer.left.map(|l| l.1));
    }

    #[cfg(feature = "std")]
    fn append(&mut self, mut other: TicketRows) {
        self.ticket.append(&mut other.ticket);
        self.rule.append(&mut other.rule);
        self.due.append(&mut other.due);
        self.state.append(&mut other.state);
        self.met.append(&mut other.met);
        self.remaining.append(&mut other.remaining);
        self.remaining_unit.append(&mut other.remaining_unit);
        self.ticket_state.append(&mut other.ticket_state);
    }

    fn truncate(&mut self, rows: usize) {
        self.ticket.truncate(rows);
        self.rule.truncate(rows);
        self.due.truncate(rows);
        self.state.truncate(rows);
        self.met.truncate(rows);
        self.remaining.truncate(rows);
        self.remaining_unit.truncate(rows);
    }

    fn push_null(&mut self, ticket: usize) {
        self.ticket.push(ticket);
        self.rule.push(-1);
        self.due.push(NAT);
        self.state.push(None);
        self.met.push(None);
        self.remaining.push(0);
        self.remaining_unit.push(None);
    }
}

/// An epoch-µs instant checked to lie in the years 1–9999 (Beijing time), the field named only
/// on an error.
fn in_years(micros: i64, field: impl FnOnce() -> String) -> Result<i64, Error> {
    match (FIRST..END).contains(&micros) {
        true => Ok(micros),
        false => Err(outside_years(&field(), micros)),
    }
}

/// The Beijing wall time of an epoch-µs instant (what [`micros_to_beijing`] gives, in day and
/// second arithmetic), the field named only on an error.
fn wall(micros: i64, field: impl FnOnce() -> String) -> Result<NaiveDateTime, Error> {
    if !(FIRST..END).contains(&micros) {
        return Err(outside_years(&field(), micros));
    }
    let local = micros + BEIJING_US;
    let (day, in_day) = (local.div_euclid(DAY_US), local.rem_euclid(DAY_US));
    let date = NaiveDate::from_num_days_from_ce_opt((day + 719_163) as i32);
    let time =
        NaiveTime::from_num_seconds_from_midnight_opt((in_day / 1_000_000) as u32, (in_day % 1_000_000) as u32 * 1000);
    match (date, time) {
        (Some(d), Some(t)) => Ok(d.and_time(t)),
        _ => micros_to_beijing(&field(), micros),
    }
}

/// A ticket's targets in one pack: the rules, each one's code in [`TicketRows::rules`] and the
/// index of its done column.
struct Targeted<'p> {
    rules: Vec<&'p SlaRule>,
    codes: Vec<i32>,
    done: Vec<Option<usize>>,
}

type Plan<'p> = Result<Targeted<'p>, Error>;

/// A pause in epoch µs: from, and to (none while open).
type MicroSpan = pause::Stretch<i64>;

/// A target measured, as the columns hold it.
struct Answer {
    due: Option<i64>,
    state: TargetState,
    met: Option<bool>,
    left: Option<(i64, RemainingUnit)>,
}

impl From<Measured> for Answer {
    fn from(m: Measured) -> Self {
        Answer { due: m.due_at.map(|d| d.timestamp_micros()), state: m.state, met: m.met, left: m.left }
    }
}

const SECOND: i64 = 1_000_000;

/// Whole seconds of a span of µs, truncated as chrono's `num_seconds` truncates.
fn seconds(micros: i64) -> i64 {
    micros / SECOND
}

/// The Beijing day number (days since 1970-01-01) of an epoch-µs instant.
fn day_of(micros: i64) -> i64 {
    (micros + BEIJING_US).div_euclid(DAY_US)
}

/// The clock of a target the µs path measures: its due (none while an open pause leaves it
/// unknown) and how its time left is counted.
enum Clocked {
    /// Due at the start, whatever the pauses (not pausable).
    Immediate,
    /// Running seconds: clock hours.
    Seconds,
    /// Countable days (working or calendar) from the day after the start.
    Days { working: bool },
}

/// A target as [`measure`] measures it, in integer µs and day numbers, for the clocks tickets
/// mostly use: immediate, clock hours, working and calendar days. `None` (another clock, an
/// amount of 0, a day outside the known years, a due near the end of the years kept) sends the
/// target down the scalar path, which owns every error; the property tests hold the two equal.
fn fast(
    calendar: &Calendar,
    period: &Period,
    start: i64,
    spans: &[MicroSpan],
    done: Option<i64>,
    as_of: Option<i64>,
    buffers: &mut (Vec<MicroSpan>, Vec<(i64, Option<i64>)>),
) -> Option<Answer> {
    let (cut, days) = buffers;
    let (clocked, amount) = match *period {
        Period::Immediate => (Clocked::Immediate, 1),
        Period::ClockHours(h) => (Clocked::Seconds, h),
        Period::WorkingDays(n) => (Clocked::Days { working: true }, n),
        Period::CalendarDays(n) => (Clocked::Days { working: false }, n),
        _ => return None,
    };
    if amount == 0 {
        return None;
    }
    pause::cut(spans.iter().copied(), start, done, cut);
    let due = match clocked {
        Clocked::Immediate => Some(start),
        Clocked::Seconds => {
            // Running time from the start: each pause before the due moves it (pause::clock_time).
            let (mut t, mut left) = (start, i64::from(amount) * 3600);
            let reach = |t: i64, left: i64| t.checked_add(left.checked_mul(SECOND)?).filter(|&r| r < END);
            let mut due = None;
            'run: {
                for &(from, to) in cut.iter() {
                    if from >= reach(t, left)? {
                        break;
                    }
                    left -= seconds(from - t);
                    match to {
                        Some(to) => t = to,
                        None => break 'run,
                    }
                }
                due = Some(reach(t, left)?);
            }
            due
        }
        Clocked::Days { working } => {
            let first = |from: i64| Some(day_of(from) + i64::from((from + BEIJING_US).rem_euclid(DAY_US) != 0));
            pause::whole_days(cut, first, day_of, days);
            match pause::nth_day(calendar, day_of(start), amount, working, days).ok()? {
                Some(last) => Some(Some((last + 1).checked_mul(DAY_US)? - BEIJING_US).filter(|&d| d < END)?),
                None => None,
            }
        }
    };
    let answer = |state, met, left| Some(Answer { due, state, met, left });
    let Some(due) = due else {
        return answer(TargetState::Paused, None, None);
    };
    if let Some(done) = done {
        let met = done <= due;
        return answer(if met { TargetState::Met } else { TargetState::Breached }, Some(met), None);
    }
    let now = as_of.unwrap_or(start);
    if now > due {
        return answer(TargetState::Breached, None, None);
    }
    let paused = cut.iter().any(|&(from, to)| from <= now && to.is_none_or(|to| now < to));
    let state = if paused { TargetState::Paused } else { TargetState::Running };
    let from = now.max(start);
    let left = match clocked {
        Clocked::Immediate => (seconds(due - from).max(0), RemainingUnit::Seconds),
        // Running seconds in [from, due) outside the pauses (pause::clock_between).
        Clocked::Seconds => {
            let paused: i64 =
                cut.iter().map(|&(a, b)| seconds(b.map_or(due, |b| b.min(due)) - a.max(from)).max(0)).sum();
            (seconds(due - from) - paused, RemainingUnit::Seconds)
        }
        // The days still to count: from the day after the start (or `as_of`'s) to the last.
        Clocked::Days { working } => {
            let (first, last) = (day_of(start) + 1, day_of(due) - 1);
            let from = first.max(day_of(now));
            let n = if from > last { 0 } else { pause::days_between(calendar, from, last, working, days).ok()? };
            (i64::from(n), RemainingUnit::Days)
        }
    };
    answer(state, None, Some(left))
}

/// A plan with each rule's code (collecting the distinct rules in `seen`) and its done column.
fn coded<'p>(
    seen: &mut Vec<&'p SlaRule>,
    done: &[(&str, Instants<'_>)],
    plan: Result<Vec<&'p SlaRule>, Error>,
) -> Plan<'p> {
    let rules = plan?;
    let codes = rules
        .iter()
        .map(|&rule| match seen.iter().position(|r| core::ptr::eq(*r, rule)) {
            Some(c) => c as i32,
            None => {
                seen.push(rule);
                seen.len() as i32 - 1
            }
        })
        .collect();
    let done = rules.iter().map(|r| done.iter().position(|(key, _)| *key == r.id)).collect();
    Ok(Targeted { rules, codes, done })
}

/// Measures tickets given as columns, each row as [`Engine::ticket`] measures one ticket
/// (same values, same errors), under the pack in force on its start's Beijing date. With the
/// `std` feature a batch of more than 65,536 tickets per core is measured on every core.
///
/// ```
/// use guifan_core::batch::{tickets, Arg, Instants, OnError, PauseTable, TicketColumns};
/// use guifan_core::deadline::{Area, CustomerClass, Incident};
/// use guifan_core::ticket::{RemainingUnit, TargetState, Targets};
/// use guifan_core::{engine::Engine, pack::Region};
/// let start = 1_740_963_600_000_000; // 2025-03-03T09:00:00+08:00, a fault of an ordinary customer
/// let fault = Targets::Policy { incident: Incident::Fault, class: CustomerClass::Ordinary };
/// let hour = 3_600_000_000;
/// let rows = tickets(
///     &Engine::builtin(),
///     &TicketColumns {
///         start: Instants::micros(&[start]),
///         targets: Arg::One(&fault),
///         area: Arg::One(&Area::Urban),
///         region: Arg::One(&Region::DEFAULT),
///         // Called back at 10:00.
///         done: &[("SLA.FAULT.CONTACT", Instants::micros(&[start + hour]))],
///         // The customer is away 12:00–18:00: the visit moves by 6 hours.
///         pauses: PauseTable {
///             offsets: &[0, 1],
///             from: Instants::micros(&[start + 3 * hour]),
///             to: Instants::micros(&[start + 9 * hour]),
///         },
///         as_of: Arg::One(&(start + 24 * hour)),
///     },
///     OnError::Raise,
/// )
/// .unwrap();
/// assert_eq!(rows.state, [Some(TargetState::Met), Some(TargetState::Running)]);
/// assert_eq!(rows.due_at(1), Some(start + 30 * hour));
/// assert_eq!(rows.remaining_at(1), Some((6 * 3600, RemainingUnit::Seconds)));
/// assert_eq!(rows.ticket_state, [Some(TargetState::Running)]);
/// ```
pub fn tickets(engine: &Engine, columns: &TicketColumns<'_>, on_error: OnError) -> Result<TicketRows, RowError> {
    let TicketColumns { start, targets, area, region, done, pauses, as_of } = *columns;
    let rows = start.len();
    start.check_len("start", rows)?;
    targets.check_len("targets", rows)?;
    targets.check_codes("targets")?;
    area.check_len("area", rows)?;
    area.check_codes("area")?;
    region.check_len("region", rows)?;
    region.check_codes("region")?;
    as_of.check_len("as_of", rows)?;
    as_of.check_codes("as_of")?;
    for (key, column) in done {
        column.check_len(&crate::json::child("done", key), rows)?;
    }
    pauses.check(rows)?;
    let packs = engine.packs();
    // Each distinct targets resolved in every pack once; rows only index.
    let mut seen: Vec<&SlaRule> = Vec::new();
    let plans = targets
        .resolve(|t| packs.iter().map(|p| target_rules(p, t)).collect::<Vec<_>>())
        .map(|per_pack| per_pack.into_iter().map(|plan| coded(&mut seen, done, plan)).collect::<Vec<Plan<'_>>>());
    // Each distinct region's office hours in every pack once (a null row: the default region).
    let hours = region.resolve(|r| packs.iter().map(|p| p.office_hours_in(r)).collect::<Vec<_>>());
    let default_hours: Vec<_> = packs.iter().map(|p| p.office_hours_in(&Region::DEFAULT)).collect();
    let always = packs.len() == 1 && packs[0].info.effective_from.is_none();
    let context =
        Context { engine, columns, plans: &plans, hours: &hours, default_hours: &default_hours, always, on_error };
    // As many rows as the most targets a ticket can have (pages untouched cost nothing).
    let most = plans.values().flatten().filter_map(|p| p.as_ref().ok()).map(|p| p.rules.len()).max();
    let mut out = context.split(rows, most.unwrap_or(1).max(1))?;
    out.rules = seen.iter().map(|r| r.id.clone()).collect();
    Ok(out)
}

/// Tickets per thread below which one thread measures them all: starting a thread costs about
/// as much as measuring a few hundred tickets, and each part's rows are copied once more.
#[cfg(feature = "std")]
const ROWS_PER_THREAD: usize = 1 << 16;

/// What every row of [`tickets`] reads: the columns, and the plans and office hours resolved
/// once for their distinct values.
struct Context<'c, 'p> {
    engine: &'p Engine,
    columns: &'c TicketColumns<'c>,
    plans: &'c Resolved<Vec<Plan<'p>>>,
    hours: &'c Resolved<Vec<Result<OfficeHours, Error>>>,
    default_hours: &'c Vec<Result<OfficeHours, Error>>,
    always: bool,
    on_error: OnError,
}

impl Context<'_, '_> {
    /// The rows of the first `rows` tickets (each column's length, checked), as [`tickets`]
    /// measures each; `most` targets a ticket at most.
    /// The rows of the first `rows` tickets, as [`Context::rows`] gives them; with `std`, a
    /// large batch is split across the machine's cores, each part measured by one thread and
    /// the parts joined in ticket order (the same rows, and the same first bad row, as one
    /// thread gives).
    fn split(&self, rows: usize, most: usize) -> Result<TicketRows, RowError> {
        #[cfg(feature = "std")]
        {
            let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(rows / ROWS_PER_THREAD);
            if threads > 1 {
                return self.parallel(rows, most, threads);
            }
        }
        self.rows(0..rows, most, rows)
    }

    #[cfg(feature = "std")]
    fn parallel(&self, rows: usize, most: usize, threads: usize) -> Result<TicketRows, RowError> {
        let bounds: Vec<usize> = (0..=threads).map(|i| rows * i / threads).collect();
        std::thread::scope(|scope| {
            let rest: Vec<_> =
                bounds[1..].windows(2).map(|w| scope.spawn(move || self.rows(w[0]..w[1], most, w[1] - w[0]))).collect();
            // The first part here, with room for every row: the others are appended in place.
            let mut out = self.rows(0..bounds[1], most, rows)?;
            for part in rest {
                out.append(part.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))?);
            }
            Ok(out)
        })
    }

    /// The rows of tickets `range` (each column's length checked), as [`tickets`] measures
    /// each; `most` targets a ticket at most, room reserved for `room` tickets.
    fn rows(&self, range: core::ops::Range<usize>, most: usize, room: usize) -> Result<TicketRows, RowError> {
        let Context { engine, columns, plans, hours, default_hours, always, on_error } = *self;
        let TicketColumns { start, targets, area, region, done, pauses, as_of } = *columns;
        let mut out = TicketRows::default();
        out.reserve(room * most, room);
        let mut spans: Vec<Span> = Vec::new();
        // A ticket's pauses in epoch µs; a target's pauses cut and merged, and its whole days paused.
        let mut micro_spans: Vec<MicroSpan> = Vec::new();
        let mut buffers = (Vec::new(), Vec::new());
        for row in range {
            // The ticket's rows start here; an error takes back what its targets pushed.
            let mark = out.ticket.len();
            let ticket = (|| {
                let (Some(per_pack), Some(s)) = (targets.get(plans, row), start.get(row)) else {
                    return Ok(None);
                };
                // The scalar order of checks; wall times only when a target takes the scalar path.
                in_years(s, || "start".into())?;
                let pack = match always {
                    true => 0,
                    false => engine.pack_index("start", wall(s, || "start".into())?.date())?,
                };
                let Targeted { rules, codes, done: done_column } = per_pack[pack].as_ref().map_err(Clone::clone)?;
                let given = |j: usize| done[j].1.get(row).is_some();
                if (0..done.len()).any(|j| given(j) && !done_column.contains(&Some(j))) {
                    check_done(rules, (0..done.len()).filter(|&j| given(j)).map(|j| done[j].0))?;
                }
                let done_of = |k: usize| done_column[k].and_then(|j| done[j].1.get(row));
                let as_of_at = match as_of.value(row) {
                    Some(&at) => Some(in_years(at, || "as_of".into())?),
                    None => {
                        require_as_of(rules, |id| rules.iter().position(|r| r.id == id).and_then(done_of).is_some())?;
                        None
                    }
                };
                micro_spans.clear();
                for (j, p) in pauses.of(row).enumerate() {
                    let field = |end: &str| alloc::format!("pauses[{j}].{end}");
                    let Some(from) = pauses.from.get(p) else {
                        return Err(Error::invalid(field("from"), "null", "required: when the clock stops"));
                    };
                    in_years(from, || field("from"))?;
                    let to = pauses.to.get(p).map(|to| in_years(to, || field("to"))).transpose()?;
                    if let Some(to) = to.filter(|&to| to < from) {
                        pause::span(j, wall(from, || field("from"))?, Some(wall(to, || field("to"))?))?;
                    }
                    micro_spans.push((from, to));
                }
                let hours = region.get(hours, row).unwrap_or(default_hours)[pack].as_ref();
                let area = area.value(row).copied().unwrap_or_default();
                // Wall times of the start, `as_of` and the pauses, made for the first scalar target.
                let mut walls: Option<(NaiveDateTime, Option<NaiveDateTime>)> = None;
                for (k, (&rule, &code)) in rules.iter().zip(codes).enumerate() {
                    // As `in_region`: an unknown region is an error of every target.
                    let period = with_hours(rule.period(area), *hours.map_err(Clone::clone)?);
                    let done_at =
                        done_of(k).map(|d| in_years(d, || crate::json::child("done", &rule.id))).transpose()?;
                    let answer =
                        match fast(engine.calendar(), &period, s, &micro_spans, done_at, as_of_at, &mut buffers) {
                            Some(answer) => answer,
                            None => {
                                let (start, as_of) = match walls {
                                    Some(w) => w,
                                    None => {
                                        spans.clear();
                                        for &(from, to) in micro_spans.iter() {
                                            let to = to.map(|to| wall(to, String::new)).transpose()?;
                                            spans.push(Span { from: wall(from, String::new)?, to });
                                        }
                                        let w = (
                                            wall(s, String::new)?,
                                            as_of_at.map(|a| wall(a, String::new)).transpose()?,
                                        );
                                        *walls.insert(w)
                                    }
                                };
                                let done = done_at.map(|d| wall(d, String::new)).transpose()?;
                                let trace = &mut crate::explain::Trace::off();
                                Answer::from(measure(engine.calendar(), &period, start, &spans, done, as_of, trace)?)
                            }
                        };
                    out.push(row, code, &answer);
                }
                Ok(Some(()))
            })();
            match ticket {
                Ok(Some(())) => {
                    out.ticket_state.push(Some(ticket_state(out.state[mark..].iter().flatten().copied())));
                }
                Ok(None) => {
                    out.push_null(row);
                    out.ticket_state.push(None);
                }
                Err(_) if on_error == OnError::Null => {
                    out.truncate(mark);
                    out.push_null(row);
                    out.ticket_state.push(None);
                }
                Err(error) => return Err(RowError::new(row, error)),
            }
        }
        Ok(out)
    }
}

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

use super::{micros_to_beijing, outside_years, Arg, OnError, RowError, BEIJING_US, DAY_US, END, FIRST};
use crate::deadline::with_hours;
use crate::engine::Engine;
use crate::pack::{Area, Period, Region, SlaRule, Text};
use crate::pause::{self, Span};
use crate::ticket::{check_done, measure, require_as_of, target_rules, ticket_state, Measured, RemainingUnit};
use crate::ticket::{TargetState, Targets};
use crate::Error;

/// The pauses of every ticket as one table (compressed rows): ticket `i`'s pauses are entries
/// `offsets[i]..offsets[i + 1]` of `from` and `to`, epoch µs, `to` null while the pause is open.
/// Within a ticket they are numbered from 0, as `pauses[j]` of the ticket's input.
#[derive(Clone, Copy, Debug, Default)]
pub struct PauseTable<'a> {
    /// One more than there are tickets, non-decreasing; empty when no ticket has pauses.
    pub offsets: &'a [usize],
    /// When each pause starts (a null is an error of its ticket).
    pub from: &'a [Option<i64>],
    /// When each pause ends; null while it is open.
    pub to: &'a [Option<i64>],
}

impl PauseTable<'_> {
    fn check(&self, rows: usize) -> Result<(), RowError> {
        if self.offsets.is_empty() && self.from.is_empty() && self.to.is_empty() {
            return Ok(());
        }
        let bad = |row: usize, value: String, why: &str| RowError::new(row, Error::invalid("pauses", value, why));
        if self.offsets.len() != rows + 1 {
            let n = self.offsets.len();
            return Err(bad(n.saturating_sub(1).min(rows), alloc::format!("{n} offsets"), "one more than the tickets"));
        }
        if self.from.len() != self.to.len() {
            return Err(bad(0, alloc::format!("{} to", self.to.len()), "as many `to` as `from`"));
        }
        let mut last = 0;
        for (row, &o) in self.offsets.iter().enumerate() {
            if o < last || o > self.from.len() || (row == 0 && o != 0) {
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
            Some(&[a, b]) => a..b,
            _ => 0..0,
        }
    }
}

/// Tickets as columns: one row per ticket.
#[derive(Clone, Copy, Debug)]
pub struct TicketColumns<'a> {
    /// When every target's clock starts (epoch µs); a null gives a null ticket.
    pub start: &'a [Option<i64>],
    /// Each ticket's targets: a rule (or rules), or an incident and customer class whose
    /// policy in the pack in force names them; a null gives a null ticket.
    pub targets: Arg<'a, Targets>,
    /// Urban or rural; a null is the default (urban).
    pub area: Arg<'a, Area>,
    /// Where the work is; a null is the default region.
    pub region: Arg<'a, Region>,
    /// When each target was done, by rule id: one column per rule (null: not done). A rule
    /// that is not a target of a ticket whose entry is not null is that ticket's error.
    pub done: &'a [(&'a str, &'a [Option<i64>])],
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
    /// The due instant (epoch µs); null while an open pause leaves it unknown.
    pub due: Vec<Option<i64>>,
    /// Where the target stands at `as_of`.
    pub state: Vec<Option<TargetState>>,
    /// Whether `done <= due`, for a target done with its due known.
    pub met: Vec<Option<bool>>,
    /// Time left at `as_of`, for a target not done whose due is known and not passed.
    pub remaining: Vec<Option<i64>>,
    /// The unit of `remaining`.
    pub remaining_unit: Vec<Option<RemainingUnit>>,
    /// Each ticket's state (one per ticket, not per row).
    pub ticket_state: Vec<Option<TargetState>>,
}

impl TicketRows {
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

    fn push_null(&mut self, ticket: usize) {
        self.ticket.push(ticket);
        self.rule.push(-1);
        self.due.push(None);
        self.state.push(None);
        self.met.push(None);
        self.remaining.push(None);
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
type MicroSpan = (i64, Option<i64>);

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

/// A clock-hours target (`hours` ≥ 1) as [`measure`] measures it, in integer µs: the pauses cut
/// at `start` and at `done`, sorted and merged (INTERP.PAUSE); the due moved by the paused time
/// before it; the state, met and seconds left as SLA.TICKET says. `None` (a due near the end of
/// the years kept, or an amount of 0) sends the target down the scalar path, which owns every
/// error; the property tests hold the two equal.
fn clock_hours(
    hours: u32,
    start: i64,
    spans: &[MicroSpan],
    done: Option<i64>,
    as_of: Option<i64>,
    cut: &mut Vec<MicroSpan>,
) -> Option<Answer> {
    if hours == 0 {
        return None;
    }
    cut.clear();
    for &(from, to) in spans {
        let from = from.max(start);
        let to = match (to, done) {
            (Some(to), Some(done)) => Some(to.min(done)),
            (None, Some(done)) => Some(done),
            (to, None) => to,
        };
        if to.is_none_or(|to| to > from) {
            cut.push((from, to));
        }
    }
    cut.sort_by_key(|s| s.0);
    let mut merged = 0;
    for i in 0..cut.len() {
        let (from, to) = cut[i];
        match merged {
            0 => merged = 1,
            _ => {
                let last = &mut cut[merged - 1];
                if last.1.is_none_or(|end| from <= end) {
                    last.1 = match (last.1, to) {
                        (Some(a), Some(b)) => Some(a.max(b)),
                        _ => None,
                    };
                    continue;
                }
                cut[merged] = (from, to);
                merged += 1;
            }
        }
    }
    cut.truncate(merged);
    // Running time from the start: each pause before the due moves it (pause::clock_time).
    let (mut t, mut left) = (start, i64::from(hours) * 3600);
    let mut due = None;
    let reach = |t: i64, left: i64| t.checked_add(left.checked_mul(SECOND)?).filter(|&r| r < END);
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
    let paused_at = |now: i64| cut.iter().any(|&(from, to)| from <= now && to.is_none_or(|to| now < to));
    let answer = |state, met, left| Some(Answer { due, state, met, left });
    match (done, due) {
        (Some(done), Some(due)) => {
            let met = done <= due;
            answer(if met { TargetState::Met } else { TargetState::Breached }, Some(met), None)
        }
        (Some(_), None) => answer(TargetState::Paused, None, None),
        (None, None) => answer(TargetState::Paused, None, None),
        (None, Some(due)) => {
            let now = as_of.unwrap_or(start);
            if now > due {
                return answer(TargetState::Breached, None, None);
            }
            let state = if paused_at(now) { TargetState::Paused } else { TargetState::Running };
            // Running seconds in [max(now, start), due) outside the pauses (pause::clock_between).
            let from = now.max(start);
            let running = match due > from {
                false => 0,
                true => {
                    let paused: i64 =
                        cut.iter().map(|&(a, b)| seconds(b.map_or(due, |b| b.min(due)) - a.max(from)).max(0)).sum();
                    seconds(due - from) - paused
                }
            };
            answer(state, None, Some((running, RemainingUnit::Seconds)))
        }
    }
}

/// A plan with each rule's code (collecting the distinct rules in `seen`) and its done column.
fn coded<'p>(
    seen: &mut Vec<&'p SlaRule>,
    done: &[(&str, &[Option<i64>])],
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
/// (same values, same errors), under the pack in force on its start's Beijing date.
///
/// ```
/// use guifan_core::batch::{tickets, Arg, OnError, PauseTable, TicketColumns};
/// use guifan_core::deadline::{Area, CustomerClass, Incident};
/// use guifan_core::{engine::Engine, pack::Region, ticket::{TargetState, Targets}};
/// let start = 1_740_963_600_000_000; // 2025-03-03T09:00:00+08:00, a fault of an ordinary customer
/// let fault = Targets::Policy { incident: Incident::Fault, class: CustomerClass::Ordinary };
/// let called = [Some(start + 3_600_000_000)]; // called back at 10:00
/// let hour = 3_600_000_000;
/// let rows = tickets(
///     &Engine::builtin(),
///     &TicketColumns {
///         start: &[Some(start)],
///         targets: Arg::One(&fault),
///         area: Arg::One(&Area::Urban),
///         region: Arg::One(&Region::DEFAULT),
///         done: &[("SLA.FAULT.CONTACT", &called)],
///         // The customer is away 12:00–18:00: the visit moves by 6 hours.
///         pauses: PauseTable { offsets: &[0, 1], from: &[Some(start + 3 * hour)], to: &[Some(start + 9 * hour)] },
///         as_of: Arg::One(&(start + 24 * hour)),
///     },
///     OnError::Raise,
/// )
/// .unwrap();
/// assert_eq!(rows.state, [Some(TargetState::Met), Some(TargetState::Running)]);
/// assert_eq!(rows.due[1], Some(start + 30 * hour));
/// assert_eq!(rows.remaining[1], Some(6 * 3600));
/// assert_eq!(rows.ticket_state, [Some(TargetState::Running)]);
/// ```
pub fn tickets(engine: &Engine, columns: &TicketColumns<'_>, on_error: OnError) -> Result<TicketRows, RowError> {
    let TicketColumns { start, targets, area, region, done, pauses, as_of } = *columns;
    let rows = start.len();
    targets.check_len("targets", rows)?;
    targets.check_codes("targets")?;
    area.check_len("area", rows)?;
    area.check_codes("area")?;
    region.check_len("region", rows)?;
    region.check_codes("region")?;
    as_of.check_len("as_of", rows)?;
    as_of.check_codes("as_of")?;
    for (key, column) in done {
        Arg::Each(column).check_len(&crate::json::child("done", key), rows)?;
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
    let mut out = TicketRows::default();
    // At least a row per ticket; most policies name two targets.
    out.reserve(rows * 2, rows);
    let mut spans: Vec<Span> = Vec::new();
    let mut measured: Vec<(i32, Answer)> = Vec::new();
    // A ticket's pauses in epoch µs, and a target's pauses cut and merged.
    let (mut micro_spans, mut cut): (Vec<MicroSpan>, Vec<MicroSpan>) = (Vec::new(), Vec::new());
    for row in 0..rows {
        measured.clear();
        let ticket = (|| {
            let (Some(per_pack), Some(&s)) = (targets.get(&plans, row), start[row].as_ref()) else {
                return Ok(None);
            };
            // The scalar order of checks; wall times only when a target takes the scalar path.
            in_years(s, || "start".into())?;
            let pack = match always {
                true => 0,
                false => engine.pack_index("start", wall(s, || "start".into())?.date())?,
            };
            let Targeted { rules, codes, done: done_column } = per_pack[pack].as_ref().map_err(Clone::clone)?;
            let given = |j: usize| done[j].1[row].is_some();
            if (0..done.len()).any(|j| given(j) && !done_column.contains(&Some(j))) {
                check_done(rules, (0..done.len()).filter(|&j| given(j)).map(|j| done[j].0))?;
            }
            let done_of = |k: usize| done_column[k].and_then(|j| done[j].1[row]);
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
                let Some(from) = pauses.from[p] else {
                    return Err(Error::invalid(field("from"), "null", "required: when the clock stops"));
                };
                in_years(from, || field("from"))?;
                let to = pauses.to[p].map(|to| in_years(to, || field("to"))).transpose()?;
                if let Some(to) = to.filter(|&to| to < from) {
                    pause::span(j, wall(from, || field("from"))?, Some(wall(to, || field("to"))?))?;
                }
                micro_spans.push((from, to));
            }
            let hours = region.get(&hours, row).unwrap_or(&default_hours)[pack].as_ref();
            let area = area.value(row).copied().unwrap_or_default();
            // Wall times of the start, `as_of` and the pauses, made for the first scalar target.
            let mut walls: Option<(NaiveDateTime, Option<NaiveDateTime>)> = None;
            for (k, (&rule, &code)) in rules.iter().zip(codes).enumerate() {
                // As `in_region`: an unknown region is an error of every target.
                let period = with_hours(rule.period(area), *hours.map_err(Clone::clone)?);
                let done_at = done_of(k).map(|d| in_years(d, || crate::json::child("done", &rule.id))).transpose()?;
                let fast = match period {
                    Period::ClockHours(h) => clock_hours(h, s, &micro_spans, done_at, as_of_at, &mut cut),
                    _ => None,
                };
                let answer = match fast {
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
                                let w = (wall(s, String::new)?, as_of_at.map(|a| wall(a, String::new)).transpose()?);
                                *walls.insert(w)
                            }
                        };
                        let done = done_at.map(|d| wall(d, String::new)).transpose()?;
                        let trace = &mut crate::explain::Trace::off();
                        Answer::from(measure(engine.calendar(), &period, start, &spans, done, as_of, trace)?)
                    }
                };
                measured.push((code, answer));
            }
            Ok(Some(()))
        })();
        match ticket {
            Ok(Some(())) => {
                for (code, m) in &measured {
                    out.ticket.push(row);
                    out.rule.push(*code);
                    out.due.push(m.due);
                    out.state.push(Some(m.state));
                    out.met.push(m.met);
                    out.remaining.push(m.left.map(|l| l.0));
                    out.remaining_unit.push(m.left.map(|l| l.1));
                }
                out.ticket_state.push(Some(ticket_state(measured.iter().map(|(_, m)| m.state))));
            }
            Ok(None) => {
                out.push_null(row);
                out.ticket_state.push(None);
            }
            Err(_) if on_error == OnError::Null => {
                out.push_null(row);
                out.ticket_state.push(None);
            }
            Err(error) => return Err(RowError::new(row, error)),
        }
    }
    out.rules = seen.iter().map(|r| r.id.clone()).collect();
    Ok(out)
}

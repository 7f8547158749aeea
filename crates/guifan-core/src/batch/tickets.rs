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
use crate::deadline::in_region;
use crate::engine::Engine;
use crate::pack::{Area, Pack, Region, SlaRule, Text};
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

/// A ticket's targets in one pack: the rules, and each one's code in [`TicketRows::rules`].
type Plan<'p> = Result<(Vec<&'p SlaRule>, Vec<i32>), Error>;

/// Each rule of a plan with its code, the distinct rules collected in `seen`.
fn coded<'p>(seen: &mut Vec<&'p SlaRule>, plan: Result<Vec<&'p SlaRule>, Error>) -> Plan<'p> {
    let code = |rule: &'p SlaRule, seen: &mut Vec<&'p SlaRule>| match seen.iter().position(|r| core::ptr::eq(*r, rule))
    {
        Some(c) => c as i32,
        None => {
            seen.push(rule);
            seen.len() as i32 - 1
        }
    };
    let rules = plan?;
    let codes = rules.iter().map(|r| code(r, seen)).collect();
    Ok((rules, codes))
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
        .map(|per_pack| per_pack.into_iter().map(|plan| coded(&mut seen, plan)).collect::<Vec<Plan<'_>>>());
    let always = packs.len() == 1 && packs[0].info.effective_from.is_none();
    let mut out = TicketRows::default();
    // At least a row per ticket; most policies name two targets.
    out.reserve(rows * 2, rows);
    let mut spans: Vec<Span> = Vec::new();
    let mut measured: Vec<(i32, Measured)> = Vec::new();
    for row in 0..rows {
        measured.clear();
        let ticket = (|| {
            let (Some(per_pack), Some(&s)) = (targets.get(&plans, row), start[row].as_ref()) else {
                return Ok(None);
            };
            let start = wall(s, || "start".into())?;
            let pack = match always {
                true => 0,
                false => engine.pack_index("start", start.date())?,
            };
            let (rules, codes) = per_pack[pack].as_ref().map_err(Clone::clone)?;
            check_done(rules, done.iter().filter(|(_, col)| col[row].is_some()).map(|(key, _)| *key))?;
            let done_of = |id: &str| done.iter().find(|(key, _)| *key == id).and_then(|(_, col)| col[row]);
            let as_of = match as_of.value(row) {
                Some(&at) => Some(wall(at, || "as_of".into())?),
                None => {
                    require_as_of(rules, |id| done_of(id).is_some())?;
                    None
                }
            };
            spans.clear();
            for (j, p) in pauses.of(row).enumerate() {
                let field = |end: &str| alloc::format!("pauses[{j}].{end}");
                let Some(from) = pauses.from[p] else {
                    return Err(Error::invalid(field("from"), "null", "required: when the clock stops"));
                };
                let from = wall(from, || field("from"))?;
                let to = pauses.to[p].map(|to| wall(to, || field("to"))).transpose()?;
                spans.push(pause::span(j, from, to)?);
            }
            let pack: &Pack = &packs[pack];
            let area = area.value(row).copied().unwrap_or_default();
            let default = Region::DEFAULT;
            let region = region.value(row).unwrap_or(&default);
            for (&rule, &code) in rules.iter().zip(codes) {
                let period = in_region(rule.period(area), pack, region)?;
                let done = done_of(&rule.id).map(|d| wall(d, || crate::json::child("done", &rule.id))).transpose()?;
                let trace = &mut crate::explain::Trace::off();
                measured.push((code, measure(engine.calendar(), &period, start, &spans, done, as_of, trace)?));
            }
            Ok(Some(()))
        })();
        match ticket {
            Ok(Some(())) => {
                for (code, m) in &measured {
                    out.ticket.push(row);
                    out.rule.push(*code);
                    out.due.push(m.due_at.map(|d| d.timestamp_micros()));
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

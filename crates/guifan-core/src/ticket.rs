//! Tickets measured against several targets at once (SLA.TICKET): every target starts at the
//! ticket's start and shares its pauses (INTERP.PAUSE); each has its own `done`. At an instant
//! `as_of` each target — and the ticket — is met, breached, running or paused.

#[cfg(feature = "schema")]
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use chrono::{DateTime, FixedOffset, NaiveDateTime};

use crate::calendar::Calendar;
use crate::deadline::{due_paused, due_traced, in_region, pausable};
use crate::explain::{explained, Explained, Trace};
use crate::pack::{Area, Clock, CustomerClass, Incident, Pack, PackRef, Period, Region, SlaRule, Text, TicketPolicies};
use crate::pause::{self, Pause, Pauses, Span};
use crate::time::{format_instant, from_beijing, to_beijing};
use crate::Error;

/// What a ticket is measured against: rules named one by one, or the policy of an incident and
/// customer class in the pack in force (SLA.TICKET).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Targets {
    /// Deadline rules of the pack, in order (none twice).
    Rules(Vec<Text>),
    /// The pack's policy for a fault or complaint of a customer class.
    Policy {
        /// Fault or complaint.
        incident: Incident,
        /// Ordinary, brand or VIP.
        class: CustomerClass,
    },
}

/// A ticket: the input of the `ticket` op.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(try_from = "TicketFields")]
pub struct TicketInput {
    /// When every target's clock starts; its Beijing date picks the pack in force.
    pub start: DateTime<FixedOffset>,
    /// The targets.
    pub targets: Targets,
    /// Urban or rural, for rules whose periods differ.
    pub area: Area,
    /// When each finished target was done, by rule id.
    pub done: Vec<(Text, DateTime<FixedOffset>)>,
    /// Spans in which every target's clock stops.
    pub pauses: Vec<Pause>,
    /// The instant the states are for; required unless every target is done.
    pub as_of: Option<DateTime<FixedOffset>>,
    /// Where the work is: working minutes count inside the pack's office hours of the region.
    pub region: Region,
}

/// An instant as a value of the `done` map.
struct At(DateTime<FixedOffset>);

impl<'de> serde::Deserialize<'de> for At {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::time::instant::deserialize(d).map(At)
    }
}

/// `done` as written: rule id → instant, each key once.
struct DoneMap(Vec<(Text, DateTime<FixedOffset>)>);

impl<'de> serde::Deserialize<'de> for DoneMap {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Entries;
        impl<'de> serde::de::Visitor<'de> for Entries {
            type Value = DoneMap;
            fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str("an object: rule id → the instant that target was done")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<DoneMap, A::Error> {
                let mut out: Vec<(Text, DateTime<FixedOffset>)> = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    let At(at) = map.next_value()?;
                    if out.iter().any(|(k, _)| *k == key) {
                        return Err(crate::de::carry(Error::invalid("", key, "a target's done given twice")));
                    }
                    out.push((Text::Owned(key), at));
                }
                Ok(DoneMap(out))
            }
        }
        d.deserialize_map(Entries)
    }
}

fn done_map<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<(Text, DateTime<FixedOffset>)>, D::Error> {
    Ok(<Option<DoneMap> as serde::Deserialize>::deserialize(d)?.map(|m| m.0).unwrap_or_default())
}

/// A ticket input as the contract writes it, each field once, in any order.
#[derive(serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(remote = "Self", deny_unknown_fields)]
pub(crate) struct TicketFields {
    /// When every target's clock starts (any offset, or none: Beijing time); its Beijing date
    /// picks the rule pack in force.
    #[serde(with = "crate::time::instant")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::time::Instant"))]
    start: DateTime<FixedOffset>,
    /// Deadline rules of the pack, in order, none twice (not with `incident`).
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Vec<crate::rules::RuleId>>"))]
    rules: Option<Vec<String>>,
    /// `fault` or `complaint`, with `customer_class`: the pack's policy (not with `rules`).
    #[serde(default)]
    incident: Option<Incident>,
    /// `ordinary`, `brand` or `vip`, with `incident`.
    #[serde(default)]
    customer_class: Option<CustomerClass>,
    /// Urban (default) or rural, for rules whose periods differ.
    #[serde(default)]
    area: Option<Area>,
    /// When each finished target was done: rule id → instant.
    #[serde(default, deserialize_with = "done_map")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<BTreeMap<String, crate::time::Instant>>"))]
    done: Vec<(Text, DateTime<FixedOffset>)>,
    /// Spans `[from, to)` in which every target's clock stops (INTERP.PAUSE).
    #[serde(default, deserialize_with = "crate::de::or_default")]
    pauses: Vec<Pause>,
    /// The instant the states are for; required unless every target is done.
    #[serde(default, with = "crate::time::opt_instant")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::time::Instant>"))]
    as_of: Option<DateTime<FixedOffset>>,
    /// Where the work is (default `default`): working minutes count inside the pack's office
    /// hours of that region.
    #[serde(default, deserialize_with = "crate::de::or_default")]
    region: Region,
}

crate::de::objects_only!(TicketFields);

impl TryFrom<TicketFields> for TicketInput {
    type Error = crate::de::Carried;

    fn try_from(f: TicketFields) -> Result<Self, Self::Error> {
        let targets = match (f.rules, f.incident, f.customer_class) {
            (Some(rules), None, None) => Targets::Rules(rules.into_iter().map(Text::Owned).collect()),
            (None, Some(incident), Some(class)) => Targets::Policy { incident, class },
            (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
                return Err(crate::de::Carried(Error::invalid(
                    "incident",
                    "given with rules",
                    "give either rules, or an incident and a customer_class",
                )))
            }
            (None, Some(_), None) => {
                return Err(crate::de::Carried(Error::invalid(
                    "customer_class",
                    "missing",
                    "required with incident: ordinary, brand or vip",
                )))
            }
            (None, None, Some(_)) => {
                return Err(crate::de::Carried(Error::invalid(
                    "incident",
                    "missing",
                    "required with customer_class: fault or complaint",
                )))
            }
            (None, None, None) => {
                return Err(crate::de::Carried(Error::invalid(
                    "rules",
                    "missing",
                    "required: rule ids, or an incident and a customer_class",
                )))
            }
        };
        Ok(TicketInput {
            start: f.start,
            targets,
            area: f.area.unwrap_or_default(),
            done: f.done,
            pauses: f.pauses,
            as_of: f.as_of,
            region: f.region,
        })
    }
}

/// Where a target (or a ticket) stands at an instant (SLA.TICKET).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TargetState {
    /// Done at or before the due.
    Met,
    /// Done after the due, or not done and past it.
    Breached,
    /// Not done, the due not passed, the clock running.
    Running,
    /// Not done, not breached, and the clock stopped at `as_of` or the due unknown.
    Paused,
}

crate::key::keyed!(
    TargetState,
    "state",
    TARGET_STATES = [
        ("met", TargetState::Met),
        ("breached", TargetState::Breached),
        ("running", TargetState::Running),
        ("paused", TargetState::Paused)
    ]
);

/// The unit of a target's `remaining`: seconds of running time (clock hours, working minutes,
/// immediate) or days still to count (day clocks).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RemainingUnit {
    /// Seconds of running time: outside pauses, and for working minutes inside working hours.
    Seconds,
    /// Countable days not yet over (the current one included).
    Days,
}

crate::key::keyed!(
    RemainingUnit,
    "remaining_unit",
    REMAINING_UNITS = [("seconds", RemainingUnit::Seconds), ("days", RemainingUnit::Days)]
);

/// One target of a ticket.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Target {
    /// The deadline rule.
    #[cfg_attr(feature = "schema", schemars(with = "crate::rules::RuleId"))]
    pub rule: Text,
    /// Its clock.
    pub clock: Clock,
    /// The due instant; `null` while an open pause leaves it unknown.
    #[serde(with = "crate::time::opt_instant")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::time::Instant>"))]
    pub due: Option<DateTime<FixedOffset>>,
    /// Where it stands.
    pub state: TargetState,
    /// Whether `done <= due`, when the target is done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub met: Option<bool>,
    /// When it was done.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::time::opt_instant")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::time::Instant>"))]
    pub done: Option<DateTime<FixedOffset>>,
    /// Time left at `as_of` on the target's own clock, for a target not done whose due is
    /// known (running, or paused with the time it will have when the clock runs again).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remaining: Option<i64>,
    /// The unit of `remaining`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remaining_unit: Option<RemainingUnit>,
}

/// A ticket's targets and state: the output of the `ticket` op.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Ticket {
    /// Every target, in policy (or given) order.
    pub targets: Vec<Target>,
    /// `breached` if any target is, else `running` if any is, else `paused` if any is, else `met`.
    pub state: TargetState,
    /// The rule pack the periods and policy came from.
    pub pack: PackRef,
    /// The provisional years any target's working days were counted on (INTERP.PROVISIONAL).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub provisional_years: Vec<i32>,
}

/// Evaluates a ticket on the built-in pack.
///
/// ```
/// use chrono::DateTime;
/// use guifan_core::calendar::Calendar;
/// use guifan_core::deadline::{Area, CustomerClass, Incident, Pause};
/// use guifan_core::ticket::{ticket, TargetState, TicketInput, Targets};
/// let at = |s| DateTime::parse_from_rfc3339(s).unwrap();
/// // A fault of an ordinary customer, reported Monday 3 March 2025 09:00: a call within 4 hours
/// // (made at 10:00), a visit within 24 hours; the customer is away 12:00–18:00.
/// let input = TicketInput {
///     start: at("2025-03-03T09:00:00+08:00"),
///     targets: Targets::Policy { incident: Incident::Fault, class: CustomerClass::Ordinary },
///     area: Area::Urban,
///     done: vec![("SLA.FAULT.CONTACT".into(), at("2025-03-03T10:00:00+08:00"))],
///     pauses: vec![Pause::new(at("2025-03-03T12:00:00+08:00"), at("2025-03-03T18:00:00+08:00"))],
///     as_of: Some(at("2025-03-04T09:00:00+08:00")),
///     region: Default::default(),
/// };
/// let t = ticket(&Calendar::builtin(), &input).unwrap();
/// assert_eq!(t.targets[0].state, TargetState::Met);
/// // 24 running hours: the 6 paused hours move the visit to 15:00 the next day.
/// assert_eq!(t.targets[1].due.unwrap().to_rfc3339(), "2025-03-04T15:00:00+08:00");
/// assert_eq!(t.targets[1].remaining, Some(6 * 3600));
/// assert_eq!(t.state, TargetState::Running);
/// ```
pub fn ticket(calendar: &Calendar, input: &TicketInput) -> Result<Ticket, Error> {
    compute(Pack::builtin(), calendar, input, &mut Trace::off())
}

/// [`ticket`] with the rules and steps behind it: each target's due with the paused spans and
/// the days counted or skipped, then its state.
pub fn explain(calendar: &Calendar, input: &TicketInput) -> Result<Explained<Ticket>, Error> {
    explained(|trace| compute(Pack::builtin(), calendar, input, trace))
}

/// The rules of the targets, checked: the given ones (non-empty, none twice, each a deadline
/// rule of the pack) or the policy's.
pub(crate) fn target_rules<'p>(pack: &'p Pack, targets: &Targets) -> Result<Vec<&'p SlaRule>, Error> {
    match targets {
        Targets::Rules(ids) => {
            if ids.is_empty() {
                return Err(Error::invalid("rules", "[]", "at least one deadline rule"));
            }
            for (i, id) in ids.iter().enumerate() {
                if ids[..i].contains(id) {
                    return Err(Error::invalid(format!("rules[{i}]"), id.as_ref(), "given twice"));
                }
            }
            let rule = |(i, id): (usize, &Text)| pack.sla_rule(id).map_err(|e| e.at(format!("rules[{i}]")));
            ids.iter().enumerate().map(rule).collect()
        }
        Targets::Policy { incident, class } => {
            let policy = pack.ticket_policy(*incident, *class)?;
            policy.targets.iter().map(|id| pack.sla_rule(id).map_err(|e| e.at("customer_class"))).collect()
        }
    }
}

/// Refuses a `done` key that is not one of the ticket's targets.
pub(crate) fn check_done<'k>(rules: &[&SlaRule], keys: impl IntoIterator<Item = &'k str>) -> Result<(), Error> {
    for key in keys {
        if !rules.iter().any(|r| r.id == key) {
            let ids: Vec<&str> = rules.iter().map(|r| r.id.as_ref()).collect();
            return Err(Error::invalid(
                crate::json::child("done", key),
                key,
                format!("not a target of this ticket (targets: {})", ids.join(", ")),
            ));
        }
    }
    Ok(())
}

/// `as_of` is required while a target is not done.
pub(crate) fn require_as_of(rules: &[&SlaRule], is_done: impl Fn(&str) -> bool) -> Result<(), Error> {
    let open: Vec<&str> = rules.iter().map(|r| r.id.as_ref()).filter(|id| !is_done(id)).collect();
    match open.is_empty() {
        true => Ok(()),
        false => Err(Error::invalid(
            "as_of",
            "missing",
            format!("required while a target is not done ({})", open.join(", ")),
        )),
    }
}

/// A ticket's state from its targets': breached if any is, else running, else paused, else met.
pub(crate) fn ticket_state(states: impl Iterator<Item = TargetState> + Clone) -> TargetState {
    [TargetState::Breached, TargetState::Running, TargetState::Paused]
        .into_iter()
        .find(|s| states.clone().any(|t| t == *s))
        .unwrap_or(TargetState::Met)
}

/// One target measured: its due (Beijing wall time; none while an open pause leaves it
/// unknown), state, whether it was met, the time left, and the provisional years counted.
pub(crate) struct Measured {
    pub(crate) due: Option<NaiveDateTime>,
    pub(crate) due_at: Option<DateTime<FixedOffset>>,
    pub(crate) state: TargetState,
    pub(crate) met: Option<bool>,
    pub(crate) left: Option<(i64, RemainingUnit)>,
    pub(crate) years: Vec<i32>,
}

/// Measures one target of `period` started at `start`, done at `done` (Beijing wall time), at
/// `as_of` (the start when every target is done), its clock stopped in `spans` (SLA.TICKET).
pub(crate) fn measure(
    calendar: &Calendar,
    period: &Period,
    start: NaiveDateTime,
    spans: &[Span],
    done: Option<NaiveDateTime>,
    as_of: Option<NaiveDateTime>,
    trace: &mut Trace,
) -> Result<Measured, Error> {
    let pauses = Pauses::new(spans, start, done);
    let (due, years) = if pauses.is_empty() {
        let (due, years) = due_traced(calendar, period, start, trace)?;
        (Some(due), years)
    } else {
        due_paused(calendar, period, start, &pauses, trace)?
    };
    let due_at = due.map(|d| from_beijing("start", d)).transpose()?;
    let (state, met, left) = match (done, due) {
        (Some(done), Some(due)) => {
            let met = done <= due;
            (if met { TargetState::Met } else { TargetState::Breached }, Some(met), None)
        }
        (Some(_), None) => (TargetState::Paused, None, None),
        (None, _) => {
            let now = as_of.unwrap_or(start);
            match due {
                Some(due) if now > due => (TargetState::Breached, None, None),
                Some(due) => {
                    let state = if pauses.contains(now) { TargetState::Paused } else { TargetState::Running };
                    (state, None, Some(remaining(calendar, period, start, now, due, &pauses)?))
                }
                None => (TargetState::Paused, None, None),
            }
        }
    };
    Ok(Measured { due, due_at, state, met, left, years })
}

/// Time left at `as_of` on a target's clock (its due known, `as_of` ≤ due).
fn remaining(
    calendar: &Calendar,
    period: &Period,
    start: NaiveDateTime,
    as_of: NaiveDateTime,
    due: NaiveDateTime,
    pauses: &Pauses,
) -> Result<(i64, RemainingUnit), Error> {
    let from = as_of.max(start);
    let none = Pauses::default();
    let pauses = if pausable(period, start) { pauses } else { &none };
    Ok(match *period {
        Period::Immediate => ((due - from).num_seconds().max(0), RemainingUnit::Seconds),
        Period::ClockHours(_) => (pause::clock_between(from, due, pauses), RemainingUnit::Seconds),
        Period::WorkingMinutes(_, hours) => {
            (pause::working_between(calendar, from, due, &hours, pauses)?, RemainingUnit::Seconds)
        }
        Period::CalendarDays(_) | Period::WorkingDays(_) | Period::SameDayCutoff(_) | Period::DayEnd => {
            // The counted days: from the day after the start, but the start's own for a clock due then.
            let same_day = matches!(period, Period::DayEnd | Period::SameDayCutoff(_)) && !pausable(period, start);
            let first = if same_day { start.date() } else { start.date().succ_opt().unwrap_or(start.date()) };
            let last = due.date().pred_opt().unwrap_or(due.date());
            let working = matches!(period, Period::WorkingDays(_));
            let from = first.max(as_of.date());
            let days = if from > last || due == start {
                0
            } else {
                pause::countable_days(calendar, from, last, working, pauses).map_err(|e| e.at("as_of"))?
            };
            (i64::from(days), RemainingUnit::Days)
        }
    })
}

pub(crate) fn compute(
    pack: &Pack,
    calendar: &Calendar,
    input: &TicketInput,
    trace: &mut Trace,
) -> Result<Ticket, Error> {
    trace.cite_source(TicketPolicies::RULE, &pack.tickets.source);
    trace.cite("INTERP.TIME");
    let start = to_beijing("start", &input.start)?;
    let rules = target_rules(pack, &input.targets)?;
    check_done(&rules, input.done.iter().map(|(k, _)| k.as_ref()))?;
    let done_of = |id: &str| input.done.iter().find(|(k, _)| k == id).map(|(_, at)| *at);
    let as_of = match input.as_of {
        Some(at) => Some(to_beijing("as_of", &at)?),
        None => {
            require_as_of(&rules, |id| done_of(id).is_some())?;
            None
        }
    };
    let spans = pause::read(&input.pauses)?;
    let mut targets = Vec::with_capacity(rules.len());
    let mut provisional_years: Vec<i32> = Vec::new();
    for rule in rules {
        trace.cite_source(&rule.id, &rule.source);
        trace.target(&rule.id);
        let period = in_region(rule.period(input.area), pack, &input.region)?;
        let done = done_of(&rule.id);
        let done_wall = done.map(|d| to_beijing(&crate::json::child("done", &rule.id), &d)).transpose()?;
        let Measured { due, due_at, state, met, left, years } =
            measure(calendar, &period, start, &spans, done_wall, as_of, trace)?;
        for y in years {
            if !provisional_years.contains(&y) {
                provisional_years.push(y);
            }
        }
        trace.cite("SLA.TICKET");
        trace.note(|| {
            let due = due.map_or_else(|| String::from("unknown"), format_instant);
            let left = left.map_or_else(String::new, |(n, unit)| {
                format!(", {n} {} left", if unit == RemainingUnit::Days { "days" } else { "seconds" })
            });
            let at = match (done_wall, as_of) {
                (Some(d), _) => format!("done {}", format_instant(d)),
                (None, Some(a)) => format!("as of {}", format_instant(a)),
                (None, None) => String::new(),
            };
            format!("{}: due {due}, {at}: {}{left}", rule.id, state_name(state))
        });
        targets.push(Target {
            rule: rule.id.clone(),
            clock: period.clock(),
            due: due_at,
            state,
            met,
            done,
            remaining: left.map(|l| l.0),
            remaining_unit: left.map(|l| l.1),
        });
    }
    let state = ticket_state(targets.iter().map(|t| t.state));
    trace.note(|| {
        format!("the ticket is {} (breached if any target is, else running, else paused, else met)", state_name(state))
    });
    Ok(Ticket { targets, state, pack: PackRef::from(&pack.info), provisional_years })
}

fn state_name(s: TargetState) -> &'static str {
    match s {
        TargetState::Met => "met",
        TargetState::Breached => "breached",
        TargetState::Running => "running",
        TargetState::Paused => "paused",
    }
}

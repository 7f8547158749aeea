//! Deadlines (时限) under each clock the documents use (INTERP.PERIODS, INTERP.UNITS):
//! continuous clock hours, calendar days, working days of the official calendar, working minutes
//! inside office hours, same-day cut-offs and day ends.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};

use crate::calendar::Calendar;
use crate::explain::{explained, Explained, Trace};
use crate::pack::{Brand, Pack, PackRef, Text, Tier};
use crate::pause::{self, Pauses};
use crate::tier::Customer;
use crate::time::{check_instant, format_date, format_instant, format_time, from_beijing, to_beijing};
use crate::Error;

pub use crate::pack::Region;
pub use crate::pack::{Area, Clock, CustomerClass, Incident, OfficeHours, Period, SlaRule};
pub use crate::pause::Pause;

impl Clock {
    /// The clock itself when it can run without a rule (with an amount), else `invalid_input`.
    fn free(self) -> Result<Clock, Error> {
        match self {
            Clock::ClockHours | Clock::CalendarDays | Clock::WorkingDays | Clock::WorkingMinutes => Ok(self),
            other => Err(Error::invalid(
                "clock",
                other.as_str(),
                "free clocks: clock_hours, calendar_days, working_days, working_minutes",
            )),
        }
    }
}

impl CustomerClass {
    /// The class of a customer holding `card` (RULES.md section 4): a card of any tier makes a
    /// VIP; without one, a personal 我的e家 customer is of the brand class (商务领航, the other
    /// brand named there, is no brand of the tier tables) and everyone else ordinary.
    ///
    /// ```
    /// use guifan_core::deadline::CustomerClass;
    /// use guifan_core::tier::{Brand, Customer, Tier};
    /// use rust_decimal::Decimal;
    /// let e_home = Customer::Personal { brand: Brand::E_HOME, annual_spend: Decimal::ZERO };
    /// assert_eq!(CustomerClass::of(Tier::None, &e_home), CustomerClass::Brand);
    /// assert_eq!(CustomerClass::of(Tier::Silver, &e_home), CustomerClass::Vip);
    /// let tianyi = Customer::Personal { brand: Brand::TIANYI, annual_spend: Decimal::ZERO };
    /// assert_eq!(CustomerClass::of(Tier::None, &tianyi), CustomerClass::Ordinary);
    /// assert_eq!(CustomerClass::of(Tier::Diamond, &tianyi), CustomerClass::Vip);
    /// ```
    pub fn of(card: Tier, customer: &Customer) -> CustomerClass {
        match (card, customer) {
            (Tier::None, Customer::Personal { brand, .. }) if *brand == Brand::E_HOME => CustomerClass::Brand,
            (Tier::None, _) => CustomerClass::Ordinary,
            _ => CustomerClass::Vip,
        }
    }
}

/// The period of a free clock; working minutes count inside `office` hours.
fn free_period(clock: Clock, n: u32, office: OfficeHours) -> Result<Period, Error> {
    Ok(match clock.free()? {
        Clock::ClockHours => Period::ClockHours(n),
        Clock::CalendarDays => Period::CalendarDays(n),
        Clock::WorkingDays => Period::WorkingDays(n),
        _ => Period::WorkingMinutes(n, office),
    })
}

/// What the period is measured by: a rule of the pack (in an area) or a free clock.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Basis {
    /// A rule id of the pack in force; the area is ignored by rules without an area split.
    Rule {
        /// The rule id, e.g. `SLA.COMPLAINT.ORDINARY`.
        id: Text,
        /// Urban or rural.
        area: Area,
    },
    /// A free clock and a whole amount (`working_minutes` count inside the pack's office hours).
    Free {
        /// `clock_hours`, `calendar_days`, `working_days` or `working_minutes`.
        clock: Clock,
        /// Hours, days or minutes.
        amount: u32,
    },
}

impl Basis {
    /// A rule of the pack in force, in an area.
    pub fn rule(id: impl Into<Text>, area: Area) -> Self {
        Basis::Rule { id: id.into(), area }
    }

    /// A free clock: `clock_hours`, `calendar_days`, `working_days` or `working_minutes`.
    pub fn free(clock: Clock, amount: u32) -> Result<Self, Error> {
        clock.free().map(|clock| Basis::Free { clock, amount })
    }

    /// The rule id, when there is one.
    pub fn rule_id(&self) -> Option<&str> {
        match self {
            Basis::Rule { id, .. } => Some(id),
            Basis::Free { .. } => None,
        }
    }

    /// The period to count under `pack`, and the rule when there is one.
    pub fn resolve<'p>(&self, pack: &'p Pack) -> Result<(Period, Option<&'p SlaRule>), Error> {
        match self {
            Basis::Rule { id, area } => {
                let rule = pack.sla_rule(id)?;
                Ok((rule.period(*area), Some(rule)))
            }
            Basis::Free { clock, amount } => Ok((free_period(*clock, *amount, pack.office_hours.hours)?, None)),
        }
    }
}

/// A computed deadline: the output of the `deadline` op.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Deadline {
    /// The due instant (+08:00); done at or before it is on time (INTERP.ONTIME). `None`
    /// (`null`) while an open pause leaves it unknown (INTERP.PAUSE).
    #[serde(with = "crate::time::opt_instant")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::time::Instant>"))]
    pub due: Option<DateTime<FixedOffset>>,
    /// The clock used.
    pub clock: Clock,
    /// The rule, when one was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::rules::RuleId>"))]
    pub rule: Option<Text>,
    /// Whether `done <= due`, when a completion instant was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub met: Option<bool>,
    /// The rule pack the period came from.
    pub pack: PackRef,
    /// The provisional years the working days were counted on (INTERP.PROVISIONAL): empty
    /// unless the calendar answers provisionally and the count ran into such a year.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub provisional_years: Vec<i32>,
}

fn midnight_after(date: NaiveDate) -> Option<NaiveDateTime> {
    date.succ_opt().map(|d| d.and_time(NaiveTime::MIN))
}

fn out_of_range(start: NaiveDateTime) -> Error {
    Error::invalid("start", format_instant(start), "the deadline falls outside the years 1–9999")
}

/// The due instant of `period` started at Beijing wall time `start`.
///
/// This is the arithmetic every surface shares; [`deadline`] wraps it with time zones, rules
/// and the on-time check.
pub fn due(calendar: &Calendar, period: &Period, start: NaiveDateTime) -> Result<NaiveDateTime, Error> {
    due_traced(calendar, period, start, &mut Trace::off()).map(|(due, _)| due)
}

/// The due instant and the provisional years of the calendar days it rests on.
pub(crate) fn due_traced(
    calendar: &Calendar,
    period: &Period,
    start: NaiveDateTime,
    trace: &mut Trace,
) -> Result<(NaiveDateTime, Vec<i32>), Error> {
    let date = start.date();
    // The first and last calendar days the answer rests on, for the working-day clocks.
    let mut counted: Option<(NaiveDate, NaiveDate)> = None;
    let due = match *period {
        Period::Immediate => {
            trace.note(|| String::from("立即 (immediately): due at the start (INTERP.ONTIME)"));
            Some(start)
        }
        _ if period.amount() == Some(0) => {
            trace.note(|| String::from("a period of 0: due at the start"));
            Some(start)
        }
        Period::ClockHours(h) => {
            trace.cite("INTERP.UNITS");
            trace.note(|| format!("{h} continuous clock hours from the start instant (INTERP.PERIODS)"));
            start.checked_add_signed(Duration::hours(i64::from(h)))
        }
        Period::CalendarDays(n) => {
            trace.cite("INTERP.UNITS");
            trace.cite("INTERP.PERIODS");
            trace.note(|| {
                format!(
                    "{n} calendar days counted from the day after {}, weekends and holidays included",
                    format_date(date)
                )
            });
            date.checked_add_days(chrono::Days::new(u64::from(n))).and_then(midnight_after)
        }
        Period::WorkingDays(n) => {
            trace.cite("INTERP.UNITS");
            trace.cite("INTERP.PERIODS");
            trace.cite("INTERP.CALENDAR");
            let last = calendar.add_working_days(date, i64::from(n)).map_err(|e| e.at("start"))?;
            counted = date.succ_opt().map(|first| (first, last));
            if trace.is_on() {
                trace.note(|| format!("start day {} is not counted; counting starts the next day", format_date(date)));
                let mut counted = 0;
                for day in calendar.days_between(date.succ_opt().unwrap_or(date), last)? {
                    let working = day.is_working_day();
                    counted += u32::from(working);
                    trace.day(&day, working, false);
                }
                trace.note(|| {
                    format!("working day {counted} is {}; the period ends at 24:00 that day", format_date(last))
                });
            }
            midnight_after(last)
        }
        Period::WorkingMinutes(minutes, hours) => {
            trace.cite("INTERP.CALENDAR");
            let due = working_minutes(calendar, start, minutes, hours, trace).map_err(|e| e.at("start"))?;
            counted = Some((date, due.date()));
            Some(due)
        }
        Period::SameDayCutoff(cutoff) => {
            let before = start.time() < cutoff;
            let day = if before { Some(date) } else { date.succ_opt() };
            trace.cite("INTERP.BOUNDS");
            trace.note(|| {
                format!(
                    "reported at {} {} the {} cut-off (以后 includes it): due 24:00 {}",
                    start.time(),
                    if before { "before" } else { "at or after" },
                    format_time(cutoff),
                    if before { "the same day" } else { "the next day" }
                )
            });
            day.and_then(midnight_after)
        }
        Period::DayEnd => {
            trace.note(|| format!("due at 24:00 of {}", format_date(date)));
            midnight_after(date)
        }
    };
    let due = check_instant("start", due.ok_or_else(|| out_of_range(start))?)?;
    let provisional = counted.map(|(a, b)| calendar.provisional_years(a, b)).unwrap_or_default();
    trace.provisional(&provisional);
    Ok((due, provisional))
}

/// `period` with the office hours of `region` for a working-minute clock.
pub(crate) fn in_region(period: Period, pack: &Pack, region: &Region) -> Result<Period, Error> {
    Ok(with_hours(period, pack.office_hours_in(region)?))
}

/// `period` with office hours `hours` for a working-minute clock.
pub(crate) fn with_hours(period: Period, hours: OfficeHours) -> Period {
    match period {
        Period::WorkingMinutes(n, _) => Period::WorkingMinutes(n, hours),
        other => other,
    }
}

/// Whether pauses can move a deadline of `period` started at `start`: not those due the same
/// day (`immediate`, `day_end`, a cut-off before its time, an amount of 0; INTERP.PAUSE).
pub(crate) fn pausable(period: &Period, start: NaiveDateTime) -> bool {
    match *period {
        Period::Immediate | Period::DayEnd => false,
        Period::SameDayCutoff(cutoff) => start.time() >= cutoff,
        _ => period.amount() != Some(0),
    }
}

/// The due instant of `period` from `start` with its clock stopped in `pauses` (INTERP.PAUSE);
/// none while an open pause leaves it unknown.
pub(crate) fn due_paused(
    calendar: &Calendar,
    period: &Period,
    start: NaiveDateTime,
    pauses: &Pauses,
    trace: &mut Trace,
) -> Result<(Option<NaiveDateTime>, Vec<i32>), Error> {
    if !pausable(period, start) {
        let (due, years) = due_traced(calendar, period, start, trace)?;
        trace.cite("INTERP.PAUSE");
        trace.note(|| String::from("a deadline due the same day is not moved by pauses (INTERP.PAUSE)"));
        return Ok((Some(due), years));
    }
    trace.cite("INTERP.PAUSE");
    for s in &pauses.0 {
        trace.pause(s.from, s.to);
    }
    let date = start.date();
    let midnight = |d: Option<NaiveDate>| d.map(|d| midnight_after(d).ok_or_else(|| out_of_range(start))).transpose();
    let (due, counted) = match *period {
        Period::ClockHours(h) => {
            trace.cite("INTERP.UNITS");
            trace.note(|| format!("{h} clock hours of running time from the start; the clock stops in each pause"));
            (pause::clock_time(start, i64::from(h) * 3600, pauses)?, None)
        }
        Period::WorkingMinutes(minutes, hours) => {
            trace.cite("INTERP.CALENDAR");
            trace.note(|| {
                format!("{minutes} minutes counted only {} on working days, outside the pauses", hours.describe())
            });
            let due = pause::working_time(calendar, start, i64::from(minutes) * 60, &hours, pauses)
                .map_err(|e| e.at("start"))?;
            (due, due.map(|d| (date, d.date())))
        }
        Period::CalendarDays(_) | Period::WorkingDays(_) | Period::SameDayCutoff(_) => {
            let (n, working) = match *period {
                Period::WorkingDays(n) => (n, true),
                Period::CalendarDays(n) => (n, false),
                _ => (1, false),
            };
            trace.cite("INTERP.PERIODS");
            if working {
                trace.cite("INTERP.CALENDAR");
            }
            let last = pause::count_days(calendar, date, n, working, pauses)?;
            if trace.is_on() {
                for (first, end) in pauses.whole_days() {
                    trace.note(|| match end.and_then(|e| e.pred_opt()) {
                        Some(end) => format!(
                            "{} to {} wholly paused: not counted (a part-day pause moves no day)",
                            format_date(first),
                            format_date(end)
                        ),
                        None => {
                            format!("from {} every day is paused: not counted until the pause ends", format_date(first))
                        }
                    });
                }
                if let (Some(last), true) = (last, working) {
                    for day in calendar.days_between(date.succ_opt().unwrap_or(date), last)? {
                        let paused = pauses.wholly_paused(day.date);
                        trace.day(&day, day.is_working_day() && !paused, paused);
                    }
                }
                trace.note(|| match last {
                    Some(last) => {
                        format!("day {n} counted is {}; the period ends at 24:00 that day", format_date(last))
                    }
                    None => String::from("an open pause stops the count: the due is unknown until it ends"),
                });
            }
            let counted = if working { last.and_then(|l| date.succ_opt().map(|f| (f, l))) } else { None };
            (midnight(last)?, counted)
        }
        Period::Immediate | Period::DayEnd => (Some(start), None),
    };
    let due = due.map(|d| check_instant("start", d)).transpose()?;
    if due.is_none() {
        trace.note(|| {
            String::from(
                "an open pause stops the clock before the period runs out: the due is unknown (null) until it ends",
            )
        });
    }
    let provisional = counted.map(|(a, b)| calendar.provisional_years(a, b)).unwrap_or_default();
    trace.provisional(&provisional);
    Ok((due, provisional))
}

/// Counts `minutes` inside `[open, close)` of working days from `start`.
fn working_minutes(
    calendar: &Calendar,
    start: NaiveDateTime,
    minutes: u32,
    hours: OfficeHours,
    trace: &mut Trace,
) -> Result<NaiveDateTime, Error> {
    if let Some((from, to)) = hours.lunch {
        // Two spans a day: counted span by span, as a stopped clock without pauses.
        let seconds = i64::from(minutes) * 60;
        let due = pause::working_time(calendar, start, seconds, &hours, &Pauses::default())?
            .ok_or_else(|| out_of_range(start))?;
        if trace.is_on() {
            trace.note(|| {
                format!(
                    "{minutes} minutes counted only {} on working days (no counting {}–{}); reaching the end of a span exactly is due then",
                    hours.describe(),
                    format_time(from),
                    format_time(to)
                )
            });
            for day in calendar.days_between(start.date(), due.date())? {
                trace.day(&day, day.is_working_day(), false);
            }
        }
        return Ok(due);
    }
    let day_secs = (hours.close - hours.open).num_seconds();
    let date = start.date();
    // The first counting instant: now if inside office hours of a working day, else the next opening.
    let first = if calendar.is_working_day(date)? && start.time() < hours.close {
        start.max(date.and_time(hours.open))
    } else {
        calendar.add_working_days(date, 1)?.and_time(hours.open)
    };
    if first != start {
        trace.note(|| format!("received outside office hours; counting starts at {}", format_instant(first)));
    }
    let mut left = i64::from(minutes) * 60;
    let today = (first.date().and_time(hours.close) - first).num_seconds();
    let due = if left <= today {
        first + Duration::seconds(left)
    } else {
        left -= today;
        // Whole office days after the first one, then the rest on the last day.
        let more = (left + day_secs - 1) / day_secs;
        let last = calendar.add_working_days(first.date(), more)?;
        last.and_time(hours.open) + Duration::seconds(left - (more - 1) * day_secs)
    };
    if trace.is_on() {
        trace.note(|| {
            format!(
                "{minutes} minutes counted only {}–{} on working days; reaching {} exactly is due then",
                format_time(hours.open),
                format_time(hours.close),
                format_time(hours.close)
            )
        });
        for day in calendar.days_between(first.date(), due.date())? {
            trace.day(&day, day.is_working_day(), false);
        }
    }
    Ok(due)
}

/// A deadline question: when it started, by what measure, and when it was done. The input of the
/// `deadline` op: `start`, and `rule` (with `area`) or `clock` and `amount`, and `done`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(try_from = "DeadlineFields")]
pub struct DeadlineInput {
    /// When the clock starts (any offset; converted to Beijing time). Its Beijing date also picks
    /// the rule pack in force.
    pub start: DateTime<FixedOffset>,
    /// Rule and area, or a free period.
    pub basis: Basis,
    /// When the work was done, to check it against the deadline.
    pub done: Option<DateTime<FixedOffset>>,
    /// Spans in which the clock stops (INTERP.PAUSE), in any order.
    pub pauses: Vec<Pause>,
    /// Where the work is: working minutes count inside the pack's office hours of the region.
    pub region: Region,
}

/// A deadline input as the contract writes it, each field once, in any order.
#[derive(serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(remote = "Self", deny_unknown_fields)]
pub(crate) struct DeadlineFields {
    /// When the clock starts (any offset, or none: Beijing time); its Beijing date picks the
    /// rule pack in force.
    #[serde(with = "crate::time::instant")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::time::Instant"))]
    start: DateTime<FixedOffset>,
    /// A deadline rule of the pack in force (not with `clock`).
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::rules::RuleId>"))]
    rule: Option<String>,
    /// Urban (default) or rural, for rules whose periods differ.
    #[serde(default)]
    area: Option<Area>,
    /// A free clock (not with `rule`): `clock_hours`, `calendar_days`, `working_days` or
    /// `working_minutes`.
    #[serde(default)]
    clock: Option<Clock>,
    /// Hours, days or minutes of the free clock.
    #[serde(default, deserialize_with = "crate::money::opt_counted")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<u32>"))]
    amount: Option<u32>,
    /// When the work was done, to check it against the deadline.
    #[serde(default, with = "crate::time::opt_instant")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::time::Instant>"))]
    done: Option<DateTime<FixedOffset>>,
    /// Spans `[from, to)` in which the clock stops (INTERP.PAUSE): waiting on the customer, a
    /// delay the customer asked for; `to` absent while the pause goes on.
    #[serde(default, deserialize_with = "crate::de::or_default")]
    pauses: Vec<Pause>,
    /// Where the work is (default `default`): working minutes count inside the pack's office
    /// hours of that region.
    #[serde(default, deserialize_with = "crate::de::or_default")]
    region: Region,
}

crate::de::objects_only!(DeadlineFields);

impl TryFrom<DeadlineFields> for DeadlineInput {
    type Error = crate::de::Carried;

    fn try_from(f: DeadlineFields) -> Result<Self, Self::Error> {
        f.read().map_err(crate::de::Carried)
    }
}

impl DeadlineFields {
    /// The deadline input these fields describe, or what rules it out.
    fn read(self) -> Result<DeadlineInput, Error> {
        let f = self;
        let (basis, read, unread) = match (f.rule, f.clock) {
            (Some(rule), None) => {
                let basis = Basis::rule(rule, f.area.unwrap_or_default());
                (basis, ["start", "rule", "clock", "area", "done", "pauses", "region"], ("amount", f.amount.is_some()))
            }
            (None, Some(clock)) => {
                let amount = f.amount.ok_or_else(|| Error::invalid("amount", "missing", "required: a whole number"))?;
                let basis = Basis::free(clock, amount).map_err(|e| e.at("clock"))?;
                (basis, ["start", "rule", "clock", "amount", "done", "pauses", "region"], ("area", f.area.is_some()))
            }
            (Some(_), Some(_)) => {
                return Err(Error::invalid("clock", "given with rule", "give either a rule or a clock"))
            }
            (None, None) => {
                return Err(Error::invalid("rule", "missing", "required: a rule id, or a clock and an amount"))
            }
        };
        match unread {
            (name, true) => Err(crate::de::unknown_field(name, &read)),
            _ => Ok(DeadlineInput { start: f.start, basis, done: f.done, pauses: f.pauses, region: f.region }),
        }
    }
}

/// Computes a deadline on the built-in pack.
///
/// ```
/// use chrono::DateTime;
/// use guifan_core::{calendar::Calendar, deadline::{deadline, Area, Basis, DeadlineInput, Pause}};
/// let input = DeadlineInput {
///     start: DateTime::parse_from_rfc3339("2025-09-30T10:00:00+08:00").unwrap(),
///     basis: Basis::rule("SLA.COMPLAINT.ORDINARY", Area::Urban),
///     done: None,
///     pauses: Vec::new(),
///     region: Default::default(),
/// };
/// // 1–8 Oct are holidays and Saturday 11 Oct a make-up working day: 9, 10, 11 Oct count.
/// let d = deadline(&Calendar::builtin(), &input).unwrap();
/// assert_eq!(d.due.unwrap().to_rfc3339(), "2025-10-12T00:00:00+08:00");
///
/// // Waiting on the customer all of Thursday 9 October: that day is not counted (INTERP.PAUSE),
/// // so 10, 11 and Monday 13 October count.
/// let at = |s| DateTime::parse_from_rfc3339(s).unwrap();
/// let paused = DeadlineInput {
///     pauses: vec![Pause::new(at("2025-10-08T18:00:00+08:00"), at("2025-10-10T00:00:00+08:00"))],
///     ..input
/// };
/// let d = deadline(&Calendar::builtin(), &paused).unwrap();
/// assert_eq!(d.due.unwrap().to_rfc3339(), "2025-10-14T00:00:00+08:00");
/// ```
pub fn deadline(calendar: &Calendar, input: &DeadlineInput) -> Result<Deadline, Error> {
    compute(Pack::builtin(), calendar, input, &mut Trace::off())
}

/// [`deadline`] with the rules and steps behind it: for working days, every day counted or
/// skipped and why (weekend, `national_day`, make-up working Saturday …).
pub fn explain(calendar: &Calendar, input: &DeadlineInput) -> Result<Explained<Deadline>, Error> {
    explained(|trace| compute(Pack::builtin(), calendar, input, trace))
}

pub(crate) fn compute(
    pack: &Pack,
    calendar: &Calendar,
    input: &DeadlineInput,
    trace: &mut Trace,
) -> Result<Deadline, Error> {
    let (period, rule) = input.basis.resolve(pack)?;
    let period = in_region(period, pack, &input.region)?;
    if let Some(rule) = rule {
        trace.cite_source(&rule.id, &rule.source);
    }
    trace.cite("INTERP.TIME");
    let start = to_beijing("start", &input.start)?;
    let spans = pause::read(&input.pauses)?;
    // Pauses count only up to `done` (INTERP.PAUSE); without pauses `done` is only compared.
    let done = match (&input.done, spans.is_empty()) {
        (Some(done), false) => Some(to_beijing("done", done)?),
        _ => None,
    };
    let pauses = Pauses::new(&spans, start, done);
    let (due, provisional_years) = if pauses.is_empty() {
        let (due, years) = due_traced(calendar, &period, start, trace)?;
        (Some(due), years)
    } else {
        due_paused(calendar, &period, start, &pauses, trace)?
    };
    let due_at = due.map(|due| from_beijing("start", due)).transpose()?;
    // Compared as instants: any `done` chrono holds has an answer, as in `batch::met`.
    let met = input.done.and_then(|done| {
        let due_at = due_at?;
        let met = done <= due_at;
        trace.cite("INTERP.ONTIME");
        trace.note(|| {
            let done = to_beijing("done", &done).map_or_else(|e| e.value().unwrap_or_default(), format_instant);
            format!(
                "done {done} {} due {}: {}",
                if met { "<=" } else { ">" },
                due.map(format_instant).unwrap_or_default(),
                if met { "met" } else { "breached" }
            )
        });
        Some(met)
    });
    Ok(Deadline {
        due: due_at,
        clock: period.clock(),
        rule: rule.map(|r| r.id.clone()),
        met,
        pack: PackRef::from(&pack.info),
        provisional_years,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_instant;

    fn at(s: &str) -> NaiveDateTime {
        parse_instant("t", s).unwrap()
    }

    fn due_of(period: Period, start: &str) -> String {
        format_instant(due(&Calendar::builtin(), &period, at(start)).unwrap())
    }

    #[test]
    fn worked_examples_of_vectors_md() {
        let rule = |id: &str| Basis::rule(String::from(id), Area::Urban).resolve(Pack::builtin()).unwrap().0;
        assert_eq!(due_of(rule("SLA.COMPLAINT.ORDINARY"), "2025-09-30T10:00"), "2025-10-12T00:00:00+08:00");
        assert_eq!(due_of(rule("SLA.REPAIR.SAMEDAY"), "2025-03-03T16:00:00"), "2025-03-05T00:00:00+08:00");
        assert_eq!(due_of(rule("SLA.REPAIR.SAMEDAY"), "2025-03-03T15:59:59"), "2025-03-04T00:00:00+08:00");
    }

    /// Without pauses the stopped-clock arithmetic gives the plain answers, over a grid of
    /// starts (night, office hours, holidays, make-up days) and amounts.
    #[test]
    fn without_pauses_the_plain_answers() {
        let cal = Calendar::builtin();
        let hours = Pack::builtin().office_hours.hours;
        let none = Pauses::default();
        let mut start = at("2025-09-26T00:00");
        while start < at("2025-10-14T00:00") {
            for n in [1u32, 30, 59, 719, 720, 721, 1440, 5000] {
                let plain = due(&cal, &Period::WorkingMinutes(n, hours), start).unwrap();
                let paused = pause::working_time(&cal, start, i64::from(n) * 60, &hours, &none).unwrap();
                assert_eq!(paused, Some(plain), "{n} minutes from {start}");
            }
            for n in [1u32, 2, 3, 10] {
                let plain = due(&cal, &Period::WorkingDays(n), start).unwrap();
                let counted = pause::count_days(&cal, start.date(), n, true, &none).unwrap().unwrap();
                assert_eq!(counted.succ_opt().unwrap().and_time(NaiveTime::MIN), plain, "{n} days from {start}");
                let plain = due(&cal, &Period::CalendarDays(n), start).unwrap();
                let counted = pause::count_days(&cal, start.date(), n, false, &none).unwrap().unwrap();
                assert_eq!(counted.succ_opt().unwrap().and_time(NaiveTime::MIN), plain);
            }
            assert_eq!(pause::clock_time(start, 7200, &none).unwrap(), Some(start + Duration::hours(2)));
            start += Duration::minutes(97);
        }
    }

    #[test]
    fn every_class_has_its_rule() {
        for incident in [Incident::Complaint, Incident::Fault] {
            for class in [CustomerClass::Ordinary, CustomerClass::Brand, CustomerClass::Vip] {
                let id = &Pack::builtin().rule_for(incident, class).unwrap().id;
                assert_eq!(*id, format!("SLA.{}.{}", incident.as_str(), class.as_str()).to_uppercase());
            }
        }
    }

    #[test]
    fn working_minutes_edges() {
        let p = Period::WorkingMinutes(30, Pack::builtin().office_hours.hours);
        assert_eq!(due_of(p, "2025-03-03T10:00:30"), "2025-03-03T10:30:30+08:00");
        assert_eq!(due_of(p, "2025-03-03T19:30"), "2025-03-03T20:00:00+08:00");
        assert_eq!(due_of(p, "2025-03-03T19:45"), "2025-03-04T08:15:00+08:00");
        assert_eq!(due_of(p, "2025-03-03T20:00"), "2025-03-04T08:30:00+08:00");
        assert_eq!(due_of(p, "2025-03-03T07:00"), "2025-03-03T08:30:00+08:00");
        // Friday evening before National Day 2025: next opening is Thursday 9 October.
        assert_eq!(due_of(p, "2025-09-30T19:50"), "2025-10-09T08:20:00+08:00");
        // 720 minutes fill one office day exactly; 1440 end at 20:00 of the next working day.
        assert_eq!(
            due_of(Period::WorkingMinutes(720, Pack::builtin().office_hours.hours), "2025-03-03T08:00"),
            "2025-03-03T20:00:00+08:00"
        );
        assert_eq!(
            due_of(Period::WorkingMinutes(1440, Pack::builtin().office_hours.hours), "2025-03-03T08:00"),
            "2025-03-04T20:00:00+08:00"
        );
        assert_eq!(
            due_of(Period::WorkingMinutes(1441, Pack::builtin().office_hours.hours), "2025-03-07T08:00"),
            "2025-03-11T08:01:00+08:00"
        );
    }

    /// chrono's extreme instants have no Beijing wall time in the years 1–9999: the start is an
    /// error; a `done` anywhere chrono holds is compared as an instant.
    #[test]
    fn extreme_instants_are_errors_or_compared() {
        use chrono::Utc;
        let basis = Basis::rule("SLA.COMPLAINT.ORDINARY", Area::Urban);
        for start in [DateTime::<Utc>::MAX_UTC, DateTime::<Utc>::MIN_UTC] {
            let input = DeadlineInput {
                start: start.fixed_offset(),
                basis: basis.clone(),
                done: None,
                pauses: Vec::new(),
                region: Default::default(),
            };
            let e = deadline(&Calendar::builtin(), &input).unwrap_err();
            assert_eq!((e.kind(), e.field()), ("invalid_input", Some("start")));
        }
        let start = DateTime::parse_from_rfc3339("2025-09-30T10:00:00+08:00").unwrap();
        for (done, met) in [(DateTime::<Utc>::MAX_UTC, false), (DateTime::<Utc>::MIN_UTC, true)] {
            let input = DeadlineInput {
                start,
                basis: basis.clone(),
                done: Some(done.fixed_offset()),
                pauses: Vec::new(),
                region: Default::default(),
            };
            assert_eq!(explain(&Calendar::builtin(), &input).unwrap().result.met, Some(met));
        }
    }

    #[test]
    fn calendar_clocks_never_need_the_calendar() {
        assert_eq!(due_of(Period::ClockHours(28), "2030-01-01T10:00"), "2030-01-02T14:00:00+08:00");
        assert_eq!(due_of(Period::CalendarDays(3), "2030-12-30T23:59"), "2031-01-03T00:00:00+08:00");
        let cal = Calendar::builtin();
        let e = due(&cal, &Period::WorkingDays(3), at("2026-12-30T10:00")).unwrap_err();
        assert_eq!(e, Error::year_unknown("start", 2027));
        let e = due(&cal, &Period::ClockHours(u32::MAX), at("9999-12-31T00:00")).unwrap_err();
        assert_eq!(e.kind(), "invalid_input");
    }

    #[test]
    fn explanation_lists_counted_and_skipped_days() {
        let input = DeadlineInput {
            start: DateTime::parse_from_rfc3339("2025-09-30T10:00:00+08:00").unwrap(),
            basis: Basis::rule("SLA.COMPLAINT.ORDINARY", Area::Urban),
            done: Some(DateTime::parse_from_rfc3339("2025-10-12T00:00:00+08:00").unwrap()),
            pauses: Vec::new(),
            region: Default::default(),
        };
        let e = explain(&Calendar::builtin(), &input).unwrap();
        assert_eq!(e.result.met, Some(true));
        assert_eq!(e.explanation.rules[0].id, "SLA.COMPLAINT.ORDINARY");
        assert_eq!(e.result.pack.name, "guifan-builtin");
        let days: alloc::vec::Vec<(String, bool)> = e
            .explanation
            .steps
            .iter()
            .filter_map(|s| match s {
                crate::explain::Step::Day { date, counted, .. } => Some((format_date(*date), *counted)),
                _ => None,
            })
            .collect();
        assert_eq!(days.len(), 11); // 1–11 October
        assert_eq!(days.iter().filter(|d| d.1).count(), 3);
        assert_eq!(days[10], (String::from("2025-10-11"), true));
    }

    /// A working day the whole of which is paused is skipped, and its step says why.
    #[test]
    fn explanation_marks_the_days_wholly_paused() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
        let input = DeadlineInput {
            start: at("2025-03-03T10:00:00+08:00"),
            basis: Basis::rule("SLA.COMPLAINT.ORDINARY", Area::Urban),
            done: None,
            // All of Tuesday, and Wednesday morning only.
            pauses: alloc::vec![Pause::new(at("2025-03-04T00:00:00+08:00"), at("2025-03-05T12:00:00+08:00"))],
            region: Default::default(),
        };
        let e = explain(&Calendar::builtin(), &input).unwrap();
        let days: alloc::vec::Vec<(String, bool, bool)> = e
            .explanation
            .steps
            .iter()
            .filter_map(|s| match s {
                crate::explain::Step::Day { date, counted, paused, .. } => {
                    Some((format_date(*date), *counted, *paused))
                }
                _ => None,
            })
            .collect();
        let day = |d: &str, counted, paused| (String::from(d), counted, paused);
        assert_eq!(
            days,
            [
                day("2025-03-04", false, true),
                day("2025-03-05", true, false),
                day("2025-03-06", true, false),
                day("2025-03-07", true, false)
            ]
        );
        let json = serde_json::to_value(&e.explanation.steps).unwrap();
        let flags: alloc::vec::Vec<bool> =
            json.as_array().unwrap().iter().filter_map(|s| s.get("paused")?.as_bool()).collect();
        assert_eq!(flags, [true], "written only where true");
    }
}

//! Stopped clocks (INTERP.PAUSE): the spans `[from, to)` in which a deadline's clock does not run,
//! and the arithmetic of each clock around them.
//!
//! Pauses are read as given (any order, overlapping, before the start, open); when a deadline is
//! computed they are cut at the start, ended at `done` when the work is done, and merged where
//! they overlap or touch. Time clocks stop inside them; day clocks skip the days wholly inside
//! them.

use alloc::format;
use alloc::vec::Vec;
use chrono::{DateTime, Days, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};

use crate::calendar::Calendar;
use crate::pack::OfficeHours;
use crate::time::{format_instant, to_beijing};
use crate::Error;

/// A span in which a deadline's clock stops: `[from, to)`, open (no end yet) while `to` is none.
/// `to` before `from` is an error (`pauses[i].to`); an empty pause changes nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct Pause {
    /// When the clock stops (any offset, or none: Beijing time).
    #[serde(with = "crate::time::instant")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::time::Instant"))]
    pub from: DateTime<FixedOffset>,
    /// When it runs again; absent or `null` while the pause is open.
    #[serde(default, with = "crate::time::opt_instant")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::time::Instant>"))]
    pub to: Option<DateTime<FixedOffset>>,
}

crate::de::objects_only!(Pause);

impl Pause {
    /// A pause from `from` to `to`.
    pub fn new(from: DateTime<FixedOffset>, to: DateTime<FixedOffset>) -> Self {
        Pause { from, to: Some(to) }
    }

    /// A pause from `from` that has not ended.
    pub fn open(from: DateTime<FixedOffset>) -> Self {
        Pause { from, to: None }
    }
}

/// A span of Beijing wall time; `to` none: open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Span {
    pub(crate) from: NaiveDateTime,
    pub(crate) to: Option<NaiveDateTime>,
}

impl Span {
    fn contains(&self, t: NaiveDateTime) -> bool {
        self.from <= t && self.to.is_none_or(|to| t < to)
    }
}

/// The pauses of one deadline, cut at its start, ended at its `done`, sorted and merged.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Pauses(pub(crate) Vec<Span>);

/// The error of a pause ending before it starts.
fn backwards(i: usize, from: NaiveDateTime, to: NaiveDateTime) -> Error {
    Error::invalid(
        format!("pauses[{i}].to"),
        format_instant(to),
        format!("a pause cannot end before it starts ({})", format_instant(from)),
    )
}

/// Reads every pause as Beijing wall time, checking each ends after it starts.
pub(crate) fn read(pauses: &[Pause]) -> Result<Vec<Span>, Error> {
    let mut out = Vec::with_capacity(pauses.len());
    for (i, p) in pauses.iter().enumerate() {
        let from = to_beijing(&format!("pauses[{i}].from"), &p.from)?;
        let to = match &p.to {
            Some(to) => Some(to_beijing(&format!("pauses[{i}].to"), to)?),
            None => None,
        };
        out.push(span(i, from, to)?);
    }
    Ok(out)
}

/// Pause `i` from `from` to `to` (Beijing wall time), refused when it ends before it starts.
pub(crate) fn span(i: usize, from: NaiveDateTime, to: Option<NaiveDateTime>) -> Result<Span, Error> {
    match to.filter(|to| *to < from) {
        Some(to) => Err(backwards(i, from, to)),
        None => Ok(Span { from, to }),
    }
}

impl Pauses {
    /// The pauses that stop a clock started at `start` (and done at `done`): each cut at the
    /// start and ended at `done`, empty ones dropped, the rest sorted and merged where they
    /// overlap or touch.
    pub(crate) fn new(spans: &[Span], start: NaiveDateTime, done: Option<NaiveDateTime>) -> Pauses {
        let mut merged = Vec::with_capacity(spans.len());
        cut(spans.iter().map(|s| (s.from, s.to)), start, done, &mut merged);
        Pauses(merged.into_iter().map(|(from, to)| Span { from, to }).collect())
    }

    /// Whether no pause stops the clock.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether the clock is stopped at `t`.
    pub(crate) fn contains(&self, t: NaiveDateTime) -> bool {
        self.0.iter().any(|s| s.contains(t))
    }

    /// The spans of whole days paused, as `[first, end)` dates (`end` none: every day on).
    pub(crate) fn whole_days(&self) -> Vec<Stretch<NaiveDate>> {
        let first = |from: NaiveDateTime| match from.time() == NaiveTime::MIN {
            true => Some(from.date()),
            false => from.date().succ_opt(),
        };
        let stretches: Vec<Stretch<NaiveDateTime>> = self.0.iter().map(|s| (s.from, s.to)).collect();
        let mut days = Vec::new();
        whole_days(&stretches, first, |to| to.date(), &mut days);
        days
    }

    /// Whether date `d` is paused from its 00:00 to its 24:00.
    pub(crate) fn wholly_paused(&self, d: NaiveDate) -> bool {
        self.whole_days().iter().any(|(a, b)| *a <= d && b.is_none_or(|b| d < b))
    }

    /// Running seconds in `[a, b)` outside the pauses.
    fn running(&self, a: NaiveDateTime, b: NaiveDateTime) -> i64 {
        if b <= a {
            return 0;
        }
        let paused: i64 = self
            .0
            .iter()
            .map(|s| {
                let from = s.from.max(a);
                let to = s.to.map_or(b, |to| to.min(b));
                (to - from).num_seconds().max(0)
            })
            .sum();
        (b - a).num_seconds() - paused
    }
}

fn out_of_range(start: NaiveDateTime) -> Error {
    Error::invalid("start", format_instant(start), "the deadline falls outside the years 1–9999")
}

/// Where `seconds` of running time from `start` end on a clock that always runs but in the
/// pauses; none while an open pause leaves it unknown.
pub(crate) fn clock_time(start: NaiveDateTime, seconds: i64, pauses: &Pauses) -> Result<Option<NaiveDateTime>, Error> {
    let (mut t, mut left) = (start, seconds);
    let end =
        |t: NaiveDateTime, left: i64| t.checked_add_signed(Duration::seconds(left)).ok_or_else(|| out_of_range(start));
    for s in &pauses.0 {
        let reach = end(t, left)?;
        if s.from >= reach {
            break;
        }
        left -= (s.from - t).num_seconds();
        match s.to {
            Some(to) => t = to,
            None => return Ok(None),
        }
    }
    end(t, left).map(Some)
}

/// The working spans of a day under `hours`, as instants.
fn spans_of(d: NaiveDate, hours: &OfficeHours) -> impl Iterator<Item = (NaiveDateTime, NaiveDateTime)> + '_ {
    hours.spans().map(move |(open, close)| (d.and_time(open), d.and_time(close)))
}

/// Where `seconds` of working time (inside `hours` on working days, outside the pauses) from
/// `start` end; none while an open pause leaves it unknown. Reaching a span's close exactly is
/// due then.
pub(crate) fn working_time(
    calendar: &Calendar,
    start: NaiveDateTime,
    seconds: i64,
    hours: &OfficeHours,
    pauses: &Pauses,
) -> Result<Option<NaiveDateTime>, Error> {
    if seconds == 0 {
        return Ok(Some(start));
    }
    let mut left = seconds;
    let mut t = start;
    let mut next = 0; // the first pause that may still matter
    loop {
        // Inside a pause: jump to its end (or give up on an open one).
        while let Some(s) = pauses.0.get(next) {
            if s.to.is_some_and(|to| to <= t) {
                next += 1;
            } else if s.from <= t {
                match s.to {
                    Some(to) => t = to,
                    None => return Ok(None),
                }
            } else {
                break;
            }
        }
        let d = t.date();
        if calendar.is_working_day(d)? {
            for (open, close) in spans_of(d, hours) {
                let mut cur = open.max(t);
                while cur < close {
                    let stop = match pauses.0.get(next) {
                        Some(s) if s.to.is_some_and(|to| to <= cur) => {
                            next += 1;
                            continue;
                        }
                        Some(s) if s.from <= cur => match s.to {
                            Some(to) => {
                                cur = to;
                                continue;
                            }
                            None => return Ok(None),
                        },
                        Some(s) => s.from.min(close),
                        None => close,
                    };
                    let run = (stop - cur).num_seconds();
                    if run >= left {
                        return Ok(Some(cur + Duration::seconds(left)));
                    }
                    left -= run;
                    cur = stop;
                }
            }
        }
        t = d.succ_opt().map(|d| d.and_time(NaiveTime::MIN)).ok_or_else(|| out_of_range(start))?;
    }
}

/// Working seconds in `[a, b)`: inside `hours` on working days, outside the pauses.
pub(crate) fn working_between(
    calendar: &Calendar,
    a: NaiveDateTime,
    b: NaiveDateTime,
    hours: &OfficeHours,
    pauses: &Pauses,
) -> Result<i64, Error> {
    let mut total = 0;
    let mut d = a.date();
    while d <= b.date() {
        if calendar.is_working_day(d)? {
            for (open, close) in spans_of(d, hours) {
                let (x, y) = (open.max(a), close.min(b));
                total += pauses.running(x, y);
            }
        }
        d = match d.succ_opt() {
            Some(d) => d,
            None => break,
        };
    }
    Ok(total)
}

/// Running seconds of a clock-hours clock in `[a, b)`.
pub(crate) fn clock_between(a: NaiveDateTime, b: NaiveDateTime, pauses: &Pauses) -> i64 {
    pauses.running(a, b)
}

/// The `n`-th countable day after `after` (`n` ≥ 1): every calendar day, or every working day,
/// but those wholly paused; none when an open pause stops the count first.
pub(crate) fn count_days(
    calendar: &Calendar,
    after: NaiveDate,
    n: u32,
    working: bool,
    pauses: &Pauses,
) -> Result<Option<NaiveDate>, Error> {
    nth_day(calendar, after, n, working, &pauses.whole_days()).map_err(|miss| match miss {
        Some(e) => e.at("start"),
        None => Error::invalid("start", format!("{after}"), "the deadline falls outside the years 1–9999"),
    })
}

/// Countable days from `from` through `to` (both included), stretch by stretch between the
/// wholly paused days.
pub(crate) fn countable_days(
    calendar: &Calendar,
    from: NaiveDate,
    to: NaiveDate,
    working: bool,
    pauses: &Pauses,
) -> Result<u32, Error> {
    days_between(calendar, from, to, working, &pauses.whole_days()).map_err(|miss| match miss {
        Some(e) => e,
        None => Error::invalid("start", format!("{from}"), "the deadline falls outside the years 1–9999"),
    })
}

// The arithmetic of stopped clocks on any measure of time, written once: the scalar path runs it
// on Beijing wall time and dates, the batch path (`batch::tickets`) on epoch µs and day numbers.

/// A stretch of time paused, in any measure of time: from, and to (none while open).
pub(crate) type Stretch<T> = (T, Option<T>);

/// The pauses of one clock: `spans` cut at `start` and ended at `done`, the empty ones dropped,
/// the rest sorted (stably) and merged where they overlap or touch, into `out`.
pub(crate) fn cut<T: Ord + Copy>(
    spans: impl IntoIterator<Item = Stretch<T>>,
    start: T,
    done: Option<T>,
    out: &mut Vec<Stretch<T>>,
) {
    out.clear();
    for (from, to) in spans {
        let from = from.max(start);
        let to = match (to, done) {
            (Some(to), Some(done)) => Some(to.min(done)),
            (None, Some(done)) => Some(done),
            (to, None) => to,
        };
        if to.is_none_or(|to| to > from) {
            out.push((from, to));
        }
    }
    if out.len() <= 16 {
        // A clock has a few pauses: an insertion sort, which allocates nothing.
        for i in 1..out.len() {
            let mut j = i;
            while j > 0 && out[j - 1].0 > out[j].0 {
                out.swap(j - 1, j);
                j -= 1;
            }
        }
    } else {
        crate::order::sort_by_key(out, |s| s.0);
    }
    let mut merged = 0usize;
    for i in 0..out.len() {
        let (from, to) = out[i];
        if let Some(last) = merged.checked_sub(1).map(|m| &mut out[m]) {
            if last.1.is_none_or(|end| from <= end) {
                last.1 = match (last.1, to) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    _ => None,
                };
                continue;
            }
        }
        out[merged] = (from, to);
        merged += 1;
    }
    out.truncate(merged);
}

/// The stretches of whole days inside merged pauses, as `[first, end)` days (`end` none: every
/// day on): `first` gives a pause's first whole day (its own when it starts at midnight, else
/// the next), `day` the day an end falls on.
pub(crate) fn whole_days<T: Copy, D: Ord + Copy>(
    cut: &[Stretch<T>],
    first: impl Fn(T) -> Option<D>,
    day: impl Fn(T) -> D,
    out: &mut Vec<Stretch<D>>,
) {
    out.clear();
    for &(from, to) in cut {
        let Some(first) = first(from) else { continue };
        let end = to.map(&day);
        if end.is_none_or(|end| first < end) {
            out.push((first, end));
        }
    }
}

/// Days as the day clocks count them: dates, with the contract's errors (`None`: outside the
/// years kept), or day numbers on the batch path (a miss sends the ticket to the scalar path).
pub(crate) trait Day: Copy + Ord {
    type Miss;
    /// The `k`-th countable day after this one.
    fn after(self, calendar: &Calendar, k: u32, working: bool) -> Result<Self, Self::Miss>;
    /// Countable days from `a` through `z`, `a <= z`.
    fn count(calendar: &Calendar, a: Self, z: Self, working: bool) -> Result<u32, Self::Miss>;
    fn next(self) -> Result<Self, Self::Miss>;
    fn prev(self) -> Result<Self, Self::Miss>;
}

impl Day for NaiveDate {
    type Miss = Option<Error>;

    fn after(self, calendar: &Calendar, k: u32, working: bool) -> Result<Self, Self::Miss> {
        match working {
            true => calendar.add_working_days(self, i64::from(k)).map_err(Some),
            false => self.checked_add_days(Days::new(u64::from(k))).ok_or(None),
        }
    }

    fn count(calendar: &Calendar, a: Self, z: Self, working: bool) -> Result<u32, Self::Miss> {
        match working {
            true => calendar.count_working_days(a, z).map_err(Some),
            false => Ok(u32::try_from((z - a).num_days() + 1).unwrap_or(u32::MAX)),
        }
    }

    fn next(self) -> Result<Self, Self::Miss> {
        self.succ_opt().ok_or(None)
    }

    fn prev(self) -> Result<Self, Self::Miss> {
        self.pred_opt().ok_or(None)
    }
}

impl Day for i64 {
    type Miss = ();

    fn after(self, calendar: &Calendar, k: u32, working: bool) -> Result<Self, ()> {
        match working {
            true => calendar.add_working_days_from_epoch_day(self, k).ok_or(()),
            false => self.checked_add(i64::from(k)).ok_or(()),
        }
    }

    fn count(calendar: &Calendar, a: Self, z: Self, working: bool) -> Result<u32, ()> {
        match working {
            true => calendar.count_working_days_from_epoch_day(a, z).ok_or(()),
            false => u32::try_from(z - a + 1).map_err(|_| ()),
        }
    }

    fn next(self) -> Result<Self, ()> {
        self.checked_add(1).ok_or(())
    }

    fn prev(self) -> Result<Self, ()> {
        self.checked_sub(1).ok_or(())
    }
}

/// Countable days from `a` through `z` (none when `z < a`).
fn stretch<D: Day>(calendar: &Calendar, a: D, z: D, working: bool) -> Result<u32, D::Miss> {
    match a <= z {
        true => D::count(calendar, a, z, working),
        false => Ok(0),
    }
}

/// The `n`-th countable day after `before` (`n` ≥ 1), the wholly paused `days` skipped; none
/// when an open pause stops the count first.
pub(crate) fn nth_day<D: Day>(
    calendar: &Calendar,
    mut before: D,
    n: u32,
    working: bool,
    days: &[Stretch<D>],
) -> Result<Option<D>, D::Miss> {
    let mut left = n;
    for &(first, end) in days {
        if first > before {
            let target = before.after(calendar, left, working)?;
            if target < first {
                return Ok(Some(target));
            }
            // Every countable day between `before` and the paused days is used up.
            left -= stretch(calendar, before.next()?, first.prev()?, working)?;
        }
        match end {
            Some(end) => before = before.max(end.prev()?),
            None => return Ok(None),
        }
    }
    before.after(calendar, left, working).map(Some)
}

/// Countable days from `from` through `to` (both included), stretch by stretch between the
/// wholly paused `days`, so a long period costs no more than its pauses.
pub(crate) fn days_between<D: Day>(
    calendar: &Calendar,
    from: D,
    to: D,
    working: bool,
    days: &[Stretch<D>],
) -> Result<u32, D::Miss> {
    let mut total = 0u32;
    let mut next = from; // the first day not yet looked at
    for &(first, end) in days {
        if next > to {
            break;
        }
        if first > next {
            total = total.saturating_add(stretch(calendar, next, first.prev()?.min(to), working)?);
        }
        match end {
            Some(end) => next = next.max(end),
            None => return Ok(total),
        }
    }
    if next <= to {
        total = total.saturating_add(stretch(calendar, next, to, working)?);
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::Pack;
    use crate::time::parse_instant;
    use proptest::prelude::*;

    proptest! {
        /// However many pauses (both sorts: up to 16 and more), the cut pauses are sorted,
        /// apart, and stop the clock exactly where a given pause does, from the start to done.
        #[test]
        fn cut_pauses_stop_the_clock_where_the_given_ones_do(
            spans in proptest::collection::vec((0i64..100, proptest::option::of(0i64..100)), 0..40),
            start in 0i64..50,
            done in proptest::option::of(0i64..100),
        ) {
            let spans: Vec<Stretch<i64>> = spans.into_iter().filter(|&(f, t)| t.is_none_or(|t| t >= f)).collect();
            let mut got = Vec::new();
            cut(spans.iter().copied(), start, done, &mut got);
            for pair in got.windows(2) {
                prop_assert!(pair[0].1.is_some_and(|end| end < pair[1].0), "{:?}", got);
            }
            let inside = |t: i64, &(f, to): &Stretch<i64>| f <= t && to.is_none_or(|to| t < to);
            for t in 0..=101 {
                let given = t >= start && done.is_none_or(|d| t < d) && spans.iter().any(|s| inside(t, s));
                prop_assert_eq!(got.iter().any(|s| inside(t, s)), given, "t = {}", t);
            }
        }
    }

    fn at(s: &str) -> NaiveDateTime {
        parse_instant("t", s).unwrap()
    }

    fn span(from: &str, to: Option<&str>) -> Span {
        Span { from: at(from), to: to.map(at) }
    }

    #[test]
    fn pauses_are_cut_ended_and_merged() {
        let spans = [
            span("2025-03-03T14:00", Some("2025-03-03T15:00")),
            span("2025-03-03T06:00", Some("2025-03-03T10:00")),
            span("2025-03-03T10:00", Some("2025-03-03T11:00")),
            span("2025-03-03T12:00", Some("2025-03-03T12:00")),
            span("2025-03-03T01:00", Some("2025-03-03T02:00")),
            span("2025-03-03T16:00", None),
        ];
        let p = Pauses::new(&spans, at("2025-03-03T09:00"), None);
        assert_eq!(
            p.0,
            [
                span("2025-03-03T09:00", Some("2025-03-03T11:00")),
                span("2025-03-03T14:00", Some("2025-03-03T15:00")),
                span("2025-03-03T16:00", None)
            ]
        );
        // Done at 14:30: the pause around it ends there, the open one after it is gone.
        let p = Pauses::new(&spans, at("2025-03-03T09:00"), Some(at("2025-03-03T14:30")));
        assert_eq!(p.0.last(), Some(&span("2025-03-03T14:00", Some("2025-03-03T14:30"))));
        assert!(p.contains(at("2025-03-03T10:59:59")) && !p.contains(at("2025-03-03T11:00")));
    }

    #[test]
    fn backwards_pauses_name_their_index() {
        let t = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
        let pauses = [
            Pause::new(t("2025-03-03T10:00:00+08:00"), t("2025-03-03T11:00:00+08:00")),
            Pause::open(t("2025-03-03T12:00:00+08:00")),
            Pause::new(t("2025-03-03T15:00:00+08:00"), t("2025-03-03T14:00:00+08:00")),
        ];
        let e = read(&pauses).unwrap_err();
        assert_eq!(
            (e.kind(), e.field(), e.value().as_deref()),
            ("invalid_input", Some("pauses[2].to"), Some("2025-03-03T14:00:00+08:00"))
        );
    }

    /// Stretch by stretch, the same count as day by day.
    #[test]
    fn countable_days_agree_with_a_day_by_day_count() {
        let cal = Calendar::builtin();
        let p = Pauses::new(
            &[
                span("2025-09-29T12:00", Some("2025-10-02T00:00")),
                span("2025-10-09T00:00", Some("2025-10-10T00:00")),
                span("2025-10-12T00:00", Some("2025-10-15T06:00")),
                span("2025-10-20T00:00", None),
            ],
            at("2025-09-28T10:00"),
            None,
        );
        let day = |s: &str| at(s).date();
        let mut from = day("2025-09-27T00:00");
        while from < day("2025-10-25T00:00") {
            let mut to = from;
            while to < day("2025-10-25T00:00") {
                for working in [true, false] {
                    let mut slow = 0;
                    let mut d = from;
                    while d <= to {
                        slow += u32::from(!p.wholly_paused(d) && (!working || cal.is_working_day(d).unwrap()));
                        d = d.succ_opt().unwrap();
                    }
                    assert_eq!(countable_days(&cal, from, to, working, &p).unwrap(), slow, "{from}..{to} {working}");
                }
                to = to.succ_opt().unwrap();
            }
            from = from.succ_opt().unwrap();
        }
    }

    #[test]
    fn remaining_time_skips_pauses_and_closed_hours() {
        let cal = Calendar::builtin();
        let hours = Pack::builtin().office_hours.hours;
        let p = Pauses::new(&[span("2025-03-03T12:00", Some("2025-03-03T14:00"))], at("2025-03-03T08:00"), None);
        // 08:00 Monday to 10:00 Tuesday: 12 office hours Monday less 2 paused, then 2.
        let secs = working_between(&cal, at("2025-03-03T08:00"), at("2025-03-04T10:00"), &hours, &p).unwrap();
        assert_eq!(secs, 12 * 3600);
        assert_eq!(clock_between(at("2025-03-03T11:00"), at("2025-03-03T15:00"), &p), 2 * 3600);
        // 30 Sep, then 9, 10 and 11 Oct (a make-up Saturday) after the National Day holidays.
        let (from, to) = (at("2025-09-30T00:00").date(), at("2025-10-11T00:00").date());
        assert_eq!(countable_days(&cal, from, to, true, &p).unwrap(), 4);
    }
}

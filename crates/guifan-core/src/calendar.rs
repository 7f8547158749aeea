//! The working-day calendar of mainland China (INTERP.UNITS, INTERP.CALENDAR).
//!
//! Working days are one bitset over every day of the known years, with a rank table per 64-day
//! word and a select hint per 64 working days, so "is this a working day", "count working days
//! between" and "add N working days" cost the same for N = 1 or N = 5000: a date's offset is
//! its year's start plus its day of the year, a count is two ranks, an addition a rank and a
//! select. The official schedule 2004–2026 is compiled in; later years
//! (say 2027, once the State Council publishes it) are loaded at run time from JSON in the same
//! format, or given date by date ([`Calendar::builder`]: a billing system's own holiday table,
//! checked by the same loader), and layers on top of it (a province's extra holiday, a
//! company's closure days) in the same format with an `overlay` name. Any working-day question touching a year without a
//! schedule is [`Error::CalendarYearUnknown`], never a guess; the error names the argument the
//! question was asked from (`date`, `from` or `to`).
//!
//! On request only ([`Calendar::set_provisional`], INTERP.PROVISIONAL), years without a published
//! schedule from 2025 to 2100 are answered provisionally from the statutory holidays of the law
//! ([`statutory`]), weekends otherwise, and [`Calendar::provisional_years`] tells which of them
//! an answer rests on. Loading a year's published schedule replaces its provisional days.

use alloc::borrow::Cow;
use alloc::vec::Vec;
use chrono::{Datelike, Duration, NaiveDate, Weekday};

use crate::Error;

pub use builder::CalendarBuilder;

mod builder;
mod load;
pub mod notice;
pub mod statutory;
mod layout {
    use alloc::vec;
    use alloc::vec::Vec;
    include!("calendar/layout.rs");
}

mod data {
    use super::{HolidayName, Mark, YearSource};
    use alloc::borrow::Cow;
    include!(concat!(env!("OUT_DIR"), "/calendar_data.rs"));
}

/// The stable key and Chinese name of an official holiday, e.g. `national_day` / 国庆节.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct HolidayName {
    /// Stable snake_case key (`spring_festival`, `national_day` …).
    pub key: Cow<'static, str>,
    /// The name in the State Council notice (春节, 国庆节 …).
    pub zh: Cow<'static, str>,
}

/// A day that the schedule names: an official rest day, or a make-up working day and the
/// holiday it makes up for. `day` counts from 1 January of the calendar's first year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Mark {
    pub(crate) day: u32,
    pub(crate) name: usize,
}

/// Where a year's schedule comes from: a notice's title, number and date, as the calendar
/// document's `source` states it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct YearSource {
    pub(crate) year: i32,
    pub(crate) text: Cow<'static, str>,
}

/// A year without a schedule that is here or about to start: what
/// [`Calendar::unknown_year_ahead`] warns about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct UnknownYear {
    /// The year without a schedule.
    pub year: i32,
    /// Days from the day asked about to its 1 January (0 or less: it has started).
    pub days_until: i64,
}

/// How far ahead an unknown next year is worth a warning: the State Council publishes the
/// schedule in November or December (the 2017 one on 2016-12-01), so from about two months
/// before the new year a missing schedule is news an operator's IT team must act on.
pub const UNKNOWN_YEAR_WARNING_DAYS: i64 = 60;

/// Why a day is or is not a working day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// An ordinary Monday–Friday.
    Workday,
    /// A Saturday or Sunday declared a working day (调休上班), or a day a layer opens.
    MakeupWorkday,
    /// An ordinary Saturday or Sunday.
    Weekend,
    /// A rest day of an official holiday block (weekend days and swapped weekdays included), or
    /// a day a layer closes.
    Holiday,
}

/// Everything the calendar knows about one date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Day<'a> {
    /// The date asked about.
    pub date: NaiveDate,
    /// Why it is (not) a working day.
    pub kind: DayKind,
    /// The holiday the day belongs to (rest day) or makes up for (make-up working day).
    pub holiday: Option<&'a HolidayName>,
}

impl Day<'_> {
    /// Whether the day is a working day.
    pub fn is_working_day(&self) -> bool {
        matches!(self.kind, DayKind::Workday | DayKind::MakeupWorkday)
    }
}

/// A working-day calendar: the built-in official schedule plus any years loaded at run time.
///
/// Cloning the built-in calendar copies no tables (they are `'static`).
#[derive(Clone, Debug)]
pub struct Calendar {
    first_year: i32,
    /// Day number (0001-01-01 = 0) of 1 January of `first_year`: table offset 0.
    base: i64,
    /// One entry per year from `first_year`: published, provisional or unknown.
    years: Cow<'static, [Schedule]>,
    /// Whether years without a published schedule are answered provisionally.
    provisional: bool,
    /// Every year from `first_year` is answered: no answer can jump a gap of unknown years.
    contiguous: bool,
    /// Table offset of 1 January of each year from `first_year`, and one past the last year.
    year_starts: Cow<'static, [u32]>,
    words: Cow<'static, [u64]>,
    rank: Cow<'static, [u32]>,
    /// The word holding each `HINT_STRIDE`-th working day.
    hints: Cow<'static, [u32]>,
    rest: Cow<'static, [Mark]>,
    makeup: Cow<'static, [Mark]>,
    /// Days layers close (rest days on top of the national schedule).
    closed: Cow<'static, [Mark]>,
    /// Days layers open (working days on top of the national schedule).
    opened: Cow<'static, [Mark]>,
    names: Cow<'static, [HolidayName]>,
    /// Each known year's sources, in year order, a year's own schedule before its amendments.
    sources: Cow<'static, [YearSource]>,
}

/// What the calendar knows of a year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Schedule {
    /// No schedule: working-day questions about it are errors.
    Unknown,
    /// The State Council's schedule (built in or loaded).
    Published,
    /// Answered from the statutory holidays only, on request (INTERP.PROVISIONAL).
    Provisional,
}

static BUILTIN_YEARS: [Schedule; (data::LAST_YEAR - data::FIRST_YEAR + 1) as usize] =
    [Schedule::Published; (data::LAST_YEAR - data::FIRST_YEAR + 1) as usize];

/// The official schedule compiled into the crate: the tables are the build script's statics.
pub(crate) static BUILTIN: Calendar = Calendar {
    first_year: data::FIRST_YEAR,
    base: data::BASE,
    years: Cow::Borrowed(&BUILTIN_YEARS),
    provisional: false,
    contiguous: true,
    year_starts: Cow::Borrowed(&data::YEAR_STARTS),
    words: Cow::Borrowed(&data::WORDS),
    rank: Cow::Borrowed(&data::RANK),
    hints: Cow::Borrowed(&data::HINTS),
    rest: Cow::Borrowed(&data::REST),
    makeup: Cow::Borrowed(&data::MAKEUP),
    closed: Cow::Borrowed(&[]),
    opened: Cow::Borrowed(&[]),
    names: Cow::Borrowed(&data::NAMES),
    sources: Cow::Borrowed(&data::SOURCES),
};

impl Default for Calendar {
    fn default() -> Self {
        Self::builtin()
    }
}

/// Day number with 0001-01-01 = 0 (the numbering of `layout`).
fn day_number(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce()) - 1
}

fn date_of(day_number: i64) -> NaiveDate {
    // Day numbers handed back are always inside a calendar's years, so this cannot fail.
    NaiveDate::from_num_days_from_ce_opt((day_number + 1) as i32).expect("day inside the calendar")
}

impl Calendar {
    /// The official schedule compiled into the crate (2004–2026).
    pub fn builtin() -> Self {
        BUILTIN.clone()
    }

    /// The years whose schedule is known (published), in order.
    pub fn known_years(&self) -> impl Iterator<Item = i32> + '_ {
        let first = self.first_year;
        self.years.iter().enumerate().filter(|(_, s)| **s == Schedule::Published).map(move |(i, _)| first + i as i32)
    }

    /// Where the schedule of `year` comes from: the notice it was read from, then each notice
    /// that amended it, in the order loaded (nothing for a year loaded without a `source`).
    ///
    /// ```
    /// use guifan_core::calendar::Calendar;
    /// let cal = Calendar::builtin();
    /// let sources: Vec<&str> = cal.sources(2026).collect();
    /// assert!(sources[0].starts_with("国务院办公厅关于2026年部分节假日安排的通知"));
    /// ```
    pub fn sources(&self, year: i32) -> impl Iterator<Item = &str> + '_ {
        self.sources.iter().filter(move |s| s.year == year).map(|s| s.text.as_ref())
    }

    /// The year to warn about on `today`: this year when its schedule is unknown, else next
    /// year when it is unknown and its 1 January is at most [`UNKNOWN_YEAR_WARNING_DAYS`] days
    /// away. The one rule behind every surface's warning (the CLI, the demo, Python, the
    /// playground).
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use guifan_core::calendar::Calendar;
    /// let cal = Calendar::builtin(); // 2004–2026
    /// let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    /// let ahead = cal.unknown_year_ahead(day(12, 2)).unwrap();
    /// assert_eq!((ahead.year, ahead.days_until), (2027, 30));
    /// assert_eq!(cal.unknown_year_ahead(day(11, 1)), None); // 61 days ahead
    /// ```
    pub fn unknown_year_ahead(&self, today: NaiveDate) -> Option<UnknownYear> {
        let this = today.year();
        if !self.is_year_known(this) {
            let start = NaiveDate::from_ymd_opt(this, 1, 1)?;
            return Some(UnknownYear { year: this, days_until: (start - today).num_days() });
        }
        let next = NaiveDate::from_ymd_opt(this + 1, 1, 1)?;
        let days_until = (next - today).num_days();
        (days_until <= UNKNOWN_YEAR_WARNING_DAYS && !self.is_year_known(this + 1))
            .then_some(UnknownYear { year: this + 1, days_until })
    }

    fn schedule(&self, year: i32) -> Schedule {
        let at = usize::try_from(year - self.first_year).ok();
        at.and_then(|i| self.years.get(i).copied()).unwrap_or(Schedule::Unknown)
    }

    /// Whether the schedule of `year` is known (published).
    pub fn is_year_known(&self, year: i32) -> bool {
        self.schedule(year) == Schedule::Published
    }

    /// Whether `year` is answered provisionally: no published schedule, provisional answers asked
    /// for, and covered by the law (2025–2100).
    pub fn is_year_provisional(&self, year: i32) -> bool {
        self.schedule(year) == Schedule::Provisional
    }

    /// Whether years without a published schedule are answered provisionally.
    pub fn is_provisional(&self) -> bool {
        self.provisional
    }

    /// Answers years without a published schedule, 2025–2100, provisionally (INTERP.PROVISIONAL):
    /// their rest days are the statutory holidays of 全国年节及纪念日放假办法 as amended in 2024
    /// ([`statutory`]), every other Saturday and Sunday a rest day and every other weekday a
    /// working day. Make-up working days and the rest days made up for statutory days on a
    /// weekend (补假) are placed by each year's notice, so a provisional year has none. Which
    /// provisional years an answer rests on, [`Calendar::provisional_years`] tells. Off again,
    /// those years are unknown again; a year loaded later replaces its provisional days. Years
    /// before 2025 without a schedule stay unknown either way.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use guifan_core::calendar::{Calendar, DayKind};
    /// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    /// let mut cal = Calendar::builtin();
    /// assert!(cal.add_working_days(d(2026, 12, 31), 1).is_err());
    /// cal.set_provisional(true);
    /// // 1 January 2027 is 元旦, a Friday; Monday 4 January is the first working day after.
    /// assert_eq!(cal.add_working_days(d(2026, 12, 31), 1).unwrap(), d(2027, 1, 4));
    /// assert_eq!(cal.provisional_years(d(2027, 1, 1), d(2027, 1, 4)), [2027]);
    /// // 除夕, 5 February 2027, is a statutory day of the Spring Festival.
    /// let eve = cal.day(d(2027, 2, 5)).unwrap();
    /// assert_eq!((eve.kind, eve.holiday.unwrap().zh.as_ref()), (DayKind::Holiday, "春节"));
    /// ```
    pub fn set_provisional(&mut self, on: bool) {
        if self.provisional != on {
            self.provisional = on;
            self.relayout();
        }
    }

    /// The provisional years from `from` to `to` (either order, both included), ascending: give
    /// it the days an answer rests on to learn whether, and on which years, it is provisional.
    /// A day rests on its own year, a count of working days on the years from `from` to `to`,
    /// [`Calendar::add_working_days`] on the days after the start (before it, counting back) up
    /// to the result. Empty when provisional answers are off.
    pub fn provisional_years(&self, from: NaiveDate, to: NaiveDate) -> Vec<i32> {
        if !self.provisional {
            return Vec::new();
        }
        let (a, b) = if from <= to { (from.year(), to.year()) } else { (to.year(), from.year()) };
        (a..=b).filter(|y| self.is_year_provisional(*y)).collect()
    }

    /// Whether `year` is answered, from a published schedule or provisionally.
    fn answers(&self, year: i32) -> bool {
        self.schedule(year) != Schedule::Unknown
    }

    fn base(&self) -> i64 {
        self.base
    }

    /// Offset of `date` in the tables, or the unknown-year error naming `field`.
    fn index(&self, field: &str, date: NaiveDate) -> Result<usize, Error> {
        let year = date.year();
        match usize::try_from(year - self.first_year) {
            Ok(y) if self.years.get(y).is_some_and(|s| *s != Schedule::Unknown) => {
                Ok(self.year_starts[y] as usize + date.ordinal0() as usize)
            }
            _ => Err(Error::year_unknown(field, year)),
        }
    }

    /// The date at a table offset (inside the tables).
    fn date_at(&self, i: usize) -> NaiveDate {
        // No year is longer than 366 days: start there and step forward (once, mostly).
        let mut y = i / 366;
        while self.year_starts[y + 1] as usize <= i {
            y += 1;
        }
        let ordinal = (i - self.year_starts[y] as usize) as u32 + 1;
        // Offsets handed back always lie inside a year of the tables.
        NaiveDate::from_yo_opt(self.first_year + y as i32, ordinal).expect("offset inside the calendar")
    }

    fn bit(&self, i: usize) -> bool {
        self.words[i / 64] >> (i % 64) & 1 == 1
    }

    /// Working days strictly before table offset `i` (`0 <= i <= days`).
    fn rank_at(&self, i: usize) -> u32 {
        let below = self.words[i / 64] & ((1u64 << (i % 64)) - 1);
        self.rank[i / 64] + below.count_ones()
    }

    /// Table offset of the working day with rank `k` (0-based), if the tables hold one.
    fn select(&self, k: u32) -> Option<usize> {
        if k >= *self.rank.last()? {
            return None;
        }
        let mut w = self.hints[(k / layout::HINT_STRIDE) as usize] as usize;
        while self.rank[w + 1] <= k {
            w += 1;
        }
        let (word, left) = (self.words[w], k - self.rank[w]);
        // Set bits per byte, then running totals per byte (broadword counting, no popcount).
        let mut c = word - ((word >> 1) & 0x5555_5555_5555_5555);
        c = (c & 0x3333_3333_3333_3333) + ((c >> 2) & 0x3333_3333_3333_3333);
        c = (c + (c >> 4)) & 0x0f0f_0f0f_0f0f_0f0f;
        let running = c.wrapping_mul(0x0101_0101_0101_0101);
        let byte = (0..8).find(|b| (running >> (b * 8)) as u8 as u32 > left)?;
        let before = if byte == 0 { 0 } else { (running >> ((byte - 1) * 8)) as u8 as u32 };
        let bits = (word >> (byte * 8)) as u8;
        let at = layout::SELECT_IN_BYTE[bits as usize][(left - before) as usize];
        Some(w * 64 + byte * 8 + at as usize)
    }

    /// The first year without a schedule from `from` towards `to` (either direction), if any.
    fn first_unknown_between(&self, from: i32, to: i32) -> Option<i32> {
        let step = if to >= from { 1 } else { -1 };
        let mut y = from;
        loop {
            if !self.answers(y) {
                return Some(y);
            }
            if y == to {
                return None;
            }
            y += step;
        }
    }

    /// The years from `from` to `to` are all known; cheap when the calendar has no gaps. An
    /// unknown year is reported at `fields.0` when it is `from`, else at `fields.1`.
    fn check_span(&self, fields: (&str, &str), from: i32, to: i32) -> Result<(), Error> {
        let inside = |y: i32| y >= self.first_year && y < self.first_year + self.years.len() as i32;
        if self.contiguous && inside(from) && inside(to) {
            return Ok(());
        }
        match self.first_unknown_between(from, to) {
            Some(year) => Err(Error::year_unknown(if year == from { fields.0 } else { fields.1 }, year)),
            None => Ok(()),
        }
    }

    /// What the schedule says about `date`.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use guifan_core::calendar::{Calendar, DayKind};
    /// let cal = Calendar::builtin();
    /// let day = cal.day(NaiveDate::from_ymd_opt(2025, 10, 11).unwrap()).unwrap();
    /// assert_eq!(day.kind, DayKind::MakeupWorkday);
    /// assert_eq!(day.holiday.unwrap().key, "national_day");
    /// ```
    pub fn day(&self, date: NaiveDate) -> Result<Day<'_>, Error> {
        let i = self.index("date", date)? as u32;
        let find = |marks: &[Mark]| marks.binary_search_by_key(&i, |m| m.day).ok().map(|p| &self.names[marks[p].name]);
        // A layer's word on a day beats the national schedule's.
        let (kind, holiday) = if let Some(h) = find(&self.closed) {
            (DayKind::Holiday, Some(h))
        } else if let Some(h) = find(&self.opened) {
            (DayKind::MakeupWorkday, Some(h))
        } else if let Some(h) = find(&self.rest) {
            (DayKind::Holiday, Some(h))
        } else if let Some(h) = find(&self.makeup) {
            (DayKind::MakeupWorkday, Some(h))
        } else if let Some(h) = self.provisional_holiday(date) {
            (DayKind::Holiday, Some(h))
        } else if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
            (DayKind::Weekend, None)
        } else {
            (DayKind::Workday, None)
        };
        Ok(Day { date, kind, holiday })
    }

    /// Whether `date` is a working day of the official schedule.
    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool, Error> {
        Ok(self.bit(self.index("date", date)?))
    }

    /// Working days from `from` to `to`, both included; 0 when `to` is before `from`.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use guifan_core::calendar::Calendar;
    /// let d = |m, d| NaiveDate::from_ymd_opt(2025, m, d).unwrap();
    /// // 1–8 Oct 2025 are holidays, Saturday 11 Oct is a make-up working day.
    /// assert_eq!(Calendar::builtin().count_working_days(d(10, 1), d(10, 12)).unwrap(), 3);
    /// ```
    pub fn count_working_days(&self, from: NaiveDate, to: NaiveDate) -> Result<u32, Error> {
        self.check_span(("from", "to"), from.year(), to.year())?;
        if to < from {
            return Ok(0);
        }
        let (a, b) = (self.index("from", from)?, self.index("to", to)?);
        Ok(self.rank_at(b + 1) - self.rank_at(a))
    }

    /// The `n`-th working day after `date` (the date itself is not counted, INTERP.PERIODS);
    /// a negative `n` counts backwards, and 0 gives `date` back.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use guifan_core::calendar::Calendar;
    /// let d = |m, d| NaiveDate::from_ymd_opt(2025, m, d).unwrap();
    /// assert_eq!(Calendar::builtin().add_working_days(d(9, 30), 3).unwrap(), d(10, 11));
    /// ```
    pub fn add_working_days(&self, date: NaiveDate, n: i64) -> Result<NaiveDate, Error> {
        if n == 0 {
            return Ok(date);
        }
        let forward = n > 0;
        let first = if forward { date.succ_opt() } else { date.pred_opt() }
            .ok_or_else(|| Error::year_unknown("date", date.year()))?;
        let start = self.index("date", first)?;
        let target = if forward {
            u32::try_from(n.unsigned_abs() - 1).ok().and_then(|m| self.rank_at(start).checked_add(m))
        } else {
            u32::try_from(n.unsigned_abs()).ok().and_then(|m| self.rank_at(start + 1).checked_sub(m))
        };
        let Some(found) = target.and_then(|k| self.select(k)) else {
            // Ran off the known years.
            let edge = if forward { self.first_year + self.years.len() as i32 } else { self.first_year - 1 };
            let year = self.first_unknown_between(first.year(), edge).unwrap_or(edge);
            return Err(Error::year_unknown("date", year));
        };
        let result = self.date_at(found);
        self.check_span(("date", "date"), first.year(), result.year())?;
        Ok(result)
    }

    /// [`Calendar::add_working_days`] forward on day numbers (days since 1970-01-01), for column
    /// code that never builds a date: `None` when the answer is not inside known years without
    /// a gap, and the caller takes the dated path (which names the unknown year).
    pub(crate) fn add_working_days_from_epoch_day(&self, day: i64, n: u32) -> Option<i64> {
        const UNIX_EPOCH: i64 = 719_162; // day number of 1970-01-01
        let base = self.base - UNIX_EPOCH;
        let first = usize::try_from(day + 1 - base).ok().filter(|&i| i < self.words.len() * 64)?;
        if !self.contiguous || n == 0 || first >= *self.year_starts.last()? as usize {
            return None;
        }
        let found = self.select(self.rank_at(first).checked_add(n - 1)?)?;
        Some(base + found as i64)
    }

    /// [`Calendar::count_working_days`] on day numbers (days since 1970-01-01), both included:
    /// `None` when a day is not inside known years without a gap, as for
    /// [`Calendar::add_working_days_from_epoch_day`].
    pub(crate) fn count_working_days_from_epoch_day(&self, from: i64, to: i64) -> Option<u32> {
        const UNIX_EPOCH: i64 = 719_162; // day number of 1970-01-01
        let base = self.base - UNIX_EPOCH;
        let days = *self.year_starts.last()? as i64;
        let inside = |day: i64| (0..days).contains(&(day - base));
        if !self.contiguous || !inside(from) || !inside(to) {
            return None;
        }
        if to < from {
            return Some(0);
        }
        Some(self.rank_at((to - base + 1) as usize) - self.rank_at((from - base) as usize))
    }

    /// Every day from `from` to `to` (both included) with its kind: what explanations show.
    pub fn days_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Day<'_>>, Error> {
        let mut out = Vec::new();
        let mut d = from;
        while d <= to {
            out.push(self.day(d)?);
            d += Duration::days(1);
        }
        Ok(out)
    }

    /// The statutory holiday of a day of a provisional year.
    fn provisional_holiday(&self, date: NaiveDate) -> Option<&'static HolidayName> {
        self.is_year_provisional(date.year()).then(|| statutory::holiday_on(date)).flatten()
    }

    /// Years without a published schedule become provisional (when asked for and the law covers
    /// them) or unknown, and the tables end with the last year answered. The first year stays:
    /// it is the built-in calendar's or earlier, so no provisional year comes before it, and
    /// the marks keep their offsets.
    fn settle_years(&mut self) {
        let (first, published) = (self.first_year, self.known_years().collect::<Vec<i32>>());
        let span = statutory::provisional_span();
        let provisional = |y: i32| self.provisional && span.contains(&y);
        let last_published = published.last().copied().unwrap_or(first - 1);
        let last = if self.provisional { last_published.max(*span.end()) } else { last_published };
        let years = (first..=last).map(|y| {
            if published.binary_search(&y).is_ok() {
                Schedule::Published
            } else if provisional(y) {
                Schedule::Provisional
            } else {
                Schedule::Unknown
            }
        });
        self.years = Cow::Owned(years.collect());
    }

    /// The working-day bitset from the national marks with every layer on top, and the
    /// statutory days of provisional years.
    fn relayout(&mut self) {
        self.settle_years();
        let days_of = |marks: &[Mark]| -> Vec<u32> { marks.iter().map(|m| m.day).collect() };
        let (closed, opened) = (days_of(&self.closed), days_of(&self.opened));
        let base = self.base();
        let (first, last) = (self.first_year, self.first_year + self.years.len() as i32 - 1);
        let statutory: Vec<u32> = (first..=last)
            .filter(|y| self.is_year_provisional(*y))
            .flat_map(|y| statutory::days(y).unwrap_or_default())
            .map(|(d, _)| (day_number(d) - base) as u32)
            .collect();
        let merged = |national: &[Mark], drop: &[u32], add: &[u32]| -> Vec<u32> {
            let mut out: Vec<u32> = national
                .iter()
                .map(|m| m.day)
                .filter(|d| drop.binary_search(d).is_err())
                .chain(add.iter().copied())
                .collect();
            crate::order::sort(&mut out);
            out.dedup();
            out
        };
        let rest = merged(&self.rest, &opened, &[&closed[..], &statutory].concat());
        let makeup = merged(&self.makeup, &closed, &opened);
        let days = (layout::day_number(last + 1, 1, 1) - base) as usize;
        let years = &self.years;
        let answered = |i: usize| years[(date_of(base + i as i64).year() - first) as usize] != Schedule::Unknown;
        let (words, rank) = layout::working_bits(base, days, answered, &rest, &makeup);
        self.hints = Cow::Owned(layout::select_hints(&rank));
        self.year_starts = Cow::Owned(layout::year_starts(first, last));
        self.contiguous = self.years.iter().all(|s| *s != Schedule::Unknown);
        self.words = Cow::Owned(words);
        self.rank = Cow::Owned(rank);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// The indexed answers agree with a plain day walk over weekday / rest day / make-up day.
    #[test]
    fn bitset_matches_day_walk() {
        let cal = Calendar::builtin();
        let mut date = d(2004, 1, 1);
        let mut count = 0u32;
        while date.year() <= 2026 {
            let kind = cal.day(date).unwrap().kind;
            let walk = match kind {
                DayKind::Holiday => false,
                DayKind::MakeupWorkday => true,
                _ => !matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
            };
            assert_eq!(cal.is_working_day(date).unwrap(), walk, "{date}");
            if walk {
                count += 1;
                assert_eq!(cal.add_working_days(d(2003, 12, 31), i64::from(count)).unwrap(), date);
            }
            assert_eq!(cal.count_working_days(d(2004, 1, 1), date).unwrap(), count);
            date += Duration::days(1);
        }
    }

    #[test]
    fn day_numbers_agree_with_chrono() {
        assert_eq!(layout::day_number(1970, 1, 1), 719_162);
        for date in [d(1, 1, 1), d(2004, 1, 1), d(2024, 2, 29), d(9999, 12, 31)] {
            assert_eq!(layout::day_number(date.year(), date.month(), date.day()), day_number(date));
        }
        assert_eq!(layout::weekday_of(day_number(d(2025, 10, 11))), 5); // a Saturday
    }

    #[test]
    fn add_and_count_are_inverse() {
        let cal = Calendar::builtin();
        for n in [1i64, 2, 3, 17, 250, 1000, 5000] {
            let start = d(2005, 3, 7);
            let end = cal.add_working_days(start, n).unwrap();
            assert_eq!(i64::from(cal.count_working_days(start.succ_opt().unwrap(), end).unwrap()), n);
            // n working days back from there is the last working day on or before the start.
            let last_on_or_before = cal.add_working_days(start.succ_opt().unwrap(), -1).unwrap();
            assert_eq!(cal.add_working_days(end, -n).unwrap(), last_on_or_before);
        }
    }

    #[test]
    fn unknown_years_are_errors() {
        let cal = Calendar::builtin();
        assert_eq!(cal.is_working_day(d(2027, 1, 4)), Err(Error::year_unknown("date", 2027)));
        assert_eq!(cal.is_working_day(d(2003, 12, 31)), Err(Error::year_unknown("date", 2003)));
        assert_eq!(cal.add_working_days(d(2026, 12, 29), 3), Err(Error::year_unknown("date", 2027)));
        assert_eq!(cal.add_working_days(d(2004, 1, 5), -5), Err(Error::year_unknown("date", 2003)));
        assert_eq!(cal.count_working_days(d(2026, 12, 1), d(2027, 1, 1)), Err(Error::year_unknown("to", 2027)));
        assert_eq!(cal.count_working_days(d(2003, 12, 1), d(2004, 1, 5)), Err(Error::year_unknown("from", 2003)));
        assert_eq!(cal.add_working_days(d(2026, 12, 28), 3).unwrap(), d(2026, 12, 31));
        assert_eq!(cal.add_working_days(d(2003, 12, 31), 1).unwrap(), d(2004, 1, 2));
        assert_eq!(cal.add_working_days(d(1, 1, 1), 1), Err(Error::year_unknown("date", 1)));
        assert_eq!(cal.add_working_days(d(2010, 1, 1), 1_000_000_000), Err(Error::year_unknown("date", 2027)));
        assert_eq!(cal.add_working_days(d(2010, 1, 1), i64::MIN), Err(Error::year_unknown("date", 2003)));
    }

    /// A provisional year is its statutory days and weekends, nothing else; the published years
    /// answer as before.
    #[test]
    fn provisional_years_are_statutory_days_and_weekends() {
        let mut cal = Calendar::builtin();
        cal.set_provisional(true);
        assert!(cal.is_provisional() && cal.is_year_provisional(2027) && cal.is_year_provisional(2100));
        assert!(!cal.is_year_provisional(2026) && !cal.is_year_known(2027) && cal.known_years().count() == 23);
        let mut date = d(2027, 1, 1);
        let mut count = 0u32;
        while date.year() <= 2100 {
            let statutory = statutory::days(date.year()).unwrap().iter().any(|(s, _)| *s == date);
            let working = !statutory && !matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
            assert_eq!(cal.is_working_day(date).unwrap(), working, "{date}");
            assert_eq!(cal.day(date).unwrap().kind == DayKind::Holiday, statutory, "{date}");
            if working {
                count += 1;
                if count % 97 == 0 {
                    assert_eq!(cal.add_working_days(d(2026, 12, 31), i64::from(count)).unwrap(), date);
                }
            }
            date += Duration::days(1);
        }
        assert_eq!(cal.count_working_days(d(2027, 1, 1), d(2100, 12, 31)).unwrap(), count);
        let builtin = Calendar::builtin();
        assert_eq!(
            cal.count_working_days(d(2004, 1, 1), d(2026, 12, 31)),
            builtin.count_working_days(d(2004, 1, 1), d(2026, 12, 31))
        );
        // The law reaches 2025–2100: before the built-in years and after 2100 stay unknown.
        assert_eq!(cal.is_working_day(d(2101, 1, 3)), Err(Error::year_unknown("date", 2101)));
        assert_eq!(cal.is_working_day(d(2003, 12, 31)), Err(Error::year_unknown("date", 2003)));
        assert_eq!(cal.add_working_days(d(2010, 1, 1), 1_000_000), Err(Error::year_unknown("date", 2101)));
        // Off again: exactly the built-in calendar.
        cal.set_provisional(false);
        assert_eq!(cal.is_working_day(d(2027, 1, 4)), Err(Error::year_unknown("date", 2027)));
        assert_eq!(cal.add_working_days(d(2026, 12, 29), 3), Err(Error::year_unknown("date", 2027)));
        assert!(cal.provisional_years(d(2027, 1, 1), d(2030, 1, 1)).is_empty());
    }

    #[test]
    fn a_published_year_replaces_its_provisional_days() {
        let mut cal = Calendar::builtin();
        cal.set_provisional(true);
        assert_eq!(cal.day(d(2027, 2, 5)).unwrap().kind, DayKind::Holiday);
        assert_eq!(cal.provisional_years(d(2030, 1, 1), d(2026, 6, 1)), [2027, 2028, 2029, 2030]);
        let json = r#"{"years": {"2028": {"holidays": [], "makeup_workdays": [{"date": "2028-01-08", "for": "new_years_day"}]}}}"#;
        cal.load_json(json).unwrap();
        assert!(cal.is_year_known(2028) && !cal.is_year_provisional(2028));
        assert_eq!(cal.provisional_years(d(2026, 6, 1), d(2030, 1, 1)), [2027, 2029, 2030]);
        // 2028 as published: 除夕 (25 January) a working day, Saturday 8 January a make-up day.
        assert_eq!(cal.day(d(2028, 1, 25)).unwrap().kind, DayKind::Workday);
        assert_eq!(cal.day(d(2028, 1, 8)).unwrap().kind, DayKind::MakeupWorkday);
        // 2027 and 2029 stay provisional around it; counting runs through all three: from
        // 元旦 2027 (Friday), Monday 4 January is the first working day, and 2028's days count.
        assert_eq!(cal.add_working_days(d(2026, 12, 31), 1).unwrap(), d(2027, 1, 4));
        assert_eq!(cal.add_working_days(d(2027, 12, 31), 1).unwrap(), d(2028, 1, 3));
        assert_eq!(cal.count_working_days(d(2028, 1, 1), d(2028, 1, 9)).unwrap(), 6);
        assert_eq!(cal.day(d(2029, 1, 1)).unwrap().holiday.unwrap().key, "new_years_day");
        // A layer goes on published years only.
        let layer = r#"{"overlay": "x", "years": {"2027": {"holidays": []}}}"#;
        assert_eq!(cal.load_json(layer).unwrap_err().field(), Some("years.2027"));
        // Off: the published 2028 stays, the provisional years go.
        cal.set_provisional(false);
        assert!(cal.is_working_day(d(2028, 1, 3)).unwrap());
        assert_eq!(cal.is_working_day(d(2027, 1, 4)), Err(Error::year_unknown("date", 2027)));
        assert_eq!(cal.is_working_day(d(2029, 1, 4)), Err(Error::year_unknown("date", 2029)));
    }

    #[test]
    fn holidays_have_keys_and_chinese_names() {
        let cal = Calendar::builtin();
        let day = cal.day(d(2024, 2, 12)).unwrap();
        assert_eq!(day.kind, DayKind::Holiday);
        let name = day.holiday.unwrap();
        assert_eq!((name.key.as_ref(), name.zh.as_ref()), ("spring_festival", "春节"));
        assert_eq!(cal.day(d(2024, 2, 4)).unwrap().kind, DayKind::MakeupWorkday);
        assert_eq!(cal.day(d(2024, 2, 3)).unwrap().kind, DayKind::Weekend);
        assert_eq!(cal.day(d(2024, 2, 19)).unwrap().kind, DayKind::Workday);
        assert_eq!(cal.known_years().count(), 23);
    }
}

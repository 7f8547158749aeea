//! Column-at-a-time evaluation for data frames and typed arrays (pandas, Arrow, Spark, JS).
//!
//! Instants are epoch microseconds (Arrow `timestamp[us]`, an absolute instant), dates are days
//! since 1970-01-01 (Arrow `date32`). Nulls in give nulls out. A bad row is a [`RowError`]
//! naming the row, or a null with [`OnError::Null`]. Text arguments (rules, brands) may come
//! dictionary-encoded ([`Arg::Coded`]), so each distinct value is resolved against the rule
//! packs once, not once per row.
//!
//! Columns carry no per-row flag: on an engine that answers provisionally
//! ([`Engine::with_provisional`]) a row may rest on a provisional year, which
//! [`Calendar::provisional_years`](crate::calendar::Calendar::provisional_years) tells for the
//! days the row counted (or `evaluate`, whose answers say so themselves).

use alloc::vec::Vec;
use chrono::{DateTime, NaiveDate, NaiveDateTime};
use core::fmt;
use rust_decimal::Decimal;

use crate::deadline::{due, Basis, CustomerClass, Incident, Period};
use crate::engine::Engine;
use crate::pack::{Pack, Text};
use crate::tier::{Brand, Tier, TierTable};
use crate::time::{from_beijing, to_beijing};
use crate::Error;

mod tickets;
pub use tickets::{tickets, PauseTable, TicketColumns, TicketRows};

/// numpy's "not a time": a null in a column of [`Instants`], and the value of a null instant
/// in results that are read in place ([`TicketRows::due`]).
pub const NAT: i64 = i64::MIN;

/// The unit of an instant column's integers: Arrow's `timestamp[us]` and `timestamp[ns]`
/// (numpy's and pandas' usual `datetime64[ns]`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TimeUnit {
    /// Microseconds since 1970-01-01T00:00:00Z.
    #[default]
    Micros,
    /// Nanoseconds since 1970-01-01T00:00:00Z.
    Nanos,
}

/// A column of instants read where it lies (a numpy, pandas or Arrow buffer, not copied):
/// whole [`TimeUnit`]s since the epoch. A row is null where `valid` is false or its value is
/// [`NAT`].
#[derive(Clone, Copy, Debug, Default)]
pub struct Instants<'a> {
    /// One value per row.
    pub values: &'a [i64],
    /// Whether each row holds a value (none: every row not [`NAT`] does); as long as `values`.
    pub valid: Option<&'a [bool]>,
    /// The unit of `values`.
    pub unit: TimeUnit,
}

impl<'a> Instants<'a> {
    /// A column, refused (`invalid_input` at `field`) when the mask is not one per value.
    pub fn new(field: &str, values: &'a [i64], valid: Option<&'a [bool]>, unit: TimeUnit) -> Result<Self, Error> {
        let column = Instants { values, valid, unit };
        column.check_len(field, values.len()).map_err(|e| e.error)?;
        Ok(column)
    }

    /// A column of epoch microseconds, nulls as [`NAT`].
    pub fn micros(values: &'a [i64]) -> Self {
        Instants { values, valid: None, unit: TimeUnit::Micros }
    }

    /// How many rows the column has.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether the column has no rows.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Row `row` in epoch µs (nanoseconds rounded down, as numpy casts them); `None` for a
    /// null or a row past the end.
    #[inline]
    pub fn get(&self, row: usize) -> Option<i64> {
        let value = *self.values.get(row)?;
        if value == NAT || self.valid.is_some_and(|ok| ok.get(row) != Some(&true)) {
            return None;
        }
        Some(match self.unit {
            TimeUnit::Micros => value,
            TimeUnit::Nanos => value.div_euclid(1000),
        })
    }

    /// Every row in epoch µs, nulls as `None`: for the functions that take such slices.
    pub fn to_micros(&self) -> Vec<Option<i64>> {
        (0..self.len()).map(|row| self.get(row)).collect()
    }

    /// Refuses a column without one value per row, or a validity mask of another length.
    fn check_len(&self, field: &str, rows: usize) -> Result<(), RowError> {
        match [self.len(), self.valid.map_or(rows, <[bool]>::len)].into_iter().find(|&n| n != rows) {
            Some(n) => Err(wrong_length(field, n, rows)),
            None => Ok(()),
        }
    }
}

/// A column in numpy's and Arrow's layout, values and an optional validity mask (`false`: a
/// null), as one option per row; a mask of another length than the values is an error at
/// `field`.
///
/// ```
/// use guifan_core::batch::masked;
/// assert_eq!(masked("date", &[1, 2], Some(&[true, false])).unwrap(), [Some(1), None]);
/// assert_eq!(masked("date", &[1, 2], Some(&[true])).unwrap_err().field(), Some("date"));
/// ```
pub fn masked<T: Copy>(field: &str, values: &[T], valid: Option<&[bool]>) -> Result<Vec<Option<T>>, Error> {
    match valid {
        None => Ok(values.iter().map(|&v| Some(v)).collect()),
        Some(valid) if valid.len() == values.len() => {
            Ok(values.iter().zip(valid).map(|(&v, &present)| present.then_some(v)).collect())
        }
        Some(valid) => Err(wrong_length(field, valid.len(), values.len()).error),
    }
}

/// A float of a whole-number column (a count of days, say) as that number: NaN is a null, as
/// pandas has it; a fraction or a value past `i64` is an error at `field`.
///
/// ```
/// use guifan_core::batch::whole_number;
/// assert_eq!(whole_number("days", 3.0).unwrap(), Some(3));
/// assert_eq!(whole_number("days", f64::NAN).unwrap(), None);
/// assert_eq!(whole_number("days", 1.5).unwrap_err().field(), Some("days"));
/// assert_eq!(whole_number("days", 9.1e18).unwrap(), Some(9_100_000_000_000_000_000));
/// assert_eq!(whole_number("days", 9.2e18).unwrap_err().value().as_deref(), Some("9.2e18"));
/// ```
pub fn whole_number(field: &str, value: f64) -> Result<Option<i64>, Error> {
    match value {
        v if v.is_nan() => Ok(None),
        // In range and without a fraction (`fract` needs `std`): a round trip through `i64`.
        v if (-9.2e18..9.2e18).contains(&v) && (v as i64) as f64 == v => Ok(Some(v as i64)),
        v => Err(Error::invalid(field, alloc::format!("{v:?}"), "expected whole numbers")),
    }
}

/// Refuses a column of `given` values where `rows` are expected (`None`: one value for every
/// row), at `field`: the one check of every batch argument's length.
///
/// ```
/// use guifan_core::batch::one_per_row;
/// assert!(one_per_row("rule", Some(3), 3).is_ok() && one_per_row("rule", None, 3).is_ok());
/// let e = one_per_row("rule", Some(2), 3).unwrap_err();
/// assert_eq!((e.field(), e.value().as_deref()), (Some("rule"), Some("2 values")));
/// ```
pub fn one_per_row(field: &str, given: Option<usize>, rows: usize) -> Result<(), Error> {
    match given {
        Some(n) if n != rows => Err(wrong_length(field, n, rows).error),
        _ => Ok(()),
    }
}

/// How the rows of a batch call find their periods.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CountedBy {
    /// A deadline rule per row (an `area` optional).
    Rule,
    /// A free clock and a whole `amount` per row.
    Clock,
    /// The targets the pack's policy gives an `incident` and a `customer_class` (an `area`
    /// optional).
    Policy,
}

/// Which of a batch call's arguments were given (as one value or a column), and which ways of
/// counting the call takes: every surface (Python, JS, Spark) asks [`Given::counted_by`], so
/// the policy and its messages are written once.
#[derive(Clone, Copy, Debug, Default)]
pub struct Given {
    /// `rule` was given.
    pub rule: bool,
    /// `area` was given.
    pub area: bool,
    /// `clock` was given.
    pub clock: bool,
    /// `amount` was given.
    pub amount: bool,
    /// `incident` was given.
    pub incident: bool,
    /// `customer_class` was given.
    pub customer_class: bool,
    /// The call takes a clock and an amount instead of a rule.
    pub takes_clock: bool,
    /// The call takes an incident and a customer class instead of a rule.
    pub takes_policy: bool,
}

impl Given {
    /// How the call's rows are counted, or the argument that rules each way out.
    ///
    /// ```
    /// use guifan_core::batch::{CountedBy, Given};
    /// let deadlines = Given { takes_clock: true, ..Given::default() };
    /// assert_eq!(Given { rule: true, area: true, ..deadlines }.counted_by().unwrap(), CountedBy::Rule);
    /// assert_eq!(Given { clock: true, amount: true, ..deadlines }.counted_by().unwrap(), CountedBy::Clock);
    /// let e = Given { clock: true, area: true, amount: true, ..deadlines }.counted_by().unwrap_err();
    /// assert_eq!((e.field(), e.value().as_deref()), (Some("area"), Some("given with clock")));
    /// assert_eq!(Given { clock: true, ..deadlines }.counted_by().unwrap_err().field(), Some("amount"));
    /// ```
    pub fn counted_by(self) -> Result<CountedBy, Error> {
        let policy = self.incident || self.customer_class;
        let (either, required) = match (self.takes_clock, self.takes_policy) {
            (true, true) => (
                "give either a rule id, a clock and an amount, or an incident and a customer_class",
                "required: a rule id, a clock and an amount, or an incident and a customer_class",
            ),
            (false, true) => (
                "give either a rule id, or an incident and a customer_class",
                "required: a rule id, or an incident and a customer_class",
            ),
            _ => ("give either a rule id, or a clock and an amount", "required: a rule id, or a clock and an amount"),
        };
        let refused = |field: &str, value: &str, why: &str| Err(Error::invalid(field, value, why));
        match (self.rule, self.clock, policy) {
            (true, true, _) => refused("clock", "given with rule", "give either a rule or a clock"),
            (true, _, true) => refused("incident", "given with rule", either),
            (_, true, true) => refused("incident", "given with clock", either),
            (false, false, false) => refused("rule", "missing", required),
            (rule, false, _) if self.amount => refused(
                "amount",
                if rule { "given with rule" } else { "given with incident" },
                "an amount goes with a clock",
            ),
            (true, false, false) => Ok(CountedBy::Rule),
            (false, true, false) if self.area => refused("area", "given with clock", "an area goes with a rule"),
            (false, true, false) if !self.amount => {
                refused("amount", "missing", "required with a clock: a whole number")
            }
            (false, true, false) => Ok(CountedBy::Clock),
            _ if !self.incident => refused("incident", "missing", "required with customer_class"),
            _ if !self.customer_class => refused("customer_class", "missing", "required with incident"),
            _ => Ok(CountedBy::Policy),
        }
    }
}

/// A column of `n` values where `rows` are expected.
fn wrong_length(field: &str, n: usize, rows: usize) -> RowError {
    let why = alloc::format!("expected {rows}, one per row");
    RowError::new(n.min(rows), Error::invalid(field, alloc::format!("{n} values"), why))
}

/// What a bad row does to a batch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OnError {
    /// The whole call fails with the first bad row.
    #[default]
    Raise,
    /// The bad row's result is null.
    Null,
}

/// The `errors=` option of every batch surface: `raise` or `null`.
///
/// ```
/// use guifan_core::batch::OnError;
/// assert_eq!("null".parse::<OnError>().unwrap(), OnError::Null);
/// assert_eq!("ignore".parse::<OnError>().unwrap_err().to_string(), "invalid errors: ignore (accepted: raise, null)");
/// ```
impl core::str::FromStr for OnError {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        match s {
            "raise" => Ok(OnError::Raise),
            "null" => Ok(OnError::Null),
            other => Err(OnError::refused(other)),
        }
    }
}

impl OnError {
    /// The error for an `errors=` option that is neither name, shown as `written` (a binding's
    /// value that is not text at all, as that language writes it).
    pub fn refused(written: &str) -> Error {
        Error::invalid("errors", written, "accepted: raise, null")
    }
}

/// The first bad row of a batch and what was wrong with it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RowError {
    /// 0-based row index.
    pub row: usize,
    /// The error.
    pub error: Error,
}

impl RowError {
    /// Row `row` (0-based) failed with `error`.
    pub fn new(row: usize, error: Error) -> Self {
        RowError { row, error }
    }
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "row {}: {}", self.row, self.error)
    }
}

#[cfg(feature = "std")]
#[cfg_attr(docsrs, doc(cfg(feature = "std")))]
impl std::error::Error for RowError {}

/// An argument given once for every row, or per row.
#[derive(Debug)]
pub enum Arg<'a, T> {
    /// The same value for every row.
    One(&'a T),
    /// One value (or null) per row.
    Each(&'a [Option<T>]),
    /// Dictionary-encoded: row `i` takes `values[codes[i]]`; a negative code is null.
    Coded {
        /// The distinct values.
        values: &'a [T],
        /// One code per row.
        codes: &'a [i32],
    },
}

// Only references inside: copyable whatever `T` is.
impl<T> Clone for Arg<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Arg<'_, T> {}

/// An argument resolved to `R` per distinct value, read per row by index.
enum Resolved<R> {
    One(R),
    Each(Vec<Option<R>>),
    Coded(Vec<R>),
}

impl<R> Resolved<R> {
    /// Each resolved value mapped through `f`, in order.
    fn map<S>(self, mut f: impl FnMut(R) -> S) -> Resolved<S> {
        match self {
            Resolved::One(r) => Resolved::One(f(r)),
            Resolved::Each(rs) => Resolved::Each(rs.into_iter().map(|r| r.map(&mut f)).collect()),
            Resolved::Coded(rs) => Resolved::Coded(rs.into_iter().map(f).collect()),
        }
    }
}

impl<R> Resolved<R> {
    /// Every resolved value.
    fn values(&self) -> alloc::boxed::Box<dyn Iterator<Item = &R> + '_> {
        match self {
            Resolved::One(r) => alloc::boxed::Box::new(core::iter::once(r)),
            Resolved::Each(rs) => alloc::boxed::Box::new(rs.iter().flatten()),
            Resolved::Coded(rs) => alloc::boxed::Box::new(rs.iter()),
        }
    }
}

impl<'a, T> Arg<'a, T> {
    fn rows(&self) -> Option<usize> {
        match self {
            Arg::One(_) => None,
            Arg::Each(values) => Some(values.len()),
            Arg::Coded { codes, .. } => Some(codes.len()),
        }
    }

    fn check_len(&self, field: &str, rows: usize) -> Result<(), RowError> {
        match self.rows() {
            Some(n) if n != rows => Err(wrong_length(field, n, rows)),
            _ => Ok(()),
        }
    }

    /// Resolves every distinct value once; a value that fails to resolve fails only its rows.
    fn resolve<R>(&self, f: impl Fn(&T) -> R) -> Resolved<R> {
        match self {
            Arg::One(v) => Resolved::One(f(v)),
            Arg::Each(values) => Resolved::Each(values.iter().map(|v| v.as_ref().map(&f)).collect()),
            Arg::Coded { values, .. } => Resolved::Coded(values.iter().map(f).collect()),
        }
    }

    /// The resolved value of `row`; `None` for a null (or a code outside the dictionary, which
    /// [`Arg::check_codes`] refuses up front).
    fn get<'r, R>(&self, resolved: &'r Resolved<R>, row: usize) -> Option<&'r R> {
        match (self, resolved) {
            (_, Resolved::One(r)) => Some(r),
            (_, Resolved::Each(rs)) => rs.get(row)?.as_ref(),
            (Arg::Coded { codes, .. }, Resolved::Coded(rs)) => rs.get(usize::try_from(*codes.get(row)?).ok()?),
            _ => None,
        }
    }

    /// The value of `row`, `None` for a null.
    fn value(&self, row: usize) -> Option<&'a T> {
        match *self {
            Arg::One(v) => Some(v),
            Arg::Each(values) => values.get(row)?.as_ref(),
            Arg::Coded { values, codes } => values.get(usize::try_from(*codes.get(row)?).ok()?),
        }
    }

    /// Refuses codes past the dictionary's end.
    fn check_codes(&self, field: &str) -> Result<(), RowError> {
        if let Arg::Coded { values, codes } = self {
            if let Some(row) = codes.iter().position(|&c| c >= 0 && c as usize >= values.len()) {
                let why = alloc::format!("a code past the {} distinct values", values.len());
                return Err(RowError { row, error: Error::invalid(field, alloc::format!("{}", codes[row]), why) });
            }
        }
        Ok(())
    }
}

const DAY_US: i64 = 86_400_000_000;
const BEIJING_US: i64 = 8 * 3_600_000_000;
/// 0001-01-01T00:00 and 9999-12-31T24:00 Beijing time in epoch µs: the instants guifan keeps
/// ([`crate::time::check_instant`]), as the integers columns carry.
const FIRST: i64 = -62_135_596_800_000_000 - BEIJING_US;
const END: i64 = 253_402_300_800_000_000 - BEIJING_US;

fn outside_years(field: &str, micros: i64) -> Error {
    Error::invalid(field, alloc::format!("{micros}"), "epoch µs of an instant in the years 1–9999 (Beijing time)")
}

/// The Beijing day number (days since 1970-01-01) of an epoch-µs instant, checked against the
/// years 1–9999 in integers: rows on the fast path never build a date.
fn beijing_day(field: &str, micros: i64) -> Result<i64, Error> {
    match (FIRST..END).contains(&micros) {
        true => Ok((micros + BEIJING_US).div_euclid(DAY_US)),
        false => Err(outside_years(field, micros)),
    }
}

/// Epoch µs of a Beijing wall time counted in µs from 1970-01-01T00:00: a timestamp without a
/// time zone is Beijing time (INTERP.TIME). [`NAT`] stays a null; a value past the years guifan
/// keeps stays past them (saturating), so it is still refused.
///
/// ```
/// use guifan_core::batch::{beijing_wall, NAT};
/// assert_eq!(beijing_wall(8 * 3_600_000_000), 0);
/// assert_eq!(beijing_wall(NAT), NAT);
/// assert_eq!(beijing_wall(NAT + 1), NAT + 1);
/// ```
pub fn beijing_wall(wall: i64) -> i64 {
    match wall {
        NAT => NAT,
        wall => wall.saturating_sub(BEIJING_US).max(NAT + 1),
    }
}

/// The Beijing date (days since 1970-01-01) of each instant: a datetime given where a date is
/// asked counts by its Beijing date (INTERP.TIME); an instant outside the years 1–9999 is that
/// row's error.
pub fn beijing_days(field: &str, instants: Instants<'_>, on_error: OnError) -> Result<Vec<Option<i32>>, RowError> {
    each(instants.len(), on_error, |row| {
        instants.get(row).map(|micros| beijing_day(field, micros).map(|day| day as i32)).transpose()
    })
}

/// Beijing wall time of an epoch-microsecond instant (years 1–9999).
pub fn micros_to_beijing(field: &str, micros: i64) -> Result<NaiveDateTime, Error> {
    match DateTime::from_timestamp_micros(micros).filter(|_| (FIRST..END).contains(&micros)) {
        Some(utc) => to_beijing(field, &utc),
        None => Err(outside_years(field, micros)),
    }
}

/// Epoch microseconds of a Beijing wall time (years 1–9999, else `invalid_input` at `field`).
pub fn beijing_to_micros(field: &str, wall: NaiveDateTime) -> Result<i64, Error> {
    from_beijing(field, wall).map(|t| t.timestamp_micros())
}

fn epoch_day(field: &str, days: i32) -> Result<NaiveDate, Error> {
    NaiveDate::from_num_days_from_ce_opt(days.saturating_add(719_163))
        .filter(|d| (1..=9999).contains(&chrono::Datelike::year(d)))
        .ok_or_else(|| Error::invalid(field, alloc::format!("{days}"), "date out of range"))
}

fn to_epoch_day(date: NaiveDate) -> i32 {
    chrono::Datelike::num_days_from_ce(&date) - 719_163
}

/// Runs `f` over `rows` rows, passing nulls through and handling bad rows per `on_error`.
fn each<T>(
    rows: usize,
    on_error: OnError,
    mut f: impl FnMut(usize) -> Result<Option<T>, Error>,
) -> Result<Vec<Option<T>>, RowError> {
    each_or(rows, on_error, || None, |row| f(row).map(Some))
}

/// [`each`] for a column that holds its nulls as a value (`null()`), as [`NAT`] in instants.
fn each_or<T>(
    rows: usize,
    on_error: OnError,
    null: impl Fn() -> T,
    mut f: impl FnMut(usize) -> Result<Option<T>, Error>,
) -> Result<Vec<T>, RowError> {
    let mut out = Vec::with_capacity(rows);
    for row in 0..rows {
        match f(row) {
            Ok(v) => out.push(v.unwrap_or_else(&null)),
            Err(_) if on_error == OnError::Null => out.push(null()),
            Err(error) => return Err(RowError { row, error }),
        }
    }
    Ok(out)
}

/// Due instants (epoch µs, [`NAT`] for a null) for tickets started at `start`, each under the
/// rule pack in force on its start's Beijing date.
///
/// ```
/// use guifan_core::batch::{deadlines, Arg, Instants, OnError, NAT};
/// use guifan_core::{deadline::{Area, Basis}, engine::Engine};
/// let basis = Basis::rule("SLA.COMPLAINT.ORDINARY", Area::Urban);
/// let start = 1_759_197_600_000_000; // 2025-09-30T10:00:00+08:00
/// let due = deadlines(&Engine::builtin(), Arg::One(&basis), Instants::micros(&[start, NAT]), OnError::Raise).unwrap();
/// assert_eq!(due, vec![1_760_198_400_000_000, NAT]); // 2025-10-12T00:00:00+08:00
/// ```
pub fn deadlines(
    engine: &Engine,
    basis: Arg<'_, Basis>,
    start: Instants<'_>,
    on_error: OnError,
) -> Result<Vec<i64>, RowError> {
    start.check_len("start", start.len())?;
    basis.check_len("rule", start.len())?;
    basis.check_codes("rule")?;
    // Each distinct basis resolved in every pack up front: rows only index.
    let packs = engine.packs();
    let periods = basis.resolve(|b| {
        packs.iter().map(|p| b.resolve(p).map(|(period, _)| period)).collect::<Vec<Result<Period, Error>>>()
    });
    let calendar = engine.calendar();
    let always = packs.len() == 1 && packs[0].info.effective_from.is_none();
    each_or(
        start.len(),
        on_error,
        || NAT,
        |row| {
            let (Some(per_pack), Some(s)) = (basis.get(&periods, row), start.get(row)) else {
                return Ok(None);
            };
            // The order of the scalar `Engine::deadline`: the start, the pack, the rule, the period.
            let day = beijing_day("start", s)?;
            // One pack in force for every date needs no date to be picked.
            let pack = match always {
                true => 0,
                false => engine.pack_index("start", micros_to_beijing("start", s)?.date())?,
            };
            let period = per_pack[pack].as_ref().map_err(Clone::clone)?;
            if let Some(due) = due_on_day_numbers(calendar, period, s, day) {
                return Ok(Some(due));
            }
            Ok(Some(beijing_to_micros("start", due(calendar, period, micros_to_beijing("start", s)?)?)?))
        },
    )
}

/// The deadline rule of each row's ticket kind and customer class ([`Pack::rule_for`]) in the
/// pack in force on the row's start, dictionary-encoded for [`deadlines`]: the distinct rule ids
/// and one code per row (-1 for a null row).
pub fn rules_for(
    engine: &Engine,
    incident: Arg<'_, Incident>,
    class: Arg<'_, CustomerClass>,
    start: Instants<'_>,
    on_error: OnError,
) -> Result<(Vec<Text>, Vec<i32>), RowError> {
    start.check_len("start", start.len())?;
    incident.check_len("incident", start.len())?;
    incident.check_codes("incident")?;
    class.check_len("class", start.len())?;
    class.check_codes("class")?;
    let packs = engine.packs();
    let mut ids: Vec<Text> = Vec::new();
    // Every (incident, class, pack) once: the code of its rule id, or why there is none.
    let mut table = Vec::with_capacity(INCIDENTS.len() * CLASSES.len() * packs.len());
    for i in INCIDENTS {
        for c in CLASSES {
            for pack in packs {
                table.push(pack.rule_for(i, c).map(|rule| match ids.iter().position(|id| *id == rule.id) {
                    Some(code) => code as i32,
                    None => {
                        ids.push(rule.id.clone());
                        ids.len() as i32 - 1
                    }
                }));
            }
        }
    }
    let codes = each_or(
        start.len(),
        on_error,
        || -1,
        |row| {
            let (Some(&i), Some(&c), Some(s)) = (incident.value(row), class.value(row), start.get(row)) else {
                return Ok(None);
            };
            let pack = engine.pack_index("start", micros_to_beijing("start", s)?.date())?;
            let (i, c) = (INCIDENTS.iter().position(|x| *x == i), CLASSES.iter().position(|x| *x == c));
            let at = (i.unwrap_or_default() * CLASSES.len() + c.unwrap_or_default()) * packs.len() + pack;
            table[at].clone().map(Some)
        },
    )?;
    Ok((ids, codes))
}

const INCIDENTS: [Incident; 2] = [Incident::Complaint, Incident::Fault];
const CLASSES: [CustomerClass; 3] = [CustomerClass::Ordinary, CustomerClass::Brand, CustomerClass::Vip];

/// The due instant of the common clocks in integer arithmetic on epoch microseconds (`start`,
/// checked, on Beijing day `day`), the same answer [`due`] gives (property tests hold them
/// equal); `None` sends the row down the dated path, which also owns every error. Every step is
/// checked: amounts up to `u32::MAX` hours or days overflow an `i64` of microseconds.
fn due_on_day_numbers(calendar: &crate::calendar::Calendar, period: &Period, start: i64, day: i64) -> Option<i64> {
    let midnight_after = |day: i64| day.checked_add(1)?.checked_mul(DAY_US)?.checked_sub(BEIJING_US);
    let due = match *period {
        Period::WorkingDays(n) => midnight_after(calendar.add_working_days_from_epoch_day(day, n)?)?,
        Period::CalendarDays(n) if n > 0 => midnight_after(day.checked_add(i64::from(n))?)?,
        Period::ClockHours(h) => start.checked_add(i64::from(h).checked_mul(3_600_000_000)?)?,
        _ => return None,
    };
    (due < END).then_some(due)
}

/// Whether work done at `done` met `due` (epoch µs, [`NAT`] a null, as [`deadlines`] gives
/// it): `done <= due` (INTERP.ONTIME); null where either is.
pub fn met(due: &[i64], done: Instants<'_>) -> Result<Vec<Option<bool>>, RowError> {
    done.check_len("done", due.len())?;
    Ok(due.iter().enumerate().map(|(row, &d)| Some(done.get(row)? <= Some(d).filter(|&d| d != NAT)?)).collect())
}

/// The table a row is rated on: a personal brand, or enterprise revenue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TierKey {
    /// A personal customer of a brand, on annual spend.
    Brand(Brand),
    /// An enterprise customer, on annual revenue.
    Enterprise,
}

impl core::str::FromStr for TierKey {
    type Err = Error;
    /// `enterprise`, or a personal brand of the pack (`e_home`, `tianyi`, `other` …).
    fn from_str(text: &str) -> Result<Self, Error> {
        match text {
            "enterprise" => Ok(TierKey::Enterprise),
            brand => brand.parse().map(TierKey::Brand),
        }
    }
}

impl TierKey {
    fn table<'p>(&self, pack: &'p Pack) -> Result<&'p TierTable, Error> {
        match self {
            TierKey::Brand(b) => pack.tiers.brand(b).map_err(|e| match e {
                Error::UnknownBrand { brand, accepted, .. } => Error::UnknownBrand {
                    field: "kind_or_brand".into(),
                    brand,
                    accepted: alloc::format!("{accepted}, enterprise"),
                },
                other => other,
            }),
            TierKey::Enterprise => Ok(&pack.tiers.enterprise),
        }
    }
}

/// Tiers of amounts (annual spend or revenue) on each row's table, in the engine's latest pack.
pub fn tiers(
    engine: &Engine,
    key: Arg<'_, TierKey>,
    amount: &[Option<Decimal>],
    on_error: OnError,
) -> Result<Vec<Option<Tier>>, RowError> {
    key.check_len("kind_or_brand", amount.len())?;
    key.check_codes("kind_or_brand")?;
    let pack = engine.latest();
    let tables = key.resolve(|k| k.table(pack));
    each(amount.len(), on_error, |row| {
        let (Some(table), Some(a)) = (key.get(&tables, row), amount[row]) else {
            return Ok(None);
        };
        let table = table.as_ref().map_err(Clone::clone)?;
        let a = crate::money::non_negative("amount", a)?;
        Ok(Some(table.rate(a)))
    })
}

/// Whether each date (days since 1970-01-01) is a working day.
pub fn is_working_day(
    calendar: &crate::calendar::Calendar,
    dates: &[Option<i32>],
    on_error: OnError,
) -> Result<Vec<Option<bool>>, RowError> {
    each(dates.len(), on_error, |row| match dates[row] {
        Some(d) => calendar.is_working_day(epoch_day("date", d)?).map(Some),
        None => Ok(None),
    })
}

/// Working days from `from` to `to`, both included (days since 1970-01-01).
pub fn count_working_days(
    calendar: &crate::calendar::Calendar,
    from: &[Option<i32>],
    to: &[Option<i32>],
    on_error: OnError,
) -> Result<Vec<Option<u32>>, RowError> {
    Arg::Each(to).check_len("end", from.len())?;
    each(from.len(), on_error, |row| match (from[row], to[row]) {
        (Some(a), Some(b)) => calendar.count_working_days(epoch_day("start", a)?, epoch_day("end", b)?).map(Some),
        _ => Ok(None),
    })
}

/// The `n`-th working day after each date (days since 1970-01-01 in and out).
pub fn add_working_days(
    calendar: &crate::calendar::Calendar,
    dates: &[Option<i32>],
    n: Arg<'_, i64>,
    on_error: OnError,
) -> Result<Vec<Option<i32>>, RowError> {
    n.check_len("days", dates.len())?;
    n.check_codes("days")?;
    each(dates.len(), on_error, |row| match (dates[row], n.value(row)) {
        (Some(d), Some(&n)) => Ok(Some(to_epoch_day(calendar.add_working_days(epoch_day("date", d)?, n)?))),
        _ => Ok(None),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Calendar;
    use crate::deadline::{Area, Clock};
    use alloc::string::ToString;
    use alloc::vec;

    fn micros(s: &str) -> i64 {
        beijing_to_micros("t", crate::time::parse_instant("t", s).unwrap()).unwrap()
    }

    #[test]
    fn rule_clock_or_policy_over_every_combination_of_arguments() {
        for bits in 0u8..64 {
            let on = |i: u8| bits & (1 << i) != 0;
            let given = Given {
                rule: on(0),
                area: on(1),
                clock: on(2),
                amount: on(3),
                incident: on(4),
                customer_class: on(5),
                takes_clock: true,
                takes_policy: true,
            };
            let policy = given.incident || given.customer_class;
            let want = if given.rule && !given.clock && !policy && !given.amount {
                Some(CountedBy::Rule)
            } else if given.clock && given.amount && !given.rule && !given.area && !policy {
                Some(CountedBy::Clock)
            } else if given.incident && given.customer_class && !given.rule && !given.clock && !given.amount {
                Some(CountedBy::Policy)
            } else {
                None
            };
            match given.counted_by() {
                Ok(by) => assert_eq!(Some(by), want, "{given:?}"),
                Err(e) => {
                    assert_eq!(want, None, "{given:?}");
                    assert_eq!(e.kind(), "invalid_input");
                    assert!(
                        ["rule", "area", "clock", "amount", "incident", "customer_class"].contains(&e.field().unwrap())
                    );
                }
            }
        }
        // What is missing is said in the terms of what the call takes.
        let none = |takes_clock, takes_policy| {
            Given { takes_clock, takes_policy, ..Given::default() }.counted_by().unwrap_err().to_string()
        };
        assert!(
            none(true, false).ends_with("(required: a rule id, or a clock and an amount)"),
            "{}",
            none(true, false)
        );
        assert!(none(false, true).ends_with("(required: a rule id, or an incident and a customer_class)"));
    }

    #[test]
    fn nulls_errors_and_lengths() {
        let engine = Engine::builtin();
        let basis = Basis::free(crate::deadline::Clock::WorkingDays, 3).unwrap();
        let (ok, late) = (micros("2025-09-30T10:00"), micros("2026-12-30T10:00"));
        let starts = [ok, NAT, late];
        let err = deadlines(&engine, Arg::One(&basis), Instants::micros(&starts), OnError::Raise).unwrap_err();
        assert_eq!((err.row, err.error.kind()), (2, "calendar_year_unknown"));
        let due = deadlines(&engine, Arg::One(&basis), Instants::micros(&starts), OnError::Null).unwrap();
        assert_eq!(due[1..], [NAT, NAT]);
        let per_row = [Some(Basis::rule("SLA.FAULT.ORDINARY", Area::Rural))];
        assert_eq!(
            deadlines(&engine, Arg::Each(&per_row), Instants::micros(&starts), OnError::Raise)
                .unwrap_err()
                .error
                .kind(),
            "invalid_input"
        );
        assert_eq!(met(&due, Instants::micros(&[ok, ok, ok])).unwrap(), vec![Some(true), None, None]);
        let masked = Instants { values: &[ok, ok, ok], valid: Some(&[false, true, true]), unit: TimeUnit::Micros };
        assert_eq!(deadlines(&engine, Arg::One(&basis), masked, OnError::Null).unwrap()[..2], [NAT, due[0]]);
        let short = Instants { values: &[ok, ok, ok], valid: Some(&[true]), unit: TimeUnit::Micros };
        assert_eq!(met(&due, short).unwrap_err().error.field(), Some("done"));
    }

    #[test]
    fn coded_arguments_resolve_each_value_once() {
        let engine = Engine::builtin();
        let values = [Basis::rule("SLA.COMPLAINT.ORDINARY", Area::Urban), Basis::rule("SLA.NOPE", Area::Urban)];
        let start = micros("2025-09-30T10:00");
        let codes = [0, -1, 1, 0];
        let four = [start; 4];
        let starts = Instants::micros(&four);
        let arg = Arg::Coded { values: &values, codes: &codes };
        let due = deadlines(&engine, arg, starts, OnError::Null).unwrap();
        assert_eq!(due, [micros("2025-10-12T00:00"), NAT, NAT, micros("2025-10-12T00:00")]);
        let err = deadlines(&engine, arg, starts, OnError::Raise).unwrap_err();
        assert_eq!((err.row, err.error.kind()), (2, "unknown_rule"));
        let past = Arg::Coded { values: &values, codes: &[2] };
        let one = [start];
        assert_eq!(
            deadlines(&engine, past, Instants::micros(&one), OnError::Null).unwrap_err().error.field(),
            Some("rule")
        );
    }

    #[test]
    fn rules_for_each_row_in_the_pack_in_force() {
        let engine = Engine::builtin();
        let start = micros("2025-09-30T10:00");
        let incidents = [Incident::Complaint, Incident::Fault];
        let codes = [0, 1, -1, 1];
        let classes = [Some(CustomerClass::Vip), Some(CustomerClass::Brand), Some(CustomerClass::Ordinary), None];
        let four = [start; 4];
        let starts = Instants::micros(&four);
        let (ids, rows) = rules_for(
            &engine,
            Arg::Coded { values: &incidents, codes: &codes },
            Arg::Each(&classes),
            starts,
            OnError::Raise,
        )
        .unwrap();
        let named: Vec<Option<&str>> = rows.iter().map(|&c| usize::try_from(c).ok().map(|c| ids[c].as_ref())).collect();
        assert_eq!(named, [Some("SLA.COMPLAINT.VIP"), Some("SLA.FAULT.BRAND"), None, None]);
    }

    /// The integer fast path and the dated path give the same instant or the same error, at
    /// every clock and across the calendar's edges and unknown years.
    #[test]
    fn day_number_path_agrees_with_the_dated_path() {
        let engine = Engine::builtin();
        let cal = engine.calendar();
        let mut x: u32 = 7;
        let mut starts = vec![micros("2003-12-31T23:59:59"), micros("2004-01-01T00:00"), micros("2026-12-31T12:00")];
        starts.extend([micros("2026-12-28T08:00"), micros("9999-12-31T23:59:59"), micros("0001-01-01T00:00")]);
        for _ in 0..20_000 {
            x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            starts.push(micros("2003-06-01T00:00") + i64::from(x % 740_000_000) * 1_000_000 + i64::from(x % 997));
        }
        let mut fast_answers = 0;
        for n in [0u32, 1, 3, 40, 300, 6000] {
            for period in [Period::WorkingDays(n), Period::CalendarDays(n), Period::ClockHours(n)] {
                for &s in &starts {
                    let day = beijing_day("start", s).unwrap();
                    let Some(fast) = due_on_day_numbers(cal, &period, s, day) else { continue };
                    let dated = due(cal, &period, micros_to_beijing("start", s).unwrap())
                        .and_then(|d| beijing_to_micros("start", d));
                    assert_eq!(Ok(fast), dated, "{period:?} from {s}");
                    fast_answers += 1;
                }
            }
        }
        assert!(fast_answers > 250_000, "{fast_answers}");
    }

    /// The rows of the issue: amounts past what an `i64` of microseconds holds, starts at the ends
    /// of `i64` and of chrono; wall times outside the years 1–9999 both ways.
    #[test]
    fn extremes_are_errors_never_wrapped_instants() {
        let engine = Engine::builtin();
        let start = micros("2025-09-30T10:00");
        for (clock, amount) in
            [(Clock::CalendarDays, 110_000_000), (Clock::ClockHours, 2_600_000_000), (Clock::ClockHours, u32::MAX)]
        {
            let basis = Basis::free(clock, amount).unwrap();
            let e = deadlines(&engine, Arg::One(&basis), Instants::micros(&[start]), OnError::Raise).unwrap_err();
            assert_eq!(
                (e.row, e.error.kind(), e.error.field()),
                (0, "invalid_input", Some("start")),
                "{clock:?} {amount}"
            );
        }
        let chrono_max = DateTime::<chrono::Utc>::MAX_UTC.timestamp_micros();
        let basis = Basis::free(Clock::ClockHours, 1).unwrap();
        // i64::MIN is NaT, a null; the smallest instant a column holds is one more.
        for s in [i64::MAX, i64::MIN + 1, chrono_max, micros("9999-12-31T23:59:59") + 1_000_000] {
            let e = deadlines(&engine, Arg::One(&basis), Instants::micros(&[NAT, s]), OnError::Raise).unwrap_err();
            assert_eq!((e.row, e.error.kind(), e.error.field()), (1, "invalid_input", Some("start")), "{s}");
            assert_eq!(micros_to_beijing("start", s).unwrap_err().field(), Some("start"));
        }
        for wall in [NaiveDateTime::MIN, NaiveDateTime::MAX] {
            assert_eq!(beijing_to_micros("due", wall).unwrap_err().kind(), "invalid_input");
        }
        assert_eq!(deadlines(&engine, Arg::One(&basis), Instants::micros(&[i64::MAX]), OnError::Null).unwrap(), [NAT]);
    }

    #[test]
    fn tiers_and_days() {
        let engine = Engine::builtin();
        let amounts = [Some(Decimal::new(3360, 0)), Some(Decimal::new(335_999, 2)), None, Some(Decimal::new(-1, 0))];
        let e_home: TierKey = "e_home".parse().unwrap();
        let key = Arg::One(&e_home);
        assert_eq!(
            tiers(&engine, key, &amounts, OnError::Null).unwrap(),
            vec![Some(Tier::Diamond), Some(Tier::Gold), None, None]
        );
        assert_eq!(tiers(&engine, key, &amounts, OnError::Raise).unwrap_err().error.kind(), "negative_amount");
        let unknown: TierKey = "wo_jia".parse().unwrap();
        let e = tiers(&engine, Arg::One(&unknown), &amounts, OnError::Raise).unwrap_err().error;
        assert_eq!((e.kind(), e.field()), ("unknown_brand", Some("kind_or_brand")));
        let cal = Calendar::builtin();
        let oct_11 = to_epoch_day(NaiveDate::from_ymd_opt(2025, 10, 11).unwrap());
        assert_eq!(is_working_day(&cal, &[Some(oct_11), None], OnError::Raise).unwrap(), vec![Some(true), None]);
        assert_eq!(
            count_working_days(&cal, &[Some(oct_11 - 10)], &[Some(oct_11)], OnError::Raise).unwrap(),
            vec![Some(3)]
        );
        assert_eq!(
            add_working_days(&cal, &[Some(oct_11 - 11)], Arg::One(&3), OnError::Raise).unwrap(),
            vec![Some(oct_11)]
        );
    }
}

//! Column-at-a-time evaluation for data frames and typed arrays (pandas, Arrow, Spark, JS).
//!
//! Instants are epoch microseconds (Arrow `timestamp[us]`, an absolute instant), dates are days
//! since 1970-01-01 (Arrow `date32`). Nulls in give nulls out. A bad row is a [`RowError`]
//! naming the row, or a null with [`OnError::Null`].

use alloc::vec::Vec;
use chrono::{DateTime, NaiveDate, NaiveDateTime};
use core::fmt;
use rust_decimal::Decimal;

use crate::calendar::Calendar;
use crate::deadline::{due, Basis};
use crate::tier::{Brand, Tier, TierTable, ENTERPRISE};
use crate::time::{check_instant, to_beijing};
use crate::Error;

/// What a bad row does to a batch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OnError {
    /// The whole call fails with the first bad row.
    #[default]
    Raise,
    /// The bad row's result is null.
    Null,
}

/// The first bad row of a batch and what was wrong with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    /// 0-based row index.
    pub row: usize,
    /// The error.
    pub error: Error,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "row {}: {}", self.row, self.error)
    }
}

#[cfg(feature = "std")]
impl std::error::Error for RowError {}

/// An argument given once for every row, or per row.
#[derive(Clone, Copy, Debug)]
pub enum Arg<'a, T> {
    /// The same value for every row.
    One(T),
    /// One value (or null) per row.
    Each(&'a [Option<T>]),
}

impl<T> Arg<'_, T> {
    fn get(&self, row: usize) -> Option<&T> {
        match self {
            Arg::One(v) => Some(v),
            Arg::Each(values) => values.get(row).and_then(Option::as_ref),
        }
    }

    fn check_len(&self, field: &str, rows: usize) -> Result<(), RowError> {
        match self {
            Arg::Each(values) if values.len() != rows => Err(RowError {
                row: values.len().min(rows),
                error: Error::invalid(
                    field,
                    alloc::format!("{} values", values.len()),
                    alloc::format!("expected {rows}, one per row"),
                ),
            }),
            _ => Ok(()),
        }
    }
}

/// Beijing wall time of an epoch-microsecond instant (years 1–9999).
pub fn micros_to_beijing(field: &str, micros: i64) -> Result<NaiveDateTime, Error> {
    let utc = DateTime::from_timestamp_micros(micros)
        .ok_or_else(|| Error::invalid(field, alloc::format!("{micros}"), "instant out of range"))?;
    check_instant(field, to_beijing(&utc))
}

/// Epoch microseconds of a Beijing wall time.
pub fn beijing_to_micros(wall: NaiveDateTime) -> i64 {
    (wall - chrono::Duration::hours(8)).and_utc().timestamp_micros()
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
    let mut out = Vec::with_capacity(rows);
    for row in 0..rows {
        match f(row) {
            Ok(v) => out.push(v),
            Err(_) if on_error == OnError::Null => out.push(None),
            Err(error) => return Err(RowError { row, error }),
        }
    }
    Ok(out)
}

/// Due instants (epoch µs) for tickets started at `start` (epoch µs).
///
/// ```
/// use guifan_core::{batch::{deadlines, Arg, OnError}, calendar::Calendar, deadline::{Area, Basis}};
/// let basis = Basis::rule("SLA.COMPLAINT.ORDINARY", Area::Urban).unwrap();
/// let start = 1_759_197_600_000_000; // 2025-09-30T10:00:00+08:00
/// let due = deadlines(&Calendar::builtin(), Arg::One(basis), &[Some(start), None], OnError::Raise).unwrap();
/// assert_eq!(due, vec![Some(1_760_198_400_000_000), None]); // 2025-10-12T00:00:00+08:00
/// ```
pub fn deadlines(
    calendar: &Calendar,
    basis: Arg<'_, Basis>,
    start: &[Option<i64>],
    on_error: OnError,
) -> Result<Vec<Option<i64>>, RowError> {
    basis.check_len("rule", start.len())?;
    each(start.len(), on_error, |row| {
        let (Some(basis), Some(&s)) = (basis.get(row), start[row].as_ref()) else {
            return Ok(None);
        };
        let due = due(calendar, &basis.period(), micros_to_beijing("start", s)?)?;
        Ok(Some(beijing_to_micros(due)))
    })
}

/// Whether work done at `done` met `due` (both epoch µs): `done <= due` (INTERP.ONTIME).
pub fn met(due: &[Option<i64>], done: &[Option<i64>]) -> Result<Vec<Option<bool>>, RowError> {
    Arg::Each(done).check_len("done", due.len())?;
    Ok(due.iter().zip(done).map(|(d, x)| Some(x.as_ref()? <= d.as_ref()?)).collect())
}

/// The table a row is rated on: a personal brand, or enterprise revenue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TierKey {
    /// A personal customer of a brand, on annual spend.
    Brand(Brand),
    /// An enterprise customer, on annual revenue.
    Enterprise,
}

impl core::str::FromStr for TierKey {
    type Err = Error;
    /// `e_home`, `tianyi`, `other` or `enterprise`.
    fn from_str(text: &str) -> Result<Self, Error> {
        match text {
            "enterprise" => Ok(TierKey::Enterprise),
            brand => brand.parse().map(TierKey::Brand).map_err(|_| Error::UnknownBrand {
                field: "kind_or_brand".into(),
                brand: brand.into(),
                accepted: "e_home, tianyi, other, enterprise".into(),
            }),
        }
    }
}

impl TierKey {
    fn table(self) -> &'static TierTable {
        match self {
            TierKey::Brand(b) => b.table(),
            TierKey::Enterprise => &ENTERPRISE,
        }
    }
}

/// Tiers of amounts (annual spend or revenue) on each row's table.
pub fn tiers(
    key: Arg<'_, TierKey>,
    amount: &[Option<Decimal>],
    on_error: OnError,
) -> Result<Vec<Option<Tier>>, RowError> {
    key.check_len("kind_or_brand", amount.len())?;
    each(amount.len(), on_error, |row| {
        let (Some(key), Some(a)) = (key.get(row), amount[row]) else {
            return Ok(None);
        };
        let a = crate::money::non_negative("amount", a)?;
        Ok(Some(key.table().rate(a)))
    })
}

/// Whether each date (days since 1970-01-01) is a working day.
pub fn is_working_day(
    calendar: &Calendar,
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
    calendar: &Calendar,
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
    calendar: &Calendar,
    dates: &[Option<i32>],
    n: Arg<'_, i64>,
    on_error: OnError,
) -> Result<Vec<Option<i32>>, RowError> {
    n.check_len("days", dates.len())?;
    each(dates.len(), on_error, |row| match (dates[row], n.get(row)) {
        (Some(d), Some(&n)) => Ok(Some(to_epoch_day(calendar.add_working_days(epoch_day("date", d)?, n)?))),
        _ => Ok(None),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deadline::{Area, Period};
    use alloc::vec;

    #[test]
    fn nulls_errors_and_lengths() {
        let cal = Calendar::builtin();
        let basis = Basis::Free(Period::WorkingDays(3));
        let late = beijing_to_micros(crate::time::parse_instant("t", "2026-12-30T10:00").unwrap());
        let ok = beijing_to_micros(crate::time::parse_instant("t", "2025-09-30T10:00").unwrap());
        let starts = [Some(ok), None, Some(late)];
        let err = deadlines(&cal, Arg::One(basis), &starts, OnError::Raise).unwrap_err();
        assert_eq!((err.row, err.error.kind()), (2, "calendar_year_unknown"));
        let due = deadlines(&cal, Arg::One(basis), &starts, OnError::Null).unwrap();
        assert_eq!(due[1..], [None, None]);
        let per_row = [Some(Basis::rule("SLA.FAULT.ORDINARY", Area::Rural).unwrap())];
        assert_eq!(
            deadlines(&cal, Arg::Each(&per_row), &starts, OnError::Raise).unwrap_err().error.kind(),
            "invalid_input"
        );
        let met = met(&due, &[Some(ok), Some(ok), Some(ok)]).unwrap();
        assert_eq!(met, vec![Some(true), None, None]);
    }

    #[test]
    fn tiers_and_days() {
        let amounts = [Some(Decimal::new(3360, 0)), Some(Decimal::new(335_999, 2)), None, Some(Decimal::new(-1, 0))];
        let key = Arg::One("e_home".parse().unwrap());
        assert_eq!(
            tiers(key, &amounts, OnError::Null).unwrap(),
            vec![Some(Tier::Diamond), Some(Tier::Gold), None, None]
        );
        assert_eq!(tiers(key, &amounts, OnError::Raise).unwrap_err().error.kind(), "negative_amount");
        let cal = Calendar::builtin();
        let oct_11 = to_epoch_day(NaiveDate::from_ymd_opt(2025, 10, 11).unwrap());
        assert_eq!(is_working_day(&cal, &[Some(oct_11), None], OnError::Raise).unwrap(), vec![Some(true), None]);
        assert_eq!(
            count_working_days(&cal, &[Some(oct_11 - 10)], &[Some(oct_11)], OnError::Raise).unwrap(),
            vec![Some(3)]
        );
        assert_eq!(
            add_working_days(&cal, &[Some(oct_11 - 11)], Arg::One(3), OnError::Raise).unwrap(),
            vec![Some(oct_11)]
        );
    }
}

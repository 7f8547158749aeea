//! Column functions for `guifan.batch`, over the core's `batch` module.
//!
//! The Python side hands columns over as little-endian byte buffers (`guifan/_columns.py`):
//! instants as `i64` epoch microseconds, dates as `i32` days since 1970-01-01, each with an
//! optional validity buffer of one byte per row (0 = null). Text arguments (rules, areas, clocks,
//! brands) come as one `str` for every row, or as `(uniques, codes)` with `i32` codes into the
//! uniques (-1 = null). The whole column is computed with the GIL released. Results go back the
//! same way: a values buffer and a validity buffer.

use guifan_core::batch::{self, Arg, OnError, RowError, TierKey};
use guifan_core::deadline::{sla_rule, Area, Basis, Clock, Period, SlaRule};
use guifan_core::money::parse_money;
use guifan_core::tier::Tier;
use guifan_core::Error;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyString, PyTuple};
use rust_decimal::Decimal;

use crate::{calendar_of, convert, raise, PyCalendar};

/// Tiers in order; the codes returned by `tiers` index this list.
const TIERS: [Tier; 4] = [Tier::None, Tier::Silver, Tier::Gold, Tier::Diamond];

fn on_error(text: &str) -> Result<OnError, Error> {
    match text {
        "raise" => Ok(OnError::Raise),
        "null" => Ok(OnError::Null),
        other => Err(Error::invalid("errors", other, "accepted: raise, null")),
    }
}

/// Why a column call failed: an argument as a whole, or one row.
enum Fail {
    Whole(Error),
    Row(RowError),
}

impl From<RowError> for Fail {
    fn from(e: RowError) -> Self {
        Fail::Row(e)
    }
}

impl From<Error> for Fail {
    fn from(e: Error) -> Self {
        Fail::Whole(e)
    }
}

fn fail(py: Python<'_>, f: Fail) -> PyErr {
    match f {
        Fail::Whole(e) => raise(py, &e, None),
        Fail::Row(e) => raise(py, &e.error, Some(e.row)),
    }
}

fn plain_err(py: Python<'_>) -> impl Fn(Error) -> PyErr + '_ {
    move |e| raise(py, &e, None)
}

fn check_len(field: &str, bytes: usize, width: usize, rows: usize) -> Result<(), Error> {
    if bytes == width * rows {
        Ok(())
    } else {
        Err(Error::invalid(field, format!("{bytes} bytes"), format!("expected {} for {rows} rows", width * rows)))
    }
}

/// Reads fixed-width little-endian values with an optional validity buffer.
fn column<T, const W: usize>(
    field: &str,
    values: &[u8],
    valid: Option<&[u8]>,
    read: impl Fn([u8; W]) -> T,
) -> Result<Vec<Option<T>>, Error> {
    let rows = values.len() / W;
    check_len(field, values.len(), W, rows)?;
    if let Some(v) = valid {
        check_len(field, v.len(), 1, rows)?;
    }
    Ok(values
        .chunks_exact(W)
        .enumerate()
        .map(|(i, c)| {
            let ok = valid.is_none_or(|v| v[i] != 0);
            let mut raw = [0u8; W];
            raw.copy_from_slice(c);
            ok.then(|| read(raw))
        })
        .collect())
}

fn i64_column(field: &str, values: &[u8], valid: Option<&[u8]>) -> Result<Vec<Option<i64>>, Error> {
    column::<i64, 8>(field, values, valid, i64::from_le_bytes)
}

fn i32_column(field: &str, values: &[u8], valid: Option<&[u8]>) -> Result<Vec<Option<i32>>, Error> {
    column::<i32, 4>(field, values, valid, i32::from_le_bytes)
}

/// Values and validity of a result column as two byte buffers.
fn output<'py, T: Copy, const W: usize>(
    py: Python<'py>,
    values: &[Option<T>],
    null: T,
    write: impl Fn(T) -> [u8; W],
) -> PyResult<(Bound<'py, PyBytes>, Bound<'py, PyBytes>)> {
    let data = PyBytes::new_with(py, values.len() * W, |buf| {
        for (chunk, v) in buf.chunks_exact_mut(W).zip(values) {
            chunk.copy_from_slice(&write(v.unwrap_or(null)));
        }
        Ok(())
    })?;
    let valid = PyBytes::new_with(py, values.len(), |buf| {
        for (b, v) in buf.iter_mut().zip(values) {
            *b = u8::from(v.is_some());
        }
        Ok(())
    })?;
    Ok((data, valid))
}

/// A text argument: the same for every row, or per row through codes into uniques.
enum Text {
    One(String),
    Each { uniques: Vec<Option<String>>, codes: Vec<i32> },
}

impl Text {
    fn extract(field: &str, obj: &Bound<'_, PyAny>) -> PyResult<Result<Text, Error>> {
        if let Ok(s) = obj.cast::<PyString>() {
            return Ok(Ok(Text::One(s.extract()?)));
        }
        let (uniques, codes): (Bound<'_, PyList>, Bound<'_, PyBytes>) = obj.extract()?;
        let uniques: Vec<Option<String>> = uniques.extract()?;
        let codes = match i32_column(field, codes.as_bytes(), None) {
            Ok(c) => c.into_iter().map(|c| c.unwrap_or(-1)).collect::<Vec<i32>>(),
            Err(e) => return Ok(Err(e)),
        };
        if let Some(bad) = codes.iter().find(|&&c| c < -1 || c as i64 >= uniques.len() as i64) {
            return Ok(Err(Error::invalid(field, bad.to_string(), "code out of range of the uniques")));
        }
        Ok(Ok(Text::Each { uniques, codes }))
    }

    fn rows(&self) -> Option<usize> {
        match self {
            Text::One(_) => None,
            Text::Each { codes, .. } => Some(codes.len()),
        }
    }

    /// Parses each distinct value once; `Each` gives one parsed value (or null) per row.
    fn parse<T: Copy>(&self, parse: impl Fn(&str) -> Result<T, Error>) -> Result<Parsed<T>, Error> {
        match self {
            Text::One(s) => Ok(Parsed::One(parse(s)?)),
            Text::Each { uniques, codes } => {
                let parsed: Vec<Option<Result<T, Error>>> = uniques.iter().map(|u| u.as_deref().map(&parse)).collect();
                Ok(Parsed::Each(codes.iter().map(|&c| if c < 0 { None } else { parsed[c as usize].clone() }).collect()))
            }
        }
    }
}

/// A parsed argument: one value, or per row a value, a null or the row's error.
enum Parsed<T> {
    One(T),
    Each(Vec<Option<Result<T, Error>>>),
}

impl<T: Copy> Parsed<T> {
    fn get(&self, row: usize) -> Option<Result<T, Error>> {
        match self {
            Parsed::One(v) => Some(Ok(*v)),
            Parsed::Each(values) => values.get(row).cloned().flatten(),
        }
    }
}

/// A whole-number argument: the same for every row, or one per row.
enum Int {
    One(i64),
    Each(Vec<Option<i64>>),
}

impl Int {
    fn extract(field: &str, obj: &Bound<'_, PyAny>) -> PyResult<Result<Int, Error>> {
        if let Ok(n) = obj.extract::<i64>() {
            return Ok(Ok(Int::One(n)));
        }
        let (values, valid): (Bound<'_, PyBytes>, Option<Bound<'_, PyBytes>>) = obj.extract()?;
        Ok(i64_column(field, values.as_bytes(), valid.as_ref().map(|v| v.as_bytes())).map(Int::Each))
    }

    fn get(&self, row: usize) -> Option<i64> {
        match self {
            Int::One(n) => Some(*n),
            Int::Each(values) => values.get(row).copied().flatten(),
        }
    }

    fn rows(&self) -> Option<usize> {
        match self {
            Int::One(_) => None,
            Int::Each(v) => Some(v.len()),
        }
    }
}

fn length_error(field: &str, got: usize, rows: usize) -> Error {
    Error::invalid(field, format!("{got} values"), format!("expected {rows}, one per row"))
}

/// Builds one value per row from per-row parts; a bad row is an error (`Raise`, first one kept)
/// or a null (`Null`). Returns the values and the first bad row.
fn per_row<T>(
    rows: usize,
    on_error: OnError,
    mut f: impl FnMut(usize) -> Option<Result<T, Error>>,
) -> (Vec<Option<T>>, Option<RowError>) {
    let mut first = None;
    let values = (0..rows)
        .map(|row| match f(row) {
            None => None,
            Some(Ok(v)) => Some(v),
            Some(Err(error)) => {
                if on_error == OnError::Raise && first.is_none() {
                    first = Some(RowError { row, error });
                }
                None
            }
        })
        .collect();
    (values, first)
}

/// The core's answer for the rows it was given, with the first bad row found while reading
/// the arguments: whichever bad row comes first is the error.
fn settle<T>(result: Result<Vec<T>, RowError>, earlier: Option<RowError>) -> Result<Vec<T>, RowError> {
    match (result, earlier) {
        (Err(core), Some(ours)) => Err(if core.row < ours.row { core } else { ours }),
        (Err(core), None) => Err(core),
        (Ok(_), Some(ours)) => Err(ours),
        (Ok(v), None) => Ok(v),
    }
}

fn amount_to_u32(n: i64) -> Result<u32, Error> {
    if n < 0 {
        return Err(Error::NegativeAmount { field: "amount".into(), value: n.to_string() });
    }
    u32::try_from(n).map_err(|_| Error::invalid("amount", n.to_string(), "too large"))
}

/// The period basis of every row, or of each row.
enum Bases {
    One(Basis),
    Each(Vec<Option<Basis>>),
}

fn bases(
    rows: usize,
    rule: Option<&Text>,
    area: Option<&Text>,
    clock: Option<&Text>,
    amount: Option<&Int>,
    on_error: OnError,
) -> Result<(Bases, Option<RowError>), Error> {
    for (field, n) in [
        ("rule", rule.and_then(Text::rows)),
        ("area", area.and_then(Text::rows)),
        ("clock", clock.and_then(Text::rows)),
        ("amount", amount.and_then(Int::rows)),
    ] {
        if let Some(n) = n.filter(|&n| n != rows) {
            return Err(length_error(field, n, rows));
        }
    }
    match (rule, clock) {
        (Some(rule), None) => {
            if amount.is_some() {
                return Err(Error::invalid("amount", "given with rule", "an amount goes with a clock"));
            }
            let rules = rule.parse(|id| sla_rule(id).map(|r: &'static SlaRule| r))?;
            let areas = match area {
                Some(a) => Some(a.parse(|s| s.parse::<Area>())?),
                None => None,
            };
            if let (Parsed::One(r), None | Some(Parsed::One(_))) = (&rules, &areas) {
                let area = match &areas {
                    Some(Parsed::One(a)) => *a,
                    _ => Area::default(),
                };
                return Ok((Bases::One(Basis::Rule(r, area)), None));
            }
            let (values, first) = per_row(rows, on_error, |row| {
                let rule = match rules.get(row)? {
                    Ok(r) => r,
                    Err(e) => return Some(Err(e)),
                };
                // A null area is an area not given: the default (urban), as in the contract.
                let area = match areas.as_ref().and_then(|a| a.get(row)) {
                    None => Area::default(),
                    Some(Ok(a)) => a,
                    Some(Err(e)) => return Some(Err(e)),
                };
                Some(Ok(Basis::Rule(rule, area)))
            });
            Ok((Bases::Each(values), first))
        }
        (None, Some(clock)) => {
            if area.is_some() {
                return Err(Error::invalid("area", "given with clock", "an area goes with a rule"));
            }
            let Some(amount) = amount else {
                return Err(Error::invalid("amount", "missing", "required with a clock: a whole number"));
            };
            let clocks = clock.parse(|s| s.parse::<Clock>())?;
            let period = |clock: Clock, n: i64| amount_to_u32(n).and_then(|n| Period::free(clock, n));
            if let (Parsed::One(c), Int::One(n)) = (&clocks, amount) {
                return Ok((Bases::One(Basis::Free(period(*c, *n)?)), None));
            }
            let (values, first) = per_row(rows, on_error, |row| {
                let clock = match clocks.get(row)? {
                    Ok(c) => c,
                    Err(e) => return Some(Err(e)),
                };
                let n = amount.get(row)?;
                Some(period(clock, n).map(Basis::Free))
            });
            Ok((Bases::Each(values), first))
        }
        (Some(_), Some(_)) => Err(Error::invalid("clock", "given with rule", "give either a rule or a clock")),
        (None, None) => Err(Error::invalid("rule", "missing", "required: a rule id, or a clock and an amount")),
    }
}

type Pair<'py> = (Bound<'py, PyBytes>, Bound<'py, PyBytes>);

/// Due instants (and met flags when `done` is given) of tickets started at `start`.
#[pyfunction]
#[pyo3(signature = (start, start_valid, *, rule = None, area = None, clock = None, amount = None, done = None, done_valid = None, errors = "raise", calendar = None))]
#[allow(clippy::too_many_arguments)]
fn deadlines<'py>(
    py: Python<'py>,
    start: &[u8],
    start_valid: Option<&[u8]>,
    rule: Option<&Bound<'py, PyAny>>,
    area: Option<&Bound<'py, PyAny>>,
    clock: Option<&Bound<'py, PyAny>>,
    amount: Option<&Bound<'py, PyAny>>,
    done: Option<&[u8]>,
    done_valid: Option<&[u8]>,
    errors: &str,
    calendar: Option<PyRef<'_, PyCalendar>>,
) -> PyResult<(Pair<'py>, Option<Pair<'py>>)> {
    let on_error = on_error(errors).map_err(plain_err(py))?;
    let text = |field: &str, obj: Option<&Bound<'py, PyAny>>| -> PyResult<Option<Text>> {
        obj.map(|o| Text::extract(field, o)?.map_err(plain_err(py))).transpose()
    };
    let (rule, area, clock) = (text("rule", rule)?, text("area", area)?, text("clock", clock)?);
    let amount = amount.map(|o| Int::extract("amount", o)?.map_err(plain_err(py))).transpose()?;
    let calendar = calendar_of(calendar);
    let computed = py.detach(|| {
        let starts = i64_column("start", start, start_valid)?;
        let (bases, first) =
            bases(starts.len(), rule.as_ref(), area.as_ref(), clock.as_ref(), amount.as_ref(), on_error)?;
        let due = match &bases {
            Bases::One(b) => batch::deadlines(&calendar, Arg::One(*b), &starts, on_error),
            Bases::Each(each) => batch::deadlines(&calendar, Arg::Each(each), &starts, on_error),
        };
        let due = settle(due, first)?;
        let met = match done {
            Some(done) => {
                let done = i64_column("done", done, done_valid)?;
                Some(batch::met(&due, &done)?)
            }
            None => None,
        };
        Ok::<_, Fail>((due, met))
    });
    let (due, met) = computed.map_err(|e| fail(py, e))?;
    let due = output(py, &due, i64::MIN, i64::to_le_bytes)?;
    let met = met.map(|m| output(py, &m, false, |b| [u8::from(b)])).transpose()?;
    Ok((due, met))
}

/// One amount per row: a value, a null, or why the row's value is not money.
type MoneyColumn = Vec<Option<Result<Decimal, Error>>>;

/// Reads a money column: `("float", f64 buffer)` with NaN as null (the pandas convention),
/// `("int", i64 buffer, validity)`, `("decimal", i128 buffer, validity, scale)` (Arrow
/// decimal128) or `("object", list, validity)` of `Decimal`, `int`, `str` or `float`. Each value
/// is read exactly; a value that is not money is that row's error.
fn money_column(py: Python<'_>, obj: &Bound<'_, PyAny>) -> PyResult<Result<MoneyColumn, Error>> {
    let tuple = obj.cast::<PyTuple>()?;
    let tag: String = tuple.get_item(0)?.extract()?;
    let money = |text: &str| parse_money("amount", text);
    let valid_of = |i: usize| -> PyResult<Option<Vec<u8>>> {
        let v = tuple.get_item(i)?;
        if v.is_none() {
            Ok(None)
        } else {
            Ok(Some(v.cast::<PyBytes>()?.as_bytes().to_vec()))
        }
    };
    Ok(match tag.as_str() {
        "float" => {
            let values: Vec<u8> = tuple.get_item(1)?.extract()?;
            column::<f64, 8>("amount", &values, None, f64::from_le_bytes).map(|col| {
                py.detach(|| {
                    col.into_iter()
                        .map(|v| {
                            let v = v?;
                            if v.is_nan() {
                                None
                            } else if v.is_infinite() {
                                Some(Err(Error::invalid("amount", v.to_string(), "infinities are not money")))
                            } else {
                                // Rust writes the shortest text that reads back as the same
                                // float, as Python's repr does: 3359.99 is read as 3359.99.
                                Some(money(&v.to_string()))
                            }
                        })
                        .collect()
                })
            })
        }
        "int" => {
            let values: Vec<u8> = tuple.get_item(1)?.extract()?;
            let valid = valid_of(2)?;
            i64_column("amount", &values, valid.as_deref())
                .map(|col| col.into_iter().map(|v| v.map(|n| Ok(Decimal::from(n)))).collect())
        }
        "decimal" => {
            let values: Vec<u8> = tuple.get_item(1)?.extract()?;
            let valid = valid_of(2)?;
            let scale: i64 = tuple.get_item(3)?.extract()?;
            column::<i128, 16>("amount", &values, valid.as_deref(), i128::from_le_bytes).map(|col| {
                py.detach(|| col.into_iter().map(|v| v.map(|n| money(&format!("{n}e{}", -scale)))).collect())
            })
        }
        "object" => {
            let items = tuple.get_item(1)?;
            let items = items.cast::<PyList>()?;
            let valid = valid_of(2)?;
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                if valid.as_ref().is_some_and(|v| v.get(i) == Some(&0)) {
                    out.push(None);
                    continue;
                }
                out.push(match convert::to_value(&item, "amount")? {
                    Ok(serde_json::Value::Null) => None,
                    Ok(serde_json::Value::Number(n)) => Some(money(&n.to_string())),
                    Ok(serde_json::Value::String(s)) => Some(money(&s)),
                    Ok(other) => Some(Err(Error::invalid("amount", other.to_string(), "expected an amount"))),
                    Err(e) => Some(Err(e)),
                });
            }
            Ok(out)
        }
        other => Err(Error::invalid("amount", other, "unknown column encoding")),
    })
}

/// Tiers of amounts on each row's table; codes index the returned tier names (-1 = null).
#[pyfunction]
#[pyo3(signature = (key, amount, *, errors = "raise"))]
fn tiers<'py>(
    py: Python<'py>,
    key: &Bound<'py, PyAny>,
    amount: &Bound<'py, PyAny>,
    errors: &str,
) -> PyResult<(Bound<'py, PyBytes>, Vec<&'static str>)> {
    let on_error = on_error(errors).map_err(plain_err(py))?;
    let key = Text::extract("kind_or_brand", key)?.map_err(plain_err(py))?;
    let amounts = money_column(py, amount)?.map_err(plain_err(py))?;
    let computed = py.detach(|| {
        let rows = amounts.len();
        if let Some(n) = key.rows().filter(|&n| n != rows) {
            return Err(Fail::Whole(length_error("kind_or_brand", n, rows)));
        }
        let keys = key.parse(|s| s.parse::<TierKey>())?;
        let (amounts, bad_amount) = per_row(rows, on_error, |row| amounts[row].clone());
        let result = match &keys {
            Parsed::One(k) => settle(batch::tiers(Arg::One(*k), &amounts, on_error), bad_amount),
            Parsed::Each(_) => {
                let (keys, bad_key) = per_row(rows, on_error, |row| keys.get(row));
                let first = match (bad_key, bad_amount) {
                    (Some(a), Some(b)) => Some(if a.row <= b.row { a } else { b }),
                    (a, b) => a.or(b),
                };
                settle(batch::tiers(Arg::Each(&keys), &amounts, on_error), first)
            }
        }?;
        Ok::<_, Fail>(
            result
                .iter()
                .map(|t| t.and_then(|t| TIERS.iter().position(|x| *x == t)).map_or(-1, |i| i as i8))
                .collect::<Vec<i8>>(),
        )
    });
    let codes = computed.map_err(|e| fail(py, e))?;
    let bytes = PyBytes::new_with(py, codes.len(), |buf| {
        for (b, c) in buf.iter_mut().zip(&codes) {
            *b = c.to_le_bytes()[0];
        }
        Ok(())
    })?;
    Ok((bytes, TIERS.iter().map(|t| t.as_str()).collect()))
}

/// Whether each date is a working day.
#[pyfunction]
#[pyo3(signature = (dates, dates_valid, *, errors = "raise", calendar = None))]
fn is_working_day<'py>(
    py: Python<'py>,
    dates: &[u8],
    dates_valid: Option<&[u8]>,
    errors: &str,
    calendar: Option<PyRef<'_, PyCalendar>>,
) -> PyResult<Pair<'py>> {
    let on_error = on_error(errors).map_err(plain_err(py))?;
    let calendar = calendar_of(calendar);
    let out = py
        .detach(|| {
            let dates = i32_column("date", dates, dates_valid)?;
            Ok::<_, Fail>(batch::is_working_day(&calendar, &dates, on_error)?)
        })
        .map_err(|e| fail(py, e))?;
    output(py, &out, false, |b| [u8::from(b)])
}

/// Working days from `start` to `end`, both included.
#[pyfunction]
#[pyo3(signature = (start, start_valid, end, end_valid, *, errors = "raise", calendar = None))]
fn count_working_days<'py>(
    py: Python<'py>,
    start: &[u8],
    start_valid: Option<&[u8]>,
    end: &[u8],
    end_valid: Option<&[u8]>,
    errors: &str,
    calendar: Option<PyRef<'_, PyCalendar>>,
) -> PyResult<Pair<'py>> {
    let on_error = on_error(errors).map_err(plain_err(py))?;
    let calendar = calendar_of(calendar);
    let out = py
        .detach(|| {
            let start = i32_column("start", start, start_valid)?;
            let end = i32_column("end", end, end_valid)?;
            Ok::<_, Fail>(batch::count_working_days(&calendar, &start, &end, on_error)?)
        })
        .map_err(|e| fail(py, e))?;
    let out: Vec<Option<i64>> = out.into_iter().map(|v| v.map(i64::from)).collect();
    output(py, &out, 0, i64::to_le_bytes)
}

/// The `days`-th working day after each date.
#[pyfunction]
#[pyo3(signature = (dates, dates_valid, days, *, errors = "raise", calendar = None))]
fn add_working_days<'py>(
    py: Python<'py>,
    dates: &[u8],
    dates_valid: Option<&[u8]>,
    days: &Bound<'py, PyAny>,
    errors: &str,
    calendar: Option<PyRef<'_, PyCalendar>>,
) -> PyResult<Pair<'py>> {
    let on_error = on_error(errors).map_err(plain_err(py))?;
    let days = Int::extract("days", days)?.map_err(plain_err(py))?;
    let calendar = calendar_of(calendar);
    let out = py
        .detach(|| {
            let dates = i32_column("date", dates, dates_valid)?;
            Ok::<_, Fail>(match &days {
                Int::One(n) => batch::add_working_days(&calendar, &dates, Arg::One(*n), on_error),
                Int::Each(each) => batch::add_working_days(&calendar, &dates, Arg::Each(each), on_error),
            }?)
        })
        .map_err(|e| fail(py, e))?;
    output(py, &out, 0, i32::to_le_bytes)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(deadlines, m)?)?;
    m.add_function(wrap_pyfunction!(tiers, m)?)?;
    m.add_function(wrap_pyfunction!(is_working_day, m)?)?;
    m.add_function(wrap_pyfunction!(count_working_days, m)?)?;
    m.add_function(wrap_pyfunction!(add_working_days, m)?)?;
    Ok(())
}

//! Column functions for `guifan.batch`, over the core's `batch` module.
//!
//! The Python side hands columns over as numpy arrays (`guifan/_columns.py`), in numpy's and
//! Arrow's layout: values and, when some rows are null, a `bool` validity mask. Instants are
//! `int64` arrays read in place ([`InstantColumn`]); dates `int32` days since 1970-01-01 and
//! whole numbers `int64` ([`Masked`]). Text arguments (rules, areas, clocks, brands) come as
//! one `str` for every row, or as `(uniques, codes)` with `int32` codes into the uniques (-1 =
//! null); they reach the core dictionary-encoded, each distinct value resolved once. Every
//! function runs on an engine (the default one unless given). The whole column is computed with
//! the GIL released. Results go back as numpy arrays: values and validity, or `int8` codes.
//! Counts (a clock's amount) are read by the core's `money::count`, as the contract reads them.

use guifan_core::batch::{
    self, one_per_row, Arg, CountedBy, Given, Instants, OnError, PauseTable, RowError, TicketColumns, TierKey, TimeUnit,
};
use guifan_core::deadline::{Area, Basis, Clock, CustomerClass, Incident};
use guifan_core::engine::Engine;
use guifan_core::money::{count, parse_money};
use guifan_core::pack::Region;
use guifan_core::ticket::{RemainingUnit, TargetState, Targets};
use guifan_core::tier::Tier;
use guifan_core::Error;
use numpy::{Element, IntoPyArray, PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};
use rust_decimal::Decimal;
use std::collections::HashMap;

use crate::arrow::{self, Amounts, Arrow};
use crate::{convert, detached, engine_of, guard, raise, PyEngine};

/// Tiers in order; the codes returned by `tiers` index this list.
const TIERS: [Tier; 4] = [Tier::None, Tier::Silver, Tier::Gold, Tier::Diamond];

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

/// The values of a numpy array, which must be contiguous.
fn contiguous<'a, T: Element>(field: &str, array: &'a PyReadonlyArray1<'_, T>) -> Result<&'a [T], Error> {
    array.as_slice().map_err(|_| Error::invalid(field, "a strided array", "contiguous values"))
}

/// A column of numbers as `guifan/_columns.py` hands it over: a numpy array and, when some
/// rows are null, a `bool` validity mask.
#[derive(FromPyObject)]
struct Masked<'py, T: Element>(PyReadonlyArray1<'py, T>, Option<PyReadonlyArray1<'py, bool>>);

impl<T: Element + Copy> Masked<'_, T> {
    /// One option per row ([`batch::masked`]).
    fn read(&self, field: &str) -> Result<Vec<Option<T>>, Error> {
        let valid = self.1.as_ref().map(|v| contiguous(field, v)).transpose()?;
        batch::masked(field, contiguous(field, &self.0)?, valid)
    }
}

/// A date column: `int32` days from `guifan/_columns.py`, or an Arrow array of dates or of
/// timestamps (which count by their Beijing date).
#[derive(FromPyObject)]
enum Dates<'py> {
    Numpy(Masked<'py, i32>),
    Arrow(Arrow),
}

impl Dates<'_> {
    fn read(&self, field: &str, on_error: OnError) -> Result<Vec<Option<i32>>, Fail> {
        match self {
            Dates::Numpy(column) => Ok(column.read(field)?),
            Dates::Arrow(column) if column.is_timestamp() => {
                Ok(batch::beijing_days(field, Instants::micros(&column.micros(field)?), on_error)?)
            }
            Dates::Arrow(column) => Ok(column.days(field)?),
        }
    }
}

/// A result column as numpy arrays: the values (`null` where there is none) and their validity.
fn output<'py, T: Element + Copy>(py: Python<'py>, values: &[Option<T>], null: T) -> Pair<'py, T> {
    let data: Vec<T> = values.iter().map(|v| v.unwrap_or(null)).collect();
    let valid: Vec<bool> = values.iter().map(Option::is_some).collect();
    (data.into_pyarray(py), valid.into_pyarray(py))
}

type Pair<'py, T> = (Bound<'py, PyArray1<T>>, Bound<'py, PyArray1<bool>>);
type Flags<'py> = Pair<'py, bool>;

/// An instant column as `guifan/_columns.py` hands it over: a contiguous numpy `int64` array
/// of whole `unit`s ("us" or "ns") since the epoch, numpy's NaT a null, and an optional `bool`
/// validity mask; the core reads both where they lie.
/// Or an Arrow array of timestamps, read into epoch µs when extracted.
enum InstantColumn<'py> {
    Numpy(PyReadonlyArray1<'py, i64>, Option<PyReadonlyArray1<'py, bool>>, String),
    Arrow(Result<Vec<i64>, Error>),
}

impl<'a, 'py> FromPyObject<'a, 'py> for InstantColumn<'py> {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        match obj.extract() {
            Ok((values, valid, unit)) => Ok(InstantColumn::Numpy(values, valid, unit)),
            Err(_) => Ok(InstantColumn::Arrow(obj.extract::<Arrow>()?.micros(""))),
        }
    }
}

impl InstantColumn<'_> {
    fn instants(&self, field: &str) -> Result<Instants<'_>, Error> {
        let (values, valid, unit) = match self {
            InstantColumn::Numpy(values, valid, unit) => (values, valid, unit),
            InstantColumn::Arrow(micros) => {
                return micros.as_ref().map(|m| Instants::micros(m)).map_err(|e| e.clone().at(field))
            }
        };
        let unit = match unit.as_str() {
            "us" => TimeUnit::Micros,
            "ns" => TimeUnit::Nanos,
            other => return Err(Error::invalid(field, other, "units: us, ns")),
        };
        let valid = valid.as_ref().map(|v| contiguous(field, v)).transpose()?;
        Instants::new(field, contiguous(field, values)?, valid, unit)
    }
}

/// The instants of a column argument, or the error naming it.
fn instants_of<'a>(py: Python<'_>, field: &str, column: &'a InstantColumn<'_>) -> PyResult<Instants<'a>> {
    column.instants(field).map_err(plain_err(py))
}

/// A text argument: the same for every row, or per row through codes into uniques.
enum Text {
    One(String),
    Each { uniques: Vec<Option<String>>, codes: Vec<i32> },
}

/// Code of a null row in [`Coded`]; the core reads every negative code as a null.
const NULL: i32 = -1;
/// Code of a row whose value did not parse (its error is in [`Coded::bad`], or it is a null).
const BAD: i32 = -2;

/// A text argument parsed once per distinct value, in the core's dictionary-encoded form
/// ([`Arg::Coded`]), so a million rows cost as many parses as there are distinct values.
struct Coded<T> {
    /// The distinct values that parsed.
    values: Vec<T>,
    /// Per row: an index into `values`, [`NULL`] or [`BAD`].
    codes: Vec<i32>,
    /// The first row whose value did not parse, when bad rows raise.
    bad: Option<RowError>,
}

impl<T: PartialEq> Coded<T> {
    /// An argument not given: null in every row.
    fn nulls(rows: usize) -> Self {
        Coded { values: Vec::new(), codes: vec![NULL; rows], bad: None }
    }

    /// The index of `value`, added when missing.
    fn slot(&mut self, value: T) -> i32 {
        let at = self.values.iter().position(|v| *v == value).unwrap_or_else(|| {
            self.values.push(value);
            self.values.len() - 1
        });
        at as i32
    }

    fn arg(&self) -> Arg<'_, T> {
        Arg::Coded { values: &self.values, codes: &self.codes }
    }
}

impl Text {
    fn extract(field: &str, obj: &Bound<'_, PyAny>) -> PyResult<Result<Text, Error>> {
        if let Ok(s) = obj.cast::<PyString>() {
            return Ok(convert::text(s, field).map(Text::One));
        }
        if arrow::exported(obj)? {
            let text = obj.extract::<Arrow>()?.text(field);
            return Ok(text.map(|(uniques, codes)| Text::Each { uniques, codes }));
        }
        let (uniques, codes): (Bound<'_, PyList>, PyReadonlyArray1<'_, i32>) = obj.extract()?;
        let uniques = uniques
            .iter()
            .map(|u| if u.is_none() { Ok(Ok(None)) } else { Ok(convert::text(u.cast::<PyString>()?, field).map(Some)) })
            .collect::<PyResult<Vec<Result<Option<String>, Error>>>>()?;
        let uniques = match uniques.into_iter().collect::<Result<Vec<Option<String>>, Error>>() {
            Ok(u) => u,
            Err(e) => return Ok(Err(e)),
        };
        let codes = match contiguous(field, &codes) {
            Ok(c) => c.to_vec(),
            Err(e) => return Ok(Err(e)),
        };
        if let Some(bad) = codes.iter().find(|&&c| c < NULL || c as i64 >= uniques.len() as i64) {
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

    /// Parses each distinct value once. A value given once for every row must parse (its error
    /// is the whole call's); a column's value that does not parse is an error of its rows.
    fn coded<T>(
        &self,
        rows: usize,
        on_error: OnError,
        parse: impl Fn(&str) -> Result<T, Error>,
    ) -> Result<Coded<T>, Error> {
        let (uniques, codes) = match self {
            Text::One(s) => return Ok(Coded { values: vec![parse(s)?], codes: vec![0; rows], bad: None }),
            Text::Each { uniques, codes } => (uniques, codes),
        };
        let mut values = Vec::new();
        let slots: Vec<Option<Result<i32, Error>>> = uniques
            .iter()
            .map(|u| {
                let parsed = parse(u.as_deref()?).map(|v| {
                    values.push(v);
                    (values.len() - 1) as i32
                });
                Some(parsed)
            })
            .collect();
        let mut bad = None;
        let codes = codes
            .iter()
            .enumerate()
            .map(|(row, &c)| match usize::try_from(c).ok().and_then(|c| slots.get(c)?.as_ref()) {
                None => NULL,
                Some(Ok(i)) => *i,
                Some(Err(error)) => {
                    if on_error == OnError::Raise && bad.is_none() {
                        bad = Some(RowError::new(row, error.clone()));
                    }
                    BAD
                }
            })
            .collect();
        Ok(Coded { values, codes, bad })
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
        if let Ok(column) = obj.extract::<Masked<'_, i64>>() {
            return Ok(column.read(field).map(Int::Each));
        }
        if let Ok(column) = obj.extract::<Masked<'_, f64>>() {
            let whole = |v: Option<f64>| v.map_or(Ok(None), |v| batch::whole_number(field, v));
            return Ok(column.read(field).and_then(|rows| rows.into_iter().map(whole).collect()).map(Int::Each));
        }
        Ok(obj.extract::<Arrow>()?.whole(field).map(Int::Each))
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
                    first = Some(RowError::new(row, error));
                }
                None
            }
        })
        .collect();
    (values, first)
}

/// Whichever bad row comes first.
fn earliest(a: Option<RowError>, b: Option<RowError>) -> Option<RowError> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if b.row < a.row { b } else { a }),
        (a, b) => a.or(b),
    }
}

/// The core's answer for the rows it was given, with the first bad row found while reading
/// the arguments: whichever bad row comes first is the error.
fn settle<T>(result: Result<T, RowError>, earlier: Option<RowError>) -> Result<T, RowError> {
    match (result, earlier) {
        (Err(core), Some(ours)) => Err(if core.row < ours.row { core } else { ours }),
        (Err(e), None) | (Ok(_), Some(e)) => Err(e),
        (Ok(v), None) => Ok(v),
    }
}

/// The basis argument of the core's `deadlines`, owned.
enum Bases {
    One(Basis),
    Coded(Coded<Basis>),
}

impl Bases {
    fn arg(&self) -> Arg<'_, Basis> {
        match self {
            Bases::One(b) => Arg::One(b),
            Bases::Coded(coded) => coded.arg(),
        }
    }
}

/// Rule and area columns as one coded basis column: the bases are every (rule, area) pair of
/// their distinct values, and a row's code is `rule code × areas + area code`, so each rule is
/// resolved in each pack once however many rows name it. A null area is the default (urban),
/// as in the contract; a null rule is a null row.
fn rule_bases(rows: usize, rule: &Text, area: Option<&Text>, on_error: OnError) -> Result<Coded<Basis>, Error> {
    let rules = rule.coded(rows, on_error, |id| Ok(id.to_string()))?;
    let mut areas = match area {
        Some(a) => a.coded(rows, on_error, str::parse::<Area>)?,
        None => Coded::nulls(rows),
    };
    let default = areas.slot(Area::default());
    let per_rule = areas.values.len() as i32;
    let values = rules.values.iter().flat_map(|id| areas.values.iter().map(|&a| Basis::rule(id.clone(), a))).collect();
    let codes = rules
        .codes
        .iter()
        .zip(&areas.codes)
        .map(|(&r, &a)| match a {
            _ if r < 0 || a == BAD => NULL,
            NULL => r * per_rule + default,
            a => r * per_rule + a,
        })
        .collect();
    Ok(Coded { values, codes, bad: earliest(rules.bad, areas.bad) })
}

/// Free clocks (one, or per row) and whole amounts (one, or per row) as bases: one basis per
/// distinct (clock, amount) pair met, so the rows of a column only carry codes.
fn clock_bases(rows: usize, clock: &Text, amount: &Int, on_error: OnError) -> Result<(Bases, Option<RowError>), Error> {
    // The core says which clocks run without a rule; asked once per distinct clock.
    let clocks = clock.coded(rows, on_error, |s| {
        let c = s.parse::<Clock>()?;
        Basis::free(c, 0).map(|_| c)
    })?;
    if let Int::One(n) = amount {
        let n = count::<u32>("amount", *n)?;
        if let Text::One(_) = clock {
            return Ok((Bases::One(Basis::free(clocks.values[0], n)?), None));
        }
    }
    let mut values = Vec::new();
    let mut seen: HashMap<(i32, i64), i32> = HashMap::new();
    let (codes, bad) = per_row(rows, on_error, |row| {
        let c = clocks.codes[row];
        let n = amount.get(row).filter(|_| c >= 0)?;
        if let Some(&code) = seen.get(&(c, n)) {
            return Some(Ok(code));
        }
        let basis = count::<u32>("amount", n).and_then(|n| Basis::free(clocks.values[c as usize], n));
        Some(basis.map(|b| {
            values.push(b);
            *seen.entry((c, n)).or_insert(values.len() as i32 - 1)
        }))
    });
    let codes = codes.into_iter().map(|c| c.unwrap_or(NULL)).collect();
    Ok((Bases::Coded(Coded { values, codes, bad: None }), earliest(clocks.bad, bad)))
}

/// A rule given once for every row that no pack of the engine defines is the call's error,
/// not each row's.
fn defined_somewhere(engine: &Engine, rule: &Text) -> Result<(), Error> {
    match rule {
        Text::One(id) if !engine.packs().iter().any(|p| p.sla_rule(id).is_ok()) => {
            engine.latest().sla_rule(id).map(drop)
        }
        _ => Ok(()),
    }
}

fn bases(
    engine: &Engine,
    rows: usize,
    rule: Option<&Text>,
    area: Option<&Text>,
    clock: Option<&Text>,
    amount: Option<&Int>,
    on_error: OnError,
) -> Result<(Bases, Option<RowError>), Error> {
    one_per_row("rule", rule.and_then(Text::rows), rows)?;
    one_per_row("area", area.and_then(Text::rows), rows)?;
    one_per_row("clock", clock.and_then(Text::rows), rows)?;
    one_per_row("amount", amount.and_then(Int::rows), rows)?;
    let given = Given {
        rule: rule.is_some(),
        area: area.is_some(),
        clock: clock.is_some(),
        amount: amount.is_some(),
        takes_clock: true,
        ..Given::default()
    };
    match (given.counted_by()?, rule, clock, amount) {
        (CountedBy::Rule, Some(rule), _, _) => {
            defined_somewhere(engine, rule)?;
            let mut coded = rule_bases(rows, rule, area, on_error)?;
            let bad = coded.bad.take();
            Ok((Bases::Coded(coded), bad))
        }
        (CountedBy::Clock, _, Some(clock), Some(amount)) => clock_bases(rows, clock, amount, on_error),
        (counted, ..) => {
            Err(Error::Internal { message: format!("deadlines counted by {counted:?} without its arguments") })
        }
    }
}

fn text_arg(py: Python<'_>, field: &str, obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Text>> {
    obj.map(|o| Text::extract(field, o)?.map_err(plain_err(py))).transpose()
}

/// Due instants (epoch µs, NaT for a null: a numpy array of the core's own vector) and met flags
/// when `done` is given, of tickets started at `start`.
#[pyfunction]
#[pyo3(signature = (start, *, rule = None, area = None, clock = None, amount = None, done = None, errors = "raise", engine = None))]
#[allow(clippy::too_many_arguments)]
fn deadlines<'py>(
    py: Python<'py>,
    start: InstantColumn<'py>,
    rule: Option<&Bound<'py, PyAny>>,
    area: Option<&Bound<'py, PyAny>>,
    clock: Option<&Bound<'py, PyAny>>,
    amount: Option<&Bound<'py, PyAny>>,
    done: Option<InstantColumn<'py>>,
    errors: &str,
    engine: Option<PyRef<'_, PyEngine>>,
) -> PyResult<(Bound<'py, PyArray1<i64>>, Option<Flags<'py>>)> {
    guard(py, || {
        let on_error = errors.parse::<OnError>().map_err(plain_err(py))?;
        let (rule, area, clock) =
            (text_arg(py, "rule", rule)?, text_arg(py, "area", area)?, text_arg(py, "clock", clock)?);
        let amount = amount.map(|o| Int::extract("amount", o)?.map_err(plain_err(py))).transpose()?;
        let start = instants_of(py, "start", &start)?;
        let done = done.as_ref().map(|d| instants_of(py, "done", d)).transpose()?;
        let engine = engine_of(engine);
        let computed = detached(py, || {
            let (bases, first) =
                bases(&engine, start.len(), rule.as_ref(), area.as_ref(), clock.as_ref(), amount.as_ref(), on_error)?;
            let due = settle(batch::deadlines(&engine, bases.arg(), start, on_error), first)?;
            let met = done.map(|done| batch::met(&due, done)).transpose()?;
            Ok::<_, Fail>((due, met))
        });
        let (due, met) = computed.map_err(|e| fail(py, e))?;
        let due = due.into_pyarray(py);
        Ok((due, met.map(|m| output(py, &m, false))))
    })
}

/// The deadline rule of each row's ticket kind and customer class, in the pack in force on the
/// row's start (its Beijing date), as `(ids, codes)`: the `rule` argument of `deadlines`.
#[pyfunction]
#[pyo3(signature = (incident, customer_class, start, *, errors = "raise", engine = None))]
fn rules_for<'py>(
    py: Python<'py>,
    incident: &Bound<'py, PyAny>,
    customer_class: &Bound<'py, PyAny>,
    start: InstantColumn<'py>,
    errors: &str,
    engine: Option<PyRef<'_, PyEngine>>,
) -> PyResult<(Vec<String>, Bound<'py, PyArray1<i32>>)> {
    guard(py, || {
        let on_error = errors.parse::<OnError>().map_err(plain_err(py))?;
        let incident = Text::extract("incident", incident)?.map_err(plain_err(py))?;
        let class = Text::extract("customer_class", customer_class)?.map_err(plain_err(py))?;
        let start = instants_of(py, "start", &start)?;
        let engine = engine_of(engine);
        let computed = detached(py, || {
            let rows = start.len();
            one_per_row("incident", incident.rows(), rows)?;
            one_per_row("customer_class", class.rows(), rows)?;
            let incidents = incident.coded(rows, on_error, str::parse::<Incident>)?;
            let classes = class.coded(rows, on_error, str::parse::<CustomerClass>)?;
            let found = batch::rules_for(&engine, incidents.arg(), classes.arg(), start, on_error);
            let (ids, codes) = settle(found, earliest(incidents.bad, classes.bad))?;
            Ok::<_, Fail>((ids.into_iter().map(String::from).collect::<Vec<String>>(), codes))
        });
        let (ids, codes) = computed.map_err(|e| fail(py, e))?;
        Ok((ids, codes.into_pyarray(py)))
    })
}

/// A money column: one amount (or null) per row, and the first row whose value is not money
/// (null in `values`; raised when bad rows raise).
struct MoneyColumn {
    values: Vec<Option<Decimal>>,
    bad: Option<RowError>,
}

impl MoneyColumn {
    /// Reads `rows` values, each an amount, a null or why it is not money.
    fn read(rows: usize, mut value: impl FnMut(usize) -> Option<Result<Decimal, Error>>) -> Self {
        let mut bad = None;
        let values = (0..rows)
            .map(|row| match value(row)? {
                Ok(d) => Some(d),
                Err(error) => {
                    bad.get_or_insert(RowError::new(row, error));
                    None
                }
            })
            .collect();
        MoneyColumn { values, bad }
    }
}

/// Amounts of a float column, NaN as null (the pandas convention). Rust writes the shortest text
/// that reads back as the same float of its width, as Python's `repr` and numpy's `str` do:
/// 3359.99 is read as 3359.99, in a float32 column too (not as the 3359.989990234375 its float64
/// widening holds). Widening keeps NaN and the infinities, so they are told apart on `f64`.
fn floats<T: Copy + std::fmt::Display + Into<f64>>(col: &[T]) -> MoneyColumn {
    MoneyColumn::read(col.len(), |row| {
        let v = col[row];
        let wide: f64 = v.into();
        if wide.is_nan() {
            None
        } else if wide.is_infinite() {
            Some(Err(Error::invalid("amount", v.to_string(), "infinities are not money")))
        } else {
            Some(parse_money("amount", &v.to_string()))
        }
    })
}

/// Amounts of an Arrow decimal128 column, its mantissas at `scale`: a decimal128's mantissa and
/// scale are a Decimal's; scales outside 0–28 (or mantissas past 96 bits) go through the exact
/// text reader, which refuses them.
fn decimals(col: &[Option<i128>], scale: i64) -> MoneyColumn {
    let exact = |n: i128| {
        u32::try_from(scale)
            .ok()
            .and_then(|s| Decimal::try_from_i128_with_scale(n, s).ok())
            .map_or_else(|| parse_money("amount", &format!("{n}e{}", -scale)), Ok)
    };
    MoneyColumn::read(col.len(), |row| col[row].map(exact))
}

/// Amounts of whole numbers.
fn wholes(col: &[Option<i64>]) -> MoneyColumn {
    MoneyColumn::read(col.len(), |row| col[row].map(|n| Ok(Decimal::from(n))))
}

/// Amounts of an Arrow column, each read exactly.
fn arrow_money(py: Python<'_>, column: &Arrow) -> Result<MoneyColumn, Error> {
    let amounts = column.amounts("amount")?;
    Ok(detached(py, || match &amounts {
        Amounts::Decimal(col, scale) => decimals(col, *scale),
        Amounts::Float(col) => floats(col),
        Amounts::Float32(col) => floats(col),
        Amounts::Whole(col) => wholes(col),
        Amounts::Text(col) => MoneyColumn::read(col.len(), |row| col[row].as_deref().map(|t| parse_money("amount", t))),
    }))
}

/// Reads a money column: an Arrow array (decimal, integer, float or string), `("float", f64
/// array)` or `("float32", f32 array)` with NaN as null, `("int", i64 array, validity)` or
/// `("object", list, validity)` of `Decimal`, `int`, `str` or `float`. Each value is read
/// exactly; a value that is not money is that row's error.
fn money_column(py: Python<'_>, obj: &Bound<'_, PyAny>) -> PyResult<Result<MoneyColumn, Error>> {
    let Ok(tuple) = obj.cast::<PyTuple>() else { return Ok(arrow_money(py, &obj.extract()?)) };
    let tag: String = tuple.get_item(0)?.extract()?;
    let money = |text: &str| parse_money("amount", text);
    let item = |i: usize| tuple.get_item(i);
    let valid: Option<PyReadonlyArray1<'_, bool>> = match tag.as_str() {
        "float" | "float32" => None,
        _ => item(2)?.extract()?,
    };
    let valid = match valid.as_ref().map(|v| contiguous("amount", v)).transpose() {
        Ok(valid) => valid,
        Err(e) => return Ok(Err(e)),
    };
    Ok(match tag.as_str() {
        "float" => {
            let values: PyReadonlyArray1<'_, f64> = item(1)?.extract()?;
            contiguous("amount", &values).map(|v| detached(py, || floats(v)))
        }
        "float32" => {
            let values: PyReadonlyArray1<'_, f32> = item(1)?.extract()?;
            contiguous("amount", &values).map(|v| detached(py, || floats(v)))
        }
        "int" => {
            let values: PyReadonlyArray1<'_, i64> = item(1)?.extract()?;
            contiguous("amount", &values).and_then(|v| batch::masked("amount", v, valid)).map(|col| wholes(&col))
        }
        "object" => {
            let items = item(1)?;
            let items = items.cast::<PyList>()?;
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                if valid.is_some_and(|v| v.get(i) == Some(&false)) {
                    out.push(None);
                    continue;
                }
                out.push(match convert::to_json(&item, "amount")? {
                    Ok(text) if text == "null" => None,
                    Ok(text) if text.starts_with('"') => {
                        Some(money(&serde_json::from_str::<String>(&text).unwrap_or(text)))
                    }
                    Ok(text) if text.starts_with(['-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']) => {
                        Some(money(&text))
                    }
                    Ok(other) => Some(Err(Error::invalid("amount", other, "expected an amount"))),
                    Err(e) => Some(Err(e)),
                });
            }
            Ok(MoneyColumn::read(out.len(), |row| out[row].clone()))
        }
        other => Err(Error::invalid("amount", other, "unknown column encoding")),
    })
}

/// Tiers of amounts on each row's table (of the engine's latest pack); codes index the returned
/// tier names (-1 = null).
#[pyfunction]
#[pyo3(signature = (key, amount, *, errors = "raise", engine = None))]
fn tiers<'py>(
    py: Python<'py>,
    key: &Bound<'py, PyAny>,
    amount: &Bound<'py, PyAny>,
    errors: &str,
    engine: Option<PyRef<'_, PyEngine>>,
) -> PyResult<(Bound<'py, PyArray1<i8>>, Vec<&'static str>)> {
    guard(py, || {
        let on_error = errors.parse::<OnError>().map_err(plain_err(py))?;
        let key = Text::extract("kind_or_brand", key)?.map_err(plain_err(py))?;
        let amounts = money_column(py, amount)?.map_err(plain_err(py))?;
        let engine = engine_of(engine);
        let computed = detached(py, || {
            let rows = amounts.values.len();
            one_per_row("kind_or_brand", key.rows(), rows)?;
            let keys = key.coded(rows, on_error, str::parse::<TierKey>)?;
            if let (Text::One(_), [one]) = (&key, keys.values.as_slice()) {
                // A key given once that the pack lacks is the call's error: the core rates a probe.
                batch::tiers(&engine, Arg::One(one), &[Some(Decimal::ZERO)], OnError::Raise).map_err(|e| e.error)?;
            }
            let bad_amount = amounts.bad.filter(|_| on_error == OnError::Raise);
            let result =
                settle(batch::tiers(&engine, keys.arg(), &amounts.values, on_error), earliest(keys.bad, bad_amount))?;
            Ok::<_, Fail>(
                result
                    .iter()
                    .map(|t| t.and_then(|t| TIERS.iter().position(|x| *x == t)).map_or(-1, |i| i as i8))
                    .collect::<Vec<i8>>(),
            )
        });
        let codes = computed.map_err(|e| fail(py, e))?;
        Ok((codes.into_pyarray(py), TIERS.iter().map(|t| t.as_str()).collect()))
    })
}

/// Whether each date is a working day.
#[pyfunction]
#[pyo3(signature = (dates, *, errors = "raise", engine = None))]
fn is_working_day<'py>(
    py: Python<'py>,
    dates: Dates<'py>,
    errors: &str,
    engine: Option<PyRef<'_, PyEngine>>,
) -> PyResult<Pair<'py, bool>> {
    guard(py, || {
        let on_error = errors.parse::<OnError>().map_err(plain_err(py))?;
        let dates = dates.read("date", on_error).map_err(|e| fail(py, e))?;
        let engine = engine_of(engine);
        let out = detached(py, || Ok::<_, Fail>(batch::is_working_day(engine.calendar(), &dates, on_error)?))
            .map_err(|e| fail(py, e))?;
        Ok(output(py, &out, false))
    })
}

/// Working days from `start` to `end`, both included.
#[pyfunction]
#[pyo3(signature = (start, end, *, errors = "raise", engine = None))]
fn count_working_days<'py>(
    py: Python<'py>,
    start: Dates<'py>,
    end: Dates<'py>,
    errors: &str,
    engine: Option<PyRef<'_, PyEngine>>,
) -> PyResult<Pair<'py, i64>> {
    guard(py, || {
        let on_error = errors.parse::<OnError>().map_err(plain_err(py))?;
        let (start, end) = (start.read("start", on_error), end.read("end", on_error));
        let (start, end) = (start.map_err(|e| fail(py, e))?, end.map_err(|e| fail(py, e))?);
        let engine = engine_of(engine);
        let out = detached(py, || Ok::<_, Fail>(batch::count_working_days(engine.calendar(), &start, &end, on_error)?))
            .map_err(|e| fail(py, e))?;
        let out: Vec<Option<i64>> = out.into_iter().map(|v| v.map(i64::from)).collect();
        Ok(output(py, &out, 0))
    })
}

/// The `days`-th working day after each date.
#[pyfunction]
#[pyo3(signature = (dates, days, *, errors = "raise", engine = None))]
fn add_working_days<'py>(
    py: Python<'py>,
    dates: Dates<'py>,
    days: &Bound<'py, PyAny>,
    errors: &str,
    engine: Option<PyRef<'_, PyEngine>>,
) -> PyResult<Pair<'py, i32>> {
    guard(py, || {
        let on_error = errors.parse::<OnError>().map_err(plain_err(py))?;
        let days = Int::extract("days", days)?.map_err(plain_err(py))?;
        let dates = dates.read("date", on_error).map_err(|e| fail(py, e))?;
        let engine = engine_of(engine);
        let out = detached(py, || {
            Ok::<_, Fail>(match &days {
                Int::One(n) => batch::add_working_days(engine.calendar(), &dates, Arg::One(n), on_error),
                Int::Each(each) => batch::add_working_days(engine.calendar(), &dates, Arg::Each(each), on_error),
            }?)
        })
        .map_err(|e| fail(py, e))?;
        Ok(output(py, &out, 0))
    })
}

/// The targets of each ticket, coded: a rule per row, or the policy of an incident and class
/// (every pair of their distinct values, as [`rule_bases`] pairs rules and areas). A null or
/// unreadable part, or an unreadable `others` code (area, region) at the row, is a null ticket.
fn ticket_targets(
    engine: &Engine,
    rows: usize,
    rule: Option<&Text>,
    incident: Option<&Text>,
    class: Option<&Text>,
    others: &[&[i32]],
    on_error: OnError,
) -> Result<Coded<Targets>, Error> {
    one_per_row("rule", rule.and_then(Text::rows), rows)?;
    one_per_row("incident", incident.and_then(Text::rows), rows)?;
    one_per_row("customer_class", class.and_then(Text::rows), rows)?;
    let bad_elsewhere = |row: usize| others.iter().any(|codes| codes[row] == BAD);
    let given = Given {
        rule: rule.is_some(),
        incident: incident.is_some(),
        customer_class: class.is_some(),
        takes_policy: true,
        ..Given::default()
    };
    let mut coded = match (given.counted_by()?, rule, incident, class) {
        (CountedBy::Rule, Some(rule), _, _) => {
            defined_somewhere(engine, rule)?;
            rule.coded(rows, on_error, |id| Ok(Targets::Rules(vec![id.to_string().into()])))?
        }
        (CountedBy::Policy, _, Some(incident), Some(class)) => {
            let incidents = incident.coded(rows, on_error, str::parse::<Incident>)?;
            let classes = class.coded(rows, on_error, str::parse::<CustomerClass>)?;
            let per = classes.values.len() as i32;
            let values = incidents
                .values
                .iter()
                .flat_map(|&incident| classes.values.iter().map(move |&class| Targets::Policy { incident, class }))
                .collect();
            let codes = incidents
                .codes
                .iter()
                .zip(&classes.codes)
                .map(|(&i, &c)| if i < 0 || c < 0 { NULL } else { i * per + c })
                .collect();
            Coded { values, codes, bad: earliest(incidents.bad, classes.bad) }
        }
        (counted, ..) => {
            return Err(Error::Internal { message: format!("tickets targeted by {counted:?} without its arguments") })
        }
    };
    for (row, code) in coded.codes.iter_mut().enumerate() {
        if *code < 0 || bad_elsewhere(row) {
            *code = NULL;
        }
    }
    Ok(coded)
}

/// Target states in order; the codes returned by `tickets` index this list (-1: null).
const STATES: [TargetState; 4] = [TargetState::Met, TargetState::Breached, TargetState::Running, TargetState::Paused];
/// Units of `remaining` in order, likewise.
const UNITS: [RemainingUnit; 2] = [RemainingUnit::Seconds, RemainingUnit::Days];

/// Each value's code in `order`, -1 for a null: a numpy `int8` array.
fn codes_of<'py, T: PartialEq>(py: Python<'py>, order: &[T], values: &[Option<T>]) -> Bound<'py, PyAny> {
    let code = |v: &Option<T>| v.as_ref().and_then(|v| order.iter().position(|o| o == v)).map_or(-1, |i| i as i8);
    values.iter().map(code).collect::<Vec<i8>>().into_pyarray(py).into_any()
}

/// A pause table as `(offsets, from, to)`: numpy `int64` offsets, one more than the tickets,
/// and two instant columns.
type PauseArrays<'py> = (PyReadonlyArray1<'py, i64>, InstantColumn<'py>, InstantColumn<'py>);

/// When tickets' states are for: one epoch-µs instant, or an instant column.
#[derive(FromPyObject)]
enum AsOf<'py> {
    One(i64),
    Each(InstantColumn<'py>),
}

/// Tickets measured against their targets (SLA.TICKET): one row per (ticket, target), as a
/// dict of numpy columns, the core's own vectors where they can be (`ticket`, `rule` codes
/// into `rules`, `due` with NaT, `remaining` with `remaining_unit`), else `int8` codes, -1 for
/// a null (`state`, `met`, `remaining_unit`, `ticket_state`, `overdue`, with the state and unit
/// names).
#[pyfunction]
#[pyo3(signature = (start, *, rule = None, incident = None, customer_class = None, area = None, region = None, done = Vec::new(), pauses = None, as_of = None, errors = "raise", engine = None))]
#[allow(clippy::too_many_arguments)]
fn tickets<'py>(
    py: Python<'py>,
    start: InstantColumn<'py>,
    rule: Option<&Bound<'py, PyAny>>,
    incident: Option<&Bound<'py, PyAny>>,
    customer_class: Option<&Bound<'py, PyAny>>,
    area: Option<&Bound<'py, PyAny>>,
    region: Option<&Bound<'py, PyAny>>,
    done: Vec<(String, InstantColumn<'py>)>,
    pauses: Option<PauseArrays<'py>>,
    as_of: Option<AsOf<'py>>,
    errors: &str,
    engine: Option<PyRef<'_, PyEngine>>,
) -> PyResult<Bound<'py, PyDict>> {
    guard(py, || {
        let on_error = errors.parse::<OnError>().map_err(plain_err(py))?;
        let (rule, incident, class) = (
            text_arg(py, "rule", rule)?,
            text_arg(py, "incident", incident)?,
            text_arg(py, "customer_class", customer_class)?,
        );
        let (area, region) = (text_arg(py, "area", area)?, text_arg(py, "region", region)?);
        let start = instants_of(py, "start", &start)?;
        let done = done
            .iter()
            .map(|(k, c)| Ok((k.as_str(), instants_of(py, &format!("done.{k}"), c)?)))
            .collect::<PyResult<Vec<(&str, Instants<'_>)>>>()?;
        let pauses = match &pauses {
            Some((offsets, from, to)) => PauseTable {
                offsets: offsets
                    .as_slice()
                    .map_err(|_| plain_err(py)(Error::invalid("pauses", "strided", "contiguous")))?,
                from: instants_of(py, "pauses.from", from)?,
                to: instants_of(py, "pauses.to", to)?,
            },
            None => PauseTable::default(),
        };
        let as_of = match &as_of {
            Some(AsOf::One(n)) => Some(Ok(*n)),
            Some(AsOf::Each(column)) => Some(Err(instants_of(py, "as_of", column)?)),
            None => None,
        };
        let engine = engine_of(engine);
        // A done key no pack knows is a mistake of the call, as a rule given once is.
        if let Some((key, _)) = done.iter().find(|(k, _)| !engine.packs().iter().any(|p| p.sla_rule(k).is_ok())) {
            return Err(raise(py, &Error::invalid("done", *key, "not a deadline rule of the engine's packs"), None));
        }
        let computed = detached(py, || {
            let rows = start.len();
            one_per_row("area", area.as_ref().and_then(Text::rows), rows)?;
            one_per_row("region", region.as_ref().and_then(Text::rows), rows)?;
            let mut areas = match &area {
                Some(a) => a.coded(rows, on_error, str::parse)?,
                None => Coded::nulls(rows),
            };
            let mut regions = match &region {
                Some(r) => r.coded(rows, on_error, str::parse::<Region>)?,
                None => Coded::nulls(rows),
            };
            let mut targets = ticket_targets(
                &engine,
                rows,
                rule.as_ref(),
                incident.as_ref(),
                class.as_ref(),
                &[&areas.codes, &regions.codes],
                on_error,
            )?;
            let bad = earliest(earliest(areas.bad.take(), regions.bad.take()), targets.bad.take());
            let each_as_of = match as_of {
                Some(Err(column)) => column.to_micros(),
                _ => vec![None; rows],
            };
            let columns = TicketColumns {
                start,
                targets: targets.arg(),
                area: areas.arg(),
                region: regions.arg(),
                done: &done,
                pauses,
                as_of: match &as_of {
                    Some(Ok(n)) => Arg::One(n),
                    _ => Arg::Each(&each_as_of),
                },
            };
            Ok::<_, Fail>(settle(batch::tickets(&engine, &columns, on_error), bad)?)
        });
        let out = computed.map_err(|e| fail(py, e))?;
        let dict = PyDict::new(py);
        let overdue: Vec<Option<bool>> = out.overdue();
        dict.set_item("met", codes_of(py, &[false, true], &out.met))?;
        dict.set_item("overdue", codes_of(py, &[false, true], &overdue))?;
        dict.set_item("state", codes_of(py, &STATES, &out.state))?;
        dict.set_item("remaining_unit", codes_of(py, &UNITS, &out.remaining_unit))?;
        dict.set_item("ticket_state", codes_of(py, &STATES, &out.ticket_state))?;
        dict.set_item("states", STATES.map(TargetState::as_str))?;
        dict.set_item("units", UNITS.map(RemainingUnit::as_str))?;
        dict.set_item("rules", out.rules.iter().map(|r| r.as_ref()).collect::<Vec<&str>>())?;
        // Handed over without a copy: numpy takes the vectors as they are.
        let ticket: Vec<i64> = out.ticket.into_iter().map(|t| t as i64).collect();
        dict.set_item("ticket", ticket.into_pyarray(py))?;
        dict.set_item("rule", out.rule.into_pyarray(py))?;
        dict.set_item("due", out.due.into_pyarray(py))?;
        dict.set_item("remaining", out.remaining.into_pyarray(py))?;
        Ok(dict)
    })
}

/// How a batch call's rows are counted (`"rule"`, `"clock"` or `"policy"`) from which of its
/// arguments were given: the core's one policy ([`Given::counted_by`]), for the layers that
/// build their own calls (`guifan.sla_report`, Spark).
#[pyfunction]
#[pyo3(signature = (*, rule, area, clock, amount, incident, customer_class, takes_clock, takes_policy))]
#[allow(clippy::too_many_arguments)]
fn counted_by(
    py: Python<'_>,
    rule: bool,
    area: bool,
    clock: bool,
    amount: bool,
    incident: bool,
    customer_class: bool,
    takes_clock: bool,
    takes_policy: bool,
) -> PyResult<&'static str> {
    let given = Given { rule, area, clock, amount, incident, customer_class, takes_clock, takes_policy };
    match given.counted_by().map_err(plain_err(py))? {
        CountedBy::Rule => Ok("rule"),
        CountedBy::Clock => Ok("clock"),
        CountedBy::Policy => Ok("policy"),
    }
}

/// The `errors=` option as the core reads it ([`OnError`]: `"raise"` or `"null"`), for the layers
/// that check it before building their calls (`guifan.sla_report`, Spark).
#[pyfunction]
fn check_errors(py: Python<'_>, errors: &Bound<'_, PyAny>) -> PyResult<String> {
    let text = errors.str()?.to_string();
    text.parse::<OnError>().map_err(plain_err(py))?;
    Ok(text)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(check_errors, m)?)?;
    m.add_function(wrap_pyfunction!(counted_by, m)?)?;
    m.add_function(wrap_pyfunction!(tickets, m)?)?;
    m.add_function(wrap_pyfunction!(deadlines, m)?)?;
    m.add_function(wrap_pyfunction!(rules_for, m)?)?;
    m.add_function(wrap_pyfunction!(tiers, m)?)?;
    m.add_function(wrap_pyfunction!(is_working_day, m)?)?;
    m.add_function(wrap_pyfunction!(count_working_days, m)?)?;
    m.add_function(wrap_pyfunction!(add_working_days, m)?)?;
    Ok(())
}

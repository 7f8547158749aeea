//! Python objects to the JSON text of the `evaluate` contract.
//!
//! Only types are converted here; every field is read and checked by the core, from the text.
//! Money stays exact: an `int` or a `Decimal` becomes the JSON number it writes as, a `float` (or a subclass,
//! such as numpy's `float64`) the number `float.__repr__` writes (3359.99 → `3359.99`), another
//! numpy floating scalar the number its `str` writes at its own precision (`float32(3359.99)` →
//! `3359.99`), and NaN or infinities are refused. numpy's `bool_` is a boolean. Dates become
//! `YYYY-MM-DD`; a naive `datetime` stays Beijing wall time, an aware one is converted to +08:00.
//! Nesting is capped at [`MAX_DEPTH`], as JSON text is, and text that UTF-8 cannot hold (a lone
//! surrogate) is refused: every Python value is answered, none crashes the process.

use guifan_core::Error;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{IntoPyDict, PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType};
use serde_json::Value;

static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DATE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static MAPPING: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static BEIJING: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// Dicts and lists nested this deep are refused: serde_json's recursion limit for JSON text, so
/// a request is refused alike as text and as a dict (and a self-containing dict is refused, not
/// followed).
pub(crate) const MAX_DEPTH: usize = 128;

pub(crate) fn decimal_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    DECIMAL.import(py, "decimal", "Decimal")
}

/// A `datetime.date` (exactly: a `datetime` is not a date here) read through its proleptic
/// ordinal, one C call; `None` for anything else.
pub(crate) fn exact_date(obj: &Bound<'_, PyAny>) -> PyResult<Option<chrono::NaiveDate>> {
    let py = obj.py();
    if !obj.get_type().is(DATE.import(py, "datetime", "date")?) {
        return Ok(None);
    }
    let ordinal: i32 = obj.call_method0(pyo3::intern!(py, "toordinal"))?.extract()?;
    Ok(chrono::NaiveDate::from_num_days_from_ce_opt(ordinal))
}

/// A `decimal.Decimal` or `int` (exactly those types) read by pyo3's `rust_decimal` conversion,
/// when the result writes as Python writes the value (so nothing was rounded or re-spelt:
/// exponents, `-0`, more digits than 28 go through the contract's reader instead).
pub(crate) fn exact_decimal(obj: &Bound<'_, PyAny>) -> PyResult<Option<rust_decimal::Decimal>> {
    let py = obj.py();
    let ty = obj.get_type();
    if !(ty.is(decimal_type(py)?) || ty.is(py.get_type::<PyInt>())) {
        return Ok(None);
    }
    let Ok(value) = obj.extract::<rust_decimal::Decimal>() else { return Ok(None) };
    let written = obj.str()?;
    Ok((written.to_cow()? == value.to_string()).then_some(value))
}

/// Whether `obj` is a naive `datetime.datetime` (exactly that type, no `tzinfo`).
pub(crate) fn is_naive_datetime(obj: &Bound<'_, PyAny>) -> PyResult<bool> {
    let py = obj.py();
    Ok(obj.get_type().is(DATETIME.import(py, "datetime", "datetime")?)
        && obj.getattr(pyo3::intern!(py, "tzinfo"))?.is_none())
}

/// A `datetime.date` from a `NaiveDate`.
pub(crate) fn py_date<'py>(py: Python<'py>, date: chrono::NaiveDate) -> PyResult<Bound<'py, PyAny>> {
    use chrono::Datelike;
    DATE.import(py, "datetime", "date")?.call_method1(pyo3::intern!(py, "fromordinal"), (date.num_days_from_ce(),))
}

/// `datetime.timezone(timedelta(hours=8))`.
pub(crate) fn beijing(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    BEIJING
        .get_or_try_init(py, || {
            let dt = py.import("datetime")?;
            let delta = dt.getattr("timedelta")?.call((), Some(&[("hours", 8)].into_py_dict(py)?))?;
            Ok::<_, PyErr>(dt.getattr("timezone")?.call1((delta,))?.unbind())
        })
        .map(|tz| tz.bind(py))
}

/// Why a Python value could not become a JSON value (always `invalid_input` at `path`).
fn unsupported(path: &str, shown: String, why: impl Into<String>) -> Error {
    Error::invalid(if path.is_empty() { "input" } else { path }, shown, why)
}

fn show(obj: &Bound<'_, PyAny>) -> String {
    let text = obj.repr().map(|r| r.to_string()).unwrap_or_else(|_| String::from("?"));
    if text.chars().count() > 80 {
        let cut: String = text.chars().take(77).collect();
        format!("{cut}...")
    } else {
        text
    }
}

fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// `text` when it is a JSON number (kept exactly as written), else `None`.
fn number(text: String) -> Option<String> {
    let json = matches!(text.as_bytes().first(), Some(b'-' | b'0'..=b'9'))
        && serde_json::from_str::<&serde_json::value::RawValue>(&text).is_ok();
    json.then_some(text)
}

/// The number a float's shortest round-trip text writes; NaN and infinities are refused.
fn float_number(path: &str, text: String) -> Result<String, Error> {
    if matches!(text.trim_start_matches(['-', '+']).to_ascii_lowercase().as_str(), "nan" | "inf" | "infinity") {
        return Err(unsupported(path, text, "NaN and infinities are not numbers"));
    }
    number(text.clone()).ok_or_else(|| unsupported(path, text, "not a number"))
}

/// A Python `str` as Rust text; one holding a lone surrogate (which UTF-8 cannot encode) is
/// `invalid_input` at `path`, like any other value guifan cannot read.
pub(crate) fn text(obj: &Bound<'_, PyString>, path: &str) -> Result<String, Error> {
    obj.extract::<String>()
        .map_err(|_| unsupported(path, show(obj), "not valid Unicode text: it holds a lone surrogate"))
}

/// numpy's booleans and floating scalars (`float32`, `float16`, `longdouble`; `float64` is a
/// `float`); `None` for anything else. Only types defined by numpy are looked at, so plain
/// values never import it.
fn numpy_scalar(obj: &Bound<'_, PyAny>, path: &str) -> PyResult<Option<Result<String, Error>>> {
    let ty = obj.get_type();
    if ty.module()? != "numpy" {
        return Ok(None);
    }
    let numpy = obj.py().import("numpy")?;
    if obj.is_instance(&numpy.getattr("bool_")?)? {
        return Ok(Some(Ok(String::from(if obj.is_truthy()? { "true" } else { "false" }))));
    }
    if obj.is_instance(&numpy.getattr("floating")?)? {
        // numpy's `str` is the shortest text that reads back as the same value at the scalar's
        // own precision: float32(3359.99) is 3359.99, not the 3359.989990234375 a float64 holds.
        return Ok(Some(float_number(path, obj.str()?.to_string())));
    }
    Ok(None)
}

/// The depth of a dict or list inside `depth` others, or why it is too deep.
fn deeper(obj: &Bound<'_, PyAny>, path: &str, depth: usize) -> Result<usize, Error> {
    if depth + 1 >= MAX_DEPTH {
        let what = obj.get_type().name().map(|n| format!("a {n}")).unwrap_or_default();
        return Err(unsupported(path, what, format!("nested {MAX_DEPTH} levels deep (the JSON limit)")));
    }
    Ok(depth + 1)
}

/// Converts a Python value to JSON text; `path` names it in errors (`customer.annual_spend`).
pub(crate) fn to_json(obj: &Bound<'_, PyAny>, path: &str) -> PyResult<Result<String, Error>> {
    let mut out = String::new();
    Ok(write(obj, path, 0, &mut out)?.map(|()| out))
}

/// Converts a Python value to a JSON value (whole numbers exact, others as binary floats: for
/// arguments that are no amounts, such as dates and day counts).
pub(crate) fn to_value(obj: &Bound<'_, PyAny>, path: &str) -> PyResult<Result<Value, Error>> {
    Ok(to_json(obj, path)?.map(|text| serde_json::from_str(&text).unwrap_or(Value::Null)))
}

fn string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

/// Writes the JSON text of a Python value inside `depth` dicts and lists to `out`.
fn write(obj: &Bound<'_, PyAny>, path: &str, depth: usize, out: &mut String) -> PyResult<Result<(), Error>> {
    let py = obj.py();
    let text: Result<String, Error> = if obj.is_none() {
        Ok("null".into())
    } else if obj.is_instance_of::<PyBool>() {
        Ok(String::from(if obj.extract::<bool>()? { "true" } else { "false" }))
    } else if obj.is_instance_of::<PyInt>() {
        let text = obj.str()?.to_string();
        number(text.clone()).ok_or_else(|| unsupported(path, text, "not a whole number"))
    } else if obj.is_instance_of::<PyFloat>() {
        // `float.__repr__`, not the object's own repr: numpy 2 writes `np.float64(3359.99)`.
        let text = py.get_type::<PyFloat>().call_method1(pyo3::intern!(py, "__repr__"), (obj,))?.to_string();
        float_number(path, text)
    } else if let Ok(s) = obj.cast::<PyString>() {
        text(s, path).map(|s| string(&s))
    } else if obj.is_instance(decimal_type(py)?.as_any())? {
        let text = obj.str()?.to_string();
        number(text.clone()).ok_or_else(|| unsupported(path, text, "NaN and infinities are not numbers"))
    } else if obj.is_instance(DATETIME.import(py, "datetime", "datetime")?.as_any())? {
        let wall = if obj.getattr("tzinfo")?.is_none() {
            Ok(obj.clone())
        } else {
            obj.call_method1("astimezone", (beijing(py)?,))
        };
        // An aware instant whose Beijing time falls past year 9999 cannot be written.
        let text = wall.and_then(|w| w.call_method0("isoformat")?.extract::<String>());
        text.map(|t| string(&t)).map_err(|e| unsupported(path, show(obj), format!("not an instant: {e}")))
    } else if obj.is_instance(DATE.import(py, "datetime", "date")?.as_any())? {
        Ok(string(&obj.call_method0("isoformat")?.extract::<String>()?))
    } else if is_mapping(obj)? {
        let depth = match deeper(obj, path, depth) {
            Ok(d) => d,
            Err(e) => return Ok(Err(e)),
        };
        return object(obj, path, |key| child(path, key), depth, out);
    } else if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let depth = match deeper(obj, path, depth) {
            Ok(d) => d,
            Err(e) => return Ok(Err(e)),
        };
        out.push('[');
        for (i, item) in obj.try_iter()?.enumerate() {
            if i > 0 {
                out.push(',');
            }
            if let Err(e) = write(&item?, &format!("{path}[{i}]"), depth, out)? {
                return Ok(Err(e));
            }
        }
        out.push(']');
        return Ok(Ok(()));
    } else if let Some(value) = numpy_scalar(obj, path)? {
        value
    } else if obj.hasattr("__index__")? {
        // numpy integers and other exact integer types.
        let i = obj.call_method0("__index__")?;
        return write(&i, path, depth, out);
    } else {
        let type_name = obj.get_type().name().map(|n| n.to_string()).unwrap_or_default();
        Err(unsupported(
            path,
            show(obj),
            format!("a value of type {type_name} is not a JSON value (use str, int, Decimal, bool, None, date, datetime, dict, list)"),
        ))
    };
    Ok(text.map(|t| out.push_str(&t)))
}

fn is_mapping(obj: &Bound<'_, PyAny>) -> PyResult<bool> {
    Ok(obj.is_instance_of::<PyDict>()
        || obj.is_instance(MAPPING.import(obj.py(), "collections.abc", "Mapping")?.as_any())?)
}

/// A mapping's items as a JSON object at `depth`; `path_of` names the path of a key's value.
fn object(
    obj: &Bound<'_, PyAny>,
    path: &str,
    path_of: impl Fn(&str) -> String,
    depth: usize,
    out: &mut String,
) -> PyResult<Result<(), Error>> {
    out.push('{');
    for (i, item) in obj.call_method0("items")?.try_iter()?.enumerate() {
        let (key, value): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item?.extract()?;
        let key = match key.cast::<PyString>() {
            Ok(k) => text(k, path),
            Err(_) => Err(unsupported(path, show(&key), "object keys must be strings")),
        };
        let key = match key {
            Ok(k) => k,
            Err(e) => return Ok(Err(e)),
        };
        if i > 0 {
            out.push(',');
        }
        out.push_str(&string(&key));
        out.push(':');
        if let Err(e) = write(&value, &path_of(&key), depth, out)? {
            return Ok(Err(e));
        }
    }
    out.push('}');
    Ok(Ok(()))
}

/// Converts a whole `evaluate` request to JSON text; fields inside `input` are named as the core
/// names them (`customer.annual_spend`, not `input.customer.annual_spend`).
pub(crate) fn request_json(obj: &Bound<'_, PyAny>) -> PyResult<Result<String, Error>> {
    if !is_mapping(obj)? {
        return to_json(obj, "request");
    }
    let mut out = String::new();
    let written =
        object(obj, "request", |key| if key == "input" { String::new() } else { key.to_string() }, 1, &mut out)?;
    Ok(written.map(|()| out))
}

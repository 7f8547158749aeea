//! Python objects to the JSON values of the `evaluate` contract and back.
//!
//! Only types are converted here; every field is read and checked by the core. Money stays
//! exact: an `int` or a `Decimal` becomes the JSON number it writes as, a `float` the number its
//! `repr` writes (3359.99 → `3359.99`), and NaN or infinities are refused. Dates become
//! `YYYY-MM-DD`; a naive `datetime` stays Beijing wall time, an aware one is converted to +08:00.

use guifan_core::Error;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{IntoPyDict, PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType};
use serde_json::{Map, Number, Value};

static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DATE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static MAPPING: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static BEIJING: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

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

/// A JSON number written exactly as `text`, or `None` when `text` is not a JSON number.
fn number(text: &str) -> Option<Value> {
    match serde_json::from_str::<Value>(text) {
        Ok(v @ Value::Number(_)) => Some(v),
        _ => None,
    }
}

/// Converts a Python value to JSON; `path` names it in errors (`customer.annual_spend`).
pub(crate) fn to_value(obj: &Bound<'_, PyAny>, path: &str) -> PyResult<Result<Value, Error>> {
    let py = obj.py();
    if obj.is_none() {
        return Ok(Ok(Value::Null));
    }
    if obj.is_instance_of::<PyBool>() {
        return Ok(Ok(Value::Bool(obj.extract()?)));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Ok(Value::Number(Number::from(i))));
        }
        let text = obj.str()?.to_string();
        return Ok(number(&text).ok_or_else(|| unsupported(path, text, "not a whole number")));
    }
    if obj.is_instance_of::<PyFloat>() {
        let f: f64 = obj.extract()?;
        let text = obj.repr()?.to_string();
        if !f.is_finite() {
            return Ok(Err(unsupported(path, text, "NaN and infinities are not numbers")));
        }
        return Ok(number(&text).ok_or_else(|| unsupported(path, text, "not a number")));
    }
    if obj.is_instance_of::<PyString>() {
        return Ok(Ok(Value::String(obj.extract()?)));
    }
    if obj.is_instance(decimal_type(py)?.as_any())? {
        let text = obj.str()?.to_string();
        return Ok(number(&text).ok_or_else(|| unsupported(path, text, "NaN and infinities are not numbers")));
    }
    if obj.is_instance(DATETIME.import(py, "datetime", "datetime")?.as_any())? {
        let wall = if obj.getattr("tzinfo")?.is_none() {
            Ok(obj.clone())
        } else {
            obj.call_method1("astimezone", (beijing(py)?,))
        };
        // An aware instant whose Beijing time falls past year 9999 cannot be written.
        let text = wall.and_then(|w| w.call_method0("isoformat")?.extract::<String>());
        return Ok(text.map(Value::String).map_err(|e| unsupported(path, show(obj), format!("not an instant: {e}"))));
    }
    if obj.is_instance(DATE.import(py, "datetime", "date")?.as_any())? {
        return Ok(Ok(Value::String(obj.call_method0("isoformat")?.extract()?)));
    }
    if obj.is_instance_of::<PyDict>() || obj.is_instance(MAPPING.import(py, "collections.abc", "Mapping")?.as_any())? {
        let mut map = Map::new();
        for item in obj.call_method0("items")?.try_iter()? {
            let (key, value): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item?.extract()?;
            let Ok(key) = key.extract::<String>() else {
                return Ok(Err(unsupported(path, show(&key), "object keys must be strings")));
            };
            match to_value(&value, &child(path, &key))? {
                Ok(v) => map.insert(key, v),
                Err(e) => return Ok(Err(e)),
            };
        }
        return Ok(Ok(Value::Object(map)));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let mut items = Vec::new();
        for (i, item) in obj.try_iter()?.enumerate() {
            match to_value(&item?, &format!("{path}[{i}]"))? {
                Ok(v) => items.push(v),
                Err(e) => return Ok(Err(e)),
            }
        }
        return Ok(Ok(Value::Array(items)));
    }
    // numpy integers and other exact integer types.
    if obj.hasattr("__index__")? {
        let i = obj.call_method0("__index__")?;
        return to_value(&i, path);
    }
    let type_name = obj.get_type().name().map(|n| n.to_string()).unwrap_or_default();
    Ok(Err(unsupported(
        path,
        show(obj),
        format!("a value of type {type_name} is not a JSON value (use str, int, Decimal, bool, None, date, datetime, dict, list)"),
    )))
}

/// Converts a whole `evaluate` request; fields inside `input` are named as the core names them
/// (`customer.annual_spend`, not `input.customer.annual_spend`).
pub(crate) fn request_value(obj: &Bound<'_, PyAny>) -> PyResult<Result<Value, Error>> {
    let py = obj.py();
    if !(obj.is_instance_of::<PyDict>()
        || obj.is_instance(MAPPING.import(py, "collections.abc", "Mapping")?.as_any())?)
    {
        return to_value(obj, "request");
    }
    let mut map = Map::new();
    for item in obj.call_method0("items")?.try_iter()? {
        let (key, value): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item?.extract()?;
        let Ok(key) = key.extract::<String>() else {
            return Ok(Err(unsupported("request", show(&key), "object keys must be strings")));
        };
        let path = if key == "input" { "" } else { key.as_str() };
        match to_value(&value, path)? {
            Ok(v) => map.insert(key, v),
            Err(e) => return Ok(Err(e)),
        };
    }
    Ok(Ok(Value::Object(map)))
}

/// Converts a JSON value to Python: objects to dicts, arrays to lists; whole numbers to `int`,
/// other numbers to `Decimal` (never a binary float).
pub(crate) fn to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                decimal_type(py)?.call1((n.to_string(),))?
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, to_py(py, v)?)?;
            }
            dict.into_any()
        }
    })
}

//! `guifan._guifan`: the native half of the Python package `guifan`.
//!
//! It converts types and errors only; every rule is computed by `guifan-core`. The Python half
//! (`python/guifan`) turns the contract's JSON outputs into typed result objects and adapts
//! pandas, numpy and pyarrow columns to the byte buffers the column functions here read.

use std::sync::{Arc, LazyLock, RwLock};

use guifan_core::calendar::Calendar;
use guifan_core::evaluate::{self as contract, Request};
use guifan_core::Error;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyString;

mod columns;
mod convert;
mod ledger;

/// The calendar every call uses unless given another: the built-in schedule plus loaded years.
static DEFAULT_CALENDAR: LazyLock<RwLock<Arc<Calendar>>> = LazyLock::new(|| RwLock::new(Arc::new(Calendar::builtin())));

fn current() -> Arc<Calendar> {
    DEFAULT_CALENDAR.read().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
}

/// A snapshot of a working-day calendar (the built-in schedule plus any loaded years).
#[pyclass(frozen, name = "Calendar", module = "guifan._guifan")]
pub struct PyCalendar {
    inner: Arc<Calendar>,
}

#[pymethods]
impl PyCalendar {
    /// The years whose working-day schedule is known, in order.
    fn known_years(&self) -> Vec<i32> {
        self.inner.known_years().collect()
    }

    fn __repr__(&self) -> String {
        let years: Vec<i32> = self.inner.known_years().collect();
        match (years.first(), years.last()) {
            (Some(a), Some(b)) => format!("<guifan calendar: {} known years, {a}–{b}>", years.len()),
            _ => String::from("<guifan calendar: no known years>"),
        }
    }
}

fn calendar_of(calendar: Option<PyRef<'_, PyCalendar>>) -> Arc<Calendar> {
    calendar.map(|c| c.inner.clone()).unwrap_or_else(current)
}

/// The Python exception for a core error: the `guifan` subclass of its kind, with `kind`,
/// `field`, `value` and (for column functions) `row`.
pub(crate) fn raise(py: Python<'_>, error: &Error, row: Option<usize>) -> PyErr {
    let message = match row {
        Some(r) => format!("row {r}: {error}"),
        None => error.to_string(),
    };
    let built = py.import("guifan._errors").and_then(|m| {
        m.getattr("_from_core")?.call1((error.kind(), message.as_str(), error.field(), error.value(), row))
    });
    match built {
        Ok(exc) => PyErr::from_value(exc),
        Err(_) => PyValueError::new_err(format!("{}: {message}", error.kind())),
    }
}

/// Converts a Python value to JSON, raising the `invalid_input` error on a value JSON lacks.
pub(crate) fn value_of(obj: &Bound<'_, PyAny>, path: &str) -> PyResult<serde_json::Value> {
    convert::to_value(obj, path)?.map_err(|e| raise(obj.py(), &e, None))
}

/// Answers one `evaluate` request (a dict, or JSON text); errors come back as data, never raised.
#[pyfunction]
#[pyo3(signature = (request, calendar = None))]
fn evaluate<'py>(
    py: Python<'py>,
    request: &Bound<'py, PyAny>,
    calendar: Option<PyRef<'_, PyCalendar>>,
) -> PyResult<Bound<'py, PyAny>> {
    let calendar = calendar_of(calendar);
    let answer = if let Ok(text) = request.cast::<PyString>() {
        let text: String = text.extract()?;
        py.detach(|| contract::evaluate_str(&calendar, &text))
    } else {
        match convert::request_value(request) {
            Ok(Ok(value)) => py.detach(|| contract::evaluate_value(&calendar, &value)),
            Ok(Err(e)) => contract::error_value(&e),
            // A Python object that failed while being read (a broken mapping, say): still data.
            Err(e) => contract::error_value(&Error::invalid("request", "a Python object", e.to_string())),
        }
    };
    convert::to_py(py, &answer)
}

/// Runs one op of the contract and returns its output, raising the error instead of returning it.
#[pyfunction]
#[pyo3(signature = (op, input, explain = false, calendar = None))]
fn call<'py>(
    py: Python<'py>,
    op: &str,
    input: &Bound<'py, PyAny>,
    explain: bool,
    calendar: Option<PyRef<'_, PyCalendar>>,
) -> PyResult<Bound<'py, PyAny>> {
    let calendar = calendar_of(calendar);
    let request = Request { op: op.to_string(), input: value_of(input, "")?, explain };
    match py.detach(|| contract::evaluate(&calendar, &request)) {
        contract::Response::Ok(out) => convert::to_py(py, &out),
        contract::Response::Err(e) => Err(raise(py, &e, None)),
    }
}

/// The default calendar as it is now (later loads do not change this snapshot).
#[pyfunction]
fn calendar() -> PyCalendar {
    PyCalendar { inner: current() }
}

/// Adds or replaces years of the default calendar from a calendar document (a dict, or JSON
/// text, in the format of the built-in data); returns the years loaded. A document with any
/// problem changes nothing.
#[pyfunction]
fn load_calendar(py: Python<'_>, document: &Bound<'_, PyAny>) -> PyResult<Vec<i32>> {
    let mut guard = DEFAULT_CALENDAR.write().unwrap_or_else(|poisoned| poisoned.into_inner());
    let mut next = Calendar::clone(&guard);
    let loaded = if let Ok(text) = document.cast::<PyString>() {
        next.load_json(&text.extract::<String>()?)
    } else {
        next.load_value(&value_of(document, "calendar")?)
    }
    .map_err(|e| raise(py, &e, None))?;
    *guard = Arc::new(next);
    Ok(loaded)
}

/// Puts the default calendar back to the built-in schedule.
#[pyfunction]
fn reset_calendar() {
    *DEFAULT_CALENDAR.write().unwrap_or_else(|poisoned| poisoned.into_inner()) = Arc::new(Calendar::builtin());
}

/// The deadline rule id of a complaint or fault for a customer class (GZ hotline scripts).
#[pyfunction]
fn rule_for(py: Python<'_>, incident: &str, customer_class: &str) -> PyResult<&'static str> {
    let incident = incident.parse().map_err(|e| raise(py, &e, None))?;
    let class = customer_class.parse().map_err(|e| raise(py, &e, None))?;
    Ok(guifan_core::deadline::rule_for(incident, class).id)
}

/// The native module.
#[pymodule]
fn _guifan(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyCalendar>()?;
    m.add_class::<ledger::PointsLedger>()?;
    m.add_function(wrap_pyfunction!(evaluate, m)?)?;
    m.add_function(wrap_pyfunction!(call, m)?)?;
    m.add_function(wrap_pyfunction!(calendar, m)?)?;
    m.add_function(wrap_pyfunction!(load_calendar, m)?)?;
    m.add_function(wrap_pyfunction!(reset_calendar, m)?)?;
    m.add_function(wrap_pyfunction!(rule_for, m)?)?;
    columns::register(m)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}

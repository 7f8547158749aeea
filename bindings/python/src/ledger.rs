//! `PointsLedger`: the core ledger (POINTS.*) behind a Python class. Lots and accounts arrive as
//! JSON-like values (dicts with `id`, `points`, `earned_on`, `expires_on`, `kind`) and are read by
//! the core exactly as the `evaluate` contract reads them.

use guifan_core::evaluate::{accounts_from_json, lots_from_json};
use guifan_core::points;
use guifan_core::Error;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use serde_json::Value;
use std::sync::Mutex;

use crate::{convert, date_arg, raise, value_of};

/// A whole number of points as the contract reads one: a JSON integer within `i64`, not negative.
fn whole(field: &str, n: &serde_json::Number) -> Result<u64, Error> {
    match n.as_i64() {
        Some(i) if i >= 0 => Ok(i as u64),
        Some(_) => Err(Error::NegativeAmount { field: field.into(), value: n.to_string() }),
        None => Err(Error::invalid(field, n.to_string(), "expected a whole number within range")),
    }
}

/// The serde form of a core result, as Python values.
fn out<'py, T: serde::Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    let value = serde_json::to_value(value).map_err(|e| PyValueError::new_err(e.to_string()))?;
    convert::to_py(py, &value)
}

/// A customer's points over time: merged accounts, earned lots, redemptions and their history.
#[pyclass(module = "guifan._guifan")]
pub struct PointsLedger {
    inner: Mutex<points::PointsLedger>,
}

impl PointsLedger {
    fn with<T>(&self, py: Python<'_>, f: impl FnOnce(&mut points::PointsLedger) -> Result<T, Error>) -> PyResult<T> {
        let mut guard = self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&mut guard).map_err(|e| raise(py, &e, None))
    }
}

#[pymethods]
impl PointsLedger {
    #[new]
    fn new(customer_id: &str) -> Self {
        PointsLedger { inner: Mutex::new(points::PointsLedger::new(customer_id)) }
    }

    /// The customer the ledger belongs to.
    #[getter]
    fn customer_id(&self) -> String {
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).customer_id().to_string()
    }

    /// Merges accounts of the customer (POINTS.MERGE); nothing changes when it fails.
    fn merge(&self, py: Python<'_>, accounts: &Bound<'_, PyAny>) -> PyResult<()> {
        let value = value_of(accounts, "accounts")?;
        self.with(py, |l| l.merge(&accounts_from_json(&value)?))
    }

    /// Adds earned lots (earning continues while frozen, POINTS.FROZEN).
    fn earn(&self, py: Python<'_>, lots: &Bound<'_, PyAny>) -> PyResult<()> {
        let value = value_of(lots, "lots")?;
        self.with(py, |l| l.earn(&lots_from_json(&value)?))
    }

    /// Spendable and expired points on `as_of`: `{"total", "expired", "order"}`.
    fn balance<'py>(&self, py: Python<'py>, as_of: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let as_of = date_arg(as_of, "as_of")?;
        let merged = self.with(py, |l| l.balance(as_of))?;
        out(py, &merged)
    }

    /// Redeems points on `on` (POINTS.REDEEM_ORDER): `{"consumed": [{"id", "points"}], "remaining"}`.
    #[pyo3(signature = (on, points, frozen = false))]
    fn redeem<'py>(
        &self,
        py: Python<'py>,
        on: &Bound<'py, PyAny>,
        points: &Bound<'py, PyAny>,
        frozen: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let on = date_arg(on, "on")?;
        let wanted = match value_of(points, "points")? {
            Value::Number(n) => whole("points", &n),
            other => Err(Error::invalid("points", other.to_string(), "expected a whole number")),
        }
        .map_err(|e| raise(py, &e, None))?;
        let done = self.with(py, |l| l.redeem(on, wanted, frozen))?;
        out(py, &done)
    }

    /// Every change from `start` to `end`, both included (POINTS.HISTORY):
    /// `[{"date", "what", "lot", "points"}]`.
    fn history<'py>(
        &self,
        py: Python<'py>,
        start: &Bound<'py, PyAny>,
        end: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (start, end) = (date_arg(start, "start")?, date_arg(end, "end")?);
        let changes = self.with(py, |l| Ok(l.history(start, end)))?;
        out(py, &changes)
    }
}

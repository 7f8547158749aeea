//! `PointsLedger`: the core ledger (POINTS.*) behind a Python class. Lots, accounts and points
//! arrive as JSON-like values (dicts with `id`, `points`, `earned_on`, `expires_on`, `kind`) and
//! are read by the core exactly as the `evaluate` contract reads them.

use guifan_core::contract::Answer;
use guifan_core::evaluate::{from_json, points_from_json};
use guifan_core::explain::Explanation;
use guifan_core::points;
use guifan_core::Error;
use pyo3::prelude::*;
use pyo3::types::PyString;
use std::sync::Mutex;

use crate::{answer, convert, date_arg, guard, raise};

/// A Python value as JSON text, raising the `invalid_input` error on a value JSON lacks.
fn json_of(obj: &Bound<'_, PyAny>, path: &str) -> PyResult<String> {
    convert::to_json(obj, path)?.map_err(|e| raise(obj.py(), &e, None))
}

/// A ledger's answer as its result object, naming its explanation's deciding rule.
fn out<'py>(py: Python<'py>, answer: Answer, explanation: Explanation) -> PyResult<Bound<'py, PyAny>> {
    let rule = explanation.deciding_rule().map(str::to_owned);
    answer::object(py, answer, rule.as_deref(), explanation, None)
}

/// A customer's points over time: merged accounts, earned lots, redemptions and their history.
#[pyclass(module = "guifan._guifan")]
pub struct PointsLedger {
    inner: Mutex<points::PointsLedger>,
}

impl PointsLedger {
    fn with<T>(&self, py: Python<'_>, f: impl FnOnce(&mut points::PointsLedger) -> Result<T, Error>) -> PyResult<T> {
        let mut ledger = self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&mut ledger).map_err(|e| raise(py, &e, None))
    }
}

#[pymethods]
impl PointsLedger {
    #[new]
    fn new(py: Python<'_>, customer_id: &Bound<'_, PyString>) -> PyResult<Self> {
        guard(py, || {
            let customer_id = convert::text(customer_id, "customer_id").map_err(|e| raise(py, &e, None))?;
            Ok(PointsLedger { inner: Mutex::new(points::PointsLedger::new(customer_id)) })
        })
    }

    /// The customer the ledger belongs to.
    #[getter]
    fn customer_id(&self, py: Python<'_>) -> PyResult<String> {
        guard(py, || self.with(py, |l| Ok(l.customer_id().to_string())))
    }

    /// Merges accounts of the customer (POINTS.MERGE); nothing changes when it fails.
    fn merge(&self, py: Python<'_>, accounts: &Bound<'_, PyAny>) -> PyResult<()> {
        guard(py, || {
            let text = json_of(accounts, "accounts")?;
            self.with(py, |l| l.merge(&from_json::<Vec<points::Account>>(&text, "accounts")?))
        })
    }

    /// Adds earned lots (earning continues while frozen, POINTS.FROZEN).
    fn earn(&self, py: Python<'_>, lots: &Bound<'_, PyAny>) -> PyResult<()> {
        guard(py, || {
            let text = json_of(lots, "lots")?;
            self.with(py, |l| l.earn(&from_json::<Vec<points::Lot>>(&text, "lots")?))
        })
    }

    /// Spendable and expired points on `as_of`, a `PointsBalance`.
    fn balance<'py>(&self, py: Python<'py>, as_of: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let as_of = date_arg(as_of, "as_of")?;
            let merged = self.with(py, |l| l.explain_balance(as_of))?;
            out(py, Answer::PointsMerge(merged.result), merged.explanation)
        })
    }

    /// Redeems points on `on` (POINTS.REDEEM_ORDER), a `Redemption`.
    #[pyo3(signature = (on, points, frozen = false))]
    fn redeem<'py>(
        &self,
        py: Python<'py>,
        on: &Bound<'py, PyAny>,
        points: &Bound<'py, PyAny>,
        frozen: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let on = date_arg(on, "on")?;
            let wanted = points_from_json(&json_of(points, "points")?).map_err(|e| raise(py, &e, None))?;
            let done = self.with(py, |l| l.explain_redeem(on, wanted, frozen))?;
            out(py, Answer::PointsRedeem(done.result), done.explanation)
        })
    }

    /// Every change from `start` to `end`, both included (POINTS.HISTORY), as `PointsChange`s.
    fn history<'py>(
        &self,
        py: Python<'py>,
        start: &Bound<'py, PyAny>,
        end: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let (start, end) = (date_arg(start, "start")?, date_arg(end, "end")?);
            let changes = self.with(py, |l| Ok(l.explain_history(start, end)))?;
            let rule = changes.explanation.deciding_rule().map(str::to_owned);
            Ok(answer::history(py, &changes.result, rule.as_deref(), changes.explanation)?.into_any())
        })
    }
}

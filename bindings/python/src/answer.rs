//! The record results (reviews, statuses, points, days, windows, cut-overs, dunning,
//! punctuality: see [`crate::record`]), built from the core's typed answer: instants and dates
//! by pyo3's `chrono` conversion, no text in between, and the explanation of the same
//! evaluation. A result holds no engine, so it pickles and deep-copies without one.

use chrono::NaiveDate;
use guifan_core::contract::{Answer, Input, Op};
use guifan_core::engine::Engine;
use guifan_core::evaluate::{Output, Request, Response};
use guifan_core::explain::Explanation;
use guifan_core::points::Change;
use guifan_core::Error;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

use crate::explanation::PyExplanation;
use crate::record::{self as rec, record};
use crate::results::{pack_ref, results};
use crate::{convert, detached, py_of, raise};

/// Runs `op` on `input` (keyword arguments as a dict), raising its error; with `explain`, the
/// one evaluation behind a result and its `.explanation`.
pub(crate) fn run(
    py: Python<'_>,
    op: &str,
    input: &Bound<'_, PyAny>,
    explain: bool,
    engine: &Engine,
) -> PyResult<(Input, Output)> {
    let text = convert::to_json(input, "")?;
    let input = text.and_then(|text| Op::named(op).and_then(|op| Input::from_json(op, &text)));
    let request = Request { input: input.map_err(|e| raise(py, &e, None))?, explain };
    match detached(py, || engine.evaluate(&request)) {
        Response::Ok(out) => Ok((request.input, out)),
        Response::Err(e) => Err(raise(py, &e, None)),
    }
}

/// The result object of `op` on `input`.
pub(crate) fn answer<'py>(
    py: Python<'py>,
    op: &str,
    input: &Bound<'py, PyAny>,
    engine: &Engine,
) -> PyResult<Bound<'py, PyAny>> {
    let (input, out) = run(py, op, input, true, engine)?;
    let day = match input {
        Input::CalendarDay(i) => Some(i.date),
        _ => None,
    };
    let rule = out.rule();
    object(py, out.answer, rule, out.explanation.unwrap_or_default(), day)
}

/// The explanation of `op` on `input`, for `guifan.explain`.
pub(crate) fn explanation(
    py: Python<'_>,
    op: &str,
    input: &Bound<'_, PyAny>,
    engine: &Engine,
) -> PyResult<PyExplanation> {
    let (_, out) = run(py, op, input, true, engine)?;
    PyExplanation::from_core(py, out.explanation.unwrap_or_default())
}

/// The result object of an answer; `rule` is the one the op names when the answer does not,
/// `day` the date a `calendar.day` question asked about.
pub(crate) fn object<'py>(
    py: Python<'py>,
    answer: Answer,
    rule: Option<&str>,
    explanation: Explanation,
    day: Option<NaiveDate>,
) -> PyResult<Bound<'py, PyAny>> {
    let e = Py::new(py, PyExplanation::from_core(py, explanation)?)?;
    match answer {
        Answer::Review(r) => {
            let (tier, change, evaluated) = (py_of(py, &r.tier)?, py_of(py, &r.change)?, py_of(py, &r.evaluated_tier)?);
            record::<rec::ReviewResult>(
                py,
                (tier, change, r.overridden, evaluated, pack_ref(py, &r.pack)?, r.rule.as_ref()),
                &e,
            )
        }
        Answer::Status(s) => {
            let reasons = PyTuple::new(py, s.reasons.iter().map(|r| r.as_ref()))?;
            record::<rec::StatusResult>(py, (py_of(py, &s.status)?, reasons, s.points_frozen, rule), &e)
        }
        Answer::PointsMerge(m) => {
            record::<rec::PointsBalance>(py, (m.total, m.expired, PyTuple::new(py, &m.order)?, rule), &e)
        }
        Answer::PointsRedeem(r) => {
            let take = results(py)?.getattr("Take")?;
            let consumed =
                r.consumed.iter().map(|t| take.call1((t.id.as_str(), t.points))).collect::<PyResult<Vec<_>>>()?;
            record::<rec::Redemption>(py, (PyTuple::new(py, consumed)?, r.remaining, rule), &e)
        }
        Answer::CalendarDay(d) => {
            let (holiday, zh, makeup_for) =
                (d.holiday_name.as_deref(), d.holiday_name_zh.as_deref(), d.makeup_for.as_deref());
            let (kind, years) = (py_of(py, &d.kind)?, PyTuple::new(py, &d.provisional_years)?);
            let flags = (d.working_day, d.makeup_workday, d.holiday);
            let args = (
                day,
                flags.0,
                flags.1,
                flags.2,
                holiday,
                zh,
                makeup_for,
                kind,
                rule,
                !d.provisional_years.is_empty(),
                years,
            );
            record::<rec::Day>(py, args, &e)
        }
        Answer::Notify(n) => {
            record::<rec::NotifyWindow>(py, (n.allowed, n.next_allowed, pack_ref(py, &n.pack)?, rule), &e)
        }
        Answer::Visit(v) => {
            let args = (v.allowed, v.next_allowed, v.earliest_install, pack_ref(py, &v.pack)?, rule);
            record::<rec::Visit>(py, args, &e)
        }
        Answer::Cutover(c) => record::<rec::Cutover>(py, (c.requires_approval, c.notify_by, rule), &e),
        Answer::Dunning(d) => record::<rec::Dunning>(py, (d.voice_allowed, rule), &e),
        Answer::Punctuality(p) => record::<rec::Punctuality>(py, (p.on_time, p.deviation_seconds, rule), &e),
        other => {
            let shown = py_of(py, &other)?.repr()?.to_string();
            Err(raise(py, &Error::Internal { message: format!("no result class for {shown}") }, None))
        }
    }
}

/// A ledger's history: each change with the rule and explanation of the query.
pub(crate) fn history<'py>(
    py: Python<'py>,
    changes: &[Change],
    rule: Option<&str>,
    explanation: Explanation,
) -> PyResult<Bound<'py, PyTuple>> {
    let e = Py::new(py, PyExplanation::from_core(py, explanation)?)?;
    let changes = changes
        .iter()
        .map(|c| record::<rec::PointsChange>(py, (c.date, py_of(py, &c.what)?, c.lot.as_str(), c.points, rule), &e))
        .collect::<PyResult<Vec<_>>>()?;
    PyTuple::new(py, changes)
}

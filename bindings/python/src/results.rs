//! Result objects built in Rust: the core's typed result held as it is, its fields converted on
//! access (instants by pyo3's `chrono` conversion, at +08:00), no JSON in between.
//!
//! A result keeps the packs and calendar that answered it (two `Arc`s, not the Python engine)
//! and its typed input, and asks the core for the rules and steps on the first `.explanation`;
//! pickling writes the fields and the explanation, never the engine, so a result crosses
//! process boundaries (multiprocessing, joblib, Dask) and unpickles without one.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

use chrono::{DateTime, FixedOffset};
use guifan_core::deadline::{Deadline, DeadlineInput};
use guifan_core::engine::Engine;
use guifan_core::pack::PackRef;
use guifan_core::tier::{TierInput, TierResult};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyTuple};

use crate::{convert, detached, guard, raise};

static RESULTS: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

/// `guifan._results`, where the Python-side pieces (PackRef, Explanation, the HTML view) live.
fn results(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    RESULTS.get_or_try_init(py, || Ok::<_, PyErr>(py.import("guifan._results")?.unbind())).map(|m| m.bind(py))
}

/// The input a result answered, to ask the core for its rules and steps.
pub(crate) enum Asked {
    Deadline(DeadlineInput),
    Tier(TierInput),
}

/// What a result's explanation comes from: the engine and input that produced it (asked on
/// first use), or the explanation itself as the contract writes it (unpickled).
enum Source {
    Asked(Box<(Engine, Asked)>),
    Given(String),
}

/// A result's explanation: asked of the core on first use, then kept (as JSON for pickling, and
/// as the Python `Explanation`).
struct Explainer {
    source: Source,
    written: OnceLock<String>,
    explanation: OnceLock<Py<PyAny>>,
}

impl Explainer {
    fn asked(engine: Engine, input: Asked) -> Self {
        Explainer {
            source: Source::Asked(Box::new((engine, input))),
            written: OnceLock::new(),
            explanation: OnceLock::new(),
        }
    }

    fn given(text: String) -> Self {
        Explainer { source: Source::Given(text), written: OnceLock::new(), explanation: OnceLock::new() }
    }

    /// The explanation as JSON text: the unpickled one, or the core's answer for the input.
    fn written(&self, py: Python<'_>) -> PyResult<&str> {
        if let Some(text) = self.written.get() {
            return Ok(text);
        }
        let text = guard(py, || match &self.source {
            Source::Given(text) => Ok(text.clone()),
            Source::Asked(asked) => {
                let explanation = match &**asked {
                    (engine, Asked::Deadline(input)) => {
                        detached(py, || engine.explain_deadline(input).map(|e| e.explanation))
                    }
                    (engine, Asked::Tier(input)) => detached(py, || engine.explain_tier(input).map(|e| e.explanation)),
                }
                .map_err(|e| raise(py, &e, None))?;
                serde_json::to_string(&explanation).map_err(|e| PyValueError::new_err(e.to_string()))
            }
        })?;
        Ok(self.written.get_or_init(|| text))
    }

    fn explanation(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        if let Some(done) = self.explanation.get() {
            return Ok(done.clone_ref(py));
        }
        let built = guard(py, || {
            let value: serde_json::Value =
                serde_json::from_str(self.written(py)?).map_err(|e| PyValueError::new_err(e.to_string()))?;
            let data = convert::to_py(py, &value)?;
            Ok(results(py)?.getattr("Explanation")?.call_method1("_from_json", (data,))?.unbind())
        })?;
        Ok(self.explanation.get_or_init(|| built).clone_ref(py))
    }
}

fn pack_ref<'py>(py: Python<'py>, p: &PackRef) -> PyResult<Bound<'py, PyAny>> {
    results(py)?.getattr("PackRef")?.call1((p.name.as_ref(), p.version.as_ref()))
}

fn pack_dict<'py>(py: Python<'py>, p: &PackRef) -> PyResult<Bound<'py, PyAny>> {
    let pack = PyDict::new(py);
    pack.set_item("name", p.name.as_ref())?;
    pack.set_item("version", p.version.as_ref())?;
    Ok(pack.into_any())
}

/// `Name(field=value, ...)` as the Python results write it.
fn repr(py: Python<'_>, name: &str, fields: Vec<(&'static str, Bound<'_, PyAny>)>) -> PyResult<String> {
    let show = results(py)?.getattr("_show")?;
    let mut parts = Vec::new();
    for (field, value) in fields {
        parts.push(format!("{field}={}", show.call1((value,))?.extract::<String>()?));
    }
    Ok(format!("{name}({})", parts.join(", ")))
}

/// The notebook view: the fields, then the explanation.
fn html(
    py: Python<'_>,
    name: &str,
    fields: Vec<(&'static str, Bound<'_, PyAny>)>,
    explanation: Py<PyAny>,
) -> PyResult<String> {
    results(py)?.getattr("_result_html")?.call1((name, fields, explanation))?.extract()
}

fn frozen(py: Python<'_>, name: &str) -> PyErr {
    match py.import("dataclasses").and_then(|m| m.getattr("FrozenInstanceError")) {
        Ok(cls) => match cls.cast_into::<pyo3::types::PyType>() {
            Ok(cls) => PyErr::from_type(cls, format!("cannot assign to field '{name}'")),
            Err(e) => e.into(),
        },
        Err(e) => e,
    }
}

/// A deadline: the ``due`` instant (+08:00; done at or before it is on time), the ``clock``
/// used, the ``pack`` the period came from, the ``rule`` when one was given, and ``met`` when a
/// completion instant was given. On an engine with provisional answers, ``provisional`` tells
/// whether the deadline rests on days of a year without a published schedule, and
/// ``provisional_years`` which (INTERP.PROVISIONAL; shown only when it does). Frozen, compared by
/// value, pickled with its explanation and without the engine.
#[pyclass(frozen, module = "guifan", name = "Deadline")]
pub struct PyDeadline {
    inner: Deadline,
    explainer: Explainer,
}

impl PyDeadline {
    pub(crate) fn answered(inner: Deadline, engine: Engine, input: DeadlineInput) -> Self {
        PyDeadline { inner, explainer: Explainer::asked(engine, Asked::Deadline(input)) }
    }

    /// The shown fields in order, as `(name, value)`: the provisional ones only when set.
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Vec<(&'static str, Bound<'py, PyAny>)>> {
        let d = &self.inner;
        let mut out = vec![
            ("due", d.due.into_pyobject(py)?.into_any()),
            ("clock", d.clock.as_str().into_pyobject(py)?.into_any()),
            ("pack", pack_ref(py, &d.pack)?),
            ("rule", d.rule.as_deref().into_pyobject(py)?.into_any()),
            ("met", d.met.into_pyobject(py)?.into_any()),
        ];
        if !d.provisional_years.is_empty() {
            out.push(("provisional", true.into_pyobject(py)?.to_owned().into_any()));
            out.push(("provisional_years", PyTuple::new(py, &d.provisional_years)?.into_any()));
        }
        Ok(out)
    }
}

#[pymethods]
impl PyDeadline {
    /// The due instant (+08:00); done at or before it is on time (INTERP.ONTIME). None while an
    /// open pause leaves it unknown (INTERP.PAUSE).
    #[getter]
    fn due(&self) -> Option<DateTime<FixedOffset>> {
        self.inner.due
    }

    /// The clock used.
    #[getter]
    fn clock(&self) -> &'static str {
        self.inner.clock.as_str()
    }

    /// The rule pack the period came from.
    #[getter]
    fn pack<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        pack_ref(py, &self.inner.pack)
    }

    /// The rule, when one was given.
    #[getter]
    fn rule(&self) -> Option<&str> {
        self.inner.rule.as_deref()
    }

    /// Whether it was done in time, when a completion instant was given.
    #[getter]
    fn met(&self) -> Option<bool> {
        self.inner.met
    }

    /// Whether the deadline rests on a year answered provisionally (INTERP.PROVISIONAL).
    #[getter]
    fn provisional(&self) -> bool {
        !self.inner.provisional_years.is_empty()
    }

    /// The provisional years it rests on, ascending.
    #[getter]
    fn provisional_years<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, &self.inner.provisional_years)
    }

    /// The rules and steps behind the deadline (asked of the core on first use, then kept).
    #[getter]
    fn explanation(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.explainer.explanation(py)
    }

    /// The fields as a dict (the pack as a dict), values in their Python types.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        for (name, value) in self.fields(py)? {
            let value = match name {
                "pack" => pack_dict(py, &self.inner.pack)?,
                "provisional_years" => PyList::new(py, &self.inner.provisional_years)?.into_any(),
                _ => value,
            };
            dict.set_item(name, value)?;
        }
        Ok(dict)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        repr(py, "Deadline", self.fields(py)?)
    }

    fn _repr_html_(&self, py: Python<'_>) -> PyResult<String> {
        html(py, "Deadline", self.fields(py)?, self.explainer.explanation(py)?)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        equal::<Self>(other, |o| self.inner == o.inner)
    }

    fn __hash__(&self) -> u64 {
        let d = &self.inner;
        let mut h = DefaultHasher::new();
        (d.due, d.clock.as_str(), &d.rule, d.met, d.pack.name.as_ref(), d.pack.version.as_ref(), &d.provisional_years)
            .hash(&mut h);
        h.finish()
    }

    fn __setattr__(&self, py: Python<'_>, name: &str, _value: &Bound<'_, PyAny>) -> PyResult<()> {
        Err(frozen(py, name))
    }

    fn __delattr__(&self, py: Python<'_>, name: &str) -> PyResult<()> {
        Err(frozen(py, name))
    }

    /// Pickled as its fields and explanation; the engine stays behind.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let d = &slf.get().inner;
        let explanation = slf.get().explainer.written(py)?.to_string();
        let state = (
            d.due,
            d.clock.as_str(),
            (d.pack.name.as_ref(), d.pack.version.as_ref()),
            d.rule.as_deref(),
            d.met,
            PyTuple::new(py, &d.provisional_years)?,
            explanation,
        );
        Ok((py.import("guifan._guifan")?.getattr("_deadline")?, state.into_pyobject(py)?))
    }

    fn __copy__(slf: Bound<'_, Self>) -> Bound<'_, Self> {
        slf
    }

    fn __deepcopy__<'py>(slf: Bound<'py, Self>, _memo: &Bound<'py, PyAny>) -> Bound<'py, Self> {
        slf
    }
}

/// A deadline from its pickled state (see `PyDeadline.__reduce__`).
#[pyfunction]
pub(crate) fn _deadline(
    due: Option<DateTime<FixedOffset>>,
    clock: &str,
    pack: (String, String),
    rule: Option<String>,
    met: Option<bool>,
    provisional_years: Vec<i32>,
    explanation: String,
) -> PyResult<PyDeadline> {
    // The core's result type is non-exhaustive: built through its own deserializer.
    let value = serde_json::json!({
        "due": due.map(|d| d.to_rfc3339()),
        "clock": clock,
        "rule": rule,
        "met": met,
        "pack": {"name": pack.0, "version": pack.1},
        "provisional_years": provisional_years,
    });
    let inner: Deadline = serde_json::from_value(value).map_err(|e| PyValueError::new_err(e.to_string()))?;
    Ok(PyDeadline { inner, explainer: Explainer::given(explanation) })
}

/// `==` between results of one class (NotImplemented for anything else).
fn equal<T>(other: &Bound<'_, PyAny>, same: impl FnOnce(&T) -> bool) -> PyResult<Py<PyAny>>
where
    T: pyo3::PyClass<Frozen = pyo3::pyclass::boolean_struct::True> + Sync,
{
    let py = other.py();
    Ok(match other.cast::<T>() {
        Ok(other) => same(other.get()).into_pyobject(py)?.to_owned().into_any().unbind(),
        Err(_) => py.NotImplemented(),
    })
}

/// A rated customer (see `guifan.TierResult`).
#[pyclass(frozen, module = "guifan", name = "TierResult")]
pub struct PyTierResult {
    inner: TierResult,
    explainer: Explainer,
}

impl PyTierResult {
    pub(crate) fn answered(inner: TierResult, engine: Engine, input: TierInput) -> Self {
        PyTierResult { inner, explainer: Explainer::asked(engine, Asked::Tier(input)) }
    }

    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Vec<(&'static str, Bound<'py, PyAny>)>> {
        let t = &self.inner;
        Ok(vec![
            ("tier", t.tier.as_str().into_pyobject(py)?.into_any()),
            ("basis", t.basis.map(|b| b.as_str()).into_pyobject(py)?.into_any()),
            ("rule", t.rule.as_ref().into_pyobject(py)?.into_any()),
            ("provisional_member", t.provisional_member.into_pyobject(py)?.to_owned().into_any()),
            ("pack", pack_ref(py, &t.pack)?),
        ])
    }
}

#[pymethods]
impl PyTierResult {
    /// The tier: none, silver, gold or diamond.
    #[getter]
    fn tier(&self) -> &'static str {
        self.inner.tier.as_str()
    }

    /// What decided it (spend, package, revenue, rank); None when the tier is none.
    #[getter]
    fn basis(&self) -> Option<&'static str> {
        self.inner.basis.map(|b| b.as_str())
    }

    /// The table's rule id.
    #[getter]
    fn rule(&self) -> &str {
        &self.inner.rule
    }

    /// Whether the customer is a provisional member (TIER.PROVISIONAL).
    #[getter]
    fn provisional_member(&self) -> bool {
        self.inner.provisional_member
    }

    /// The rule pack the tables came from.
    #[getter]
    fn pack<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        pack_ref(py, &self.inner.pack)
    }

    /// The rules and steps behind the tier (asked of the core on first use, then kept).
    #[getter]
    fn explanation(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.explainer.explanation(py)
    }

    /// The fields as a dict (the pack as a dict).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        for (name, value) in self.fields(py)? {
            let value = if name == "pack" { pack_dict(py, &self.inner.pack)? } else { value };
            dict.set_item(name, value)?;
        }
        Ok(dict)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        repr(py, "TierResult", self.fields(py)?)
    }

    fn _repr_html_(&self, py: Python<'_>) -> PyResult<String> {
        html(py, "TierResult", self.fields(py)?, self.explainer.explanation(py)?)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        equal::<Self>(other, |o| shown_tier(&self.inner) == shown_tier(&o.inner))
    }

    fn __hash__(&self) -> u64 {
        let mut h = DefaultHasher::new();
        shown_tier(&self.inner).hash(&mut h);
        h.finish()
    }

    fn __setattr__(&self, py: Python<'_>, name: &str, _value: &Bound<'_, PyAny>) -> PyResult<()> {
        Err(frozen(py, name))
    }

    fn __delattr__(&self, py: Python<'_>, name: &str) -> PyResult<()> {
        Err(frozen(py, name))
    }

    /// Pickled as its fields and explanation; the engine stays behind.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let t = &slf.get().inner;
        let written = slf.get().explainer.written(py)?.to_string();
        let state = serde_json::to_string(t).map_err(|e| PyValueError::new_err(e.to_string()))?;
        Ok((py.import("guifan._guifan")?.getattr("_tier_result")?, (state, written).into_pyobject(py)?))
    }

    fn __copy__(slf: Bound<'_, Self>) -> Bound<'_, Self> {
        slf
    }

    fn __deepcopy__<'py>(slf: Bound<'py, Self>, _memo: &Bound<'py, PyAny>) -> Bound<'py, Self> {
        slf
    }
}

/// What a tier result shows, compared and hashed (the band that decided it is not shown).
fn shown_tier(t: &TierResult) -> (&'static str, Option<&'static str>, &str, bool, &str, &str) {
    (t.tier.as_str(), t.basis.map(|b| b.as_str()), &t.rule, t.provisional_member, &t.pack.name, &t.pack.version)
}

/// A tier result from its pickled state (see `PyTierResult.__reduce__`).
#[pyfunction]
pub(crate) fn _tier_result(state: &str, explanation: String) -> PyResult<PyTierResult> {
    let inner: TierResult = serde_json::from_str(state).map_err(|e| PyValueError::new_err(e.to_string()))?;
    Ok(PyTierResult { inner, explainer: Explainer::given(explanation) })
}

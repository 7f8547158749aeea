//! Result objects built in Rust: the core's typed result held as it is, its fields converted on
//! access (instants by pyo3's `chrono` conversion, at +08:00), no JSON in between.
//!
//! A result keeps the packs and calendar that answered it (two `Arc`s, not the Python engine)
//! and its typed input, and asks the core for the rules and steps on the first `.explanation`
//! (built as native objects, see [`crate::explanation`]). Every result pickles alike: the core
//! value as its serde JSON and the explanation as its object, never the engine, so a result
//! crosses process boundaries (multiprocessing, joblib, Dask) and unpickles without one (see
//! [`Pickled`]).

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

use chrono::{DateTime, FixedOffset};
use guifan_core::deadline::{Deadline, DeadlineInput};
use guifan_core::engine::Engine;
use guifan_core::pack::PackRef;
use guifan_core::ticket::{RemainingUnit, Target, Ticket, TicketInput};
use guifan_core::tier::{TierInput, TierResult};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyTuple};
use serde::{de::DeserializeOwned, Deserialize, Serialize};

use crate::explanation::PyExplanation;
use crate::{detached, guard, raise};

static RESULTS: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

/// `guifan._results`, where the Python-side pieces (PackRef, Explanation, the HTML view) live.
pub(crate) fn results(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    RESULTS.get_or_try_init(py, || Ok::<_, PyErr>(py.import("guifan._results")?.unbind())).map(|m| m.bind(py))
}

/// The input a result answered, to ask the core for its rules and steps.
pub(crate) enum Asked {
    Deadline(DeadlineInput),
    Tier(TierInput),
    Ticket(TicketInput),
}

/// A result's explanation: asked of the core on first use (with the engine and input that
/// produced the result), then kept; an unpickled result has it from the start.
struct Explainer {
    asked: Option<Box<(Engine, Asked)>>,
    explanation: OnceLock<Py<PyExplanation>>,
}

impl Explainer {
    fn asked(engine: Engine, input: Asked) -> Self {
        Explainer { asked: Some(Box::new((engine, input))), explanation: OnceLock::new() }
    }

    fn given(explanation: Py<PyExplanation>) -> Self {
        Explainer { asked: None, explanation: OnceLock::from(explanation) }
    }

    fn explanation(&self, py: Python<'_>) -> PyResult<Py<PyExplanation>> {
        if let Some(done) = self.explanation.get() {
            return Ok(done.clone_ref(py));
        }
        let built = guard(py, || {
            let Some(asked) = self.asked.as_deref() else {
                return Err(PyValueError::new_err("a result without its explanation"));
            };
            let explanation = match asked {
                (engine, Asked::Deadline(input)) => {
                    detached(py, || engine.explain_deadline(input).map(|e| e.explanation))
                }
                (engine, Asked::Tier(input)) => detached(py, || engine.explain_tier(input).map(|e| e.explanation)),
                (engine, Asked::Ticket(input)) => detached(py, || engine.explain_ticket(input).map(|e| e.explanation)),
            }
            .map_err(|e| raise(py, &e, None))?;
            Py::new(py, PyExplanation::from_core(py, explanation)?)
        })?;
        Ok(self.explanation.get_or_init(|| built).clone_ref(py))
    }
}

pub(crate) fn pack_ref<'py>(py: Python<'py>, p: &PackRef) -> PyResult<Bound<'py, PyAny>> {
    results(py)?.getattr("PackRef")?.call1((p.name.as_ref(), p.version.as_ref()))
}

fn pack_dict<'py>(py: Python<'py>, p: &PackRef) -> PyResult<Bound<'py, PyAny>> {
    let pack = PyDict::new(py);
    pack.set_item("name", p.name.as_ref())?;
    pack.set_item("version", p.version.as_ref())?;
    Ok(pack.into_any())
}

/// `Name(field=value, ...)` as the Python results write it.
pub(crate) fn repr(py: Python<'_>, name: &str, fields: Vec<(&'static str, Bound<'_, PyAny>)>) -> PyResult<String> {
    let show = results(py)?.getattr("_show")?;
    let mut parts = Vec::new();
    for (field, value) in fields {
        parts.push(format!("{field}={}", show.call1((value,))?.extract::<String>()?));
    }
    Ok(format!("{name}({})", parts.join(", ")))
}

/// The notebook view: the fields, then the explanation.
pub(crate) fn html(
    py: Python<'_>,
    name: &str,
    fields: Vec<(&'static str, Bound<'_, PyAny>)>,
    explanation: Py<PyExplanation>,
) -> PyResult<String> {
    results(py)?.getattr("_result_html")?.call1((name, fields, explanation))?.extract()
}

pub(crate) fn frozen(py: Python<'_>, name: &str) -> PyErr {
    match py.import("dataclasses").and_then(|m| m.getattr("FrozenInstanceError")) {
        Ok(cls) => match cls.cast_into::<pyo3::types::PyType>() {
            Ok(cls) => PyErr::from_type(cls, format!("cannot assign to field '{name}'")),
            Err(e) => e.into(),
        },
        Err(e) => e,
    }
}

/// JSON text of a core value (for pickling).
fn to_json<T: Serialize>(value: &T) -> PyResult<String> {
    serde_json::to_string(value).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// A core value from its JSON text (for unpickling; the result types are non-exhaustive, so
/// they are built through their own deserializers).
fn from_json<T: DeserializeOwned>(text: &str) -> PyResult<T> {
    serde_json::from_str(text).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// How a native result pickles, the same for all: its state as the serde JSON of its core value,
/// and its explanation (when it has one) as the `Explanation` object; `_unpickle` builds it back
/// by its Python class name.
trait Pickled: Sized {
    /// The state as JSON text.
    fn state(&self) -> PyResult<String>;
    /// The explanation kept with it, if the result has one.
    fn explainer(&self) -> Option<&Explainer>;
    /// The result from its state and explanation.
    fn restore(state: &str, explanation: Option<Py<PyExplanation>>) -> PyResult<Self>;
}

fn reduce<'py, T>(slf: &Bound<'py, T>) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)>
where
    T: Pickled + pyo3::PyClass<Frozen = pyo3::pyclass::boolean_struct::True> + Sync,
{
    let py = slf.py();
    let this = slf.get();
    let explanation = this.explainer().map(|e| e.explanation(py)).transpose()?;
    let args = (<T as pyo3::PyClass>::NAME, this.state()?, explanation).into_pyobject(py)?;
    Ok((py.import("guifan._guifan")?.getattr("_unpickle")?, args))
}

/// A native result from its pickled state (see [`Pickled`]).
#[pyfunction]
pub(crate) fn _unpickle(
    py: Python<'_>,
    class: &str,
    state: &str,
    explanation: Option<Py<PyExplanation>>,
) -> PyResult<Py<PyAny>> {
    fn built<T: Pickled + pyo3::PyClass + Into<pyo3::PyClassInitializer<T>>>(
        py: Python<'_>,
        state: &str,
        explanation: Option<Py<PyExplanation>>,
    ) -> PyResult<Py<PyAny>> {
        Ok(Py::new(py, T::restore(state, explanation)?)?.into_any())
    }
    match class {
        "Deadline" => built::<PyDeadline>(py, state, explanation),
        "TierResult" => built::<PyTierResult>(py, state, explanation),
        "Ticket" => built::<PyTicket>(py, state, explanation),
        "TicketTarget" => built::<PyTicketTarget>(py, state, explanation),
        other => Err(PyValueError::new_err(format!("not a guifan result: {other:?}"))),
    }
}

/// The explanation of an unpickled result that had one.
fn given(explanation: Option<Py<PyExplanation>>) -> PyResult<Explainer> {
    explanation.map(Explainer::given).ok_or_else(|| PyValueError::new_err("a pickled result without its explanation"))
}

/// A `#[pymethods]` block with the methods every immutable native class shares after the
/// class's own: frozen (assignment raises dataclasses' `FrozenInstanceError`, as the Python
/// dataclasses do) and copied as itself.
macro_rules! frozen_value {
    ($ty:ident { $($methods:tt)* }) => {
        #[pymethods]
        impl $ty {
            $($methods)*

            fn __setattr__(&self, py: Python<'_>, name: &str, _value: &Bound<'_, PyAny>) -> PyResult<()> {
                Err(frozen(py, name))
            }

            fn __delattr__(&self, py: Python<'_>, name: &str) -> PyResult<()> {
                Err(frozen(py, name))
            }

            fn __copy__(slf: Bound<'_, Self>) -> Bound<'_, Self> {
                slf
            }

            fn __deepcopy__<'py>(slf: Bound<'py, Self>, _memo: &Bound<'py, PyAny>) -> Bound<'py, Self> {
                slf
            }
        }
    };
}
pub(crate) use frozen_value;

/// The methods every native result shares ([`frozen_value`]'s), and pickling through
/// [`Pickled`].
macro_rules! native_result {
    ($ty:ident { $($methods:tt)* }) => {
        frozen_value!($ty {
            $($methods)*

            /// Pickled as its core value and explanation; the engine stays behind.
            fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
                reduce(slf)
            }
        });
    };
}

/// `==` between values of one native class (NotImplemented for anything else).
pub(crate) fn equal<T>(other: &Bound<'_, PyAny>, same: impl FnOnce(&T) -> PyResult<bool>) -> PyResult<Py<PyAny>>
where
    T: pyo3::PyClass<Frozen = pyo3::pyclass::boolean_struct::True> + Sync,
{
    let py = other.py();
    Ok(match other.cast::<T>() {
        Ok(other) => same(other.get())?.into_pyobject(py)?.to_owned().into_any().unbind(),
        Err(_) => py.NotImplemented(),
    })
}

pub(crate) fn hash_of(value: impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
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
        provisional_fields(py, &d.provisional_years, &mut out)?;
        Ok(out)
    }
}

/// `provisional` and `provisional_years`, shown only when the answer rests on such a year.
fn provisional_fields<'py>(
    py: Python<'py>,
    years: &[i32],
    out: &mut Vec<(&'static str, Bound<'py, PyAny>)>,
) -> PyResult<()> {
    if !years.is_empty() {
        out.push(("provisional", true.into_pyobject(py)?.to_owned().into_any()));
        out.push(("provisional_years", PyTuple::new(py, years)?.into_any()));
    }
    Ok(())
}

impl Pickled for PyDeadline {
    fn state(&self) -> PyResult<String> {
        to_json(&self.inner)
    }

    fn explainer(&self) -> Option<&Explainer> {
        Some(&self.explainer)
    }

    fn restore(state: &str, explanation: Option<Py<PyExplanation>>) -> PyResult<Self> {
        Ok(PyDeadline { inner: from_json(state)?, explainer: given(explanation)? })
    }
}

native_result!(PyDeadline {
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
    fn explanation(&self, py: Python<'_>) -> PyResult<Py<PyExplanation>> {
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
        equal::<Self>(other, |o| Ok(self.inner == o.inner))
    }

    fn __hash__(&self) -> u64 {
        let d = &self.inner;
        hash_of((d.due, d.clock.as_str(), &d.rule, d.met, &d.pack, &d.provisional_years))
    }
});

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

impl Pickled for PyTierResult {
    fn state(&self) -> PyResult<String> {
        to_json(&self.inner)
    }

    fn explainer(&self) -> Option<&Explainer> {
        Some(&self.explainer)
    }

    fn restore(state: &str, explanation: Option<Py<PyExplanation>>) -> PyResult<Self> {
        Ok(PyTierResult { inner: from_json(state)?, explainer: given(explanation)? })
    }
}

native_result!(PyTierResult {
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
    fn explanation(&self, py: Python<'_>) -> PyResult<Py<PyExplanation>> {
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
        equal::<Self>(other, |o| Ok(shown_tier(&self.inner) == shown_tier(&o.inner)))
    }

    fn __hash__(&self) -> u64 {
        hash_of(shown_tier(&self.inner))
    }
});

/// What a tier result shows, compared and hashed (the band that decided it is not shown).
fn shown_tier(t: &TierResult) -> (&'static str, Option<&'static str>, &str, bool, &str, &str) {
    (t.tier.as_str(), t.basis.map(|b| b.as_str()), &t.rule, t.provisional_member, &t.pack.name, &t.pack.version)
}

/// One target of a ticket (SLA.TICKET): its ``rule`` and ``clock``, the ``due`` instant (+08:00;
/// None while an open pause leaves it unknown, INTERP.PAUSE), its ``state`` (met, breached,
/// running, paused), ``met`` and ``done`` once done, and what remains at ``as_of``:
/// ``remaining``, a ``timedelta`` of running time on a time clock (clock hours, working minutes,
/// immediate), or ``remaining_days``, the days still to count on a day clock. ``to_dict()``
/// gives the contract's shape (``remaining`` a number with its ``remaining_unit``). Frozen,
/// compared and hashed by value, pickled.
///
/// >>> import guifan
/// >>> from datetime import datetime
/// >>> call = guifan.ticket(start=datetime(2025, 3, 3, 9), rules=["SLA.FAULT.CONTACT"],
/// ...                      as_of=datetime(2025, 3, 3, 10)).targets[0]
/// >>> call.state, call.remaining, call.to_dict()["remaining"]
/// ('running', datetime.timedelta(seconds=10800), 10800)
#[pyclass(frozen, module = "guifan", name = "TicketTarget")]
pub struct PyTicketTarget {
    inner: Target,
}

impl PyTicketTarget {
    /// Seconds left on a time clock (`remaining_unit` seconds).
    fn seconds_left(&self) -> Option<i64> {
        self.inner.remaining.filter(|_| self.inner.remaining_unit == Some(RemainingUnit::Seconds))
    }

    /// Days left on a day clock (`remaining_unit` days).
    fn days_left(&self) -> Option<i64> {
        self.inner.remaining.filter(|_| self.inner.remaining_unit == Some(RemainingUnit::Days))
    }

    /// The shown fields: `met`, `done` and what remains only when set (as the contract does).
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Vec<(&'static str, Bound<'py, PyAny>)>> {
        let t = &self.inner;
        let mut out = vec![
            ("rule", t.rule.as_ref().into_pyobject(py)?.into_any()),
            ("clock", t.clock.as_str().into_pyobject(py)?.into_any()),
            ("due", t.due.into_pyobject(py)?.into_any()),
            ("state", t.state.as_str().into_pyobject(py)?.into_any()),
        ];
        if let Some(met) = t.met {
            out.push(("met", met.into_pyobject(py)?.to_owned().into_any()));
        }
        if let Some(done) = t.done {
            out.push(("done", done.into_pyobject(py)?.into_any()));
        }
        if let Some(seconds) = self.seconds_left() {
            out.push(("remaining", chrono::TimeDelta::try_seconds(seconds).into_pyobject(py)?.into_any()));
        }
        if let Some(days) = self.days_left() {
            out.push(("remaining_days", days.into_pyobject(py)?.into_any()));
        }
        Ok(out)
    }

    /// The target as the contract writes it (instants as `datetime`, `remaining` a number with
    /// its `remaining_unit`).
    fn contract_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let t = &self.inner;
        let dict = PyDict::new(py);
        dict.set_item("rule", t.rule.as_ref())?;
        dict.set_item("clock", t.clock.as_str())?;
        dict.set_item("due", t.due)?;
        dict.set_item("state", t.state.as_str())?;
        if let Some(met) = t.met {
            dict.set_item("met", met)?;
        }
        if let Some(done) = t.done {
            dict.set_item("done", done)?;
        }
        if let (Some(n), Some(unit)) = (t.remaining, t.remaining_unit) {
            dict.set_item("remaining", n)?;
            dict.set_item("remaining_unit", unit.as_str())?;
        }
        Ok(dict)
    }
}

impl Pickled for PyTicketTarget {
    fn state(&self) -> PyResult<String> {
        to_json(&self.inner)
    }

    fn explainer(&self) -> Option<&Explainer> {
        None
    }

    fn restore(state: &str, _explanation: Option<Py<PyExplanation>>) -> PyResult<Self> {
        Ok(PyTicketTarget { inner: from_json(state)? })
    }
}

native_result!(PyTicketTarget {
    /// The deadline rule of the target.
    #[getter]
    fn rule(&self) -> &str {
        &self.inner.rule
    }

    /// Its clock.
    #[getter]
    fn clock(&self) -> &'static str {
        self.inner.clock.as_str()
    }

    /// The due instant (+08:00); None while an open pause leaves it unknown (INTERP.PAUSE).
    #[getter]
    fn due(&self) -> Option<DateTime<FixedOffset>> {
        self.inner.due
    }

    /// Where it stands: met, breached, running or paused (SLA.TICKET).
    #[getter]
    fn state(&self) -> &'static str {
        self.inner.state.as_str()
    }

    /// Whether it was done at or before the due, when it is done.
    #[getter]
    fn met(&self) -> Option<bool> {
        self.inner.met
    }

    /// When it was done (+08:00), if it is.
    #[getter]
    fn done(&self) -> Option<DateTime<FixedOffset>> {
        self.inner.done
    }

    /// Running time left at ``as_of`` on a time clock (clock hours, working minutes,
    /// immediate), as a ``timedelta``; None on a day clock, or when done, breached or the due
    /// unknown.
    #[getter]
    fn remaining(&self) -> Option<chrono::TimeDelta> {
        self.seconds_left().and_then(chrono::TimeDelta::try_seconds)
    }

    /// Days still to count at ``as_of`` on a day clock (the current one included); None on a
    /// time clock, or when done, breached or the due unknown.
    #[getter]
    fn remaining_days(&self) -> Option<i64> {
        self.days_left()
    }

    /// The unit of the contract's ``remaining``: ``"seconds"`` or ``"days"``; None when nothing
    /// remains to show.
    #[getter]
    fn remaining_unit(&self) -> Option<&'static str> {
        self.inner.remaining_unit.map(RemainingUnit::as_str)
    }

    /// The target as the contract writes it: ``remaining`` a whole number of
    /// ``remaining_unit``, instants as ``datetime``.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        self.contract_dict(py)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        repr(py, "TicketTarget", self.fields(py)?)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        equal::<Self>(other, |o| Ok(self.inner == o.inner))
    }

    fn __hash__(&self) -> u64 {
        hash_of(serde_json::to_string(&self.inner).unwrap_or_default())
    }
});

/// A span of a ticket's pauses as asked, `to` none while open.
#[derive(Serialize, Deserialize)]
struct Span {
    #[serde(with = "guifan_core::time::instant")]
    from: DateTime<FixedOffset>,
    #[serde(with = "guifan_core::time::opt_instant")]
    to: Option<DateTime<FixedOffset>>,
}

/// What a ticket's timeline shows beside its targets: the start, pauses and `as_of` it was asked
/// with (not compared: the result is its targets and state).
#[derive(Serialize, Deserialize)]
struct Timeline {
    #[serde(with = "guifan_core::time::instant")]
    start: DateTime<FixedOffset>,
    pauses: Vec<Span>,
    #[serde(with = "guifan_core::time::opt_instant")]
    as_of: Option<DateTime<FixedOffset>>,
}

/// A ticket measured against several targets at once (SLA.TICKET): its ``targets`` in order
/// (each a ``TicketTarget``), the ticket's ``state`` (breached if any target is, else running if
/// any is, else paused if any is, else met), the ``pack``, and on a provisional engine
/// ``provisional`` and ``provisional_years`` (INTERP.PROVISIONAL). Frozen, compared and hashed by
/// value, pickled with its explanation and without the engine; in a notebook, a timeline per
/// target (start → due, paused spans, done, state).
///
/// >>> import guifan
/// >>> from datetime import datetime
/// >>> t = guifan.ticket(start=datetime(2025, 3, 3, 9), incident="fault",
/// ...                   customer_class="ordinary", as_of=datetime(2025, 3, 3, 10))
/// >>> t.state, [x.due.isoformat() for x in t.targets]
/// ('running', ['2025-03-03T13:00:00+08:00', '2025-03-04T09:00:00+08:00'])
#[pyclass(frozen, module = "guifan", name = "Ticket")]
pub struct PyTicket {
    inner: Ticket,
    timeline: Timeline,
    explainer: Explainer,
}

impl PyTicket {
    pub(crate) fn answered(inner: Ticket, engine: Engine, input: TicketInput) -> Self {
        let timeline = Timeline {
            start: input.start,
            pauses: input.pauses.iter().map(|p| Span { from: p.from, to: p.to }).collect(),
            as_of: input.as_of,
        };
        PyTicket { inner, timeline, explainer: Explainer::asked(engine, Asked::Ticket(input)) }
    }

    fn targets<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let targets = self
            .inner
            .targets
            .iter()
            .map(|t| Py::new(py, PyTicketTarget { inner: t.clone() }))
            .collect::<PyResult<Vec<_>>>()?;
        PyTuple::new(py, targets)
    }

    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Vec<(&'static str, Bound<'py, PyAny>)>> {
        let t = &self.inner;
        let mut out = vec![
            ("state", t.state.as_str().into_pyobject(py)?.into_any()),
            ("targets", self.targets(py)?.into_any()),
            ("pack", pack_ref(py, &t.pack)?),
        ];
        provisional_fields(py, &t.provisional_years, &mut out)?;
        Ok(out)
    }
}

impl Pickled for PyTicket {
    fn state(&self) -> PyResult<String> {
        to_json(&(&self.inner, &self.timeline))
    }

    fn explainer(&self) -> Option<&Explainer> {
        Some(&self.explainer)
    }

    fn restore(state: &str, explanation: Option<Py<PyExplanation>>) -> PyResult<Self> {
        let (inner, timeline) = from_json(state)?;
        Ok(PyTicket { inner, timeline, explainer: given(explanation)? })
    }
}

native_result!(PyTicket {
    /// Every target, in policy (or given) order.
    #[getter(targets)]
    fn get_targets<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        self.targets(py)
    }

    /// The ticket's state: breached if any target is, else running if any is, else paused if
    /// any is, else met (SLA.TICKET).
    #[getter]
    fn state(&self) -> &'static str {
        self.inner.state.as_str()
    }

    /// The rule pack the periods and policy came from.
    #[getter]
    fn pack<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        pack_ref(py, &self.inner.pack)
    }

    /// Whether a target's working days were counted on a year answered provisionally
    /// (INTERP.PROVISIONAL).
    #[getter]
    fn provisional(&self) -> bool {
        !self.inner.provisional_years.is_empty()
    }

    /// The provisional years the targets rest on.
    #[getter]
    fn provisional_years<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, &self.inner.provisional_years)
    }

    /// The rules and steps behind every target (asked of the core on first use, then kept).
    #[getter]
    fn explanation(&self, py: Python<'_>) -> PyResult<Py<PyExplanation>> {
        self.explainer.explanation(py)
    }

    /// The ticket as the contract writes it: ``targets`` as dicts (see
    /// ``TicketTarget.to_dict``), ``state``, ``pack`` as a dict, ``provisional_years`` when set.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        let targets = PyList::empty(py);
        for t in &self.inner.targets {
            targets.append(PyTicketTarget { inner: t.clone() }.contract_dict(py)?)?;
        }
        dict.set_item("targets", targets)?;
        dict.set_item("state", self.inner.state.as_str())?;
        dict.set_item("pack", pack_dict(py, &self.inner.pack)?)?;
        if !self.inner.provisional_years.is_empty() {
            dict.set_item("provisional", true)?;
            dict.set_item("provisional_years", PyList::new(py, &self.inner.provisional_years)?)?;
        }
        Ok(dict)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        repr(py, "Ticket", self.fields(py)?)
    }

    /// The notebook view: a timeline per target (start → due, the paused spans, done, state),
    /// then the explanation.
    fn _repr_html_(slf: &Bound<'_, Self>) -> PyResult<String> {
        let py = slf.py();
        let this = slf.get();
        let tl = &this.timeline;
        let pauses: Vec<_> = tl.pauses.iter().map(|s| (s.from, s.to)).collect();
        let args = (slf, tl.start, pauses, tl.as_of, this.explainer.explanation(py)?);
        results(py)?.getattr("_ticket_html")?.call1(args)?.extract()
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        equal::<Self>(other, |o| Ok(self.inner == o.inner))
    }

    fn __hash__(&self) -> u64 {
        hash_of(serde_json::to_string(&self.inner).unwrap_or_default())
    }
});

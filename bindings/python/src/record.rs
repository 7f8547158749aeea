//! The results whose fields are plain Python values (reviews, statuses, points, days, windows,
//! cut-overs, dunning, punctuality, ledger changes): native frozen classes declared by one macro
//! ([`record`]), built by [`crate::answer`] from the core's typed answer. A record keeps the
//! explanation of the evaluation that gave it; it is compared, hashed and pickled by its fields
//! (the explanation rides along in the pickle, the engine never does).

use guifan_core::explain::Explanation;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple, PyType};
use pyo3::IntoPyObjectExt;

use crate::explanation::PyExplanation;
use crate::results::{equal, frozen, frozen_value, html, repr, results};

/// What the shared methods of a record read: its field names in order, those shown only when
/// set (the contract leaves them out otherwise), its values and its explanation.
pub(crate) trait Record: pyo3::PyClass + Sized {
    const FIELDS: &'static [&'static str];
    const WHEN_SET: &'static [&'static str];
    fn values(&self) -> Vec<&Py<PyAny>>;
    fn explained(&self) -> Option<&Py<PyExplanation>>;
    /// The record from its values in field order (the answer's builders give them all).
    fn from_values(values: Vec<Py<PyAny>>, explanation: Option<Py<PyExplanation>>) -> PyResult<Self>;
}

/// A record built from its field values (a tuple, in field order) and the explanation.
pub(crate) fn record<'py, T: Record + Into<pyo3::PyClassInitializer<T>>>(
    py: Python<'py>,
    values: impl IntoPyObject<'py, Output = Bound<'py, PyTuple>>,
    explanation: &Py<PyExplanation>,
) -> PyResult<Bound<'py, PyAny>> {
    let values = values.into_pyobject(py).map_err(Into::into)?.iter().map(Bound::unbind).collect();
    Ok(Bound::new(py, T::from_values(values, Some(explanation.clone_ref(py)))?)?.into_any())
}

/// The fields `repr`, `to_dict` and the notebook view show, as `(name, value)`.
fn shown<'py, T: Record>(py: Python<'py>, this: &T) -> PyResult<Vec<(&'static str, Bound<'py, PyAny>)>> {
    let mut out = Vec::with_capacity(T::FIELDS.len());
    for (name, value) in T::FIELDS.iter().zip(this.values()) {
        let value = value.bind(py).clone();
        if T::WHEN_SET.contains(name) && !value.is_truthy()? {
            continue;
        }
        out.push((*name, value));
    }
    Ok(out)
}

/// The explanation, or an empty one for a record made without it.
fn explanation<T: Record>(py: Python<'_>, this: &T) -> PyResult<Py<PyExplanation>> {
    match this.explained() {
        Some(e) => Ok(e.clone_ref(py)),
        None => Py::new(py, PyExplanation::from_core(py, Explanation::default())?),
    }
}

fn to_dict<'py, T: Record>(py: Python<'py>, this: &T) -> PyResult<Bound<'py, PyDict>> {
    let plain = results(py)?.getattr("_plain")?;
    let dict = PyDict::new(py);
    for (name, value) in shown(py, this)? {
        dict.set_item(name, plain.call1((value,))?)?;
    }
    Ok(dict)
}

fn values<'py, T: Record>(py: Python<'py>, this: &T) -> PyResult<Bound<'py, PyTuple>> {
    PyTuple::new(py, this.values().into_iter().map(|v| v.bind(py)))
}

/// Pickled as `Class(*fields, explanation)`.
fn reduce<'py, T: Record>(slf: &Bound<'py, T>) -> PyResult<(Bound<'py, PyType>, Bound<'py, PyTuple>)> {
    let py = slf.py();
    let this = slf.borrow();
    let mut args: Vec<Bound<'py, PyAny>> = this.values().into_iter().map(|v| v.bind(py).clone()).collect();
    args.push(this.explained().into_bound_py_any(py)?);
    Ok((py.get_type::<T>(), PyTuple::new(py, args)?))
}

/// A record class: its required fields, then after `;` the optional ones with their defaults (Rust
/// values, converted when left out), then those shown only when set. Frozen, compared and hashed
/// by its fields (not the explanation), copied as itself, pickled by its constructor's arguments.
macro_rules! record {
    ($(#[doc = $doc:literal])* $ty:ident { $($field:ident),* ; $($opt:ident = $default:expr),* }
     $(shown_when_set($($set:ident),*))?) => {
        $(#[doc = $doc])*
        #[pyclass(frozen, module = "guifan")]
        pub struct $ty {
            $(#[pyo3(get)] $field: Py<PyAny>,)*
            $(#[pyo3(get)] $opt: Py<PyAny>,)*
            explanation: Option<Py<PyExplanation>>,
        }

        impl Record for $ty {
            const FIELDS: &'static [&'static str] = &[$(stringify!($field),)* $(stringify!($opt),)*];
            const WHEN_SET: &'static [&'static str] = &[$($(stringify!($set)),*)?];

            fn values(&self) -> Vec<&Py<PyAny>> {
                vec![$(&self.$field,)* $(&self.$opt,)*]
            }

            fn explained(&self) -> Option<&Py<PyExplanation>> {
                self.explanation.as_ref()
            }

            fn from_values(values: Vec<Py<PyAny>>, explanation: Option<Py<PyExplanation>>) -> PyResult<Self> {
                let given = values.len();
                let mut values = values.into_iter();
                let mut next = || {
                    values.next().ok_or_else(|| {
                        PyTypeError::new_err(format!("{}: {given} values for {} fields", stringify!($ty), Self::FIELDS.len()))
                    })
                };
                Ok($ty { $($field: next()?,)* $($opt: next()?,)* explanation })
            }
        }

        frozen_value!($ty {
            #[new]
            #[pyo3(signature = ($($field,)* $($opt = None,)* _explanation = None))]
            #[allow(clippy::too_many_arguments)]
            fn new(
                py: Python<'_>,
                $($field: Py<PyAny>,)*
                $($opt: Option<Py<PyAny>>,)*
                _explanation: Option<Py<PyExplanation>>,
            ) -> PyResult<Self> {
                Ok($ty {
                    $($field,)*
                    $($opt: match $opt { Some(v) => v, None => ($default).into_py_any(py)? },)*
                    explanation: _explanation,
                })
            }

            /// The rules and steps behind the result, from the evaluation that gave it.
            #[getter]
            fn explanation(&self, py: Python<'_>) -> PyResult<Py<PyExplanation>> {
                explanation(py, self)
            }

            /// The fields as a dict (nested values as dicts, tuples as lists), values in their
            /// Python types (`datetime`, `date`).
            fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
                to_dict(py, self)
            }

            fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
                repr(py, stringify!($ty), shown(py, self)?)
            }

            fn _repr_html_(&self, py: Python<'_>) -> PyResult<String> {
                html(py, stringify!($ty), shown(py, self)?, explanation(py, self)?)
            }

            /// Compared by its fields, not its explanation.
            fn __eq__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
                equal::<Self>(other, |o| values(py, self)?.eq(values(py, o)?))
            }

            fn __hash__(&self, py: Python<'_>) -> PyResult<isize> {
                values(py, self)?.hash()
            }

            fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyType>, Bound<'py, PyTuple>)> {
                reduce(slf)
            }
        });
    };
}

record! {
    /// A yearly review (TIER.REVIEW): the ``tier`` after any override, the ``change`` of the
    /// evaluated tier against the previous one, whether an override set the tier, and the
    /// ``evaluated_tier`` the rules gave, under the tables of ``pack``.
    ReviewResult { tier, change, overridden, evaluated_tier, pack; rule = None::<()> }
}

record! {
    /// Membership ``status`` (active, frozen, cancelled) with every rule id that applies.
    StatusResult { status, reasons, points_frozen; rule = None::<()> }
}

record! {
    /// What the calendar knows about a date; ``provisional`` (and ``provisional_years``) when it
    /// is a day of a year answered provisionally (INTERP.PROVISIONAL; shown only then).
    Day {
        date, working_day, makeup_workday, holiday, holiday_name;
        holiday_name_zh = None::<()>, makeup_for = None::<()>, kind = None::<()>, rule = None::<()>,
        provisional = false, provisional_years = ()
    }
    shown_when_set(provisional, provisional_years)
}

record! {
    /// Whether a call or SMS reminder may go out now, and the next instant it may, under the
    /// windows of ``pack``.
    NotifyWindow { allowed, next_allowed, pack; rule = None::<()> }
}

record! {
    /// Whether a technician may call at a home now (VISIT.WINDOW), the next instant one may, and
    /// for a booking the earliest installation visit, under the windows of ``pack``.
    Visit { allowed, next_allowed, earliest_install, pack; rule = None::<()> }
}

record! {
    /// What planned work needs: headquarters-and-regulator approval, or notice by a time.
    Cutover { requires_approval, notify_by; rule = None::<()> }
}

record! {
    /// Whether recorded voice calls may chase these arrears (DUNNING.CHANNEL).
    Dunning { voice_allowed; rule = None::<()> }
}

record! {
    /// Whether a visit was on time (SLA.APPOINTMENT.PUNCTUAL), and by how many seconds it
    /// deviated (positive = late).
    Punctuality { on_time, deviation_seconds; rule = None::<()> }
}

record! {
    /// Merged points on a day: spendable ``total``, ``expired`` points and spendable lot ids in
    /// redemption ``order``.
    PointsBalance { total, expired, order; rule = None::<()> }
}

record! {
    /// Lots consumed, in order, and the spendable points left.
    Redemption { consumed, remaining; rule = None::<()> }
}

record! {
    /// One change in a ledger's history: ``what`` (earned, redeemed, expired) happened to
    /// ``lot`` on ``date``.
    PointsChange { date, what, lot, points; rule = None::<()> }
}

/// Adds the record classes to the module.
pub(crate) fn add(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<ReviewResult>()?;
    m.add_class::<StatusResult>()?;
    m.add_class::<Day>()?;
    m.add_class::<NotifyWindow>()?;
    m.add_class::<Visit>()?;
    m.add_class::<Cutover>()?;
    m.add_class::<Dunning>()?;
    m.add_class::<Punctuality>()?;
    m.add_class::<PointsBalance>()?;
    m.add_class::<Redemption>()?;
    m.add_class::<PointsChange>()?;
    Ok(())
}

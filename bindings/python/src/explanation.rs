//! Explanations as native objects, built straight from the core's `Explanation`: a rule keeps
//! the catalogue's own text (borrowed, not copied) and turns it into a `str` only when read, so
//! making an explanation costs a few small objects, not a JSON text and its parsing.
//!
//! Each class is frozen, compared and hashed by value, and pickled by its constructor's
//! arguments, as the dataclasses it stands for were; the HTML views stay in `guifan._results`.

use std::borrow::Cow;
use std::fmt::Write;

use chrono::NaiveDate;
use guifan_core::calendar::DayKind;
use guifan_core::explain::{Explanation, Step};
use guifan_core::rules::{Document, Rule, Text};
use guifan_core::time::format_date;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple, PyType};

use crate::results::{equal, frozen, frozen_value, hash_of, results};

/// `Name(field=value, ...)` with each value's Python `repr`, as a dataclass writes it.
fn repr(name: &str, fields: &[(&str, Bound<'_, PyAny>)]) -> PyResult<String> {
    let mut parts = Vec::with_capacity(fields.len());
    for (field, value) in fields {
        parts.push(format!("{field}={}", value.repr()?));
    }
    Ok(format!("{name}({})", parts.join(", ")))
}

/// Pickled as `Class(*args)`.
fn reduce<'py, T: pyo3::PyTypeInfo>(
    py: Python<'py>,
    args: Bound<'py, PyTuple>,
) -> PyResult<(Bound<'py, PyType>, Bound<'py, PyTuple>)> {
    Ok((py.get_type::<T>(), args))
}

fn text(value: String) -> Text {
    Cow::Owned(value)
}

/// A source document of the norms (``GZ``, ``NAT`` …) or of the SDK's own decisions.
#[pyclass(frozen, module = "guifan", name = "Document")]
pub struct PyDocument {
    inner: Document,
}

frozen_value!(PyDocument {
    #[new]
    fn new(short: String, file: Option<String>, title: String) -> Self {
        PyDocument { inner: Document { short: text(short), file: file.map(text), title: text(title) } }
    }

    #[getter]
    fn short(&self) -> &str {
        &self.inner.short
    }

    #[getter]
    fn file(&self) -> Option<&str> {
        self.inner.file.as_deref()
    }

    #[getter]
    fn title(&self) -> &str {
        &self.inner.title
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let d = &self.inner;
        repr(
            "Document",
            &[
                ("short", d.short.as_ref().into_pyobject(py)?.into_any()),
                ("file", d.file.as_deref().into_pyobject(py)?.into_any()),
                ("title", d.title.as_ref().into_pyobject(py)?.into_any()),
            ],
        )
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        equal::<Self>(other, |o| Ok(self.inner == o.inner))
    }

    fn __hash__(&self) -> u64 {
        hash_of((&self.inner.short, &self.inner.file, &self.inner.title))
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyType>, Bound<'py, PyTuple>)> {
        let d = &self.inner;
        reduce::<Self>(py, (d.short.as_ref(), d.file.as_deref(), d.title.as_ref()).into_pyobject(py)?)
    }
});

impl PyDocument {
    fn dict<'py>(d: &Document, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        dict.set_item("short", d.short.as_ref())?;
        dict.set_item("file", d.file.as_deref())?;
        dict.set_item("title", d.title.as_ref())?;
        Ok(dict)
    }
}

/// A catalogued rule: its id, where it comes from, the original words and what guifan computes
/// from it (``params``: the values a rule pack gives it, in the catalogue; empty in an
/// explanation).
#[pyclass(frozen, module = "guifan", name = "Rule")]
pub struct PyRule {
    inner: Rule,
    params: Vec<(String, String)>,
}

impl PyRule {
    fn params_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        for (k, v) in &self.params {
            dict.set_item(k, v)?;
        }
        Ok(dict)
    }

    fn proxy<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py.import("types")?.getattr("MappingProxyType")?.call1((self.params_dict(py)?,))
    }

    fn dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let r = &self.inner;
        let dict = PyDict::new(py);
        dict.set_item("id", r.id.as_ref())?;
        dict.set_item("document", PyDocument::dict(&r.document, py)?)?;
        dict.set_item("clause", r.clause.as_ref())?;
        dict.set_item("words", r.words.as_ref())?;
        dict.set_item("summary", r.summary.as_ref())?;
        dict.set_item("computed", r.computed)?;
        dict.set_item("params", self.params_dict(py)?)?;
        Ok(dict)
    }
}

frozen_value!(PyRule {
    #[new]
    #[pyo3(signature = (id, document, clause, words, summary, computed, params = None))]
    fn new(
        id: String,
        document: &Bound<'_, PyDocument>,
        clause: String,
        words: String,
        summary: String,
        computed: bool,
        params: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let mut pairs = Vec::new();
        if let Some(params) = params {
            for item in params.call_method0("items")?.try_iter()? {
                pairs.push(item?.extract::<(String, String)>()?);
            }
        }
        let inner = Rule {
            id: text(id),
            document: document.get().inner.clone(),
            clause: text(clause),
            words: text(words),
            summary: text(summary),
            computed,
        };
        Ok(PyRule { inner, params: pairs })
    }

    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }

    #[getter]
    fn document(&self) -> PyDocument {
        PyDocument { inner: self.inner.document.clone() }
    }

    #[getter]
    fn clause(&self) -> &str {
        &self.inner.clause
    }

    #[getter]
    fn words(&self) -> &str {
        &self.inner.words
    }

    #[getter]
    fn summary(&self) -> &str {
        &self.inner.summary
    }

    #[getter]
    fn computed(&self) -> bool {
        self.inner.computed
    }

    /// The values a rule pack gives the rule (read-only).
    #[getter]
    fn params<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.proxy(py)
    }

    fn __str__(&self) -> String {
        let r = &self.inner;
        format!("{} — {} {}: “{}”", r.id, r.document.short, r.clause, r.words)
    }

    /// The rule's fields as a dict (the document and params as dicts).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        self.dict(py)
    }

    fn _repr_html_(slf: &Bound<'_, Self>) -> PyResult<String> {
        results(slf.py())?.getattr("_rules_table")?.call1(((slf,),))?.extract()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let r = &self.inner;
        repr(
            "Rule",
            &[
                ("id", r.id.as_ref().into_pyobject(py)?.into_any()),
                ("document", Bound::new(py, self.document())?.into_any()),
                ("clause", r.clause.as_ref().into_pyobject(py)?.into_any()),
                ("words", r.words.as_ref().into_pyobject(py)?.into_any()),
                ("summary", r.summary.as_ref().into_pyobject(py)?.into_any()),
                ("computed", r.computed.into_pyobject(py)?.to_owned().into_any()),
                ("params", self.proxy(py)?),
            ],
        )
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        equal::<Self>(other, |o| Ok(self.inner == o.inner && self.params == o.params))
    }

    /// Hashed without its params, as the dataclass it stands for was.
    fn __hash__(&self) -> u64 {
        let r = &self.inner;
        hash_of((&r.id, &r.document.short, &r.document.file, &r.document.title, &r.clause, &r.words, &r.summary, r.computed))
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyType>, Bound<'py, PyTuple>)> {
        let r = &self.inner;
        let args = (
            r.id.as_ref(),
            self.document(),
            r.clause.as_ref(),
            r.words.as_ref(),
            r.summary.as_ref(),
            r.computed,
            self.params_dict(py)?,
        );
        reduce::<Self>(py, args.into_pyobject(py)?)
    }
});

/// A sentence of reasoning.
#[pyclass(frozen, module = "guifan", name = "NoteStep")]
pub struct PyNoteStep {
    text: String,
}

frozen_value!(PyNoteStep {
    #[new]
    fn new(text: String) -> Self {
        PyNoteStep { text }
    }

    #[getter]
    fn text(&self) -> &str {
        &self.text
    }

    fn __str__(&self) -> &str {
        &self.text
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        repr("NoteStep", &[("text", self.text.as_str().into_pyobject(py)?.into_any())])
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        equal::<Self>(other, |o| Ok(self.text == o.text))
    }

    fn __hash__(&self) -> u64 {
        hash_of(&self.text)
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyType>, Bound<'py, PyTuple>)> {
        reduce::<Self>(py, (self.text.as_str(),).into_pyobject(py)?)
    }
});

/// A calendar day met while counting: its kind, whether it counted, and its holiday.
#[pyclass(frozen, module = "guifan", name = "DayStep")]
pub struct PyDayStep {
    date: NaiveDate,
    kind: Text,
    counted: bool,
    holiday: Option<Text>,
    holiday_zh: Option<Text>,
    paused: bool,
}

impl PyDayStep {
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<[(&'static str, Bound<'py, PyAny>); 6]> {
        Ok([
            ("date", self.date.into_pyobject(py)?.into_any()),
            ("kind", self.kind.as_ref().into_pyobject(py)?.into_any()),
            ("counted", self.counted.into_pyobject(py)?.to_owned().into_any()),
            ("holiday", self.holiday.as_deref().into_pyobject(py)?.into_any()),
            ("holiday_zh", self.holiday_zh.as_deref().into_pyobject(py)?.into_any()),
            ("paused", self.paused.into_pyobject(py)?.to_owned().into_any()),
        ])
    }

    /// `2025-10-01 holiday (national_day 国庆节): skipped`; `…: skipped, paused all day`.
    fn write(&self, out: &mut String) {
        out.push_str(&format_date(self.date));
        out.push(' ');
        out.push_str(&self.kind.replace('_', " "));
        if let Some(holiday) = self.holiday.as_deref().filter(|h| !h.is_empty()) {
            let _ = match self.holiday_zh.as_deref().filter(|z| !z.is_empty()) {
                Some(zh) => write!(out, " ({holiday} {zh})"),
                None => write!(out, " ({holiday})"),
            };
        }
        out.push_str(if self.counted { ": counted" } else { ": skipped" });
        if self.paused {
            out.push_str(", paused all day");
        }
    }

    fn key(&self) -> (NaiveDate, &str, bool, Option<&str>, Option<&str>, bool) {
        (self.date, &self.kind, self.counted, self.holiday.as_deref(), self.holiday_zh.as_deref(), self.paused)
    }
}

frozen_value!(PyDayStep {
    #[new]
    #[pyo3(signature = (date, kind, counted, holiday = None, holiday_zh = None, paused = false))]
    fn new(
        date: NaiveDate,
        kind: String,
        counted: bool,
        holiday: Option<String>,
        holiday_zh: Option<String>,
        paused: bool,
    ) -> Self {
        let (holiday, holiday_zh) = (holiday.map(text), holiday_zh.map(text));
        PyDayStep { date, kind: text(kind), counted, holiday, holiday_zh, paused }
    }

    #[getter]
    fn date(&self) -> NaiveDate {
        self.date
    }

    #[getter]
    fn kind(&self) -> &str {
        &self.kind
    }

    #[getter]
    fn counted(&self) -> bool {
        self.counted
    }

    #[getter]
    fn holiday(&self) -> Option<&str> {
        self.holiday.as_deref()
    }

    #[getter]
    fn holiday_zh(&self) -> Option<&str> {
        self.holiday_zh.as_deref()
    }

    /// Skipped because a pause covers the whole day (INTERP.PAUSE).
    #[getter]
    fn paused(&self) -> bool {
        self.paused
    }

    fn __str__(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        repr("DayStep", &self.fields(py)?)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        equal::<Self>(other, |o| Ok(self.key() == o.key()))
    }

    fn __hash__(&self) -> u64 {
        hash_of(self.key())
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyType>, Bound<'py, PyTuple>)> {
        reduce::<Self>(py, PyTuple::new(py, self.fields(py)?.map(|(_, v)| v))?)
    }
});

fn kind_name(kind: DayKind) -> &'static str {
    match kind {
        DayKind::Workday => "workday",
        DayKind::MakeupWorkday => "makeup_workday",
        DayKind::Weekend => "weekend",
        DayKind::Holiday => "holiday",
    }
}

/// A step of the core as its Python object: a target and a pause read as sentences.
fn step(py: Python<'_>, step: Step) -> PyResult<Py<PyAny>> {
    Ok(match step {
        Step::Note { text } => Py::new(py, PyNoteStep { text })?.into_any(),
        Step::Day { date, kind, counted, holiday, paused } => {
            let (holiday, holiday_zh) = match holiday {
                Some(h) => (Some(h.key), Some(h.zh)),
                None => (None, None),
            };
            let kind = Cow::Borrowed(kind_name(kind));
            Py::new(py, PyDayStep { date, kind, counted, holiday, holiday_zh, paused })?.into_any()
        }
        Step::Target { rule } => Py::new(py, PyNoteStep { text: format!("target {rule}") })?.into_any(),
        Step::Pause { from, to } => {
            let to = to.map_or_else(|| "open".to_string(), |t| t.to_rfc3339());
            Py::new(py, PyNoteStep { text: format!("paused {} → {to} (INTERP.PAUSE)", from.to_rfc3339()) })?.into_any()
        }
    })
}

/// Why a result is what it is: the rules applied (the deciding one first), each with its clause
/// and original words, and the steps taken.
#[pyclass(frozen, module = "guifan", name = "Explanation")]
pub struct PyExplanation {
    rules: Py<PyTuple>,
    steps: Py<PyTuple>,
}

impl PyExplanation {
    /// The core's explanation as Python objects (no text copied until read).
    pub(crate) fn from_core(py: Python<'_>, e: Explanation) -> PyResult<Self> {
        let rules = e
            .rules
            .into_iter()
            .map(|inner| Py::new(py, PyRule { inner, params: Vec::new() }))
            .collect::<PyResult<Vec<_>>>()?;
        let steps = e.steps.into_iter().map(|s| step(py, s)).collect::<PyResult<Vec<_>>>()?;
        Ok(PyExplanation { rules: PyTuple::new(py, rules)?.unbind(), steps: PyTuple::new(py, steps)?.unbind() })
    }
}

/// `items` as a tuple of `T`s (a `TypeError` naming `what` otherwise).
fn tuple_of<'py>(
    py: Python<'py>,
    items: &Bound<'py, PyAny>,
    what: &str,
    ok: impl Fn(&Bound<'py, PyAny>) -> bool,
) -> PyResult<Bound<'py, PyTuple>> {
    let items = items.try_iter()?.collect::<PyResult<Vec<_>>>()?;
    if let Some(bad) = items.iter().find(|i| !ok(i)) {
        let name = bad.get_type().name()?;
        return Err(PyTypeError::new_err(format!("expected {what}, got {name}")));
    }
    PyTuple::new(py, items)
}

frozen_value!(PyExplanation {
    #[new]
    fn new(py: Python<'_>, rules: &Bound<'_, PyAny>, steps: &Bound<'_, PyAny>) -> PyResult<Self> {
        let rules = tuple_of(py, rules, "a Rule", |r| r.is_instance_of::<PyRule>())?;
        let steps = tuple_of(py, steps, "a NoteStep or DayStep", |s| {
            s.is_instance_of::<PyNoteStep>() || s.is_instance_of::<PyDayStep>()
        })?;
        Ok(PyExplanation { rules: rules.unbind(), steps: steps.unbind() })
    }

    #[getter]
    fn rules(&self, py: Python<'_>) -> Py<PyTuple> {
        self.rules.clone_ref(py)
    }

    #[getter]
    fn steps(&self, py: Python<'_>) -> Py<PyTuple> {
        self.steps.clone_ref(py)
    }

    fn __str__(&self, py: Python<'_>) -> PyResult<String> {
        let mut out = String::with_capacity(2048);
        out.push_str("Rules:");
        for r in self.rules.bind(py) {
            let r = r.cast_into::<PyRule>()?;
            let r = &r.get().inner;
            let _ = write!(out, "\n  {} — {} {}\n    “{}”\n    {}", r.id, r.document.short, r.clause, r.words, r.summary);
        }
        out.push_str("\nSteps:");
        for (i, s) in self.steps.bind(py).iter().enumerate() {
            let _ = write!(out, "\n  {}. ", i + 1);
            match s.cast::<PyNoteStep>() {
                Ok(note) => out.push_str(&note.get().text),
                Err(_) => s.cast_into::<PyDayStep>()?.get().write(&mut out),
            }
        }
        Ok(out)
    }

    /// The rules and steps as dicts.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let rules = PyList::empty(py);
        for r in self.rules.bind(py) {
            rules.append(r.cast_into::<PyRule>()?.get().dict(py)?)?;
        }
        let steps = PyList::empty(py);
        for s in self.steps.bind(py) {
            let dict = PyDict::new(py);
            match s.cast::<PyNoteStep>() {
                Ok(note) => dict.set_item("text", note.get().text.as_str())?,
                Err(_) => {
                    for (name, value) in s.cast_into::<PyDayStep>()?.get().fields(py)? {
                        dict.set_item(name, value)?;
                    }
                }
            }
            steps.append(dict)?;
        }
        let dict = PyDict::new(py);
        dict.set_item("rules", rules)?;
        dict.set_item("steps", steps)?;
        Ok(dict)
    }

    fn _repr_html_(slf: &Bound<'_, Self>) -> PyResult<String> {
        results(slf.py())?.getattr("_explanation_html")?.call1((slf,))?.extract()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        repr("Explanation", &[("rules", self.rules.bind(py).clone().into_any()), ("steps", self.steps.bind(py).clone().into_any())])
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let py = other.py();
        equal::<Self>(other, |o| {
            Ok(self.rules.bind(py).eq(o.rules.bind(py))? && self.steps.bind(py).eq(o.steps.bind(py))?)
        })
    }

    fn __hash__(&self, py: Python<'_>) -> PyResult<isize> {
        (self.rules.bind(py), self.steps.bind(py)).into_pyobject(py)?.hash()
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyType>, Bound<'py, PyTuple>)> {
        reduce::<Self>(py, (self.rules.bind(py), self.steps.bind(py)).into_pyobject(py)?)
    }
});

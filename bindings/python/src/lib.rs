//! `guifan._guifan`: the native half of the Python package `guifan`.
//!
//! It converts types and errors only; every rule is computed by `guifan-core`. Results are built
//! here from the core's typed answers (some classes are declared in `guifan._results`); the
//! Python half (`python/guifan`) adapts pandas, numpy and pyarrow columns to the arrays the
//! column functions here read.
//!
//! Every function body runs under [`guard`]: a panic (a bug in guifan) reaches Python as
//! `guifan.InternalError`, never as pyo3's `PanicException`, which `except Exception` misses.

use std::any::Any;
use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{LazyLock, RwLock};

use chrono::NaiveDate;
use guifan_core::calendar::{notice, Calendar};
use guifan_core::contract::{Input, Op};
use guifan_core::deadline::{Area, Basis, DeadlineInput};
use guifan_core::engine::Engine;
use guifan_core::evaluate::{self as contract, Request};
use guifan_core::pack::Pack;
use guifan_core::tier::{Brand, Customer, TierInput};
use guifan_core::time::parse_date;
use guifan_core::Error;
use pyo3::exceptions::PyValueError;
use pyo3::marker::Ungil;
use pyo3::prelude::*;
use pyo3::types::PyString;
use serde_json::Value;

mod answer;
mod arrow;
mod columns;
mod convert;
mod explanation;
mod ledger;
mod record;
mod results;

/// The engine every call runs on unless given another: the built-in pack on the built-in
/// calendar plus the years `load_calendar` added. Replaced whole on a load, so a snapshot taken
/// before (by a result, for its explanation) keeps answering as it did.
static DEFAULT_ENGINE: LazyLock<RwLock<Engine>> = LazyLock::new(|| RwLock::new(Engine::builtin()));

fn current() -> Engine {
    DEFAULT_ENGINE.read().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
}

/// The core's internal error (kind `internal`, a bug in guifan) for a panic, with its text.
fn internal(panic: &(dyn Any + Send)) -> Error {
    let message = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| String::from("a panic without a message"));
    Error::Internal { message }
}

/// Runs the body of a function Python calls, turning a panic into `guifan.InternalError`.
pub(crate) fn guard<T>(py: Python<'_>, body: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|panic| Err(raise(py, &internal(&*panic), None)))
}

thread_local! {
    /// Set by `_panic_for_tests`: the next computation on this thread panics.
    static PANIC_ARMED: Cell<bool> = const { Cell::new(false) };
}

/// Arms a panic in the next computation on this thread (inside [`detached`]), so tests reach the
/// panic guard of every kind of entry point. Hidden: not part of the package's API.
#[pyfunction]
fn _panic_for_tests() {
    PANIC_ARMED.set(true);
}

/// Runs a computation with the GIL released (`py.detach`); a panic in it is resumed on return,
/// where [`guard`] catches it.
pub(crate) fn detached<T: Ungil, F: Ungil + Send + FnOnce() -> T>(py: Python<'_>, f: F) -> T {
    py.detach(|| {
        if PANIC_ARMED.replace(false) {
            panic!("armed by _panic_for_tests");
        }
        f()
    })
}

/// Runs a computation too short to be worth releasing the GIL for (a scalar deadline takes well
/// under the cost of a release and reacquire); a panic armed by tests fires here as in
/// [`detached`].
pub(crate) fn inline<T>(f: impl FnOnce() -> T) -> T {
    if PANIC_ARMED.replace(false) {
        panic!("armed by _panic_for_tests");
    }
    f()
}

/// Rule packs and a working-day calendar: what every call runs on. Immutable; sharing one
/// between threads shares its packs and calendar (two `Arc`s).
#[pyclass(frozen, name = "Engine", module = "guifan._guifan")]
pub struct PyEngine {
    inner: Engine,
}

/// A document as Python gave it: the text of a file, or a dict written as JSON text (in the
/// dict's order, amounts exact).
struct Document(String);

impl Document {
    fn read(obj: &Bound<'_, PyAny>, field: &str) -> PyResult<Self> {
        let text = match obj.cast::<PyString>() {
            Ok(text) => convert::text(text, field),
            Err(_) => convert::to_json(obj, field)?,
        };
        text.map(Document).map_err(|e| raise(obj.py(), &e, None))
    }

    /// A rule pack, read and validated by the core (JSON or TOML text).
    fn pack(&self) -> Result<Pack, Error> {
        Pack::from_text(&self.0)
    }

    /// Loads years or a layer into `calendar`; returns the years loaded.
    fn load_into(&self, calendar: &mut Calendar) -> Result<Vec<i32>, Error> {
        calendar.load_json(&self.0)
    }
}

#[pymethods]
impl PyEngine {
    /// `packs` and `calendars` are `(origin, document)` pairs: the origin (a file name, or None)
    /// heads the message of a document's error; a document is text or a dict. `packs` None: the
    /// built-in pack. Calendars are loaded in order on top of the built-in calendar; with
    /// `provisional`, years without a published schedule are answered provisionally.
    #[new]
    #[pyo3(signature = (packs, calendars, provisional = false))]
    fn new(
        py: Python<'_>,
        packs: Option<Vec<(Option<String>, Bound<'_, PyAny>)>>,
        calendars: Vec<(Option<String>, Bound<'_, PyAny>)>,
        provisional: bool,
    ) -> PyResult<Self> {
        guard(py, || {
            let loaded = match packs {
                None => vec![Pack::builtin().clone()],
                Some(packs) => packs
                    .iter()
                    .map(|(origin, obj)| {
                        let doc = Document::read(obj, "pack")?;
                        detached(py, || doc.pack()).map_err(|e| raise_in(py, &e, origin.as_deref()))
                    })
                    .collect::<PyResult<Vec<Pack>>>()?,
            };
            let mut calendar = Calendar::builtin();
            for (origin, obj) in &calendars {
                let doc = Document::read(obj, "calendar")?;
                doc.load_into(&mut calendar).map_err(|e| raise_in(py, &e, origin.as_deref()))?;
            }
            calendar.set_provisional(provisional);
            let inner = Engine::new(loaded, calendar).map_err(|e| raise(py, &e, None))?;
            Ok(PyEngine { inner })
        })
    }

    /// The packs in the order they take effect, as `guifan.PackInfo`s.
    fn packs<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let class = results::results(py)?.getattr("PackInfo")?;
            let infos =
                self.inner.packs().iter().map(|p| &p.info).map(|i| {
                    class.call1((i.name.as_ref(), i.version.as_ref(), i.effective_from, i.description.as_ref()))
                });
            Ok(pyo3::types::PyTuple::new(py, infos.collect::<PyResult<Vec<_>>>()?)?.into_any())
        })
    }

    /// The years whose working-day schedule is known, in order.
    fn known_years(&self, py: Python<'_>) -> PyResult<Vec<i32>> {
        guard(py, || Ok(self.inner.calendar().known_years().collect()))
    }

    /// Whether years without a published schedule are answered provisionally.
    #[getter]
    fn provisional(&self) -> bool {
        self.inner.calendar().is_provisional()
    }

    /// The sources of a year's schedule: the notice it was read from, then each notice that
    /// amended it, in the order loaded.
    fn sources(&self, year: i32) -> Vec<String> {
        self.inner.calendar().sources(year).map(String::from).collect()
    }

    /// The year to warn about on `today` and the days until its 1 January (0 or less: it has
    /// started): this year when unknown, else next year when unknown and at most 60 days away.
    fn unknown_year_ahead(&self, py: Python<'_>, today: &Bound<'_, PyAny>) -> PyResult<Option<(i32, i64)>> {
        guard(py, || {
            let today = date_arg(today, "today")?;
            Ok(self.inner.calendar().unknown_year_ahead(today).map(|u| (u.year, u.days_until)))
        })
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        guard(py, || {
            let packs: Vec<String> =
                self.inner.packs().iter().map(|p| format!("{} {}", p.info.name, p.info.version)).collect();
            Ok(format!("<guifan engine: {}>", packs.join(", ")))
        })
    }
}

fn engine_of(engine: Option<PyRef<'_, PyEngine>>) -> Engine {
    engine.map(|e| e.inner.clone()).unwrap_or_else(current)
}

/// The Python exception for a core error: the `guifan` subclass of its kind, with `kind`,
/// `field`, `value`, `problems` and (for column functions) `row`; `prefix` heads the message.
fn exception(py: Python<'_>, error: &Error, prefix: Option<&str>, row: Option<usize>) -> PyErr {
    let mut message = match prefix {
        Some(p) => format!("{p}: {error}"),
        None => error.to_string(),
    };
    if let Error::CalendarYearUnknown { year, .. } = error {
        let span = guifan_core::calendar::statutory::provisional_span();
        message.push_str(&format!(
            " (in Python: guifan.load_calendar(doc) or guifan.Engine(calendar=doc), doc a calendar file \
             such as \"{year}.json\" or guifan.calendar_from_notice(text of the State Council's notice); \
             or answer {}–{} provisionally from the statutory holidays with \
             guifan.Engine(provisional=True) or guifan.set_provisional(True))",
            span.start(),
            span.end()
        ));
    }
    let built = py_of(py, &error.problems()).and_then(|problems| {
        let args = (error.kind(), message.as_str(), error.field(), error.value(), row, problems);
        py.import("guifan._errors")?.getattr("_from_core")?.call1(args)
    });
    match built {
        Ok(exc) => PyErr::from_value(exc),
        Err(_) => PyValueError::new_err(format!("{}: {message}", error.kind())),
    }
}

/// The exception for a core error, naming the row of a column function when there is one.
pub(crate) fn raise(py: Python<'_>, error: &Error, row: Option<usize>) -> PyErr {
    let at = row.map(|r| format!("row {r}"));
    exception(py, error, at.as_deref(), row)
}

/// The exception for an error in a document, naming where the document came from.
fn raise_in(py: Python<'_>, error: &Error, origin: Option<&str>) -> PyErr {
    exception(py, error, origin, None)
}

/// Converts a Python value to JSON, raising the `invalid_input` error on a value JSON lacks.
pub(crate) fn value_of(obj: &Bound<'_, PyAny>, path: &str) -> PyResult<Value> {
    convert::to_value(obj, path)?.map_err(|e| raise(obj.py(), &e, None))
}

/// A value of the core as Python objects, from its serde form (dicts keep the fields' order).
pub(crate) fn py_of<'py>(py: Python<'py>, value: &impl serde::Serialize) -> PyResult<Bound<'py, PyAny>> {
    pythonize::pythonize(py, value).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// A date argument (a `date` or `YYYY-MM-DD`), read as the contract reads dates.
pub(crate) fn date_arg(obj: &Bound<'_, PyAny>, field: &str) -> PyResult<NaiveDate> {
    if let Some(date) = convert::exact_date(obj)? {
        return Ok(date);
    }
    match value_of(obj, field)? {
        Value::String(s) => parse_date(field, &s).map_err(|e| raise(obj.py(), &e, None)),
        other => Err(raise(obj.py(), &Error::invalid(field, other.to_string(), "expected a date as YYYY-MM-DD"), None)),
    }
}

/// Answers one `evaluate` request (a dict, or JSON text); errors come back as data, never raised,
/// a panic too (as kind `internal`).
#[pyfunction]
#[pyo3(signature = (request, engine = None))]
fn evaluate<'py>(
    py: Python<'py>,
    request: &Bound<'py, PyAny>,
    engine: Option<PyRef<'_, PyEngine>>,
) -> PyResult<Bound<'py, PyAny>> {
    let engine = engine_of(engine);
    let answered = catch_unwind(AssertUnwindSafe(|| {
        let text = match request.cast::<PyString>() {
            Ok(text) => convert::text(text, "request"),
            // A Python object that failed while being read (a broken mapping, say): still data.
            Err(_) => convert::request_json(request)
                .unwrap_or_else(|e| Err(Error::invalid("request", "a Python object", e.to_string()))),
        };
        match text.and_then(|text| Request::from_json(&text)) {
            Ok(request) => detached(py, || engine.evaluate(&request)),
            Err(e) => contract::Response::Err(e),
        }
    }));
    py_of(py, &answered.unwrap_or_else(|panic| contract::Response::Err(internal(&*panic))))
}

/// Runs one op of the contract and returns its output as plain values, raising the error
/// instead of returning it.
#[pyfunction]
#[pyo3(signature = (op, input, engine = None))]
fn call<'py>(
    py: Python<'py>,
    op: &str,
    input: &Bound<'py, PyAny>,
    engine: Option<PyRef<'_, PyEngine>>,
) -> PyResult<Bound<'py, PyAny>> {
    guard(py, || py_of(py, &answer::run(py, op, input, false, &engine_of(engine))?.1))
}

/// Runs one op of the contract and returns its result object, explained.
#[pyfunction]
#[pyo3(signature = (op, input, engine = None))]
fn result<'py>(
    py: Python<'py>,
    op: &str,
    input: &Bound<'py, PyAny>,
    engine: Option<PyRef<'_, PyEngine>>,
) -> PyResult<Bound<'py, PyAny>> {
    guard(py, || answer::answer(py, op, input, &engine_of(engine)))
}

/// The explanation of one op of the contract on `input`.
#[pyfunction]
#[pyo3(signature = (op, input, engine = None))]
fn explain(
    py: Python<'_>,
    op: &str,
    input: &Bound<'_, PyAny>,
    engine: Option<PyRef<'_, PyEngine>>,
) -> PyResult<explanation::PyExplanation> {
    guard(py, || answer::explanation(py, op, input, &engine_of(engine)))
}

/// A start instant read without text: a naive `datetime` (exactly that type) is Beijing wall
/// time. Anything else (aware datetimes, text) goes through the contract's reader.
fn naive_start(obj: &Bound<'_, PyAny>) -> PyResult<Option<chrono::DateTime<chrono::FixedOffset>>> {
    if !convert::is_naive_datetime(obj)? {
        return Ok(None);
    }
    let wall: chrono::NaiveDateTime = obj.extract()?;
    Ok(guifan_core::time::from_beijing("start", wall).ok())
}

/// The deadline of work started at ``start`` on ``engine`` (None: the default engine), under the
/// pack in force on the start's Beijing date: by a ``rule`` (SLA.* or the pack's own ids, with
/// ``area`` urban or rural where the rule has one) or by a free ``clock`` (clock_hours,
/// calendar_days, working_days, working_minutes) and a whole ``amount``. With ``done``, ``met``
/// tells whether it was done at or before the due instant (INTERP.ONTIME). ``pauses`` stop the
/// clock (INTERP.PAUSE; ``(from, to)`` tuples or ``{"from", "to"}`` dicts, ``to`` None while
/// open); ``region`` picks the pack's office hours for working minutes.
#[pyfunction]
#[pyo3(signature = (
    *, start, rule = None, area = None, clock = None, amount = None, done = None, pauses = None, region = None,
    engine = None
))]
#[allow(clippy::too_many_arguments)]
fn deadline(
    py: Python<'_>,
    start: &Bound<'_, PyAny>,
    rule: Option<&Bound<'_, PyAny>>,
    area: Option<&Bound<'_, PyAny>>,
    clock: Option<&Bound<'_, PyAny>>,
    amount: Option<&Bound<'_, PyAny>>,
    done: Option<&Bound<'_, PyAny>>,
    pauses: Option<&Bound<'_, PyAny>>,
    region: Option<&Bound<'_, PyAny>>,
    engine: Option<PyRef<'_, PyEngine>>,
) -> PyResult<results::PyDeadline> {
    guard(py, || {
        let engine = engine_of(engine);
        // The common call, rule and start alone, skips the contract's text.
        let fast = match (rule, area, clock, amount, done, pauses, region) {
            (Some(rule), None, None, None, None, None, None) => match (rule.cast::<PyString>(), naive_start(start)?) {
                (Ok(rule), Some(start)) => {
                    let rule = convert::text(rule, "rule").map_err(|e| raise(py, &e, None))?;
                    Some(DeadlineInput {
                        start,
                        basis: Basis::rule(rule, Area::default()),
                        done: None,
                        pauses: Vec::new(),
                        region: Default::default(),
                    })
                }
                _ => None,
            },
            _ => None,
        };
        let input = match fast {
            Some(input) => input,
            None => {
                let fields = given(
                    py,
                    start,
                    &[
                        ("rule", rule),
                        ("area", area),
                        ("clock", clock),
                        ("amount", amount),
                        ("done", done),
                        ("region", region),
                    ],
                    pauses,
                )?;
                match read_input(py, &fields, Op::Deadline)? {
                    Input::Deadline(input) => input,
                    _ => return Err(PyValueError::new_err("not a deadline input")),
                }
            }
        };
        let answer = inline(|| engine.deadline(&input)).map_err(|e| raise(py, &e, None))?;
        Ok(results::PyDeadline::answered(answer, engine, input))
    })
}

/// The contract's fields of a call: `start`, the keywords given (None: left out) and the pauses
/// as the contract writes them.
fn given<'py>(
    py: Python<'py>,
    start: &Bound<'py, PyAny>,
    keywords: &[(&str, Option<&Bound<'py, PyAny>>)],
    pauses: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, pyo3::types::PyDict>> {
    let fields = pyo3::types::PyDict::new(py);
    fields.set_item("start", start)?;
    for (key, value) in keywords {
        if let Some(value) = value {
            fields.set_item(*key, value)?;
        }
    }
    if let Some(pauses) = pauses {
        fields.set_item("pauses", pause_list(pauses)?)?;
    }
    Ok(fields)
}

/// Pauses as the contract writes them: a `(from, to)` tuple becomes `{"from", "to"}` (`to` None:
/// open). Anything else goes to the core as it is, which reads the list in order and names
/// `pauses[i]` or `pauses[i].to` in its errors.
fn pause_list<'py>(pauses: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let py = pauses.py();
    if !(pauses.is_instance_of::<pyo3::types::PyList>() || pauses.is_instance_of::<pyo3::types::PyTuple>()) {
        return Ok(pauses.clone());
    }
    let out = pyo3::types::PyList::empty(py);
    for item in pauses.try_iter()? {
        let item = item?;
        match item.cast::<pyo3::types::PyTuple>() {
            Ok(pair) if pair.len() == 2 => {
                let span = pyo3::types::PyDict::new(py);
                span.set_item("from", pair.get_item(0)?)?;
                span.set_item("to", pair.get_item(1)?)?;
                out.append(span)?;
            }
            _ => out.append(item)?,
        }
    }
    Ok(out.into_any())
}

/// The core's input of `op` read from the contract's fields (its errors raised).
fn read_input(py: Python<'_>, fields: &Bound<'_, pyo3::types::PyDict>, op: Op) -> PyResult<Input> {
    let text = convert::to_json(fields.as_any(), "")?;
    text.and_then(|text| Input::from_json(op, &text)).map_err(|e| raise(py, &e, None))
}

/// A ticket measured against several targets at once (SLA.TICKET) on ``engine`` (None: the
/// default engine): the pack's policy for an ``incident`` (fault, complaint) of a
/// ``customer_class`` (ordinary, brand, vip), or the deadline ``rules`` named, under the pack in
/// force on the start's Beijing date. Every target starts at ``start`` and shares the ``pauses``
/// (INTERP.PAUSE: ``(from, to)`` tuples or ``{"from", "to"}`` dicts, ``to`` None while open);
/// ``done`` maps a finished target's rule id to when it was done; the states are for ``as_of``,
/// required unless every target is done.
#[pyfunction]
#[pyo3(signature = (
    *, start, incident = None, customer_class = None, rules = None, area = None, region = None, done = None,
    pauses = None, as_of = None, engine = None
))]
#[allow(clippy::too_many_arguments)]
fn ticket(
    py: Python<'_>,
    start: &Bound<'_, PyAny>,
    incident: Option<&Bound<'_, PyAny>>,
    customer_class: Option<&Bound<'_, PyAny>>,
    rules: Option<&Bound<'_, PyAny>>,
    area: Option<&Bound<'_, PyAny>>,
    region: Option<&Bound<'_, PyAny>>,
    done: Option<&Bound<'_, PyAny>>,
    pauses: Option<&Bound<'_, PyAny>>,
    as_of: Option<&Bound<'_, PyAny>>,
    engine: Option<PyRef<'_, PyEngine>>,
) -> PyResult<results::PyTicket> {
    guard(py, || {
        let engine = engine_of(engine);
        let keywords = [
            ("incident", incident),
            ("customer_class", customer_class),
            ("rules", rules),
            ("area", area),
            ("region", region),
            ("done", done),
            ("as_of", as_of),
        ];
        let input = match read_input(py, &given(py, start, &keywords, pauses)?, Op::Ticket)? {
            Input::Ticket(input) => input,
            _ => return Err(PyValueError::new_err("not a ticket input")),
        };
        let answer = detached(py, || engine.ticket(&input)).map_err(|e| raise(py, &e, None))?;
        Ok(results::PyTicket::answered(answer, engine, input))
    })
}

/// The tier of a customer on ``engine`` (None: the default engine); the keywords of
/// ``guifan.Engine.tier``. Without a package the input is built here; with one, by the package's
/// Python helper (which checks that a package is given one way only).
#[pyfunction]
#[pyo3(signature = (
    *, kind = None, brand = None, annual_spend = None, annual_revenue = None, rank = None, package = None,
    monthly_fee = None, subscribed_on = None, rating_year = None, as_of = None, engine = None
))]
#[allow(clippy::too_many_arguments)]
fn tier<'py>(
    py: Python<'py>,
    kind: Option<Bound<'py, PyAny>>,
    brand: Option<Bound<'py, PyAny>>,
    annual_spend: Option<Bound<'py, PyAny>>,
    annual_revenue: Option<Bound<'py, PyAny>>,
    rank: Option<Bound<'py, PyAny>>,
    package: Option<Bound<'py, PyAny>>,
    monthly_fee: Option<Bound<'py, PyAny>>,
    subscribed_on: Option<Bound<'py, PyAny>>,
    rating_year: Option<Bound<'py, PyAny>>,
    as_of: Option<Bound<'py, PyAny>>,
    engine: Option<PyRef<'_, PyEngine>>,
) -> PyResult<results::PyTierResult> {
    guard(py, || {
        let engine = engine_of(engine);
        let given = |pairs: &[(&str, &Option<Bound<'py, PyAny>>)]| -> PyResult<Bound<'py, pyo3::types::PyDict>> {
            let dict = pyo3::types::PyDict::new(py);
            for (key, value) in pairs {
                if let Some(value) = value {
                    dict.set_item(*key, value)?;
                }
            }
            Ok(dict)
        };
        // The common call, a brand and an exact amount alone, skips the contract's text.
        let simple = kind.is_none()
            && [&annual_revenue, &rank, &package, &monthly_fee, &subscribed_on, &rating_year, &as_of]
                .iter()
                .all(|v| v.is_none());
        if let (true, Some(brand), Some(spend)) = (simple, &brand, &annual_spend) {
            if let (Ok(brand), Some(annual_spend)) = (brand.cast::<PyString>(), convert::exact_decimal(spend)?) {
                let brand = convert::text(brand, "customer.brand").map_err(|e| raise(py, &e, None))?;
                let input: TierInput = Customer::Personal { brand: Brand(brand.into()), annual_spend }.into();
                let answer = inline(|| engine.tier(&input)).map_err(|e| raise(py, &e, None))?;
                return Ok(results::PyTierResult::answered(answer, engine, input));
            }
        }
        let input = if package.is_none() && monthly_fee.is_none() && subscribed_on.is_none() {
            let customer = given(&[
                ("kind", &kind),
                ("brand", &brand),
                ("annual_spend", &annual_spend),
                ("annual_revenue", &annual_revenue),
                ("rank", &rank),
            ])?;
            let input = given(&[("rating_year", &rating_year), ("as_of", &as_of)])?;
            input.set_item("customer", customer)?;
            input
        } else {
            let all = given(&[
                ("kind", &kind),
                ("brand", &brand),
                ("annual_spend", &annual_spend),
                ("annual_revenue", &annual_revenue),
                ("rank", &rank),
                ("package", &package),
                ("monthly_fee", &monthly_fee),
                ("subscribed_on", &subscribed_on),
                ("rating_year", &rating_year),
                ("as_of", &as_of),
            ])?;
            py.import("guifan._api")?.getattr("_tier_input")?.call((), Some(&all))?.cast_into()?
        };
        let text = convert::to_json(input.as_any(), "")?;
        let input = match text.and_then(|text| Input::from_json(Op::Tier, &text)).map_err(|e| raise(py, &e, None))? {
            Input::Tier(input) => input,
            _ => return Err(PyValueError::new_err("not a tier input")),
        };
        let answer = inline(|| engine.tier(&input)).map_err(|e| raise(py, &e, None))?;
        Ok(results::PyTierResult::answered(answer, engine, input))
    })
}

fn calendar_error(py: Python<'_>) -> impl Fn(Error) -> PyErr + '_ {
    move |e| raise(py, &e, None)
}

/// Whether ``date`` (a ``date`` or ``YYYY-MM-DD``) is a working day of the calendar of ``engine``
/// (None: the default engine); a year without a known schedule raises ``CalendarYearUnknown``.
/// The scalar call notebooks make in loops: the core's calendar directly, no JSON contract.
#[pyfunction]
#[pyo3(signature = (date, engine = None))]
fn calendar_is_working_day(
    py: Python<'_>,
    date: &Bound<'_, PyAny>,
    engine: Option<PyRef<'_, PyEngine>>,
) -> PyResult<bool> {
    guard(py, || {
        let date = date_arg(date, "date")?;
        engine_of(engine).calendar().is_working_day(date).map_err(calendar_error(py))
    })
}

/// The `days`-th working day after a date (the date itself not counted).
#[pyfunction]
#[pyo3(signature = (date, days, engine = None))]
fn calendar_add_working_days<'py>(
    py: Python<'py>,
    date: &Bound<'py, PyAny>,
    days: &Bound<'py, PyAny>,
    engine: Option<PyRef<'_, PyEngine>>,
) -> PyResult<Bound<'py, PyAny>> {
    guard(py, || {
        let date = date_arg(date, "date")?;
        let days = match value_of(days, "days")? {
            Value::Number(n) if n.as_i64().is_some() => n.as_i64().unwrap_or_default(),
            other => {
                return Err(raise(py, &Error::invalid("days", other.to_string(), "expected a whole number"), None))
            }
        };
        let found = engine_of(engine).calendar().add_working_days(date, days).map_err(calendar_error(py))?;
        convert::py_date(py, found)
    })
}

/// Working days from `start` to `end`, both included.
#[pyfunction]
#[pyo3(signature = (start, end, engine = None))]
fn calendar_count_working_days(
    py: Python<'_>,
    start: &Bound<'_, PyAny>,
    end: &Bound<'_, PyAny>,
    engine: Option<PyRef<'_, PyEngine>>,
) -> PyResult<u32> {
    guard(py, || {
        let (from, to) = (date_arg(start, "from")?, date_arg(end, "to")?);
        engine_of(engine).calendar().count_working_days(from, to).map_err(calendar_error(py))
    })
}

/// The default engine as it is now (later loads do not change this snapshot).
#[pyfunction]
fn default_engine(py: Python<'_>) -> PyResult<PyEngine> {
    guard(py, || Ok(PyEngine { inner: current() }))
}

/// Adds or replaces years of the default engine's calendar from a calendar document (a dict, or
/// JSON text, in the format of the built-in data), or lays a layer on it; returns the years
/// loaded. A document with any problem changes nothing.
#[pyfunction]
fn load_calendar(py: Python<'_>, document: &Bound<'_, PyAny>) -> PyResult<Vec<i32>> {
    guard(py, || {
        let doc = Document::read(document, "calendar")?;
        let mut engine = DEFAULT_ENGINE.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut next = engine.calendar().clone();
        let loaded = doc.load_into(&mut next).map_err(|e| raise(py, &e, None))?;
        *engine = engine.with_calendar(next);
        Ok(loaded)
    })
}

/// Has the default engine answer years without a published schedule provisionally, or no
/// longer.
#[pyfunction]
fn set_provisional(py: Python<'_>, on: bool) -> PyResult<()> {
    guard(py, || {
        let mut engine = DEFAULT_ENGINE.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        *engine = engine.with_provisional(on);
        Ok(())
    })
}

/// The calendar document (the format `load_calendar` loads) read from the text of a State
/// Council notice, or of several notices for one year in publication order; every problem of
/// every text is raised at once (`invalid_input`, each in `problems`).
#[pyfunction]
fn calendar_from_notice<'py>(py: Python<'py>, text: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    guard(py, || {
        let texts: Vec<String> = match text.cast::<PyString>() {
            Ok(one) => vec![convert::text(one, "text").map_err(|e| raise(py, &e, None))?],
            Err(_) => {
                let items: Vec<Bound<'py, PyAny>> =
                    text.try_iter().and_then(|it| it.collect::<PyResult<Vec<_>>>()).map_err(|_| {
                        let found = text.get_type().name().map(|n| n.to_string()).unwrap_or_default();
                        raise(py, &Error::invalid("text", found, "expected a notice's text or a list of texts"), None)
                    })?;
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| {
                        let field = format!("text[{i}]");
                        let one = item.cast::<PyString>().map_err(|_| {
                            let found = item.get_type().name().map(|n| n.to_string()).unwrap_or_default();
                            raise(py, &Error::invalid(&field, found, "expected a notice's text"), None)
                        })?;
                        convert::text(one, &field).map_err(|e| raise(py, &e, None))
                    })
                    .collect::<PyResult<_>>()?
            }
        };
        if texts.is_empty() {
            return Err(raise(py, &Error::invalid("text", "[]", "expected a notice's text"), None));
        }
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let document = detached(py, || notice::calendar_document(&refs)).map_err(|e| raise(py, &e, None))?;
        py_of(py, &document)
    })
}

/// Puts the default engine's calendar back to the built-in schedule, provisional answers off.
#[pyfunction]
fn reset_calendar(py: Python<'_>) -> PyResult<()> {
    guard(py, || {
        let mut engine = DEFAULT_ENGINE.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        *engine = engine.with_calendar(Calendar::builtin());
        Ok(())
    })
}

/// The deadline rule id of a ticket kind and customer class in the pack in force on `on` (the
/// latest pack without a date).
#[pyfunction]
#[pyo3(signature = (incident, customer_class, on = None, engine = None))]
fn rule_for(
    py: Python<'_>,
    incident: &Bound<'_, PyString>,
    customer_class: &Bound<'_, PyString>,
    on: Option<&Bound<'_, PyAny>>,
    engine: Option<PyRef<'_, PyEngine>>,
) -> PyResult<String> {
    guard(py, || {
        let on = on.map(|d| date_arg(d, "on")).transpose()?;
        let engine = engine_of(engine);
        let found = convert::text(incident, "incident").and_then(|incident| {
            let incident = incident.parse()?;
            let class = convert::text(customer_class, "customer_class")?.parse()?;
            match on {
                Some(date) => engine.rule_for(incident, class, date),
                None => engine.latest().rule_for(incident, class),
            }
            .map(|rule| rule.id.to_string())
        });
        found.map_err(|e| raise(py, &e, None))
    })
}

/// The native module.
#[pymodule]
fn _guifan(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyEngine>()?;
    m.add_class::<ledger::PointsLedger>()?;
    m.add_class::<results::PyDeadline>()?;
    m.add_class::<results::PyTierResult>()?;
    m.add_class::<results::PyTicket>()?;
    m.add_class::<results::PyTicketTarget>()?;
    m.add_class::<explanation::PyDocument>()?;
    m.add_class::<explanation::PyRule>()?;
    m.add_class::<explanation::PyNoteStep>()?;
    m.add_class::<explanation::PyDayStep>()?;
    m.add_class::<explanation::PyExplanation>()?;
    record::add(m)?;
    m.add_function(wrap_pyfunction!(ticket, m)?)?;
    m.add_function(wrap_pyfunction!(tier, m)?)?;
    m.add_function(wrap_pyfunction!(deadline, m)?)?;
    m.add_function(wrap_pyfunction!(evaluate, m)?)?;
    m.add_function(wrap_pyfunction!(call, m)?)?;
    m.add_function(wrap_pyfunction!(result, m)?)?;
    m.add_function(wrap_pyfunction!(explain, m)?)?;
    m.add_function(wrap_pyfunction!(default_engine, m)?)?;
    m.add_function(wrap_pyfunction!(load_calendar, m)?)?;
    m.add_function(wrap_pyfunction!(reset_calendar, m)?)?;
    m.add_function(wrap_pyfunction!(set_provisional, m)?)?;
    m.add_function(wrap_pyfunction!(calendar_from_notice, m)?)?;
    m.add_function(wrap_pyfunction!(rule_for, m)?)?;
    m.add_function(wrap_pyfunction!(calendar_is_working_day, m)?)?;
    m.add_function(wrap_pyfunction!(calendar_add_working_days, m)?)?;
    m.add_function(wrap_pyfunction!(calendar_count_working_days, m)?)?;
    // An attribute only, outside `__all__` and the stubs: a hook for tests, not API.
    m.setattr("_panic_for_tests", wrap_pyfunction!(_panic_for_tests, m)?)?;
    // What unpickles a native result: an attribute only, like the hook above.
    m.setattr("_unpickle", wrap_pyfunction!(results::_unpickle, m)?)?;
    columns::register(m)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}

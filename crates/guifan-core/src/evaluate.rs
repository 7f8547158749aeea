//! The JSON `evaluate` contract of VECTORS.md: one request shape every surface accepts, mapped
//! onto the typed functions of an [`Engine`]. Errors come back as data, never as panics. The free
//! functions answer on the built-in engine; the methods ([`Engine::evaluate`] …) on any engine.
//!
//! A request is `{"op", "input", "explain"?}`; its input is read straight into the op's type
//! ([`crate::contract`]) and the answer is that op's result type, written as JSON. The fast path
//! is [`evaluate_str`]: text in, text out.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::Value;

use crate::contract::{
    by_op, Answer, CalendarDay, CalendarDocument, Catalogue, Dunning, ErrorResponse, Input, Op, Params, Punctuality,
    RuleEntry, RulesAnswer, WorkingDate, WorkingDayCount,
};
use crate::contract::{
    AddWorkingDaysInput, CalendarDayInput, CountWorkingDaysInput, CutoverInput, DeadlineInput, DunningInput,
    FromNoticeInput, NotifyInput, PointsMergeInput, PointsRedeemInput, PunctualityInput, ReviewInput, RulesInput,
    StatusInput, TicketInput, TierInput, VisitInput,
};
use crate::de::Text;
use crate::engine::{builtin, Engine};
use crate::explain::{Explanation, Trace};
use crate::json::{self, At};
use crate::pack::{Pack, PackRef};
use crate::time::format_date;
use crate::{points, Error};

/// One `evaluate` request: an op with its input, and whether to add an `explanation` (rules
/// with their words, and the steps) to the output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// The op and its input.
    pub input: Input,
    /// Whether to add an `explanation` to the output.
    pub explain: bool,
}

impl Request {
    /// A request without explanation.
    pub fn new(input: Input) -> Self {
        Request { input, explain: false }
    }

    /// The op asked for.
    pub fn op(&self) -> Op {
        self.input.op()
    }

    /// Reads a request from JSON text: `{"op", "input", "explain"}` and nothing else; `input`
    /// may be absent (an empty object). A refused text is read a second time for the error the
    /// contract gives: a key given twice (`input.arrears_count`), then the request's own fields,
    /// then an unknown op, then the input's first fault at its path inside `input`.
    ///
    /// ```
    /// use guifan_core::evaluate::Request;
    /// let e = Request::from_json(r#"{"op": "dunning", "input": {"arrears_count": -1}}"#).unwrap_err();
    /// assert_eq!((e.kind(), e.field(), e.value().as_deref()), ("negative_amount", Some("arrears_count"), Some("-1")));
    /// ```
    pub fn from_json(text: &str) -> Result<Request, Error> {
        json::tracked(text, |d| <Request as serde::Deserialize>::deserialize(d)).or_else(|_| careful(text))
    }

    /// [`Request::from_json`] on raw bytes: bytes that are not UTF-8 are no JSON either.
    pub fn from_slice(bytes: &[u8]) -> Result<Request, Error> {
        core::str::from_utf8(bytes).map_err(|e| json::not_json(bytes, e)).and_then(Request::from_json)
    }
}

/// Reads the request as written: `op`, `input` (either order), `explain`. Used through
/// [`Request::from_json`], which gives the contract's errors.
impl<'de> serde::Deserialize<'de> for Request {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(Envelope)
    }
}

struct Envelope;

/// Reads the input of an op.
struct InputOf(Op);

impl<'de> DeserializeSeed<'de> for InputOf {
    type Value = Input;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Input, D::Error> {
        by_op!(self.0, T => <T as serde::Deserialize>::deserialize(d))
    }
}

const ENVELOPE: &[&str] = &["op", "input", "explain"];

impl<'de> Visitor<'de> for Envelope {
    type Value = Request;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Request, A::Error> {
        let (mut op, mut input, mut explain) = (None, None, None);
        // An input written before its op waits, as text, for the op.
        let mut pending: Option<&'de RawValue> = None;
        while let Some(Text(key)) = map.next_key()? {
            match key.as_ref() {
                "op" if op.is_none() => {
                    let Text(name) = map.next_value()?;
                    op = Some(Op::named(&name).map_err(de::Error::custom)?);
                }
                "input" if input.is_none() && pending.is_none() => match op {
                    Some(op) => input = Some(map.next_value_seed(InputOf(op))?),
                    None => pending = Some(map.next_value()?),
                },
                "explain" if explain.is_none() => explain = Some(map.next_value::<Option<bool>>()?.unwrap_or(false)),
                "op" | "input" | "explain" => return Err(de::Error::custom(format_args!("{key:?} given twice"))),
                other => return Err(de::Error::unknown_field(other, ENVELOPE)),
            }
        }
        let op = op.ok_or_else(|| de::Error::missing_field("op"))?;
        let input = match input {
            Some(input) => input,
            None => {
                let text = pending.map_or("{}", RawValue::get);
                json::tracked(text, |d| InputOf(op).deserialize(d)).map_err(|e| de::Error::custom(e.into_inner()))?
            }
        };
        Ok(Request { input, explain: explain.unwrap_or(false) })
    }
}

/// The request's parts as written, for reading a refused request again.
#[derive(Default)]
struct Parts<'a> {
    op: Option<&'a RawValue>,
    input: Option<&'a RawValue>,
    explain: Option<&'a RawValue>,
    /// The first key that is not one of the request's.
    unknown: Option<(String, &'a RawValue)>,
}

impl<'de> serde::Deserialize<'de> for Parts<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Each;
        impl<'de> Visitor<'de> for Each {
            type Value = Parts<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Parts<'de>, A::Error> {
                let mut parts = Parts::default();
                while let Some(Text(key)) = map.next_key()? {
                    let value: &RawValue = map.next_value()?;
                    match key.as_ref() {
                        "op" => parts.op = Some(value),
                        "input" => parts.input = Some(value),
                        "explain" => parts.explain = Some(value),
                        _ if parts.unknown.is_none() => parts.unknown = Some((key.into_owned(), value)),
                        _ => {}
                    }
                }
                Ok(parts)
            }
        }
        d.deserialize_map(Each)
    }
}

/// Reads a request refused by the fast reader, checking in the contract's order.
fn careful(text: &str) -> Result<Request, Error> {
    if let Some(e) = json::unreadable(text, "") {
        return Err(e);
    }
    let parts: Parts<'_> = json::read_part(text, At::new("", "request"))?;
    let op = parts.op.ok_or_else(|| Error::invalid("op", "missing", "required: a string"))?;
    let Text(name) = json::read_part(op.get(), At::new("op", "op").within(text))?;
    let explain = match parts.explain {
        Some(raw) => json::read_part::<Option<bool>>(raw.get(), At::new("explain", "explain").within(text))?,
        None => None,
    };
    if let Some((key, raw)) = parts.unknown {
        let why = format!("unknown field; accepted: {}", ENVELOPE.join(", "));
        return Err(Error::invalid(json::child("", &key), json::shown(raw.get()), why));
    }
    let op = Op::named(&name)?;
    let at = At::new("", "input").within(text);
    let input_text = parts.input.map_or("{}", RawValue::get);
    let input = by_op!(op, T => json::read_part::<T>(input_text, at))?;
    Ok(Request { input, explain: explain.unwrap_or(false) })
}

/// What an op answered, with its explanation when one was asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Output {
    /// The op's result.
    pub answer: Answer,
    /// The rules and steps behind it, when the request asked.
    pub explanation: Option<Explanation>,
    /// The rule the op names when its result does not ([`Op::rule`]).
    rule: Option<&'static str>,
    /// Whether the answer rests on provisional years (INTERP.PROVISIONAL).
    provisional: bool,
}

impl Output {
    /// The rule the op names when its result does not ([`Op::rule`]); `None` when the result
    /// names its own.
    pub fn rule(&self) -> Option<&'static str> {
        self.rule
    }
}

impl serde::Serialize for Output {
    /// The result's fields, then `rule` for ops whose result names none, then `explanation`.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(serde::Serialize)]
        struct Wire<'a> {
            #[serde(flatten)]
            answer: &'a Answer,
            #[serde(skip_serializing_if = "Option::is_none")]
            rule: Option<&'static str>,
            #[serde(skip_serializing_if = "core::ops::Not::not")]
            provisional: bool,
            #[serde(skip_serializing_if = "Option::is_none")]
            explanation: Option<&'a Explanation>,
        }
        let wire = Wire {
            answer: &self.answer,
            rule: self.rule,
            provisional: self.provisional,
            explanation: self.explanation.as_ref(),
        };
        wire.serialize(s)
    }
}

/// The answer to a request: the op's output, or an error.
#[derive(Clone, Debug, PartialEq, Eq)]
// Built once per request and written out: a large `Ok` costs one move, a box an allocation.
#[allow(clippy::large_enum_variant)]
pub enum Response {
    /// The output.
    Ok(Output),
    /// What went wrong.
    Err(Error),
}

impl Response {
    /// The JSON text: the output, or `{"error": {"kind", "message", "field", "value"}}`.
    pub fn to_json(&self) -> String {
        match self {
            Response::Ok(out) => serde_json::to_string(out).unwrap_or_else(|e| error_json(&output_failed(e))),
            Response::Err(e) => error_json(e),
        }
    }

    /// The JSON value of [`Response::to_json`], for callers that look into it. Its numbers are
    /// whole (amounts are strings), so nothing is lost.
    pub fn to_value(&self) -> Value {
        match self {
            Response::Ok(out) => serde_json::to_value(out).unwrap_or_else(|e| error_value(&output_failed(e))),
            Response::Err(e) => error_value(e),
        }
    }
}

impl serde::Serialize for Response {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Response::Ok(out) => out.serialize(s),
            Response::Err(e) => ErrorResponse { error: e.into() }.serialize(s),
        }
    }
}

fn output_failed(e: serde_json::Error) -> Error {
    Error::Internal { message: format!("an output could not be written: {e}") }
}

/// The JSON form of an error; an invalid rule pack adds its `problems`.
pub fn error_value(e: &Error) -> Value {
    serde_json::to_value(ErrorResponse { error: e.into() }).unwrap_or(Value::Null)
}

/// The JSON text of an error, as [`error_value`] gives it.
pub fn error_json(e: &Error) -> String {
    serde_json::to_string(&ErrorResponse { error: e.into() }).unwrap_or_default()
}

/// The names of every op of the contract.
pub fn ops() -> impl Iterator<Item = &'static str> {
    Op::keys()
}

/// Answers a request on the built-in engine (a `static`: nothing is built per call); run one
/// on other packs or calendars with [`Engine::evaluate`].
///
/// ```
/// use guifan_core::evaluate::{evaluate, Request};
/// let req = Request::from_json(r#"{"op": "deadline", "input": {"rule": "SLA.COMPLAINT.ORDINARY", "start": "2025-09-30T10:00:00+08:00"}}"#).unwrap();
/// let out = evaluate(&req).to_value();
/// assert_eq!(out["due"], "2025-10-12T00:00:00+08:00");
/// assert_eq!(out["clock"], "working_days");
/// assert_eq!(out["pack"]["version"], "2026.1");
/// ```
pub fn evaluate(request: &Request) -> Response {
    builtin().evaluate(request)
}

/// [`Engine::evaluate_str`] on the built-in engine.
pub fn evaluate_str(request: &str) -> String {
    builtin().evaluate_str(request)
}

impl Engine {
    /// Answers a request on this engine's packs and calendar.
    ///
    /// ```
    /// use guifan_core::{calendar::Calendar, engine::Engine, evaluate::Request};
    /// let mut calendar = Calendar::builtin();
    /// calendar.load_json(r#"{"years": {"2027": {"holidays": [], "makeup_workdays": []}}}"#).unwrap();
    /// let engine = Engine::builtin().with_calendar(calendar);
    /// let request = Request::from_json(r#"{"op": "calendar.day", "input": {"date": "2027-01-04"}}"#).unwrap();
    /// assert_eq!(engine.evaluate(&request).to_value()["working_day"], true);
    /// ```
    pub fn evaluate(&self, request: &Request) -> Response {
        let mut trace = if request.explain { Trace::on() } else { Trace::off() };
        match run(self, &request.input, &mut trace) {
            Ok(answer) => {
                let provisional = !answer.provisional_years().is_empty();
                let explanation = request.explain.then(|| trace.finish());
                Response::Ok(Output { answer, explanation, rule: request.op().rule(), provisional })
            }
            Err(e) => Response::Err(e),
        }
    }

    /// Reads and answers one JSON request text, answering JSON text: the output, or the error
    /// (a malformed request too) as `{"error": …}`.
    pub fn evaluate_str(&self, request: &str) -> String {
        match Request::from_json(request) {
            Ok(r) => self.evaluate(&r).to_json(),
            Err(e) => error_json(&e),
        }
    }
}

/// Parses JSON text or raw bytes into a [`Value`], for callers that take JSON apart themselves
/// (batch arguments, a file of requests); anything that is not JSON (invalid UTF-8 included) is
/// an `invalid_input` quoting its start, and a key given twice in one object is one at the key's
/// path (`[3].input.arrears_count`). A `Value` holds numbers as serde_json reads them (whole ones
/// exactly, others as binary floats): read amounts from the text ([`Request::from_json`],
/// [`from_json`]), never from a `Value`.
pub fn parse_json(bytes: impl AsRef<[u8]>) -> Result<Value, Error> {
    let bytes = bytes.as_ref();
    let text = core::str::from_utf8(bytes).map_err(|e| json::not_json(bytes, e))?;
    if let Some(e) = json::unreadable(text, "") {
        return Err(e);
    }
    serde_json::from_str(text).map_err(|e| json::not_json(bytes, e))
}

/// Reads a number of points (a whole number, not negative) from JSON text, as a lot's `points`
/// is read, with errors at `points`.
pub fn points_from_json(text: &str) -> Result<u64, Error> {
    #[derive(serde::Deserialize)]
    struct Points(#[serde(deserialize_with = "crate::money::counted")] u64);
    from_json::<Points>(text, "points").map(|p| p.0)
}

/// Reads a value of the contract (`Vec<Lot>`, `Vec<Account>` …) from JSON text with the
/// contract's errors, at paths inside `field` (`lots[2].points`).
///
/// ```
/// use guifan_core::{evaluate::from_json, points::Lot};
/// let e = from_json::<Vec<Lot>>(r#"[{"id": "a", "points": -1, "earned_on": "2025-01-01"}]"#, "lots").unwrap_err();
/// assert_eq!((e.kind(), e.field()), ("negative_amount", Some("lots[0].points")));
/// ```
pub fn from_json<'a, T: serde::Deserialize<'a>>(text: &'a str, field: &str) -> Result<T, Error> {
    json::read(text, At::new(field, field))
}

fn run(engine: &Engine, input: &Input, trace: &mut Trace) -> Result<Answer, Error> {
    Ok(match input {
        Input::Tier(i) => Answer::Tier(engine.tier_traced(i, trace)?),
        Input::Review(r) => Answer::Review(review(engine, r, trace)?),
        Input::Status(s) => Answer::Status(engine.status_traced(s, trace)?),
        Input::PointsMerge(m) => Answer::PointsMerge(merge(m, trace)?),
        Input::PointsRedeem(r) => {
            Answer::PointsRedeem(points::redeem_traced(&r.lots, r.as_of, r.points, r.frozen, trace)?)
        }
        Input::Deadline(d) => Answer::Deadline(engine.deadline_traced(d, trace)?),
        Input::Ticket(t) => Answer::Ticket(engine.ticket_traced(t, trace)?),
        Input::CalendarDay(d) => Answer::CalendarDay(calendar_day(engine, d, trace)?),
        Input::CountWorkingDays(c) => Answer::CountWorkingDays(count_working_days(engine, c, trace)?),
        Input::AddWorkingDays(a) => Answer::AddWorkingDays(add_working_days(engine, a, trace)?),
        Input::FromNotice(n) => Answer::FromNotice(from_notice(n, trace)?),
        Input::Notify(n) => Answer::Notify(notify(engine, n, trace)?),
        Input::Visit(v) => Answer::Visit(engine.visit_traced(v.at, &v.region, v.booked, trace)?),
        Input::Cutover(c) => Answer::Cutover(engine.cutover_traced(c.start, c.outage_hours, c.key_customers, trace)?),
        Input::Dunning(d) => {
            Answer::Dunning(Dunning { voice_allowed: engine.voice_allowed_traced(d.arrears_count, trace)? })
        }
        Input::Punctuality(p) => Answer::Punctuality(punctuality(engine, p, trace)?),
        Input::Rules(r) => Answer::Rules(rules(engine, r)?),
    })
}

fn review(engine: &Engine, r: &ReviewInput, trace: &mut Trace) -> Result<crate::tier::Review, Error> {
    engine.review_traced(r.previous_tier, &r.current, r.approved.as_ref(), trace)
}

fn merge(m: &PointsMergeInput, trace: &mut Trace) -> Result<crate::points::Merged, Error> {
    let merged = points::merge(&m.customer_id, m.as_of, &m.accounts)?;
    points::trace_balance(&merged, m.as_of, trace);
    Ok(merged)
}

fn calendar_day(engine: &Engine, d: &CalendarDayInput, trace: &mut Trace) -> Result<CalendarDay, Error> {
    let calendar = engine.calendar();
    let day = calendar.day(d.date)?;
    trace.cite("INTERP.UNITS");
    trace.cite("INTERP.CALENDAR");
    trace.day(&day, day.is_working_day(), false);
    let provisional_years = calendar.provisional_years(day.date, day.date);
    trace.provisional(&provisional_years);
    Ok(CalendarDay::of(&day, provisional_years))
}

fn count_working_days(engine: &Engine, c: &CountWorkingDaysInput, trace: &mut Trace) -> Result<WorkingDayCount, Error> {
    trace.cite("INTERP.CALENDAR");
    let count = engine.calendar().count_working_days(c.from, c.to)?;
    trace.note(|| format!("{count} working days from {} to {}, both included", format_date(c.from), format_date(c.to)));
    let provisional_years = engine.calendar().provisional_years(c.from, c.to);
    trace.provisional(&provisional_years);
    Ok(WorkingDayCount { count, provisional_years })
}

fn add_working_days(engine: &Engine, a: &AddWorkingDaysInput, trace: &mut Trace) -> Result<WorkingDate, Error> {
    trace.cite("INTERP.PERIODS");
    trace.cite("INTERP.CALENDAR");
    let date = engine.calendar().add_working_days(a.date, a.days)?;
    trace.note(|| {
        format!(
            "working day {} after {} (the start day not counted) is {}",
            a.days,
            format_date(a.date),
            format_date(date)
        )
    });
    // The days counted: after the start (before it, counting back) up to the result.
    let first = if a.days > 0 { a.date.succ_opt() } else { a.date.pred_opt() };
    let provisional_years = match first {
        Some(first) if a.days != 0 => engine.calendar().provisional_years(first, date),
        _ => Vec::new(),
    };
    trace.provisional(&provisional_years);
    Ok(WorkingDate { date, provisional_years })
}

/// A calendar document from the State Council's notices (the output is the document itself,
/// ready for `load_calendar` / `--calendar`; no `rule`).
fn from_notice(n: &FromNoticeInput, trace: &mut Trace) -> Result<CalendarDocument, Error> {
    trace.cite("INTERP.CALENDAR");
    let texts: Vec<&str> = n.text.iter().map(String::as_str).collect();
    crate::calendar::notice::calendar_document(&texts).map(CalendarDocument)
}

fn notify(engine: &Engine, n: &NotifyInput, trace: &mut Trace) -> Result<crate::window::Notify, Error> {
    engine.notify_traced(n.at, &n.region, trace)
}

fn punctuality(engine: &Engine, p: &PunctualityInput, trace: &mut Trace) -> Result<Punctuality, Error> {
    let on_time = engine.on_time_traced(p.agreed, p.arrived, trace)?;
    Ok(Punctuality { on_time, deviation_seconds: p.arrived.signed_duration_since(p.agreed).num_seconds() })
}

fn entry(pack: &Pack, rule: crate::rules::Rule) -> RuleEntry {
    let params = Params(pack.params(&rule.id));
    RuleEntry { rule, params }
}

/// The catalogue as the pack in force on `as_of` (the latest without one) cites it.
fn rules(engine: &Engine, r: &RulesInput) -> Result<RulesAnswer, Error> {
    let pack = engine.pack_for("as_of", r.as_of)?;
    match &r.id {
        Some(id) => pack.rule(id).map(|rule| RulesAnswer::One(entry(pack, rule))).ok_or_else(|| {
            let accepted: Vec<String> = pack.catalogue().into_iter().map(|r| r.id.to_string()).collect();
            Error::UnknownRule { field: "id".into(), rule: id.clone(), accepted: accepted.join(", ") }
        }),
        None => {
            let rules = pack.catalogue().into_iter().map(|rule| entry(pack, rule)).collect();
            Ok(RulesAnswer::All(Catalogue { rules, pack: PackRef::from(&pack.info) }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The error `evaluate_str` answers, as (kind, field, value).
    fn error(text: &str) -> (String, String, String) {
        let out: Value = serde_json::from_str(&evaluate_str(text)).unwrap();
        let e = &out["error"];
        let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
        (text(&e["kind"]), text(&e["field"]), text(&e["value"]))
    }

    fn triple(kind: &str, field: &str, value: &str) -> (String, String, String) {
        (kind.into(), field.into(), value.into())
    }

    #[test]
    fn requests_read_in_either_order() {
        let a = Request::from_json(r#"{"op": "dunning", "input": {"arrears_count": 2}, "explain": true}"#).unwrap();
        let b = Request::from_json(r#"{"explain": true, "input": {"arrears_count": 2}, "op": "dunning"}"#).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.input, Input::Dunning(DunningInput { arrears_count: 2 }));
        let none = Request::from_json(r#"{"op": "rules"}"#).unwrap();
        assert_eq!(none.input, Input::Rules(RulesInput { id: None, as_of: None }));
    }

    #[test]
    fn errors_name_the_field_and_the_value_as_written() {
        let cases = [
            (
                r#"{"op":"dunning","input":{"arrears_count":-1,"arrears_count":2}}"#,
                triple("invalid_input", "input.arrears_count", "2"),
            ),
            (r#"{"op":"notify","op":"dunning","input":{}}"#, triple("invalid_input", "op", "dunning")),
            (r#"{"input":{}}"#, triple("invalid_input", "op", "missing")),
            (r#"{"op":5}"#, triple("invalid_input", "op", "5")),
            (r#"[1, 2]"#, triple("invalid_input", "request", "[1,2]")),
            (
                r#"{"op":"dunning","input":{"arrears_count":2},"id":{"a": 1.50}}"#,
                triple("invalid_input", "id", r#"{"a":1.50}"#),
            ),
            (r#"{"op":"deadlines","input":{}}"#, triple("unknown_op", "op", "deadlines")),
            (r#"{"op":"dunning","input":[2]}"#, triple("invalid_input", "input", "[2]")),
            (r#"{"op":"dunning","input":null}"#, triple("invalid_input", "input", "null")),
            (r#"{"op":"dunning","input":{"arrears_count":2.50}}"#, triple("invalid_input", "arrears_count", "2.50")),
            (r#"{"op":"dunning","input":{"arrears_count":1e400}}"#, triple("invalid_input", "arrears_count", "1e400")),
            (r#"{"op":"dunning","input":{"arrears_count":"2"}}"#, triple("invalid_input", "arrears_count", "2")),
            (r#"{"op":"dunning","input":{"arrears_count":null}}"#, triple("invalid_input", "arrears_count", "missing")),
            (
                r#"{"op":"dunning","input":{"arrears_count":4294967296}}"#,
                triple("invalid_input", "arrears_count", "4294967296"),
            ),
            (
                r#"{"op":"tier","input":{"customer":{"brand":"e_home","annual_spend":"-0.010"}}}"#,
                triple("negative_amount", "customer.annual_spend", "-0.01"),
            ),
            (
                r#"{"op":"tier","input":{"customer":{"brand":"e_home","annual_spend":{"v":1}}}}"#,
                triple("invalid_input", "customer.annual_spend", r#"{"v":1}"#),
            ),
            (
                r#"{"op":"tier","input":{"customer":{"kind":"enterprise","annual_revenue":1,"annual_spend":1e3}}}"#,
                triple("invalid_input", "customer.annual_spend", "1e3"),
            ),
            (
                r#"{"op":"tier","input":{"customer":{"brand":"e_home","annual_spend":"1","annual.spend":"2"}}}"#,
                triple("invalid_input", r#"customer["annual.spend"]"#, "2"),
            ),
            (
                r#"{"op":"tier","input":{"customer":{"brand":"e_home"}}}"#,
                triple("invalid_input", "customer.annual_spend", "missing"),
            ),
            (
                r#"{"op":"tier","input":{"customer":{"kind":"company"}}}"#,
                triple("invalid_input", "customer.kind", "company"),
            ),
            (r#"{"op":"tier","input":{"customer":null}}"#, triple("invalid_input", "customer", "missing")),
            (
                r#"{"op":"tier","input":{"customer":{"brand":"e_home","annual_spend":1},"rating_year":-3}}"#,
                triple("negative_amount", "rating_year", "-3"),
            ),
            (
                r#"{"op":"status","input":{"as_of":"2025-06-01","lines":[{"id":"a"},{"id":"b","arrears_since":"2025-02-30"}]}}"#,
                triple("invalid_input", "lines[1].arrears_since", "2025-02-30"),
            ),
            (
                r#"{"op":"status","input":{"as_of":"2025-06-01","lines":[{"id":"a"},{"id":"b","id":"c"}]}}"#,
                triple("invalid_input", "input.lines[1].id", "c"),
            ),
            (
                r#"{"op":"deadline","input":{"rule":"SLA.COMPLAINT.ORDINARY","start":"2025-09-30T10:00:00+08:00","strat":"x"}}"#,
                triple("invalid_input", "strat", "x"),
            ),
            (
                r#"{"op":"deadline","input":{"rule":"SLA.COMPLAINT.ORDINARY","start":"2025-09-30T10:00:00+08:00","amount":3}}"#,
                triple("invalid_input", "amount", "3"),
            ),
            (
                r#"{"op":"deadline","input":{"clock":"working_days","amount":-1,"start":"2025-09-30T10:00"}}"#,
                triple("negative_amount", "amount", "-1"),
            ),
            (
                r#"{"op":"deadline","input":{"clock":"day_end","amount":1,"start":"2025-09-30T10:00"}}"#,
                triple("invalid_input", "clock", "day_end"),
            ),
            (r#"{"op":"deadline","input":{"start":"2025-09-30T10:00"}}"#, triple("invalid_input", "rule", "missing")),
            (
                r#"{"op":"cutover","input":{"start":"2025-06-10T01:00","outage_hours":"2","key_customers":"false"}}"#,
                triple("invalid_input", "key_customers", "false"),
            ),
            (
                r#"{"op":"rules","input":{"id":"\ud800"}}"#,
                triple("invalid_input", "request", r#"{"op":"rules","input":{"id":"\ud800"}}"#),
            ),
            (r#"{"op":"dunning","#, triple("invalid_input", "request", r#"{"op":"dunning","#)),
        ];
        for (text, want) in cases {
            assert_eq!(error(text), want, "{text}");
        }
    }

    #[test]
    fn the_fast_and_the_careful_reader_agree() {
        let texts = [
            r#"{"op": "tier", "input": {"customer": {"kind": "government", "rank": "bureau"}, "as_of": null}}"#,
            r#"{"input": {"lots": [{"id": "a", "points": 5, "earned_on": "2025-01-01", "kind": null}], "as_of": "2025-06-01", "points": 2}, "op": "points.redeem"}"#,
            r#"{"op": "visit", "input": {"at": "2025-03-03T21:30", "booked": "2025-03-03T10:00Z", "region": "default"}}"#,
        ];
        for text in texts {
            assert_eq!(serde_json::from_str::<Request>(text).unwrap(), careful(text).unwrap(), "{text}");
        }
    }

    #[test]
    fn answers_are_text() {
        let out = evaluate_str(r#"{"op": "dunning", "input": {"arrears_count": 2}}"#);
        assert_eq!(out, r#"{"voice_allowed":true,"rule":"DUNNING.CHANNEL"}"#);
        let out = evaluate_str(r#"{"op": "dunning", "input": {"arrears_count": 0}}"#);
        assert!(out.starts_with(r#"{"error":{"kind":"invalid_input","message":"#), "{out}");
    }
}

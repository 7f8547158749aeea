//! The JSON `evaluate` contract of VECTORS.md: one request shape every surface accepts, mapped
//! onto the typed functions of an [`Engine`]. Errors come back as data, never as panics. The free
//! functions answer on the built-in engine; the methods ([`Engine::evaluate`] …) on any engine.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{json, Map, Value};

use crate::calendar::DayKind;
use crate::deadline::{Area, Basis, Clock, DeadlineInput};
use crate::engine::{builtin, Engine};
use crate::explain::Trace;
use crate::pack::{PackInfo, Text};
use crate::points::{Account, Lot};
use crate::status::{Line, StatusInput};
use crate::tier::{Customer, Override, Package, Tier, TierInput};
use crate::time::{format_date, format_instant, from_beijing, to_beijing};
use crate::window::Region;
use crate::{points, Error};

use crate::json::Fields;

/// One `evaluate` request: `{"op": ..., "input": {...}}`, optionally `"explain": true` to add
/// an `explanation` (rules with their words, and the steps) to the output.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    /// The operation, e.g. `deadline`.
    pub op: String,
    /// Its input object.
    pub input: Value,
    /// Whether to add an `explanation` to the output.
    pub explain: bool,
}

impl Request {
    /// A request without explanation.
    pub fn new(op: impl Into<String>, input: Value) -> Self {
        Request { op: op.into(), input, explain: false }
    }

    /// Reads a request object, refusing anything but `op`, `input` and `explain`.
    pub fn from_value(value: &Value) -> Result<Self, Error> {
        let (op, explain) = Self::header(value)?;
        let input = value.get("input").cloned().unwrap_or_else(|| Value::Object(Map::new()));
        Ok(Request { op, input, explain })
    }

    /// [`Request::from_value`] on a value it owns: `input` is moved out, not copied (for a
    /// request read from text, copying it was most of the cost of answering).
    fn from_owned(mut value: Value) -> Result<Self, Error> {
        let (op, explain) = Self::header(&value)?;
        let input = value.as_object_mut().and_then(|m| m.remove("input"));
        Ok(Request { op, input: input.unwrap_or_else(|| Value::Object(Map::new())), explain })
    }

    /// The `op` and `explain` of a request object whose keys are all known.
    fn header(value: &Value) -> Result<(String, bool), Error> {
        let mut f = Fields::new(value, String::new()).map_err(|e| e.at("request"))?;
        let op = f.str("op")?.to_string();
        f.get("input");
        let explain = f.flag("explain")?;
        f.finish()?;
        Ok((op, explain))
    }
}

/// The answer to a request: the op's output object, or an error.
#[derive(Clone, Debug, PartialEq)]
pub enum Response {
    /// The output object.
    Ok(Value),
    /// What went wrong.
    Err(Error),
}

impl Response {
    /// The JSON form: the output, or `{"error": {"kind", "message", "field", "value"}}`.
    pub fn to_value(&self) -> Value {
        match self {
            Response::Ok(v) => v.clone(),
            Response::Err(e) => error_value(e),
        }
    }

    /// [`Response::to_value`] without copying the output.
    pub fn into_value(self) -> Value {
        match self {
            Response::Ok(v) => v,
            Response::Err(e) => error_value(&e),
        }
    }
}

/// The JSON form of an error; an invalid rule pack adds its `problems`.
pub fn error_value(e: &Error) -> Value {
    let mut v = json!({"error": {"kind": e.kind(), "message": e.to_string(), "field": e.field(), "value": e.value()}});
    if !e.problems().is_empty() {
        v["error"]["problems"] = json!(e.problems());
    }
    v
}

impl serde::Serialize for Response {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_value().serialize(s)
    }
}

type Op = fn(&Engine, &mut Fields<'_>, &mut Trace) -> Result<Value, Error>;

/// The names of every op of the contract.
pub fn ops() -> impl Iterator<Item = &'static str> {
    OPS.iter().map(|(name, ..)| *name)
}

/// Every op, with the rule its output names when the op does not name one itself.
const OPS: &[(&str, Op, Option<&str>)] = &[
    ("tier", op_tier, None),
    ("review", op_review, None),
    ("status", op_status, None),
    ("points.merge", op_points_merge, Some("POINTS.MERGE")),
    ("points.redeem", op_points_redeem, Some("POINTS.REDEEM_ORDER")),
    ("deadline", op_deadline, None),
    ("calendar.day", op_calendar_day, Some("INTERP.CALENDAR")),
    ("calendar.count_working_days", op_count_working_days, Some("INTERP.CALENDAR")),
    ("calendar.add_working_days", op_add_working_days, Some("INTERP.CALENDAR")),
    ("calendar.from_notice", op_from_notice, None),
    ("notify", op_notify, Some("NOTIFY.WINDOW")),
    ("visit", op_visit, Some("VISIT.WINDOW")),
    ("cutover", op_cutover, Some("SLA.CUTOVER")),
    ("dunning", op_dunning, Some("DUNNING.CHANNEL")),
    ("punctuality", op_punctuality, Some("SLA.APPOINTMENT.PUNCTUAL")),
    ("rules", op_rules, None),
];

/// Answers a request on the built-in engine (a `static`: nothing is built per call); run one
/// on other packs or calendars with [`Engine::evaluate`].
///
/// ```
/// use guifan_core::evaluate::{evaluate, Request};
/// use serde_json::json;
/// let req = Request::new("deadline", json!({"rule": "SLA.COMPLAINT.ORDINARY", "start": "2025-09-30T10:00:00+08:00"}));
/// let out = evaluate(&req).to_value();
/// assert_eq!(out["due"], "2025-10-12T00:00:00+08:00");
/// assert_eq!(out["clock"], "working_days");
/// assert_eq!(out["pack"]["version"], "2026.1");
/// ```
pub fn evaluate(request: &Request) -> Response {
    builtin().evaluate(request)
}

/// [`Engine::evaluate_value`] on the built-in engine.
pub fn evaluate_value(request: &Value) -> Value {
    builtin().evaluate_value(request)
}

/// [`Engine::evaluate_str`] on the built-in engine.
pub fn evaluate_str(request: &str) -> Value {
    builtin().evaluate_str(request)
}

impl Engine {
    /// Answers a request on this engine's packs and calendar.
    ///
    /// ```
    /// use guifan_core::{calendar::Calendar, engine::Engine, evaluate::Request};
    /// use serde_json::json;
    /// let mut calendar = Calendar::builtin();
    /// calendar.load_json(r#"{"years": {"2027": {"holidays": [], "makeup_workdays": []}}}"#).unwrap();
    /// let engine = Engine::builtin().with_calendar(calendar);
    /// let out = engine.evaluate(&Request::new("calendar.day", json!({"date": "2027-01-04"}))).to_value();
    /// assert_eq!(out["working_day"], true);
    /// ```
    pub fn evaluate(&self, request: &Request) -> Response {
        match run(self, request) {
            Ok(v) => Response::Ok(v),
            Err(e) => Response::Err(e),
        }
    }

    /// Reads and answers one JSON request value; errors (a malformed request too) are data.
    pub fn evaluate_value(&self, request: &Value) -> Value {
        match Request::from_value(request) {
            Ok(r) => self.evaluate(&r).into_value(),
            Err(e) => error_value(&e),
        }
    }

    /// Parses and answers one JSON request text.
    pub fn evaluate_str(&self, request: &str) -> Value {
        match parse_json(request).and_then(Request::from_owned) {
            Ok(r) => self.evaluate(&r).into_value(),
            Err(e) => error_value(&e),
        }
    }
}

/// Parses JSON text or raw bytes; anything that is not JSON (invalid UTF-8 included) is an
/// `invalid_input` quoting its start, and a key given twice in one object is one at the key's
/// path (`input.arrears_count`).
pub fn parse_json(bytes: impl AsRef<[u8]>) -> Result<Value, Error> {
    let bytes = bytes.as_ref();
    let parsed = crate::json::parse(bytes).map_err(|e| {
        let start: String = String::from_utf8_lossy(bytes).chars().take(60).collect();
        Error::invalid("request", start, format!("not valid JSON: {e}"))
    })?;
    match parsed.duplicates.into_iter().next() {
        Some(e) => Err(e),
        None => Ok(parsed.value),
    }
}

fn run(engine: &Engine, request: &Request) -> Result<Value, Error> {
    let (_, op, rule) = OPS.iter().find(|(name, ..)| *name == request.op).ok_or_else(|| {
        let names: Vec<&str> = ops().collect();
        Error::UnknownOp { op: request.op.clone(), accepted: names.join(", ") }
    })?;
    let mut fields = Fields::new(&request.input, String::new())?;
    let mut trace = if request.explain { Trace::on() } else { Trace::off() };
    let mut out = op(engine, &mut fields, &mut trace)?;
    fields.finish()?;
    if let (Value::Object(map), Some(rule)) = (&mut out, rule) {
        map.insert("rule".into(), (*rule).into());
    }
    if request.explain {
        if let Value::Object(map) = &mut out {
            let explanation =
                serde_json::to_value(trace.finish()).map_err(|e| Error::invalid("explain", "true", e.to_string()))?;
            map.insert("explanation".into(), explanation);
        }
    }
    Ok(out)
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<Value, Error> {
    serde_json::to_value(value).map_err(|e| Error::invalid("output", "", e.to_string()))
}

/// The pack a result came from, as outputs name it.
fn pack_json(pack: &PackInfo) -> Value {
    json!({ "name": pack.name, "version": pack.version })
}

fn tier_input(f: &mut Fields<'_>) -> Result<TierInput, Error> {
    let mut c = f.object("customer")?;
    let kind = c.opt_str("kind")?.unwrap_or("personal");
    let customer = match kind {
        "personal" => Customer::Personal { brand: c.key("brand")?, annual_spend: c.money("annual_spend")? },
        "enterprise" => Customer::Enterprise { annual_revenue: c.money("annual_revenue")? },
        "government" => Customer::Government { rank: c.key("rank")? },
        other => {
            return Err(Error::invalid(c.path("kind"), other, "accepted: personal, enterprise, government"));
        }
    };
    c.finish()?;
    let package = match f.opt_object("package")? {
        Some(mut p) => {
            let package = Package { monthly_fee: p.money("monthly_fee")?, subscribed_on: p.opt_date("subscribed_on")? };
            p.finish()?;
            Some(package)
        }
        None => None,
    };
    let rating_year = match f.opt_int("rating_year", true)? {
        Some(y) if (1..=9999).contains(&y) => Some(y as i32),
        Some(y) => return Err(Error::invalid(f.path("rating_year"), y.to_string(), "a year 1–9999")),
        None => None,
    };
    Ok(TierInput { customer, package, rating_year, as_of: f.opt_date("as_of")? })
}

fn op_tier(engine: &Engine, f: &mut Fields<'_>, trace: &mut Trace) -> Result<Value, Error> {
    let input = tier_input(f)?;
    let rated = engine.tier_traced(&input, trace)?;
    let mut out = to_json(&rated)?;
    out["pack"] = pack_json(rated.pack);
    Ok(out)
}

fn op_review(engine: &Engine, f: &mut Fields<'_>, trace: &mut Trace) -> Result<Value, Error> {
    let previous: Tier = f.key("previous_tier")?;
    let mut current = f.object("current")?;
    let input = tier_input(&mut current)?;
    current.finish()?;
    let approved = match f.opt_object("override")? {
        Some(mut o) => {
            let tier = o.key("tier")?;
            let approval_ref = o.opt_str("approval_ref")?.unwrap_or_default().to_string();
            o.finish()?;
            Some(Override { tier, approval_ref })
        }
        None => None,
    };
    let r = engine.review_traced(previous, &input, approved.as_ref(), trace)?;
    Ok(json!({
        "tier": r.tier, "change": r.change, "overridden": r.overridden,
        "evaluated_tier": r.evaluated.tier, "rule": "TIER.REVIEW", "pack": pack_json(r.evaluated.pack),
    }))
}

fn op_status(engine: &Engine, f: &mut Fields<'_>, trace: &mut Trace) -> Result<Value, Error> {
    let as_of = f.date("as_of")?;
    let mut lines = Vec::new();
    for (path, v) in f.array("lines")? {
        let mut l = Fields::new(v, path)?;
        lines.push(Line {
            id: l.str("id")?.to_string(),
            active: l.opt_bool("active")?.unwrap_or(true),
            arrears_since: l.opt_date("arrears_since")?,
            reminded: l.flag("reminded")?,
        });
        l.finish()?;
    }
    let input = StatusInput {
        as_of,
        lines,
        cancel_requested: f.flag("cancel_requested")?,
        card_expires_on: f.opt_date("card_expires_on")?,
        misconduct: f.flag("misconduct")?,
    };
    to_json(&engine.status_traced(&input, trace)?)
}

/// Reads lots in the contract's JSON form (`[{id, points, earned_on, expires_on?, kind?}]`),
/// exactly as `points.redeem` does, with errors at `lots[i].field`.
pub fn lots_from_json(lots: &Value) -> Result<Vec<Lot>, Error> {
    let wrapper = json!({ "lots": lots });
    read_lots(&mut Fields::new(&wrapper, String::new())?)
}

/// Reads accounts in the contract's JSON form, exactly as `points.merge` does.
pub fn accounts_from_json(accounts: &Value) -> Result<Vec<Account>, Error> {
    let wrapper = json!({ "accounts": accounts });
    read_accounts(&mut Fields::new(&wrapper, String::new())?)
}

/// Reads a number of points in the contract's JSON form (a whole number, not negative), exactly
/// as a lot's `points` is read, with errors at `points`.
pub fn points_from_json(points: &Value) -> Result<u64, Error> {
    let wrapper = json!({ "points": points });
    Fields::new(&wrapper, String::new())?.count("points")
}

fn read_accounts(f: &mut Fields<'_>) -> Result<Vec<Account>, Error> {
    let mut accounts = Vec::new();
    for (path, v) in f.array("accounts")? {
        let mut a = Fields::new(v, path)?;
        accounts.push(Account {
            account_id: a.str("account_id")?.to_string(),
            customer_id: a.str("customer_id")?.to_string(),
            lots: read_lots(&mut a)?,
        });
        a.finish()?;
    }
    Ok(accounts)
}

fn read_lots(f: &mut Fields<'_>) -> Result<Vec<Lot>, Error> {
    let mut out = Vec::new();
    for (path, v) in f.array("lots")? {
        let mut l = Fields::new(v, path)?;
        out.push(Lot {
            id: l.str("id")?.to_string(),
            points: l.count("points")?,
            earned_on: l.date("earned_on")?,
            expires_on: l.opt_date("expires_on")?,
            kind: l.opt_key("kind")?.unwrap_or(points::LotKind::Regular),
        });
        l.finish()?;
    }
    Ok(out)
}

fn op_points_merge(_: &Engine, f: &mut Fields<'_>, trace: &mut Trace) -> Result<Value, Error> {
    let customer_id = f.str("customer_id")?;
    let as_of = f.date("as_of")?;
    let accounts = read_accounts(f)?;
    let merged = points::merge(customer_id, as_of, &accounts)?;
    points::trace_balance(&merged, as_of, trace);
    to_json(&merged)
}

fn op_points_redeem(_: &Engine, f: &mut Fields<'_>, trace: &mut Trace) -> Result<Value, Error> {
    let lots = read_lots(f)?;
    let as_of = f.date("as_of")?;
    let wanted = f.count("points")?;
    let frozen = f.flag("frozen")?;
    to_json(&points::redeem_traced(&lots, as_of, wanted, frozen, trace)?)
}

fn op_deadline(engine: &Engine, f: &mut Fields<'_>, trace: &mut Trace) -> Result<Value, Error> {
    let start = f.instant("start")?;
    let basis = match (f.opt_str("rule")?, f.opt_key::<Clock>("clock")?) {
        (Some(rule), None) => {
            let area = f.opt_key::<Area>("area")?.unwrap_or_default();
            Basis::rule(String::from(rule), area)
        }
        (None, Some(clock)) => Basis::free(clock, f.count("amount")?).map_err(|e| e.at("clock"))?,
        (Some(_), Some(_)) => return Err(Error::invalid("clock", "given with rule", "give either a rule or a clock")),
        (None, None) => return Err(Error::invalid("rule", "missing", "required: a rule id, or a clock and an amount")),
    };
    let done = f.opt_instant("done")?;
    let done = done.map(|d| from_beijing("done", d)).transpose()?;
    let input = DeadlineInput { start: from_beijing("start", start)?, basis, done };
    let d = engine.deadline_traced(&input, trace)?;
    let mut out = Map::new();
    out.insert("due".into(), format_instant(to_beijing("due", &d.due)?).into());
    out.insert("clock".into(), d.clock.as_str().into());
    if let Some(rule) = d.rule {
        out.insert("rule".into(), rule.into());
    }
    if let Some(met) = d.met {
        out.insert("met".into(), met.into());
    }
    out.insert("pack".into(), pack_json(d.pack));
    mark_provisional(&mut out, &d.provisional_years);
    Ok(Value::Object(out))
}

/// Marks an answer that rests on provisional years (INTERP.PROVISIONAL): `"provisional": true`
/// and the years; an answer on published years alone has neither key.
fn mark_provisional(out: &mut Map<String, Value>, years: &[i32]) {
    if !years.is_empty() {
        out.insert("provisional".into(), true.into());
        out.insert("provisional_years".into(), json!(years));
    }
}

/// An output object marked with the provisional `years` it rests on, and explained.
fn with_provisional(out: Value, years: &[i32], trace: &mut Trace) -> Value {
    trace.provisional(years);
    match out {
        Value::Object(mut map) => {
            mark_provisional(&mut map, years);
            Value::Object(map)
        }
        other => other,
    }
}

fn op_calendar_day(engine: &Engine, f: &mut Fields<'_>, trace: &mut Trace) -> Result<Value, Error> {
    let calendar = engine.calendar();
    let day = calendar.day(f.date("date")?)?;
    trace.cite("INTERP.UNITS");
    trace.cite("INTERP.CALENDAR");
    trace.day(&day, day.is_working_day());
    let out = json!({
        "working_day": day.is_working_day(),
        "makeup_workday": day.kind == DayKind::MakeupWorkday,
        "holiday": day.kind == DayKind::Holiday,
        "holiday_name": day.holiday.filter(|_| day.kind == DayKind::Holiday).map(|h| h.key.as_ref()),
        "holiday_name_zh": day.holiday.filter(|_| day.kind == DayKind::Holiday).map(|h| h.zh.as_ref()),
        "makeup_for": day.holiday.filter(|_| day.kind == DayKind::MakeupWorkday).map(|h| h.key.as_ref()),
        "kind": day.kind,
    });
    Ok(with_provisional(out, &calendar.provisional_years(day.date, day.date), trace))
}

fn op_count_working_days(engine: &Engine, f: &mut Fields<'_>, trace: &mut Trace) -> Result<Value, Error> {
    let (from, to) = (f.date("from")?, f.date("to")?);
    trace.cite("INTERP.CALENDAR");
    let count = engine.calendar().count_working_days(from, to)?;
    trace.note(|| format!("{count} working days from {} to {}, both included", format_date(from), format_date(to)));
    Ok(with_provisional(json!({ "count": count }), &engine.calendar().provisional_years(from, to), trace))
}

fn op_add_working_days(engine: &Engine, f: &mut Fields<'_>, trace: &mut Trace) -> Result<Value, Error> {
    let (date, days) = (f.date("date")?, f.int("days", false)?);
    trace.cite("INTERP.PERIODS");
    trace.cite("INTERP.CALENDAR");
    let result = engine.calendar().add_working_days(date, days)?;
    trace.note(|| {
        format!("working day {days} after {} (the start day not counted) is {}", format_date(date), format_date(result))
    });
    // The days counted: after the start (before it, counting back) up to the result.
    let first = if days > 0 { date.succ_opt() } else { date.pred_opt() };
    let years = match first {
        Some(first) if days != 0 => engine.calendar().provisional_years(first, result),
        _ => Vec::new(),
    };
    Ok(with_provisional(json!({ "date": format_date(result) }), &years, trace))
}

/// `{text}`: a notice's text, or several in publication order; the output is the calendar
/// document itself (no `rule`), ready for `load_calendar` / `--calendar`.
fn op_from_notice(_: &Engine, f: &mut Fields<'_>, trace: &mut Trace) -> Result<Value, Error> {
    trace.cite("INTERP.CALENDAR");
    let texts: Vec<&str> = match f.get("text") {
        Some(Value::String(s)) => alloc::vec![s.as_str()],
        Some(Value::Array(items)) if !items.is_empty() => items
            .iter()
            .enumerate()
            .map(|(i, v)| {
                v.as_str().ok_or_else(|| Error::invalid(format!("text[{i}]"), v.to_string(), "a notice's text"))
            })
            .collect::<Result<_, _>>()?,
        Some(v) => return Err(Error::invalid("text", v.to_string(), "a notice's text, or a list of them in order")),
        None => return Err(Error::invalid("text", "missing", "required: the notice's text")),
    };
    crate::calendar::notice::calendar_document(&texts)
}

fn op_notify(engine: &Engine, f: &mut Fields<'_>, trace: &mut Trace) -> Result<Value, Error> {
    let at = f.instant("at")?;
    let region: Region = f.opt_key("region")?.unwrap_or_default();
    let n = engine.notify_traced(from_beijing("at", at)?, &region, trace)?;
    Ok(json!({
        "allowed": n.allowed,
        "next_allowed": format_instant(to_beijing("next_allowed", &n.next_allowed)?),
        "pack": pack_json(n.pack),
    }))
}

fn op_visit(engine: &Engine, f: &mut Fields<'_>, trace: &mut Trace) -> Result<Value, Error> {
    let at = f.instant("at")?;
    let region: Region = f.opt_key("region")?.unwrap_or_default();
    let booked = f.opt_instant("booked")?;
    let booked = booked.map(|b| from_beijing("booked", b)).transpose()?;
    let v = engine.visit_traced(from_beijing("at", at)?, &region, booked, trace)?;
    let mut out = Map::new();
    out.insert("allowed".into(), v.allowed.into());
    out.insert("next_allowed".into(), format_instant(to_beijing("next_allowed", &v.next_allowed)?).into());
    if let Some(earliest) = v.earliest_install {
        out.insert("earliest_install".into(), format_instant(to_beijing("earliest_install", &earliest)?).into());
    }
    out.insert("pack".into(), pack_json(v.pack));
    Ok(Value::Object(out))
}

fn op_cutover(engine: &Engine, f: &mut Fields<'_>, trace: &mut Trace) -> Result<Value, Error> {
    let start = f.instant("start")?;
    let hours = f.money("outage_hours")?;
    let key_customers = f.bool("key_customers")?;
    let c = engine.cutover_traced(from_beijing("start", start)?, hours, key_customers, trace)?;
    let mut out = Map::new();
    out.insert("requires_approval".into(), c.requires_approval.into());
    if let Some(by) = c.notify_by {
        out.insert("notify_by".into(), format_instant(to_beijing("notify_by", &by)?).into());
    }
    Ok(Value::Object(out))
}

fn op_dunning(engine: &Engine, f: &mut Fields<'_>, trace: &mut Trace) -> Result<Value, Error> {
    let count = f.count::<u32>("arrears_count")?;
    Ok(json!({ "voice_allowed": engine.voice_allowed_traced(count, trace)? }))
}

fn op_punctuality(engine: &Engine, f: &mut Fields<'_>, trace: &mut Trace) -> Result<Value, Error> {
    let (agreed, arrived) = (f.instant("agreed")?, f.instant("arrived")?);
    let on_time = engine.on_time_traced(from_beijing("agreed", agreed)?, from_beijing("arrived", arrived)?, trace)?;
    Ok(json!({ "on_time": on_time, "deviation_seconds": (arrived - agreed).num_seconds() }))
}

fn rule_json(pack: &crate::pack::Pack, r: &crate::rules::Rule) -> Value {
    let params: Map<String, Value> = pack.params(&r.id).into_iter().map(|(k, v)| (k, Value::String(v))).collect();
    json!({
        "id": r.id, "document": r.document, "clause": r.clause, "words": r.words,
        "summary": r.summary, "computed": r.computed, "params": params,
    })
}

/// The catalogue as the pack in force on `as_of` (the latest without one) cites it.
fn op_rules(engine: &Engine, f: &mut Fields<'_>, _: &mut Trace) -> Result<Value, Error> {
    let id = f.opt_str("id")?;
    let pack = engine.pack_for("as_of", f.opt_date("as_of")?)?;
    match id {
        Some(id) => pack.rule(id).map(|r| rule_json(pack, &r)).ok_or_else(|| {
            let accepted: Vec<Text> = pack.catalogue().into_iter().map(|r| r.id).collect();
            Error::UnknownRule { field: "id".into(), rule: id.into(), accepted: accepted.join(", ") }
        }),
        None => {
            let rules: Vec<Value> = pack.catalogue().iter().map(|r| rule_json(pack, r)).collect();
            Ok(json!({ "rules": rules, "pack": pack_json(&pack.info) }))
        }
    }
}

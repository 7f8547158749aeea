//! What the two JavaScript bindings (`guifan-wasm`, `guifan-node`) share: engines built from pack
//! and calendar documents, requests as JSON text, errors as JSON text, and the conversions of the
//! batch calls.
//!
//! Requests cross the boundary as JSON text written by the JS layer (`js/common`): JavaScript's
//! own `JSON.stringify` writes every number as its shortest decimal string, which the core then
//! reads exactly. Answers and errors go back as JSON text too, for `JSON.parse`: one cheap
//! crossing, and no serializer of JS values in the WebAssembly module. Conversion only; every
//! rule is computed by `guifan-core`.

use chrono::{Datelike, NaiveDate};
use guifan_core::batch::{self, one_per_row, Arg, CountedBy, Given, Instants, OnError, RowError, TierKey, NAT};
use guifan_core::calendar::Calendar;
use guifan_core::contract::{Input, Op};
use guifan_core::deadline::{Area, Basis, Clock};
use guifan_core::engine::Engine as CoreEngine;
use guifan_core::evaluate::{error_value, from_json, parse_json, points_from_json, Request, Response};
use guifan_core::money::{self, parse_money};
use guifan_core::pack::Pack;
use guifan_core::points::PointsLedger;
use guifan_core::time::parse_date;
use guifan_core::Error;
use serde_json::Value;

/// An error as the JSON text the JS layer turns into a `GuifanError` (with `problems` for an
/// invalid pack).
fn error_text(e: &Error, row: Option<usize>) -> String {
    let mut v = error_value(e);
    if let Some(row) = row {
        v["error"]["row"] = row.into();
    }
    v.to_string()
}

fn bad(e: Error) -> String {
    error_text(&e, None)
}

fn row_error(e: RowError) -> String {
    error_text(&e.error, Some(e.row))
}

/// JavaScript numbers hold integers exactly up to 2^53 − 1; a larger count in an answer is an
/// error rather than a silently rounded number.
const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

fn exact_in_js(v: &Value) -> Result<(), Error> {
    match v {
        Value::Number(n) if n.as_i64().is_none_or(|i| i.unsigned_abs() > MAX_SAFE_INTEGER) => Err(Error::invalid(
            "output",
            n.to_string(),
            "beyond 2^53 - 1, which a JavaScript number cannot hold exactly",
        )),
        Value::Array(items) => items.iter().try_for_each(exact_in_js),
        Value::Object(map) => map.values().try_for_each(exact_in_js),
        _ => Ok(()),
    }
}

/// An answer as JSON text, once every count in it fits a JavaScript number.
fn checked(v: Value) -> Result<String, String> {
    exact_in_js(&v).map(|()| v.to_string()).map_err(bad)
}

/// An op's answer as JSON text, or its error.
fn answer(response: Response) -> Result<String, String> {
    match response {
        Response::Ok(out) => checked(to_value(&out)),
        Response::Err(e) => Err(bad(e)),
    }
}

/// Rule packs and a calendar, as the JS `Engine` class holds them.
#[derive(Clone, Default)]
pub struct Engine(CoreEngine);

impl Engine {
    /// An engine over pack documents (JSON or TOML text; none: the built-in pack) and calendar
    /// documents (JSON text) loaded in order on top of the built-in calendar; with
    /// `provisional`, years without a published schedule are answered provisionally
    /// ([`CoreEngine::with_provisional`]).
    pub fn new(packs: &[String], calendars: &[String], provisional: bool) -> Result<Self, String> {
        let packs = match packs {
            [] => vec![Pack::builtin().clone()],
            texts => texts.iter().map(|t| Pack::from_text(t)).collect::<Result<_, _>>().map_err(bad)?,
        };
        let mut calendar = Calendar::builtin();
        for document in calendars {
            calendar.load_json(document).map_err(bad)?;
        }
        calendar.set_provisional(provisional);
        CoreEngine::new(packs, calendar).map(Engine).map_err(bad)
    }

    /// Adds or replaces calendar years (or a layer) from a JSON document; returns the years
    /// loaded. Nothing changes when it fails. Only the module-level default engine of the JS
    /// layer is changed this way: an `Engine` value never is.
    pub fn load_calendar(&mut self, document: &str) -> Result<Vec<i32>, String> {
        let mut next = self.0.calendar().clone();
        let years = next.load_json(document).map_err(bad)?;
        self.0 = self.0.with_calendar(next);
        Ok(years)
    }

    /// The years with a known schedule.
    pub fn known_years(&self) -> Vec<i32> {
        self.0.calendar().known_years().collect()
    }

    /// Where each known year's schedule comes from, as JSON text: `[{"year", "sources": [...]}]`
    /// ([`Calendar::sources`]).
    pub fn sources(&self) -> String {
        let calendar = self.0.calendar();
        let years = calendar
            .known_years()
            .map(|year| serde_json::json!({ "year": year, "sources": calendar.sources(year).collect::<Vec<_>>() }));
        Value::Array(years.collect()).to_string()
    }

    /// The year without a schedule to warn about on `today` (`YYYY-MM-DD`), as JSON text:
    /// `{"year", "days_until"}` or `null` ([`Calendar::unknown_year_ahead`]).
    pub fn unknown_year_ahead(&self, today: &str) -> Result<String, String> {
        let today = parse_date("today", today).map_err(bad)?;
        Ok(to_value(&self.0.calendar().unknown_year_ahead(today)).to_string())
    }

    /// The packs in the order they take effect: `[{name, version, effective_from, description}]`.
    pub fn packs(&self) -> String {
        Value::Array(self.0.packs().iter().map(|p| to_value(&p.info)).collect()).to_string()
    }

    /// `evaluate` on request text: the output object or `{"error": ...}`, never a failure.
    pub fn evaluate(&self, request: &str) -> String {
        let answered = Request::from_json(request).map_err(bad).and_then(|r| answer(self.0.evaluate(&r)));
        answered.unwrap_or_else(|error| error)
    }

    /// One op with its input as JSON text: the output, or the error as JSON text.
    pub fn call(&self, op: &str, input: &str, explain: bool) -> Result<String, String> {
        let input = Op::named(op).and_then(|op| Input::from_json(op, input)).map_err(bad)?;
        answer(self.0.evaluate(&Request { input, explain }))
    }

    /// `deadline` with only `rule` and a start, its commonest call, read once per rule: `None`
    /// when the general `call` must answer every such call instead (more than one pack: the
    /// answer names the pack in force; a calendar that answers provisionally: the answer says so).
    pub fn deadline_rule(&self, rule: &str) -> Option<RuleDeadline> {
        (self.0.packs().len() == 1 && !self.0.calendar().is_provisional())
            .then(|| RuleDeadline { engine: self.0.clone(), basis: Basis::rule(rule.to_string(), Area::default()) })
    }

    /// Every day of the known years' span, from January 1 of the first: 1 a working day, 0 a
    /// rest day, 2 a day of a year without a known schedule (the core answers it: provisionally,
    /// or with its error). For `isWorkingDay` to read without crossing into the core per call.
    pub fn day_table(&self) -> Vec<u8> {
        let calendar = self.0.calendar();
        let years: Vec<i32> = calendar.known_years().collect();
        let (Some(&first), Some(&last)) = (years.first(), years.last()) else { return Vec::new() };
        let (Some(from), Some(to)) = (NaiveDate::from_ymd_opt(first, 1, 1), NaiveDate::from_ymd_opt(last, 12, 31))
        else {
            return Vec::new();
        };
        from.iter_days()
            .take_while(|d| *d <= to)
            .map(|d| match years.binary_search(&d.year()).ok().and(calendar.is_working_day(d).ok()) {
                Some(working) => u8::from(working),
                None => 2,
            })
            .collect()
    }

    /// Due instants (epoch milliseconds, NaN for null) of tickets started at `starts_ms`, each
    /// under the pack in force on its start; `spec` and `codes` give each row's basis (see
    /// [`Batch`]): `{"rule", "area"}` or `{"clock", "amount"}`; `errors` is the option as JSON
    /// text (`"raise"` or `"null"`).
    pub fn deadlines(&self, starts_ms: &[f64], spec: &str, codes: &[i32], errors: &str) -> Result<Vec<f64>, String> {
        let on_error = on_error(errors).map_err(bad)?;
        let batch = Batch::parse(spec, codes, starts_ms.len()).map_err(bad)?;
        let (bases, codes) = batch.read(basis).map_err(bad)?;
        let starts: Vec<i64> =
            starts_ms.iter().map(|&ms| if ms.is_finite() { micros_of_ms(ms) } else { NAT }).collect();
        let due = batch::deadlines(&self.0, batch.arg(&bases, &codes), Instants::micros(&starts), on_error)
            .map_err(row_error)?;
        Ok(due.into_iter().map(|d| if d == NAT { f64::NAN } else { d as f64 / 1000.0 }).collect())
    }

    /// Tier names (or null) of amounts given as JSON text (an array of numbers, decimal strings
    /// or nulls), on the latest pack; `spec` and `codes` give each row's `kind_or_brand` (see
    /// [`Batch`]): a brand of the pack or `enterprise`.
    pub fn tiers(&self, spec: &str, codes: &[i32], amounts: &str, errors: &str) -> Result<String, String> {
        let on_error = on_error(errors).map_err(bad)?;
        let amounts = match parse_json(amounts).map_err(bad)? {
            Value::Array(items) => items,
            other => return Err(bad(Error::invalid("amounts", other.to_string(), "expected an array"))),
        };
        let batch = Batch::parse(spec, codes, amounts.len()).map_err(bad)?;
        let (keys, codes) = batch.read(tier_key).map_err(bad)?;
        // Unreadable amounts are bad rows like any other.
        let mut parsed = Vec::with_capacity(amounts.len());
        for (row, v) in amounts.iter().enumerate() {
            let amount = match v {
                Value::Null => Ok(None),
                Value::String(s) => parse_money("", s).map(Some),
                Value::Number(n) => parse_money("", &n.to_string()).map(Some),
                other => Err(Error::invalid("", other.to_string(), "expected a number or a decimal string")),
            };
            match amount {
                Ok(d) => parsed.push(d),
                Err(_) if on_error == OnError::Null => parsed.push(None),
                Err(error) => return Err(row_error(RowError::new(row, error.at(format!("amounts[{row}]"))))),
            }
        }
        let tiers = batch::tiers(&self.0, batch.arg(&keys, &codes), &parsed, on_error).map_err(row_error)?;
        Ok(Value::Array(tiers.into_iter().map(|t| t.map_or(Value::Null, |t| t.as_str().into())).collect()).to_string())
    }
}

/// One rule of an engine for `deadline` with a start alone ([`Engine::deadline_rule`]): the
/// engine (shared, not copied) and the rule's basis held once, so that a call neither passes
/// nor allocates a rule id.
pub struct RuleDeadline {
    engine: CoreEngine,
    basis: Basis,
}

impl RuleDeadline {
    /// The due instant (epoch milliseconds) of a start (epoch milliseconds), without JSON
    /// either way; NaN when the general `call` must answer (an error, whose text it writes).
    pub fn due_ms(&self, start_ms: f64) -> f64 {
        if !start_ms.is_finite() {
            return f64::NAN;
        }
        let start = [micros_of_ms(start_ms)];
        match batch::deadlines(&self.engine, Arg::One(&self.basis), Instants::micros(&start), OnError::Raise).as_deref()
        {
            Ok(&[due]) if due != NAT => due as f64 / 1000.0,
            _ => f64::NAN,
        }
    }
}

/// The `errors` option as JSON text: a string the core reads as [`OnError`]; anything else is
/// refused as it is written.
fn on_error(errors: &str) -> Result<OnError, Error> {
    match parse_json(errors)? {
        Value::String(s) => s.parse(),
        other => Err(OnError::refused(&other.to_string())),
    }
}

/// A batch argument as the JS layer sends it: JSON text `{"one": value}`, the value of every row,
/// or `{"each": [distinct values]}` with one code per row in `codes` (an index into the distinct
/// values; -1: null), and `"lengths"`, how many values each per-row field was given. The JS
/// layer dictionary-encodes per-row values itself (cheaper than a million values as JSON), so
/// each distinct value is read, and resolved by the core, once.
struct Batch<'a> {
    values: Vec<Value>,
    /// `None`: one value for every row.
    codes: Option<&'a [i32]>,
    rows: usize,
}

impl<'a> Batch<'a> {
    fn parse(text: &str, codes: &'a [i32], rows: usize) -> Result<Self, Error> {
        let mut spec = parse_json(text)?;
        // The length of each per-row field as given, `[[field, n], ...]` in argument order.
        if let Some(Value::Array(lengths)) = spec.get("lengths") {
            for pair in lengths {
                if let (Some(field), Some(n)) = (pair[0].as_str(), pair[1].as_u64()) {
                    one_per_row(field, Some(n as usize), rows)?;
                }
            }
        }
        if let Some(one) = spec.get_mut("one") {
            return Ok(Batch { values: vec![one.take()], codes: None, rows });
        }
        let Some(Value::Array(values)) = spec.get_mut("each").map(Value::take) else {
            return Err(Error::invalid(
                "spec",
                "neither one nor each",
                "expected {\"one\": value} or {\"each\": [values]}",
            ));
        };
        one_per_row("codes", Some(codes.len()), rows)?;
        if let Some(row) = codes.iter().position(|&c| c < -1 || c >= values.len() as i32) {
            return Err(Error::invalid(
                format!("codes[{row}]"),
                codes[row].to_string(),
                "a code past the distinct values",
            ));
        }
        Ok(Batch { values, codes: Some(codes), rows })
    }

    /// Every distinct value read by `read` (`None`: a null row), with the codes that index the
    /// values read.
    fn read<T>(&self, read: fn(&Value, At<'_>) -> Result<Option<T>, Error>) -> Result<(Vec<T>, Vec<i32>), Error> {
        let mut index = Vec::with_capacity(self.values.len());
        let mut values = Vec::with_capacity(self.values.len());
        for (i, v) in self.values.iter().enumerate() {
            index.push(match read(v, At { codes: self.codes, code: i as i32 })? {
                Some(value) => {
                    values.push(value);
                    values.len() as i32 - 1
                }
                None => -1,
            });
        }
        let codes = match self.codes {
            Some(codes) => codes.iter().map(|&c| if c < 0 { -1 } else { index[c as usize] }).collect(),
            // One value for every row: a null one makes every row null.
            None if values.is_empty() => vec![-1; self.rows],
            None => Vec::new(),
        };
        Ok((values, codes))
    }

    /// The argument of the core's batch call over what `read` answered.
    fn arg<'v, T>(&self, values: &'v [T], codes: &'v [i32]) -> Arg<'v, T> {
        match values {
            [one] if self.codes.is_none() => Arg::One(one),
            _ => Arg::Coded { values, codes },
        }
    }
}

/// Where a distinct value of a batch argument is, for errors: `area` for a value of every row,
/// `area[3]` for one first used on row 3.
#[derive(Clone, Copy)]
struct At<'a> {
    codes: Option<&'a [i32]>,
    code: i32,
}

impl At<'_> {
    fn path(self, field: &str) -> String {
        match self.codes.and_then(|codes| codes.iter().position(|&c| c == self.code)) {
            Some(row) => format!("{field}[{row}]"),
            None => field.to_string(),
        }
    }
}

/// A text field of a batch value: absent, null, or a string.
fn text_field<'v>(v: &'v Value, name: &str, at: At<'_>) -> Result<Option<&'v str>, Error> {
    match v.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(Error::invalid(at.path(name), other.to_string(), "expected a string")),
    }
}

/// A row's deadline basis: `{"rule", "area"}` or `{"clock", "amount"}`; null (a null row) when
/// the rule, clock or amount is null. A field left out is missing.
fn basis(v: &Value, at: At<'_>) -> Result<Option<Basis>, Error> {
    let has = |key| v.get(key).is_some();
    let given = Given {
        rule: has("rule"),
        area: has("area"),
        clock: has("clock"),
        amount: has("amount"),
        takes_clock: true,
        ..Given::default()
    };
    if given.counted_by()? == CountedBy::Clock {
        // A free clock is checked as it is read: `Basis::free` refuses the others.
        let clock = match text_field(v, "clock", at)? {
            Some(text) => Some(
                text.parse::<Clock>().and_then(|c| Basis::free(c, 0).map(|_| c)).map_err(|e| e.at(at.path("clock")))?,
            ),
            None => None,
        };
        let amount = match v.get("amount") {
            Some(n) if !n.is_null() => {
                let path = at.path("amount");
                let whole = n.as_i64().ok_or_else(|| Error::invalid(&path, n.to_string(), "expected a whole number"));
                Some(whole.and_then(|n| money::count::<u32>(&path, n))?)
            }
            _ => None,
        };
        return clock.zip(amount).map(|(c, a)| Basis::free(c, a)).transpose();
    }
    let area = text_field(v, "area", at)?.map(|a| a.parse::<Area>().map_err(|e| e.at(at.path("area")))).transpose()?;
    Ok(text_field(v, "rule", at)?.map(|id| Basis::rule(id.to_string(), area.unwrap_or_default())))
}

/// A row's tier table: a brand of the pack or `enterprise` (null rows never reach here).
fn tier_key(v: &Value, at: At<'_>) -> Result<Option<TierKey>, Error> {
    match v {
        Value::String(s) => s.parse().map(Some).map_err(|e: Error| e.at(at.path("kind_or_brand"))),
        Value::Null => Err(Error::invalid("kind_or_brand", "missing", "a brand or enterprise")),
        other => Err(Error::invalid(at.path("kind_or_brand"), other.to_string(), "expected a string")),
    }
}

/// A points ledger whose lots, accounts and dates arrive as JSON text.
pub struct Ledger(PointsLedger);

fn to_value<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

impl Ledger {
    /// An empty ledger for one customer.
    pub fn new(customer_id: &str) -> Self {
        Ledger(PointsLedger::new(customer_id))
    }

    /// The customer.
    pub fn customer_id(&self) -> String {
        self.0.customer_id().to_string()
    }

    /// Merges accounts (JSON text of the `points.merge` accounts array).
    pub fn merge(&mut self, accounts: &str) -> Result<(), String> {
        let accounts = from_json::<Vec<_>>(accounts, "accounts");
        accounts.and_then(|a| self.0.merge(&a)).map_err(bad)
    }

    /// Adds earned lots (JSON text of a lots array).
    pub fn earn(&mut self, lots: &str) -> Result<(), String> {
        let lots = from_json::<Vec<_>>(lots, "lots");
        lots.and_then(|l| self.0.earn(&l)).map_err(bad)
    }

    /// Spendable and expired points on a date.
    pub fn balance(&self, as_of: &str) -> Result<String, String> {
        let as_of = parse_date("asOf", as_of).map_err(bad)?;
        self.0.balance(as_of).map_err(bad).and_then(|b| checked(to_value(&b)))
    }

    /// Redeems points (JSON text of a whole number) on a date.
    pub fn redeem(&mut self, on: &str, points: &str, frozen: bool) -> Result<String, String> {
        let on = parse_date("on", on).map_err(bad)?;
        let points = points_from_json(points).map_err(bad)?;
        self.0.redeem(on, points, frozen).map_err(bad).and_then(|r| checked(to_value(&r)))
    }

    /// Changes between two dates, both included.
    pub fn history(&self, from: &str, to: &str) -> Result<String, String> {
        let (from, to) = (parse_date("from", from).map_err(bad)?, parse_date("to", to).map_err(bad)?);
        checked(to_value(&self.0.history(from, to)))
    }
}

/// Epoch microseconds of a finite epoch-millisecond instant; one past [`NAT`] at the least, so
/// that an instant too early for an `i64` is an error of its row, not a null.
fn micros_of_ms(ms: f64) -> i64 {
    ((ms * 1000.0).round() as i64).max(NAT + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MARCH_3_9AM: f64 = 1_740_963_600_000.0; // 2025-03-03T09:00:00+08:00

    fn due(engine: &Engine, spec: &str, codes: &[i32], rows: usize) -> Result<Vec<f64>, String> {
        engine.deadlines(&vec![MARCH_3_9AM; rows], spec, codes, r#""null""#)
    }

    #[test]
    fn per_row_bases_are_read_once_each() {
        let engine = Engine::default();
        let spec = r#"{"each":[{"rule":"SLA.FAULT.ORDINARY","area":"rural"},{"rule":"SLA.FEEDBACK","area":"urban"},
            {"rule":"SLA.FAULT.ORDINARY","area":null},{"rule":null,"area":"rural"}]}"#;
        // rows: fault/rural, feedback/urban, fault/(null area: urban), (null rule), fault/rural, (null row)
        let got = due(&engine, spec, &[0, 1, 2, 3, 0, -1], 6).unwrap();
        let hours = |h: f64| MARCH_3_9AM + h * 3_600_000.0;
        assert_eq!(got[..3], [hours(28.0), hours(48.0), hours(24.0)]);
        assert!(got[3].is_nan() && got[5].is_nan());
        assert_eq!(got[4], hours(28.0));
        let free = r#"{"each":[{"clock":"clock_hours","amount":4},{"clock":"calendar_days","amount":null}]}"#;
        assert_eq!(due(&engine, free, &[0, 1], 2).unwrap()[0], hours(4.0));
        assert!(due(&engine, free, &[0, 1], 2).unwrap()[1].is_nan());
    }

    #[test]
    fn codes_and_values_are_checked() {
        let engine = Engine::default();
        let field = |spec: &str, codes: &[i32], rows| {
            let e = engine.deadlines(&vec![MARCH_3_9AM; rows], spec, codes, r#""raise""#).unwrap_err();
            let e: Value = serde_json::from_str(&e).unwrap();
            e["error"]["field"].as_str().unwrap().to_string()
        };
        let spec = r#"{"each":[{"rule":"SLA.FEEDBACK","area":"urban"}]}"#;
        assert_eq!(field(spec, &[0, 1], 2), "codes[1]");
        assert_eq!(field(spec, &[0, -2], 2), "codes[1]");
        assert_eq!(field(spec, &[0], 2), "codes");
        assert_eq!(due(&engine, spec, &[], 0).unwrap(), Vec::<f64>::new());
        // A bad value is named by the first row that holds it.
        let bad_area = r#"{"each":[{"rule":"SLA.FEEDBACK","area":"urban"},{"rule":"SLA.FEEDBACK","area":"suburb"}]}"#;
        assert_eq!(field(bad_area, &[0, 0, 1, 1], 4), "area[2]");
        assert_eq!(field(r#"{"one":{"rule":7}}"#, &[], 2), "rule");
        assert_eq!(field(r#"{"one":{}}"#, &[], 2), "rule");
        assert_eq!(field(r#"{"one":{"clock":"clock_hours"}}"#, &[], 2), "amount");
        assert_eq!(field(r#"{"each":[{"clock":"same_day_cutoff","amount":1}]}"#, &[0], 1), "clock[0]");
        assert_eq!(field(r#"{"each":[{"clock":"clock_hours","amount":1.5}]}"#, &[-1, 0], 2), "amount[1]");
        assert_eq!(field("{}", &[], 1), "spec");
        // A null value for every row makes every row null.
        let null = engine.deadlines(&[MARCH_3_9AM], r#"{"one":{"rule":null}}"#, &[], r#""raise""#).unwrap();
        assert!(null[0].is_nan());
    }

    #[test]
    fn tiers_by_row() {
        let engine = Engine::default();
        let got =
            engine.tiers(r#"{"each":["e_home","enterprise"]}"#, &[0, 1, -1], r#"[3360, "300000", 1]"#, r#""raise""#);
        assert_eq!(got.unwrap(), r#"["diamond","diamond",null]"#);
        let e = engine.tiers(r#"{"each":["e_home","family"]}"#, &[0, 1], "[1, 1]", r#""raise""#).unwrap_err();
        // Brands are checked against the pack, row by row.
        assert!(e.contains(r#""kind":"unknown_brand""#) && e.contains(r#""row":1"#), "{e}");
        let e = engine.tiers(r#"{"each":["e_home",7]}"#, &[0, 1], "[1, 1]", r#""raise""#).unwrap_err();
        assert!(e.contains(r#""field":"kind_or_brand[1]""#), "{e}");
        let e = engine.tiers(r#"{"one":null}"#, &[], "[1]", r#""raise""#).unwrap_err();
        assert!(e.contains(r#""field":"kind_or_brand""#), "{e}");
        let e = engine.tiers(r#"{"one":"e_home"}"#, &[], r#"[1, "x"]"#, r#""raise""#).unwrap_err();
        assert!(e.contains(r#""field":"amounts[1]""#) && e.contains(r#""row":1"#), "{e}");
    }

    #[test]
    fn the_fast_deadline_is_the_general_one_or_leaves_it_to_it() {
        let engine = Engine::default();
        let start = 1_759_197_600_000.0; // 2025-09-30T10:00:00+08:00
        let general =
            engine.call("deadline", r#"{"rule":"SLA.COMPLAINT.ORDINARY","start":"2025-09-30T10:00:00+08:00"}"#, false);
        assert!(general.unwrap().contains(r#""due":"2025-10-12T00:00:00+08:00""#));
        let complaint = engine.deadline_rule("SLA.COMPLAINT.ORDINARY").unwrap();
        assert_eq!(complaint.due_ms(start), 1_760_198_400_000.0);
        // Errors, unknown years and provisional answers are the general call's to write.
        assert!(engine.deadline_rule("SLA.NOPE").unwrap().due_ms(start).is_nan());
        assert!(complaint.due_ms(f64::NAN).is_nan());
        let late_2026 = 1_798_516_800_000.0; // 2026-12-29T10:00:00+08:00
        assert!(complaint.due_ms(late_2026).is_nan());
        assert!(Engine::new(&[], &[], true).unwrap().deadline_rule("SLA.COMPLAINT.ORDINARY").is_none());
    }

    #[test]
    fn the_day_table_is_the_calendar() {
        let layer = r#"{"years": {"2028": {"holidays": [{"date": "2028-01-03", "name": "x", "name_zh": "x"}], "makeup_workdays": []}}}"#;
        let engine = Engine::new(&[], &[layer.into()], false).unwrap();
        let table = engine.day_table();
        let at = |date: &str| {
            let date = parse_date("", date).unwrap();
            table[(date - NaiveDate::from_ymd_opt(2004, 1, 1).unwrap()).num_days() as usize]
        };
        assert_eq!(table.len(), 25 * 365 + 7); // 2004 to 2028, seven leap years
        assert_eq!((at("2025-10-08"), at("2025-10-09"), at("2025-09-28"), at("2025-10-11")), (0, 1, 1, 1));
        assert_eq!((at("2027-03-01"), at("2028-01-03"), at("2028-01-04")), (2, 0, 1));
    }

    #[test]
    fn engines_from_documents() {
        let layer = r#"{"overlay": "acme", "years": {"2025": {"holidays": [{"date": "2025-12-31", "name": "acme", "name_zh": "停业"}]}}}"#;
        let engine = Engine::new(&[], &[layer.into()], false).unwrap();
        let day = engine.call("calendar.day", r#"{"date": "2025-12-31"}"#, false).unwrap();
        assert!(day.contains(r#""working_day":false"#), "{day}");
        let e = Engine::new(&["{\"name\": \"x\"}".into()], &[], false).err().expect("an invalid pack is refused");
        assert!(e.contains(r#""problems":[{"#), "{e}");
        let mut defaults = Engine::default();
        assert_eq!(
            defaults.load_calendar(r#"{"years": {"2027": {"holidays": [], "makeup_workdays": []}}}"#).unwrap(),
            [2027]
        );
        assert_eq!(defaults.known_years().last(), Some(&2027));
        assert!(defaults.load_calendar("{").is_err());
        assert_eq!(defaults.known_years().last(), Some(&2027));
    }

    #[test]
    fn provisional_engines_and_what_the_calendar_knows() {
        let input = r#"{"rule": "SLA.COMPLAINT.ORDINARY", "start": "2026-12-29T10:00"}"#;
        let e = Engine::default().call("deadline", input, false).unwrap_err();
        assert!(e.contains(r#""kind":"calendar_year_unknown""#), "{e}");
        let out = Engine::new(&[], &[], true).unwrap().call("deadline", input, false).unwrap();
        assert!(out.contains(r#""provisional":true"#) && out.contains(r#""provisional_years":[2027]"#), "{out}");
        let engine = Engine::default();
        let sources: Value = serde_json::from_str(&engine.sources()).unwrap();
        assert_eq!((&sources[0]["year"], sources.as_array().unwrap().len()), (&2004.into(), 23));
        assert!(sources[22]["sources"][0].as_str().unwrap().starts_with("国务院办公厅关于2026年部分节假日安排的通知"));
        assert_eq!(engine.unknown_year_ahead("2026-12-02").unwrap(), r#"{"days_until":30,"year":2027}"#);
        assert_eq!(engine.unknown_year_ahead("2026-11-01").unwrap(), "null");
        assert!(engine.unknown_year_ahead("12/02").unwrap_err().contains(r#""field":"today""#));
    }
}

//! What the two JavaScript bindings (`guifan-wasm`, `guifan-node`) share: engines built from pack
//! and calendar documents, requests as JSON text, errors as JSON text, and the conversions of the
//! batch calls.
//!
//! Requests cross the boundary as JSON text written by the JS layer (`js/common`): JavaScript's
//! own `JSON.stringify` writes every number as its shortest decimal string, which the core then
//! reads exactly. Answers and errors go back as JSON text too, for `JSON.parse`: one cheap
//! crossing, and no serializer of JS values in the WebAssembly module. Conversion only; every
//! rule is computed by `guifan-core`.

use guifan_core::batch::{self, Arg, OnError, RowError, TierKey};
use guifan_core::calendar::Calendar;
use guifan_core::deadline::{Area, Basis, Clock};
use guifan_core::engine::Engine as CoreEngine;
use guifan_core::evaluate::{self as contract, error_value, parse_json, Request, Response};
use guifan_core::money::parse_money;
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

/// Rule packs and a calendar, as the JS `Engine` class holds them.
#[derive(Clone, Default)]
pub struct Engine(CoreEngine);

impl Engine {
    /// An engine over pack documents (JSON or TOML text; none: the built-in pack) and calendar
    /// documents (JSON text) loaded in order on top of the built-in calendar.
    pub fn new(packs: &[String], calendars: &[String]) -> Result<Self, String> {
        let packs = match packs {
            [] => vec![Pack::builtin().clone()],
            texts => texts.iter().map(|t| Pack::from_text(t)).collect::<Result<_, _>>().map_err(bad)?,
        };
        let mut calendar = Calendar::builtin();
        for document in calendars {
            calendar.load_json(document).map_err(bad)?;
        }
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

    /// The packs in the order they take effect: `[{name, version, effective_from, description}]`.
    pub fn packs(&self) -> String {
        Value::Array(self.0.packs().iter().map(|p| to_value(&p.info)).collect()).to_string()
    }

    /// `evaluate` on request text: the output object or `{"error": ...}`, never a failure.
    pub fn evaluate(&self, request: &str) -> String {
        checked(self.0.evaluate_str(request)).unwrap_or_else(|error| error)
    }

    /// One op with its input as JSON text: the output, or the error as JSON text.
    pub fn call(&self, op: &str, input: &str, explain: bool) -> Result<String, String> {
        let input = parse_json(input).map_err(bad)?;
        match self.0.evaluate(&Request { op: op.into(), input, explain }) {
            Response::Ok(v) => checked(v),
            Response::Err(e) => Err(bad(e)),
        }
    }

    /// Due instants (epoch milliseconds, NaN for null) of tickets started at `starts_ms`, each
    /// under the pack in force on its start; `spec` and `codes` are the batch arguments (see
    /// [`Spec`]): `rule` and `area`, or `clock` and `amount`.
    pub fn deadlines(
        &self,
        starts_ms: &[f64],
        spec: &str,
        codes: &[i32],
        null_on_error: bool,
    ) -> Result<Vec<f64>, String> {
        let spec = Spec::parse(spec, codes, starts_ms.len()).map_err(bad)?;
        let basis = basis_column(&spec).map_err(bad)?;
        let starts: Vec<Option<i64>> =
            starts_ms.iter().map(|&ms| ms.is_finite().then(|| (ms * 1000.0).round() as i64)).collect();
        let due = batch::deadlines(&self.0, basis.arg(), &starts, on_error(null_on_error)).map_err(row_error)?;
        Ok(due.into_iter().map(|d| d.map_or(f64::NAN, |us| us as f64 / 1000.0)).collect())
    }

    /// Tier names (or null) of amounts given as JSON text (an array of numbers, decimal strings
    /// or nulls), on the latest pack; `spec` and `codes` give `kind_or_brand` (see [`Spec`]): a
    /// brand of the pack or `enterprise`.
    pub fn tiers(&self, spec: &str, codes: &[i32], amounts: &str, null_on_error: bool) -> Result<String, String> {
        let amounts = match parse_json(amounts).map_err(bad)? {
            Value::Array(items) => items,
            other => return Err(bad(Error::invalid("amounts", other.to_string(), "expected an array"))),
        };
        let spec = Spec::parse(spec, codes, amounts.len()).map_err(bad)?;
        let key = spec
            .column("kind_or_brand", |v| text(v)?.parse::<TierKey>())
            .map_err(bad)?
            .ok_or_else(|| bad(Error::invalid("kind_or_brand", "missing", "a brand or enterprise")))?;
        // Unreadable amounts are bad rows like any other.
        let mut parsed = Vec::with_capacity(amounts.len());
        for (row, v) in amounts.iter().enumerate() {
            let field = || format!("amounts[{row}]");
            let amount = match v {
                Value::Null => None,
                Value::String(s) => Some(parse_money(&field(), s)),
                Value::Number(n) => Some(parse_money(&field(), &n.to_string())),
                other => Some(Err(Error::invalid(field(), other.to_string(), "expected a number or a decimal string"))),
            };
            parsed.push(match amount {
                None => None,
                Some(Ok(d)) => Some(d),
                Some(Err(_)) if null_on_error => None,
                Some(Err(error)) => return Err(row_error(RowError { row, error })),
            });
        }
        let tiers = batch::tiers(&self.0, key.arg(), &parsed, on_error(null_on_error)).map_err(row_error)?;
        Ok(Value::Array(tiers.into_iter().map(|t| t.map_or(Value::Null, |t| t.as_str().into())).collect()).to_string())
    }
}

fn on_error(null_on_error: bool) -> OnError {
    if null_on_error {
        OnError::Null
    } else {
        OnError::Raise
    }
}

/// A batch argument: one value for every row (`codes` is `None`), or dictionary-encoded, so
/// that each distinct value is read, and resolved by the core, once.
struct Column<T> {
    values: Vec<T>,
    /// Per row, an index into `values`; negative: null.
    codes: Option<Vec<i32>>,
}

impl<T> Column<T> {
    fn one(value: T) -> Self {
        Column { values: vec![value], codes: None }
    }

    fn arg(&self) -> Arg<'_, T> {
        match &self.codes {
            None => Arg::One(&self.values[0]),
            Some(codes) => Arg::Coded { values: &self.values, codes },
        }
    }

    /// Nulls read as `value`.
    fn or(mut self, value: T) -> Self {
        if let Some(codes) = self.codes.as_mut().filter(|c| c.iter().any(|&c| c < 0)) {
            let code = self.values.len() as i32;
            codes.iter_mut().filter(|c| **c < 0).for_each(|c| *c = code);
            self.values.push(value);
        }
        self
    }

    /// Row by row with another column of as many rows: every pair of distinct values combined
    /// once (code `a * other.len + b`); null where either is null.
    fn zip<U, R>(&self, other: &Column<U>, f: impl Fn(&T, &U) -> Result<R, Error>) -> Result<Column<R>, Error> {
        let n = other.values.len();
        if n.checked_mul(self.values.len()).is_none_or(|total| total > i32::MAX as usize) {
            return Err(Error::invalid("options", "per-row values", "too many distinct combinations"));
        }
        let mut values = Vec::with_capacity(n * self.values.len());
        for a in &self.values {
            for b in &other.values {
                values.push(f(a, b)?);
            }
        }
        let codes = match (&self.codes, &other.codes) {
            (None, None) => None,
            (a, b) => {
                let rows = a.as_ref().or(b.as_ref()).map_or(0, Vec::len);
                let code = |c: &Option<Vec<i32>>, row: usize| c.as_ref().map_or(0, |c| c[row]);
                Some(
                    (0..rows)
                        .map(|row| match (code(a, row), code(b, row)) {
                            (a, b) if a < 0 || b < 0 => -1,
                            (a, b) => a * n as i32 + b,
                        })
                        .collect(),
                )
            }
        };
        Ok(Column { values, codes })
    }
}

/// The arguments of a batch call as the JS layer sends them: JSON text
/// `{"one": {field: value}, "each": {field: [distinct values]}}` and, for the `each` fields in
/// order, one block of `rows` codes each (an index into the field's distinct values; -1: null).
/// The JS layer dictionary-encodes per-row columns itself: cheaper than a million values as JSON.
struct Spec<'a> {
    one: Value,
    each: Vec<(String, Vec<Value>, &'a [i32])>,
}

impl<'a> Spec<'a> {
    fn parse(text: &str, codes: &'a [i32], rows: usize) -> Result<Self, Error> {
        let mut spec = parse_json(text)?;
        let each = match spec.get_mut("each").map(Value::take) {
            Some(Value::Object(fields)) => fields,
            _ => Default::default(),
        };
        if codes.len() != each.len() * rows {
            let why = format!("expected {rows} per per-row field");
            return Err(Error::invalid("codes", format!("{} codes", codes.len()), why));
        }
        let each = each
            .into_iter()
            .enumerate()
            .map(|(i, (key, values))| match values {
                Value::Array(values) => Ok((key, values, &codes[i * rows..(i + 1) * rows])),
                other => Err(Error::invalid(key, other.to_string(), "expected the distinct values")),
            })
            .collect::<Result<_, _>>()?;
        Ok(Spec { one: spec.get_mut("one").map(Value::take).unwrap_or_default(), each })
    }

    /// A field: absent (`None`), one value for every row, or one per row, each distinct value
    /// read once with `read`. Errors name the field, and the first row of a bad value.
    fn column<T>(&self, key: &str, read: impl Fn(&Value) -> Result<T, Error>) -> Result<Option<Column<T>>, Error> {
        if let Some((_, values, codes)) = self.each.iter().find(|(k, ..)| k == key) {
            let at = |code: usize| {
                codes.iter().position(|&c| c == code as i32).map_or(key.to_string(), |row| format!("{key}[{row}]"))
            };
            if let Some(row) = codes.iter().position(|&c| c < -1 || c >= values.len() as i32) {
                return Err(Error::invalid(
                    format!("{key}[{row}]"),
                    codes[row].to_string(),
                    "a code past the distinct values",
                ));
            }
            let values =
                values.iter().enumerate().map(|(i, v)| read(v).map_err(|e| e.at(at(i)))).collect::<Result<_, _>>()?;
            return Ok(Some(Column { values, codes: Some(codes.to_vec()) }));
        }
        match self.one.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => read(v).map(|v| Some(Column::one(v))).map_err(|e| e.at(key)),
        }
    }

    fn has(&self, key: &str) -> bool {
        self.each.iter().any(|(k, ..)| k == key) || self.one.get(key).is_some_and(|v| !v.is_null())
    }
}

fn text(v: &Value) -> Result<&str, Error> {
    v.as_str().ok_or_else(|| Error::invalid("", v.to_string(), "expected a string"))
}

/// The deadline basis of every row: rules (in areas) or free clocks (with amounts).
fn basis_column(spec: &Spec<'_>) -> Result<Column<Basis>, Error> {
    if spec.has("clock") {
        // A free clock is checked as it is read: `Basis::free` refuses the others.
        let clock = spec.column("clock", |v| {
            let clock: Clock = text(v)?.parse()?;
            Basis::free(clock, 0).map(|_| clock)
        })?;
        let amount = spec.column("amount", |v| {
            v.as_u64()
                .and_then(|n| u32::try_from(n).ok())
                .ok_or_else(|| Error::invalid("", v.to_string(), "expected a whole number >= 0"))
        })?;
        let (Some(clock), Some(amount)) = (clock, amount) else {
            return Err(Error::invalid("amount", "missing", "a clock needs an amount"));
        };
        return clock.zip(&amount, |&c, &a| Basis::free(c, a));
    }
    let rule = spec
        .column("rule", |v| text(v).map(String::from))?
        .ok_or_else(|| Error::invalid("rule", "missing", "give a rule, or a clock and an amount"))?;
    let area = spec
        .column("area", |v| text(v)?.parse::<Area>())?
        .map_or_else(|| Column::one(Area::default()), |a| a.or(Area::default()));
    rule.zip(&area, |id, &area| Ok(Basis::rule(id.clone(), area)))
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
        let accounts = parse_json(accounts).and_then(|v| contract::accounts_from_json(&v));
        accounts.and_then(|a| self.0.merge(&a)).map_err(bad)
    }

    /// Adds earned lots (JSON text of a lots array).
    pub fn earn(&mut self, lots: &str) -> Result<(), String> {
        let lots = parse_json(lots).and_then(|v| contract::lots_from_json(&v));
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
        let n = parse_json(points).map_err(bad)?;
        let points = match n.as_u64() {
            Some(p) => p,
            None if n.as_i64().is_some() => {
                return Err(bad(Error::NegativeAmount { field: "points".into(), value: n.to_string() }));
            }
            None => return Err(bad(Error::invalid("points", n.to_string(), "expected a whole number"))),
        };
        self.0.redeem(on, points, frozen).map_err(bad).and_then(|r| checked(to_value(&r)))
    }

    /// Changes between two dates, both included.
    pub fn history(&self, from: &str, to: &str) -> Result<String, String> {
        let (from, to) = (parse_date("from", from).map_err(bad)?, parse_date("to", to).map_err(bad)?);
        checked(to_value(&self.0.history(from, to)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MARCH_3_9AM: f64 = 1_740_963_600_000.0; // 2025-03-03T09:00:00+08:00

    fn due(engine: &Engine, spec: &str, codes: &[i32], rows: usize) -> Result<Vec<f64>, String> {
        engine.deadlines(&vec![MARCH_3_9AM; rows], spec, codes, true)
    }

    #[test]
    fn per_row_rules_and_areas_combine_into_one_coded_basis() {
        let engine = Engine::default();
        let spec = r#"{"one":{},"each":{"rule":["SLA.FAULT.ORDINARY","SLA.FEEDBACK"],"area":["rural","urban"]}}"#;
        // rows: fault/rural, feedback/urban, fault/(null area: urban), (null rule), fault/urban
        let got = due(&engine, spec, &[0, 1, 0, -1, 0, /* areas */ 0, 1, -1, 0, 1], 5).unwrap();
        let hours = |h: f64| MARCH_3_9AM + h * 3_600_000.0;
        assert_eq!(got[..3], [hours(28.0), hours(48.0), hours(24.0)]);
        assert!(got[3].is_nan());
        assert_eq!(got[4], hours(24.0));
    }

    #[test]
    fn codes_are_checked() {
        let engine = Engine::default();
        let spec = r#"{"one":{"area":"urban"},"each":{"rule":["SLA.FEEDBACK"]}}"#;
        let field = |codes: &[i32], rows| {
            let e: Value = serde_json::from_str(&due(&engine, spec, codes, rows).unwrap_err()).unwrap();
            e["error"]["field"].as_str().unwrap().to_string()
        };
        assert_eq!(field(&[0, 1], 2), "rule[1]");
        assert_eq!(field(&[0, -2], 2), "rule[1]");
        assert_eq!(field(&[0], 2), "codes");
        assert_eq!(due(&engine, spec, &[], 0).unwrap(), Vec::<f64>::new());
        let bad_area = r#"{"one":{},"each":{"rule":["SLA.FEEDBACK"],"area":["urban","suburb"]}}"#;
        let e = engine.deadlines(&[MARCH_3_9AM; 3], bad_area, &[0, 0, 0, 0, 0, 1], false).unwrap_err();
        assert!(e.contains(r#""field":"area[2]""#), "{e}");
    }

    #[test]
    fn engines_from_documents() {
        let layer = r#"{"overlay": "acme", "years": {"2025": {"holidays": [{"date": "2025-12-31", "name": "acme", "name_zh": "停业"}]}}}"#;
        let engine = Engine::new(&[], &[layer.into()]).unwrap();
        let day = engine.call("calendar.day", r#"{"date": "2025-12-31"}"#, false).unwrap();
        assert!(day.contains(r#""working_day":false"#), "{day}");
        let e = Engine::new(&["{\"name\": \"x\"}".into()], &[]).err().expect("an invalid pack is refused");
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
}

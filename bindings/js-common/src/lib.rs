//! What the two JavaScript bindings (`guifan-wasm`, `guifan-node`) share: the default calendar,
//! requests as JSON text, errors as JSON text, and the conversions of the batch calls.
//!
//! Requests cross the boundary as JSON text written by the JS layer (`js/common`): JavaScript's
//! own `JSON.stringify` writes every number as its shortest decimal string, which the core then
//! reads exactly. Conversion only; every rule is computed by `guifan-core`.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, RwLock};

use guifan_core::batch::{self, Arg, OnError, RowError};
use guifan_core::calendar::Calendar;
use guifan_core::deadline::{Area, Basis, Clock, Period};
use guifan_core::evaluate::{self as contract, error_value, parse_json, Request, Response};
use guifan_core::money::parse_money;
use guifan_core::points::PointsLedger;
use guifan_core::time::parse_date;
use guifan_core::Error;
use serde_json::{json, Value};

static CALENDAR: LazyLock<RwLock<Arc<Calendar>>> = LazyLock::new(|| RwLock::new(Arc::new(Calendar::builtin())));

/// The calendar calls use: the built-in schedule plus any loaded years.
pub fn calendar() -> Arc<Calendar> {
    CALENDAR.read().unwrap_or_else(|p| p.into_inner()).clone()
}

/// An error as the JSON text the JS layer turns into a `GuifanError`.
pub fn error_text(e: &Error, row: Option<usize>) -> String {
    let mut v = error_value(e);
    if let Some(row) = row {
        v["error"]["row"] = row.into();
    }
    v.to_string()
}

fn row_error(e: RowError) -> String {
    error_text(&e.error, Some(e.row))
}

/// Adds or replaces calendar years from a JSON document; nothing changes when it fails.
pub fn load_calendar(document: &str) -> Result<Vec<i32>, String> {
    let mut guard = CALENDAR.write().unwrap_or_else(|p| p.into_inner());
    let mut next = Calendar::clone(&guard);
    let years = next.load_json(document).map_err(|e| error_text(&e, None))?;
    *guard = Arc::new(next);
    Ok(years)
}

/// Back to the built-in schedule.
pub fn reset_calendar() {
    *CALENDAR.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(Calendar::builtin());
}

/// The years with a known schedule.
pub fn known_years() -> Vec<i32> {
    calendar().known_years().collect()
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

fn checked(v: Value) -> Result<Value, String> {
    exact_in_js(&v).map(|()| v).map_err(|e| error_text(&e, None))
}

/// `evaluate` on request text: the output object or `{"error": ...}`, never a failure.
pub fn evaluate(request: &str) -> Value {
    let out = contract::evaluate_str(&calendar(), request);
    match exact_in_js(&out) {
        Ok(()) => out,
        Err(e) => error_value(&e),
    }
}

/// One op with its input as JSON text: the output, or the error as JSON text.
pub fn call(op: &str, input: &str, explain: bool) -> Result<Value, String> {
    let input = parse_json(input).map_err(|e| error_text(&e, None))?;
    match contract::evaluate(&calendar(), &Request { op: op.into(), input, explain }) {
        Response::Ok(v) => checked(v),
        Response::Err(e) => Err(error_text(&e, None)),
    }
}

/// A field of the batch spec: one value for every row, or one per row (null allowed).
fn column<T: Copy>(
    spec: &Value,
    key: &'static str,
    rows: usize,
    read: impl Fn(&str, &Value) -> Result<T, Error>,
) -> Result<Option<ColumnArg<T>>, Error> {
    match spec.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(items)) => {
            if items.len() != rows {
                return Err(Error::invalid(
                    key,
                    format!("{} values", items.len()),
                    format!("expected {rows}, one per row"),
                ));
            }
            let mut cache: HashMap<String, T> = HashMap::new();
            let mut out = Vec::with_capacity(rows);
            for (i, item) in items.iter().enumerate() {
                out.push(match item {
                    Value::Null => None,
                    v => {
                        let k = v.to_string();
                        match cache.get(&k) {
                            Some(t) => Some(*t),
                            None => {
                                let t = read(&format!("{key}[{i}]"), v)?;
                                cache.insert(k, t);
                                Some(t)
                            }
                        }
                    }
                });
            }
            Ok(Some(ColumnArg::Each(out)))
        }
        Some(v) => Ok(Some(ColumnArg::One(read(key, v)?))),
    }
}

enum ColumnArg<T> {
    One(T),
    Each(Vec<Option<T>>),
}

impl<T: Copy> ColumnArg<T> {
    fn get(&self, row: usize) -> Option<T> {
        match self {
            ColumnArg::One(v) => Some(*v),
            ColumnArg::Each(v) => v[row],
        }
    }
}

fn text<'a>(field: &str, v: &'a Value) -> Result<&'a str, Error> {
    v.as_str().ok_or_else(|| Error::invalid(field, v.to_string(), "expected a string"))
}

/// Due instants (epoch milliseconds, NaN for null) of tickets started at `starts_ms`. `spec` is
/// JSON text `{"rule", "area"}` or `{"clock", "amount"}`, each a value or an array per row.
pub fn deadlines(starts_ms: &[f64], spec: &str, null_on_error: bool) -> Result<Vec<f64>, String> {
    let bad = |e: Error| error_text(&e, None);
    let spec = parse_json(spec).map_err(bad)?;
    let rows = starts_ms.len();
    let area = column(&spec, "area", rows, |f, v| text(f, v)?.parse::<Area>().map_err(|e| e.at(f))).map_err(bad)?;
    let bases: Vec<Option<Basis>> = if spec.get("clock").is_some_and(|c| !c.is_null()) {
        let clock = column(&spec, "clock", rows, |f, v| text(f, v)?.parse::<Clock>().map_err(|e| e.at(f)));
        let amount = column(&spec, "amount", rows, |f, v| {
            v.as_u64()
                .and_then(|n| u32::try_from(n).ok())
                .ok_or_else(|| Error::invalid(f, v.to_string(), "expected a whole number >= 0"))
        });
        let (clock, amount) = (clock.map_err(bad)?, amount.map_err(bad)?);
        let (Some(clock), Some(amount)) = (clock, amount) else {
            return Err(bad(Error::invalid("amount", "missing", "a clock needs an amount")));
        };
        (0..rows)
            .map(|r| match (clock.get(r), amount.get(r)) {
                (Some(c), Some(a)) => Period::free(c, a).map(|p| Some(Basis::Free(p))),
                _ => Ok(None),
            })
            .collect::<Result<_, _>>()
            .map_err(bad)?
    } else {
        let rule = column(&spec, "rule", rows, |f, v| {
            let id = text(f, v)?;
            guifan_core::deadline::sla_rule(id).map_err(|e| e.at(f))
        })
        .map_err(bad)?
        .ok_or_else(|| bad(Error::invalid("rule", "missing", "give a rule, or a clock and an amount")))?;
        (0..rows)
            .map(|r| {
                rule.get(r).map(|rule| Basis::Rule(rule, area.as_ref().and_then(|a| a.get(r)).unwrap_or_default()))
            })
            .collect()
    };
    let starts: Vec<Option<i64>> =
        starts_ms.iter().map(|&ms| ms.is_finite().then(|| (ms * 1000.0).round() as i64)).collect();
    let on_error = if null_on_error { OnError::Null } else { OnError::Raise };
    let due = batch::deadlines(&calendar(), Arg::Each(&bases), &starts, on_error).map_err(row_error)?;
    Ok(due.into_iter().map(|d| d.map_or(f64::NAN, |us| us as f64 / 1000.0)).collect())
}

/// Tier names (or null) of amounts given as JSON text (an array of numbers, decimal strings or
/// nulls), on `keys`: one of `e_home`, `tianyi`, `other`, `enterprise`, or an array per row.
pub fn tiers(keys: &str, amounts: &str, null_on_error: bool) -> Result<Value, String> {
    let bad = |e: Error| error_text(&e, None);
    let amounts = match parse_json(amounts).map_err(bad)? {
        Value::Array(items) => items,
        other => return Err(bad(Error::invalid("amounts", other.to_string(), "expected an array"))),
    };
    let values: Vec<Option<Result<_, Error>>> = amounts
        .iter()
        .enumerate()
        .map(|(i, v)| match v {
            Value::Null => None,
            Value::String(s) => Some(parse_money(&format!("amounts[{i}]"), s)),
            Value::Number(n) => Some(parse_money(&format!("amounts[{i}]"), &n.to_string())),
            other => Some(Err(Error::invalid(
                format!("amounts[{i}]"),
                other.to_string(),
                "expected a number or a decimal string",
            ))),
        })
        .collect();
    let spec = json!({ "kind_or_brand": parse_json(keys).map_err(bad)? });
    let key = column(&spec, "kind_or_brand", amounts.len(), |f, v| text(f, v)?.parse::<batch::TierKey>())
        .map_err(bad)?
        .ok_or_else(|| bad(Error::invalid("kind_or_brand", "missing", "a brand or enterprise")))?;
    let on_error = if null_on_error { OnError::Null } else { OnError::Raise };
    // Unreadable amounts are bad rows like any other.
    let mut parsed = Vec::with_capacity(values.len());
    for (row, v) in values.into_iter().enumerate() {
        parsed.push(match v {
            None => None,
            Some(Ok(d)) => Some(d),
            Some(Err(_)) if null_on_error => None,
            Some(Err(error)) => return Err(row_error(RowError { row, error })),
        });
    }
    let keys: Vec<Option<batch::TierKey>> = (0..parsed.len()).map(|r| key.get(r)).collect();
    let tiers = batch::tiers(Arg::Each(&keys), &parsed, on_error).map_err(row_error)?;
    Ok(Value::Array(tiers.into_iter().map(|t| t.map_or(Value::Null, |t| t.as_str().into())).collect()))
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
        accounts.and_then(|a| self.0.merge(&a)).map_err(|e| error_text(&e, None))
    }

    /// Adds earned lots (JSON text of a lots array).
    pub fn earn(&mut self, lots: &str) -> Result<(), String> {
        let lots = parse_json(lots).and_then(|v| contract::lots_from_json(&v));
        lots.and_then(|l| self.0.earn(&l)).map_err(|e| error_text(&e, None))
    }

    /// Spendable and expired points on a date.
    pub fn balance(&self, as_of: &str) -> Result<Value, String> {
        let as_of = parse_date("asOf", as_of).map_err(|e| error_text(&e, None))?;
        self.0.balance(as_of).map(|b| to_value(&b)).map_err(|e| error_text(&e, None)).and_then(checked)
    }

    /// Redeems points on a date.
    pub fn redeem(&mut self, on: &str, points: f64, frozen: bool) -> Result<Value, String> {
        let bad = |e: Error| error_text(&e, None);
        let on = parse_date("on", on).map_err(bad)?;
        if points.fract() != 0.0 || !points.is_finite() || points.abs() > 9.0e15 {
            return Err(bad(Error::invalid("points", points.to_string(), "expected a whole number")));
        }
        if points < 0.0 {
            return Err(bad(Error::NegativeAmount { field: "points".into(), value: points.to_string() }));
        }
        self.0.redeem(on, points as u64, frozen).map(|r| to_value(&r)).map_err(bad).and_then(checked)
    }

    /// Changes between two dates, both included.
    pub fn history(&self, from: &str, to: &str) -> Result<Value, String> {
        let bad = |e: Error| error_text(&e, None);
        let (from, to) = (parse_date("from", from).map_err(bad)?, parse_date("to", to).map_err(bad)?);
        checked(to_value(&self.0.history(from, to)))
    }
}

//! The WebAssembly half of the npm package `guifan`: wasm-bindgen exports over the shared JS
//! binding layer. Requests arrive as JSON text written by `js/common`; answers leave as plain
//! objects (serde-wasm-bindgen, JSON-compatible: no Maps); errors are thrown as JSON text that the
//! JS layer turns into `GuifanError`. Conversion only.

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
mod alloc;

use guifan_js_common as common;
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::Value;
use wasm_bindgen::prelude::*;

/// A JSON value serialized with plain JS numbers: the core's exact numbers (kept as text under
/// serde_json's `arbitrary_precision`) become numbers again on the way out.
struct Plain<'a>(&'a Value);

impl Serialize for Plain<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            // Every number the core answers with is a whole count; anything else stays text.
            Value::Number(n) => match n.as_i64() {
                Some(i) => s.serialize_i64(i),
                None => s.serialize_str(&n.to_string()),
            },
            Value::String(t) => s.serialize_str(t),
            Value::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&Plain(item))?;
                }
                seq.end()
            }
            Value::Object(map) => {
                let mut m = s.serialize_map(Some(map.len()))?;
                for (k, v) in map {
                    m.serialize_entry(k, &Plain(v))?;
                }
                m.end()
            }
        }
    }
}

fn js(value: &Value) -> Result<JsValue, JsValue> {
    Plain(value)
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsValue::from_str(&e.to_string()))
}

fn thrown(error: String) -> JsValue {
    JsValue::from_str(&error)
}

/// `evaluate` on request text; errors are answered as data.
#[wasm_bindgen]
pub fn evaluate(request: &str) -> Result<JsValue, JsValue> {
    js(&common::evaluate(request))
}

/// One op with its input as JSON text; throws the error as JSON text.
#[wasm_bindgen]
pub fn call(op: &str, input: &str, explain: bool) -> Result<JsValue, JsValue> {
    js(&common::call(op, input, explain).map_err(thrown)?)
}

/// Adds or replaces calendar years; returns the years loaded.
#[wasm_bindgen(js_name = loadCalendar)]
pub fn load_calendar(document: &str) -> Result<Vec<i32>, JsValue> {
    common::load_calendar(document).map_err(thrown)
}

/// Back to the built-in schedule.
#[wasm_bindgen(js_name = resetCalendar)]
pub fn reset_calendar() {
    common::reset_calendar()
}

/// The years with a known schedule.
#[wasm_bindgen(js_name = knownYears)]
pub fn known_years() -> Vec<i32> {
    common::known_years()
}

/// Due instants (epoch ms, NaN for null) for starts in epoch ms.
#[wasm_bindgen]
pub fn deadlines(starts_ms: &[f64], spec: &str, null_on_error: bool) -> Result<Vec<f64>, JsValue> {
    common::deadlines(starts_ms, spec, null_on_error).map_err(thrown)
}

/// Tier names (or null) for amounts given as JSON text.
#[wasm_bindgen]
pub fn tiers(keys: &str, amounts: &str, null_on_error: bool) -> Result<JsValue, JsValue> {
    js(&common::tiers(keys, amounts, null_on_error).map_err(thrown)?)
}

/// A customer's points ledger.
#[wasm_bindgen]
pub struct Ledger(common::Ledger);

#[wasm_bindgen]
impl Ledger {
    /// An empty ledger.
    #[wasm_bindgen(constructor)]
    pub fn new(customer_id: &str) -> Ledger {
        Ledger(common::Ledger::new(customer_id))
    }

    /// The customer.
    #[wasm_bindgen(getter, js_name = customerId)]
    pub fn customer_id(&self) -> String {
        self.0.customer_id()
    }

    /// Merges accounts (JSON text).
    pub fn merge(&mut self, accounts: &str) -> Result<(), JsValue> {
        self.0.merge(accounts).map_err(thrown)
    }

    /// Adds lots (JSON text).
    pub fn earn(&mut self, lots: &str) -> Result<(), JsValue> {
        self.0.earn(lots).map_err(thrown)
    }

    /// Balance on a date.
    pub fn balance(&self, as_of: &str) -> Result<JsValue, JsValue> {
        js(&self.0.balance(as_of).map_err(thrown)?)
    }

    /// Redeems points on a date.
    pub fn redeem(&mut self, on: &str, points: f64, frozen: bool) -> Result<JsValue, JsValue> {
        js(&self.0.redeem(on, points, frozen).map_err(thrown)?)
    }

    /// Changes between two dates.
    pub fn history(&self, from: &str, to: &str) -> Result<JsValue, JsValue> {
        js(&self.0.history(from, to).map_err(thrown)?)
    }
}

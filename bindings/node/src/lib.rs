//! The native half of the npm package `@guifan/node`: napi-rs exports over the shared JS binding
//! layer, the same surface as the WebAssembly package. Requests arrive as JSON text written by
//! `js/common`; answers leave as plain objects; errors are thrown with their JSON text as the
//! message, which the JS layer turns into `GuifanError`. Conversion only. Every export catches
//! panics (`catch_unwind`), so none can cross into Node; the core is fuzzed to have none.

use guifan_js_common as common;
use napi::bindgen_prelude::Float64Array;
use napi_derive::napi;
use serde_json::Value;

fn thrown(error: String) -> napi::Error {
    napi::Error::from_reason(error)
}

/// `evaluate` on request text; errors are answered as data.
#[napi(catch_unwind)]
pub fn evaluate(request: String) -> Value {
    common::evaluate(&request)
}

/// One op with its input as JSON text; throws the error as JSON text.
#[napi(catch_unwind)]
pub fn call(op: String, input: String, explain: bool) -> napi::Result<Value> {
    common::call(&op, &input, explain).map_err(thrown)
}

/// Adds or replaces calendar years; returns the years loaded.
#[napi(js_name = "loadCalendar", catch_unwind)]
pub fn load_calendar(document: String) -> napi::Result<Vec<i32>> {
    common::load_calendar(&document).map_err(thrown)
}

/// Back to the built-in schedule.
#[napi(js_name = "resetCalendar", catch_unwind)]
pub fn reset_calendar() {
    common::reset_calendar()
}

/// The years with a known schedule.
#[napi(js_name = "knownYears", catch_unwind)]
pub fn known_years() -> Vec<i32> {
    common::known_years()
}

/// Due instants (epoch ms, NaN for null) for starts in epoch ms.
#[napi(catch_unwind)]
pub fn deadlines(starts_ms: Float64Array, spec: String, null_on_error: bool) -> napi::Result<Float64Array> {
    common::deadlines(&starts_ms, &spec, null_on_error).map(Float64Array::new).map_err(thrown)
}

/// Tier names (or null) for amounts given as JSON text.
#[napi(catch_unwind)]
pub fn tiers(keys: String, amounts: String, null_on_error: bool) -> napi::Result<Value> {
    common::tiers(&keys, &amounts, null_on_error).map_err(thrown)
}

/// A customer's points ledger.
#[napi]
pub struct Ledger(common::Ledger);

#[napi]
impl Ledger {
    /// An empty ledger.
    #[napi(constructor, catch_unwind)]
    pub fn new(customer_id: String) -> Self {
        Ledger(common::Ledger::new(&customer_id))
    }

    /// The customer.
    #[napi(getter, js_name = "customerId", catch_unwind)]
    pub fn customer_id(&self) -> String {
        self.0.customer_id()
    }

    /// Merges accounts (JSON text).
    #[napi(catch_unwind)]
    pub fn merge(&mut self, accounts: String) -> napi::Result<()> {
        self.0.merge(&accounts).map_err(thrown)
    }

    /// Adds lots (JSON text).
    #[napi(catch_unwind)]
    pub fn earn(&mut self, lots: String) -> napi::Result<()> {
        self.0.earn(&lots).map_err(thrown)
    }

    /// Balance on a date.
    #[napi(catch_unwind)]
    pub fn balance(&self, as_of: String) -> napi::Result<Value> {
        self.0.balance(&as_of).map_err(thrown)
    }

    /// Redeems points on a date.
    #[napi(catch_unwind)]
    pub fn redeem(&mut self, on: String, points: f64, frozen: bool) -> napi::Result<Value> {
        self.0.redeem(&on, points, frozen).map_err(thrown)
    }

    /// Changes between two dates.
    #[napi(catch_unwind)]
    pub fn history(&self, from: String, to: String) -> napi::Result<Value> {
        self.0.history(&from, &to).map_err(thrown)
    }
}

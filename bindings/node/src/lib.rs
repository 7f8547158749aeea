//! The native half of the npm package `@guifan/node`: napi-rs exports over the shared JS binding
//! layer, the same surface as the WebAssembly package. Requests arrive as JSON text written by
//! `js/common`; answers leave as JSON text for `JSON.parse`; errors are thrown with their JSON
//! text as the message, which the JS layer turns into `GuifanError`. Conversion only. Every
//! export catches panics (`catch_unwind`), so none can cross into Node: one arrives as an error
//! with the panic's message, which the JS layer reports as an `internal` error (a bug in
//! guifan; the core is fuzzed to have none).

use guifan_js_common as common;
use napi::bindgen_prelude::{External, Float64Array, Int32Array, Uint8Array};
use napi_derive::napi;

fn thrown(error: String) -> napi::Error {
    napi::Error::from_reason(error)
}

/// Panics with `message`: for the tests of what the JS layer makes of a panic (an `internal`
/// error). Not part of the API.
#[napi(js_name = "_panicForTests", catch_unwind)]
pub fn panic_for_tests(message: String) {
    panic!("{message}");
}

/// The due epoch ms of a rule's `deadline` (`Engine.deadlineRule`) from a start (epoch ms); NaN
/// when `call` must answer. A function of an external, not a method: napi-rs tracks every
/// method's borrow of its object in a locked global table, which cost more than the deadline.
#[napi(js_name = "dueMs", catch_unwind)]
pub fn due_ms(rule: &External<common::RuleDeadline>, start_ms: f64) -> f64 {
    rule.due_ms(start_ms)
}

/// Rule packs and a calendar.
#[napi]
pub struct Engine(common::Engine);

#[napi]
impl Engine {
    /// An engine over pack documents (none: the built-in pack) and calendar documents loaded on
    /// top of the built-in calendar, all as text; `provisional`: unknown years answered
    /// provisionally. Throws the error as JSON text.
    #[napi(constructor, catch_unwind)]
    pub fn new(packs: Vec<String>, calendars: Vec<String>, provisional: bool) -> napi::Result<Self> {
        common::Engine::new(&packs, &calendars, provisional).map(Engine).map_err(thrown)
    }

    /// `evaluate` on request text; errors are answered as data.
    #[napi(catch_unwind)]
    pub fn evaluate(&self, request: String) -> String {
        self.0.evaluate(&request)
    }

    /// One op with its input as JSON text; throws the error as JSON text.
    #[napi(catch_unwind)]
    pub fn call(&self, op: String, input: String, explain: bool) -> napi::Result<String> {
        self.0.call(&op, &input, explain).map_err(thrown)
    }

    /// Adds or replaces calendar years in place (the JS layer's default engine only).
    #[napi(js_name = "loadCalendar", catch_unwind)]
    pub fn load_calendar(&mut self, document: String) -> napi::Result<Vec<i32>> {
        self.0.load_calendar(&document).map_err(thrown)
    }

    /// The years with a known schedule.
    #[napi(js_name = "knownYears", catch_unwind)]
    pub fn known_years(&self) -> Vec<i32> {
        self.0.known_years()
    }

    /// Each known year with its sources (JSON text).
    #[napi(catch_unwind)]
    pub fn sources(&self) -> String {
        self.0.sources()
    }

    /// The unknown year to warn about on `today` (JSON text, `null` for none).
    #[napi(js_name = "unknownYearAhead", catch_unwind)]
    pub fn unknown_year_ahead(&self, today: String) -> napi::Result<String> {
        self.0.unknown_year_ahead(&today).map_err(thrown)
    }

    /// The packs, in the order they take effect.
    #[napi(catch_unwind)]
    pub fn packs(&self) -> String {
        self.0.packs()
    }

    /// `deadline` of this rule with a start alone, for `dueMs`; null when `call` must answer.
    #[napi(js_name = "deadlineRule", catch_unwind)]
    pub fn deadline_rule(&self, rule: String) -> Option<External<common::RuleDeadline>> {
        self.0.deadline_rule(&rule).map(External::new)
    }

    /// The known years' days from January 1 of the first: 1 working, 0 rest, 2 ask the core.
    #[napi(js_name = "dayTable", catch_unwind)]
    pub fn day_table(&self) -> Uint8Array {
        Uint8Array::new(self.0.day_table())
    }

    /// Due instants (epoch ms, NaN for null) for starts in epoch ms; per-row arguments come
    /// dictionary-encoded (`codes`).
    #[napi(catch_unwind)]
    pub fn deadlines(
        &self,
        starts_ms: Float64Array,
        spec: String,
        codes: Int32Array,
        errors: String,
    ) -> napi::Result<Float64Array> {
        self.0.deadlines(&starts_ms, &spec, &codes, &errors).map(Float64Array::new).map_err(thrown)
    }

    /// Tier names (or null) for amounts given as JSON text.
    #[napi(catch_unwind)]
    pub fn tiers(&self, spec: String, codes: Int32Array, amounts: String, errors: String) -> napi::Result<String> {
        self.0.tiers(&spec, &codes, &amounts, &errors).map_err(thrown)
    }
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
    pub fn balance(&self, as_of: String) -> napi::Result<String> {
        self.0.balance(&as_of).map_err(thrown)
    }

    /// Redeems points (JSON text) on a date.
    #[napi(catch_unwind)]
    pub fn redeem(&mut self, on: String, points: String, frozen: bool) -> napi::Result<String> {
        self.0.redeem(&on, &points, frozen).map_err(thrown)
    }

    /// Changes between two dates.
    #[napi(catch_unwind)]
    pub fn history(&self, from: String, to: String) -> napi::Result<String> {
        self.0.history(&from, &to).map_err(thrown)
    }
}

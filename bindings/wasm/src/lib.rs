//! The WebAssembly half of the npm package `guifan`: wasm-bindgen exports over the shared JS
//! binding layer. Requests arrive as JSON text written by `js/common`; answers leave as JSON text
//! for `JSON.parse`; errors are thrown as JSON text that the JS layer turns into `GuifanError`
//! (a panic, which should never happen, as its message: see `start`). Conversion only.
//!
//! wasm-bindgen frees the Rust side of an `Engine` or `Ledger` when its JS object is
//! garbage-collected (a `FinalizationRegistry`), or at once with `free()`.

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
mod alloc;

use guifan_js_common as common;
use wasm_bindgen::prelude::*;

fn thrown(error: String) -> JsValue {
    JsValue::from_str(&error)
}

/// A panic is a bug in guifan (the core is fuzzed to have none). The hook hands its message to
/// the JS layer as a thrown error, which leaves the module at once as a trap would; the JS layer
/// reports it as an `internal` error and refuses every later call, since the module's state can
/// no longer be trusted.
#[wasm_bindgen(start)]
fn start() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.payload_as_str().unwrap_or("a panic");
        match info.location() {
            Some(at) => wasm_bindgen::throw_str(&format!("{message} (at {at})")),
            None => wasm_bindgen::throw_str(message),
        }
    }));
}

/// Panics with `message`, or traps (`unreachable`) when `trap`: for the tests of what the JS
/// layer makes of either. Not part of the API.
#[wasm_bindgen(js_name = _panicForTests)]
pub fn panic_for_tests(message: &str, trap: bool) {
    if trap {
        // `unreachable` on wasm32.
        std::process::abort();
    }
    panic!("{message}");
}

/// Rule packs and a calendar.
#[wasm_bindgen]
pub struct Engine(common::Engine);

#[wasm_bindgen]
impl Engine {
    /// An engine over pack documents (none: the built-in pack) and calendar documents loaded on
    /// top of the built-in calendar, all as text; `provisional`: unknown years answered
    /// provisionally.
    #[wasm_bindgen(constructor)]
    pub fn new(packs: Vec<String>, calendars: Vec<String>, provisional: bool) -> Result<Engine, JsValue> {
        common::Engine::new(&packs, &calendars, provisional).map(Engine).map_err(thrown)
    }

    /// `evaluate` on request text; errors are answered as data.
    pub fn evaluate(&self, request: &str) -> String {
        self.0.evaluate(request)
    }

    /// One op with its input as JSON text.
    pub fn call(&self, op: &str, input: &str, explain: bool) -> Result<String, JsValue> {
        self.0.call(op, input, explain).map_err(thrown)
    }

    /// Adds or replaces calendar years in place (the JS layer's default engine only).
    #[wasm_bindgen(js_name = loadCalendar)]
    pub fn load_calendar(&mut self, document: &str) -> Result<Vec<i32>, JsValue> {
        self.0.load_calendar(document).map_err(thrown)
    }

    /// The years with a known schedule.
    #[wasm_bindgen(js_name = knownYears)]
    pub fn known_years(&self) -> Vec<i32> {
        self.0.known_years()
    }

    /// Each known year with its sources (JSON text).
    pub fn sources(&self) -> String {
        self.0.sources()
    }

    /// The unknown year to warn about on `today` (JSON text, `null` for none).
    #[wasm_bindgen(js_name = unknownYearAhead)]
    pub fn unknown_year_ahead(&self, today: &str) -> Result<String, JsValue> {
        self.0.unknown_year_ahead(today).map_err(thrown)
    }

    /// The packs, in the order they take effect.
    pub fn packs(&self) -> String {
        self.0.packs()
    }

    /// `deadline` of this rule with a start alone, for `dueMs`; undefined when `call` must answer.
    #[wasm_bindgen(js_name = deadlineRule)]
    pub fn deadline_rule(&self, rule: &str) -> Option<RuleDeadline> {
        self.0.deadline_rule(rule).map(RuleDeadline)
    }

    /// The known years' days: 1 working, 0 rest, 2 ask the core.
    #[wasm_bindgen(js_name = dayTable)]
    pub fn day_table(&self) -> Vec<u8> {
        self.0.day_table()
    }

    /// Due instants (epoch ms, NaN for null) for starts in epoch ms; per-row arguments come
    /// dictionary-encoded (`codes`).
    pub fn deadlines(&self, starts_ms: &[f64], spec: &str, codes: &[i32], errors: &str) -> Result<Vec<f64>, JsValue> {
        self.0.deadlines(starts_ms, spec, codes, errors).map_err(thrown)
    }

    /// Tier names (or null) for amounts given as JSON text.
    pub fn tiers(&self, spec: &str, codes: &[i32], amounts: &str, errors: &str) -> Result<String, JsValue> {
        self.0.tiers(spec, codes, amounts, errors).map_err(thrown)
    }
}

/// A rule of an engine for `deadline` with a start alone (`Engine.deadlineRule`).
#[wasm_bindgen]
pub struct RuleDeadline(common::RuleDeadline);

/// The due epoch ms of a rule's `deadline` from a start (epoch ms); NaN when `call` must answer.
/// A function, as in the napi addon (where methods cost more), so that api.js calls both alike.
#[wasm_bindgen(js_name = dueMs)]
pub fn due_ms(rule: &RuleDeadline, start_ms: f64) -> f64 {
    rule.0.due_ms(start_ms)
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
    pub fn balance(&self, as_of: &str) -> Result<String, JsValue> {
        self.0.balance(as_of).map_err(thrown)
    }

    /// Redeems points (JSON text) on a date.
    pub fn redeem(&mut self, on: &str, points: &str, frozen: bool) -> Result<String, JsValue> {
        self.0.redeem(on, points, frozen).map_err(thrown)
    }

    /// Changes between two dates.
    pub fn history(&self, from: &str, to: &str) -> Result<String, JsValue> {
        self.0.history(from, to).map_err(thrown)
    }
}

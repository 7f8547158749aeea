//! The shared hostile-input table (`spec-tests/hostile/requests.json`) through `evaluate`: the
//! documented error kind or output, in bounded time, never a panic.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use guifan_core::engine::Engine;
use serde_json::{json, Value};

/// The request text of a case, built the way `spec-tests/hostile/README.md` says.
fn text_of(case: &Value) -> String {
    if let Some(text) = case["text"].as_str() {
        return text.to_string();
    }
    if let Some(n) = case["nested_depth"].as_u64() {
        let n = n as usize;
        return format!("{{\"op\":\"dunning\",\"input\":{}{}}}", "[".repeat(n), "]".repeat(n));
    }
    if let Some(n) = case["lots"].as_u64() {
        let lots: Vec<Value> =
            (0..n).map(|i| json!({"id": format!("l{i}"), "points": 1, "earned_on": "2025-01-01"})).collect();
        return json!({"op": "points.redeem", "input": {"lots": lots, "as_of": "2025-06-01", "points": n + 1}})
            .to_string();
    }
    case["request"].to_string()
}

#[test]
fn hostile_requests() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("spec-tests/hostile/requests.json");
    let cases: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let engine = Engine::builtin();
    let mut failures = Vec::new();
    for case in &cases {
        let id = case["id"].as_str().unwrap();
        let started = Instant::now();
        let out: Value = serde_json::from_str(&engine.evaluate_str(&text_of(case))).expect("answers are JSON");
        // A hang detector, not a speed target (those are in the benchmarks): the slowest case, a
        // million lots, takes well under a second in release and about 20 s in a debug build on a
        // busy machine; anything quadratic in it would take hours.
        if started.elapsed() > Duration::from_secs(120) {
            failures.push(format!("{id}: took {:?}", started.elapsed()));
        }
        match (case["expect_error"].as_str(), case["expect"].as_object()) {
            (Some(kind), _) if out["error"]["kind"] != kind => failures.push(format!("{id}: want {kind}, got {out}")),
            (None, Some(expect)) => {
                for (k, v) in expect {
                    if &out[k] != v {
                        failures.push(format!("{id}: {k} want {v}, got {out}"));
                    }
                }
            }
            _ => {}
        }
        if let Some(field) = case["expect_field"].as_str() {
            if out["error"]["field"] != field {
                failures.push(format!("{id}: field want {field}, got {out}"));
            }
        }
        if let Some(error) = out.get("error") {
            assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()), "{id}: no message");
        }
    }
    println!("hostile requests: {} of {} as documented", cases.len() - failures.len(), cases.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Rule packs and calendar documents come from outside too: a key given twice is refused at its
/// path like in a request, with the document's other problems, and nothing is loaded.
#[test]
fn documents_with_a_key_given_twice() {
    use guifan_core::calendar::Calendar;
    use guifan_core::evaluate::error_value;
    use guifan_core::pack::{Pack, BUILTIN_JSON};

    // Two `e_home` tables: which one would rate the customer?
    let pack = BUILTIN_JSON.replacen("\"tianyi\": {", "\"e_home\": {", 1);
    let e = Pack::from_text(&pack).unwrap_err();
    assert_eq!((e.kind(), e.field()), ("invalid_input", Some("tiers.personal.e_home")));
    assert_eq!(error_value(&e)["error"]["problems"][0]["field"], "tiers.personal.e_home");

    let mut calendar = Calendar::builtin();
    let doc = r#"{"years": {"2027": {"holidays": [], "makeup_workdays": [],
        "holidays": [{"date": "2027-01-01", "name": "new_years_day", "name_zh": "元旦"}]}}, "extra": 1}"#;
    let e = calendar.load_json(doc).unwrap_err();
    let fields: Vec<&str> = e.problems().iter().map(|p| p.field.as_str()).collect();
    assert_eq!((e.kind(), fields), ("invalid_input", vec!["years.2027.holidays", "extra"]));
    assert_eq!(calendar.known_years().last(), Some(2026));
}

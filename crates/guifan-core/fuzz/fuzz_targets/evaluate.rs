//! Arbitrary bytes (invalid UTF-8 included) down the path `guifan eval` takes with a line of
//! input: `parse_json` on the bytes, then the built-in engine. An answer, or an error of a known
//! kind with a message and a field path; asking for the explanation changes nothing else.
#![no_main]

use guifan_core::evaluate::{error_value, evaluate_value, parse_json};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

const KINDS: &[&str] = &[
    "invalid_input", "unknown_op", "unknown_rule", "unknown_brand", "negative_amount", "calendar_year_unknown",
    "insufficient_points", "points_frozen", "customer_mismatch", "duplicate_lot_conflict", "override_needs_approval",
    "override_without_downgrade", "override_not_higher", "override_above_previous",
];

fuzz_target!(|data: &[u8]| {
    let request = parse_json(data);
    let out = match &request {
        Ok(request) => evaluate_value(request),
        Err(e) => error_value(e),
    };
    assert!(out.is_object(), "{out}");
    if let Some(error) = out.get("error") {
        let kind = error["kind"].as_str().unwrap_or_default();
        assert!(KINDS.contains(&kind), "unknown kind {kind}");
        assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()), "{out}");
        assert!(error["field"].as_str().is_some_and(|f| !f.is_empty()), "{out}");
    }
    if let Ok(Value::Object(map)) = request {
        if !map.contains_key("explain") {
            let mut explained = map;
            explained.insert("explain".into(), true.into());
            let mut with = evaluate_value(&Value::Object(explained));
            if out.get("error").is_none() {
                assert!(with.as_object_mut().and_then(|m| m.remove("explanation")).is_some(), "{with}");
            }
            assert_eq!(with, out);
        }
    }
});

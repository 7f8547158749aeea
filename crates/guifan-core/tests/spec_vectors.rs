//! Runs every vector of `spec-tests/` through `evaluate`, the contract every binding shares.

use std::collections::HashSet;
use std::path::PathBuf;

use chrono::DateTime;
use guifan_core::calendar::Calendar;
use guifan_core::engine::Engine;
use guifan_core::pack::Pack;
use serde_json::value::RawValue;
use serde_json::Value;

fn spec_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("spec-tests")
}

/// Instants compare as instants; everything else exactly.
fn same(want: &Value, got: &Value) -> bool {
    if let (Value::String(a), Value::String(b)) = (want, got) {
        if let (Ok(x), Ok(y)) = (DateTime::parse_from_rfc3339(a), DateTime::parse_from_rfc3339(b)) {
            return x == y;
        }
    }
    want == got
}

/// The engine a vector runs on: the built-in one, or the vector's `pack` (instead of the
/// built-in pack) and `calendar` (years or a layer loaded on top of the built-in calendar),
/// both paths relative to `spec-tests/`, answering unknown years provisionally with
/// `"provisional": true`.
fn engine_for(vector: &Value) -> Result<Engine, String> {
    let read = |key: &str| -> Result<Option<String>, String> {
        match vector[key].as_str() {
            None => Ok(None),
            Some(rel) => std::fs::read_to_string(spec_dir().join(rel)).map(Some).map_err(|e| format!("{rel}: {e}")),
        }
    };
    let pack = match read("pack")? {
        Some(text) => Pack::from_text(&text).map_err(|e| format!("pack: {e}"))?,
        None => Pack::builtin().clone(),
    };
    let mut calendar = Calendar::builtin();
    if let Some(text) = read("calendar")? {
        calendar.load_json(&text).map_err(|e| format!("calendar: {e}"))?;
    }
    match vector.get("provisional") {
        None => {}
        Some(Value::Bool(on)) => calendar.set_provisional(*on),
        Some(other) => return Err(format!("provisional: {other} is not true or false")),
    }
    Engine::new(vec![pack], calendar).map_err(|e| e.to_string())
}

/// The text of a request: the vector's input exactly as written in its file (amounts such as
/// 3359.999999999999999999 stay exact), through `evaluate_str` like every surface's text path.
fn answer(engine: &Engine, op: &str, input: &RawValue, explain: bool) -> Value {
    let op = serde_json::to_string(op).unwrap();
    let text = format!(r#"{{"op":{op},"input":{},"explain":{explain}}}"#, input.get());
    serde_json::from_str(&engine.evaluate_str(&text)).expect("answers are JSON")
}

fn check(vector: &Value, input: &RawValue, engine: &Engine) -> Result<(), String> {
    let op = vector["op"].as_str().ok_or("no op")?;
    let plain = answer(engine, op, input, false);
    let explained = answer(engine, op, input, true);
    match (&vector["expect"], vector["expect_error"].as_str(), plain.get("error")) {
        (Value::Object(expect), None, None) => {
            for (key, want) in expect {
                let have = plain.get(key).unwrap_or(&Value::Null);
                if !same(want, have) {
                    return Err(format!("{key}: want {want}, got {have}"));
                }
            }
            // Asking for the explanation changes nothing else, and cites at least one rule.
            let Value::Object(mut with) = explained else {
                return Err("explain failed".into());
            };
            let explanation = with.remove("explanation").ok_or("no explanation")?;
            if Value::Object(with) != plain {
                return Err("explain changed the result".into());
            }
            let cited = explanation["rules"].as_array().cloned().unwrap_or_default();
            if cited.is_empty() && op != "rules" {
                return Err("explanation cites no rule".into());
            }
            // A provisional answer says why, in its explanation too.
            if plain["provisional"] == true && !cited.iter().any(|r| r["id"] == "INTERP.PROVISIONAL") {
                return Err("a provisional answer's explanation does not cite INTERP.PROVISIONAL".into());
            }
            Ok(())
        }
        (Value::Null, Some(kind), Some(e)) if e["kind"] == kind => {
            if explained != plain {
                return Err("explain changed the error".into());
            }
            // `expect_field`, when given: the field the error names.
            if let Some(field) = vector.get("expect_field") {
                if e.get("field") != Some(field) {
                    return Err(format!("field: want {field}, got {}", e.get("field").unwrap_or(&Value::Null)));
                }
            }
            Ok(())
        }
        _ => Err(format!("got {plain}")),
    }
}

/// A vector's input as written.
#[derive(serde::Deserialize)]
struct Input<'a> {
    #[serde(borrow)]
    input: &'a RawValue,
}

#[test]
fn every_spec_vector() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(spec_dir())
        .expect("spec-tests/ exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let (mut ids, mut failures, mut count) = (HashSet::new(), Vec::new(), 0);
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let vectors: Vec<Value> = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        // The inputs again, as written: a `Value` would hold amounts as binary floats.
        let inputs: Vec<Input<'_>> = serde_json::from_str(&text).unwrap();
        for (v, Input { input }) in vectors.iter().zip(&inputs) {
            count += 1;
            let id = v["id"].as_str().unwrap_or("<no id>").to_string();
            let name = file.file_name().unwrap().to_string_lossy();
            let rule = v["rule"].as_str().unwrap_or_default();
            if Pack::builtin().rule(rule).is_none() && v.get("pack").is_none() {
                failures.push(format!("{name} {id}: rule {rule:?} is not a RULES.md id"));
            }
            if v["source"].as_str().is_none_or(str::is_empty) {
                failures.push(format!("{name} {id}: no source"));
            }
            if v.get("expect").is_some() == v.get("expect_error").is_some() {
                failures.push(format!("{name} {id}: needs exactly one of expect / expect_error"));
            }
            if !ids.insert(id.clone()) {
                failures.push(format!("{name} {id}: duplicate id"));
            }
            if let Err(why) = engine_for(v).and_then(|engine| check(v, input, &engine)) {
                failures.push(format!("{name} {id}: {why}"));
            }
        }
    }
    println!("spec vectors: {} of {count} passed in {} files", count - failures.len(), files.len());
    assert!(failures.is_empty(), "{} failing vectors:\n{}", failures.len(), failures.join("\n"));
    assert!(count >= 250, "only {count} vectors");
}

//! Tickets through the JSON contract: what the vectors cannot say (a key given twice, the
//! explanation's paused spans and skipped days).

use guifan_core::evaluate::evaluate_str;

fn error(input: &str) -> (String, String) {
    let out: serde_json::Value =
        serde_json::from_str(&evaluate_str(&format!(r#"{{"op":"ticket","input":{input}}}"#))).unwrap();
    let e = &out["error"];
    (e["kind"].as_str().unwrap_or_default().into(), e["field"].as_str().unwrap_or_default().into())
}

#[test]
fn a_done_given_twice_is_refused() {
    let (kind, field) = error(
        r#"{"start":"2025-03-03T09:00","rules":["SLA.FAULT.CONTACT"],
            "done":{"SLA.FAULT.CONTACT":"2025-03-03T10:00","SLA.FAULT.CONTACT":"2025-03-03T11:00"}}"#,
    );
    assert_eq!(kind, "invalid_input");
    assert!(field.ends_with(r#"done["SLA.FAULT.CONTACT"]"#), "{field}");
}

#[test]
fn explanations_show_paused_spans_and_skipped_days() {
    let out: serde_json::Value = serde_json::from_str(&evaluate_str(
        r#"{"op":"ticket","explain":true,"input":{"start":"2025-09-30T10:00","incident":"complaint",
            "customer_class":"ordinary","pauses":[{"from":"2025-10-09T00:00","to":"2025-10-10T00:00"}],
            "as_of":"2025-10-09T12:00"}}"#,
    ))
    .unwrap();
    let steps = out["explanation"]["steps"].as_array().unwrap();
    let pauses: Vec<_> = steps.iter().filter(|s| s["type"] == "pause").collect();
    assert_eq!(pauses.len(), 2, "one per target: {steps:?}");
    assert_eq!(pauses[0]["from"], "2025-10-09T00:00:00+08:00");
    let oct9 = steps.iter().find(|s| s["type"] == "day" && s["date"] == "2025-10-09").unwrap();
    assert_eq!(oct9["counted"], false);
    let ids: Vec<_> = out["explanation"]["rules"].as_array().unwrap().iter().map(|r| r["id"].clone()).collect();
    assert!(ids.contains(&"SLA.TICKET".into()) && ids.contains(&"INTERP.PAUSE".into()), "{ids:?}");
    assert_eq!(out["rule"], "SLA.TICKET");
}

//! The `guifan` binary end to end: the JSON Lines contract, the demo and the friendly commands.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn guifan(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_guifan"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A command that refuses its arguments exits before reading: a closed pipe is fine then.
    let _ = child.stdin.take().unwrap().write_all(stdin);
    child.wait_with_output().unwrap()
}

fn lines(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone()).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn eval_answers_each_line_in_order_and_goes_on_after_bad_ones() {
    let input = b"{\"op\":\"deadline\",\"input\":{\"rule\":\"SLA.COMPLAINT.ORDINARY\",\"start\":\"2025-09-30T10:00:00+08:00\"}}\n\
        {not json\n\
        \xff\xfe\n\
        \n\
        {\"op\":\"calendar.day\",\"input\":{\"date\":\"2027-01-04\"}}\n\
        {\"op\":\"tier\",\"input\":{\"customer\":{\"kind\":\"personal\",\"brand\":\"e_home\",\"annual_spend\":3359.99}}}\n";
    let out = guifan(&["eval", "-"], input);
    assert!(out.status.success());
    let got = lines(&out);
    assert_eq!(got.len(), 5, "one response per non-blank line");
    assert_eq!(got[0]["due"], "2025-10-12T00:00:00+08:00");
    assert_eq!(got[1]["error"]["kind"], "invalid_input");
    assert_eq!(got[2]["error"]["kind"], "invalid_input");
    assert_eq!(got[3]["error"]["kind"], "calendar_year_unknown");
    assert_eq!(got[4]["tier"], "gold");
}

#[test]
fn eval_reads_a_json_array_and_adds_explanations() {
    let input = br#"[{"op":"dunning","input":{"arrears_count":1}},{"op":"nope","input":{}}]"#;
    let out = guifan(&["eval", "--explain"], input);
    let got = lines(&out);
    assert_eq!(got[0]["voice_allowed"], false);
    assert_eq!(got[0]["explanation"]["rules"][0]["id"], "DUNNING.CHANNEL");
    assert_eq!(got[1]["error"]["kind"], "unknown_op");
}

#[test]
fn eval_loads_extra_calendar_years() {
    let dir = std::env::temp_dir().join(format!("guifan-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("2027.json");
    std::fs::write(&file, r#"{"years":{"2027":{"holidays":[{"date":"2027-01-01","name":"new_years_day","name_zh":"元旦"}],"makeup_workdays":[]}}}"#).unwrap();
    let input = br#"{"op":"deadline","input":{"rule":"SLA.COMPLAINT.ORDINARY","start":"2026-12-31T10:00"}}"#;
    let got = lines(&guifan(&["eval", "--calendar", file.to_str().unwrap()], input));
    // 1 Jan 2027 is a holiday: 4, 5 and 6 January count.
    assert_eq!(got[0]["due"], "2027-01-07T00:00:00+08:00");
    std::fs::remove_dir_all(dir).unwrap();
}

fn spec(path: &str) -> String {
    format!("{}/../../spec-tests/{path}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn eval_runs_on_another_pack_and_layered_calendars() {
    let input = br#"{"op":"deadline","input":{"rule":"SLA.COMPLAINT.ORDINARY","start":"2025-09-30T10:00"}}
{"op":"tier","input":{"customer":{"brand":"family_plus","annual_spend":"1500"}}}
{"op":"deadline","input":{"rule":"SLA.COMPLAINT.ORDINARY","start":"2024-12-31T10:00"}}"#;
    for pack in ["packs/sample-province.json", "packs/sample-province.toml"] {
        let out =
            guifan(&["eval", "--pack", &spec(pack), "--calendar", &spec("calendars/company-layer-sample.json")], input);
        let got = lines(&out);
        // Five working days; the layer opens 8 October: 8, 9, 10, 11 (make-up Saturday), 13.
        assert_eq!(got[0]["due"], "2025-10-14T00:00:00+08:00", "{pack}");
        assert_eq!(got[0]["pack"]["name"], "sample-province");
        assert_eq!((&got[1]["tier"], &got[1]["rule"]), (&"gold".into(), &"SAMPLE.TIER.FAMILY_PLUS".into()));
        assert_eq!(got[2]["error"]["field"], "start", "the pack takes effect on 2025-01-01");
    }
}

#[test]
fn invalid_packs_are_refused_with_every_problem() {
    let dir = std::env::temp_dir().join(format!("guifan-cli-pack-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut doc: Value =
        serde_json::from_str(&std::fs::read_to_string(spec("packs/sample-province.json")).unwrap()).unwrap();
    doc["tiers"]["enterprise"]["bands"][1]["min"] = ">= 150000".into();
    doc["sla"][8]["amount"] = (-7).into();
    let file = dir.join("bad.json");
    std::fs::write(&file, doc.to_string()).unwrap();
    let out = guifan(&["pack", &spec("packs/sample-province.toml"), file.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("sample-province.toml: ok — sample-province 1.0"), "{text}");
    assert!(text.contains("refused, 2 problem(s)") && text.contains("tiers.enterprise.bands[1].min"), "{text}");
    assert!(text.contains("sla[8].amount must not be negative"), "{text}");
    let out = guifan(&["eval", "--pack", file.to_str().unwrap()], b"{}");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("tiers.enterprise.bands[1].min"));
    std::fs::remove_dir_all(dir).unwrap();
    // A TOML pack as the JSON the npm packages read: the same pack.
    let out = guifan(&["pack", "--json", &spec("packs/sample-province.toml")], b"");
    let converted: Value = serde_json::from_slice(&out.stdout).unwrap();
    let original: Value =
        serde_json::from_str(&std::fs::read_to_string(spec("packs/sample-province.json")).unwrap()).unwrap();
    assert_eq!(converted, original);
    // Without files: the built-in pack, which itself checks out.
    let out = guifan(&["pack"], b"");
    let builtin: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(builtin["name"], "guifan-builtin");
}

#[test]
fn demo_prints_its_report() {
    let out = guifan(&["demo"], b"");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for section in ["TIERS", "STATUS", "DEADLINES", "RULES CITED", "SLA.COMPLAINT.ORDINARY", "TIER.OVERRIDE"] {
        assert!(text.contains(section), "missing {section}");
    }
    assert!(!text.contains("INPUT PROBLEMS"));
}

#[test]
fn friendly_commands() {
    let out = guifan(&["deadline", "--rule", "SLA.REPAIR.SAMEDAY", "--start", "2025-03-03T16:00", "--json"], b"");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["due"], "2025-03-05T00:00:00+08:00");
    let out =
        guifan(&["deadline", "--rule", "SLA.COMPLAINT.ORDINARY", "--start", "2025-09-30T10:00", "--explain"], b"");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("2025年10月11日 24:00") && text.contains("national_day") && text.contains("makeup_workday"));
    let out = guifan(&["tier", "--brand", "nobrand", "--spend", "1"], b"");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr).unwrap().contains("unknown_brand"));
    let out = guifan(&["rules", "NOTIFY.WINDOW"], b"");
    assert!(String::from_utf8(out.stdout).unwrap().contains("新疆、西藏相应后延2 个小时"));
    let out = guifan(&["calendar", "2025-10"], b"");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("11M") && text.contains("国庆节"));
    let out = guifan(&["calendar", "2027-01"], b"");
    assert!(String::from_utf8(out.stdout).unwrap().contains("?"));
    assert_eq!(out.status.code(), Some(1));
}

/// The shared hostile-input table as JSON Lines: one answer per line, each of the documented kind.
#[test]
fn eval_answers_the_hostile_table() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../spec-tests/hostile/requests.json");
    let cases: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut input = Vec::new();
    for case in &cases {
        let text = if let Some(t) = case["text"].as_str() {
            t.to_string()
        } else if let Some(n) = case["nested_depth"].as_u64() {
            let n = n as usize;
            format!("{{\"op\":\"dunning\",\"input\":{}{}}}", "[".repeat(n), "]".repeat(n))
        } else if let Some(n) = case["lots"].as_u64() {
            let lots: Vec<Value> = (0..n)
                .map(|i| serde_json::json!({"id": format!("l{i}"), "points": 1, "earned_on": "2025-01-01"}))
                .collect();
            serde_json::json!({"op": "points.redeem", "input": {"lots": lots, "as_of": "2025-06-01", "points": n + 1}})
                .to_string()
        } else {
            case["request"].to_string()
        };
        input.extend_from_slice(text.as_bytes());
        input.push(b'\n');
    }
    let out = guifan(&["eval"], &input);
    assert!(out.status.success());
    let answers = lines(&out);
    assert_eq!(answers.len(), cases.len());
    for (case, answer) in cases.iter().zip(&answers) {
        match case["expect_error"].as_str() {
            Some(kind) => {
                assert_eq!(answer["error"]["kind"], kind, "{}", case["id"]);
                if let Some(field) = case.get("expect_field") {
                    assert_eq!(&answer["error"]["field"], field, "{}", case["id"]);
                }
            }
            None => {
                for (k, v) in case["expect"].as_object().unwrap() {
                    assert_eq!(&answer[k], v, "{}", case["id"]);
                }
            }
        }
    }
}

//! The `guifan` binary end to end: the JSON Lines contract, the demo and the friendly commands.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, Output, Stdio};

use chrono::DateTime;
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
        {\"op\":\"dunning\",\"input\":{\"arrears_count\":\"\xff\"}}\n\
        {\"op\":\"calendar.day\",\"input\":{\"date\":\"2027-01-04\"}}\n\
        {\"op\":\"tier\",\"input\":{\"customer\":{\"kind\":\"personal\",\"brand\":\"e_home\",\"annual_spend\":3359.99}}}\n";
    let out = guifan(&["eval", "-"], input);
    assert!(out.status.success());
    let got = lines(&out);
    assert_eq!(got.len(), 6);
    assert_eq!(got[0]["due"], "2025-10-12T00:00:00+08:00");
    assert_eq!(got[1]["error"]["kind"], "invalid_input");
    // Invalid UTF-8, alone or inside a string: the line is not JSON.
    assert_eq!((&got[2]["error"]["kind"], &got[2]["error"]["field"]), (&"invalid_input".into(), &"request".into()));
    assert!(got[3]["error"]["message"].as_str().unwrap().contains("not valid JSON"), "{}", got[3]);
    assert_eq!(
        (&got[4]["error"]["kind"], &got[4]["error"]["field"]),
        (&"calendar_year_unknown".into(), &"date".into())
    );
    assert_eq!(got[5]["tier"], "gold");
}

/// Output line N answers input line N: a blank line inside the input is answered with an error,
/// blank lines at the end are not requests.
#[test]
fn eval_answers_blank_lines_so_line_numbers_stay_aligned() {
    let dunning = |n: u32| format!("{{\"op\":\"dunning\",\"input\":{{\"arrears_count\":{n}}}}}");
    let input = format!("\n  \n{}\n\n{}\r\n \t\r\n{}\n\n \n\n", dunning(1), dunning(2), dunning(3));
    let got = lines(&guifan(&["eval"], input.as_bytes()));
    let kinds: Vec<String> = got
        .iter()
        .map(|v| match &v["error"] {
            Value::Null => format!("voice {}", v["voice_allowed"]),
            e => format!("{} {}", e["kind"].as_str().unwrap(), e["message"].as_str().unwrap()),
        })
        .collect();
    let empty = "invalid_input invalid request:  (empty line)";
    assert_eq!(kinds, [empty, empty, "voice false", empty, "voice true", empty, "voice true"]);
    // Only blank lines, or nothing at all: no requests, no answers.
    assert!(guifan(&["eval"], b"\n \n\n").stdout.is_empty());
    assert!(guifan(&["eval"], b"").stdout.is_empty());
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
    for section in
        ["TIERS", "STATUS", "TICKETS", "RULES CITED", "SLA.COMPLAINT.ORDINARY", "TIER.OVERRIDE", "SLA.TICKET"]
    {
        assert!(text.contains(section), "missing {section}");
    }
    assert!(text.contains("by the customer's class (VIP = card holder): complaints: brand 18, ordinary 36, vip 81"));
    assert!(!text.contains("INPUT PROBLEMS"));
    assert_eq!(guifan(&["demo"], b"").stdout, text.as_bytes(), "the same report every run");
}

/// The demo says which calendar it runs on, and warns as `guifan calendar` does when the year
/// after its day is near and unknown.
#[test]
fn demo_says_what_calendar_is_known() {
    let text = String::from_utf8(guifan(&["demo"], b"").stdout).unwrap();
    assert!(
        text.contains("calendar: working-day schedules of 2004–2026 known; 2026 from 国务院办公厅关于2026年"),
        "{text}"
    );
    assert!(!text.contains("warning:"), "2026 is known on 2025-12-31");
    let late = String::from_utf8(guifan(&["demo", "--as-of", "2026-12-02"], b"").stdout).unwrap();
    assert!(late.contains("warning: 2027 starts in 30 day(s) and its schedule is not known"), "{late}");
    let early = String::from_utf8(guifan(&["demo", "--as-of", "2026-11-01"], b"").stdout).unwrap();
    assert!(!early.contains("warning:"), "61 days ahead is not yet within the warning");
}

/// Complaint and fault tickets get the rule of the customer's class from the engine: VIP for a
/// card holder, brand for 我的e家 without a card, ordinary otherwise; one filed under another
/// class's rule is reported and timed by its own.
#[test]
fn demo_picks_the_rule_by_the_customers_class() {
    let dir = std::env::temp_dir().join(format!("guifan-cli-demo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let customers = "customer_id,kind,brand,annual_spend,annual_revenue,previous_tier\n\
        V,personal,tianyi,4000,,gold\nB,personal,e_home,100,,none\nO,personal,tianyi,100,,none\nE,enterprise,,,1000,none\n";
    let tickets = "ticket_id,customer_id,kind,rule,area,start,done\n\
        t1,V,complaint,,urban,2025-09-30T10:00,2025-09-30T10:00\n\
        t2,B,complaint,,urban,2025-09-30T10:00,2025-10-11T12:00\n\
        t3,O,fault,,rural,2025-09-30T10:00,2025-10-01T14:01\n\
        t4,E,complaint,,urban,2025-09-30T10:00,\n\
        t5,O,,SLA.REPAIR.SAMEDAY,urban,2025-03-03T16:00,2025-03-04T09:00\n\
        t6,O,complaint,SLA.COMPLAINT.VIP,urban,2025-03-03T16:00,\n\
        t7,X,fault,,urban,2025-03-03T16:00,\n\
        t8,O,billing,,urban,2025-03-03T16:00,\n\
        t9,O,,,urban,2025-03-03T16:00,\n";
    for (name, text) in [("customers.csv", customers), ("lines.csv", "customer_id,line_id\n"), ("tickets.csv", tickets)]
    {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let out = guifan(&["demo", "--data", dir.to_str().unwrap()], b"");
    let text = String::from_utf8(out.stdout).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(out.status.code(), Some(1), "input problems: {text}");
    let table = targets_table(&text);
    let row = |group: &str, rule: &str| table.get(&(group.to_string(), rule.to_string())).copied();
    // met, breached, running, paused at the end of 2025-12-31: only each ticket's last target is
    // done (tickets.csv `done`), the others were never done and are long past their due.
    assert_eq!(row("complaint/vip", "SLA.COMPLAINT.VIP"), Some([0, 1, 0, 0]), "{text}");
    assert_eq!(row("complaint/vip", "SLA.COMPLAINT.BRAND"), Some([1, 0, 0, 0]), "{text}");
    assert_eq!(row("complaint/brand", "SLA.COMPLAINT.BRAND"), Some([0, 1, 0, 0]), "{text}");
    assert_eq!(row("complaint/ordinary", "SLA.COMPLAINT.ORDINARY"), Some([0, 2, 0, 0]), "{text}");
    assert_eq!(row("complaint/ordinary", "SLA.DISPUTE.INITIAL"), Some([0, 2, 0, 0]), "{text}");
    assert_eq!(row("fault/ordinary", "SLA.FAULT.ORDINARY"), Some([0, 1, 0, 0]), "{text}");
    assert_eq!(row("work orders", "SLA.REPAIR.SAMEDAY"), Some([1, 0, 0, 0]), "{text}");
    assert!(text.contains("complaints: brand 1, ordinary 2, vip 1; faults: ordinary 1"), "{text}");
    assert!(text.contains("filed under another class's rule: 1"), "{text}");
    assert!(
        text.contains("t6: filed under SLA.COMPLAINT.VIP; complaint, class ordinary: SLA.COMPLAINT.ORDINARY"),
        "{text}"
    );
    assert!(text.contains("INPUT PROBLEMS — 3 row(s) left out of the figures above"), "{text}");
    assert!(text.contains("tickets.csv line 8: invalid customer_id: X"), "{text}");
    assert!(
        text.contains("tickets.csv line 9: invalid kind: billing") && text.contains("accepted: complaint, fault"),
        "{text}"
    );
    assert!(text.contains("tickets.csv line 10: invalid kind:  (give a ticket kind"), "{text}");
}

#[test]
fn friendly_commands() {
    let out = guifan(&["deadline", "--rule", "SLA.REPAIR.SAMEDAY", "--start", "2025-03-03T16:00", "--json"], b"");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["due"], "2025-03-05T00:00:00+08:00");
    let out =
        guifan(&["deadline", "--rule", "SLA.COMPLAINT.ORDINARY", "--start", "2025-09-30T10:00", "--explain"], b"");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("due 2025-10-11 24:00 (2025-10-12T00:00:00+08:00)"), "{text}");
    assert!(text.contains("national_day") && text.contains("makeup_workday"));
    let out = guifan(&["tier", "--brand", "nobrand", "--spend", "1"], b"");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr).unwrap().contains("unknown_brand"));
    let out = guifan(&["rules", "NOTIFY.WINDOW"], b"");
    assert!(String::from_utf8(out.stdout).unwrap().contains("新疆、西藏相应后延2 个小时"));
    let out = guifan(&["calendar", "2025-10"], b"");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("11M") && text.contains("国庆节"));
}

/// `--provisional` on every command: years without a published schedule answered from the
/// statutory holidays, and every such answer says so; without it they stay unknown.
#[test]
fn provisional_answers_only_on_request_and_always_flagged() {
    let request = br#"{"op":"deadline","input":{"rule":"SLA.COMPLAINT.ORDINARY","start":"2026-12-29T10:00"}}"#;
    let got = lines(&guifan(&["eval", "--provisional"], request));
    assert_eq!(got[0]["due"], "2027-01-05T00:00:00+08:00");
    assert_eq!((&got[0]["provisional"], &got[0]["provisional_years"]), (&true.into(), &serde_json::json!([2027])));
    let explained = lines(&guifan(&["eval", "--explain", "--provisional"], request));
    let rules: Vec<&Value> =
        explained[0]["explanation"]["rules"].as_array().unwrap().iter().map(|r| &r["id"]).collect();
    assert!(rules.contains(&&"INTERP.PROVISIONAL".into()), "{rules:?}");
    assert_eq!(lines(&guifan(&["eval"], request))[0]["error"]["kind"], "calendar_year_unknown");

    let start = ["deadline", "--rule", "SLA.COMPLAINT.ORDINARY", "--start", "2026-12-29T10:00"];
    let out = guifan(&[&start[..], &["--provisional"]].concat(), b"");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("due 2027-01-04 24:00") && text.contains("provisional: no published schedule of 2027"),
        "{text}"
    );
    let out = guifan(&[&start[..], &["--provisional", "--explain"]].concat(), b"");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("全国年节及纪念日放假办法") && text.contains("补假"), "{text}");
    assert_eq!(guifan(&start, b"").status.code(), Some(1));

    let out = guifan(&["--provisional", "calendar", "2027-02"], b"");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{text}");
    assert!(text.contains(" 5H") && text.contains(" 8H") && text.contains(" 9W") && text.contains("春节"), "{text}");
    assert!(text.contains("provisional: no published schedule of 2027"), "{text}");
    let out = guifan(&["calendar", "2027-02-05", "--provisional"], b"");
    assert!(String::from_utf8(out.stdout).unwrap().contains("rest day — holiday (春节); provisional"));
    // A published year loaded next to the flag answers as published.
    let sample = spec("calendars/2027-sample.json");
    let got = lines(&guifan(&["eval", "--provisional", "--calendar", &sample], request));
    assert_eq!(got[0].get("provisional"), None, "{}", got[0]);
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

/// Instants compare as instants, everything else exactly (as the core's spec-vector runner does).
fn same(want: &Value, got: &Value) -> bool {
    if let (Value::String(a), Value::String(b)) = (want, got) {
        if let (Ok(x), Ok(y)) = (DateTime::parse_from_rfc3339(a), DateTime::parse_from_rfc3339(b)) {
            return x == y;
        }
    }
    want == got
}

/// Every vector of `spec-tests/` through the binary, one run per pack, calendar and provisional
/// mode the vectors name (`--pack`, `--calendar`, `--provisional`), answers matched key by key
/// or by error kind.
#[test]
fn eval_answers_every_spec_vector() {
    let mut files: Vec<_> = std::fs::read_dir(spec(""))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut groups: BTreeMap<(Option<String>, Option<String>, bool), Vec<Value>> = BTreeMap::new();
    for file in &files {
        let vectors: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        for v in vectors {
            let key = |k: &str| v[k].as_str().map(str::to_string);
            groups.entry((key("pack"), key("calendar"), v["provisional"] == true)).or_default().push(v);
        }
    }
    let (mut count, mut failures) = (0, Vec::new());
    for ((pack, calendar, provisional), vectors) in &groups {
        let mut args = vec!["eval".to_string()];
        if *provisional {
            args.push("--provisional".into());
        }
        for (flag, file) in [("--pack", pack), ("--calendar", calendar)] {
            if let Some(file) = file {
                args.extend([flag.to_string(), spec(file)]);
            }
        }
        let mut input = String::new();
        for v in vectors {
            input += &serde_json::json!({"op": v["op"], "input": v["input"]}).to_string();
            input.push('\n');
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = guifan(&args, input.as_bytes());
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        let answers = lines(&out);
        assert_eq!(answers.len(), vectors.len(), "{args:?}");
        for (v, got) in vectors.iter().zip(&answers) {
            count += 1;
            let id = v["id"].as_str().unwrap();
            match (&v["expect"], v["expect_error"].as_str()) {
                (Value::Object(expect), None) if got.get("error").is_none() => {
                    for (key, want) in expect {
                        let have = got.get(key).unwrap_or(&Value::Null);
                        if !same(want, have) {
                            failures.push(format!("{id}: {key} want {want}, got {have}"));
                        }
                    }
                }
                (Value::Null, Some(kind)) if got["error"]["kind"] == kind => {}
                _ => failures.push(format!("{id}: got {got}")),
            }
        }
    }
    assert_eq!(groups.len(), 7, "one run per pack, calendar and provisional mode");
    assert!(count >= 600, "only {count} vectors");
    assert!(failures.is_empty(), "{} of {count} failing:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn eval_lists_the_rule_ids_for_an_unknown_one() {
    let got = lines(&guifan(&["eval"], br#"{"op":"rules","input":{"id":"SLA.NOPE"}}"#));
    let error = &got[0]["error"];
    assert_eq!(
        (&error["kind"], &error["field"], &error["value"]),
        (&"unknown_rule".into(), &"id".into(), &"SLA.NOPE".into())
    );
    let message = error["message"].as_str().unwrap();
    for id in ["TIER.PERSONAL.EHOME", "SLA.COMPLAINT.ORDINARY", "NOTIFY.WINDOW", "CALL.FORBIDDEN"] {
        assert!(message.contains(id), "{message}");
    }
}

fn notice(file: &str) -> String {
    format!("{}/../../spec-tests/notices/{file}", env!("CARGO_MANIFEST_DIR"))
}

/// `calendar from-notice` writes the document `--calendar` loads as it is; a notice with
/// problems gets nothing written and every problem with its file and line.
#[test]
fn calendar_from_notice_writes_a_file_calendar_loads() {
    let dir = std::env::temp_dir().join(format!("guifan-from-notice-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out_file = dir.join("2020.json");
    let out = guifan(
        &[
            "calendar",
            "from-notice",
            &notice("2020.txt"),
            &notice("2020-extension.txt"),
            "-o",
            out_file.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let out = guifan(&["calendar", "2020-02-01", "--json", "--calendar", out_file.to_str().unwrap()], b"");
    let day: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((day["holiday"].as_bool(), day["holiday_name"].as_str()), (Some(true), Some("spring_festival")));
    // Standard output is the same document.
    let out = guifan(&["calendar", "from-notice", &notice("2026.txt")], b"");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["years"]["2026"]["makeup_workdays"].as_array().unwrap().len(), 6);

    let bad = dir.join("bad.txt");
    let text = std::fs::read_to_string(notice("2026.txt"))
        .unwrap()
        .replace("共3天。1月4日", "共4天。1月4日")
        .replace("5月9日(周六)", "5月9日(周二)");
    std::fs::write(&bad, text).unwrap();
    let refused = dir.join("refused.json");
    let out = guifan(
        &["calendar", "from-notice", &notice("2025.txt"), bad.to_str().unwrap(), "-o", refused.to_str().unwrap()],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty() && !refused.exists());
    let errors = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = errors.lines().collect();
    assert!(
        lines[0].ends_with("bad.txt: line 7: 共4天, but the days listed are 3 (2026-01-01 to 2026-01-03)"),
        "{errors}"
    );
    assert!(lines[1].contains("bad.txt: line 13: 5月9日(周二)"), "{errors}");
    assert!(lines[2].contains("2 problem(s); nothing written"), "{errors}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `guifan calendar` lists the known years with their sources and warns, by the core's rule,
/// when next year starts within 60 days without a schedule.
#[test]
fn calendar_lists_known_years_and_warns_before_an_unknown_year() {
    let out = guifan(&["calendar", "--today", "2026-12-02"], b"");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("Known years: 2004–2026"));
    assert!(text.contains("2026  国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04)"));
    let warning = String::from_utf8(out.stderr).unwrap();
    assert!(warning.contains("2027 starts in 30 day(s)") && warning.contains("from-notice"), "{warning}");
    // 61 days before: no warning; 60: a warning.
    assert!(guifan(&["calendar", "--today", "2026-11-01"], b"").stderr.is_empty());
    assert!(!guifan(&["calendar", "--today", "2026-11-02"], b"").stderr.is_empty());
    // With 2027 loaded, nothing to warn about, and 2027 is listed with its source.
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/../../spec-tests/calendars/2027-sample.json");
    let out = guifan(&["calendar", "--today", "2026-12-02", "--json", "--calendar", sample], b"");
    assert!(out.stderr.is_empty());
    let listing: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(listing["unknown_year_ahead"], Value::Null);
    assert_eq!(listing["years"].as_array().unwrap().last().unwrap()["year"], 2027);
    let out = guifan(&["calendar", "--today", "2028-01-05", "--json"], b"");
    let listing: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(listing["unknown_year_ahead"]["year"], 2028);
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A typo'd rule id gets the nearest ids, not the whole catalogue, wherever a rule id is typed.
#[test]
fn a_typo_gets_the_nearest_rule_ids() {
    for args in [
        &["rules", "SLA.COMPLAINT.ORDINRY"][..],
        &["rules", "sla.complaint.ordinary"],
        &["deadline", "--rule", "SLA.COMPLAINT.ORDINRY", "--start", "2025-09-30T10:00"],
    ] {
        let out = guifan(args, b"");
        let text = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(text.starts_with("error unknown_rule: "), "{text}");
        assert!(text.contains("did you mean SLA.COMPLAINT.ORDINARY?"), "{text}");
        assert!(!text.contains("CALL.FORBIDDEN") && !text.contains("TIER.REVIEW"), "the whole list: {text}");
        assert!(text.contains("`guifan rules` lists every rule"), "{text}");
    }
    // A short list stays, with the nearest name first.
    let text = stderr(&guifan(&["tier", "--brand", "ehome", "--spend", "5"], b""));
    assert!(text.contains("accepted: e_home, tianyi, other") && text.contains("did you mean e_home?"), "{text}");
}

/// Errors name the flag that was typed, and a negative number is a value, for the core to refuse.
#[test]
fn errors_name_the_flags_typed() {
    let cases: [(&[&str], &str); 6] = [
        (
            &["tier", "--brand", "e_home", "--spend", "-5"],
            "error negative_amount: --spend must not be negative, got -5",
        ),
        (&["tier", "--kind", "enterprise", "--revenue", "-1"], "error negative_amount: --revenue must not be negative"),
        (&["tier", "--brand", "tianyi", "--spend", "1", "--monthly-fee", "-80"], "--monthly-fee must not be negative"),
        (&["tier", "--brand", "e_home", "--spend", "abc"], "error invalid_input: invalid --spend: abc"),
        (
            &["deadline", "--clock", "working_days", "--amount", "-3", "--start", "2025-09-30T10:00"],
            "error negative_amount: --amount must not be negative, got -3",
        ),
        (
            &["deadline", "--rule", "SLA.COMPLAINT.ORDINARY", "--start", "2025-13-30T10:00"],
            "invalid --start: 2025-13-30",
        ),
    ];
    for (args, want) in cases {
        let out = guifan(args, b"");
        let text = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {text}");
        assert!(text.contains(want), "{args:?}: {text}");
        assert!(!text.contains("customer.") && !text.contains("package."), "{text}");
    }
    let out = guifan(&["demo", "--as-of", "2025-13-01"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("invalid --as-of: 2025-13-01"), "{}", stderr(&out));
}

/// A deadline without a rule or a clock is refused by the argument parser, naming both.
#[test]
fn a_deadline_needs_a_rule_or_a_clock() {
    let out = guifan(&["deadline", "--start", "2025-09-30T10:00"], b"");
    let text = stderr(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(text.contains("--rule <RULE>|--clock <CLOCK>"), "{text}");
    let out = guifan(&["deadline", "--clock", "working_days", "--start", "2025-09-30T10:00"], b"");
    assert!(stderr(&out).contains("--amount"), "{}", stderr(&out));
}

/// A month or a day of a year without a schedule: no grid of unknowns, but what is missing and
/// how to load it.
#[test]
fn an_unknown_year_says_how_to_load_it() {
    for when in ["2030-01", "2030-01-05"] {
        let out = guifan(&["calendar", when], b"");
        let text = stderr(&out);
        assert_eq!(out.status.code(), Some(1));
        assert!(out.stdout.is_empty(), "{}", String::from_utf8_lossy(&out.stdout));
        assert!(text.contains(&format!("error calendar_year_unknown: {when}: the working-day schedule of 2030")));
        assert!(text.contains("--calendar FILE") && text.contains("guifan calendar from-notice"), "{text}");
        assert!(text.contains("--provisional answers from the statutory holidays"), "{text}");
    }
    assert!(stderr(&guifan(&["calendar", "2030-01"], b"")).contains("known years: 2004–2026"));
    // A deadline running into an unknown year says the same.
    let text = stderr(&guifan(&["deadline", "--rule", "SLA.COMPLAINT.ORDINARY", "--start", "2026-12-30T10:00"], b""));
    assert!(text.contains("schedule of 2027 is not known") && text.contains("--calendar FILE"), "{text}");
}

/// The catalogue's columns line up on screen: a Chinese character takes two columns.
#[test]
fn rules_columns_line_up_by_display_width() {
    use unicode_width::UnicodeWidthStr;
    let out = guifan(&["rules"], b"");
    let text = String::from_utf8(out.stdout).unwrap();
    let catalogue = guifan_core::pack::Pack::builtin().catalogue();
    let widths: Vec<usize> = text
        .lines()
        .zip(&catalogue)
        .map(|(line, r)| line.strip_suffix(r.summary.as_ref()).map(UnicodeWidthStr::width).unwrap_or(0))
        .collect();
    assert_eq!(widths.len(), catalogue.len());
    assert!(widths.iter().all(|w| *w == widths[0] && *w > 0), "{widths:?}\n{text}");
    assert!(text.contains("第三章 VIP会员评级标准 (二)"), "{text}");
}

/// `rules ID` names the document by its title from the core's catalogue, not a seed file.
#[test]
fn a_rule_names_its_documents_title() {
    let rule = guifan_core::pack::Pack::builtin().rule("SLA.FAULT.ORDINARY").unwrap();
    let text = String::from_utf8(guifan(&["rules", "SLA.FAULT.ORDINARY"], b"").stdout).unwrap();
    assert!(text.contains(&format!("  source: {}\n", rule.document.title)), "{text}");
    let file = rule.document.file.expect("a seed document");
    assert!(!text.contains(file.as_ref()), "{text}");
}

#[test]
fn completions_and_manual_pages() {
    for (shell, marker) in [("bash", "_guifan()"), ("zsh", "#compdef guifan"), ("fish", "complete -c guifan")] {
        let out = guifan(&["completions", shell], b"");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(out.status.success() && text.contains(marker), "{shell}");
        assert!(text.contains("deadline") && text.contains("calendar") && text.contains("from-notice"), "{shell}");
    }
    let page = String::from_utf8(guifan(&["man"], b"").stdout).unwrap();
    assert!(page.contains(".TH guifan 1") && page.contains("deadline"), "{page}");
    let dir = std::env::temp_dir().join(format!("guifan-man-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    assert!(guifan(&["man", "--dir", dir.to_str().unwrap()], b"").status.success());
    let deadline = std::fs::read_to_string(dir.join("guifan-deadline.1")).unwrap();
    assert!(deadline.contains("\\-\\-rule") && deadline.contains("\\-\\-clock"), "{deadline}");
    std::fs::remove_dir_all(&dir).unwrap();
    // Read by `head`: the rest is dropped quietly.
    let mut child = Command::new(env!("CARGO_BIN_EXE_guifan"))
        .args(["completions", "bash"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success() && out.stderr.is_empty(), "{}", stderr(&out));
}

/// The demo writes instants one way, says what each count counts, and puts the rows it could
/// not use where they are seen: announced first, listed last, counted on standard error.
#[test]
fn demo_reads_as_one_report() {
    let out = guifan(&["demo"], b"");
    let text = String::from_utf8(out.stdout).unwrap();
    for line in text.lines().filter(|l| l.contains("holiday:") || l.contains("breached:")) {
        let iso = line.as_bytes().windows(5).any(|w| w[0].is_ascii_digit() && w[1] == b'T' && w[4] == b':');
        assert!(!line.contains('年') && !iso, "two styles: {line}");
    }
    assert!(text.contains("T00098 SLA.COMPLAINT.ORDINARY: started 2025-09-30 12:05 → due 2025-10-11 24:00"), "{text}");
    assert!(text.contains("members by status, one each (cancelled beats frozen beats active): active 230"));
    assert!(text.contains("members meeting each rule (one may meet several"));
    assert!(text.contains("breached: done after it, or not done and the due passed; running: not done,"));
    assert!(text.contains("TICKETS as of 2025-12-31 24:00"), "{text}");

    let dir = std::env::temp_dir().join(format!("guifan-cli-problems-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let customers = "customer_id,kind,brand,annual_spend\nA,personal,tianyi,100\nB,personal,nobrand,100\n";
    let tickets =
        "ticket_id,customer_id,kind,rule,area,start,done\nt1,A,complaint,,urban,2025-09-30T10:00,\nt2,X,fault,,,2025-09-30T10:00,\n";
    for (name, body) in [("customers.csv", customers), ("lines.csv", "customer_id,line_id\n"), ("tickets.csv", tickets)]
    {
        std::fs::write(dir.join(name), body).unwrap();
    }
    let out = guifan(&["demo", "--data", dir.to_str().unwrap()], b"");
    std::fs::remove_dir_all(&dir).unwrap();
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[2].starts_with("2 input row(s) could not be used"), "{text}");
    let at = lines.iter().position(|l| l.starts_with("INPUT PROBLEMS")).unwrap();
    assert!(at > lines.iter().position(|l| l.starts_with("RULES CITED")).unwrap(), "problems last: {text}");
    assert_eq!(lines.len(), at + 3, "{text}");
    assert!(lines[at + 1].contains("customers.csv line 3") && lines[at + 1].contains("unknown_brand"), "{text}");
    assert!(stderr(&out).contains("2 input row(s) left out of the report"), "{}", stderr(&out));
}

/// Every column of the sample CSV files is described in `guifan demo --help` and the README.
#[test]
fn demo_data_columns_are_documented() {
    let help = String::from_utf8(guifan(&["demo", "--help"], b"").stdout).unwrap();
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap();
    for file in ["customers.csv", "lines.csv", "tickets.csv", "done.csv", "pauses.csv"] {
        let sample = std::fs::read_to_string(format!("{}/examples/{file}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let header = sample.lines().next().unwrap();
        for column in header.split(',').chain([file]) {
            assert!(help.contains(column), "demo --help: {column}");
            assert!(readme.contains(&format!("`{column}`")), "README: {column}");
        }
    }
    assert!(help.contains("Exit status: 0") && readme.contains("guifan demo --data"));
    // The README's excerpt of the table of targets is the demo's, line for line.
    let report = String::from_utf8(guifan(&["demo"], b"").stdout).unwrap();
    let excerpt = readme.split("On the built-in sample:\n\n```text\n").nth(1).and_then(|r| r.split("```").next());
    let excerpt = excerpt.expect("README: the demo's table of targets");
    for line in excerpt.lines() {
        assert!(report.lines().any(|l| l == line), "README excerpt not in the demo's report: {line}");
    }
}

/// `guifan ticket`: a policy's targets, each with its due, state and the time left; `--explain`
/// adds the timeline; errors name the flags typed.
#[test]
fn ticket_for_people() {
    let out = guifan(
        &[
            "ticket",
            "--policy",
            "fault/ordinary",
            "--start",
            "2025-03-03T09:00",
            "--done",
            "SLA.FAULT.CONTACT=2025-03-03T10:00",
            "--pause",
            "2025-03-03T12:00..2025-03-03T18:00",
            "--as-of",
            "2025-03-04T09:00",
            "--explain",
        ],
        b"",
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{text}{}", stderr(&out));
    assert!(text.starts_with("ticket running (SLA.TICKET)"), "{text}");
    assert!(text.contains("due 2025-03-03 13:00  met, done 2025-03-03 10:00"), "{text}");
    assert!(text.contains("due 2025-03-04 15:00  running, 6h 00m of running time left"), "{text}");
    assert!(
        text.contains("timeline:\n  2025-03-03 10:00  SLA.FAULT.CONTACT done\n  2025-03-03 12:00  clock stopped"),
        "{text}"
    );
    assert!(text.contains("paused 2025-03-03 12:00 – 2025-03-03 18:00"), "{text}");
    // Explicit rules, an open pause: the due is unknown and the ticket paused.
    let out = guifan(
        &[
            "ticket",
            "--rule",
            "SLA.COMPLAINT.ORDINARY",
            "--start",
            "2025-09-30T10:00",
            "--pause",
            "2025-10-09T00:00",
            "--as-of",
            "2025-10-20T10:00",
        ],
        b"",
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(text.starts_with("ticket paused") && text.contains("due unknown"), "{text}");
    let json = guifan(
        &[
            "ticket",
            "--policy",
            "complaint/vip",
            "--start",
            "2025-03-03T10:00",
            "--as-of",
            "2025-03-03T10:00",
            "--json",
        ],
        b"",
    );
    let v: Value = serde_json::from_slice(&json.stdout).unwrap();
    let rules: Vec<&str> = v["targets"].as_array().unwrap().iter().map(|t| t["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ["SLA.COMPLAINT.VIP", "SLA.DISPUTE.INITIAL", "SLA.COMPLAINT.BRAND"]);
}

#[test]
fn ticket_errors_name_the_flags_typed() {
    let start = ["--start", "2025-03-03T09:00"];
    let cases: [(Vec<&str>, &str); 6] = [
        (
            vec!["--policy", "fault/ordinary", "--pause", "2025-03-03T10:00..2025-03-03T11:00", "--pause", "2025-03-03T12:00..2025-03-03T11:00", "--as-of", "2025-03-03T10:00"],
            "error invalid_input: invalid --pause #2 (TO): 2025-03-03T11:00:00+08:00 (a pause cannot end before it starts",
        ),
        (
            vec!["--policy", "fault/ordinary", "--done", "SLA.FAULT.BRAND=2025-03-03T10:00", "--as-of", "2025-03-03T10:00"],
            "error invalid_input: invalid --done SLA.FAULT.BRAND: SLA.FAULT.BRAND (not a target of this ticket (targets: SLA.FAULT.CONTACT, SLA.FAULT.ORDINARY))",
        ),
        (vec!["--policy", "fault/ordinary"], "error invalid_input: invalid --as-of: missing (required while a target is not done"),
        (vec!["--rule", "SLA.FAULT.CONTACT", "--rule", "SLA.FAULT.CONTACT", "--as-of", "2025-03-03T10:00"], "invalid --rule #2: SLA.FAULT.CONTACT (given twice)"),
        (vec!["--rule", "SLA.FAULT.CONTCT", "--as-of", "2025-03-03T10:00"], "did you mean SLA.FAULT.CONTACT?"),
        (vec!["--policy", "fault/gold", "--as-of", "2025-03-03T10:00"], "--class"),
    ];
    for (args, want) in cases {
        let mut all = vec!["ticket"];
        all.extend(start);
        all.extend(args.iter().copied());
        let out = guifan(&all, b"");
        let text = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{all:?}: {text}");
        assert!(text.contains(want), "{all:?}: {text}");
    }
    // Flags the parser refuses: no targets, a policy with a class, a malformed --done.
    for (args, want) in [
        (vec!["ticket", "--start", "2025-03-03T09:00"], "--policy"),
        (
            vec!["ticket", "--start", "2025-03-03T09:00", "--policy", "fault/vip", "--class", "vip"],
            "cannot be used with",
        ),
        (
            vec!["ticket", "--start", "2025-03-03T09:00", "--rule", "SLA.FAULT.CONTACT", "--done", "SLA.FAULT.CONTACT"],
            "expected RULE=INSTANT",
        ),
    ] {
        let out = guifan(&args, b"");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(want), "{args:?}: {}", stderr(&out));
    }
}

/// `--region`: working minutes count in the region's office hours of the pack.
#[test]
fn deadline_and_ticket_take_a_region() {
    let pack = spec("packs/sample-province.json");
    let args = ["--pack", &pack, "deadline", "--rule", "SLA.APPOINTMENT.CONFIRM", "--start", "2025-03-03T13:00"];
    let out = guifan(&[&args[..], &["--region", "xinjiang"]].concat(), b"");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(text.starts_with("due 2025-03-03 16:00"), "{text}{}", stderr(&out));
    let out = guifan(&[&args[..], &["--region", "mars"]].concat(), b"");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("invalid --region: mars"), "{}", stderr(&out));
}

/// The demo's per-target table: (tickets, target rule) → met, breached, running, paused; each
/// row's `targets` is checked to be their sum.
fn targets_table(text: &str) -> BTreeMap<(String, String), [usize; 4]> {
    let mut out = BTreeMap::new();
    let mut group = String::new();
    let rows = text.lines().skip_while(|l| !l.starts_with("  tickets ")).skip(1);
    for line in rows.take_while(|l| !l.starts_with("  of the breached")) {
        let words: Vec<&str> = line.split_whitespace().collect();
        let (names, numbers) = words.split_at(words.len() - 5);
        let n: Vec<usize> = numbers.iter().map(|w| w.parse().unwrap()).collect();
        assert_eq!(n[0], n[1..].iter().sum::<usize>(), "targets = met + breached + running + paused: {line}");
        let (rule, label) = names.split_last().unwrap();
        if !label.is_empty() {
            group = label.join(" ");
        }
        out.insert((group.clone(), rule.to_string()), [n[1], n[2], n[3], n[4]]);
    }
    assert!(!out.is_empty(), "no table of targets: {text}");
    out
}

/// A CSV file as rows of column → value (empty cells left out).
fn csv_rows(text: &str) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            headers.iter().zip(r.iter()).filter(|(_, v)| !v.is_empty()).map(|(h, v)| (h.into(), v.into())).collect()
        })
        .collect()
}

fn beijing(s: &str) -> DateTime<chrono::FixedOffset> {
    guifan_core::time::from_beijing("t", guifan_core::time::parse_instant("t", s).unwrap()).unwrap()
}

/// The states of every target of the tickets in `dir` (the demo's CSV files), computed here with
/// the core's ticket evaluation: the figures the demo's table must show.
fn targets_by_core(dir: &std::path::Path, as_of: &str) -> BTreeMap<(String, String), [usize; 4]> {
    use guifan_core::deadline::CustomerClass;
    use guifan_core::pack::{Pack, Text};
    use guifan_core::ticket::{TargetState, Targets, TicketInput};
    use guifan_core::tier::{Brand, Customer};
    let read = |name: &str| csv_rows(&std::fs::read_to_string(dir.join(name)).unwrap_or_default());
    let mut classes = BTreeMap::new();
    for c in read("customers.csv") {
        let customer = match c.get("kind").map(String::as_str) {
            None | Some("personal") => Customer::Personal {
                brand: Brand(Text::from(c["brand"].clone())),
                annual_spend: rust_decimal::Decimal::ZERO,
            },
            _ => Customer::Enterprise { annual_revenue: rust_decimal::Decimal::ZERO },
        };
        let card = c.get("previous_tier").map_or("none", String::as_str).parse().unwrap();
        classes.insert(c["customer_id"].clone(), CustomerClass::of(card, &customer));
    }
    let (done, pauses) = (read("done.csv"), read("pauses.csv"));
    let engine = guifan_core::engine::Engine::builtin();
    let mut out: BTreeMap<(String, String), [usize; 4]> = BTreeMap::new();
    for t in read("tickets.csv") {
        let id = &t["ticket_id"];
        let (group, targets, last) = match t.get("kind") {
            Some(kind) => {
                let (incident, class) = (kind.parse().unwrap(), classes[&t["customer_id"]]);
                let last = Pack::builtin().ticket_policy(incident, class).unwrap().targets.last().unwrap().clone();
                (format!("{kind}/{class}"), Targets::Policy { incident, class }, last)
            }
            None => {
                ("work orders".into(), Targets::Rules(vec![Text::from(t["rule"].clone())]), t["rule"].clone().into())
            }
        };
        let mut done: Vec<(Text, _)> = done
            .iter()
            .filter(|d| d["ticket_id"] == *id)
            .map(|d| (d["rule"].clone().into(), beijing(&d["done"])))
            .collect();
        done.extend(t.get("done").map(|d| (last, beijing(d))));
        let pauses = pauses
            .iter()
            .filter(|p| p["ticket_id"] == *id)
            .map(|p| guifan_core::deadline::Pause { from: beijing(&p["from"]), to: p.get("to").map(|to| beijing(to)) })
            .collect();
        let input = TicketInput {
            start: beijing(&t["start"]),
            targets,
            area: t.get("area").map_or("urban", String::as_str).parse().unwrap(),
            done,
            pauses,
            as_of: Some(beijing(as_of)),
            region: Default::default(),
        };
        for target in engine.ticket(&input).unwrap().targets {
            let at = [TargetState::Met, TargetState::Breached, TargetState::Running, TargetState::Paused]
                .iter()
                .position(|s| *s == target.state)
                .unwrap();
            out.entry((group.clone(), target.rule.to_string())).or_default()[at] += 1;
        }
    }
    out
}

/// Every figure of the built-in sample's table of targets is the core's: each ticket evaluated
/// here from the sample's rows gives the same counts per ticket policy and target rule.
#[test]
fn demo_counts_every_target_as_the_core_does() {
    let text = String::from_utf8(guifan(&["demo"], b"").stdout).unwrap();
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let table = targets_table(&text);
    assert_eq!(table, targets_by_core(&examples, "2026-01-01T00:00"), "{text}");
    // The VIP promise is the referral (SLA.COMPLAINT.VIP, immediate): on time only when the
    // department is notified at the start; the handling is measured on the brand period.
    let tickets = csv_rows(include_str!("../examples/tickets.csv"));
    let done = csv_rows(include_str!("../examples/done.csv"));
    let start: BTreeMap<&str, &str> = tickets.iter().map(|t| (t["ticket_id"].as_str(), t["start"].as_str())).collect();
    let referrals: Vec<_> = done.iter().filter(|d| d["rule"] == "SLA.COMPLAINT.VIP").collect();
    let late = referrals.iter().filter(|d| start[d["ticket_id"].as_str()] != d["done"]).count();
    let vip = table[&("complaint/vip".to_string(), "SLA.COMPLAINT.VIP".to_string())];
    assert_eq!(vip.iter().sum::<usize>(), referrals.len(), "every VIP complaint in the sample was referred");
    assert_eq!(vip[1], late, "{text}");
    assert!(late > 0 && late < 5, "a few late referrals, not the handling times: {late}");
    assert!(table.contains_key(&("complaint/vip".to_string(), "SLA.COMPLAINT.BRAND".to_string())));
    // The sample has targets in every state, and waits on the customer that spared some.
    for (i, state) in ["met", "breached", "running", "paused"].iter().enumerate() {
        assert!(table.values().any(|n| n[i] > 0), "no {state} target: {text}");
    }
    let pauses = csv_rows(include_str!("../examples/pauses.csv"));
    let open = pauses.iter().filter(|p| !p.contains_key("to")).count();
    assert!(text.contains(&format!("pause(s) on {} ticket(s), {open} still open", pauses.len())), "{text}");
}

/// Writes the demo's CSV files into a fresh folder.
fn data_dir(name: &str, files: &[(&str, &str)]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("guifan-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (file, text) in files {
        std::fs::write(dir.join(file), text).unwrap();
    }
    dir
}

const CLASSES: &str = "customer_id,kind,brand,annual_spend,previous_tier\n\
    V,personal,tianyi,4000,gold\nB,personal,e_home,100,none\nO,personal,tianyi,100,none\n";

/// Each ticket has the targets of its policy, each with its own done (done.csv) and the
/// ticket's waits (pauses.csv); the states are the core's at the end of the report's day.
#[test]
fn demo_measures_tickets_against_their_policy_targets() {
    let tickets = "ticket_id,customer_id,kind,rule,area,start,done\n\
        t1,V,complaint,,urban,2025-09-30T10:00,2025-09-30T12:00\n\
        t2,V,fault,,urban,2025-09-30T10:00,\n\
        t3,O,fault,,urban,2025-03-03T09:00,2025-03-04T15:00\n\
        t4,B,complaint,,urban,2025-12-31T10:00,\n\
        t5,O,,SLA.HOTLINE.ORDER,urban,2025-12-30T10:00,\n";
    let done = "ticket_id,rule,done\n\
        t1,SLA.COMPLAINT.VIP,2025-09-30T10:00\nt1,SLA.DISPUTE.INITIAL,2025-09-30T11:00\n\
        t2,SLA.FAULT.VIP,2025-09-30T10:05\nt3,SLA.FAULT.CONTACT,2025-03-03T10:00\n";
    let pauses = "ticket_id,from,to\nt3,2025-03-03T12:00,2025-03-03T18:00\nt5,2025-12-30T12:00,\n";
    let files = [
        ("customers.csv", CLASSES),
        ("lines.csv", "customer_id,line_id\n"),
        ("tickets.csv", tickets),
        ("done.csv", done),
        ("pauses.csv", pauses),
    ];
    let dir = data_dir("targets", &files);
    let out = guifan(&["demo", "--data", dir.to_str().unwrap()], b"");
    let by_core = targets_by_core(&dir, "2026-01-01T00:00");
    std::fs::remove_dir_all(&dir).unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{text}");
    let table = targets_table(&text);
    assert_eq!(table, by_core, "{text}");
    let row = |group: &str, rule: &str| table[&(group.to_string(), rule.to_string())];
    // t1: referred at once, investigated in an hour, handled in two.
    for rule in ["SLA.COMPLAINT.VIP", "SLA.DISPUTE.INITIAL", "SLA.COMPLAINT.BRAND"] {
        assert_eq!(row("complaint/vip", rule), [1, 0, 0, 0], "{rule}: {text}");
    }
    // t2: referred five minutes late; the repair, 16 hours, never done.
    assert_eq!(row("fault/vip", "SLA.FAULT.VIP"), [0, 1, 0, 0], "{text}");
    assert_eq!(row("fault/vip", "SLA.FAULT.BRAND"), [0, 1, 0, 0], "{text}");
    // t3: the customer away 12:00–18:00 moves the visit's due to 15:00 the next day: met, where
    // a clock running through the wait would have been breached.
    assert_eq!(row("fault/ordinary", "SLA.FAULT.CONTACT"), [1, 0, 0, 0], "{text}");
    assert_eq!(row("fault/ordinary", "SLA.FAULT.ORDINARY"), [1, 0, 0, 0], "{text}");
    assert!(text.contains("not breached with them: met 1\n"), "{text}");
    // t4: filed on the report's day, both targets still running.
    assert_eq!(row("complaint/brand", "SLA.DISPUTE.INITIAL"), [0, 0, 1, 0], "{text}");
    assert_eq!(row("complaint/brand", "SLA.COMPLAINT.BRAND"), [0, 0, 1, 0], "{text}");
    // t5: still waiting on the customer: its due is unknown, the order paused (running, not
    // breached, on a clock that ran through the wait).
    assert_eq!(row("work orders", "SLA.HOTLINE.ORDER"), [0, 0, 0, 1], "{text}");
    assert!(text.contains("2 pause(s) on 2 ticket(s), 1 still open"), "{text}");
    assert!(text.contains("else met): met 2, breached 1, running 1, paused 1"), "{text}");
    assert!(text.contains("paused: t5 (work orders): started 2025-12-30 10:00, waiting on the customer since 2025-12-30 12:00; SLA.HOTLINE.ORDER due unknown"), "{text}");
    assert!(text.contains("breached: t2 SLA.FAULT.VIP (fault/vip): started 2025-09-30 10:00, due 2025-09-30 10:00, done 2025-09-30 10:05"), "{text}");
}

/// A refused row of pauses.csv or done.csv is named by file, line and column, with its ticket,
/// which is left out of the figures.
#[test]
fn demo_names_the_row_and_column_of_a_refused_pause_or_done() {
    let tickets = "ticket_id,customer_id,kind,rule,area,start,done\n\
        t1,O,fault,,urban,2025-03-03T09:00,2025-03-04T15:00\n\
        t2,O,fault,,urban,2025-03-03T09:00,2025-03-04T15:00\n\
        t3,O,fault,,urban,2025-03-03T09:00,2025-03-04T15:00\n\
        t4,O,fault,,urban,2025-03-03T09:00,2025-03-04T15:00\n\
        t5,O,fault,,urban,2025-03-03T09:00,\n";
    let pauses = "ticket_id,from,to\n\
        t1,2025-03-03T12:00,2025-03-03T18:00\n\
        t1,2025-03-03T20:00,2025-03-03T19:00\n\
        t2,2025-03-03T12:00,soon\n\
        tx,2025-03-03T12:00,\n";
    let done = "ticket_id,rule,done\n\
        t3,SLA.FAULT.BRAND,2025-03-03T10:00\n\
        t4,SLA.FAULT.ORDINARY,2025-03-04T14:00\n";
    let files = [
        ("customers.csv", CLASSES),
        ("lines.csv", "customer_id,line_id\n"),
        ("tickets.csv", tickets),
        ("done.csv", done),
        ("pauses.csv", pauses),
    ];
    let dir = data_dir("refused", &files);
    let out = guifan(&["demo", "--data", dir.to_str().unwrap()], b"");
    std::fs::remove_dir_all(&dir).unwrap();
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    assert_eq!(out.status.code(), Some(1), "{text}");
    let problems: Vec<&str> = text.lines().skip_while(|l| !l.starts_with("INPUT PROBLEMS")).skip(1).collect();
    // File by file, line by line.
    let expected = [
        "tickets.csv line 5: invalid done: SLA.FAULT.ORDINARY (this target's done is given twice (done.csv line 3 too))",
        "done.csv line 2 (ticket t3, left out): invalid rule: SLA.FAULT.BRAND (not a target of this ticket",
        // `to` before `from`: the core's error, at the pause's row and its `to` column.
        "pauses.csv line 3 (ticket t1, left out): invalid to: 2025-03-03T19:00",
        "pauses.csv line 4 (ticket t2, left out): invalid to: soon",
        "pauses.csv line 5: invalid ticket_id: tx (not in tickets.csv)",
    ];
    assert_eq!(problems.len(), expected.len(), "{text}");
    for (got, want) in problems.iter().zip(expected) {
        assert!(got.trim_start().starts_with(want), "{want}\n{text}");
    }
    assert!(text.contains("cannot end before it starts"), "{text}");
    // Only t5 is counted: its call back and visit never done.
    let table = targets_table(&text);
    assert_eq!(table.values().map(|n| n.iter().sum::<usize>()).sum::<usize>(), 2, "{text}");
    assert!(text.contains("5 input row(s) could not be used"), "{text}");
}

/// `rules` shows the office hours of the pack in force: the lunch break and each region's own.
#[test]
fn rules_show_the_lunch_break_and_office_hours_per_region() {
    let path = spec("packs/sample-province.toml");
    let pack = guifan_core::pack::Pack::from_text(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let hhmm = |t: chrono::NaiveTime| t.format("%H:%M").to_string();
    let mut want = Vec::new();
    let regions = pack.office_hours.regions.iter().map(|(r, h)| (r.as_str(), *h));
    for (region, h) in std::iter::once(("default", pack.office_hours.hours)).chain(regions) {
        let (from, to) = h.lunch.expect("the sample pack has lunch breaks");
        want.push((
            region.to_string(),
            format!("{}–{}, lunch break {}–{}", hhmm(h.open), hhmm(h.close), hhmm(from), hhmm(to)),
        ));
    }
    assert_eq!(want.len(), 2, "default and xinjiang");
    for args in [&["--pack", &path, "rules"][..], &["--pack", &path, "rules", "SLA.APPOINTMENT.CONFIRM"]] {
        let text = String::from_utf8(guifan(args, b"").stdout).unwrap();
        assert!(
            text.contains("office hours of working-minute clocks on working days, by --region (pack sample-province"),
            "{text}"
        );
        for (region, hours) in &want {
            let line = text.lines().find(|l| l.split_whitespace().next() == Some(region.as_str()));
            assert_eq!(line.map(|l| l.trim_start()[region.len()..].trim_start()), Some(hours.as_str()), "{text}");
        }
    }
    assert!(want.iter().any(|(_, h)| h.contains("lunch break 12:00–13:30")));
    assert!(want.iter().any(|(r, h)| r == "xinjiang" && h.starts_with("10:00–20:00")));
    let builtin = String::from_utf8(guifan(&["rules"], b"").stdout).unwrap();
    assert!(builtin.lines().any(|l| l.trim_start() == "default  08:00–20:00, no lunch break"), "{builtin}");
}

//! The friendly subcommands: build an `evaluate` request, print the answer for people (or JSON).

use chrono::{Datelike, NaiveDate, Timelike, Weekday};
use guifan_core::contract::{Answer, Input, Op, RulesAnswer, RulesInput};
use guifan_core::engine::Engine;
use guifan_core::evaluate::{Request, Response};
use guifan_core::pack::Pack;
use guifan_core::time::format_time;
use guifan_core::window::Region;
use serde_json::Value;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::errors::{self, Flags};

pub struct Mode {
    pub json: bool,
    pub explain: bool,
}

fn print_json(value: &Value) {
    say!("{}", serde_json::to_string_pretty(value).unwrap_or_default());
}

/// Answers one request and prints it; `Ok(false)` when the answer is an error, which names the
/// `flags` its fields came from.
pub fn answer(
    engine: &Engine,
    op: &str,
    input: Value,
    mode: &Mode,
    render: fn(&Value) -> String,
    flags: Flags<'_>,
) -> Result<bool, String> {
    let request = Op::named(op).and_then(|op| Input::from_json(op, &input.to_string()));
    let response = match request {
        Ok(input) => engine.evaluate(&Request { input, explain: mode.explain }),
        Err(e) => Response::Err(e),
    };
    if mode.json {
        print_json(&response.to_value());
        return Ok(matches!(response, Response::Ok(_)));
    }
    let value = response.to_value();
    match response {
        Response::Ok(_) => {
            say!("{}", render(&value));
            if let Some(e) = value.get("explanation") {
                say!("{}", explanation(e).trim_end());
            }
            Ok(true)
        }
        Response::Err(e) => {
            errors::print(&e, flags);
            Ok(false)
        }
    }
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

pub fn tier(v: &Value) -> String {
    let basis = v["basis"].as_str().map(|b| format!(" on {b}")).unwrap_or_default();
    let provisional = if v["provisional_member"] == true { "; provisional member (no card)" } else { "" };
    format!("{}{basis} ({}){provisional}", text(&v["tier"]), text(&v["rule"]))
}

/// The one way the CLI writes an instant for people: Beijing wall time `2025-10-11 16:30`
/// (seconds only when there are some); a due instant at midnight is `2025-10-11 24:00`, the end
/// of the day before, the way the documents say a day ends.
pub fn wall(instant: &str, due: bool) -> String {
    let Ok(t) = guifan_core::time::parse_instant("instant", instant) else {
        return instant.into();
    };
    let time = if t.time().second() == 0 && t.time().nanosecond() == 0 { "%H:%M" } else { "%H:%M:%S" };
    match t.date().pred_opt() {
        Some(day) if due && t.time() == chrono::NaiveTime::MIN => format!("{} 24:00", day.format("%Y-%m-%d")),
        _ => t.format(&format!("%Y-%m-%d {time}")).to_string(),
    }
}

/// The `pauses` of a request from `--pause FROM[..TO]` flags, and the flag each field came from.
pub fn pauses(flags: &[String]) -> (Value, Vec<(String, String)>) {
    let mut list = Vec::new();
    let mut names = Vec::new();
    for (i, p) in flags.iter().enumerate() {
        let (from, to) = match p.split_once("..") {
            Some((from, to)) => (from, Some(to)),
            None => (p.as_str(), None),
        };
        let mut pause = serde_json::json!({ "from": from });
        if let Some(to) = to {
            pause["to"] = to.into();
        }
        list.push(pause);
        names.push((format!("pauses[{i}].from"), format!("--pause #{} (FROM)", i + 1)));
        names.push((format!("pauses[{i}].to"), format!("--pause #{} (TO)", i + 1)));
        names.push((format!("pauses[{i}]"), format!("--pause #{}", i + 1)));
    }
    (Value::Array(list), names)
}

/// A due instant for people, or why there is none.
fn due(v: &Value) -> String {
    match v.as_str() {
        Some(due) => format!("due {} ({due})", wall(due, true)),
        None => String::from("due unknown (an open pause stops the clock)"),
    }
}

pub fn deadline(v: &Value) -> String {
    let rule = v["rule"].as_str().map(|r| format!(" under {r}")).unwrap_or_default();
    let met = match v["met"].as_bool() {
        Some(true) => "; met",
        Some(false) => "; breached",
        None => "",
    };
    format!("{}, {} clock{rule}{met}{}", due(&v["due"]), text(&v["clock"]), provisional(v))
}

/// Time left on a target's clock: `5h 30m` of running time, or `2 days` still to count.
fn left(target: &Value) -> Option<String> {
    let n = target["remaining"].as_i64()?;
    Some(if target["remaining_unit"] == "days" {
        format!("{n} day{} still to count", if n == 1 { "" } else { "s" })
    } else {
        let (h, m, s) = (n / 3600, n % 3600 / 60, n % 60);
        let s = if s == 0 { String::new() } else { format!(" {s}s") };
        format!("{h}h {m:02}m{s} of running time left")
    })
}

pub fn ticket(v: &Value) -> String {
    let targets = v["targets"].as_array().cloned().unwrap_or_default();
    let width = targets.iter().map(|t| text(&t["rule"]).len()).max().unwrap_or(0);
    let mut out = format!("ticket {} ({}){}", text(&v["state"]), text(&v["rule"]), provisional(v));
    for t in &targets {
        let due = match t["due"].as_str() {
            Some(d) => wall(d, true),
            None => String::from("unknown"),
        };
        let mut state = text(&t["state"]).to_string();
        if let Some(done) = t["done"].as_str() {
            state += &format!(", done {}", wall(done, false));
        }
        if let Some(left) = left(t) {
            state += &format!(", {left}");
        }
        out += &format!("\n  {:<width$}  {:<15}  due {:<16}  {state}", text(&t["rule"]), text(&t["clock"]), due);
    }
    if let Some(e) = v.get("explanation") {
        out += &timeline(&targets, e);
    }
    out
}

/// The ticket's events in time order: the pauses as counted, each target's done and due.
fn timeline(targets: &[Value], e: &Value) -> String {
    let mut events: Vec<(String, String)> = Vec::new();
    let mut seen = Vec::new();
    for s in e["steps"].as_array().into_iter().flatten().filter(|s| s["type"] == "pause") {
        let key = (text(&s["from"]).to_string(), s["to"].as_str().unwrap_or("").to_string());
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        events.push((text(&s["from"]).into(), String::from("clock stopped (pause)")));
        if let Some(to) = s["to"].as_str() {
            events.push((to.into(), String::from("clock runs again")));
        }
    }
    for t in targets {
        if let Some(done) = t["done"].as_str() {
            events.push((done.into(), format!("{} done", text(&t["rule"]))));
        }
        if let Some(due) = t["due"].as_str() {
            events.push((due.into(), format!("{} due", text(&t["rule"]))));
        }
    }
    let at = |s: &str| guifan_core::time::parse_instant("t", s).ok();
    events.sort_by_key(|(when, _)| at(when));
    let mut out = String::from("\n\ntimeline:");
    for (when, what) in events {
        out += &format!("\n  {}  {what}", wall(&when, false));
    }
    out
}

/// "; provisional: 2027 …" for an answer that rests on years without a published schedule.
fn provisional(v: &Value) -> String {
    match v["provisional_years"].as_array() {
        Some(years) => {
            let years: Vec<String> = years.iter().map(Value::to_string).collect();
            format!(
                "; provisional: no published schedule of {} (statutory holidays only; --explain says what is not yet known)",
                years.join(", ")
            )
        }
        None => String::new(),
    }
}

fn explanation(e: &Value) -> String {
    let list = |key: &str| e[key].as_array().cloned().unwrap_or_default();
    let mut out = String::from("\nwhy:\n");
    for r in list("rules") {
        out += &format!(
            "  {} — {} {}: {}\n",
            text(&r["id"]),
            text(&r["document"]["short"]),
            text(&r["clause"]),
            text(&r["words"])
        );
    }
    for s in list("steps") {
        out += &if s["type"] == "pause" {
            let to = s["to"].as_str().map_or_else(|| String::from("(still paused)"), |t| wall(t, false));
            format!("  paused {} – {to}\n", wall(text(&s["from"]), false))
        } else if s["type"] == "day" {
            let h = &s["holiday"];
            let name = if h.is_object() { format!(" {} {}", text(&h["key"]), text(&h["zh"])) } else { String::new() };
            let counted = match (s["counted"] == true, s["paused"] == true) {
                (true, _) => "counted",
                (false, true) => "skipped, paused all day",
                (false, false) => "skipped",
            };
            format!("  {} {:<15}{name:<22} {counted}\n", text(&s["date"]), text(&s["kind"]))
        } else if s["type"] == "target" {
            format!("  target {}\n", text(&s["rule"]))
        } else {
            format!("  · {}\n", text(&s["text"]))
        };
    }
    out
}

/// Reads notices into a calendar document, written whole or not at all.
pub fn from_notice(files: &[std::path::PathBuf], output: Option<&std::path::Path>) -> Result<bool, String> {
    let texts: Vec<String> = files.iter().map(crate::read).collect::<Result<_, _>>()?;
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    match guifan_core::calendar::notice::calendar_document(&refs) {
        Ok(doc) => {
            let text = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())? + "\n";
            match output {
                Some(path) => std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?,
                None => say!("{}", text.trim_end()),
            }
            Ok(true)
        }
        Err(e) => {
            for p in e.problems() {
                // `notices[1].line 7` names the second file.
                let file = p
                    .field
                    .strip_prefix("notices[")
                    .and_then(|rest| rest.split(']').next()?.parse::<usize>().ok())
                    .and_then(|i| files.get(i))
                    .unwrap_or(&files[0]);
                eprintln!("{}: {}", file.display(), p.message);
            }
            eprintln!("guifan: {} problem(s); nothing written", e.problems().len());
            Ok(false)
        }
    }
}

/// The known years with their sources, and the warning of the core's rule when next year's
/// schedule is missing.
pub fn known_years(cal: &guifan_core::calendar::Calendar, today: Option<&str>, json: bool) -> Result<bool, String> {
    let today = match today {
        Some(t) => {
            NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| format!("--today {t:?}: expected YYYY-MM-DD"))?
        }
        None => (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive(),
    };
    let ahead = cal.unknown_year_ahead(today);
    let years: Vec<i32> = cal.known_years().collect();
    if json {
        let rows: Vec<Value> = years
            .iter()
            .map(|y| serde_json::json!({ "year": y, "sources": cal.sources(*y).collect::<Vec<_>>() }))
            .collect();
        print_json(&serde_json::json!({ "years": rows, "today": today.to_string(), "unknown_year_ahead": ahead }));
    } else {
        say!("Known years: {} (the schedule of any other year is an error, never a guess)", spans(&years));
        for y in &years {
            let mut sources = cal.sources(*y);
            say!("{y}  {}", sources.next().unwrap_or("(no source given)"));
            for more in sources {
                say!("      + {more}");
            }
        }
    }
    if let Some(u) = ahead {
        eprintln!("{}", unknown_year_warning(&u));
    }
    Ok(true)
}

/// The warning `guifan calendar` and the demo give when next year's schedule is missing.
pub fn unknown_year_warning(u: &guifan_core::calendar::UnknownYear) -> String {
    let when = if u.days_until > 0 { format!("starts in {} day(s)", u.days_until) } else { "has started".into() };
    format!(
        "warning: {} {when} and its schedule is not known. When the State Council publishes it: \
         guifan calendar from-notice NOTICE.txt -o {y}.json, then run with --calendar {y}.json \
         (until then --provisional answers from the statutory holidays, flagged as provisional)",
        u.year,
        y = u.year
    )
}

/// One line on the calendar an engine runs on: the years known and the latest year's source.
pub fn calendar_line(cal: &guifan_core::calendar::Calendar) -> String {
    let years: Vec<i32> = cal.known_years().collect();
    let latest = years.last().map(|y| match cal.sources(*y).last() {
        Some(s) => format!("; {y} from {s}"),
        None => String::new(),
    });
    format!("calendar: working-day schedules of {} known{}", spans(&years), latest.unwrap_or_default())
}

/// 2004–2026, 2029 for a list of years.
fn spans(years: &[i32]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < years.len() {
        let mut j = i;
        while j + 1 < years.len() && years[j + 1] == years[j] + 1 {
            j += 1;
        }
        out.push(if i == j { years[i].to_string() } else { format!("{}–{}", years[i], years[j]) });
        i = j + 1;
    }
    if out.is_empty() {
        "none".into()
    } else {
        out.join(", ")
    }
}

pub fn calendar(engine: &Engine, when: &str, json: bool) -> Result<bool, String> {
    let when = when.to_string();
    if when.len() == 10 {
        return answer(
            engine,
            "calendar.day",
            serde_json::json!({ "date": when }),
            &Mode { json, explain: false },
            day,
            &[("date", &when)],
        );
    }
    let first = NaiveDate::parse_from_str(&format!("{when}-01"), "%Y-%m-%d")
        .map_err(|_| format!("{when:?}: expected YYYY-MM-DD or YYYY-MM"))?;
    let mut days = Vec::new();
    let mut d = first;
    while d.month() == first.month() {
        days.push(d);
        d = d.succ_opt().ok_or("date out of range")?;
    }
    let calendar = engine.calendar();
    let info: Vec<Result<guifan_core::calendar::Day<'_>, guifan_core::Error>> =
        days.iter().map(|d| calendar.day(*d)).collect();
    let provisional = calendar.is_year_provisional(first.year());
    if json {
        let rows: Vec<Value> = info
            .iter()
            .zip(&days)
            .map(|(i, d)| match i {
                Ok(day) => {
                    let mut row = serde_json::json!({
                        "date": d.to_string(), "working_day": day.is_working_day(), "kind": day.kind,
                        "holiday": day.holiday.map(|h| h.key.as_ref()),
                    });
                    if provisional {
                        row["provisional"] = true.into();
                    }
                    row
                }
                Err(e) => serde_json::json!({ "date": d.to_string(), "error": e.kind() }),
            })
            .collect();
        print_json(&Value::Array(rows));
        return Ok(info.iter().all(Result::is_ok));
    }
    // A month lies inside one year: its schedule is known, or no day of it is.
    let info = match info.into_iter().collect::<Result<Vec<_>, _>>() {
        Ok(info) => info,
        Err(e) => {
            let known: Vec<i32> = engine.calendar().known_years().collect();
            errors::print(&e, &[("date", &when)]);
            eprintln!("  known years: {}", spans(&known));
            return Ok(false);
        }
    };
    say!("{} — W working, R rest, M make-up working day, H holiday", when);
    if provisional {
        say!(
            "provisional: no published schedule of {} — statutory holidays only; its make-up working days and 补假 are not yet known",
            first.year()
        );
    }
    say!(" Mon  Tue  Wed  Thu  Fri  Sat  Sun");
    let mut line = "     ".repeat(first.weekday().num_days_from_monday() as usize);
    let mut names = Vec::new();
    for (d, day) in days.iter().zip(&info) {
        if let Some(h) = day.holiday {
            if !names.contains(&h.zh.to_string()) {
                names.push(h.zh.to_string());
            }
        }
        let mark = match day.kind {
            guifan_core::calendar::DayKind::Workday => "W",
            guifan_core::calendar::DayKind::MakeupWorkday => "M",
            guifan_core::calendar::DayKind::Weekend => "R",
            guifan_core::calendar::DayKind::Holiday => "H",
        };
        line += &format!(" {:>2}{mark} ", d.day());
        if d.weekday() == Weekday::Sun {
            say!("{}", line.trim_end());
            line.clear();
        }
    }
    if !line.is_empty() {
        say!("{}", line.trim_end());
    }
    if !names.is_empty() {
        say!("holidays: {}", names.join("、"));
    }
    Ok(true)
}

fn day(v: &Value) -> String {
    let kind = text(&v["kind"]).replace('_', " ");
    let name =
        v["holiday_name_zh"].as_str().or(v["makeup_for"].as_str()).map(|n| format!(" ({n})")).unwrap_or_default();
    format!("{} — {kind}{name}{}", if v["working_day"] == true { "working day" } else { "rest day" }, provisional(v))
}

pub fn rules(engine: &Engine, id: Option<&str>, json: bool) -> Result<bool, String> {
    let input = RulesInput { id: id.map(String::from), as_of: None };
    let out = match engine.evaluate(&Request::new(Input::Rules(input))) {
        Response::Ok(out) => out,
        Response::Err(e) => {
            errors::print(&e, &[("id", "rule id")]);
            return Ok(false);
        }
    };
    if json {
        print_json(&Response::Ok(out).to_value());
        return Ok(true);
    }
    match out.answer {
        // The typed answer keeps the parameters in the pack's order.
        Answer::Rules(RulesAnswer::One(entry)) => {
            let (r, params) = (&entry.rule, &entry.params.0);
            say!("{}  ({} {})", r.id, r.document.short, r.clause);
            say!("  source: {}", r.document.title);
            say!("  words:  {}", r.words);
            say!("  means:  {}", r.summary);
            if !params.is_empty() {
                let list: Vec<String> = params.iter().map(|(k, v)| format!("{k}={v}")).collect();
                say!("  params: {}", list.join(", "));
            }
            // A working-minute rule counts inside the office hours of the ticket's region.
            if params.iter().any(|(k, _)| k == "office_hours") {
                for line in office_hours(engine.latest()) {
                    say!("  {line}");
                }
            }
        }
        _ => {
            let pack = engine.latest();
            for r in pack.catalogue() {
                let mark = if r.computed { ' ' } else { '·' };
                say!("{mark} {} {} {} {}", fit(&r.id, 28), fit(&r.document.short, 6), fit(&r.clause, 28), r.summary);
            }
            say!("");
            for line in office_hours(pack) {
                say!("{line}");
            }
            say!("\n· catalogued only (not computed). `guifan rules ID` shows a rule's words and parameters.");
        }
    }
    Ok(true)
}

/// The office hours working-minute clocks count in under `pack`: everywhere's, with any lunch
/// break, then each region with hours of its own (`--region`; `default` for every other one).
fn office_hours(pack: &Pack) -> Vec<String> {
    let o = &pack.office_hours;
    let rows =
        std::iter::once((Region::DEFAULT.as_str(), o.hours)).chain(o.regions.iter().map(|(r, h)| (r.as_str(), *h)));
    let rows: Vec<(&str, guifan_core::pack::OfficeHours)> = rows.collect();
    let width = rows.iter().map(|(r, _)| r.width()).max().unwrap_or(0);
    let mut out = vec![format!(
        "office hours of working-minute clocks on working days, by --region (pack {} {}; {} {}):",
        pack.info.name, pack.info.version, o.source.document, o.source.clause
    )];
    for (region, hours) in rows {
        let lunch = hours.lunch.map_or_else(
            || String::from("no lunch break"),
            |(from, to)| format!("lunch break {}–{}", format_time(from), format_time(to)),
        );
        out.push(format!(
            "  {}  {}–{}, {lunch}",
            fit(region, width),
            format_time(hours.open),
            format_time(hours.close)
        ));
    }
    out
}

/// `s` in exactly `width` terminal columns: a Chinese character takes two, so columns line up
/// by display width, not by characters; cut with `…` when longer.
pub fn fit(s: &str, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    if s.width() > width {
        for c in s.chars() {
            let w = c.width().unwrap_or(0);
            if used + w + 1 > width {
                break;
            }
            out.push(c);
            used += w;
        }
        out.push('…');
        used += 1;
    } else {
        out.push_str(s);
        used = s.width();
    }
    out + &" ".repeat(width - used)
}

/// Checks rule pack files: a summary of each valid pack (or, with `json`, the pack as JSON),
/// every problem of an invalid one. Without files, prints the built-in pack: the starting point
/// for a pack of one's own.
pub fn packs(files: &[std::path::PathBuf], json: bool) -> Result<bool, String> {
    if files.is_empty() {
        say!("{}", guifan_core::pack::BUILTIN_JSON.trim_end());
        return Ok(true);
    }
    let mut all_valid = true;
    for path in files {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        // The pack from its text keeps the order its authors wrote (a `Value` sorts keys).
        let checked = Pack::from_text(&text).and_then(|p| guifan_core::pack::document(&text).map(|doc| (doc, p)));
        match checked {
            Ok((doc, _)) if json => print_json(&doc),
            Ok((_, p)) => {
                let from = p.info.effective_from.map_or_else(|| "every date".to_string(), |d| format!("{d} on"));
                let brands: Vec<&str> = p.tiers.personal.iter().map(|b| b.brand.as_str()).collect();
                let regions: Vec<&str> = p.notify.regions.iter().map(|r| r.region.as_str()).collect();
                say!("{}: ok — {} {}, in force {from}", path.display(), p.info.name, p.info.version);
                say!(
                    "  brands: {}; deadline rules: {}; notify regions: {}",
                    brands.join(", "),
                    p.sla.len(),
                    regions.join(", ")
                );
            }
            Err(e) => {
                all_valid = false;
                let out = |line: String| if json { eprintln!("{line}") } else { say!("{line}") };
                out(format!("{}: refused, {} problem(s)", path.display(), e.problems().len().max(1)));
                match e.problems() {
                    [] => out(format!("  {e}")),
                    problems => problems.iter().for_each(|p| out(format!("  {p}"))),
                }
            }
        }
    }
    Ok(all_valid)
}

//! Compiles the built-in calendar into static tables: `data/cn-mainland.json` (the State Council
//! schedule 2004–2026), laid out by the crate's own `src/calendar/layout.rs`, and
//! `data/cn-lunar.txt` (the lunar and solar-term dates of the statutory holidays). Read at run
//! time by the public loader instead (as the built-in rule pack is), the calendar would cost the
//! first working-day question of every process about 24 million instructions, against 1.6
//! million for the pack; a test of `calendar::load` holds the two readings equal, day by day.
//!
//! The built-in rule pack is only stripped of its layout (`data/pack-builtin.json` without
//! indentation, a quarter smaller in the WebAssembly module): the crate reads it with the pack
//! loader, like any other pack.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::{env, fs, path::Path};

include!("src/calendar/layout.rs");

#[derive(serde::Deserialize)]
struct File {
    years: BTreeMap<i32, Year>,
}
#[derive(serde::Deserialize)]
struct Year {
    source: String,
    holidays: Vec<Holiday>,
    makeup_workdays: Vec<Makeup>,
}
#[derive(serde::Deserialize)]
struct Holiday {
    date: String,
    name: String,
    name_zh: String,
}
#[derive(serde::Deserialize)]
struct Makeup {
    date: String,
    #[serde(rename = "for")]
    for_: String,
}

fn parse(date: &str) -> (i32, u32, u32) {
    let p: Vec<&str> = date.split('-').collect();
    (p[0].parse().unwrap(), p[1].parse().unwrap(), p[2].parse().unwrap())
}

fn main() {
    calendar();
    lunar();
    let pack = "data/pack-builtin.json";
    println!("cargo:rerun-if-changed={pack}");
    let doc: serde_json::Value = serde_json::from_str(&fs::read_to_string(pack).unwrap()).unwrap();
    fs::write(Path::new(&env::var("OUT_DIR").unwrap()).join("pack-builtin.json"), doc.to_string()).unwrap();
}

fn calendar() {
    let src = "data/cn-mainland.json";
    println!("cargo:rerun-if-changed={src}");
    println!("cargo:rerun-if-changed=src/calendar/layout.rs");
    let file: File = serde_json::from_str(&fs::read_to_string(src).unwrap()).unwrap();
    let first = *file.years.keys().next().unwrap();
    let last = *file.years.keys().last().unwrap();
    assert_eq!(file.years.len() as i32, last - first + 1, "built-in years must be contiguous");
    let base = day_number(first, 1, 1);
    let days = (day_number(last + 1, 1, 1) - base) as usize;

    let mut names: Vec<(String, String)> = Vec::new();
    let mut name_index = |key: &str, zh: Option<&str>| -> usize {
        if let Some(i) = names.iter().position(|(k, _)| k == key) {
            return i;
        }
        names.push((key.to_string(), zh.expect("make-up day for an unnamed holiday").to_string()));
        names.len() - 1
    };
    let offset = |date: &str, year: i32| -> u32 {
        let (y, m, d) = parse(date);
        assert_eq!(y, year, "{date} listed under {year}");
        (day_number(y, m, d) - base) as u32
    };
    let mut rest = Vec::new();
    let mut makeup = Vec::new();
    for (&year, y) in &file.years {
        for h in &y.holidays {
            rest.push((offset(&h.date, year), name_index(&h.name, Some(&h.name_zh))));
        }
        for m in &y.makeup_workdays {
            makeup.push((offset(&m.date, year), name_index(&m.for_, None)));
        }
    }
    rest.sort();
    makeup.sort();
    let rest_days: Vec<u32> = rest.iter().map(|r| r.0).collect();
    let makeup_days: Vec<u32> = makeup.iter().map(|m| m.0).collect();
    let (bits, rank) = working_bits(base, days, |_| true, &rest_days, &makeup_days);
    let hints = select_hints(&rank);
    let starts = year_starts(first, last);

    let mut out = String::new();
    writeln!(out, "pub(crate) const FIRST_YEAR: i32 = {first};").unwrap();
    writeln!(out, "pub(crate) const BASE: i64 = {base};").unwrap();
    writeln!(out, "pub(crate) const LAST_YEAR: i32 = {last};").unwrap();
    writeln!(out, "pub(crate) static WORDS: [u64; {}] = {:?};", bits.len(), bits).unwrap();
    writeln!(out, "pub(crate) static RANK: [u32; {}] = {:?};", rank.len(), rank).unwrap();
    writeln!(out, "pub(crate) static HINTS: [u32; {}] = {:?};", hints.len(), hints).unwrap();
    writeln!(out, "pub(crate) static YEAR_STARTS: [u32; {}] = {:?};", starts.len(), starts).unwrap();
    let marks = |v: &[(u32, usize)]| -> String {
        let items: Vec<String> = v.iter().map(|(d, n)| format!("Mark {{ day: {d}, name: {n} }}")).collect();
        format!("[{}]", items.join(", "))
    };
    writeln!(out, "pub(crate) static REST: [Mark; {}] = {};", rest.len(), marks(&rest)).unwrap();
    writeln!(out, "pub(crate) static MAKEUP: [Mark; {}] = {};", makeup.len(), marks(&makeup)).unwrap();
    let items: Vec<String> = names
        .iter()
        .map(|(k, z)| format!("HolidayName {{ key: Cow::Borrowed({k:?}), zh: Cow::Borrowed({z:?}) }}"))
        .collect();
    let sources: Vec<String> = file
        .years
        .iter()
        .map(|(y, d)| format!("YearSource {{ year: {y}, text: Cow::Borrowed({:?}) }}", d.source))
        .collect();
    writeln!(out, "pub(crate) static SOURCES: [YearSource; {}] = [{}];", sources.len(), sources.join(", ")).unwrap();
    writeln!(out, "pub(crate) static NAMES: [HolidayName; {}] = [{}];", names.len(), items.join(", ")).unwrap();
    fs::write(Path::new(&env::var("OUT_DIR").unwrap()).join("calendar_data.rs"), out).unwrap();
}
/// `data/cn-lunar.txt` as days of the year (1-based), one row per year from the first.
fn lunar() {
    let src = "data/cn-lunar.txt";
    println!("cargo:rerun-if-changed={src}");
    let text = fs::read_to_string(src).unwrap();
    let mut rows = Vec::new();
    let mut first = None;
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let mut cells = line.split_whitespace();
        let year: i32 = cells.next().unwrap().parse().unwrap();
        assert_eq!(year, *first.get_or_insert(year) + rows.len() as i32, "{src}: years must be consecutive");
        let days: Vec<i64> = cells
            .map(|md| {
                let (m, d) = md.split_once('-').unwrap();
                day_number(year, m.parse().unwrap(), d.parse().unwrap()) - day_number(year, 1, 1) + 1
            })
            .collect();
        assert_eq!(days.len(), 4, "{src}: {line}");
        rows.push(format!("{days:?}"));
    }
    let out = format!(
        "pub(crate) const FIRST_YEAR: i32 = {};\npub(crate) static DAYS: [[u16; 4]; {}] = [{}];\n",
        first.unwrap(),
        rows.len(),
        rows.join(", ")
    );
    fs::write(Path::new(&env::var("OUT_DIR").unwrap()).join("lunar_data.rs"), out).unwrap();
}

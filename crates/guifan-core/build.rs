//! Compiles the built-in data into static tables, so it costs nothing at start-up and needs
//! neither `std` nor a JSON parser: `data/cn-mainland.json` (the State Council schedule
//! 2004–2026), `data/cn-lunar.txt` (the lunar and solar-term dates of the statutory holidays)
//! and `data/pack-builtin.json` (the built-in rule pack). The crate's own pack loader
//! checks, in its tests, that it reads the pack document to the same value.

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
    pack::generate("data/pack-builtin.json", &Path::new(&env::var("OUT_DIR").unwrap()).join("pack_builtin.rs"));
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

/// Rust source for the built-in rule pack: one `static` per slice, then `BUILTIN`.
mod pack {
    use serde_json::{Map, Value};
    use std::fmt::Write as _;
    use std::fs;
    use std::path::Path;

    struct Out {
        statics: String,
        next: usize,
    }

    fn get<'a>(v: &'a Value, key: &str) -> &'a Value {
        v.get(key).unwrap_or_else(|| panic!("built-in pack: missing {key} in {v}"))
    }

    fn text(v: &Value) -> String {
        format!("Cow::Borrowed({:?})", v.as_str().unwrap_or_else(|| panic!("built-in pack: {v} is not a string")))
    }

    fn field(v: &Value, key: &str) -> String {
        text(get(v, key))
    }

    fn source(v: &Value) -> String {
        let s = get(v, "source");
        format!(
            "Source {{ document: {}, clause: {}, words: {}, summary: {} }}",
            field(s, "document"),
            field(s, "clause"),
            field(s, "words"),
            field(s, "summary")
        )
    }

    /// `HH:MM` as a `hm(h, m)` call.
    fn time(v: &Value) -> String {
        let t = v.as_str().unwrap();
        let (h, m) = t.split_once(':').unwrap();
        format!("hm({}, {})", h.parse::<u32>().unwrap(), m.parse::<u32>().unwrap())
    }

    /// A plain decimal string as `Decimal::from_parts`.
    fn decimal(text: &str) -> String {
        let (int, frac) = text.split_once('.').unwrap_or((text, ""));
        let mantissa: u128 = format!("{int}{frac}").parse().unwrap();
        let (lo, mid, hi) = (mantissa as u32, (mantissa >> 32) as u32, (mantissa >> 64) as u32);
        format!("Decimal::from_parts({lo}, {mid}, {hi}, false, {})", frac.len())
    }

    /// `>= 1080` / `< 2160` as a `Bound`.
    fn bound(v: &Value, ops: [&str; 2]) -> String {
        let t = v.as_str().unwrap();
        let (op, value) = t.split_once(' ').unwrap();
        assert!(ops.contains(&op), "built-in pack: bound {t}");
        format!("Bound {{ value: {}, inclusive: {} }}", decimal(value), op.ends_with('='))
    }

    fn tier(v: &Value) -> String {
        let t = v.as_str().unwrap();
        let mut name = t[..1].to_uppercase();
        name.push_str(&t[1..]);
        format!("Tier::{name}")
    }

    impl Out {
        /// Declares `static NAME: [ty; n] = [items];` and returns `Cow::Borrowed(&NAME)`.
        fn slice(&mut self, ty: &str, items: Vec<String>) -> String {
            let name = format!("S{}", self.next);
            self.next += 1;
            writeln!(self.statics, "static {name}: [{ty}; {}] = [{}];", items.len(), items.join(", ")).unwrap();
            format!("Cow::Borrowed(&{name})")
        }

        fn table(&mut self, t: &Value) -> String {
            let bands = get(t, "bands").as_array().unwrap();
            let items = bands
                .iter()
                .map(|b| {
                    let max = match b.get("max") {
                        Some(m) => format!("Some({})", bound(m, ["<", "<="])),
                        None => "None".into(),
                    };
                    format!(
                        "Band {{ tier: {}, min: {}, max: {max} }}",
                        tier(get(b, "tier")),
                        bound(get(b, "min"), [">=", ">"])
                    )
                })
                .collect();
            let bands = self.slice("Band", items);
            format!("TierTable {{ rule: {}, source: {}, bands: {bands} }}", field(t, "rule"), source(t))
        }

        fn windows(&mut self, w: &Value) -> String {
            let regions: &Map<String, Value> = get(w, "blocked").as_object().unwrap();
            let items = regions
                .iter()
                .map(|(region, spans)| {
                    let spans = spans
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|s| format!("Span {{ from: {}, to: {} }}", time(get(s, "from")), time(get(s, "to"))))
                        .collect();
                    let spans = self.slice("Span", spans);
                    format!("RegionWindows {{ region: Region(Cow::Borrowed({region:?})), blocked: {spans} }}")
                })
                .collect();
            let regions = self.slice("RegionWindows", items);
            format!("Windows {{ rule: {}, source: {}, regions: {regions} }}", field(w, "rule"), source(w))
        }

        fn sla(&mut self, rules: &[Value], office: &str) -> String {
            let amount = |r: &Value, area: &str| -> Option<u64> {
                match r.get("amount")? {
                    Value::Object(per_area) => per_area[area].as_u64(),
                    n => n.as_u64(),
                }
            };
            let period = |r: &Value, area: &str| -> String {
                let n = || amount(r, area).expect("built-in pack: amount");
                match get(r, "clock").as_str().unwrap() {
                    "immediate" => "Period::Immediate".into(),
                    "clock_hours" => format!("Period::ClockHours({})", n()),
                    "calendar_days" => format!("Period::CalendarDays({})", n()),
                    "working_days" => format!("Period::WorkingDays({})", n()),
                    "working_minutes" => format!("Period::WorkingMinutes({}, {office})", n()),
                    "same_day_cutoff" => format!("Period::SameDayCutoff({})", time(get(r, "cutoff"))),
                    "day_end" => "Period::DayEnd".into(),
                    other => panic!("built-in pack: clock {other}"),
                }
            };
            let camel = |v: &Value| {
                let t = v.as_str().unwrap();
                t[..1].to_uppercase() + &t[1..]
            };
            let items = rules
                .iter()
                .map(|r| {
                    let serves = match (r.get("incident"), r.get("class")) {
                        (Some(i), Some(c)) => {
                            format!("Some((Incident::{}, CustomerClass::{}))", camel(i), camel(c))
                        }
                        _ => "None".into(),
                    };
                    format!(
                        "SlaRule {{ id: {}, source: {}, serves: {serves}, urban: {}, rural: {} }}",
                        field(r, "id"),
                        source(r),
                        period(r, "urban"),
                        period(r, "rural")
                    )
                })
                .collect();
            self.slice("SlaRule", items)
        }
    }

    pub fn generate(src: &str, dest: &Path) {
        println!("cargo:rerun-if-changed={src}");
        let doc: Value = serde_json::from_str(&fs::read_to_string(src).unwrap()).unwrap();
        let mut out = Out { statics: String::new(), next: 0 };
        let tiers = get(&doc, "tiers");
        let personal: Vec<String> = get(tiers, "personal")
            .as_object()
            .unwrap()
            .iter()
            .map(|(brand, t)| {
                format!("BrandTable {{ brand: Brand(Cow::Borrowed({brand:?})), table: {} }}", out.table(t))
            })
            .collect();
        let personal = out.slice("BrandTable", personal);
        let enterprise = out.table(get(tiers, "enterprise"));
        let gov = get(tiers, "government");
        let ranks = get(gov, "ranks")
            .as_object()
            .unwrap()
            .iter()
            .map(|(rank, t)| format!("(Rank(Cow::Borrowed({rank:?})), {})", tier(t)))
            .collect();
        let ranks = out.slice("(Rank, Tier)", ranks);
        let prov = get(tiers, "provisional");
        let office_v = get(&doc, "office_hours");
        let office =
            format!("OfficeHours {{ open: {}, close: {} }}", time(get(office_v, "open")), time(get(office_v, "close")));
        let sla = out.sla(get(&doc, "sla").as_array().unwrap(), &office);
        let notify = out.windows(get(&doc, "notify"));
        let visit_v = get(&doc, "visit");
        let visit = out.windows(visit_v);
        let effective = match doc.get("effective_from") {
            None => "None".to_string(),
            Some(d) => panic!("built-in pack: effective_from {d} (the built-in pack is in force for every date)"),
        };
        let pack = format!(
            "Pack {{ info: PackInfo {{ name: {}, version: {}, effective_from: {effective}, description: {} }}, \
             tiers: Tiers {{ personal: {personal}, enterprise: {enterprise}, \
             government: RankTable {{ rule: {}, source: {}, ranks: {ranks} }}, \
             provisional: Provisional {{ rule: {}, source: {}, min_monthly_fee: {} }} }}, \
             sla: {sla}, office_hours: Office {{ hours: {office}, source: {} }}, notify: {notify}, \
             visit: Visit {{ windows: {visit}, install_after_hours: {} }} }}",
            field(&doc, "name"),
            field(&doc, "version"),
            field(&doc, "description"),
            field(gov, "rule"),
            source(gov),
            field(prov, "rule"),
            source(prov),
            decimal(get(prov, "min_monthly_fee").as_str().unwrap()),
            source(office_v),
            get(visit_v, "install_after_hours").as_u64().unwrap(),
        );
        let code = format!("{}\npub(super) static BUILTIN: Pack = {pack};\n", out.statics);
        fs::write(dest, code).unwrap();
    }
}

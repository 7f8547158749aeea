//! Reading the State Council's holiday notice (国务院办公厅关于2026年部分节假日安排的通知) into
//! the calendar document [`Calendar::load_json`](super::Calendar::load_json) loads, so that on
//! the morning a new schedule is published the year is one command away (INTERP.CALENDAR).
//!
//! The reader trusts nothing it cannot check. A notice states each holiday block twice over —
//! the dates, the weekday of each date in brackets, and the number of days (共N天) — and the
//! law fixes what must be in it; every disagreement is a problem with the line it is on, and a
//! notice with any problem gives no calendar at all. Text as pasted from a web page is fine:
//! extra whitespace and line breaks, full-width digits and punctuation, traditional characters,
//! the news agency's lead-in and the page's trailer around it.
//!
//! How a notice becomes days:
//! - `1月1日(周四)至3日(周六)放假调休,共3天` — every day of the range rests, weekends included;
//! - `6月10日放假,与周末连休` — the day and the weekend it touches (a Monday takes the Saturday
//!   and Sunday before it, a Friday the two after);
//! - `4月5日放假,4月7日(星期一)补休` — the day through the compensating day;
//! - `1月4日(周日)上班`, `2月14日(周六)、2月28日(周六)上班` — make-up working days, which must
//!   be Saturdays or Sundays; sentences opening with 其中 only explain the swaps and are checked
//!   for their weekdays, but their `…上班` clause counts;
//! - a block for two holidays (`国庆节、中秋节`) is named after National Day, the holiday the
//!   notices merge the other into (国庆节放假如逢中秋节则合并放假).
//!
//! A date without a year is in the notice's year, or, after another date of the same item, in
//! the year that puts it nearest that date (`2006年12月30日(星期六)、31日` …). Only the New Year
//! block and its make-up days may reach into the previous year (`2022年12月31日至2023年1月2日`);
//! the document states such days under `amends`, on top of that year's schedule.
//!
//! A supplementary notice (延长2020年春节假期, 调整2019年劳动节假期安排, the 2015 Victory Day
//! notice) amends its year. Several notices are read in publication order by
//! [`calendar_document`]: an extension needs the block it extends, so the year's notice comes
//! first.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde_json::{json, Map, Value};

use crate::{Error, Problem};

/// A holiday a notice can name: the key and Chinese name of the built-in calendar data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Holiday {
    /// Stable key, as in `cn-mainland.json` (`national_day` …).
    pub key: &'static str,
    /// The name the calendar shows (国庆节 …).
    pub zh: &'static str,
}

const NEW_YEAR: Holiday = Holiday { key: "new_years_day", zh: "元旦" };
const SPRING: Holiday = Holiday { key: "spring_festival", zh: "春节" };
const QINGMING: Holiday = Holiday { key: "tomb_sweeping_day", zh: "清明节" };
const LABOUR: Holiday = Holiday { key: "labour_day", zh: "劳动节" };
const DRAGON_BOAT: Holiday = Holiday { key: "dragon_boat_festival", zh: "端午节" };
const MID_AUTUMN: Holiday = Holiday { key: "mid_autumn_festival", zh: "中秋节" };
const NATIONAL: Holiday = Holiday { key: "national_day", zh: "国庆节" };
const VICTORY_70: Holiday = Holiday { key: "victory_day_70th", zh: "抗战胜利70周年纪念日" };

/// The words notices use for each holiday, longest first where one contains another.
const NAMES: &[(&str, Holiday)] = &[
    ("中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日", VICTORY_70),
    ("抗战胜利70周年纪念日", VICTORY_70),
    ("五一国际劳动节", LABOUR),
    ("国际劳动节", LABOUR),
    ("劳动节", LABOUR),
    ("五一", LABOUR),
    ("元旦", NEW_YEAR),
    ("春节", SPRING),
    ("清明节", QINGMING),
    ("端午节", DRAGON_BOAT),
    ("中秋节", MID_AUTUMN),
    ("国庆节", NATIONAL),
    ("十一", NATIONAL),
];

/// The holidays every yearly notice must schedule: the 1999 law's four, and from 2008 (the
/// 2007 amendment of 全国年节及纪念日放假办法) Qingming, Dragon Boat and Mid-Autumn too.
fn statutory(year: i32) -> &'static [Holiday] {
    if year >= 2008 {
        &[NEW_YEAR, SPRING, QINGMING, LABOUR, DRAGON_BOAT, MID_AUTUMN, NATIONAL]
    } else {
        &[NEW_YEAR, SPRING, LABOUR, NATIONAL]
    }
}

/// The fixed-date statutory day a block of the holiday must contain (month, day).
fn fixed_day(h: Holiday) -> Option<(u32, u32)> {
    match h.key {
        "new_years_day" => Some((1, 1)),
        "labour_day" => Some((5, 1)),
        "national_day" => Some((10, 1)),
        _ => None,
    }
}

/// The holiday of a rest day in a block the notice gives to both 中秋节 and 国庆节: the notice
/// does not say which day is which, so the day of the lunar Mid-Autumn date is Mid-Autumn, unless
/// the law names that day National Day too (1 October 2020), as the built-in data does.
fn merged_block_day(d: NaiveDate) -> Holiday {
    match super::statutory::holiday_on(d) {
        Some(h) if h.key == MID_AUTUMN.key => MID_AUTUMN,
        _ => NATIONAL,
    }
}

/// A notice as read: what it is, and the days it sets.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Notice {
    /// The title as written (国务院办公厅关于2026年部分节假日安排的通知).
    pub title: String,
    /// The document number, when the text carries it (国办发明电〔2025〕7号).
    pub number: Option<String>,
    /// The date it was signed (the last line).
    pub date: NaiveDate,
    /// The year it schedules.
    pub year: i32,
    /// What it sets.
    pub arrangement: Arrangement,
}

/// What a notice sets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arrangement {
    /// A yearly notice (部分节假日安排) or a supplementary one that adjusts or adds a holiday:
    /// rest days and make-up working days, each with its holiday.
    Days {
        /// Whether this is the yearly notice, which schedules the whole year.
        yearly: bool,
        /// Rest days, in date order.
        rest: Vec<(NaiveDate, Holiday)>,
        /// Make-up working days (Saturdays or Sundays), in date order.
        work: Vec<(NaiveDate, Holiday)>,
    },
    /// A supplementary notice extending a holiday block to a later day (延长…假期至2月2日).
    Extension {
        /// The holiday extended.
        holiday: Holiday,
        /// Its new last day.
        to: NaiveDate,
    },
}

impl Notice {
    /// The year's `source` in the calendar document: the title, the number and the date.
    pub fn source(&self) -> String {
        let date = crate::time::format_date(self.date);
        match &self.number {
            Some(n) => format!("{} ({n}, {date})", self.title),
            None => format!("{} ({date})", self.title),
        }
    }
}

/// The longest text read: a notice with a web page around it is a few thousand characters.
const MAX_TEXT: usize = 200_000;

/// Reads one notice; every problem found is reported, each at `line N` with the line's text.
///
/// ```
/// use guifan_core::calendar::notice;
/// let text = "国务院办公厅关于2026年部分节假日安排的通知\n…\n一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。\n…\n国务院办公厅\n2025年11月4日";
/// let err = notice::read(text).unwrap_err();
/// // A yearly notice schedules every statutory holiday; this one stops after New Year.
/// assert!(err.problems().iter().any(|p| p.message.contains("春节")));
/// ```
pub fn read(text: &str) -> Result<Notice, Error> {
    if text.len() > MAX_TEXT {
        let message = format!("{} bytes: a notice is a page of text, at most {MAX_TEXT} bytes are read", text.len());
        return Err(Error::InvalidCalendar {
            problems: alloc::vec![Problem { field: "notice".into(), value: format!("{} bytes", text.len()), message }],
        });
    }
    let mut r = Reader { t: Text::new(text), problems: Vec::new() };
    let notice = r.notice();
    match notice {
        Some(n) if r.problems.is_empty() => Ok(n),
        _ => Err(Error::InvalidCalendar { problems: r.problems }),
    }
}

/// The calendar document (the format [`Calendar::load_json`](super::Calendar::load_json)
/// loads) for notices read in publication order: each yearly notice's year under `years` with
/// its `source`; days a notice sets in the previous year (a New Year block starting in
/// December) and supplementary notices under `amends`, on top of that year's schedule. Every
/// problem of every text is reported (`line 12`, or `notices[1].line 12` for several texts),
/// and then nothing is returned.
///
/// ```
/// use guifan_core::calendar::{notice, Calendar};
/// let text = include_str!("../../spec-tests/notices/2026.txt");
/// let doc = notice::calendar_document(&[text]).unwrap();
/// assert_eq!(doc["years"]["2026"]["makeup_workdays"][0]["date"], "2026-01-04");
/// let mut cal = Calendar::builtin();
/// assert_eq!(cal.load_value(&doc).unwrap(), vec![2026]);
/// ```
pub fn calendar_document(texts: &[&str]) -> Result<Value, Error> {
    let mut problems = Vec::new();
    let mut notices = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        match read(text) {
            Ok(n) => notices.push((i, n)),
            Err(e) => problems.extend(e.problems().iter().cloned().map(|mut p| {
                if texts.len() > 1 {
                    p.field = format!("notices[{i}].{}", p.field);
                }
                p
            })),
        }
    }
    let mut doc = Assembly::default();
    for (i, n) in &notices {
        let at = if texts.len() > 1 { format!("notices[{i}]") } else { "notice".into() };
        if let Err(p) = doc.add(n) {
            problems.push(Problem { field: at, value: n.title.clone(), message: p });
        }
    }
    if problems.is_empty() {
        Ok(doc.to_value())
    } else {
        Err(Error::InvalidCalendar { problems })
    }
}

/// The days of one year as the document states them, and where they come from.
#[derive(Default)]
struct YearDays {
    sources: Vec<String>,
    rest: BTreeMap<NaiveDate, Holiday>,
    work: BTreeMap<NaiveDate, Holiday>,
}

impl YearDays {
    fn set(&mut self, source: &str, rest: &[(NaiveDate, Holiday)], work: &[(NaiveDate, Holiday)]) {
        if !self.sources.iter().any(|s| s == source) {
            self.sources.push(source.into());
        }
        // A later notice's word on a day replaces an earlier one's.
        for (d, h) in rest {
            self.work.remove(d);
            self.rest.insert(*d, *h);
        }
        for (d, h) in work {
            self.rest.remove(d);
            self.work.insert(*d, *h);
        }
    }

    fn to_value(&self, full: bool) -> Value {
        let holidays: Vec<Value> = self
            .rest
            .iter()
            .map(|(d, h)| json!({"date": crate::time::format_date(*d), "name": h.key, "name_zh": h.zh}))
            .collect();
        let makeup: Vec<Value> =
            self.work.iter().map(|(d, h)| json!({"date": crate::time::format_date(*d), "for": h.key})).collect();
        let mut out = Map::new();
        out.insert("source".into(), self.sources.join("; ").into());
        if full || !holidays.is_empty() {
            out.insert("holidays".into(), holidays.into());
        }
        if full || !makeup.is_empty() {
            out.insert("makeup_workdays".into(), makeup.into());
        }
        Value::Object(out)
    }
}

/// Notices put together in order.
#[derive(Default)]
struct Assembly {
    years: BTreeMap<i32, YearDays>,
    amends: BTreeMap<i32, YearDays>,
}

impl Assembly {
    /// The rest days of `holiday` in `year` set so far, in order.
    fn block(&self, year: i32, holiday: Holiday) -> Vec<NaiveDate> {
        let mut days: Vec<NaiveDate> = [self.years.get(&year), self.amends.get(&year)]
            .into_iter()
            .flatten()
            .flat_map(|y| y.rest.iter().filter(|(_, h)| **h == holiday).map(|(d, _)| *d))
            .collect();
        crate::order::sort(&mut days);
        days.dedup();
        days
    }

    fn add(&mut self, n: &Notice) -> Result<(), String> {
        let source = n.source();
        match &n.arrangement {
            Arrangement::Days { yearly: true, rest, work } => {
                if self.years.contains_key(&n.year) {
                    return Err(format!("a second yearly notice for {}: give one per year", n.year));
                }
                let (this, before): (Vec<_>, Vec<_>) = rest.iter().partition(|(d, _)| d.year() == n.year);
                let (this_w, before_w): (Vec<_>, Vec<_>) = work.iter().partition(|(d, _)| d.year() == n.year);
                self.years.entry(n.year).or_default().set(&source, &this, &this_w);
                if !before.is_empty() || !before_w.is_empty() {
                    self.amends.entry(n.year - 1).or_default().set(&source, &before, &before_w);
                }
            }
            Arrangement::Days { yearly: false, rest, work } => {
                // An adjustment replaces a block read earlier: refuse one that would leave days
                // of the old block behind, as setting days on top cannot take them away.
                for h in rest.iter().map(|(_, h)| *h) {
                    let earlier = self.block(n.year, h);
                    if let Some(d) = earlier.iter().find(|d| !rest.iter().any(|(r, _)| r == *d)) {
                        return Err(format!(
                            "moves {} {} of {} out of the holiday, which an amendment cannot express",
                            h.zh, d, n.year
                        ));
                    }
                }
                self.amends.entry(n.year).or_default().set(&source, rest, work);
            }
            Arrangement::Extension { holiday, to } => {
                let block = self.block(n.year, *holiday);
                let Some(last) = block.last() else {
                    return Err(format!(
                        "extends {} of {}: give the notice that set that holiday first",
                        holiday.zh, n.year
                    ));
                };
                let days: Vec<(NaiveDate, Holiday)> =
                    days_between(*last + Duration::days(1), *to).into_iter().map(|d| (d, *holiday)).collect();
                if days.is_empty() || days.len() > 15 {
                    return Err(format!(
                        "extends {} of {} from {last} to {to}: not a few days later",
                        holiday.zh, n.year
                    ));
                }
                self.amends.entry(n.year).or_default().set(&source, &days, &[]);
            }
        }
        Ok(())
    }

    fn to_value(&self) -> Value {
        let years: Map<String, Value> = self.years.iter().map(|(y, d)| (y.to_string(), d.to_value(true))).collect();
        let mut doc = Map::new();
        doc.insert("calendar".into(), "cn-mainland".into());
        doc.insert("years".into(), years.into());
        if !self.amends.is_empty() {
            let amends: Map<String, Value> =
                self.amends.iter().map(|(y, d)| (y.to_string(), d.to_value(false))).collect();
            doc.insert("amends".into(), amends.into());
        }
        Value::Object(doc)
    }
}

fn days_between(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut d = from;
    while d <= to && out.len() <= 31 {
        out.push(d);
        d += Duration::days(1);
    }
    out
}

/// The text with whitespace gone and each character's variants folded to one (full-width
/// digits and punctuation, traditional characters, quotes, dashes as 至), each remembering its
/// line.
struct Text {
    chars: Vec<char>,
    lines: Vec<usize>,
    /// Whether the character starts its line.
    starts: Vec<bool>,
    /// How many brackets are open at each character (reset at each 。).
    depth: Vec<u16>,
    source_lines: Vec<String>,
}

/// Traditional characters of the words the reader looks for, and their simplified forms.
const TRADITIONAL: &[(char, char)] = &[
    ('國', '国'),
    ('務', '务'),
    ('辦', '办'),
    ('廳', '厅'),
    ('關', '关'),
    ('於', '于'),
    ('節', '节'),
    ('勞', '劳'),
    ('動', '动'),
    ('慶', '庆'),
    ('調', '调'),
    ('週', '周'),
    ('與', '与'),
    ('連', '连'),
    ('補', '补'),
    ('農', '农'),
    ('曆', '历'),
    ('歷', '历'),
    ('臘', '腊'),
    ('發', '发'),
    ('號', '号'),
    ('電', '电'),
    ('長', '长'),
    ('間', '间'),
    ('戰', '战'),
    ('勝', '胜'),
    ('紀', '纪'),
    ('際', '际'),
    ('現', '现'),
    ('將', '将'),
    ('準', '准'),
    ('據', '据'),
    ('體', '体'),
    ('個', '个'),
    ('來', '来'),
    ('歲', '岁'),
    ('點', '点'),
    ('會', '会'),
    ('舉', '举'),
    ('為', '为'),
    ('參', '参'),
    ('處', '处'),
];

impl Text {
    fn new(text: &str) -> Self {
        let (mut chars, mut lines, mut starts, mut source_lines) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (n, line) in text.lines().enumerate() {
            source_lines.push(line.trim().into());
            let mut first = true;
            for c in line.chars() {
                let Some(c) = fold(c) else { continue };
                chars.push(c);
                lines.push(n + 1);
                starts.push(first);
                first = false;
            }
        }
        let mut depth = Vec::with_capacity(chars.len());
        let mut open = 0u16;
        for c in &chars {
            depth.push(open);
            open = match c {
                '(' => open.saturating_add(1),
                ')' => open.saturating_sub(1),
                '。' => 0,
                _ => open,
            };
        }
        Text { chars, lines, starts, depth, source_lines }
    }

    fn line(&self, i: usize) -> usize {
        self.lines.get(i).or(self.lines.last()).copied().unwrap_or(1)
    }

    fn starts_with(&self, i: usize, word: &str) -> bool {
        (i..).zip(word.chars()).all(|(k, c)| self.chars.get(k) == Some(&c))
    }

    fn find(&self, word: &str, from: usize, to: usize) -> Option<usize> {
        (from..to.min(self.chars.len())).find(|&i| self.starts_with(i, word))
    }

    fn slice(&self, from: usize, to: usize) -> String {
        self.chars[from.min(self.chars.len())..to.min(self.chars.len())].iter().collect()
    }
}

fn fold(c: char) -> Option<char> {
    Some(match c {
        c if c.is_whitespace() => return None,
        '“' | '”' | '"' | '‘' | '’' | '\'' | '「' | '」' | '『' | '』' | '《' | '》' | '<' | '>' | '〈' | '〉' => {
            return None
        }
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32)?,
        '（' | '﹙' => '(',
        '）' | '﹚' => ')',
        '：' | '∶' => ':',
        '，' | '﹐' => ',',
        '；' | '﹔' => ';',
        '．' | '｡' => '。',
        '－' | '–' | '—' | '―' | '～' | '~' | '-' | '〜' => '至',
        '［' | '[' => '〔',
        '］' | ']' => '〕',
        c => TRADITIONAL.iter().find(|(t, _)| *t == c).map_or(c, |(_, s)| *s),
    })
}

/// A date as written: `2006年12月30日(星期六)`, `31日`, `1月1日(周四)`.
#[derive(Clone, Copy, Debug)]
struct Written {
    year: Option<i32>,
    month: Option<u32>,
    day: u32,
    weekday: Option<Weekday>,
    start: usize,
    /// One past the date and its bracket.
    end: usize,
}

fn number(t: &Text, i: usize, max_len: usize) -> Option<(u32, usize)> {
    let mut n = 0u32;
    let mut k = i;
    while k < t.chars.len() && k - i < max_len {
        let Some(d) = t.chars[k].to_digit(10) else { break };
        n = n * 10 + d;
        k += 1;
    }
    (k > i && t.chars.get(k).is_none_or(|c| !c.is_ascii_digit())).then_some((n, k))
}

fn written_at(t: &Text, i: usize) -> Option<Written> {
    if i > 0 && t.chars[i - 1].is_ascii_digit() {
        return None;
    }
    let (mut year, mut month) = (None, None);
    let (mut n, mut k) = number(t, i, 4)?;
    if t.chars.get(k) == Some(&'年') && k - i == 4 {
        year = Some(n as i32);
        (n, k) = number(t, k + 1, 2)?;
    }
    if t.chars.get(k) == Some(&'月') {
        month = Some(n);
        (n, k) = number(t, k + 1, 2)?;
    } else if year.is_some() {
        return None;
    }
    if t.chars.get(k) != Some(&'日') || k - i > 11 {
        return None;
    }
    let mut w = Written { year, month, day: n, weekday: None, start: i, end: k + 1 };
    if t.chars.get(w.end) == Some(&'(') {
        if let Some(close) = t.find(")", w.end, w.end + 24) {
            w.weekday = (w.end..close).find_map(|j| weekday_at(t, j));
            w.end = close + 1;
        }
    }
    Some(w)
}

fn weekday_at(t: &Text, i: usize) -> Option<Weekday> {
    let after = if t.starts_with(i, "星期") {
        i + 2
    } else if t.starts_with(i, "周") || t.starts_with(i, "礼拜") {
        i + if t.chars[i] == '周' { 1 } else { 2 }
    } else {
        return None;
    };
    Some(match t.chars.get(after)? {
        '一' => Weekday::Mon,
        '二' => Weekday::Tue,
        '三' => Weekday::Wed,
        '四' => Weekday::Thu,
        '五' => Weekday::Fri,
        '六' => Weekday::Sat,
        '日' | '天' => Weekday::Sun,
        _ => return None,
    })
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

fn weekday_zh(w: Weekday) -> &'static str {
    ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"][w.num_days_from_monday() as usize]
}

fn chinese_digit(c: char) -> Option<u32> {
    match c {
        '〇' | '○' | '零' => Some(0),
        c => "一二三四五六七八九".chars().position(|d| d == c).map(|p| p as u32 + 1),
    }
}

/// A Chinese numeral 1–99 (十二, 二十一) at `i`, and where it ends.
fn chinese_number(t: &Text, i: usize) -> Option<(u32, usize)> {
    let digit = chinese_digit;
    let (mut k, mut n) = (i, 0u32);
    if let Some(d) = t.chars.get(k).and_then(|c| digit(*c)) {
        n = d;
        k += 1;
    }
    if t.chars.get(k) == Some(&'十') {
        n = if k == i { 10 } else { n * 10 };
        k += 1;
        if let Some(d) = t.chars.get(k).and_then(|c| digit(*c)) {
            n += d;
            k += 1;
        }
    }
    (k > i).then_some((n, k))
}

/// A date written in full, in digits or Chinese numerals (二〇一一年十二月五日), at `i`.
fn full_date_at(t: &Text, i: usize) -> Option<(NaiveDate, usize)> {
    if let Some(w) = written_at(t, i) {
        return Some((NaiveDate::from_ymd_opt(w.year?, w.month?, w.day)?, w.end));
    }
    let mut year = 0i32;
    let mut k = i;
    while k - i < 4 {
        year = year * 10 + chinese_digit(*t.chars.get(k)?)? as i32;
        k += 1;
    }
    if t.chars.get(k) != Some(&'年') {
        return None;
    }
    let (month, k) = chinese_number(t, k + 1)?;
    if t.chars.get(k) != Some(&'月') {
        return None;
    }
    let (day, k) = chinese_number(t, k + 1)?;
    (t.chars.get(k) == Some(&'日')).then_some(())?;
    Some((NaiveDate::from_ymd_opt(year, month, day)?, k + 1))
}

const NUMERALS: &[&str] = &["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"];

struct Reader {
    t: Text,
    problems: Vec<Problem>,
}

/// One numbered item (or the body of a notice without items): its span and holiday names.
struct Item {
    /// Where the item's numeral (or the body) starts.
    mark: usize,
    start: usize,
    end: usize,
    names: Vec<Holiday>,
}

impl Reader {
    fn fail(&mut self, at: usize, message: impl Into<String>) {
        let line = self.t.line(at);
        let value: String = self.t.source_lines.get(line - 1).map(|l| l.chars().take(60).collect()).unwrap_or_default();
        let message = message.into();
        let problem = Problem { field: format!("line {line}"), value, message: format!("line {line}: {message}") };
        if !self.problems.contains(&problem) {
            self.problems.push(problem);
        }
    }

    fn notice(&mut self) -> Option<Notice> {
        if self.t.chars.is_empty() {
            self.fail(0, "empty: expected the text of a notice (国务院办公厅关于…的通知)");
            return None;
        }
        let Some((title_start, title_end)) = self.title() else {
            self.fail(0, "no title: expected 国务院办公厅关于…的通知 (or 国务院关于…的通知)");
            return None;
        };
        let title = self.t.slice(title_start, title_end);
        let yearly = title.contains("部分节假日安排");
        let title_year = (title_start..title_end).find_map(|i| {
            let (n, k) = number(&self.t, i, 4)?;
            (k - i == 4 && self.t.chars.get(k) == Some(&'年') && (i == 0 || !self.t.chars[i - 1].is_ascii_digit()))
                .then_some(n as i32)
        });
        let number = self.document_number(title_end);
        let signature = self.signature(title_end);
        let body_end = signature.map_or(self.t.chars.len(), |(at, _)| at);
        let year = match title_year {
            Some(y) => y,
            None if yearly => {
                self.fail(title_start, "no year in the title (关于2026年部分节假日安排的通知)");
                return None;
            }
            // A supplementary notice may name its year only in the text (2015年9月3日).
            None => match (title_end..body_end).find_map(|i| full_date_at(&self.t, i)) {
                Some((d, _)) => d.year(),
                None => {
                    self.fail(title_start, "no year in the title, nor a full date (2015年9月3日) in the text");
                    return None;
                }
            },
        };
        if !(1949..=9998).contains(&year) {
            self.fail(title_start, format!("{year}: not a year a notice schedules"));
            return None;
        }
        if signature.is_none() {
            self.fail(
                self.t.chars.len().saturating_sub(1),
                "no signature at the end (国务院办公厅 and the date): the text looks cut short",
            );
        }
        let title_holiday = if yearly { None } else { names_in(&self.t, title_start, title_end).first().copied() };
        let items = self.items(title_end, body_end, yearly, title_holiday);
        let arrangement = self.arrangement(&items, year, yearly, title_start)?;
        Some(Notice { title, number, date: signature?.1, year, arrangement })
    }

    /// The first 国务院[办公厅]关于…通知.
    fn title(&self) -> Option<(usize, usize)> {
        let mut from = 0;
        while let Some(at) = self.t.find("关于", from, self.t.chars.len()) {
            let start = ["国务院办公厅", "国务院"].iter().find_map(|w| {
                let n = w.chars().count();
                (at >= n && self.t.starts_with(at - n, w)).then(|| at - n)
            });
            if let (Some(start), Some(end)) = (start, self.t.find("通知", at, at + 80)) {
                return Some((start, end + 2));
            }
            from = at + 1;
        }
        None
    }

    /// 国办发明电〔2025〕7号, when the text carries it.
    fn document_number(&self, from: usize) -> Option<String> {
        let at = self.t.find("明电〔", from, from + 200)?;
        let start = ["国办发", "国发"].iter().find_map(|w| {
            let n = w.chars().count();
            (at >= n && self.t.starts_with(at - n, w)).then(|| at - n)
        })?;
        let end = self.t.find("号", at, at + 16)?;
        Some(self.t.slice(start, end + 1))
    }

    /// The last 国务院[办公厅] followed by a full date: where it starts and the date.
    fn signature(&self, from: usize) -> Option<(usize, NaiveDate)> {
        (from..self.t.chars.len()).rev().find_map(|i| {
            let issuer = ["国务院办公厅", "国务院"].iter().find(|w| self.t.starts_with(i, w))?;
            let (date, _) = full_date_at(&self.t, i + issuer.chars().count())?;
            Some((i, date))
        })
    }

    /// The numbered items (一、元旦:…); a supplementary notice without them is one item.
    fn items(&mut self, from: usize, to: usize, yearly: bool, title_holiday: Option<Holiday>) -> Vec<Item> {
        let mut marks: Vec<(usize, usize)> = Vec::new();
        let mut at = from;
        for numeral in NUMERALS {
            let word = format!("{numeral}、");
            let found = (at..to).find(|&i| {
                self.t.starts_with(i, &word)
                    && (self.t.starts[i] || i == 0 || matches!(self.t.chars[i - 1], '。' | ':' | ';'))
            });
            let Some(i) = found else { continue };
            marks.push((i, i + word.chars().count()));
            at = i + 1;
        }
        if marks.is_empty() {
            if yearly {
                self.fail(from, "no numbered arrangement (一、元旦:…): is the text complete?");
                return Vec::new();
            }
            // The whole body is the arrangement, for the holiday of the title.
            let body = self.t.find("如下", from, to).map_or(from, |i| i + 2);
            return alloc::vec![Item { mark: body, start: body, end: to, names: title_holiday.into_iter().collect() }];
        }
        let mut items = Vec::new();
        for (k, &(mark, body)) in marks.iter().enumerate() {
            let end = marks.get(k + 1).map_or_else(|| self.last_item_end(body, to), |m| m.0);
            let header_end =
                (body..end).find(|&i| self.t.chars[i] == ':' || self.t.chars[i].is_ascii_digit()).unwrap_or(end);
            let names = names_in(&self.t, body, header_end);
            let names = if names.is_empty() { title_holiday.into_iter().collect() } else { names };
            let start = if self.t.chars.get(header_end) == Some(&':') { header_end + 1 } else { header_end };
            items.push(Item { mark, start, end, names });
        }
        items
    }

    /// The last item runs while its sentences carry dates; the closing paragraph has none.
    fn last_item_end(&self, from: usize, to: usize) -> usize {
        let mut start = from;
        let mut first = true;
        while start < to {
            let end = self.t.find("。", start, to).map_or(to, |i| i + 1);
            let has_date = (start..end).any(|i| written_at(&self.t, i).is_some());
            if !has_date && !first {
                return start;
            }
            first = false;
            start = end;
        }
        to
    }

    fn arrangement(&mut self, items: &[Item], year: i32, yearly: bool, title_at: usize) -> Option<Arrangement> {
        let mut rest: Vec<(NaiveDate, Holiday)> = Vec::new();
        let mut work: Vec<(NaiveDate, Holiday)> = Vec::new();
        let mut seen: Vec<Holiday> = Vec::new();
        let mut extension = None;
        for item in items {
            let dated = (item.start..item.end).any(|i| written_at(&self.t, i).is_some());
            if !dated && !yearly {
                continue; // 二、各地区、各部门要抓紧做好…
            }
            let Some(&first) = item.names.first() else {
                self.fail(item.start, "names no holiday (元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节)");
                continue;
            };
            // A merged block is named after National Day (国庆节放假如逢中秋节则合并放假), but
            // for the Mid-Autumn day itself (see `merged_block_day`).
            let holiday = if item.names.contains(&NATIONAL) { NATIONAL } else { first };
            for h in &item.names {
                if seen.contains(h) {
                    self.fail(item.start, format!("{} is scheduled twice", h.zh));
                }
                seen.push(*h);
            }
            if !yearly && self.t.find("延长", item.mark, item.end).is_some() {
                extension = self.extension(item, year).map(|to| (holiday, to));
                continue;
            }
            let (r, w) = self.item_days(item, year, yearly, holiday);
            if r.is_empty() {
                self.fail(item.start, format!("{}: no rest days (…放假) found", holiday.zh));
            }
            if let Some((m, d)) = fixed_day(holiday) {
                let day = NaiveDate::from_ymd_opt(year, m, d)?;
                if !r.is_empty() && !r.contains(&day) {
                    self.fail(
                        item.start,
                        format!("{}: the block does not contain {m}月{d}日, the statutory day", holiday.zh),
                    );
                }
            }
            let merged = holiday == NATIONAL && item.names.contains(&MID_AUTUMN);
            for d in r {
                if rest.iter().chain(&work).any(|(x, _)| *x == d) {
                    self.fail(item.start, format!("{d} is set twice"));
                }
                rest.push((d, if merged { merged_block_day(d) } else { holiday }));
            }
            for d in w {
                if rest.iter().chain(&work).any(|(x, _)| *x == d) {
                    self.fail(item.start, format!("{d} is both a rest day and a working day"));
                }
                work.push((d, holiday));
            }
        }
        if yearly {
            let missing: Vec<&str> = statutory(year).iter().filter(|h| !seen.contains(h)).map(|h| h.zh).collect();
            if !missing.is_empty() {
                self.fail(
                    title_at,
                    format!("{} missing: a notice for {year} schedules every statutory holiday", missing.join("、")),
                );
            }
        }
        if let Some((holiday, to)) = extension {
            if !rest.is_empty() || !work.is_empty() {
                self.fail(title_at, "an extension notice that also sets other days is not supported");
            }
            return Some(Arrangement::Extension { holiday, to });
        }
        if rest.is_empty() && work.is_empty() && self.problems.is_empty() {
            self.fail(title_at, "sets no day");
        }
        crate::order::sort_by_key(&mut rest, |(d, _)| *d);
        crate::order::sort_by_key(&mut work, |(d, _)| *d);
        Some(Arrangement::Days { yearly, rest, work })
    }

    /// 延长2020年春节假期至2月2日(农历正月初九,星期日): the new last day.
    fn extension(&mut self, item: &Item, year: i32) -> Option<NaiveDate> {
        let to = self.t.find("假期至", item.start, item.end).map(|i| i + 3)?;
        let w = written_at(&self.t, to)?;
        let d = NaiveDate::from_ymd_opt(w.year.unwrap_or(year), w.month?, w.day);
        let Some(d) = d.filter(|d| d.year() == year) else {
            self.fail(to, "the extension's last day is not a date of the notice's year");
            return None;
        };
        self.check_weekday(&w, d);
        Some(d)
    }

    fn check_weekday(&mut self, w: &Written, d: NaiveDate) {
        if let Some(wd) = w.weekday.filter(|wd| *wd != d.weekday()) {
            let written = self.t.slice(w.start, w.end);
            self.fail(w.start, format!("{written}: {d} is a {}, not a {}", weekday_zh(d.weekday()), weekday_zh(wd)));
        }
    }

    /// The rest days and make-up working days of one item.
    fn item_days(
        &mut self,
        item: &Item,
        year: i32,
        yearly: bool,
        holiday: Holiday,
    ) -> (Vec<NaiveDate>, Vec<NaiveDate>) {
        let mut prev: Option<NaiveDate> = None;
        let (mut rest, mut work) = (Vec::new(), Vec::new());
        let mut start = item.start;
        while start < item.end {
            let end = self.t.find("。", start, item.end).map_or(item.end, |i| i + 1);
            self.sentence(start, end, year, &mut prev, &mut rest, &mut work);
            start = end;
        }
        crate::order::sort(&mut rest);
        rest.dedup();
        crate::order::sort(&mut work);
        work.dedup();
        // Only New Year reaches into the previous year, by a few days.
        let new_year = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default();
        for d in rest.iter().chain(&work) {
            let near_new_year = yearly && holiday == NEW_YEAR && *d < new_year && (new_year - *d).num_days() <= 7;
            if d.year() != year && !near_new_year {
                self.fail(
                    item.start,
                    format!("{d} is outside {year}: only the New Year block reaches into the previous year"),
                );
            }
        }
        if rest.len() > 15 {
            self.fail(item.start, format!("{}: a block of {} days", holiday.zh, rest.len()));
        }
        (rest, work)
    }

    /// Reads one sentence: its dates (resolved in order), a rest block when it says 放假, and
    /// the make-up days of its 上班 clause.
    fn sentence(
        &mut self,
        start: usize,
        end: usize,
        year: i32,
        prev: &mut Option<NaiveDate>,
        rest: &mut Vec<NaiveDate>,
        work: &mut Vec<NaiveDate>,
    ) {
        let mut dates: Vec<(Written, NaiveDate)> = Vec::new();
        let mut i = start;
        while i < end {
            match written_at(&self.t, i) {
                Some(w) => {
                    i = w.end;
                    if let Some(d) = self.resolve(&w, year, *prev) {
                        self.check_weekday(&w, d);
                        *prev = Some(d);
                        dates.push((w, d));
                    }
                }
                None => i += 1,
            }
        }
        let explains = self.t.starts_with(start, "其中");
        if !explains && self.t.find("放假", start, end).is_some() {
            if let Some(block) = self.block(start, end, &dates) {
                rest.extend(block);
            }
        }
        // Make-up days: the dates of each clause saying …上班 (not …起正常上班).
        let mut clause = start;
        while clause < end {
            let stop = (clause..end)
                .find(|&k| matches!(self.t.chars[k], ',' | ';' | ':' | '。') && self.t.depth[k] == 0)
                .unwrap_or(end);
            if let Some(at) = self.t.find("上班", clause, stop) {
                let resumes = self.t.find("起", clause, at).is_some();
                if !resumes {
                    for (w, d) in dates.iter().filter(|(w, _)| w.start >= clause && w.end <= stop) {
                        if !is_weekend(*d) {
                            let written = self.t.slice(w.start, w.end);
                            self.fail(
                                w.start,
                                format!(
                                    "{written}上班: {d} is a {}, and make-up working days are Saturdays or Sundays",
                                    weekday_zh(d.weekday())
                                ),
                            );
                        }
                        work.push(*d);
                    }
                }
            }
            clause = stop + 1;
        }
    }

    /// A written date in the notice's year, or, after another date of the item, in the year
    /// nearest that date.
    fn resolve(&mut self, w: &Written, year: i32, prev: Option<NaiveDate>) -> Option<NaiveDate> {
        let Some(month) = w.month.or(prev.map(|p| p.month())) else {
            self.fail(w.start, format!("{}: a day without its month", self.t.slice(w.start, w.end)));
            return None;
        };
        let found = match (w.year, w.month, prev) {
            (Some(y), _, _) => NaiveDate::from_ymd_opt(y, month, w.day),
            (None, _, None) => NaiveDate::from_ymd_opt(year, month, w.day),
            // A day alone (29日) is in the month nearest the date before it (1月29日—2月4日:
            // 其中29日、30日、31日 are January's); a month without a year, in the nearest year.
            (None, written, Some(p)) => {
                let here = p.year() * 12 + p.month0() as i32;
                let candidates: Vec<(i32, u32)> = match written {
                    Some(m) => (-1..=1).map(|dy| (p.year() + dy, m)).collect(),
                    None => {
                        (-1..=1).map(|dm| ((here + dm).div_euclid(12), (here + dm).rem_euclid(12) as u32 + 1)).collect()
                    }
                };
                candidates
                    .into_iter()
                    .filter_map(|(y, m)| NaiveDate::from_ymd_opt(y, m, w.day))
                    .min_by_key(|d| (*d - p).num_days().abs())
            }
        };
        if found.is_none() {
            self.fail(w.start, format!("{}: no such date", self.t.slice(w.start, w.end)));
        }
        found
    }

    /// The rest block of a sentence saying 放假: a range (至) or a day, with 与周末连休 or a
    /// 补休 day, checked against 共N天.
    fn block(&mut self, start: usize, end: usize, dates: &[(Written, NaiveDate)]) -> Option<Vec<NaiveDate>> {
        let (first_w, first) = *dates.iter().find(|(w, _)| self.t.depth[w.start] == 0)?;
        let mut days = Vec::new();
        let mut last = first;
        if self.t.chars.get(first_w.end) == Some(&'至') {
            match dates.iter().find(|(w, _)| w.start == first_w.end + 1) {
                Some((_, to)) if *to >= first => last = *to,
                Some((w, to)) => {
                    self.fail(w.start, format!("the range ends on {to}, before it starts on {first}"));
                    return None;
                }
                None => {
                    self.fail(first_w.end, "a range (至) without its last day");
                    return None;
                }
            }
        }
        days.extend(days_between(first, last));
        if self.t.find("与周末连休", start, end).is_some() {
            let weekend = match first.weekday() {
                Weekday::Mon => [first - Duration::days(2), first - Duration::days(1)],
                Weekday::Fri => [first + Duration::days(1), first + Duration::days(2)],
                other => {
                    self.fail(first_w.start, format!("与周末连休, but {first} is a {}", weekday_zh(other)));
                    return None;
                }
            };
            days.extend(weekend);
        }
        if let Some(at) = self.t.find("补休", start, end) {
            match dates.iter().rev().find(|(w, _)| w.end <= at && w.start > first_w.start) {
                Some((_, to)) if *to > first && (*to - first).num_days() <= 3 => days.extend(days_between(first, *to)),
                _ => self.fail(at, "补休 without a day shortly after the holiday"),
            }
        }
        crate::order::sort(&mut days);
        days.dedup();
        if let Some((n, at)) = self.count(start, end) {
            if n as usize != days.len() {
                let listed = format!("{} to {}", days.first()?, days.last()?);
                self.fail(at, format!("共{n}天, but the days listed are {} ({listed})", days.len()));
            }
        }
        Some(days)
    }

    /// 共N天 or 放假N天 (digits or 一…十), and where it is.
    fn count(&self, start: usize, end: usize) -> Option<(u32, usize)> {
        ["共", "放假"].iter().find_map(|w| {
            let mut from = start;
            while let Some(at) = self.t.find(w, from, end) {
                let k = at + w.chars().count();
                let n = number(&self.t, k, 2).or_else(|| chinese_number(&self.t, k));
                if let Some((n, after)) = n {
                    if self.t.chars.get(after) == Some(&'天') {
                        return Some((n, at));
                    }
                }
                from = at + 1;
            }
            None
        })
    }
}

/// The holidays named between `from` and `to`, in order.
fn names_in(t: &Text, from: usize, to: usize) -> Vec<Holiday> {
    let mut out: Vec<Holiday> = Vec::new();
    let mut i = from;
    while i < to {
        match NAMES.iter().find(|(w, _)| t.starts_with(i, w) && i + w.chars().count() <= to) {
            Some((w, h)) => {
                if !out.contains(h) {
                    out.push(*h);
                }
                i += w.chars().count();
            }
            None => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    const N2026: &str = include_str!("../../spec-tests/notices/2026.txt");

    fn messages(text: &str) -> Vec<(String, String)> {
        read(text).unwrap_err().problems().iter().map(|p| (p.field.clone(), p.message.clone())).collect()
    }

    type Days = Vec<(NaiveDate, Holiday)>;

    fn days(text: &str) -> (Days, Days) {
        match read(text).unwrap().arrangement {
            Arrangement::Days { rest, work, .. } => (rest, work),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn variants_as_pasted_read_the_same() {
        let plain = days(N2026);
        let full_width: String = N2026
            .chars()
            .map(|c| match c {
                '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap(),
                '(' => '（',
                ')' => '）',
                ':' => '：',
                ',' => '，',
                c => c,
            })
            .collect();
        assert_eq!(days(&full_width), plain);
        let traditional =
            N2026.replace("国务院办公厅关于", "國務院辦公廳關於").replace("节", "節").replace("劳动", "勞動");
        assert_eq!(days(&traditional), plain);
        // Broken into short lines with indentation, as copied from a web page, inside its page.
        let pasted: String =
            N2026.chars().flat_map(|c| if c == '。' { vec![c, '\n', ' ', ' '] } else { vec![c] }).collect();
        let page = format!("新华社北京11月4日电 {pasted}\n[ 责编:张倩 ]\n相关阅读");
        assert_eq!(days(&page), plain);
        assert_eq!(days(&N2026.replace("周", "星期")), plain);
        let n = read(N2026).unwrap();
        assert_eq!((n.year, n.date, n.number), (2026, NaiveDate::from_ymd_opt(2025, 11, 4).unwrap(), None));
        assert_eq!(plain.0.len(), 33);
        assert_eq!(plain.1.len(), 6);
    }

    #[test]
    fn disagreements_are_refused_with_their_line() {
        let cases: &[(&str, &str, &str, &str)] = &[
            ("共3天。1月4日", "共4天。1月4日", "line 7", "共4天, but the days listed are 3"),
            ("1月1日(周四)", "1月1日(周五)", "line 7", "2026-01-01 is a 星期四, not a 星期五"),
            ("1月4日(周日)上班", "1月5日(周一)上班", "line 7", "make-up working days are Saturdays or Sundays"),
            ("5月9日(周六)上班", "6月9日(周二)上班", "line 13", "make-up working days are Saturdays or Sundays"),
            ("9月25日(周五)至27日(周日)", "2027年9月25日(周六)至27日(周一)", "line 17", "outside 2026"),
            ("六、中秋节:9月25日(周五)至27日(周日)放假,共3天。", "", "line 1", "中秋节 missing"),
            ("关于2026年部分", "关于部分", "line 1", "no year in the title"),
            ("10月1日(周四)至7日(周三)", "10月2日(周五)至8日(周四)", "line 19", "does not contain 10月1日"),
            ("10月1日(周四)至7日", "10月8日(周四)至7日", "line 19", "before it starts"),
            ("2025年11月4日", "", "line 23", "cut short"),
        ];
        for (from, to, line, message) in cases {
            assert!(N2026.contains(from), "{from}");
            let got = messages(&N2026.replace(from, to));
            assert!(got.iter().any(|(f, m)| f == line && m.contains(message)), "{from} → {to}: {got:?}");
        }
    }

    #[test]
    fn every_problem_is_reported() {
        let text = N2026.replace("共3天。1月4日", "共4天。1月4日").replace("5月9日(周六)", "5月9日(周日)");
        let fields: Vec<String> = messages(&text).into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["line 7", "line 13"]);
    }

    #[test]
    fn garbled_truncated_and_empty_texts_are_refused_never_read() {
        let cut = &N2026[..N2026.find("四、劳动节").unwrap()];
        assert!(read(cut).is_err());
        let mid_range: String = N2026.chars().take(N2026.chars().position(|c| c == '至').unwrap() + 1).collect();
        assert!(read(&mid_range).is_err());
        for text in
            ["", "   \n\n", "国务院办公厅关于", "通知通知关于国务院", "一、元旦:1月1日放假。", "\u{feff}\u{0}\u{7f}"]
        {
            assert!(read(text).is_err(), "{text:?}");
        }
        let scrambled: String = N2026.chars().rev().collect();
        assert!(read(&scrambled).is_err());
        let huge = "一、".repeat(MAX_TEXT);
        assert_eq!(read(&huge).unwrap_err().field(), Some("notice"));
    }

    #[test]
    fn supplementary_notices_amend_their_year() {
        let victory = read(include_str!("../../spec-tests/notices/2015-victory-day.txt")).unwrap();
        assert_eq!(victory.year, 2015);
        let Arrangement::Days { yearly: false, rest, work } = victory.arrangement else { panic!() };
        assert_eq!(rest.iter().map(|(d, _)| d.day()).collect::<Vec<_>>(), [3, 4, 5]);
        assert_eq!(work, [(NaiveDate::from_ymd_opt(2015, 9, 6).unwrap(), VICTORY_70)]);
        let extension = read(include_str!("../../spec-tests/notices/2020-extension.txt")).unwrap();
        assert_eq!(
            extension.arrangement,
            Arrangement::Extension { holiday: SPRING, to: NaiveDate::from_ymd_opt(2020, 2, 2).unwrap() }
        );
    }

    #[test]
    fn several_texts_report_problems_per_text() {
        let bad = N2026.replace("(周四)", "(周五)");
        let err = calendar_document(&[N2026, &bad]).unwrap_err();
        assert_eq!(err.field(), Some("notices[1].line 7"));
        let twice = calendar_document(&[N2026, N2026]).unwrap_err();
        assert!(twice.problems()[0].message.contains("a second yearly notice for 2026"));
    }
}

//! Adding or replacing years at run time from JSON in the format of the built-in data
//! (`{"years": {"2027": {"source": "...", "holidays": [...], "makeup_workdays": [...]}}}`),
//! amendments to known years (`"amends"`: the December days of a New Year block, a
//! supplementary notice), and layers in the same format with an `overlay` name, whose holidays
//! close days and whose make-up days open them.

use alloc::borrow::Cow;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use chrono::{Datelike, NaiveDate, Weekday};
use serde_json::Value;

use super::{date_of, day_number, layout, Calendar, HolidayName, Mark, Schedule, YearSource};
use crate::json::{Check, Fields, Layout};
use crate::{Error, Problem};

/// One year's schedule as read from JSON.
struct YearSchedule {
    year: i32,
    rest: Vec<(NaiveDate, String)>,
    makeup: Vec<(NaiveDate, String)>,
    /// The year's `source`, else the document's.
    source: Option<String>,
}

/// A document read whole: the years it schedules, the years it amends and the holiday names
/// they use.
struct Document {
    overlay: bool,
    years: Vec<YearSchedule>,
    amends: Vec<YearSchedule>,
    names: Vec<HolidayName>,
}

/// Where the dates of a list must be unique: in the whole document (years), or in one
/// amendment, which may restate a day of the year it amends.
enum Claims {
    Document,
    Amendment(Vec<NaiveDate>),
}

impl Calendar {
    /// Adds or replaces the years in a JSON document of the built-in format; returns the years
    /// loaded. The document is checked whole first: every key is a known one, every year lists
    /// its `holidays` and `makeup_workdays` (empty when there are none), make-up working days
    /// are weekends, no date is listed twice (a day cannot be both a holiday and a working
    /// day), and every date lies in its year. A document with any problem changes nothing and
    /// is refused with every problem at its path (`years.2027.holidays[3].date`).
    ///
    /// Each year may give its `source` (the notice's title, number and date; the document's
    /// `source` otherwise), which [`Calendar::sources`] lists. `amends` sets days on top of
    /// years already known (or scheduled by the same document) without replacing them: the
    /// days of a New Year block that fall in December of the previous year, or a
    /// supplementary notice. Each amended year lists `holidays` and/or `makeup_workdays` in the
    /// same form (`source` optional); a listed day takes the listed kind and holiday whatever
    /// it was, every other day of that year stays. A later document's full schedule of a year
    /// replaces the whole year, amendments included: load documents in publication order.
    ///
    /// A document with an `overlay` name is a layer on top of the national schedule instead: its
    /// `holidays` close days (a province's extra holiday, a company's closure days), its
    /// `makeup_workdays` open them (on any day), either list may be left out, each year's
    /// national schedule must already be known, and a later layer's word on a day beats an
    /// earlier one's.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use guifan_core::calendar::Calendar;
    /// let mut cal = Calendar::builtin();
    /// let json = r#"{"years": {"2027": {"holidays": [
    ///     {"date": "2027-01-01", "name": "new_years_day", "name_zh": "元旦"}],
    ///   "makeup_workdays": []}}}"#;
    /// assert_eq!(cal.load_json(json).unwrap(), vec![2027]);
    /// assert!(!cal.is_working_day(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()).unwrap());
    /// assert!(cal.is_working_day(NaiveDate::from_ymd_opt(2027, 1, 4).unwrap()).unwrap());
    ///
    /// let closure = r#"{"overlay": "acme", "years": {"2025": {"holidays": [
    ///     {"date": "2025-12-31", "name": "acme_closure", "name_zh": "公司停业日"}]}}}"#;
    /// cal.load_json(closure).unwrap();
    /// assert!(!cal.is_working_day(NaiveDate::from_ymd_opt(2025, 12, 31).unwrap()).unwrap());
    ///
    /// let misspelt = r#"{"years": {"2028": {"holiday": [], "makeup_workdays": []}}}"#;
    /// let err = cal.load_json(misspelt).unwrap_err();
    /// let fields: Vec<&str> = err.problems().iter().map(|p| p.field.as_str()).collect();
    /// assert_eq!(fields, ["years.2028.holidays", "years.2028.holiday"]);
    /// ```
    pub fn load_json(&mut self, text: &str) -> Result<Vec<i32>, Error> {
        let parsed = crate::json::parse(text.as_bytes()).map_err(|e| Error::InvalidCalendar {
            problems: alloc::vec![Problem {
                field: "calendar".into(),
                value: "JSON".into(),
                message: format!("the calendar is not valid JSON: {e}"),
            }],
        })?;
        self.load_checked(&parsed.value, parsed.layout)
    }

    /// [`Calendar::load_json`] for an already parsed document.
    pub fn load_value(&mut self, doc: &Value) -> Result<Vec<i32>, Error> {
        self.load_checked(doc, Layout::default())
    }

    /// Loads a document whose repeated keys (from JSON text) are already known.
    fn load_checked(&mut self, doc: &Value, layout: Layout) -> Result<Vec<i32>, Error> {
        let mut check = Check::new("calendar", layout);
        let read = self.read(&mut check, doc);
        let doc = check.into_result(read).map_err(|problems| Error::InvalidCalendar { problems })?;
        if doc.names.len() != self.names.len() {
            self.names = Cow::Owned(doc.names);
        }
        if doc.overlay {
            self.add_layer(&doc.years);
        } else {
            self.rebuild(&doc.years);
            self.amend(&doc.amends);
        }
        Ok(doc.years.iter().map(|s| s.year).collect())
    }

    /// Reads and checks a document, recording every problem.
    fn read(&self, check: &mut Check, doc: &Value) -> Option<Document> {
        if !doc.is_object() {
            check.fail("calendar", doc.to_string(), "expected an object: the calendar document");
            return None;
        }
        let mut f = check.fields(doc, "")?;
        let overlay = match check.ok(f.opt_str("overlay")) {
            Some(Some(name)) if name.trim().is_empty() => {
                check.fail(f.path("overlay"), name, "a layer needs a name");
                true
            }
            Some(name) => name.is_some(),
            None => true,
        };
        for about in ["calendar", "description"] {
            check.ok(f.opt_str(about));
        }
        let doc_source = source(check, &mut f);
        let mut names: Vec<HolidayName> = self.names.to_vec();
        let mut years = Vec::new();
        let mut makeup_for = Vec::new();
        for (at, key, body) in check.named(&mut f, "years") {
            let Some(year) = key.parse::<i32>().ok().filter(|y| (1..=9999).contains(y)) else {
                check.fail(at, key, "year keys are 1–9999");
                continue;
            };
            // `2027` and `02027` would otherwise schedule one year twice.
            if !check.claim("year", &year.to_string(), &at) {
                continue;
            }
            if overlay && !self.is_year_known(year) {
                check.fail(at.clone(), key, "a layer goes on a year whose national schedule is known");
            }
            let Some(mut y) = check.fields(body, &at) else { continue };
            let lists = (overlay, Claims::Document);
            let schedule = read_year(check, &mut y, year, lists, &mut names, &mut makeup_for, &doc_source);
            check.done(y);
            years.push(schedule);
        }
        let mut amends = Vec::new();
        if doc.get("amends").is_some() {
            for (at, key, body) in check.named(&mut f, "amends") {
                let Some(year) = key.parse::<i32>().ok().filter(|y| (1..=9999).contains(y)) else {
                    check.fail(at, key, "year keys are 1–9999");
                    continue;
                };
                if !check.claim("amended year", &format!("amends {year}"), &at) {
                    continue;
                }
                if overlay {
                    check.fail(at.clone(), key, "a layer sets its own days: amends belongs in a national document");
                } else if !self.is_year_known(year) && !years.iter().any(|s: &YearSchedule| s.year == year) {
                    check.fail(at.clone(), key, "amends a year whose schedule is not known: load that year first");
                }
                let Some(mut y) = check.fields(body, &at) else { continue };
                let lists = (true, Claims::Amendment(Vec::new()));
                let mut schedule = read_year(check, &mut y, year, lists, &mut names, &mut makeup_for, &doc_source);
                // An amendment's make-up days are national ones: Saturdays or Sundays.
                for (d, _) in &schedule.makeup {
                    if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
                        check.fail(
                            format!("{at}.makeup_workdays"),
                            crate::time::format_date(*d),
                            "make-up working days are Saturdays or Sundays",
                        );
                    }
                }
                schedule.makeup.retain(|(d, _)| matches!(d.weekday(), Weekday::Sat | Weekday::Sun));
                check.done(y);
                amends.push(schedule);
            }
        }
        check.done(f);
        for (at, name) in makeup_for {
            if !names.iter().any(|n| n.key == name) {
                check.fail(at, name, "makes up for a holiday no year names");
            }
        }
        Some(Document { overlay, years, amends, names })
    }

    fn marks_of(&self, base: i64, days: &[(NaiveDate, String)]) -> Vec<Mark> {
        let name_of = |key: &str| self.names.iter().position(|n| n.key == key).unwrap_or(0);
        days.iter().map(|(d, n)| Mark { day: (day_number(*d) - base) as u32, name: name_of(n) }).collect()
    }

    /// Lays the tables out again with `loaded` years added or replacing the old ones.
    fn rebuild(&mut self, loaded: &[YearSchedule]) {
        let old_years: Vec<i32> = self.known_years().collect();
        let replaced = |y: i32| loaded.iter().any(|s| s.year == y);
        let all = old_years.iter().copied().chain(loaded.iter().map(|s| s.year));
        let (first, last) = all.fold((i32::MAX, i32::MIN), |(a, b), y| (a.min(y), b.max(y)));
        let base = layout::day_number(first, 1, 1);
        let old_base = self.base();
        // Old marks moved to the new base; a replaced year's national marks dropped.
        let rebase = |old: &[Mark], keep: &dyn Fn(i32) -> bool| -> Vec<Mark> {
            old.iter()
                .filter(|m| keep(date_of(old_base + i64::from(m.day)).year()))
                .map(|m| Mark { day: (old_base + i64::from(m.day) - base) as u32, name: m.name })
                .collect()
        };
        let mut rest = rebase(&self.rest, &|y| !replaced(y));
        let mut makeup = rebase(&self.makeup, &|y| !replaced(y));
        for s in loaded {
            rest.extend(self.marks_of(base, &s.rest));
            makeup.extend(self.marks_of(base, &s.makeup));
        }
        crate::order::sort(&mut rest);
        crate::order::sort(&mut makeup);
        self.closed = Cow::Owned(rebase(&self.closed, &|_| true));
        self.opened = Cow::Owned(rebase(&self.opened, &|_| true));
        let published = |y: i32| replaced(y) || old_years.contains(&y);
        let years = (first..=last).map(|y| if published(y) { Schedule::Published } else { Schedule::Unknown });
        self.years = Cow::Owned(years.collect());
        self.first_year = first;
        self.base = base;
        self.rest = Cow::Owned(rest);
        self.makeup = Cow::Owned(makeup);
        let mut sources: Vec<YearSource> = self.sources.iter().filter(|s| !replaced(s.year)).cloned().collect();
        sources.extend(
            loaded.iter().filter_map(|s| Some(YearSource { year: s.year, text: Cow::Owned(s.source.clone()?) })),
        );
        crate::order::sort_by_key(&mut sources, |s| s.year);
        self.sources = Cow::Owned(sources);
        self.relayout();
    }

    /// Sets each amended day to its listed kind and holiday, on top of its year's schedule.
    fn amend(&mut self, amends: &[YearSchedule]) {
        if amends.is_empty() {
            return;
        }
        let base = self.base();
        let rest: Vec<Mark> = amends.iter().flat_map(|s| self.marks_of(base, &s.rest)).collect();
        let makeup: Vec<Mark> = amends.iter().flat_map(|s| self.marks_of(base, &s.makeup)).collect();
        let named = |m: &Mark| rest.iter().chain(&makeup).any(|n| n.day == m.day);
        let mut new_rest: Vec<Mark> =
            self.rest.iter().filter(|m| !named(m)).copied().chain(rest.iter().copied()).collect();
        let mut new_makeup: Vec<Mark> =
            self.makeup.iter().filter(|m| !named(m)).copied().chain(makeup.iter().copied()).collect();
        crate::order::sort(&mut new_rest);
        crate::order::sort(&mut new_makeup);
        self.rest = Cow::Owned(new_rest);
        self.makeup = Cow::Owned(new_makeup);
        let mut sources = self.sources.to_vec();
        for s in amends {
            let text = s.source.clone();
            if let Some(text) = text.filter(|t| !sources.iter().any(|x| x.year == s.year && x.text == t.as_str())) {
                sources.push(YearSource { year: s.year, text: Cow::Owned(text) });
            }
        }
        crate::order::sort_by_key(&mut sources, |s| s.year);
        self.sources = Cow::Owned(sources);
        self.relayout();
    }

    /// Adds a layer's closed and opened days; a day the layer names loses any earlier layer's word.
    fn add_layer(&mut self, loaded: &[YearSchedule]) {
        let base = self.base();
        let mut closed: Vec<Mark> = loaded.iter().flat_map(|s| self.marks_of(base, &s.rest)).collect();
        let mut opened: Vec<Mark> = loaded.iter().flat_map(|s| self.marks_of(base, &s.makeup)).collect();
        let named = |m: &Mark| closed.iter().chain(&opened).any(|n| n.day == m.day);
        let keep_closed: Vec<Mark> = self.closed.iter().filter(|m| !named(m)).copied().collect();
        let keep_opened: Vec<Mark> = self.opened.iter().filter(|m| !named(m)).copied().collect();
        closed.extend(keep_closed);
        opened.extend(keep_opened);
        crate::order::sort(&mut closed);
        crate::order::sort(&mut opened);
        self.closed = Cow::Owned(closed);
        self.opened = Cow::Owned(opened);
        self.relayout();
    }
}

/// The entries of a year's list: required in a national schedule, where a missing list would
/// silently mean "no holidays" or "no make-up days"; a layer lists only what it changes.
fn list<'a>(check: &mut Check, y: &mut Fields<'a>, name: &'static str, overlay: bool) -> Vec<(String, &'a Value)> {
    let items = if overlay { y.opt_array(name).map(Option::unwrap_or_default) } else { y.array(name) };
    check.ok(items).unwrap_or_default()
}

/// The `date` of an entry: inside its year, and listed once in the whole document (once in
/// an amendment).
fn day(check: &mut Check, f: &mut Fields<'_>, year: i32, claims: &mut Claims) -> Option<NaiveDate> {
    let (path, date) = (f.path("date"), check.ok(f.date("date"))?);
    let text = crate::time::format_date(date);
    if date.year() != year {
        check.fail(path, text, "date outside its year");
        return None;
    }
    match claims {
        Claims::Document => {
            check.claim("date (a day is a holiday or a working day, once)", &text, &path).then_some(date)
        }
        Claims::Amendment(seen) if seen.contains(&date) => {
            check.fail(path, text, "duplicate date: a day is a holiday or a working day, once");
            None
        }
        Claims::Amendment(seen) => {
            seen.push(date);
            Some(date)
        }
    }
}

/// An optional `source`, which must say something when given.
fn source(check: &mut Check, f: &mut Fields<'_>) -> Option<String> {
    let text = check.ok(f.opt_str("source")).flatten()?;
    if text.trim().is_empty() {
        check.fail(f.path("source"), text, "must not be empty");
        return None;
    }
    Some(text.into())
}

/// One year's lists (a national year, a layer's year or an amendment), its holiday names
/// added to `names` and the holidays its make-up days are for to `makeup_for`.
fn read_year(
    check: &mut Check,
    y: &mut Fields<'_>,
    year: i32,
    (optional, mut claims): (bool, Claims),
    names: &mut Vec<HolidayName>,
    makeup_for: &mut Vec<(String, String)>,
    doc_source: &Option<String>,
) -> YearSchedule {
    let source = source(check, y).or_else(|| doc_source.clone());
    let mut schedule = YearSchedule { year, rest: Vec::new(), makeup: Vec::new(), source };
    for (at, h) in list(check, y, "holidays", optional) {
        let Some(mut h) = check.fields(h, &at) else { continue };
        let date = day(check, &mut h, year, &mut claims);
        let (name, zh) = (check.name(&mut h, "name"), check.name(&mut h, "name_zh"));
        check.done(h);
        if let (Some(name), Some(zh)) = (name, zh) {
            if !names.iter().any(|n| n.key == name) {
                names.push(HolidayName { key: Cow::Owned(name.into()), zh: Cow::Owned(zh.into()) });
            }
            schedule.rest.extend(date.map(|d| (d, name.into())));
        }
    }
    for (at, m) in list(check, y, "makeup_workdays", optional) {
        let Some(mut m) = check.fields(m, &at) else { continue };
        let date = day(check, &mut m, year, &mut claims);
        if let Some(d) = date.filter(|d| !optional && !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)) {
            let reason = "make-up working days are Saturdays or Sundays";
            check.fail(m.path("date"), crate::time::format_date(d), reason);
        }
        let name = check.name(&mut m, "for");
        if let Some(name) = name {
            makeup_for.push((m.path("for"), name.into()));
            schedule.makeup.extend(date.map(|d| (d, name.into())));
        }
        check.done(m);
    }
    schedule
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::DayKind;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn loading_a_year_extends_arithmetic_across_the_boundary() {
        let mut cal = Calendar::builtin();
        let json = r#"{"years": {"2027": {"holidays": [
            {"date": "2027-01-01", "name": "new_years_day", "name_zh": "元旦"},
            {"date": "2027-02-08", "name": "harvest_rest", "name_zh": "休息日"}],
          "makeup_workdays": [{"date": "2027-01-09", "for": "harvest_rest"}]}}}"#;
        cal.load_json(json).unwrap();
        // 2026-12-31 is a Thursday; +3 working days: 4, 5, 6 Jan 2027 (1 Jan is a holiday).
        assert_eq!(cal.add_working_days(d(2026, 12, 31), 3).unwrap(), d(2027, 1, 6));
        assert_eq!(cal.day(d(2027, 1, 9)).unwrap().kind, DayKind::MakeupWorkday);
        assert_eq!(cal.day(d(2027, 2, 8)).unwrap().holiday.unwrap().zh, "休息日");
        // The built-in years are untouched.
        assert_eq!(
            cal.count_working_days(d(2004, 1, 1), d(2026, 12, 31)).unwrap(),
            Calendar::builtin().count_working_days(d(2004, 1, 1), d(2026, 12, 31)).unwrap()
        );
    }

    #[test]
    fn replacing_a_year_and_leaving_a_gap() {
        let mut cal = Calendar::builtin();
        cal.load_json(r#"{"years": {"2025": {"holidays": [], "makeup_workdays": []}}}"#).unwrap();
        assert!(cal.is_working_day(d(2025, 10, 1)).unwrap());
        cal.load_json(r#"{"years": {"2029": {"holidays": [], "makeup_workdays": []}}}"#).unwrap();
        assert!(cal.is_working_day(d(2029, 1, 1)).unwrap());
        assert_eq!(cal.is_working_day(d(2028, 1, 3)), Err(Error::year_unknown("date", 2028)));
        assert_eq!(cal.add_working_days(d(2026, 12, 30), 5), Err(Error::year_unknown("date", 2027)));
        assert_eq!(cal.known_years().last(), Some(2029));
    }

    #[test]
    fn layers_close_and_open_days_on_top_of_the_national_schedule() {
        let mut cal = Calendar::builtin();
        let layer = r#"{"overlay": "hainan", "years": {"2025": {
            "holidays": [{"date": "2025-03-04", "name": "hainan_day", "name_zh": "海南省节日"}],
            "makeup_workdays": [{"date": "2025-10-08", "for": "hainan_day"}]}}}"#;
        cal.load_json(layer).unwrap();
        let day = cal.day(d(2025, 3, 4)).unwrap();
        assert_eq!((day.kind, day.holiday.unwrap().zh.as_ref()), (DayKind::Holiday, "海南省节日"));
        assert_eq!(cal.day(d(2025, 10, 8)).unwrap().kind, DayKind::MakeupWorkday);
        // Tuesday 30 Sep + 3 working days: 8 (opened), 9, 10 October.
        assert_eq!(cal.add_working_days(d(2025, 9, 30), 3).unwrap(), d(2025, 10, 10));
        assert_eq!(
            cal.count_working_days(d(2025, 1, 1), d(2025, 12, 31)).unwrap(),
            Calendar::builtin().count_working_days(d(2025, 1, 1), d(2025, 12, 31)).unwrap()
        );
        // Replacing the national 2025 keeps the layer; a later layer beats it.
        cal.load_json(r#"{"years": {"2025": {"holidays": [], "makeup_workdays": []}}}"#).unwrap();
        assert!(!cal.is_working_day(d(2025, 3, 4)).unwrap() && cal.is_working_day(d(2025, 10, 1)).unwrap());
        cal.load_json(r#"{"overlay": "x", "years": {"2025": {"makeup_workdays": [{"date": "2025-03-04", "for": "hainan_day"}]}}}"#)
            .unwrap();
        assert!(cal.is_working_day(d(2025, 3, 4)).unwrap());
        // A layer needs the year's national schedule.
        let e = cal.load_json(r#"{"overlay": "x", "years": {"2030": {"holidays": []}}}"#).unwrap_err();
        assert_eq!(e.field(), Some("years.2030"));
        assert_eq!(cal.is_working_day(d(2030, 1, 2)), Err(Error::year_unknown("date", 2030)));
    }

    #[test]
    fn bad_documents_change_nothing_and_every_problem_has_its_path() {
        let bad: &[(&str, &[&str])] = &[
            (
                r#"{"years": {"2027": {"holidays": [], "makeup_workdays": [{"date": "2027-01-04", "for": "new_years_day"}]}}}"#,
                &["years.2027.makeup_workdays[0].date"],
            ),
            (
                r#"{"years": {"2027": {"holidays": [{"date": "2028-01-01", "name": "x", "name_zh": "x"}], "makeup_workdays": []}}}"#,
                &["years.2027.holidays[0].date"],
            ),
            (
                r#"{"years": {"2027": {"holidays": [{"date": "2027-01-02", "name": "new_years_day", "name_zh": "元旦"}], "makeup_workdays": [{"date": "2027-01-02", "for": "new_years_day"}]}}}"#,
                &["years.2027.makeup_workdays[0].date"],
            ),
            (
                r#"{"years": {"2027": {"holidays": [{"date": "2027-02-30", "name": "x", "name_zh": "x"}], "makeup_workdays": []}}}"#,
                &["years.2027.holidays[0].date"],
            ),
            (
                r#"{"years": {"2027": {"holidays": [], "makeup_workdays": [{"date": "2027-01-09", "for": "nobody"}]}}}"#,
                &["years.2027.makeup_workdays[0].for"],
            ),
            // A misspelt list and an extra key once loaded, and 1 Jan 2027 became a working day.
            (
                r#"{"years": {"2027": {"holiday": [{"date": "2027-01-01", "name": "new_years_day", "name_zh": "元旦"}]}}, "extra": 1}"#,
                &["years.2027.holidays", "years.2027.makeup_workdays", "years.2027.holiday", "extra"],
            ),
            (
                r#"{"years": {"2027": {"holidays": [{"date": "2027-01-01", "name": "", "nam_zh": "元旦", "day": 1}], "makeup_workdays": [{"date": "2027-01-09"}]}}}"#,
                &[
                    "years.2027.holidays[0].name",
                    "years.2027.holidays[0].name_zh",
                    "years.2027.holidays[0].nam_zh",
                    "years.2027.holidays[0].day",
                    "years.2027.makeup_workdays[0].for",
                ],
            ),
            (r#"{"years": {"year": {}, "2027": []}}"#, &["years.year", "years.2027"]),
            (
                r#"{"years": {"2027": {"holidays": [], "makeup_workdays": []}, "02027": {"holidays": [], "makeup_workdays": []}}}"#,
                &["years.02027"],
            ),
            (r#"{"overlay": " ", "years": {}}"#, &["overlay"]),
            (r#"{"calendar": 1, "years": []}"#, &["calendar", "years"]),
            (r#"{}"#, &["years"]),
            (r#"[1, 2"#, &["calendar"]),
            (r#"[1, 2]"#, &["calendar"]),
            // Keys given twice: JSON readers disagree on which one counts.
            (
                r#"{"years": {"2027": {"holidays": [], "makeup_workdays": [], "holidays": [{"date": "2027-01-01", "name": "x", "name_zh": "x"}]}}}"#,
                &["years.2027.holidays"],
            ),
            (
                r#"{"years": {"2027": {"holidays": [{"date": "2027-01-01", "date": "2027-01-04", "name": "x", "name_zh": "x"}], "makeup_workdays": [{"date": "2027-01-04", "for": "x"}]}}}"#,
                &["years.2027.holidays[0].date", "years.2027.makeup_workdays[0].date"],
            ),
        ];
        for (json, fields) in bad {
            let mut cal = Calendar::builtin();
            let err = cal.load_json(json).unwrap_err();
            let got: Vec<&str> = err.problems().iter().map(|p| p.field.as_str()).collect();
            assert_eq!((err.kind(), got.as_slice()), ("invalid_input", *fields), "{json}");
            assert_eq!(err.field(), fields.first().copied());
            assert_eq!(cal.known_years().count(), 23);
            assert!(cal.is_working_day(d(2025, 10, 11)).unwrap());
        }
    }

    /// The build script lays the built-in schedule out ahead of time; read by the loader every
    /// calendar file goes through, the same document gives the same calendar, day by day.
    #[test]
    fn amendments_set_days_on_top_of_a_known_year_and_sources_are_listed() {
        let mut cal = Calendar::builtin();
        let doc = r#"{"source": "sample", "years": {"2027": {"source": "2027 notice", "holidays": [
              {"date": "2027-01-01", "name": "new_years_day", "name_zh": "元旦"}], "makeup_workdays": []}},
            "amends": {"2026": {"source": "2027 notice", "holidays": [
              {"date": "2026-12-31", "name": "new_years_day", "name_zh": "元旦"}],
              "makeup_workdays": [{"date": "2026-12-26", "for": "new_years_day"}]},
              "2027": {"holidays": [{"date": "2027-01-04", "name": "new_years_day", "name_zh": "元旦"}]}}}"#;
        assert_eq!(cal.load_json(doc).unwrap(), [2027]);
        assert_eq!(cal.day(d(2026, 12, 31)).unwrap().kind, DayKind::Holiday);
        assert_eq!(cal.day(d(2026, 12, 26)).unwrap().kind, DayKind::MakeupWorkday);
        assert_eq!(cal.day(d(2026, 12, 30)).unwrap().kind, DayKind::Workday, "the rest of 2026 stays");
        assert_eq!(cal.day(d(2026, 10, 1)).unwrap().kind, DayKind::Holiday);
        assert_eq!(cal.day(d(2027, 1, 4)).unwrap().kind, DayKind::Holiday);
        let sources: Vec<&str> = cal.sources(2026).collect();
        assert_eq!(sources.len(), 2);
        assert_eq!(sources[1], "2027 notice");
        assert_eq!(cal.sources(2027).collect::<Vec<_>>(), ["2027 notice", "sample"]);
        // The counts agree with a day walk after an amendment too.
        // 24, 25, 26 (make-up), 28, 29, 30 December and 5 January.
        assert_eq!(cal.count_working_days(d(2026, 12, 24), d(2027, 1, 5)).unwrap(), 7);
        let bad: &[(&str, &[&str])] = &[
            (r#"{"years": {}, "amends": {"2030": {"holidays": []}}}"#, &["amends.2030"]),
            (r#"{"years": {"2027": {"source": " ", "holidays": [], "makeup_workdays": []}}}"#, &["years.2027.source"]),
            (r#"{"overlay": "x", "years": {}, "amends": {"2025": {}}}"#, &["amends.2025"]),
            (
                r#"{"years": {}, "amends": {"2025": {"makeup_workdays": [{"date": "2025-12-29", "for": "new_years_day"}]}}}"#,
                &["amends.2025.makeup_workdays"],
            ),
            (
                r#"{"years": {}, "amends": {"2025": {"holidays": [{"date": "2025-12-29", "name": "x", "name_zh": "x"},
                    {"date": "2025-12-29", "name": "x", "name_zh": "x"}]}}}"#,
                &["amends.2025.holidays[1].date"],
            ),
            (
                r#"{"years": {}, "amends": {"2025": {"holidays": [{"date": "2024-12-29", "name": "x", "name_zh": "x"}]}}}"#,
                &["amends.2025.holidays[0].date"],
            ),
        ];
        for (json, fields) in bad {
            let mut cal = Calendar::builtin();
            let err = cal.load_json(json).unwrap_err();
            let got: Vec<&str> = err.problems().iter().map(|p| p.field.as_str()).collect();
            assert_eq!(got.as_slice(), *fields, "{json}");
            assert!(cal.is_working_day(d(2025, 12, 29)).unwrap());
        }
    }

    #[test]
    fn the_built_in_and_sample_documents_load() {
        let mut cal = Calendar::builtin();
        let years = cal.load_json(include_str!("../../data/cn-mainland.json")).unwrap();
        assert_eq!(years.len(), 23);
        let built_in = Calendar::builtin();
        let mut day = d(2004, 1, 1);
        while day <= d(2026, 12, 31) {
            assert_eq!(cal.day(day), built_in.day(day));
            assert_eq!(cal.is_working_day(day), built_in.is_working_day(day));
            day = day.succ_opt().unwrap();
        }
        assert_eq!(
            cal.count_working_days(d(2004, 1, 1), d(2026, 12, 31)),
            built_in.count_working_days(d(2004, 1, 1), d(2026, 12, 31))
        );
        cal.load_json(include_str!("../../spec-tests/calendars/2027-sample.json")).unwrap();
        cal.load_json(include_str!("../../spec-tests/calendars/company-layer-sample.json")).unwrap();
        // A layer may list only what it changes.
        cal.load_json(r#"{"overlay": "x", "years": {"2025": {}}}"#).unwrap();
    }
}

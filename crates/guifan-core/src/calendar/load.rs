//! Adding or replacing years at run time from JSON in the format of the built-in data
//! (`{"years": {"2027": {"holidays": [...], "makeup_workdays": [...]}}}`), and layers in the same
//! format with an `overlay` name, whose holidays close days and whose make-up days open them.

use alloc::borrow::Cow;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use chrono::{Datelike, NaiveDate, Weekday};
use serde_json::Value;

use super::{date_of, day_number, layout, Calendar, HolidayName, Mark};
use crate::time::parse_date;
use crate::Error;

/// One year's schedule as read from JSON.
struct YearSchedule {
    year: i32,
    rest: Vec<(NaiveDate, String)>,
    makeup: Vec<(NaiveDate, String)>,
}

fn invalid(field: String, value: impl Into<String>, why: &str) -> Error {
    Error::invalid(field, value, why)
}

fn str_at<'a>(v: &'a Value, path: &str, key: &str) -> Result<&'a str, Error> {
    match v.get(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s),
        Some(other) => Err(invalid(format!("{path}.{key}"), other.to_string(), "expected a non-empty string")),
        None => Err(invalid(format!("{path}.{key}"), "missing", "required")),
    }
}

fn entries<'a>(v: &'a Value, path: &str, key: &str) -> Result<&'a [Value], Error> {
    match v.get(key) {
        Some(Value::Array(items)) => Ok(items),
        None => Ok(&[]),
        Some(other) => Err(invalid(format!("{path}.{key}"), other.to_string(), "expected an array")),
    }
}

impl Calendar {
    /// Adds or replaces the years in a JSON document of the built-in format; returns the years
    /// loaded. The document is checked whole first: make-up working days must be weekends, no
    /// date may be both a holiday and a working day, and every date must lie in its year. A
    /// document with any problem changes nothing.
    ///
    /// A document with an `overlay` name is a layer on top of the national schedule instead: its
    /// `holidays` close days (a province's extra holiday, a company's closure days), its
    /// `makeup_workdays` open them (on any day), each year's national schedule must already be
    /// known, and a later layer's word on a day beats an earlier one's.
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
    /// ```
    pub fn load_json(&mut self, text: &str) -> Result<Vec<i32>, Error> {
        let value: Value = serde_json::from_str(text)
            .map_err(|e| Error::invalid("calendar", "JSON", format!("not valid JSON: {e}")))?;
        self.load_value(&value)
    }

    /// [`Calendar::load_json`] for an already parsed document.
    pub fn load_value(&mut self, doc: &Value) -> Result<Vec<i32>, Error> {
        let overlay = match doc.get("overlay") {
            None => false,
            Some(Value::String(name)) if !name.trim().is_empty() => true,
            Some(other) => return Err(invalid("overlay".into(), other.to_string(), "expected the layer's name")),
        };
        let years = match doc.get("years") {
            Some(Value::Object(years)) => years,
            _ => return Err(Error::invalid("years", "missing", "expected an object of years")),
        };
        let mut loaded = Vec::new();
        let mut names: Vec<HolidayName> = self.names.to_vec();
        for (key, body) in years {
            let path = format!("years.{key}");
            let year: i32 = key
                .parse()
                .ok()
                .filter(|y| (1..=9999).contains(y))
                .ok_or_else(|| invalid("years".into(), key.clone(), "year keys are 1–9999"))?;
            if !body.is_object() {
                return Err(invalid(path, body.to_string(), "expected an object"));
            }
            if overlay && !self.is_year_known(year) {
                return Err(invalid(path, key.clone(), "a layer goes on a year whose national schedule is known"));
            }
            let mut schedule = YearSchedule { year, rest: Vec::new(), makeup: Vec::new() };
            for (i, h) in entries(body, &path, "holidays")?.iter().enumerate() {
                let at = format!("{path}.holidays[{i}]");
                let date = parse_date(&format!("{at}.date"), str_at(h, &at, "date")?)?;
                let (name, zh) = (str_at(h, &at, "name")?, str_at(h, &at, "name_zh")?);
                if !names.iter().any(|n| n.key == name) {
                    names.push(HolidayName { key: Cow::Owned(name.into()), zh: Cow::Owned(zh.into()) });
                }
                schedule.rest.push((date, name.into()));
                check_day(&schedule, date, &format!("{at}.date"))?;
            }
            for (i, m) in entries(body, &path, "makeup_workdays")?.iter().enumerate() {
                let at = format!("{path}.makeup_workdays[{i}]");
                let date = parse_date(&format!("{at}.date"), str_at(m, &at, "date")?)?;
                if !overlay && !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
                    return Err(invalid(
                        format!("{at}.date"),
                        crate::time::format_date(date),
                        "make-up working days are Saturdays or Sundays",
                    ));
                }
                let name = str_at(m, &at, "for")?;
                schedule.makeup.push((date, name.into()));
                check_day(&schedule, date, &format!("{at}.date"))?;
            }
            loaded.push(schedule);
        }
        for s in &loaded {
            for (_, name) in s.makeup.iter() {
                if !names.iter().any(|n| n.key == name.as_str()) {
                    return Err(invalid(
                        format!("years.{}.makeup_workdays", s.year),
                        name.clone(),
                        "makes up for a holiday no year names",
                    ));
                }
            }
        }
        if names.len() != self.names.len() {
            self.names = Cow::Owned(names);
        }
        if overlay {
            self.add_layer(&loaded);
        } else {
            self.rebuild(&loaded);
        }
        Ok(loaded.iter().map(|s| s.year).collect())
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
        rest.sort();
        makeup.sort();
        self.closed = Cow::Owned(rebase(&self.closed, &|_| true));
        self.opened = Cow::Owned(rebase(&self.opened, &|_| true));
        self.known = Cow::Owned((first..=last).map(|y| replaced(y) || old_years.contains(&y)).collect());
        self.first_year = first;
        self.base = base;
        self.rest = Cow::Owned(rest);
        self.makeup = Cow::Owned(makeup);
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
        closed.sort();
        opened.sort();
        self.closed = Cow::Owned(closed);
        self.opened = Cow::Owned(opened);
        self.relayout();
    }

    /// The working-day bitset from the national marks with every layer on top.
    fn relayout(&mut self) {
        let days_of = |marks: &[Mark]| -> Vec<u32> { marks.iter().map(|m| m.day).collect() };
        let (closed, opened) = (days_of(&self.closed), days_of(&self.opened));
        let merged = |national: &[Mark], drop: &[u32], add: &[u32]| -> Vec<u32> {
            let mut out: Vec<u32> = national
                .iter()
                .map(|m| m.day)
                .filter(|d| drop.binary_search(d).is_err())
                .chain(add.iter().copied())
                .collect();
            out.sort_unstable();
            out.dedup();
            out
        };
        let rest = merged(&self.rest, &opened, &closed);
        let makeup = merged(&self.makeup, &closed, &opened);
        let base = self.base();
        let (first, last) = (self.first_year, self.first_year + self.known.len() as i32 - 1);
        let days = (layout::day_number(last + 1, 1, 1) - base) as usize;
        let known = &self.known;
        let known_day = |i: usize| known[(date_of(base + i as i64).year() - first) as usize];
        let (words, rank) = layout::working_bits(base, days, known_day, &rest, &makeup);
        self.hints = Cow::Owned(layout::select_hints(&rank));
        self.year_starts = Cow::Owned(layout::year_starts(first, last));
        self.contiguous = self.known.iter().all(|k| *k);
        self.words = Cow::Owned(words);
        self.rank = Cow::Owned(rank);
    }
}

/// Each date once per year, inside its year.
fn check_day(s: &YearSchedule, date: NaiveDate, field: &str) -> Result<(), Error> {
    let text = crate::time::format_date(date);
    if date.year() != s.year {
        return Err(invalid(field.into(), text, "date outside its year"));
    }
    let seen = s.rest.iter().chain(&s.makeup).filter(|(d, _)| *d == date).count();
    if seen > 1 {
        return Err(invalid(
            field.into(),
            text,
            "date listed twice (a day cannot be both a holiday and a working day)",
        ));
    }
    Ok(())
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
        cal.load_json(r#"{"years": {"2029": {"holidays": []}}}"#).unwrap();
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
        cal.load_json(r#"{"years": {"2025": {"holidays": []}}}"#).unwrap();
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
    fn bad_documents_change_nothing() {
        let bad = [
            (
                r#"{"years": {"2027": {"makeup_workdays": [{"date": "2027-01-04", "for": "new_years_day"}]}}}"#,
                "years.2027.makeup_workdays[0].date",
            ),
            (
                r#"{"years": {"2027": {"holidays": [{"date": "2028-01-01", "name": "x", "name_zh": "x"}]}}}"#,
                "years.2027.holidays[0].date",
            ),
            (
                r#"{"years": {"2027": {"holidays": [{"date": "2027-01-02", "name": "new_years_day", "name_zh": "元旦"}], "makeup_workdays": [{"date": "2027-01-02", "for": "new_years_day"}]}}}"#,
                "years.2027.makeup_workdays[0].date",
            ),
            (
                r#"{"years": {"2027": {"holidays": [{"date": "2027-02-30", "name": "x", "name_zh": "x"}]}}}"#,
                "years.2027.holidays[0].date",
            ),
            (
                r#"{"years": {"2027": {"makeup_workdays": [{"date": "2027-01-09", "for": "nobody"}]}}}"#,
                "years.2027.makeup_workdays",
            ),
            (r#"{"years": {"year": {}}}"#, "years"),
            (r#"{"years": []}"#, "years"),
            (r#"[1, 2"#, "calendar"),
        ];
        for (json, field) in bad {
            let mut cal = Calendar::builtin();
            let err = cal.load_json(json).unwrap_err();
            assert_eq!((err.kind(), err.field()), ("invalid_input", Some(field)), "{json}");
            assert_eq!(cal.known_years().count(), 23);
        }
    }
}

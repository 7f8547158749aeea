//! A schedule given as plain dates (a billing system's own holiday table) instead of JSON text:
//! the builder writes the document the JSON loader reads and hands it to that loader, so the
//! checks, the errors and the result are the loader's own.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use chrono::{Datelike, NaiveDate};
use serde_json::{Map, Value};

use super::Calendar;
use crate::time::format_date;
use crate::Error;

/// Years of a working-day schedule given date by date, loaded on top of a calendar as
/// [`Calendar::load_json`] loads a document: each year given replaces that year's schedule (or
/// adds the year), every other year stays.
///
/// Each rest day and make-up working day goes into the year opened last by
/// [`year`](CalendarBuilder::year) (the year of its own date when none is open yet); a year
/// opened with no days is a schedule without holidays. [`build`](CalendarBuilder::build) runs
/// the loader's checks on the whole schedule and refuses it with every problem, each at its
/// place in the equivalent JSON document: `years.2027.holidays[1].date` is the second rest day
/// given for 2027, `years.2027.makeup_workdays[0].for` the holiday of the first make-up day.
/// The checks: a make-up working day is a Saturday or a Sunday and makes up for a holiday some
/// year names, no date is given twice (a day is a rest day or a working day, once), every date
/// lies in its year, years are 1–9999, names and sources are not empty.
///
/// ```
/// use chrono::NaiveDate;
/// use guifan_core::calendar::{Calendar, DayKind};
/// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// // Rows of a billing system's holiday table, say.
/// let calendar = Calendar::builder()
///     .year(2027)
///     .source("国务院办公厅关于2027年部分节假日安排的通知")
///     .rest_day(d(2027, 1, 1), "new_years_day", "元旦")
///     .rest_day(d(2027, 2, 8), "spring_festival", "春节")
///     .working_day(d(2027, 2, 6), "spring_festival")
///     .build()?;
/// assert_eq!(calendar.day(d(2027, 2, 6))?.kind, DayKind::MakeupWorkday);
/// assert_eq!(calendar.add_working_days(d(2026, 12, 31), 1)?, d(2027, 1, 4));
/// assert_eq!(calendar.known_years().last(), Some(2027));
///
/// // A make-up working day on a Monday: refused, at its place.
/// let err = Calendar::builder().year(2028).working_day(d(2028, 1, 3), "new_years_day").build().unwrap_err();
/// assert_eq!(err.field(), Some("years.2028.makeup_workdays[0].date"));
/// # Ok::<(), guifan_core::Error>(())
/// ```
#[derive(Clone, Debug)]
#[must_use = "a builder does nothing until `build` or `load_into`"]
pub struct CalendarBuilder {
    years: Vec<YearDays>,
}

#[derive(Clone, Debug)]
struct YearDays {
    year: i32,
    source: Option<String>,
    rest: Vec<(NaiveDate, String, String)>,
    makeup: Vec<(NaiveDate, String)>,
}

impl Calendar {
    /// Years given date by date, on top of the built-in calendar: see [`CalendarBuilder`].
    pub fn builder() -> CalendarBuilder {
        CalendarBuilder { years: Vec::new() }
    }
}

impl CalendarBuilder {
    /// Opens `year`: the days given next belong to it. A year opened twice goes on where it
    /// left off.
    pub fn year(mut self, year: i32) -> Self {
        match self.years.iter().position(|y| y.year == year) {
            Some(i) => {
                let open = self.years.remove(i);
                self.years.push(open);
            }
            None => self.years.push(YearDays { year, source: None, rest: Vec::new(), makeup: Vec::new() }),
        }
        self
    }

    /// Where the open year's schedule comes from (the notice's title, number and date), listed by
    /// [`Calendar::sources`].
    pub fn source(mut self, text: impl Into<String>) -> Self {
        self.open(None).source = Some(text.into());
        self
    }

    /// A rest day of an official holiday block (weekend days of the block included): `name` is
    /// the holiday's stable key (`spring_festival`), `name_zh` its name in the notice (春节).
    pub fn rest_day(mut self, date: NaiveDate, name: impl Into<String>, name_zh: impl Into<String>) -> Self {
        self.open(Some(date)).rest.push((date, name.into(), name_zh.into()));
        self
    }

    /// A make-up working day (调休上班): a Saturday or Sunday worked for the holiday `for_holiday`
    /// (its key, as given to [`rest_day`](CalendarBuilder::rest_day) or already known).
    pub fn working_day(mut self, date: NaiveDate, for_holiday: impl Into<String>) -> Self {
        self.open(Some(date)).makeup.push((date, for_holiday.into()));
        self
    }

    /// The built-in calendar with these years loaded, or every problem with the schedule.
    pub fn build(self) -> Result<Calendar, Error> {
        let mut calendar = Calendar::builtin();
        self.load_into(&mut calendar)?;
        Ok(calendar)
    }

    /// Loads these years into `calendar` (a calendar with years or layers loaded already);
    /// returns the years loaded. On any problem `calendar` is unchanged.
    pub fn load_into(self, calendar: &mut Calendar) -> Result<Vec<i32>, Error> {
        calendar.load_value(&self.document())
    }

    /// The year days go into: the one opened last, else the year of `date`.
    fn open(&mut self, date: Option<NaiveDate>) -> &mut YearDays {
        if self.years.is_empty() {
            let year = date.map_or(0, |d| d.year());
            self.years.push(YearDays { year, source: None, rest: Vec::new(), makeup: Vec::new() });
        }
        self.years.last_mut().expect("a year is open")
    }

    /// The JSON document of these years, in the format of [`Calendar::load_json`].
    fn document(&self) -> Value {
        let text = |s: &str| Value::String(s.to_string());
        let mut years = Map::new();
        for y in &self.years {
            let mut body = Map::new();
            if let Some(source) = &y.source {
                body.insert("source".into(), text(source));
            }
            let holidays = y.rest.iter().map(|(d, name, zh)| {
                let mut h = Map::new();
                h.insert("date".into(), Value::String(format_date(*d)));
                h.insert("name".into(), text(name));
                h.insert("name_zh".into(), text(zh));
                Value::Object(h)
            });
            body.insert("holidays".into(), Value::Array(holidays.collect()));
            let makeup = y.makeup.iter().map(|(d, for_holiday)| {
                let mut m = Map::new();
                m.insert("date".into(), Value::String(format_date(*d)));
                m.insert("for".into(), text(for_holiday));
                Value::Object(m)
            });
            body.insert("makeup_workdays".into(), Value::Array(makeup.collect()));
            years.insert(y.year.to_string(), Value::Object(body));
        }
        let mut doc = Map::new();
        doc.insert("years".into(), Value::Object(years));
        Value::Object(doc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::DayKind;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn same_days(a: &Calendar, b: &Calendar, from: NaiveDate, to: NaiveDate) {
        let mut day = from;
        while day <= to {
            assert_eq!(a.day(day), b.day(day), "{day}");
            day = day.succ_opt().unwrap();
        }
        assert_eq!(a.count_working_days(from, to), b.count_working_days(from, to));
    }

    #[test]
    fn the_same_schedule_as_its_json_document() {
        let built = Calendar::builder()
            .year(2027)
            .source("2027 notice")
            .rest_day(d(2027, 1, 1), "new_years_day", "元旦")
            .rest_day(d(2027, 2, 8), "harvest_rest", "休息日")
            .working_day(d(2027, 1, 9), "harvest_rest")
            .year(2028)
            .year(2025) // a built-in year replaced: no holidays at all
            .build()
            .unwrap();
        let mut loaded = Calendar::builtin();
        let json = r#"{"years": {
            "2025": {"holidays": [], "makeup_workdays": []},
            "2027": {"source": "2027 notice", "holidays": [
                {"date": "2027-01-01", "name": "new_years_day", "name_zh": "元旦"},
                {"date": "2027-02-08", "name": "harvest_rest", "name_zh": "休息日"}],
              "makeup_workdays": [{"date": "2027-01-09", "for": "harvest_rest"}]},
            "2028": {"holidays": [], "makeup_workdays": []}}}"#;
        assert_eq!(loaded.load_json(json).unwrap(), [2025, 2027, 2028]);
        same_days(&built, &loaded, d(2004, 1, 1), d(2028, 12, 31));
        assert_eq!(built.sources(2027).collect::<Vec<_>>(), ["2027 notice"]);
        assert_eq!(built.day(d(2027, 2, 8)).unwrap().holiday.unwrap().zh, "休息日");
        assert!(built.is_working_day(d(2025, 10, 1)).unwrap());
        assert_eq!(built.known_years().last(), Some(2028));
    }

    #[test]
    fn days_go_into_the_year_opened_last_or_their_own() {
        // No year opened: the first day opens its own; reopening a year goes on with it.
        let built = Calendar::builder()
            .rest_day(d(2027, 1, 1), "new_years_day", "元旦")
            .year(2028)
            .rest_day(d(2028, 1, 3), "new_years_day", "元旦")
            .year(2027)
            .rest_day(d(2027, 10, 1), "national_day", "国庆节")
            .build()
            .unwrap();
        for day in [d(2027, 1, 1), d(2027, 10, 1), d(2028, 1, 3)] {
            assert_eq!(built.day(day).unwrap().kind, DayKind::Holiday, "{day}");
        }
        // A day given under another year is the loader's "date outside its year".
        let err = Calendar::builder().year(2027).rest_day(d(2028, 1, 3), "x", "x").build().unwrap_err();
        assert_eq!(err.field(), Some("years.2027.holidays[0].date"));
    }

    /// Every problem the loader finds in the equivalent document, at the same places, and the
    /// calendar loaded into is left as it was.
    #[test]
    fn refused_with_the_loaders_problems() {
        let builder = Calendar::builder()
            .year(2027)
            .source(" ")
            .rest_day(d(2027, 1, 1), "new_years_day", "")
            .rest_day(d(2027, 1, 1), "new_years_day", "元旦")
            .working_day(d(2027, 1, 4), "new_years_day")
            .working_day(d(2027, 1, 9), "nobody")
            .year(0);
        let json = r#"{"years": {
            "0": {"holidays": [], "makeup_workdays": []},
            "2027": {"source": " ", "holidays": [
                {"date": "2027-01-01", "name": "new_years_day", "name_zh": ""},
                {"date": "2027-01-01", "name": "new_years_day", "name_zh": "元旦"}],
              "makeup_workdays": [{"date": "2027-01-04", "for": "new_years_day"}, {"date": "2027-01-09", "for": "nobody"}]}}}"#;
        let expected = Calendar::builtin().load_json(json).unwrap_err();
        let mut calendar = Calendar::builtin();
        let err = builder.load_into(&mut calendar).unwrap_err();
        assert_eq!(err, expected);
        let fields: Vec<&str> = err.problems().iter().map(|p| p.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "years.0",
                "years.2027.source",
                "years.2027.holidays[0].name_zh",
                "years.2027.holidays[1].date",
                "years.2027.makeup_workdays[0].date",
                "years.2027.makeup_workdays[1].for"
            ]
        );
        assert_eq!(err.kind(), "invalid_input");
        assert_eq!(calendar.known_years().last(), Some(2026));
        same_days(&calendar, &Calendar::builtin(), d(2026, 1, 1), d(2026, 12, 31));
    }
}

//! A program outside the workspace using guifan-core as a dependency, built by
//! `scripts/test-package` against the packaged crate: public paths, types and answers as a user
//! of the published crate sees them.

use chrono::{DateTime, NaiveDate};
use guifan_core::calendar::Calendar;
use guifan_core::deadline::{self, Area, Basis, DeadlineInput};
use guifan_core::engine::Engine;
use guifan_core::tier::{tier, Brand, Customer, Tier};
use rust_decimal::Decimal;

fn main() {
    // 1–8 Oct 2025 are holidays, Saturday 11 Oct a make-up working day: due at 24:00 on 11 Oct.
    let input = DeadlineInput {
        start: DateTime::parse_from_rfc3339("2025-09-30T10:00:00+08:00").unwrap(),
        basis: Basis::rule("SLA.COMPLAINT.ORDINARY", Area::Urban),
        done: None,
        pauses: Vec::new(),
        region: Default::default(),
    };
    let explained = deadline::explain(&Calendar::builtin(), &input).unwrap();
    assert_eq!(explained.result.due.unwrap().to_rfc3339(), "2025-10-12T00:00:00+08:00");
    assert!(!explained.explanation.steps.is_empty(), "a working-day deadline explains its days");

    let rated = tier(&Customer::Personal { brand: Brand::E_HOME, annual_spend: Decimal::new(335999, 2) }.into());
    assert_eq!(rated.unwrap().tier, Tier::Gold);
    let rated = tier(&Customer::Personal { brand: Brand::E_HOME, annual_spend: Decimal::new(3360, 0) }.into());
    assert_eq!(rated.unwrap().tier, Tier::Diamond);

    // A year without a published schedule is an error, never a guess; loaded, it is answered.
    let engine = Engine::builtin();
    let new_year = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
    assert_eq!(engine.calendar().is_working_day(new_year).unwrap_err().kind(), "calendar_year_unknown");
    let mut calendar = Calendar::builtin();
    let json = r#"{"years": {"2027": {"holidays": [
        {"date": "2027-01-01", "name": "new_years_day", "name_zh": "元旦"}], "makeup_workdays": []}}}"#;
    calendar.load_json(json).unwrap();
    let engine = engine.with_calendar(calendar);
    assert_eq!(engine.calendar().add_working_days(new_year, 1).unwrap(), NaiveDate::from_ymd_opt(2027, 1, 4).unwrap());
    // The same year from plain dates, checked by the same loader.
    let built = Calendar::builder().year(2027).rest_day(new_year, "new_years_day", "元旦").build().unwrap();
    assert_eq!(built.day(new_year).unwrap().kind, engine.calendar().day(new_year).unwrap().kind);
    let monday = NaiveDate::from_ymd_opt(2027, 1, 4).unwrap();
    let refused = Calendar::builder().year(2027).working_day(monday, "new_years_day").build().unwrap_err();
    assert_eq!(refused.field(), Some("years.2027.makeup_workdays[0].date"));

    let answer = engine.evaluate_str(
        r#"{"op": "deadline", "input": {"rule": "SLA.COMPLAINT.ORDINARY", "start": "2025-09-30T10:00:00+08:00"}}"#,
    );
    assert!(answer.contains(r#""due":"2025-10-12T00:00:00+08:00""#), "{answer}");
    let refused = engine.evaluate_str(r#"{"op": "tier", "input": {"kind": "personal"}}"#);
    assert!(refused.contains(r#""error""#) && refused.contains(r#""kind":"invalid_input""#), "{refused}");
    println!("the packaged guifan-core answers as documented");
}

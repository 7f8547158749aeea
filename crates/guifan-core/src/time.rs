//! Instants and dates as the documents mean them: Beijing wall time (INTERP.TIME).
//!
//! Beijing has kept UTC+08:00 without daylight saving since 1991, so an instant is carried as a
//! `NaiveDateTime` on the Beijing wall clock; other offsets are converted on the way in, and
//! every instant goes out with `+08:00`. Years are kept to 1–9999, the range RFC 3339 can write.

use alloc::string::String;
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike};
use core::fmt::Write as _;

use crate::Error;

/// UTC+08:00, the offset of every instant guifan returns.
pub fn beijing() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("+08:00 is a valid offset")
}

/// The Beijing wall time of any zoned instant.
pub fn to_beijing<Tz: TimeZone>(instant: &DateTime<Tz>) -> NaiveDateTime {
    instant.with_timezone(&beijing()).naive_local()
}

/// A Beijing wall time as an instant with offset `+08:00`.
pub fn from_beijing(wall: NaiveDateTime) -> DateTime<FixedOffset> {
    // A fixed offset has exactly one instant for every wall time.
    beijing().from_local_datetime(&wall).single().expect("fixed offsets are unambiguous")
}

/// A wall-clock time `h:m`, for `const` tables.
pub(crate) const fn hm(h: u32, m: u32) -> NaiveTime {
    match NaiveTime::from_hms_opt(h, m, 0) {
        Some(t) => t,
        None => panic!("invalid time"),
    }
}

fn in_range(year: i32) -> bool {
    (1..=9999).contains(&year)
}

/// Checks that a computed Beijing instant can still be written (year 1–9999).
pub fn check_instant(field: &str, wall: NaiveDateTime) -> Result<NaiveDateTime, Error> {
    if in_range(wall.year()) {
        Ok(wall)
    } else {
        Err(Error::invalid(field, format_instant(wall), "result falls outside the years 1–9999"))
    }
}

/// Parses `YYYY-MM-DD` (years 1–9999).
pub fn parse_date(field: &str, text: &str) -> Result<NaiveDate, Error> {
    let bad = || Error::invalid(field, text, "expected a real date as YYYY-MM-DD");
    if text.len() != 10 || text.as_bytes()[4] != b'-' || text.as_bytes()[7] != b'-' {
        return Err(bad());
    }
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| bad())?;
    if in_range(date.year()) {
        Ok(date)
    } else {
        Err(bad())
    }
}

/// Parses an RFC 3339 instant (`Z` or any offset, converted to Beijing time) or a wall time
/// without offset (read as Beijing time); seconds and fractions are optional.
///
/// ```
/// use guifan_core::time::{format_instant, parse_instant};
/// let t = parse_instant("start", "2025-09-30T02:00:00Z").unwrap();
/// assert_eq!(format_instant(t), "2025-09-30T10:00:00+08:00");
/// ```
pub fn parse_instant(field: &str, text: &str) -> Result<NaiveDateTime, Error> {
    let bad = |why: &str| Error::invalid(field, text, why);
    let expected = "expected an instant like 2025-09-30T10:00:00+08:00";
    let wall = if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        to_beijing(&t)
    } else if let Ok(t) = DateTime::parse_from_str(text, "%Y-%m-%dT%H:%M%:z") {
        to_beijing(&t)
    } else {
        ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%d %H:%M"]
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
            .ok_or_else(|| bad(expected))?
    };
    if wall.nanosecond() >= 1_000_000_000 {
        return Err(bad("leap seconds are not instants of Beijing civil time"));
    }
    if !in_range(wall.year()) || text.len() < 16 || text.as_bytes()[4] != b'-' {
        return Err(bad(expected));
    }
    Ok(wall)
}

/// Writes a Beijing wall time as RFC 3339 with `+08:00` (fractions only when present).
pub fn format_instant(wall: NaiveDateTime) -> String {
    let mut out = String::with_capacity(25);
    let (d, t) = (wall.date(), wall.time());
    let _ = write!(
        out,
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        d.year(),
        d.month(),
        d.day(),
        t.hour(),
        t.minute(),
        t.second()
    );
    let nanos = t.nanosecond();
    if nanos != 0 {
        let frac = alloc::format!("{nanos:09}");
        let _ = write!(out, ".{}", frac.trim_end_matches('0'));
    }
    out.push_str("+08:00");
    out
}

/// Writes a date as `YYYY-MM-DD`.
pub fn format_date(date: NaiveDate) -> String {
    alloc::format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_convert_and_naive_is_beijing() {
        let cases = [
            ("2025-09-30T10:00:00+08:00", "2025-09-30T10:00:00+08:00"),
            ("2025-09-30T10:00", "2025-09-30T10:00:00+08:00"),
            ("2025-09-30 10:00:05.25", "2025-09-30T10:00:05.25+08:00"),
            ("2025-09-30T02:00:00Z", "2025-09-30T10:00:00+08:00"),
            ("2025-09-30T10:00+08:00", "2025-09-30T10:00:00+08:00"),
            ("2025-09-29T20:15:00-05:45", "2025-09-30T10:00:00+08:00"),
            ("2025-12-31T23:30:00-01:00", "2026-01-01T08:30:00+08:00"),
        ];
        for (input, want) in cases {
            assert_eq!(format_instant(parse_instant("t", input).unwrap()), want, "{input}");
        }
    }

    #[test]
    fn rejects_what_is_not_an_instant() {
        for bad in [
            "",
            "2025-02-30T10:00",
            "2025-09-30",
            "10:00",
            "2025-09-30T25:00",
            "2015-06-30T23:59:60Z",
            "10000-01-01T00:00",
            "0000-12-31T23:00",
            "+2025-09-30T10:00",
            "2025-09-30T10:00+25:00",
        ] {
            let err = parse_instant("start", bad).unwrap_err();
            assert_eq!((err.kind(), err.field()), ("invalid_input", Some("start")), "{bad}");
        }
    }

    #[test]
    fn dates_are_strict() {
        assert_eq!(format_date(parse_date("d", "2024-02-29").unwrap()), "2024-02-29");
        for bad in ["2025-02-29", "2025-2-28", "2025-02-28T00:00", "0000-01-01", "20250228", " 2025-02-28"] {
            assert_eq!(parse_date("d", bad).unwrap_err().kind(), "invalid_input", "{bad}");
        }
        assert_eq!(parse_date("d", "0001-01-01").unwrap().year(), 1);
        assert_eq!(parse_date("d", "9999-12-31").unwrap().year(), 9999);
    }
}

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

/// The Beijing wall time of any zoned instant, or `invalid_input` at `field` outside the years
/// 1–9999 (chrono's own range is wider, and its edges have no Beijing wall time at all).
///
/// ```
/// use chrono::{DateTime, Utc};
/// use guifan_core::time::{format_instant, to_beijing};
/// let t = DateTime::parse_from_rfc3339("2025-09-30T02:00:00Z").unwrap();
/// assert_eq!(format_instant(to_beijing("start", &t).unwrap()), "2025-09-30T10:00:00+08:00");
/// assert_eq!(to_beijing("start", &DateTime::<Utc>::MAX_UTC).unwrap_err().kind(), "invalid_input");
/// ```
pub fn to_beijing<Tz: TimeZone>(field: &str, instant: &DateTime<Tz>) -> Result<NaiveDateTime, Error> {
    let utc = instant.naive_utc();
    match utc.checked_add_offset(beijing()) {
        Some(wall) => check_instant(field, wall),
        None => Err(outside_years(field, alloc::format!("{}T{}Z", utc.date(), utc.time()))),
    }
}

/// A Beijing wall time as an instant with offset `+08:00`, or `invalid_input` at `field` outside
/// the years 1–9999.
///
/// ```
/// use chrono::NaiveDateTime;
/// use guifan_core::time::from_beijing;
/// assert_eq!(from_beijing("at", NaiveDateTime::MIN).unwrap_err().kind(), "invalid_input");
/// ```
pub fn from_beijing(field: &str, wall: NaiveDateTime) -> Result<DateTime<FixedOffset>, Error> {
    // A fixed offset has exactly one instant for every wall time inside chrono's range.
    let utc = check_instant(field, wall)?.checked_sub_offset(beijing());
    utc.map(|utc| DateTime::from_naive_utc_and_offset(utc, beijing()))
        .ok_or_else(|| outside_years(field, format_instant(wall)))
}

fn in_range(year: i32) -> bool {
    (1..=9999).contains(&year)
}

/// The refusal of an instant RFC 3339 cannot write.
fn outside_years(field: &str, value: String) -> Error {
    Error::invalid(field, value, "outside the years 1–9999 (Beijing time)")
}

/// Checks that a Beijing wall time can be written (years 1–9999).
pub fn check_instant(field: &str, wall: NaiveDateTime) -> Result<NaiveDateTime, Error> {
    if in_range(wall.year()) {
        Ok(wall)
    } else {
        Err(outside_years(field, format_instant(wall)))
    }
}

/// `n` ASCII digits at `s[at..]` as a number.
fn digits(s: &[u8], at: usize, n: usize) -> Option<u32> {
    let part = s.get(at..at + n)?;
    part.iter().try_fold(0u32, |acc, b| b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0')))
}

/// `YYYY-MM-DD` at the start of `s`, a real date in the years 1–9999.
fn ymd(s: &[u8]) -> Option<NaiveDate> {
    if s.get(4) != Some(&b'-') || s.get(7) != Some(&b'-') {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(digits(s, 0, 4)? as i32, digits(s, 5, 2)?, digits(s, 8, 2)?)?;
    in_range(date.year()).then_some(date)
}

/// `HH:MM` at `s[at..]`.
fn hm_at(s: &[u8], at: usize) -> Option<(u32, u32)> {
    (s.get(at + 2) == Some(&b':')).then_some(())?;
    Some((digits(s, at, 2)?, digits(s, at + 3, 2)?))
}

/// Parses `YYYY-MM-DD` (years 1–9999).
pub fn parse_date(field: &str, text: &str) -> Result<NaiveDate, Error> {
    let s = text.as_bytes();
    ymd(s).filter(|_| s.len() == 10).ok_or_else(|| Error::invalid(field, text, "expected a real date as YYYY-MM-DD"))
}

/// Parses a wall-clock time `HH:MM` (00:00–23:59).
pub fn parse_time(text: &str) -> Option<NaiveTime> {
    let (h, m) = hm_at(text.as_bytes(), 0).filter(|_| text.len() == 5)?;
    NaiveTime::from_hms_opt(h, m, 0)
}

/// A wall-clock time as `HH:MM`.
pub fn format_time(t: NaiveTime) -> String {
    alloc::format!("{:02}:{:02}", t.hour(), t.minute())
}

/// Parses an RFC 3339 instant (`Z` or any offset, converted to Beijing time) or a wall time
/// without offset (read as Beijing time): `YYYY-MM-DD`, then `T` (or a space), `HH:MM`, optional
/// `:SS` and fraction, optional offset.
///
/// ```
/// use guifan_core::time::{format_instant, parse_instant};
/// let t = parse_instant("start", "2025-09-30T02:00:00Z").unwrap();
/// assert_eq!(format_instant(t), "2025-09-30T10:00:00+08:00");
/// ```
pub fn parse_instant(field: &str, text: &str) -> Result<NaiveDateTime, Error> {
    let bad = |why: &str| Error::invalid(field, text, why);
    let expected = "expected an instant like 2025-09-30T10:00:00+08:00";
    let s = text.as_bytes();
    let date = ymd(s).filter(|_| matches!(s.get(10), Some(b'T' | b't' | b' '))).ok_or_else(|| bad(expected))?;
    let (hour, minute) = hm_at(s, 11).ok_or_else(|| bad(expected))?;
    let (mut at, mut second, mut nanos) = (16, 0, 0);
    if s.get(at) == Some(&b':') {
        second = digits(s, 17, 2).ok_or_else(|| bad(expected))?;
        at = 19;
        if s.get(at) == Some(&b'.') {
            let n = s[at + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
            if n == 0 {
                return Err(bad(expected));
            }
            // Nanoseconds: the first nine digits; later ones are below what an instant holds.
            nanos = digits(s, at + 1, n.min(9)).ok_or_else(|| bad(expected))? * 10u32.pow(9 - n.min(9) as u32);
            at += 1 + n;
        }
    }
    if second == 60 {
        return Err(bad("leap seconds are not instants of Beijing civil time"));
    }
    let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nanos).ok_or_else(|| bad(expected))?;
    let offset_seconds = match &s[at..] {
        [] => None,
        [b'Z' | b'z'] => Some(0),
        [sign @ (b'+' | b'-'), ..] if s.len() == at + 6 => {
            let (h, m) = hm_at(s, at + 1).filter(|&(h, m)| h < 24 && m < 60).ok_or_else(|| bad(expected))?;
            let secs = (h * 3600 + m * 60) as i32;
            Some(if *sign == b'-' { -secs } else { secs })
        }
        _ => return Err(bad(expected)),
    };
    let local = date.and_time(time);
    let wall = match offset_seconds {
        None => local,
        Some(secs) => local
            .checked_sub_signed(chrono::Duration::seconds(i64::from(secs) - 8 * 3600))
            .ok_or_else(|| bad(expected))?,
    };
    check_instant(field, wall).map_err(|_| bad(expected))
}

/// Writes a Beijing wall time as RFC 3339 with `+08:00` (fractions only when present).
pub fn format_instant(wall: NaiveDateTime) -> String {
    let mut out = String::with_capacity(32);
    let t = wall.time();
    push_date(&mut out, wall.date());
    out.push('T');
    for (i, part) in [t.hour(), t.minute(), t.second()].into_iter().enumerate() {
        if i > 0 {
            out.push(':');
        }
        push_digits(&mut out, part, 2);
    }
    let nanos = t.nanosecond();
    if nanos != 0 {
        // A leap second's nanoseconds run past 10^9: ten digits.
        let (mut frac, mut width) = (nanos, if nanos >= 1_000_000_000 { 10 } else { 9 });
        while frac % 10 == 0 {
            (frac, width) = (frac / 10, width - 1);
        }
        out.push('.');
        push_digits(&mut out, frac, width);
    }
    out.push_str("+08:00");
    out
}

/// Writes a date as `YYYY-MM-DD`.
pub fn format_date(date: NaiveDate) -> String {
    let mut out = String::with_capacity(10);
    push_date(&mut out, date);
    out
}

/// `YYYY-MM-DD` (a year outside 0–9999 as `{:04}` writes it), without the formatting machinery:
/// every answer writes a date or an instant.
fn push_date(out: &mut String, date: NaiveDate) {
    match u32::try_from(date.year()) {
        Ok(year) if year <= 9999 => push_digits(out, year, 4),
        _ => {
            let _ = write!(out, "{:04}", date.year());
        }
    }
    out.push('-');
    push_digits(out, date.month(), 2);
    out.push('-');
    push_digits(out, date.day(), 2);
}

/// `value` in `width` decimal digits, zero-padded (`value` < 10^`width`).
fn push_digits(out: &mut String, value: u32, width: u32) {
    for place in (0..width).rev() {
        out.push(char::from(b'0' + (value / 10u32.pow(place) % 10) as u8));
    }
}

/// serde of dates (`YYYY-MM-DD`) and instants (RFC 3339 in, `+08:00` out), as the contract
/// reads and writes them; errors name the value at the field being read.
macro_rules! text_serde {
    ($name:ident, $opt:ident, $ty:ty, $what:literal, $parse:expr, $format:expr) => {
        #[doc = concat!("serde `with` module of ", $what, ".")]
        pub mod $name {
            use super::*;

            #[doc = concat!("Reads ", $what, ".")]
            pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<$ty, D::Error> {
                let crate::de::Text(text) = serde::Deserialize::deserialize(d)?;
                ($parse)(text.as_ref()).map_err(crate::de::carry)
            }

            #[doc = concat!("Writes ", $what, ".")]
            pub fn serialize<S: serde::Serializer>(value: &$ty, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&($format)(value).map_err(serde::ser::Error::custom)?)
            }
        }

        #[doc = concat!("serde `with` module of optional ", $what, " (`null` is none).")]
        pub mod $opt {
            use super::*;

            #[doc = concat!("Reads ", $what, " or `null`.")]
            pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<$ty>, D::Error> {
                struct Some_;
                impl<'de> serde::de::Visitor<'de> for Some_ {
                    type Value = Option<$ty>;
                    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                        f.write_str("a string")
                    }
                    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                        Ok(None)
                    }
                    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                        Ok(None)
                    }
                    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                        super::$name::deserialize(d).map(Some)
                    }
                }
                d.deserialize_option(Some_)
            }

            #[doc = concat!("Writes ", $what, " or `null`.")]
            pub fn serialize<S: serde::Serializer>(value: &Option<$ty>, s: S) -> Result<S::Ok, S::Error> {
                match value {
                    Some(v) => s.serialize_str(&($format)(v).map_err(serde::ser::Error::custom)?),
                    None => s.serialize_none(),
                }
            }
        }
    };
}

text_serde!(date, opt_date, NaiveDate, "a date `YYYY-MM-DD`", |t| parse_date("", t), |d: &NaiveDate| {
    Ok::<_, Error>(format_date(*d))
});
text_serde!(
    instant,
    opt_instant,
    DateTime<FixedOffset>,
    "an instant (RFC 3339, any offset or none: Beijing time; written with `+08:00`)",
    |t| parse_instant("", t).and_then(|wall| from_beijing("", wall)),
    |i: &DateTime<FixedOffset>| to_beijing("", i).map(format_instant)
);

/// A date in the JSON Schema: `YYYY-MM-DD`.
#[cfg(feature = "schema")]
#[cfg_attr(docsrs, doc(cfg(feature = "schema")))]
pub struct IsoDate;

#[cfg(feature = "schema")]
impl schemars::JsonSchema for IsoDate {
    fn schema_name() -> alloc::borrow::Cow<'static, str> {
        "IsoDate".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "description": "A date, YYYY-MM-DD (years 1–9999).", "type": "string", "format": "date" })
    }
}

/// An instant in the JSON Schema: RFC 3339 in (any offset, or none: Beijing time), `+08:00` out.
#[cfg(feature = "schema")]
#[cfg_attr(docsrs, doc(cfg(feature = "schema")))]
pub struct Instant;

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Instant {
    fn schema_name() -> alloc::borrow::Cow<'static, str> {
        "Instant".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "An instant, RFC 3339 (2025-09-30T10:00:00+08:00): read with any offset or Z (converted to Beijing time) or none (Beijing time); written with +08:00.",
            "type": "string",
            "format": "date-time"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_instants_are_written_as_the_format_machinery_writes_them() {
        let by_fmt = |w: NaiveDateTime| {
            let (d, t) = (w.date(), w.time());
            let mut out = alloc::format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
                d.year(),
                d.month(),
                d.day(),
                t.hour(),
                t.minute(),
                t.second()
            );
            if t.nanosecond() != 0 {
                out.push_str(alloc::format!(".{:09}", t.nanosecond()).trim_end_matches('0'));
            }
            out + "+08:00"
        };
        for (y, m, d) in
            [(1, 1, 1), (999, 12, 31), (2025, 10, 12), (9999, 12, 31), (10000, 1, 1), (-1, 6, 30), (0, 2, 29)]
        {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(format_date(date), alloc::format!("{:04}-{:02}-{:02}", y, m, d));
            for (h, mi, s, nanos) in
                [(0, 0, 0, 0), (9, 5, 7, 1), (23, 59, 59, 120_000_000), (23, 59, 59, 1_500_000_000)]
            {
                let wall = date.and_hms_nano_opt(h, mi, s, nanos).unwrap();
                assert_eq!(format_instant(wall), by_fmt(wall), "{wall:?}");
            }
        }
    }

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
            ("2024-12-31T16:00Z", "2025-01-01T00:00:00+08:00"),
            ("2025-09-30t10:00:00.123456789123z", "2025-09-30T18:00:00.123456789+08:00"),
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
            "2025-09-30T10:00:00.",
            "2025-09-30T10:00+08",
            "2025-09-30T10:00:00+08:00 ",
            "2025-09-30T10:61",
        ] {
            let err = parse_instant("start", bad).unwrap_err();
            assert_eq!((err.kind(), err.field()), ("invalid_input", Some("start")), "{bad}");
        }
    }

    /// chrono's extremes and the first and last instants of the years 1–9999, both ways: an
    /// error naming the field, never a panic.
    #[test]
    fn instants_outside_the_years_are_refused() {
        use chrono::Utc;
        let bad = |e: Error| (e.kind(), e.field().map(String::from));
        let refused = || ("invalid_input", Some(String::from("at")));
        assert_eq!(to_beijing("at", &DateTime::<Utc>::MAX_UTC).map_err(bad), Err(refused()));
        assert_eq!(to_beijing("at", &DateTime::<Utc>::MIN_UTC).map_err(bad), Err(refused()));
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
        assert_eq!(to_beijing("at", &at("0000-12-31T15:59:59Z")).map_err(bad), Err(refused()));
        assert_eq!(format_instant(to_beijing("at", &at("0000-12-31T16:00:00Z")).unwrap()), "0001-01-01T00:00:00+08:00");
        assert_eq!(format_instant(to_beijing("at", &at("9999-12-31T15:59:59Z")).unwrap()), "9999-12-31T23:59:59+08:00");
        assert_eq!(to_beijing("at", &at("9999-12-31T16:00:00Z")).map_err(bad), Err(refused()));
        for wall in [
            NaiveDateTime::MIN,
            NaiveDateTime::MAX,
            parse_instant("t", "0001-01-01T00:00").unwrap() - chrono::Duration::nanoseconds(1),
        ] {
            assert_eq!(from_beijing("at", wall).map_err(bad), Err(refused()), "{wall}");
        }
        let last = parse_instant("t", "9999-12-31T23:59:59.999999999").unwrap();
        assert_eq!(from_beijing("at", last).unwrap().to_rfc3339(), "9999-12-31T23:59:59.999999999+08:00");
        assert_eq!(from_beijing("at", last + chrono::Duration::nanoseconds(1)).map_err(bad), Err(refused()));
    }

    #[test]
    fn times_of_day() {
        assert_eq!(parse_time("08:05").map(format_time), Some(String::from("08:05")));
        for bad in ["8:05", "24:00", "08:60", "08:05:00", "0805"] {
            assert_eq!(parse_time(bad), None, "{bad}");
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

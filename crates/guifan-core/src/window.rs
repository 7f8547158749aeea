//! When staff may contact or visit a customer: notification windows (NOTIFY.WINDOW, with the
//! Xinjiang and Tibet shift) and on-site visit windows (VISIT.WINDOW).

use chrono::{DateTime, Duration, FixedOffset, NaiveDateTime, NaiveTime, Timelike};

use crate::time::{check_instant, from_beijing, to_beijing};
use crate::Error;

/// Where the customer is: Xinjiang (新疆) and Tibet (西藏) keep Beijing time but their
/// notification windows are two hours later.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Region {
    /// Everywhere else.
    #[default]
    Default,
    /// 新疆.
    Xinjiang,
    /// 西藏.
    Tibet,
}

crate::tier::keyed!(
    Region,
    "region",
    REGIONS = [("default", Region::Default), ("xinjiang", Region::Xinjiang), ("tibet", Region::Tibet)]
);

impl Region {
    /// How much later the region's windows are ("相应后延2个小时").
    pub fn shift(self) -> Duration {
        match self {
            Region::Default => Duration::zero(),
            Region::Xinjiang | Region::Tibet => Duration::hours(2),
        }
    }
}

/// Whether a notification may be sent now, and the next instant it may.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Notify {
    /// Not inside a blocked window.
    pub allowed: bool,
    /// `at` itself when allowed, else the end of the blocked window.
    pub next_allowed: DateTime<FixedOffset>,
}

/// Blocked hours on the Beijing clock: night 20:00–08:00 and lunch 12:00–14:00, half-open.
const NIGHT: (u32, u32) = (20, 8);
const LUNCH: (u32, u32) = (12, 14);

fn at_hour(t: NaiveDateTime, hour: u32) -> NaiveDateTime {
    t.date().and_time(NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or(NaiveTime::MIN))
}

/// `t`, or the end of the night it falls in.
fn out_of_night(t: NaiveDateTime) -> NaiveDateTime {
    let h = t.hour();
    if h >= NIGHT.0 {
        at_hour(t, NIGHT.1) + Duration::days(1)
    } else if h < NIGHT.1 {
        at_hour(t, NIGHT.1)
    } else {
        t
    }
}

/// The first allowed instant at or after `t`, on the unshifted clock.
fn next_open(t: NaiveDateTime) -> NaiveDateTime {
    let t = out_of_night(t);
    if (LUNCH.0..LUNCH.1).contains(&t.hour()) {
        at_hour(t, LUNCH.1)
    } else {
        t
    }
}

/// May a call or SMS reminder go out at `at` (GZ 关键术语 15)?
///
/// ```
/// use chrono::DateTime;
/// use guifan_core::window::{notify, Region};
/// let at = DateTime::parse_from_rfc3339("2025-03-03T21:00:00+08:00").unwrap();
/// assert!(!notify(at, Region::Default).unwrap().allowed);
/// assert!(notify(at, Region::Xinjiang).unwrap().allowed); // Xinjiang blocks from 22:00
/// ```
pub fn notify(at: DateTime<FixedOffset>, region: Region) -> Result<Notify, Error> {
    let wall = check_instant("at", to_beijing(&at))?;
    let shift = region.shift();
    let next = next_open(wall - shift) + shift;
    let next = check_instant("at", next)?;
    Ok(Notify { allowed: next == wall, next_allowed: from_beijing(next) })
}

/// On-site service hours, 08:00–20:00 unless the customer asks otherwise (GZ 关键术语 16).
pub fn visit_allowed(at: DateTime<FixedOffset>) -> bool {
    let h = to_beijing(&at).hour();
    (NIGHT.1..NIGHT.0).contains(&h)
}

/// The earliest installation visit for an appointment booked at `booked` (CT Jiangsu 2010):
/// 24 hours later, moved out of the 20:00–08:00 night.
pub fn earliest_install_visit(booked: DateTime<FixedOffset>) -> Result<DateTime<FixedOffset>, Error> {
    let after = check_instant("booked", to_beijing(&booked))? + Duration::hours(24);
    Ok(from_beijing(check_instant("booked", out_of_night(after))?))
}

/// Whether an installation visit at `visit` respects VISIT.WINDOW for a booking at `booked`.
pub fn install_visit_allowed(booked: DateTime<FixedOffset>, visit: DateTime<FixedOffset>) -> bool {
    visit_allowed(visit) && booked.checked_add_signed(Duration::hours(24)).is_some_and(|earliest| visit >= earliest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::{format_instant, parse_instant};

    fn t(s: &str) -> DateTime<FixedOffset> {
        from_beijing(parse_instant("t", s).unwrap())
    }

    fn check(at: &str, region: Region, allowed: bool, next: &str) {
        let n = notify(t(at), region).unwrap();
        assert_eq!(
            (n.allowed, format_instant(to_beijing(&n.next_allowed))),
            (allowed, String::from(next)),
            "{at} {region}"
        );
    }
    use alloc::string::String;

    #[test]
    fn default_window_edges() {
        check("2025-03-03T07:59:59", Region::Default, false, "2025-03-03T08:00:00+08:00");
        check("2025-03-03T08:00:00", Region::Default, true, "2025-03-03T08:00:00+08:00");
        check("2025-03-03T11:59:59", Region::Default, true, "2025-03-03T11:59:59+08:00");
        check("2025-03-03T12:00:00", Region::Default, false, "2025-03-03T14:00:00+08:00");
        check("2025-03-03T14:00:00", Region::Default, true, "2025-03-03T14:00:00+08:00");
        check("2025-03-03T19:59:59", Region::Default, true, "2025-03-03T19:59:59+08:00");
        check("2025-03-03T20:00:00", Region::Default, false, "2025-03-04T08:00:00+08:00");
        check("2025-12-31T23:00:00", Region::Default, false, "2026-01-01T08:00:00+08:00");
    }

    #[test]
    fn xinjiang_and_tibet_two_hours_later() {
        for r in [Region::Xinjiang, Region::Tibet] {
            check("2025-03-03T21:59:59", r, true, "2025-03-03T21:59:59+08:00");
            check("2025-03-03T22:00:00", r, false, "2025-03-04T10:00:00+08:00");
            check("2025-03-04T01:00:00", r, false, "2025-03-04T10:00:00+08:00");
            check("2025-03-04T09:59:59", r, false, "2025-03-04T10:00:00+08:00");
            check("2025-03-04T13:59:59", r, true, "2025-03-04T13:59:59+08:00");
            check("2025-03-04T14:00:00", r, false, "2025-03-04T16:00:00+08:00");
            check("2025-03-04T16:00:00", r, true, "2025-03-04T16:00:00+08:00");
        }
    }

    #[test]
    fn visits() {
        assert!(visit_allowed(t("2025-03-03T08:00")) && !visit_allowed(t("2025-03-03T20:00")));
        assert!(visit_allowed(t("2025-03-03T19:59")) && !visit_allowed(t("2025-03-03T07:59")));
        assert_eq!(earliest_install_visit(t("2025-03-03T21:30")).unwrap(), t("2025-03-05T08:00"));
        assert_eq!(earliest_install_visit(t("2025-03-03T10:15")).unwrap(), t("2025-03-04T10:15"));
        assert_eq!(earliest_install_visit(t("2025-03-03T06:00")).unwrap(), t("2025-03-04T08:00"));
        assert!(!install_visit_allowed(t("2025-03-03T10:15"), t("2025-03-04T10:14")));
        assert!(install_visit_allowed(t("2025-03-03T10:15"), t("2025-03-04T10:15")));
    }
}

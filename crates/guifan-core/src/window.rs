//! When staff may contact or visit a customer: notification windows (NOTIFY.WINDOW, with the
//! Xinjiang and Tibet shift) and on-site visit windows (VISIT.WINDOW). The windows are data of
//! the rule pack: blocked spans of the Beijing wall clock per region.

use alloc::format;
use alloc::vec::Vec;
use chrono::{DateTime, Duration, FixedOffset, NaiveDateTime};

use crate::explain::Trace;
use crate::pack::{Pack, PackRef};
use crate::time::{check_instant, format_instant, from_beijing, to_beijing};
use crate::Error;

pub use crate::pack::{Region, RegionWindows, Span, Visit, Windows};

impl Span {
    /// The first instant after the span holding `wall`.
    fn end_after(&self, wall: NaiveDateTime) -> NaiveDateTime {
        let end = wall.date().and_time(self.to);
        if end > wall {
            end
        } else {
            end + Duration::days(1)
        }
    }
}

impl Windows {
    /// The first Beijing wall time at or after `wall` outside every blocked span of `region`.
    pub fn next_open(&self, region: &Region, wall: NaiveDateTime) -> Result<NaiveDateTime, Error> {
        let spans = self.blocked(region)?;
        let mut t = wall;
        // Each step leaves one span; spans neither overlap nor fill the day, so a free instant
        // comes within one step per span.
        for _ in 0..=spans.len() {
            match spans.iter().find(|s| s.contains(t.time())) {
                Some(span) => t = span.end_after(t),
                None => return Ok(t),
            }
        }
        Err(Error::invalid("region", region.as_str(), "its blocked spans leave no free time"))
    }
}

impl Visit {
    /// The earliest installation visit for a booking made at `booked`: `install_after_hours`
    /// later, moved out of the hours without visits.
    pub fn earliest_install(
        &self,
        booked: DateTime<FixedOffset>,
        region: &Region,
    ) -> Result<DateTime<FixedOffset>, Error> {
        let wall = to_beijing("booked", &booked)?;
        let after = wall.checked_add_signed(Duration::hours(i64::from(self.install_after_hours))).ok_or_else(|| {
            Error::invalid(
                "booked",
                format_instant(wall),
                "the earliest installation visit falls outside the years 1–9999",
            )
        })?;
        from_beijing("booked", self.windows.next_open(region, check_instant("booked", after)?)?)
    }
}

/// Whether an on-site visit may happen at an instant, and the next instant one may: the output
/// of the `visit` op.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct VisitCheck {
    /// Inside the visit hours and, for an installation, not before `earliest_install`.
    pub allowed: bool,
    /// The instant asked about when allowed, else the first instant after it that is.
    #[serde(with = "crate::time::instant")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::time::Instant"))]
    pub next_allowed: DateTime<FixedOffset>,
    /// For an installation booked at a given instant, the earliest visit.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::time::opt_instant")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::time::Instant>"))]
    pub earliest_install: Option<DateTime<FixedOffset>>,
    /// The rule pack the windows came from.
    pub pack: PackRef,
}

/// Whether a notification may be sent now, and the next instant it may: the output of the
/// `notify` op.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Notify {
    /// Not inside a blocked window.
    pub allowed: bool,
    /// `at` itself when allowed, else the end of the blocked window.
    #[serde(with = "crate::time::instant")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::time::Instant"))]
    pub next_allowed: DateTime<FixedOffset>,
    /// The rule pack the windows came from.
    pub pack: PackRef,
}

/// May a call or SMS reminder go out at `at` (GZ 关键术语 15)? On the built-in pack.
///
/// ```
/// use chrono::DateTime;
/// use guifan_core::window::{notify, Region};
/// let at = DateTime::parse_from_rfc3339("2025-03-03T21:00:00+08:00").unwrap();
/// assert!(!notify(at, &Region::DEFAULT).unwrap().allowed);
/// assert!(notify(at, &Region::XINJIANG).unwrap().allowed); // Xinjiang blocks from 22:00
/// ```
pub fn notify(at: DateTime<FixedOffset>, region: &Region) -> Result<Notify, Error> {
    notify_in(Pack::builtin(), at, region, &mut Trace::off())
}

pub(crate) fn notify_in(
    pack: &Pack,
    at: DateTime<FixedOffset>,
    region: &Region,
    trace: &mut Trace,
) -> Result<Notify, Error> {
    let windows = &pack.notify;
    trace.cite_source(&windows.rule, &windows.source);
    let wall = to_beijing("at", &at)?;
    let next = windows.next_open(region, wall)?;
    trace.note(|| format!("region {region}: no calls or SMS {} (half-open)", windows.describe(region)));
    Ok(Notify { allowed: next == wall, next_allowed: from_beijing("at", next)?, pack: PackRef::from(&pack.info) })
}

/// The region whose visit hours apply: its own, or `default` for a region the pack names only
/// for notifications (the built-in pack shifts Xinjiang's and Tibet's notifications, not visits).
fn visit_region<'r>(pack: &Pack, region: &'r Region) -> Result<&'r Region, Error> {
    match (pack.visit.windows.has(region), pack.notify.has(region)) {
        (true, _) => Ok(region),
        (false, true) => Ok(&Region::DEFAULT),
        (false, false) => {
            let mut known: Vec<&str> = Vec::new();
            for r in pack.notify.regions.iter().chain(pack.visit.windows.regions.iter()) {
                if !known.contains(&r.region.as_str()) {
                    known.push(r.region.as_str());
                }
            }
            Err(Error::invalid("region", region.as_str(), format!("accepted: {}", known.join(", "))))
        }
    }
}

/// May a technician come at `at` in `region` (VISIT.WINDOW), and, for an installation booked at
/// `booked`, is it late enough? Not before the earliest installation visit, outside the hours
/// without visits.
pub(crate) fn visit_in(
    pack: &Pack,
    at: DateTime<FixedOffset>,
    region: &Region,
    booked: Option<DateTime<FixedOffset>>,
    trace: &mut Trace,
) -> Result<VisitCheck, Error> {
    let visit = &pack.visit;
    trace.cite_source(&visit.windows.rule, &visit.windows.source);
    let wall = to_beijing("at", &at)?;
    let hours = visit_region(pack, region)?;
    let earliest_install = booked.map(|b| visit.earliest_install(b, hours)).transpose()?;
    // Both checked by `earliest_install`.
    let install = match (booked, earliest_install) {
        (Some(b), Some(e)) => Some((to_beijing("booked", &b)?, to_beijing("booked", &e)?)),
        _ => None,
    };
    let next = visit.windows.next_open(hours, install.map_or(wall, |(_, e)| wall.max(e)))?;
    trace.note(|| format!("region {region}: no visits {} (half-open)", visit.windows.describe(hours)));
    if let Some((b, e)) = install {
        trace.note(|| {
            format!(
                "installation booked {}: visits from {} h later, outside those hours: {}",
                format_instant(b),
                visit.install_after_hours,
                format_instant(e)
            )
        });
    }
    Ok(VisitCheck {
        allowed: next == wall,
        next_allowed: from_beijing("at", next)?,
        earliest_install,
        pack: PackRef::from(&pack.info),
    })
}

/// On-site service hours of the built-in pack, 08:00–20:00 unless the customer asks otherwise
/// (GZ 关键术语 16); [`Engine::visit_allowed`](crate::engine::Engine::visit_allowed) answers on
/// the pack in force.
pub fn visit_allowed(at: DateTime<FixedOffset>) -> bool {
    visit_in(Pack::builtin(), at, &Region::DEFAULT, None, &mut Trace::off()).is_ok_and(|v| v.allowed)
}

/// The earliest installation visit for an appointment booked at `booked` (CT Jiangsu 2010), on
/// the built-in pack: 24 hours later, moved out of the 20:00–08:00 night.
/// [`Engine::earliest_install_visit`](crate::engine::Engine::earliest_install_visit) answers on
/// the pack in force.
pub fn earliest_install_visit(booked: DateTime<FixedOffset>) -> Result<DateTime<FixedOffset>, Error> {
    Pack::builtin().visit.earliest_install(booked, &Region::DEFAULT)
}

/// Whether an installation visit at `visit` respects VISIT.WINDOW for a booking at `booked`, on
/// the built-in pack; [`Engine::install_visit_allowed`](crate::engine::Engine::install_visit_allowed)
/// answers on the pack in force.
pub fn install_visit_allowed(booked: DateTime<FixedOffset>, visit: DateTime<FixedOffset>) -> bool {
    visit_in(Pack::builtin(), visit, &Region::DEFAULT, Some(booked), &mut Trace::off()).is_ok_and(|v| v.allowed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::{format_instant, parse_instant};
    use alloc::string::ToString;
    use chrono::NaiveTime;

    fn t(s: &str) -> DateTime<FixedOffset> {
        from_beijing("t", parse_instant("t", s).unwrap()).unwrap()
    }

    /// At chrono's extremes (no Beijing wall time) and past 9999: errors naming the field.
    #[test]
    fn extreme_instants_are_errors() {
        use chrono::Utc;
        let late = t("9999-12-31T21:00");
        for at in [DateTime::<Utc>::MAX_UTC.fixed_offset(), DateTime::<Utc>::MIN_UTC.fixed_offset(), late] {
            let e = notify(at, &Region::DEFAULT).unwrap_err();
            assert_eq!((e.kind(), e.field()), ("invalid_input", Some("at")), "{at:?}");
            assert!(!visit_allowed(at));
            let e = earliest_install_visit(at).unwrap_err();
            assert_eq!((e.kind(), e.field()), ("invalid_input", Some("booked")), "{at:?}");
            assert!(!install_visit_allowed(at, at));
            let e = visit_in(Pack::builtin(), at, &Region::DEFAULT, None, &mut Trace::off()).unwrap_err();
            assert_eq!((e.kind(), e.field()), ("invalid_input", Some("at")), "{at:?}");
        }
    }

    fn check(at: &str, region: &Region, allowed: bool, next: &str) {
        let n = notify(t(at), region).unwrap();
        assert_eq!(
            (n.allowed, format_instant(to_beijing("t", &n.next_allowed).unwrap())),
            (allowed, String::from(next)),
            "{at} {region}"
        );
    }
    use alloc::string::String;

    #[test]
    fn default_window_edges() {
        check("2025-03-03T07:59:59", &Region::DEFAULT, false, "2025-03-03T08:00:00+08:00");
        check("2025-03-03T08:00:00", &Region::DEFAULT, true, "2025-03-03T08:00:00+08:00");
        check("2025-03-03T11:59:59", &Region::DEFAULT, true, "2025-03-03T11:59:59+08:00");
        check("2025-03-03T12:00:00", &Region::DEFAULT, false, "2025-03-03T14:00:00+08:00");
        check("2025-03-03T14:00:00", &Region::DEFAULT, true, "2025-03-03T14:00:00+08:00");
        check("2025-03-03T19:59:59", &Region::DEFAULT, true, "2025-03-03T19:59:59+08:00");
        check("2025-03-03T20:00:00", &Region::DEFAULT, false, "2025-03-04T08:00:00+08:00");
        check("2025-12-31T23:00:00", &Region::DEFAULT, false, "2026-01-01T08:00:00+08:00");
    }

    #[test]
    fn xinjiang_and_tibet_two_hours_later() {
        for r in [Region::XINJIANG, Region::TIBET] {
            let r = &r;
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
    fn unknown_regions_and_spans_past_midnight() {
        let e = notify(t("2025-03-03T10:00"), &"hainan".parse().unwrap()).unwrap_err();
        assert_eq!((e.kind(), e.field()), ("invalid_input", Some("region")));
        assert!(e.to_string().contains("default, xinjiang, tibet"), "{e}");
        let hm = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        let night = Span { from: hm(20, 0), to: hm(8, 0) };
        assert!(night.contains(hm(20, 0)) && night.contains(hm(7, 59)) && !night.contains(hm(8, 0)));
        let lunch = Span { from: hm(12, 0), to: hm(14, 0) };
        assert!(lunch.contains(hm(12, 0)) && !lunch.contains(hm(14, 0)) && !lunch.contains(hm(11, 59)));
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
        assert!(!install_visit_allowed(t("2025-03-03T21:30"), t("2025-03-04T21:30")));
        assert!(!install_visit_allowed(t("2025-03-03T21:30"), t("2025-03-05T07:59")));
        assert!(install_visit_allowed(t("2025-03-03T21:30"), t("2025-03-05T08:00")));
    }

    fn visit(at: &str, region: &str, booked: Option<&str>) -> Result<(bool, String, Option<String>), Error> {
        let v = visit_in(Pack::builtin(), t(at), &region.parse().unwrap(), booked.map(t), &mut Trace::off())?;
        let show = |i: DateTime<FixedOffset>| format_instant(to_beijing("t", &i).unwrap());
        Ok((v.allowed, show(v.next_allowed), v.earliest_install.map(show)))
    }

    #[test]
    fn visits_wait_for_the_hours_and_the_installation_delay() {
        let no = |next: &str| Ok((false, String::from(next), None));
        assert_eq!(visit("2025-03-03T20:00", "default", None), no("2025-03-04T08:00:00+08:00"));
        assert!(visit("2025-03-03T19:59:59", "default", None).unwrap().0);
        // Booked at night: 24 h later is night again, so the first visit is 08:00 the day after.
        let booked = Some("2025-03-03T21:30");
        let earliest = Some(String::from("2025-03-05T08:00:00+08:00"));
        assert_eq!(
            visit("2025-03-04T10:00", "default", booked),
            Ok((false, "2025-03-05T08:00:00+08:00".into(), earliest.clone()))
        );
        assert_eq!(
            visit("2025-03-05T08:00", "default", booked),
            Ok((true, "2025-03-05T08:00:00+08:00".into(), earliest))
        );
        assert_eq!(visit("2025-03-06T20:30", "default", booked).unwrap().1, "2025-03-07T08:00:00+08:00");
        // Xinjiang and Tibet shift notifications only: their visit hours are the default ones.
        assert_eq!(visit("2025-03-03T20:30", "xinjiang", None), no("2025-03-04T08:00:00+08:00"));
        let e = visit("2025-03-03T10:00", "hainan", None).unwrap_err();
        assert_eq!((e.kind(), e.field()), ("invalid_input", Some("region")));
        assert!(e.to_string().contains("accepted: default, xinjiang, tibet"), "{e}");
        assert_eq!(visit("9999-12-31T21:00", "default", None).unwrap_err().field(), Some("at"));
        assert_eq!(visit("2025-03-03T10:00", "default", Some("9999-12-31T10:00")).unwrap_err().field(), Some("booked"));
    }

    #[test]
    fn an_installation_delay_past_the_calendar_is_an_error_not_a_panic() {
        let mut pack = Pack::builtin().clone();
        pack.visit.install_after_hours = u32::MAX;
        let e =
            visit_in(&pack, t("2025-03-03T10:00"), &Region::DEFAULT, Some(t("2025-03-03T10:00")), &mut Trace::off());
        assert_eq!(e.unwrap_err().field(), Some("booked"));
    }
}

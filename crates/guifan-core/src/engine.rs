//! The engine every call runs on: one or more rule packs and a working-day calendar.
//!
//! A billing team in another province loads its own pack; next year's holiday schedule is loaded
//! into the calendar; neither needs a new release. The free functions of the other modules run on
//! [`Engine::builtin`], the built-in pack and calendar, set up once; a loaded engine is two
//! `Arc`s. Either is cheap to clone and to share between threads.

use alloc::boxed::Box;
use alloc::format;
use alloc::sync::Arc;
use alloc::vec::Vec;
use chrono::{DateTime, FixedOffset, NaiveDate};
use core::ops::Deref;
use once_cell::race::OnceBox;
use rust_decimal::Decimal;

use crate::calendar::Calendar;
use crate::cutover::Cutover;
use crate::deadline::{self, CustomerClass, Deadline, DeadlineInput, Incident, SlaRule};
use crate::explain::{explained, Explained, Trace};
use crate::pack::Pack;
use crate::status::{self, StatusInput, StatusResult};
use crate::ticket::{Ticket, TicketInput};
use crate::tier::{self, Override, Review, Tier, TierInput, TierResult};
use crate::time::{format_date, to_beijing};
use crate::window::{self, Notify, Region, VisitCheck};
use crate::Error;

/// Rule packs (each in force from its `effective_from`) and a calendar.
#[derive(Clone, Debug)]
pub struct Engine {
    /// Sorted by `effective_from`; a pack without one comes first.
    packs: Held<[Pack]>,
    calendar: Held<Calendar>,
}

/// The crate's own data (read once, never freed: nothing to count), or loaded and shared by
/// count.
#[derive(Debug)]
enum Held<T: ?Sized + 'static> {
    Static(&'static T),
    Shared(Arc<T>),
}

impl<T: ?Sized> Clone for Held<T> {
    fn clone(&self) -> Self {
        match self {
            Held::Static(t) => Held::Static(t),
            Held::Shared(t) => Held::Shared(Arc::clone(t)),
        }
    }
}

impl<T: ?Sized> Deref for Held<T> {
    type Target = T;
    fn deref(&self) -> &T {
        match self {
            Held::Static(t) => t,
            Held::Shared(t) => t,
        }
    }
}

/// The built-in engine: what the free functions (`evaluate::evaluate` …) run on, set up once.
pub(crate) fn builtin() -> &'static Engine {
    static BUILTIN: OnceBox<Engine> = OnceBox::new();
    BUILTIN.get_or_init(|| {
        let packs = core::slice::from_ref(Pack::builtin());
        Box::new(Engine { packs: Held::Static(packs), calendar: Held::Static(&crate::calendar::BUILTIN) })
    })
}

impl Default for Engine {
    fn default() -> Self {
        Engine::builtin()
    }
}

impl Engine {
    /// The built-in pack on the built-in calendar (2004–2026); copies nothing.
    pub fn builtin() -> Self {
        builtin().clone()
    }

    /// An engine over `packs` (at least one; no two taking effect on the same day).
    ///
    /// ```
    /// use guifan_core::{calendar::Calendar, engine::Engine, pack::Pack};
    /// let engine = Engine::new(vec![Pack::builtin().clone()], Calendar::builtin()).unwrap();
    /// assert_eq!(engine.latest().info.name, "guifan-builtin");
    /// ```
    pub fn new(packs: Vec<Pack>, calendar: Calendar) -> Result<Self, Error> {
        let mut packs = packs;
        if packs.is_empty() {
            return Err(Error::invalid("packs", "[]", "an engine needs at least one rule pack"));
        }
        crate::order::sort_by_key(&mut packs, |p| p.info.effective_from);
        if let Some(w) = packs.windows(2).find(|w| w[0].info.effective_from == w[1].info.effective_from) {
            let day = w[1].info.effective_from.map_or_else(|| "none".into(), format_date);
            return Err(Error::invalid(
                "effective_from",
                day,
                format!("packs {} and {} take effect on the same day", w[0].info.name, w[1].info.name),
            ));
        }
        Ok(Engine { packs: Held::Shared(packs.into()), calendar: Held::Shared(Arc::new(calendar)) })
    }

    /// The same packs on another calendar.
    pub fn with_calendar(&self, calendar: Calendar) -> Self {
        Engine { packs: self.packs.clone(), calendar: Held::Shared(Arc::new(calendar)) }
    }

    /// The same packs on the same calendar answering years without a published schedule
    /// provisionally, or no longer ([`Calendar::set_provisional`], INTERP.PROVISIONAL). Answers
    /// that rest on a provisional year say so: [`Deadline::provisional_years`], and
    /// `"provisional": true` with `"provisional_years"` in the `evaluate` outputs.
    ///
    /// ```
    /// use guifan_core::engine::Engine;
    /// use guifan_core::evaluate::Request;
    /// use serde_json::json;
    /// let req = Request::from_json(r#"{"op": "deadline", "input": {"rule": "SLA.COMPLAINT.ORDINARY", "start": "2026-12-30T10:00"}}"#)?;
    /// let plain = Engine::builtin().evaluate(&req).to_value();
    /// assert_eq!(plain["error"]["kind"], "calendar_year_unknown");
    /// // 31 December, then 4 and 5 January 2027 (1 January is 元旦, 2 and 3 a weekend).
    /// let out = Engine::builtin().with_provisional(true).evaluate(&req).to_value();
    /// assert_eq!(out["due"], "2027-01-06T00:00:00+08:00");
    /// assert_eq!((&out["provisional"], &out["provisional_years"]), (&json!(true), &json!([2027])));
    /// # Ok::<(), guifan_core::Error>(())
    /// ```
    pub fn with_provisional(&self, on: bool) -> Self {
        let mut calendar = self.calendar().clone();
        calendar.set_provisional(on);
        self.with_calendar(calendar)
    }

    /// The packs, in the order they take effect.
    pub fn packs(&self) -> &[Pack] {
        &self.packs
    }

    /// The working-day calendar.
    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }

    /// The pack that took effect last.
    pub fn latest(&self) -> &Pack {
        // `new` refuses an empty list.
        &self.packs[self.packs.len() - 1]
    }

    /// The pack in force on `date`: the last one taking effect on or before it. `field` names
    /// the input whose date was asked about, for the error when no pack is in force yet.
    pub fn pack_on(&self, field: &str, date: NaiveDate) -> Result<&Pack, Error> {
        self.pack_index(field, date).map(|i| &self.packs[i])
    }

    /// The index in [`Engine::packs`] of the pack in force on `date`.
    pub(crate) fn pack_index(&self, field: &str, date: NaiveDate) -> Result<usize, Error> {
        let after = self.packs.partition_point(|p| p.info.effective_from.is_none_or(|from| from <= date));
        after.checked_sub(1).ok_or_else(|| {
            let first = self.packs[0].info.effective_from.map(format_date).unwrap_or_default();
            Error::invalid(
                field,
                format_date(date),
                format!("no rule pack is in force yet; the first takes effect {first}"),
            )
        })
    }

    /// The pack for an optional date: the one in force then, or the latest.
    pub(crate) fn pack_for(&self, field: &str, date: Option<NaiveDate>) -> Result<&Pack, Error> {
        match date {
            Some(d) => self.pack_on(field, d),
            None => Ok(self.latest()),
        }
    }

    /// Rates a customer on the pack in force on `input.as_of` (the latest without one).
    #[inline]
    pub fn tier(&self, input: &TierInput) -> Result<TierResult, Error> {
        self.tier_traced(input, &mut Trace::off())
    }

    /// [`Engine::tier`] with the rules and steps behind the answer.
    pub fn explain_tier(&self, input: &TierInput) -> Result<Explained<TierResult>, Error> {
        explained(|trace| self.tier_traced(input, trace))
    }

    #[inline]
    pub(crate) fn tier_traced(&self, input: &TierInput, trace: &mut Trace) -> Result<TierResult, Error> {
        tier::rate(self.pack_for("as_of", input.as_of)?, input, trace)
    }

    /// The yearly review (TIER.REVIEW) with an optional approved override (TIER.OVERRIDE).
    pub fn review(&self, previous: Tier, current: &TierInput, approved: Option<&Override>) -> Result<Review, Error> {
        self.review_traced(previous, current, approved, &mut Trace::off())
    }

    pub(crate) fn review_traced(
        &self,
        previous: Tier,
        current: &TierInput,
        approved: Option<&Override>,
        trace: &mut Trace,
    ) -> Result<Review, Error> {
        tier::review_traced(self.pack_for("as_of", current.as_of)?, previous, current, approved, trace)
    }

    /// A deadline under the pack in force on the start's Beijing date.
    pub fn deadline(&self, input: &DeadlineInput) -> Result<Deadline, Error> {
        self.deadline_traced(input, &mut Trace::off())
    }

    /// [`Engine::deadline`] with the rules and steps behind it.
    pub fn explain_deadline(&self, input: &DeadlineInput) -> Result<Explained<Deadline>, Error> {
        explained(|trace| self.deadline_traced(input, trace))
    }

    pub(crate) fn deadline_traced(&self, input: &DeadlineInput, trace: &mut Trace) -> Result<Deadline, Error> {
        let pack = self.pack_on("start", to_beijing("start", &input.start)?.date())?;
        deadline::compute(pack, &self.calendar, input, trace)
    }

    /// A ticket's targets and states (SLA.TICKET) under the pack in force on the start's
    /// Beijing date: its periods, and its policy when the targets are an incident and class.
    pub fn ticket(&self, input: &TicketInput) -> Result<Ticket, Error> {
        self.ticket_traced(input, &mut Trace::off())
    }

    /// [`Engine::ticket`] with the rules and steps behind it.
    pub fn explain_ticket(&self, input: &TicketInput) -> Result<Explained<Ticket>, Error> {
        explained(|trace| self.ticket_traced(input, trace))
    }

    pub(crate) fn ticket_traced(&self, input: &TicketInput, trace: &mut Trace) -> Result<Ticket, Error> {
        let pack = self.pack_on("start", to_beijing("start", &input.start)?.date())?;
        crate::ticket::compute(pack, &self.calendar, input, trace)
    }

    /// The deadline rule of a ticket kind and customer class in the pack in force on `on`.
    pub fn rule_for(&self, incident: Incident, class: CustomerClass, on: NaiveDate) -> Result<&SlaRule, Error> {
        self.pack_on("start", on)?.rule_for(incident, class)
    }

    /// May a call or SMS go out at `at` in `region`, under the pack in force then?
    pub fn notify(&self, at: DateTime<FixedOffset>, region: &Region) -> Result<Notify, Error> {
        self.notify_traced(at, region, &mut Trace::off())
    }

    pub(crate) fn notify_traced(
        &self,
        at: DateTime<FixedOffset>,
        region: &Region,
        trace: &mut Trace,
    ) -> Result<Notify, Error> {
        window::notify_in(self.pack_on("at", to_beijing("at", &at)?.date())?, at, region, trace)
    }

    /// May a technician come at `at` in `region`, under the pack in force then (VISIT.WINDOW)?
    /// With `booked`, the visit is an installation booked at that instant, so it also waits for
    /// the earliest installation visit.
    ///
    /// ```
    /// use chrono::DateTime;
    /// use guifan_core::{engine::Engine, window::Region};
    /// let t = |s| DateTime::parse_from_rfc3339(s).unwrap();
    /// let engine = Engine::builtin();
    /// let v = engine.visit(t("2025-03-03T21:30:00+08:00"), &Region::DEFAULT, None).unwrap();
    /// assert_eq!((v.allowed, v.next_allowed), (false, t("2025-03-04T08:00:00+08:00")));
    /// ```
    pub fn visit(
        &self,
        at: DateTime<FixedOffset>,
        region: &Region,
        booked: Option<DateTime<FixedOffset>>,
    ) -> Result<VisitCheck, Error> {
        self.visit_traced(at, region, booked, &mut Trace::off())
    }

    pub(crate) fn visit_traced(
        &self,
        at: DateTime<FixedOffset>,
        region: &Region,
        booked: Option<DateTime<FixedOffset>>,
        trace: &mut Trace,
    ) -> Result<VisitCheck, Error> {
        window::visit_in(self.pack_on("at", to_beijing("at", &at)?.date())?, at, region, booked, trace)
    }

    /// Whether an on-site visit may happen at `at` in `region`, under the pack in force then.
    pub fn visit_allowed(&self, at: DateTime<FixedOffset>, region: &Region) -> Result<bool, Error> {
        Ok(self.visit(at, region, None)?.allowed)
    }

    /// The earliest installation visit for a booking made at `booked`, under the pack in force
    /// then.
    pub fn earliest_install_visit(
        &self,
        booked: DateTime<FixedOffset>,
        region: &Region,
    ) -> Result<DateTime<FixedOffset>, Error> {
        let pack = self.pack_on("booked", to_beijing("booked", &booked)?.date())?;
        // Asked at the booking itself, the next instant allowed is the earliest installation visit.
        Ok(window::visit_in(pack, booked, region, Some(booked), &mut Trace::off())?.next_allowed)
    }

    /// Whether an installation visit at `visit` for a booking at `booked` respects the visit
    /// hours and the installation delay of the pack in force at `visit`.
    pub fn install_visit_allowed(
        &self,
        booked: DateTime<FixedOffset>,
        visit: DateTime<FixedOffset>,
        region: &Region,
    ) -> Result<bool, Error> {
        Ok(self.visit(visit, region, Some(booked))?.allowed)
    }

    /// Whether diamond members' on-site service (BENEFIT.DIAMOND, 7×12) is open at `at`: the
    /// visit hours of the pack in force then, holidays included.
    pub fn onsite_service_open(&self, at: DateTime<FixedOffset>) -> Result<bool, Error> {
        self.visit_allowed(at, &Region::DEFAULT)
    }

    /// A member's status under the arrears limit of the pack in force on `input.as_of`.
    pub fn status(&self, input: &StatusInput) -> Result<StatusResult, Error> {
        self.status_traced(input, &mut Trace::off())
    }

    /// [`Engine::status`] with the rules and steps behind the answer.
    pub fn explain_status(&self, input: &StatusInput) -> Result<Explained<StatusResult>, Error> {
        explained(|trace| self.status_traced(input, trace))
    }

    pub(crate) fn status_traced(&self, input: &StatusInput, trace: &mut Trace) -> Result<StatusResult, Error> {
        status::decide(&self.pack_on("as_of", input.as_of)?.arrears, input, trace)
    }

    /// What a planned outage starting at `start` needs (SLA.CUTOVER), under the pack in force
    /// then.
    pub fn cutover(
        &self,
        start: DateTime<FixedOffset>,
        outage_hours: Decimal,
        key_customers: bool,
    ) -> Result<Cutover, Error> {
        self.cutover_traced(start, outage_hours, key_customers, &mut Trace::off())
    }

    pub(crate) fn cutover_traced(
        &self,
        start: DateTime<FixedOffset>,
        outage_hours: Decimal,
        key_customers: bool,
        trace: &mut Trace,
    ) -> Result<Cutover, Error> {
        let pack = self.pack_on("start", to_beijing("start", &start)?.date())?;
        pack.cutover.decide_traced(start, outage_hours, key_customers, trace)
    }

    /// Whether an installer arriving at `arrived` for a visit agreed for `agreed` is on time
    /// (SLA.APPOINTMENT.PUNCTUAL), under the pack in force on the agreed day.
    pub fn on_time(&self, agreed: DateTime<FixedOffset>, arrived: DateTime<FixedOffset>) -> Result<bool, Error> {
        self.on_time_traced(agreed, arrived, &mut Trace::off())
    }

    pub(crate) fn on_time_traced(
        &self,
        agreed: DateTime<FixedOffset>,
        arrived: DateTime<FixedOffset>,
        trace: &mut Trace,
    ) -> Result<bool, Error> {
        let pack = self.pack_on("agreed", to_beijing("agreed", &agreed)?.date())?;
        Ok(pack.punctuality.on_time_traced(agreed, arrived, trace))
    }

    /// Whether recorded voice dunning may chase the `arrears_count`-th arrears (DUNNING.CHANNEL),
    /// under the latest pack.
    pub fn voice_allowed(&self, arrears_count: u32) -> Result<bool, Error> {
        self.voice_allowed_traced(arrears_count, &mut Trace::off())
    }

    pub(crate) fn voice_allowed_traced(&self, arrears_count: u32, trace: &mut Trace) -> Result<bool, Error> {
        self.latest().dunning.voice_allowed_traced(arrears_count, trace)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deadline::{Area, Basis};
    use crate::pack::Text;
    use alloc::string::{String, ToString};
    use alloc::vec;
    use chrono::DateTime;

    /// The built-in pack with another version, a start date and the ordinary complaint at 5 days.
    fn later_pack(from: &str) -> Pack {
        let mut pack = Pack::builtin().clone();
        pack.info.version = Text::from(format!("from-{from}"));
        pack.info.effective_from = Some(from.parse().unwrap());
        pack.sla[0].urban = deadline::Period::WorkingDays(5);
        pack.sla[0].rural = deadline::Period::WorkingDays(5);
        pack
    }

    fn complaint(engine: &Engine, start: &str) -> (String, String) {
        let input = DeadlineInput {
            start: DateTime::parse_from_rfc3339(start).unwrap(),
            basis: Basis::rule("SLA.COMPLAINT.ORDINARY", Area::Urban),
            done: None,
            pauses: Vec::new(),
            region: Default::default(),
        };
        let d = engine.deadline(&input).unwrap();
        (d.due.unwrap().to_rfc3339(), d.pack.version.to_string())
    }

    #[test]
    fn answers_with_the_pack_in_force() {
        let engine = Engine::new(vec![later_pack("2025-10-01"), Pack::builtin().clone()], Calendar::builtin()).unwrap();
        // Before 1 October 2025 the built-in pack (3 working days), from then on 5 working days.
        assert_eq!(
            complaint(&engine, "2025-09-30T23:59:59+08:00"),
            ("2025-10-12T00:00:00+08:00".into(), "2026.1".into())
        );
        assert_eq!(
            complaint(&engine, "2025-09-30T16:00:00Z"),
            ("2025-10-15T00:00:00+08:00".into(), "from-2025-10-01".into())
        );
        assert_eq!(engine.latest().info.version, "from-2025-10-01");
    }

    #[test]
    fn no_pack_in_force_and_duplicate_days_are_errors() {
        let engine = Engine::new(vec![later_pack("2025-10-01")], Calendar::builtin()).unwrap();
        let input = DeadlineInput {
            start: DateTime::parse_from_rfc3339("2025-09-30T10:00:00+08:00").unwrap(),
            basis: Basis::rule("SLA.COMPLAINT.ORDINARY", Area::Urban),
            done: None,
            pauses: Vec::new(),
            region: Default::default(),
        };
        let e = engine.deadline(&input).unwrap_err();
        assert_eq!((e.kind(), e.field(), e.value().as_deref()), ("invalid_input", Some("start"), Some("2025-09-30")));
        let twice = Engine::new(vec![later_pack("2025-10-01"), later_pack("2025-10-01")], Calendar::builtin());
        assert_eq!(twice.unwrap_err().field(), Some("effective_from"));
        assert_eq!(Engine::new(vec![], Calendar::builtin()).unwrap_err().field(), Some("packs"));
    }

    #[cfg(feature = "std")]
    #[test]
    fn visits_follow_the_pack_in_force() {
        let sample = Pack::from_json(include_str!("../spec-tests/packs/sample-province.json")).unwrap();
        let engine = Engine::new(vec![sample, Pack::builtin().clone()], Calendar::builtin()).unwrap();
        let t = |s| DateTime::parse_from_rfc3339(s).unwrap();
        // The built-in pack until 2025: no visits from 20:00; the sample pack: until 21:00.
        assert!(!engine.visit_allowed(t("2024-12-31T20:30:00+08:00"), &Region::DEFAULT).unwrap());
        assert!(engine.visit_allowed(t("2025-03-03T20:30:00+08:00"), &Region::DEFAULT).unwrap());
        assert!(!engine.onsite_service_open(t("2025-03-03T08:30:00+08:00")).unwrap());
        assert!(window::visit_allowed(t("2025-03-03T08:30:00+08:00")));
        // Installations: 48 hours after booking in the sample pack, 24 in the built-in one.
        let booked = t("2025-03-03T10:00:00+08:00");
        assert_eq!(engine.earliest_install_visit(booked, &Region::DEFAULT).unwrap(), t("2025-03-05T10:00:00+08:00"));
        assert_eq!(window::earliest_install_visit(booked).unwrap(), t("2025-03-04T10:00:00+08:00"));
        let v = engine.visit(t("2025-03-04T10:00:00+08:00"), &Region::DEFAULT, Some(booked)).unwrap();
        assert_eq!(
            (v.allowed, v.next_allowed, v.pack.name.as_ref()),
            (false, t("2025-03-05T10:00:00+08:00"), "sample-province")
        );
        assert!(engine.install_visit_allowed(booked, t("2025-03-05T10:00:00+08:00"), &Region::DEFAULT).unwrap());
        // The sample pack names `west` for notifications only: its visits keep the default hours.
        assert!(engine.visit_allowed(t("2025-03-03T20:30:00+08:00"), &"west".parse().unwrap()).unwrap());
    }

    #[test]
    fn engines_are_cheap_to_share() {
        fn send_sync<T: Send + Sync + Clone>() {}
        send_sync::<Engine>();
        let a = Engine::new(vec![Pack::builtin().clone()], Calendar::builtin()).unwrap();
        let b = a.clone();
        assert!(core::ptr::eq(&*a.packs, &*b.packs) && core::ptr::eq(&*a.calendar, &*b.calendar));
        // The built-in engine is one static: every copy points at the same pack and tables.
        let (c, d) = (Engine::builtin(), Engine::builtin());
        assert!(core::ptr::eq(c.latest(), Pack::builtin()) && core::ptr::eq(c.calendar(), d.calendar()));
    }
}

//! Planned cut-over work that interrupts service (CT 第十二条, SLA.CUTOVER). The limits are the
//! pack's `cutover` block.

use alloc::format;
use chrono::{DateTime, Duration, FixedOffset};
use rust_decimal::Decimal;

use crate::explain::Trace;
use crate::money::non_negative;
use crate::pack::Pack;
use crate::time::{format_instant, from_beijing, to_beijing};
use crate::Error;

pub use crate::pack::CutoverNotice;

/// What a planned outage needs: the output of the `cutover` op.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Cutover {
    /// Longer than 24 hours or touching key customers: group headquarters and the regulator must
    /// approve first. (The provincial sign-off all such work needs is outside the computation.)
    pub requires_approval: bool,
    /// Customers must be told by then, when no approval is required: `start − 72 h`.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::time::opt_instant")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::time::Instant>"))]
    pub notify_by: Option<DateTime<FixedOffset>>,
}

/// Decides a planned outage starting at `start` lasting `outage_hours`, on the built-in pack;
/// [`Engine::cutover`](crate::engine::Engine::cutover) decides on the pack in force at `start`.
///
/// ```
/// use chrono::DateTime;
/// use guifan_core::cutover::cutover;
/// use rust_decimal::Decimal;
/// let start = DateTime::parse_from_rfc3339("2025-06-10T01:00:00+08:00").unwrap();
/// let c = cutover(start, Decimal::new(24, 0), false).unwrap();
/// assert_eq!(c.notify_by.unwrap().to_rfc3339(), "2025-06-07T01:00:00+08:00");
/// assert!(cutover(start, Decimal::new(2401, 2), false).unwrap().requires_approval);
/// ```
pub fn cutover(start: DateTime<FixedOffset>, outage_hours: Decimal, key_customers: bool) -> Result<Cutover, Error> {
    Pack::builtin().cutover.decide(start, outage_hours, key_customers)
}

impl CutoverNotice {
    /// What a planned outage starting at `start` lasting `outage_hours` needs under these limits.
    pub fn decide(
        &self,
        start: DateTime<FixedOffset>,
        outage_hours: Decimal,
        key_customers: bool,
    ) -> Result<Cutover, Error> {
        self.decide_traced(start, outage_hours, key_customers, &mut Trace::off())
    }

    pub(crate) fn decide_traced(
        &self,
        start: DateTime<FixedOffset>,
        outage_hours: Decimal,
        key_customers: bool,
        trace: &mut Trace,
    ) -> Result<Cutover, Error> {
        trace.cite_source(Self::RULE, &self.source);
        trace.cite("INTERP.BOUNDS");
        let hours = non_negative("outage_hours", outage_hours)?;
        let start = to_beijing("start", &start)?;
        let max = self.max_notice_only_hours;
        if key_customers || hours > Decimal::from(max) {
            trace.note(|| match key_customers {
                true => "touches key customers: needs approval".into(),
                false => format!("{hours} h is more than {max} h: needs approval"),
            });
            return Ok(Cutover { requires_approval: true, notify_by: None });
        }
        let notice = self.notice_hours;
        let by = start.checked_sub_signed(Duration::hours(i64::from(notice))).ok_or_else(|| {
            Error::invalid("start", format_instant(start), "the notice falls outside the years 1–9999")
        })?;
        trace.note(|| {
            format!(
                "{hours} h is at most {max} h (以内 includes {max}): notify {notice} h ahead, by {}",
                format_instant(by)
            )
        });
        Ok(Cutover { requires_approval: false, notify_by: Some(from_beijing("start", by)?) })
    }
}

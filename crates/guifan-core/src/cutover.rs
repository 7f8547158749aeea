//! Planned cut-over work that interrupts service (CT 第十二条, SLA.CUTOVER).

use chrono::{DateTime, Duration, FixedOffset};
use rust_decimal::Decimal;

use crate::money::{cny, non_negative};
use crate::time::{from_beijing, to_beijing};
use crate::Error;

/// Outages up to this many hours ("24小时以内", included) only need notice.
pub const MAX_NOTICE_ONLY_HOURS: Decimal = cny(24);
/// Notice period before such an outage ("提前72小时").
pub const NOTICE_HOURS: i64 = 72;

/// What a planned outage needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cutover {
    /// Longer than 24 hours or touching key customers: group headquarters and the regulator must
    /// approve first. (The provincial sign-off all such work needs is outside the computation.)
    pub requires_approval: bool,
    /// Customers must be told by then, when no approval is required: `start − 72 h`.
    pub notify_by: Option<DateTime<FixedOffset>>,
}

/// Decides a planned outage starting at `start` lasting `outage_hours`.
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
    let hours = non_negative("outage_hours", outage_hours)?;
    let start = to_beijing("start", &start)?;
    if key_customers || hours > MAX_NOTICE_ONLY_HOURS {
        return Ok(Cutover { requires_approval: true, notify_by: None });
    }
    let by = from_beijing("start", start - Duration::hours(NOTICE_HOURS))?;
    Ok(Cutover { requires_approval: false, notify_by: Some(by) })
}

//! Installer appointments (CU 入户服务, SLA.APPOINTMENT.PUNCTUAL).

use chrono::{DateTime, Duration, FixedOffset};

/// Allowed gap between the agreed and the actual arrival ("误差不得超过10分钟").
pub const TOLERANCE_MINUTES: i64 = 10;
/// Missed appointments (not caused by the customer) that make a breach ("不能出现两次失约").
pub const MISSES_FOR_BREACH: u32 = 2;

/// Whether an arrival is within 10 minutes of the agreed time, early or late (bound included).
///
/// ```
/// use chrono::DateTime;
/// let t = |s| DateTime::parse_from_rfc3339(s).unwrap();
/// assert!(guifan_core::appointment::on_time(t("2025-03-03T10:00:00+08:00"), t("2025-03-03T10:10:00+08:00")));
/// assert!(!guifan_core::appointment::on_time(t("2025-03-03T10:00:00+08:00"), t("2025-03-03T09:49:59+08:00")));
/// ```
pub fn on_time(agreed: DateTime<FixedOffset>, arrived: DateTime<FixedOffset>) -> bool {
    let gap = arrived.signed_duration_since(agreed);
    gap.abs() <= Duration::minutes(TOLERANCE_MINUTES)
}

/// Whether this many missed appointments for one customer, none caused by the customer, breach
/// the norm.
pub fn misses_breach(missed_not_by_customer: u32) -> bool {
    missed_not_by_customer >= MISSES_FOR_BREACH
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misses() {
        assert!(!misses_breach(1));
        assert!(misses_breach(2));
    }
}

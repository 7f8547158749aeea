//! Installer appointments (CU 入户服务, SLA.APPOINTMENT.PUNCTUAL). The limits are the pack's
//! `punctuality` block.

use alloc::format;
use chrono::{DateTime, Duration, FixedOffset};

use crate::explain::Trace;
use crate::pack::Pack;

pub use crate::pack::Punctuality;

/// Whether an arrival is within 10 minutes of the agreed time, early or late (bound included),
/// on the built-in pack; [`Engine::on_time`](crate::engine::Engine::on_time) answers on the pack
/// in force.
///
/// ```
/// use chrono::DateTime;
/// let t = |s| DateTime::parse_from_rfc3339(s).unwrap();
/// assert!(guifan_core::appointment::on_time(t("2025-03-03T10:00:00+08:00"), t("2025-03-03T10:10:00+08:00")));
/// assert!(!guifan_core::appointment::on_time(t("2025-03-03T10:00:00+08:00"), t("2025-03-03T09:49:59+08:00")));
/// ```
pub fn on_time(agreed: DateTime<FixedOffset>, arrived: DateTime<FixedOffset>) -> bool {
    Pack::builtin().punctuality.on_time(agreed, arrived)
}

/// Whether this many missed appointments for one customer, none caused by the customer, breach
/// the norm, on the built-in pack.
pub fn misses_breach(missed_not_by_customer: u32) -> bool {
    Pack::builtin().punctuality.misses_breach(missed_not_by_customer)
}

impl Punctuality {
    /// Whether an arrival is within the tolerance of the agreed time, early or late (included).
    pub fn on_time(&self, agreed: DateTime<FixedOffset>, arrived: DateTime<FixedOffset>) -> bool {
        self.on_time_traced(agreed, arrived, &mut Trace::off())
    }

    pub(crate) fn on_time_traced(
        &self,
        agreed: DateTime<FixedOffset>,
        arrived: DateTime<FixedOffset>,
        trace: &mut Trace,
    ) -> bool {
        trace.cite_source(Self::RULE, &self.source);
        trace.cite("INTERP.BOUNDS");
        let gap = arrived.signed_duration_since(agreed).abs();
        let tolerance = self.tolerance_minutes;
        let on_time = gap <= Duration::minutes(i64::from(tolerance));
        trace.note(|| {
            let sign = if on_time { "<=" } else { ">" };
            format!("{} s from the agreed time {sign} {tolerance} min (不得超过 includes it)", gap.num_seconds())
        });
        on_time
    }

    /// Whether this many missed appointments for one customer, none caused by the customer,
    /// breach the norm.
    pub fn misses_breach(&self, missed_not_by_customer: u32) -> bool {
        missed_not_by_customer >= self.misses_for_breach
    }
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

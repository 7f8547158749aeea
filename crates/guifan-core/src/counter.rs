//! Queue and counter maxima (NAT 7.1.4.1, 7.1.4.2; CU 营业厅服务标准; SLA.COUNTER). The
//! maxima are the pack's `counter` block.

use chrono::Duration;

use crate::pack::Pack;

pub use crate::pack::CounterLimits;

/// A measured counter or queue duration, each with its maximum.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CounterLimit {
    /// NAT 7.1.4.1: a single item at the counter, ≤ 15 min.
    NatSingleItem,
    /// NAT 7.1.4.2: waiting after taking a number, ≤ 15 min.
    NatWait,
    /// CU hall: waiting, ≤ 15 min.
    CuWait,
    /// CU hall: a single item, ≤ 10 min.
    CuSingleItem,
    /// CU hall: VIP waiting, ≤ 5 min.
    CuVipWait,
    /// CU hall: diamond and gold members by appointment do not wait.
    CuAppointmentWait,
}

impl CounterLimit {
    /// The maximum in the built-in pack, inclusive ("≤").
    pub fn max(self) -> Duration {
        Pack::builtin().counter.max(self)
    }

    /// Whether an observed duration keeps to the limit, in the built-in pack.
    ///
    /// ```
    /// use chrono::Duration;
    /// use guifan_core::counter::CounterLimit;
    /// assert!(CounterLimit::CuVipWait.within(Duration::minutes(5)));
    /// assert!(!CounterLimit::CuVipWait.within(Duration::seconds(301)));
    /// ```
    pub fn within(self, observed: Duration) -> bool {
        Pack::builtin().counter.within(self, observed)
    }
}

impl CounterLimits {
    /// The maximum of a limit, inclusive ("≤").
    pub fn max(&self, limit: CounterLimit) -> Duration {
        Duration::minutes(i64::from(match limit {
            CounterLimit::NatSingleItem => self.nat_single_item,
            CounterLimit::NatWait => self.nat_wait,
            CounterLimit::CuWait => self.cu_wait,
            CounterLimit::CuSingleItem => self.cu_single_item,
            CounterLimit::CuVipWait => self.cu_vip_wait,
            CounterLimit::CuAppointmentWait => self.cu_appointment_wait,
        }))
    }

    /// Whether an observed duration keeps to a limit.
    pub fn within(&self, limit: CounterLimit, observed: Duration) -> bool {
        observed <= self.max(limit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_sides_of_every_limit() {
        for limit in [
            CounterLimit::NatSingleItem,
            CounterLimit::NatWait,
            CounterLimit::CuWait,
            CounterLimit::CuSingleItem,
            CounterLimit::CuVipWait,
            CounterLimit::CuAppointmentWait,
        ] {
            assert!(limit.within(limit.max()), "{limit:?}");
            assert!(!limit.within(limit.max() + Duration::seconds(1)), "{limit:?}");
        }
        assert_eq!(CounterLimit::NatWait.max(), Duration::minutes(15));
        assert_eq!(CounterLimit::CuSingleItem.max(), Duration::minutes(10));
    }
}

//! Queue and counter maxima (NAT 7.1.4.1, 7.1.4.2; CU 营业厅服务标准; SLA.COUNTER).

use chrono::Duration;

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
    /// The maximum, inclusive ("≤").
    pub fn max(self) -> Duration {
        Duration::minutes(match self {
            CounterLimit::NatSingleItem | CounterLimit::NatWait | CounterLimit::CuWait => 15,
            CounterLimit::CuSingleItem => 10,
            CounterLimit::CuVipWait => 5,
            CounterLimit::CuAppointmentWait => 0,
        })
    }

    /// Whether an observed duration keeps to the limit.
    ///
    /// ```
    /// use chrono::Duration;
    /// use guifan_core::counter::CounterLimit;
    /// assert!(CounterLimit::CuVipWait.within(Duration::minutes(5)));
    /// assert!(!CounterLimit::CuVipWait.within(Duration::seconds(301)));
    /// ```
    pub fn within(self, observed: Duration) -> bool {
        observed <= self.max()
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

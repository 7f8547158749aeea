//! Diamond members' service benefits (GZ 持卡会员客户服务内容 (一), BENEFIT.DIAMOND). The limits
//! are the pack's `benefits.diamond` block.
//!
//! The per-occasion limit of emergency reopening is cut off in the source ("每次时间最长…"), so
//! none is stated here.

use chrono::{DateTime, FixedOffset};
use rust_decimal::Decimal;

use crate::pack::Pack;

pub use crate::pack::DiamondBenefits;

impl DiamondBenefits {
    /// Whether a credit uplift of `amount` is within the cap (included).
    pub fn credit_uplift_allowed(&self, amount: Decimal) -> bool {
        amount <= self.credit_uplift_cap
    }

    /// Whether a payment or business of `amount` is handled on site (from the limit, included).
    pub fn onsite_payment(&self, amount: Decimal) -> bool {
        amount >= self.onsite_payment_from
    }

    /// Whether a prepaid balance gets a small-balance call or SMS (up to the limit, included).
    pub fn small_balance_care(&self, balance: Decimal) -> bool {
        balance <= self.small_balance_max
    }

    /// Whether another emergency reopening is due after `used` this natural month.
    pub fn reopening_available(&self, used: u32) -> bool {
        used < self.reopenings_per_month
    }
}

/// Whether a credit uplift of `amount` is within the cap, on the built-in pack.
pub fn credit_uplift_allowed(amount: Decimal) -> bool {
    Pack::builtin().benefits.diamond.credit_uplift_allowed(amount)
}

/// Whether a payment or business of `amount` is handled on site, on the built-in pack.
pub fn onsite_payment(amount: Decimal) -> bool {
    Pack::builtin().benefits.diamond.onsite_payment(amount)
}

/// Whether a prepaid balance gets a small-balance call or SMS, on the built-in pack.
pub fn small_balance_care(balance: Decimal) -> bool {
    Pack::builtin().benefits.diamond.small_balance_care(balance)
}

/// Whether another emergency reopening is due after `used` this natural month, on the built-in
/// pack.
pub fn reopening_available(used: u32) -> bool {
    Pack::builtin().benefits.diamond.reopening_available(used)
}

/// On-site service "7×12": 08:00–20:00 every day, holidays included, on the built-in pack;
/// [`Engine::onsite_service_open`](crate::engine::Engine::onsite_service_open) answers on the pack
/// in force.
pub fn onsite_service_open(at: DateTime<FixedOffset>) -> bool {
    crate::window::visit_allowed(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_sides_of_every_bound() {
        let (cents, cny) = (Decimal::new(1, 2), Decimal::from);
        assert!(credit_uplift_allowed(cny(200)) && !credit_uplift_allowed(cny(200) + cents));
        assert!(onsite_payment(cny(200)) && !onsite_payment(cny(200) - cents));
        assert!(small_balance_care(cny(20)) && !small_balance_care(cny(20) + cents));
        assert!(reopening_available(2) && !reopening_available(3));
        let t = |s| DateTime::parse_from_rfc3339(s).unwrap();
        // A national holiday changes nothing: 7×12.
        assert!(onsite_service_open(t("2025-10-01T08:00:00+08:00")));
        assert!(!onsite_service_open(t("2025-10-01T20:00:00+08:00")));
    }

    #[test]
    fn another_packs_limits() {
        let mut diamond = Pack::builtin().benefits.diamond.clone();
        diamond.credit_uplift_cap = Decimal::from(300);
        diamond.reopenings_per_month = 1;
        assert!(
            diamond.credit_uplift_allowed(Decimal::from(300)) && !diamond.credit_uplift_allowed(Decimal::new(30001, 2))
        );
        assert!(diamond.reopening_available(0) && !diamond.reopening_available(1));
    }
}

//! Diamond members' service benefits (GZ 持卡会员客户服务内容 (一), BENEFIT.DIAMOND).
//!
//! The per-occasion limit of emergency reopening is cut off in the source ("每次时间最长…"), so
//! none is stated here.

use chrono::{DateTime, FixedOffset};
use rust_decimal::Decimal;

use crate::money::cny;

/// Credit uplift is capped at 200 CNY ("信用度控制在200元内", included).
pub const CREDIT_UPLIFT_CAP: Decimal = cny(200);
/// On-site payment and business handling from 200 CNY ("200元以上", included).
pub const ONSITE_PAYMENT_FROM: Decimal = cny(200);
/// Small-balance care for prepaid balances of 20 CNY or less ("20元以内").
pub const SMALL_BALANCE_MAX: Decimal = cny(20);
/// Emergency reopenings and delayed suspensions in a natural month.
pub const REOPENINGS_PER_MONTH: u32 = 3;

/// Whether a credit uplift of `amount` is within the cap.
pub fn credit_uplift_allowed(amount: Decimal) -> bool {
    amount <= CREDIT_UPLIFT_CAP
}

/// Whether a payment or business of `amount` is handled on site.
pub fn onsite_payment(amount: Decimal) -> bool {
    amount >= ONSITE_PAYMENT_FROM
}

/// Whether a prepaid balance gets a small-balance call or SMS.
pub fn small_balance_care(balance: Decimal) -> bool {
    balance <= SMALL_BALANCE_MAX
}

/// Whether another emergency reopening is due after `used` this natural month.
pub fn reopening_available(used: u32) -> bool {
    used < REOPENINGS_PER_MONTH
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
        let cents = Decimal::new(1, 2);
        assert!(credit_uplift_allowed(cny(200)) && !credit_uplift_allowed(cny(200) + cents));
        assert!(onsite_payment(cny(200)) && !onsite_payment(cny(200) - cents));
        assert!(small_balance_care(cny(20)) && !small_balance_care(cny(20) + cents));
        assert!(reopening_available(2) && !reopening_available(3));
        let t = |s| DateTime::parse_from_rfc3339(s).unwrap();
        // A national holiday changes nothing: 7×12.
        assert!(onsite_service_open(t("2025-10-01T08:00:00+08:00")));
        assert!(!onsite_service_open(t("2025-10-01T20:00:00+08:00")));
    }
}

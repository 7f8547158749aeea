//! The limits of the rules that are one block each: arrears before cancellation, cut-over notice,
//! counter and queue maxima, installer punctuality, dunning by voice and the diamond benefits.
//! Each block parameterises one rule of RULES.md, named by its `RULE`.

use rust_decimal::Decimal;

use super::list;
use crate::rules::Source;

/// Arrears that cancel a membership (STATUS.CANCEL.ARREARS).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arrears {
    /// Where it comes from.
    pub source: Source,
    /// Unbroken, reminded arrears lasting more than this many months cancel ("超过 3 个月").
    pub months: u32,
}

block!(Arrears, "STATUS.CANCEL.ARREARS", |b| list([("months", &b.months)]));

/// Planned cut-over work that interrupts service (SLA.CUTOVER).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CutoverNotice {
    /// Where it comes from.
    pub source: Source,
    /// Outages up to this many hours ("24小时以内", included) only need notice; longer ones
    /// need approval.
    pub max_notice_only_hours: u32,
    /// How long before such an outage customers are told ("提前72小时").
    pub notice_hours: u32,
}

block!(CutoverNotice, "SLA.CUTOVER", |b| list([
    ("max_notice_only_hours", &b.max_notice_only_hours),
    ("notice_hours", &b.notice_hours)
]));

/// Queue and counter maxima in minutes, each included ("≤") (SLA.COUNTER).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CounterLimits {
    /// Where they come from.
    pub source: Source,
    /// NAT 7.1.4.1: a single item at the counter.
    pub nat_single_item: u32,
    /// NAT 7.1.4.2: waiting after taking a number.
    pub nat_wait: u32,
    /// CU hall: waiting.
    pub cu_wait: u32,
    /// CU hall: a single item.
    pub cu_single_item: u32,
    /// CU hall: VIP waiting.
    pub cu_vip_wait: u32,
    /// CU hall: diamond and gold members by appointment (no wait: 0).
    pub cu_appointment_wait: u32,
}

block!(CounterLimits, "SLA.COUNTER", |b| list([
    ("nat_single_item", &b.nat_single_item),
    ("nat_wait", &b.nat_wait),
    ("cu_wait", &b.cu_wait),
    ("cu_single_item", &b.cu_single_item),
    ("cu_vip_wait", &b.cu_vip_wait),
    ("cu_appointment_wait", &b.cu_appointment_wait)
]));

/// Installer appointments (SLA.APPOINTMENT.PUNCTUAL).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Punctuality {
    /// Where it comes from.
    pub source: Source,
    /// Allowed gap between the agreed and the actual arrival, early or late, included
    /// ("误差不得超过10分钟").
    pub tolerance_minutes: u32,
    /// Missed appointments, none caused by the customer, that make a breach ("不能出现两次失约").
    pub misses_for_breach: u32,
}

block!(Punctuality, "SLA.APPOINTMENT.PUNCTUAL", |b| list([
    ("tolerance_minutes", &b.tolerance_minutes),
    ("misses_for_breach", &b.misses_for_breach)
]));

/// How arrears may be chased (DUNNING.CHANNEL).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dunning {
    /// Where it comes from.
    pub source: Source,
    /// Recorded voice calls are allowed from this arrears on ("两次以上(包括两次)"); the ones
    /// before are chased by letter or by a person.
    pub voice_from_arrears: u32,
}

block!(Dunning, "DUNNING.CHANNEL", |b| list([("voice_from_arrears", &b.voice_from_arrears)]));

/// Diamond members' service benefits (BENEFIT.DIAMOND).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiamondBenefits {
    /// Where they come from.
    pub source: Source,
    /// Credit uplift is capped at this many CNY, included ("信用度控制在200元内").
    pub credit_uplift_cap: Decimal,
    /// Payments and business from this many CNY are handled on site ("200元以上", included).
    pub onsite_payment_from: Decimal,
    /// Prepaid balances of this many CNY or less get small-balance care ("20元以内").
    pub small_balance_max: Decimal,
    /// Emergency reopenings and delayed suspensions in a natural month.
    pub reopenings_per_month: u32,
}

block!(DiamondBenefits, "BENEFIT.DIAMOND", |b| list([
    ("credit_uplift_cap", &b.credit_uplift_cap),
    ("onsite_payment_from", &b.onsite_payment_from),
    ("small_balance_max", &b.small_balance_max),
    ("reopenings_per_month", &b.reopenings_per_month)
]));

/// Member benefits per tier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Benefits {
    /// Diamond members (GZ 持卡会员客户服务内容 (一)).
    pub diamond: DiamondBenefits,
}

//! Membership tiers (GZ 第三章): by brand on annual spend, by revenue, by rank, by package, and
//! the yearly review with approved overrides.

use alloc::format;
use alloc::string::ToString;
use chrono::{Datelike, NaiveDate};
use core::fmt;
use core::str::FromStr;
use rust_decimal::Decimal;

use crate::explain::{Explained, Trace};
use crate::money::{cny, non_negative};
use crate::Error;

/// Club tiers, lowest to highest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(rename_all = "snake_case"))]
pub enum Tier {
    /// Not a card-holding member.
    None,
    /// 银卡.
    Silver,
    /// 金卡.
    Gold,
    /// 钻石卡.
    Diamond,
}

/// Parses a text key into one of a fixed set of values, naming the accepted ones on failure.
pub(crate) fn parse_key<T: Copy>(field: &str, text: &str, table: &[(&'static str, T)]) -> Result<T, Error> {
    table.iter().find(|(k, _)| *k == text).map(|(_, v)| *v).ok_or_else(|| {
        let accepted: alloc::vec::Vec<&str> = table.iter().map(|(k, _)| *k).collect();
        Error::invalid(field, text, format!("accepted: {}", accepted.join(", ")))
    })
}

/// Implements `as_str`, `Display` and `FromStr` from one key table.
macro_rules! keyed {
    ($ty:ty, $field:literal, $table:ident = [$(($key:literal, $val:expr)),+ $(,)?]) => {
        const $table: &[(&str, $ty)] = &[$(($key, $val)),+];
        impl $ty {
            /// The stable key of the `evaluate` contract.
            pub fn as_str(self) -> &'static str {
                $table.iter().find(|(_, v)| *v == self).map(|(k, _)| *k).unwrap_or_default()
            }
        }
        impl core::fmt::Display for $ty {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl core::str::FromStr for $ty {
            type Err = $crate::Error;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                $crate::tier::parse_key($field, text, $table)
            }
        }
    };
}
pub(crate) use keyed;

keyed!(
    Tier,
    "tier",
    TIERS = [("none", Tier::None), ("silver", Tier::Silver), ("gold", Tier::Gold), ("diamond", Tier::Diamond)]
);

/// Personal brands with a tier table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Brand {
    /// 我的e家.
    EHome,
    /// 天翼.
    Tianyi,
    /// 其他客户.
    Other,
}

const BRANDS: &[(&str, Brand)] = &[("e_home", Brand::EHome), ("tianyi", Brand::Tianyi), ("other", Brand::Other)];

impl Brand {
    /// The stable key (`e_home`, `tianyi`, `other`).
    pub fn as_str(self) -> &'static str {
        BRANDS.iter().find(|(_, b)| *b == self).map(|(k, _)| *k).unwrap_or_default()
    }

    /// The brand's tier table.
    pub fn table(self) -> &'static TierTable {
        match self {
            Brand::EHome => &EHOME,
            Brand::Tianyi => &TIANYI,
            Brand::Other => &OTHER,
        }
    }
}

impl fmt::Display for Brand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Brand {
    type Err = Error;
    /// Unknown brands are their own error kind (`unknown_brand`).
    fn from_str(text: &str) -> Result<Self, Error> {
        parse_key("brand", text, BRANDS).map_err(|_| Error::UnknownBrand {
            field: "customer.brand".into(),
            brand: text.into(),
            accepted: "e_home, tianyi, other".into(),
        })
    }
}

/// Rank of a party, government or military key customer (或同等级别 maps the same).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Rank {
    /// 厅局级.
    Bureau,
    /// 处级.
    Division,
    /// 科级.
    Section,
    /// Any other rank.
    None,
}

keyed!(
    Rank,
    "customer.rank",
    RANKS = [("bureau", Rank::Bureau), ("division", Rank::Division), ("section", Rank::Section), ("none", Rank::None)]
);

/// Lower bounds of silver, gold and diamond; each bound is inclusive (以上, INTERP.BOUNDS).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TierTable {
    /// Rule id of the table.
    pub rule: &'static str,
    /// Lowest amount for silver.
    pub silver: Decimal,
    /// Lowest amount for gold.
    pub gold: Decimal,
    /// Lowest amount for diamond.
    pub diamond: Decimal,
}

/// 我的e家 (GZ 第三章 (二)(1)).
pub const EHOME: TierTable =
    TierTable { rule: "TIER.PERSONAL.EHOME", silver: cny(1080), gold: cny(2160), diamond: cny(3360) };
/// 天翼 (GZ 第三章 (二)(2)).
pub const TIANYI: TierTable =
    TierTable { rule: "TIER.PERSONAL.TIANYI", silver: cny(1032), gold: cny(2160), diamond: cny(3360) };
/// 其他客户 (GZ 第三章 (二)(3)).
pub const OTHER: TierTable =
    TierTable { rule: "TIER.PERSONAL.OTHER", silver: cny(1200), gold: cny(2400), diamond: cny(3600) };
/// Enterprise revenue, 30万 / 10万 / 5万 (GZ 第三章 (一)(2)).
pub const ENTERPRISE: TierTable =
    TierTable { rule: "TIER.ENTERPRISE.REVENUE", silver: cny(50_000), gold: cny(100_000), diamond: cny(300_000) };
/// Minimum monthly package fee of a provisional member, "不低于每月80元" (TIER.PROVISIONAL).
pub const PROVISIONAL_MONTHLY_FEE: Decimal = cny(80);

impl TierTable {
    /// The tier an amount reaches.
    pub fn rate(&self, amount: Decimal) -> Tier {
        if amount >= self.diamond {
            Tier::Diamond
        } else if amount >= self.gold {
            Tier::Gold
        } else if amount >= self.silver {
            Tier::Silver
        } else {
            Tier::None
        }
    }
}

/// Who is being rated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Customer {
    /// Registered with a personal ID (TIER.PERSONAL).
    Personal {
        /// The brand whose table applies.
        brand: Brand,
        /// Spend over the last year, CNY.
        annual_spend: Decimal,
    },
    /// Finance, large-enterprise and high-end cluster units (TIER.ENTERPRISE.REVENUE).
    Enterprise {
        /// Revenue contributed in the year, CNY.
        annual_revenue: Decimal,
    },
    /// Party, government and military key customers (TIER.ENTERPRISE.GOV).
    Government {
        /// The person's rank.
        rank: Rank,
    },
}

/// A personal customer's package (TIER.PACKAGE, TIER.PROVISIONAL).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Package {
    /// Monthly fee, CNY.
    pub monthly_fee: Decimal,
    /// When it was subscribed; needed when a `rating_year` is given.
    pub subscribed_on: Option<NaiveDate>,
}

/// Everything the tier rules look at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TierInput {
    /// The customer.
    pub customer: Customer,
    /// The package, for personal customers.
    pub package: Option<Package>,
    /// The rated year Y: a package counts if subscribed on or before 30 June of Y.
    pub rating_year: Option<i32>,
}

impl From<Customer> for TierInput {
    fn from(customer: Customer) -> Self {
        TierInput { customer, package: None, rating_year: None }
    }
}

/// What decided a tier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(rename_all = "snake_case"))]
pub enum Basis {
    /// Annual spend on the brand table.
    Spend,
    /// 12 × the monthly package fee on the brand table.
    Package,
    /// Enterprise revenue.
    Revenue,
    /// Government rank.
    Rank,
}

keyed!(
    Basis,
    "basis",
    BASES = [("spend", Basis::Spend), ("package", Basis::Package), ("revenue", Basis::Revenue), ("rank", Basis::Rank)]
);

/// A rated tier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct TierResult {
    /// The tier.
    pub tier: Tier,
    /// What decided it; `None` when the tier is none.
    pub basis: Option<Basis>,
    /// The table's rule id.
    pub rule: &'static str,
    /// TIER.PROVISIONAL: a provisional (non-card) member; only when the tier is none.
    pub provisional_member: bool,
}

/// Rates a customer.
///
/// ```
/// use guifan_core::tier::{tier, Brand, Customer, Tier};
/// use rust_decimal::Decimal;
/// let rated = tier(&Customer::Personal { brand: Brand::EHome, annual_spend: Decimal::new(3360, 0) }.into()).unwrap();
/// assert_eq!(rated.tier, Tier::Diamond);
/// let below = tier(&Customer::Personal { brand: Brand::EHome, annual_spend: Decimal::new(335999, 2) }.into()).unwrap();
/// assert_eq!(below.tier, Tier::Gold);
/// ```
pub fn tier(input: &TierInput) -> Result<TierResult, Error> {
    rate(input, &mut Trace::off())
}

/// [`tier`] with the rules and steps behind the answer.
pub fn explain(input: &TierInput) -> Result<Explained<TierResult>, Error> {
    let mut trace = Trace::on();
    let result = rate(input, &mut trace)?;
    Ok(Explained { result, explanation: trace.finish() })
}

fn bound_note(table: &TierTable, amount: Decimal, what: &str, tier: Tier) -> alloc::string::String {
    format!(
        "{what} {amount} on {} (silver >= {}, gold >= {}, diamond >= {}; bounds inclusive, INTERP.BOUNDS) gives {tier}",
        table.rule, table.silver, table.gold, table.diamond
    )
}

pub(crate) fn rate(input: &TierInput, trace: &mut Trace) -> Result<TierResult, Error> {
    if input.package.is_some() && !matches!(input.customer, Customer::Personal { .. }) {
        return Err(Error::invalid("package", "given", "a package basis applies to personal customers only"));
    }
    let mut on_table = |table: &'static TierTable, field: &str, amount: Decimal, basis: Basis| {
        let amount = non_negative(field, amount)?;
        let tier = table.rate(amount);
        trace.cite(table.rule);
        trace.note(|| bound_note(table, amount, field, tier));
        Ok::<_, Error>((tier, basis, table))
    };
    let (mut tier, mut basis, table) = match &input.customer {
        Customer::Personal { brand, annual_spend } => {
            on_table(brand.table(), "customer.annual_spend", *annual_spend, Basis::Spend)?
        }
        Customer::Enterprise { annual_revenue } => {
            on_table(&ENTERPRISE, "customer.annual_revenue", *annual_revenue, Basis::Revenue)?
        }
        Customer::Government { rank } => {
            let tier = match rank {
                Rank::Bureau => Tier::Diamond,
                Rank::Division => Tier::Gold,
                Rank::Section => Tier::Silver,
                Rank::None => Tier::None,
            };
            trace.cite("TIER.ENTERPRISE.GOV");
            trace.note(|| format!("rank {rank} (or an equivalent rank) gives {tier}"));
            let basis = (tier != Tier::None).then_some(Basis::Rank);
            return Ok(TierResult { tier, basis, rule: "TIER.ENTERPRISE.GOV", provisional_member: false });
        }
    };
    let rule = table.rule;
    let mut provisional = false;
    if let Some(package) = &input.package {
        let fee = non_negative("package.monthly_fee", package.monthly_fee)?;
        let counts = match (input.rating_year, package.subscribed_on) {
            (None, _) => true,
            (Some(year), Some(on)) => {
                let june_30 = NaiveDate::from_ymd_opt(year, 6, 30)
                    .ok_or_else(|| Error::invalid("rating_year", format!("{year}"), "not a calendar year"))?;
                on <= june_30
            }
            (Some(_), None) => {
                return Err(Error::invalid("package.subscribed_on", "missing", "needed when rating_year is given"))
            }
        };
        let yearly = fee
            .checked_mul(Decimal::from(12))
            .ok_or_else(|| Error::invalid("package.monthly_fee", fee.to_string(), "too large"))?;
        trace.cite("TIER.PACKAGE");
        if counts {
            let by_package = table.rate(yearly);
            trace.note(|| bound_note(table, yearly, "package basis 12 x package.monthly_fee", by_package));
            if by_package > tier {
                tier = by_package;
                basis = Basis::Package;
            }
        } else {
            trace.note(|| {
                format!(
                    "package subscribed after 30 June of {} does not count for the year",
                    input.rating_year.unwrap_or_default()
                )
            });
        }
        let this_year = match (input.rating_year, package.subscribed_on) {
            (Some(year), Some(on)) => on.year() <= year,
            _ => true,
        };
        provisional = tier == Tier::None && this_year && fee >= PROVISIONAL_MONTHLY_FEE;
        if tier == Tier::None {
            trace.cite("TIER.PROVISIONAL");
            trace.note(|| {
                format!(
                    "no card; monthly package {fee} {} 80 CNY (不低于每月80元): {}",
                    if fee >= PROVISIONAL_MONTHLY_FEE { ">=" } else { "<" },
                    if provisional { "provisional member" } else { "not a provisional member" }
                )
            });
        }
    }
    Ok(TierResult { tier, basis: (tier != Tier::None).then_some(basis), rule, provisional_member: provisional })
}

/// How a yearly review moved a member.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(rename_all = "snake_case"))]
pub enum Change {
    /// To a higher tier.
    Upgrade,
    /// To a lower tier that is not none.
    Downgrade,
    /// Same tier.
    Unchanged,
    /// From none to a tier.
    Joined,
    /// From a tier to none.
    Left,
}

keyed!(
    Change,
    "change",
    CHANGES = [
        ("upgrade", Change::Upgrade),
        ("downgrade", Change::Downgrade),
        ("unchanged", Change::Unchanged),
        ("joined", Change::Joined),
        ("left", Change::Left)
    ]
);

/// An approved manual override after a downgrade (TIER.OVERRIDE).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Override {
    /// The tier to keep.
    pub tier: Tier,
    /// The provincial marketing department's approval reference.
    pub approval_ref: alloc::string::String,
}

/// The outcome of a yearly review.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Review {
    /// The tier after any override.
    pub tier: Tier,
    /// Evaluated tier against the previous one (kept as evaluated even when overridden).
    pub change: Change,
    /// Whether an override set the tier.
    pub overridden: bool,
    /// The tier the rules gave.
    pub evaluated: TierResult,
}

/// The yearly review (TIER.REVIEW) with an optional approved override (TIER.OVERRIDE).
///
/// ```
/// use guifan_core::tier::{review, Brand, Change, Customer, Override, Tier};
/// use rust_decimal::Decimal;
/// let current = Customer::Personal { brand: Brand::Tianyi, annual_spend: Decimal::new(1500, 0) }.into();
/// let kept = Override { tier: Tier::Gold, approval_ref: "GZ-MKT-2025-17".into() };
/// let r = review(Tier::Diamond, &current, Some(&kept)).unwrap();
/// assert_eq!((r.tier, r.change, r.overridden), (Tier::Gold, Change::Downgrade, true));
/// ```
pub fn review(previous: Tier, current: &TierInput, approved: Option<&Override>) -> Result<Review, Error> {
    review_traced(previous, current, approved, &mut Trace::off())
}

/// [`review`] with the rules and steps behind the answer.
pub fn explain_review(
    previous: Tier,
    current: &TierInput,
    approved: Option<&Override>,
) -> Result<Explained<Review>, Error> {
    let mut trace = Trace::on();
    let result = review_traced(previous, current, approved, &mut trace)?;
    Ok(Explained { result, explanation: trace.finish() })
}

pub(crate) fn review_traced(
    previous: Tier,
    current: &TierInput,
    approved: Option<&Override>,
    trace: &mut Trace,
) -> Result<Review, Error> {
    trace.cite("TIER.REVIEW");
    let evaluated = rate(current, trace)?;
    let now = evaluated.tier;
    let change = match (previous, now) {
        (p, n) if p == n => Change::Unchanged,
        (Tier::None, _) => Change::Joined,
        (_, Tier::None) => Change::Left,
        (p, n) if n > p => Change::Upgrade,
        _ => Change::Downgrade,
    };
    trace.note(|| format!("previous {previous}, evaluated {now}: {change}"));
    let Some(o) = approved else {
        return Ok(Review { tier: now, change, overridden: false, evaluated });
    };
    trace.cite("TIER.OVERRIDE");
    if o.approval_ref.trim().is_empty() {
        return Err(Error::OverrideNeedsApproval);
    }
    if !matches!(change, Change::Downgrade | Change::Left) {
        return Err(Error::OverrideWithoutDowngrade { change: change.as_str() });
    }
    if o.tier <= now {
        return Err(Error::OverrideNotHigher { tier: o.tier.as_str(), evaluated: now.as_str() });
    }
    if o.tier > previous {
        return Err(Error::OverrideAbovePrevious { tier: o.tier.as_str(), previous: previous.as_str() });
    }
    trace.note(|| format!("override to {} approved as {:?}", o.tier, o.approval_ref));
    Ok(Review { tier: o.tier, change, overridden: true, evaluated })
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    fn spend(brand: Brand, amount: &str) -> Tier {
        let annual_spend = amount.parse().unwrap();
        tier(&Customer::Personal { brand, annual_spend }.into()).unwrap().tier
    }

    #[test]
    fn every_personal_bound_from_both_sides() {
        for table in [(Brand::EHome, &EHOME), (Brand::Tianyi, &TIANYI), (Brand::Other, &OTHER)] {
            let (brand, t) = table;
            for (bound, at) in [(t.silver, Tier::Silver), (t.gold, Tier::Gold), (t.diamond, Tier::Diamond)] {
                let below = (bound - Decimal::new(1, 2)).to_string();
                assert_eq!(spend(brand, &bound.to_string()), at, "{brand} {bound}");
                assert!(spend(brand, &below) < at, "{brand} {below}");
            }
        }
        assert_eq!(spend(Brand::EHome, "0"), Tier::None);
    }

    #[test]
    fn enterprise_and_government() {
        let rev = |r: i64| tier(&Customer::Enterprise { annual_revenue: Decimal::from(r) }.into()).unwrap().tier;
        assert_eq!(
            (rev(49_999), rev(50_000), rev(99_999), rev(100_000)),
            (Tier::None, Tier::Silver, Tier::Silver, Tier::Gold)
        );
        assert_eq!((rev(299_999), rev(300_000)), (Tier::Gold, Tier::Diamond));
        let gov = |rank| tier(&Customer::Government { rank }.into()).unwrap();
        assert_eq!(gov(Rank::Bureau).tier, Tier::Diamond);
        assert_eq!(gov(Rank::None).basis, None);
        assert_eq!(gov(Rank::Section).basis, Some(Basis::Rank));
    }

    #[test]
    fn package_basis_and_provisional() {
        let input = |fee: &str, on: Option<(i32, u32, u32)>, year: Option<i32>| TierInput {
            customer: Customer::Personal { brand: Brand::EHome, annual_spend: Decimal::from(500) },
            package: Some(Package {
                monthly_fee: fee.parse().unwrap(),
                subscribed_on: on.map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap()),
            }),
            rating_year: year,
        };
        let r = tier(&input("280", Some((2025, 6, 30)), Some(2025))).unwrap();
        assert_eq!((r.tier, r.basis), (Tier::Diamond, Some(Basis::Package)));
        let late = tier(&input("280", Some((2025, 7, 1)), Some(2025))).unwrap();
        assert_eq!((late.tier, late.provisional_member), (Tier::None, true));
        assert!(tier(&input("80", None, None)).unwrap().provisional_member);
        assert!(!tier(&input("79.99", None, None)).unwrap().provisional_member);
        assert_eq!(tier(&input("90", None, None)).unwrap().tier, Tier::Silver);
        assert_eq!(tier(&input("80", None, Some(2025))).unwrap_err().kind(), "invalid_input");
    }

    #[test]
    fn override_checks_in_order() {
        let current: TierInput = Customer::Personal { brand: Brand::Other, annual_spend: Decimal::from(1300) }.into();
        let o = |tier, r: &str| Override { tier, approval_ref: r.into() };
        let kind = |prev, ov: Override| review(prev, &current, Some(&ov)).unwrap_err().kind();
        assert_eq!(kind(Tier::Silver, o(Tier::Gold, " ")), "override_needs_approval");
        assert_eq!(kind(Tier::Silver, o(Tier::Gold, "A1")), "override_without_downgrade");
        assert_eq!(kind(Tier::Gold, o(Tier::Silver, "A1")), "override_not_higher");
        assert_eq!(kind(Tier::Gold, o(Tier::Diamond, "A1")), "override_above_previous");
        assert!(review(Tier::Gold, &current, Some(&o(Tier::Gold, "A1"))).unwrap().overridden);
        let left: TierInput = Customer::Personal { brand: Brand::Other, annual_spend: Decimal::ZERO }.into();
        let r = review(Tier::Silver, &left, Some(&o(Tier::Silver, "A1"))).unwrap();
        assert_eq!((r.change, r.tier), (Change::Left, Tier::Silver));
    }

    #[test]
    fn negative_money_is_refused() {
        let e = tier(&Customer::Enterprise { annual_revenue: Decimal::from(-1) }.into()).unwrap_err();
        assert_eq!((e.kind(), e.field()), ("negative_amount", Some("customer.annual_revenue")));
    }
}

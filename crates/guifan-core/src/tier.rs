//! Membership tiers (GZ 第三章): by brand on annual spend, by revenue, by rank, by package, and
//! the yearly review with approved overrides. The tables themselves are data of the rule pack.

use alloc::format;
use alloc::string::{String, ToString};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::explain::{explained, Explained, Trace};
use crate::money::non_negative;
use crate::pack::{Pack, PackRef};
use crate::rules::Text;
use crate::Error;

pub use crate::pack::{
    Band, Bound, Brand, BrandTable, PackageBasis, Provisional, Rank, RankTable, Tier, TierTable, Tiers,
};

/// Who is being rated.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(try_from = "CustomerFields")]
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

/// The kind of customer a `tier` input rates: the `kind` of its `customer`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CustomerKind {
    /// Registered with a personal ID, rated by brand (the default).
    #[default]
    Personal,
    /// Finance, large-enterprise and high-end cluster units, rated by revenue.
    Enterprise,
    /// Party, government and military key customers, rated by rank.
    Government,
}

crate::key::keyed!(
    CustomerKind,
    "kind",
    CUSTOMER_KINDS = [
        ("personal", CustomerKind::Personal),
        ("enterprise", CustomerKind::Enterprise),
        ("government", CustomerKind::Government)
    ]
);

/// A customer as the contract writes one: `kind` (default `personal`) and the fields of that
/// kind, in any order.
#[derive(serde::Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
struct CustomerFields {
    #[serde(default, deserialize_with = "crate::de::or_default")]
    kind: CustomerKind,
    #[serde(default)]
    brand: Option<Brand>,
    #[serde(default)]
    annual_spend: Option<crate::money::Money>,
    #[serde(default)]
    annual_revenue: Option<crate::money::Money>,
    #[serde(default)]
    rank: Option<Rank>,
}

crate::de::objects_only!(CustomerFields);

impl TryFrom<CustomerFields> for Customer {
    type Error = crate::de::Carried;

    fn try_from(c: CustomerFields) -> Result<Self, Self::Error> {
        c.read().map_err(crate::de::Carried)
    }
}

impl CustomerFields {
    /// The customer these fields describe, or what rules it out.
    fn read(self) -> Result<Customer, Error> {
        let c = self;
        let required = |field: &str, what: &str| Error::invalid(field, "missing", format!("required: {what}"));
        let amount = "an amount such as \"3359.99\"";
        let given = [
            ("brand", c.brand.is_some()),
            ("annual_spend", c.annual_spend.is_some()),
            ("annual_revenue", c.annual_revenue.is_some()),
            ("rank", c.rank.is_some()),
        ];
        let (customer, fields) = match c.kind {
            CustomerKind::Personal => {
                let brand = c.brand.ok_or_else(|| required("brand", "a name"))?;
                let annual_spend = c.annual_spend.ok_or_else(|| required("annual_spend", amount))?.0;
                (Customer::Personal { brand, annual_spend }, ["kind", "brand", "annual_spend"].as_slice())
            }
            CustomerKind::Enterprise => {
                let annual_revenue = c.annual_revenue.ok_or_else(|| required("annual_revenue", amount))?.0;
                (Customer::Enterprise { annual_revenue }, ["kind", "annual_revenue"].as_slice())
            }
            CustomerKind::Government => {
                let rank = c.rank.ok_or_else(|| required("rank", "a name"))?;
                (Customer::Government { rank }, ["kind", "rank"].as_slice())
            }
        };
        match given.iter().find(|(name, given)| *given && !fields.contains(name)) {
            Some((name, _)) => Err(crate::de::unknown_field(name, fields)),
            None => Ok(customer),
        }
    }
}

/// A personal customer's package (TIER.PACKAGE, TIER.PROVISIONAL).
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct Package {
    /// Monthly fee, CNY.
    #[serde(with = "crate::money::exact")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::Money"))]
    pub monthly_fee: Decimal,
    /// When it was subscribed; needed when a `rating_year` is given.
    #[serde(default, with = "crate::time::opt_date")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::time::IsoDate>"))]
    pub subscribed_on: Option<NaiveDate>,
}

/// Everything the tier rules look at: the input of the `tier` op.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct TierInput {
    /// The customer.
    pub customer: Customer,
    /// The package, for personal customers.
    #[serde(default)]
    pub package: Option<Package>,
    /// The rated year Y: a package counts if subscribed on or before 30 June of Y.
    #[serde(default, deserialize_with = "rating_year")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<u16>", range(min = 1, max = 9999)))]
    pub rating_year: Option<i32>,
    /// The day the rating is for: an [`Engine`](crate::engine::Engine) rates on the rule pack in
    /// force then (without one, on its latest pack).
    #[serde(default, with = "crate::time::opt_date")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::time::IsoDate>"))]
    pub as_of: Option<NaiveDate>,
}

crate::de::objects_only!(Package, TierInput);

/// A rated year: a whole number 1–9999 (a negative one is `negative_amount`), or `null`.
fn rating_year<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i32>, D::Error> {
    struct Year;
    impl<'de> serde::de::Visitor<'de> for Year {
        type Value = Option<i32>;
        fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
            f.write_str("a whole number")
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            let year = crate::de::whole(d)?;
            if year < 0 {
                Err(crate::de::carry(Error::NegativeAmount { field: String::new(), value: year.to_string() }))
            } else if (1..=9999).contains(&year) {
                Ok(Some(year as i32))
            } else {
                Err(crate::de::carry(Error::invalid("", year.to_string(), "a year 1–9999")))
            }
        }
    }
    d.deserialize_option(Year)
}

impl From<Customer> for TierInput {
    fn from(customer: Customer) -> Self {
        TierInput { customer, package: None, rating_year: None, as_of: None }
    }
}

/// What decided a tier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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

crate::key::keyed!(
    Basis,
    "basis",
    BASES = [("spend", Basis::Spend), ("package", Basis::Package), ("revenue", Basis::Revenue), ("rank", Basis::Rank)]
);

/// A rated tier: the output of the `tier` op.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct TierResult {
    /// The tier.
    pub tier: Tier,
    /// What decided it; `None` when the tier is none.
    pub basis: Option<Basis>,
    /// The table's rule id.
    #[cfg_attr(feature = "schema", schemars(with = "crate::rules::RuleId"))]
    pub rule: Text,
    /// TIER.PROVISIONAL: a provisional (non-card) member; only when the tier is none.
    pub provisional_member: bool,
    /// The band that decided the tier (none for ranks and for no tier).
    pub band: Option<Band>,
    /// The rule pack the tables came from.
    pub pack: PackRef,
}

/// Rates a customer on the built-in pack.
///
/// ```
/// use guifan_core::tier::{tier, Brand, Customer, Tier};
/// use rust_decimal::Decimal;
/// let rated = tier(&Customer::Personal { brand: Brand::E_HOME, annual_spend: Decimal::new(3360, 0) }.into()).unwrap();
/// assert_eq!(rated.tier, Tier::Diamond);
/// let below = tier(&Customer::Personal { brand: Brand::E_HOME, annual_spend: Decimal::new(335999, 2) }.into()).unwrap();
/// assert_eq!(below.tier, Tier::Gold);
/// ```
pub fn tier(input: &TierInput) -> Result<TierResult, Error> {
    rate(Pack::builtin(), input, &mut Trace::off())
}

/// [`tier`] with the rules and steps behind the answer.
pub fn explain(input: &TierInput) -> Result<Explained<TierResult>, Error> {
    explained(|trace| rate(Pack::builtin(), input, trace))
}

fn bound_note(table: &TierTable, amount: Decimal, what: &str, tier: Tier) -> String {
    format!("{what} {amount} on {} ({}; INTERP.BOUNDS) gives {tier}", table.rule, table.describe())
}

#[inline]
pub(crate) fn rate(pack: &Pack, input: &TierInput, trace: &mut Trace) -> Result<TierResult, Error> {
    let tiers = &pack.tiers;
    let (table, field, amount, mut basis) = match &input.customer {
        Customer::Personal { brand, annual_spend } => {
            (tiers.brand(brand)?, "customer.annual_spend", *annual_spend, Basis::Spend)
        }
        _ if input.package.is_some() => {
            return Err(Error::invalid("package", "given", "a package basis applies to personal customers only"))
        }
        Customer::Enterprise { annual_revenue } => {
            (&tiers.enterprise, "customer.annual_revenue", *annual_revenue, Basis::Revenue)
        }
        Customer::Government { rank } => {
            let tier = tiers.rank(rank)?;
            let gov = &tiers.government;
            trace.cite_source(&gov.rule, &gov.source);
            trace.note(|| format!("rank {rank} (or an equivalent rank) gives {tier}"));
            let basis = (tier != Tier::None).then_some(Basis::Rank);
            let rule = gov.rule.clone();
            let pack = PackRef::from(&pack.info);
            return Ok(TierResult { tier, basis, rule, provisional_member: false, band: None, pack });
        }
    };
    let amount = non_negative(field, amount)?;
    let mut band = table.band(amount);
    let tier_of = |band: Option<&Band>| band.map_or(Tier::None, |b| b.tier);
    trace.cite_source(&table.rule, &table.source);
    trace.note(|| bound_note(table, amount, field, tier_of(band)));
    let mut provisional = false;
    if let Some(package) = &input.package {
        let fee = non_negative("package.monthly_fee", package.monthly_fee)?;
        let basis_rule = &tiers.package;
        let counts = match (input.rating_year, package.subscribed_on) {
            (None, _) => true,
            (Some(year), Some(on)) => on <= basis_rule.last_day(year)?,
            (Some(_), None) => {
                return Err(Error::invalid("package.subscribed_on", "missing", "needed when rating_year is given"))
            }
        };
        let months = basis_rule.months;
        let yearly = fee
            .checked_mul(Decimal::from(months))
            .ok_or_else(|| Error::invalid("package.monthly_fee", fee.to_string(), "too large"))?;
        trace.cite_source(PackageBasis::RULE, &basis_rule.source);
        if counts {
            let by_package = table.band(yearly);
            let what = format!("package basis {months} x package.monthly_fee");
            trace.note(|| bound_note(table, yearly, &what, tier_of(by_package)));
            if tier_of(by_package) > tier_of(band) {
                band = by_package;
                basis = Basis::Package;
            }
        } else {
            trace.note(|| {
                let year = input.rating_year.unwrap_or_default();
                let last = basis_rule.last_day(year).map(crate::time::format_date).unwrap_or_default();
                format!("package subscribed after {last} does not count for {year}")
            });
        }
        let this_year = match (input.rating_year, package.subscribed_on) {
            (Some(year), Some(on)) => on.year() <= year,
            _ => true,
        };
        let rule = &tiers.provisional;
        let min = rule.min_monthly_fee;
        provisional = band.is_none() && this_year && fee >= min;
        if band.is_none() {
            trace.cite_source(&rule.rule, &rule.source);
            trace.note(|| {
                format!(
                    "no card; monthly package {fee} {} {min} CNY (不低于, included): {}",
                    if fee >= min { ">=" } else { "<" },
                    if provisional { "provisional member" } else { "not a provisional member" }
                )
            });
        }
    }
    Ok(TierResult {
        tier: tier_of(band),
        basis: band.is_some().then_some(basis),
        rule: table.rule.clone(),
        provisional_member: provisional,
        band: band.copied(),
        pack: PackRef::from(&pack.info),
    })
}

/// How a yearly review moved a member.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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

crate::key::keyed!(
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
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct Override {
    /// The tier to keep.
    pub tier: Tier,
    /// The provincial marketing department's approval reference (absent: none, which is refused).
    #[serde(default, deserialize_with = "crate::de::or_default")]
    pub approval_ref: alloc::string::String,
}

crate::de::objects_only!(Override);

/// The outcome of a yearly review: the output of the `review` op.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Review {
    /// The tier after any override.
    pub tier: Tier,
    /// Evaluated tier against the previous one (kept as evaluated even when overridden).
    pub change: Change,
    /// Whether an override set the tier.
    pub overridden: bool,
    /// The tier the rules gave (`evaluated.tier`, named on its own for readers of the review).
    pub evaluated_tier: Tier,
    /// The rating behind it.
    pub evaluated: TierResult,
    /// TIER.REVIEW.
    #[cfg_attr(feature = "schema", schemars(with = "crate::rules::RuleId"))]
    pub rule: Text,
    /// The rule pack the tables came from.
    pub pack: PackRef,
}

impl Review {
    fn of(tier: Tier, change: Change, overridden: bool, evaluated: TierResult) -> Self {
        let pack = evaluated.pack.clone();
        Review { tier, change, overridden, evaluated_tier: evaluated.tier, evaluated, rule: "TIER.REVIEW".into(), pack }
    }
}

/// The yearly review (TIER.REVIEW) with an optional approved override (TIER.OVERRIDE), on the
/// built-in pack.
///
/// ```
/// use guifan_core::tier::{review, Brand, Change, Customer, Override, Tier};
/// use rust_decimal::Decimal;
/// let current = Customer::Personal { brand: Brand::TIANYI, annual_spend: Decimal::new(1500, 0) }.into();
/// let kept = Override { tier: Tier::Gold, approval_ref: "GZ-MKT-2025-17".into() };
/// let r = review(Tier::Diamond, &current, Some(&kept)).unwrap();
/// assert_eq!((r.tier, r.change, r.overridden), (Tier::Gold, Change::Downgrade, true));
/// ```
pub fn review(previous: Tier, current: &TierInput, approved: Option<&Override>) -> Result<Review, Error> {
    review_traced(Pack::builtin(), previous, current, approved, &mut Trace::off())
}

/// [`review`] with the rules and steps behind the answer.
pub fn explain_review(
    previous: Tier,
    current: &TierInput,
    approved: Option<&Override>,
) -> Result<Explained<Review>, Error> {
    explained(|trace| review_traced(Pack::builtin(), previous, current, approved, trace))
}

pub(crate) fn review_traced(
    pack: &Pack,
    previous: Tier,
    current: &TierInput,
    approved: Option<&Override>,
    trace: &mut Trace,
) -> Result<Review, Error> {
    trace.cite("TIER.REVIEW");
    let evaluated = rate(pack, current, trace)?;
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
        return Ok(Review::of(now, change, false, evaluated));
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
    Ok(Review::of(o.tier, change, true, evaluated))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spend(brand: &Brand, amount: &str) -> Tier {
        let annual_spend = amount.parse().unwrap();
        tier(&Customer::Personal { brand: brand.clone(), annual_spend }.into()).unwrap().tier
    }

    #[test]
    fn every_personal_bound_from_both_sides() {
        for b in Pack::builtin().tiers.personal.iter() {
            for band in b.table.bands() {
                let at = band.min.value();
                let below = (at - Decimal::new(1, 2)).to_string();
                assert_eq!(spend(&b.brand, &at.to_string()), band.tier, "{} {at}", b.brand);
                assert!(spend(&b.brand, &below) < band.tier, "{} {below}", b.brand);
            }
        }
        let (e, t, o) = (&Brand::E_HOME, &Brand::TIANYI, &Brand::OTHER);
        assert_eq!(
            (spend(e, "1080"), spend(e, "1079.99"), spend(e, "3360")),
            (Tier::Silver, Tier::None, Tier::Diamond)
        );
        assert_eq!((spend(t, "1032"), spend(t, "1031.99"), spend(t, "2160")), (Tier::Silver, Tier::None, Tier::Gold));
        assert_eq!((spend(o, "3600"), spend(o, "3599.99"), spend(o, "0")), (Tier::Diamond, Tier::Gold, Tier::None));
        let err = tier(&Customer::Personal { brand: "wo_jia".parse().unwrap(), annual_spend: Decimal::ONE }.into());
        let err = err.unwrap_err();
        assert_eq!((err.kind(), err.value().as_deref()), ("unknown_brand", Some("wo_jia")));
        assert!(err.to_string().contains("e_home, tianyi, other"), "{err}");
    }

    #[test]
    fn enterprise_and_government() {
        let rev = |r: i64| tier(&Customer::Enterprise { annual_revenue: Decimal::from(r) }.into()).unwrap().tier;
        assert_eq!(
            (rev(49_999), rev(50_000), rev(99_999), rev(100_000)),
            (Tier::None, Tier::Silver, Tier::Silver, Tier::Gold)
        );
        assert_eq!((rev(299_999), rev(300_000)), (Tier::Gold, Tier::Diamond));
        let gov = |rank| tier(&Customer::Government { rank }.into());
        assert_eq!(gov(Rank::BUREAU).unwrap().tier, Tier::Diamond);
        assert_eq!(gov(Rank::NONE).unwrap().basis, None);
        assert_eq!(gov(Rank::SECTION).unwrap().basis, Some(Basis::Rank));
        assert_eq!(gov("minister".parse().unwrap()).unwrap_err().field(), Some("customer.rank"));
    }

    #[test]
    fn bands_with_exclusive_lower_and_inclusive_upper_ends() {
        let bound = |value: i64, inclusive| Bound::new(Decimal::from(value), inclusive);
        let band = Band { tier: Tier::Gold, min: bound(100, false), max: Some(bound(200, true)) };
        assert!(!band.contains(Decimal::from(100)) && band.contains(Decimal::new(10001, 2)));
        assert!(band.contains(Decimal::from(200)) && !band.contains(Decimal::new(20001, 2)));
        assert_eq!(band.to_string(), "gold > 100 and <= 200");
    }

    #[test]
    fn package_basis_and_provisional() {
        let input = |fee: &str, on: Option<(i32, u32, u32)>, year: Option<i32>| TierInput {
            customer: Customer::Personal { brand: Brand::E_HOME, annual_spend: Decimal::from(500) },
            package: Some(Package {
                monthly_fee: fee.parse().unwrap(),
                subscribed_on: on.map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap()),
            }),
            rating_year: year,
            as_of: None,
        };
        let r = tier(&input("280", Some((2025, 6, 30)), Some(2025))).unwrap();
        assert_eq!((r.tier, r.basis), (Tier::Diamond, Some(Basis::Package)));
        assert_eq!(r.band.unwrap().min.value(), Decimal::from(3360));
        let late = tier(&input("280", Some((2025, 7, 1)), Some(2025))).unwrap();
        assert_eq!((late.tier, late.provisional_member), (Tier::None, true));
        assert!(tier(&input("80", None, None)).unwrap().provisional_member);
        assert!(!tier(&input("79.99", None, None)).unwrap().provisional_member);
        assert_eq!(tier(&input("90", None, None)).unwrap().tier, Tier::Silver);
        assert_eq!(tier(&input("80", None, Some(2025))).unwrap_err().kind(), "invalid_input");
    }

    #[test]
    fn override_checks_in_order() {
        let current: TierInput = Customer::Personal { brand: Brand::OTHER, annual_spend: Decimal::from(1300) }.into();
        let o = |tier, r: &str| Override { tier, approval_ref: r.into() };
        let kind = |prev, ov: Override| review(prev, &current, Some(&ov)).unwrap_err().kind();
        assert_eq!(kind(Tier::Silver, o(Tier::Gold, " ")), "override_needs_approval");
        assert_eq!(kind(Tier::Silver, o(Tier::Gold, "A1")), "override_without_downgrade");
        assert_eq!(kind(Tier::Gold, o(Tier::Silver, "A1")), "override_not_higher");
        assert_eq!(kind(Tier::Gold, o(Tier::Diamond, "A1")), "override_above_previous");
        assert!(review(Tier::Gold, &current, Some(&o(Tier::Gold, "A1"))).unwrap().overridden);
        let left: TierInput = Customer::Personal { brand: Brand::OTHER, annual_spend: Decimal::ZERO }.into();
        let r = review(Tier::Silver, &left, Some(&o(Tier::Silver, "A1"))).unwrap();
        assert_eq!((r.change, r.tier), (Change::Left, Tier::Silver));
    }

    #[test]
    fn negative_money_is_refused() {
        let e = tier(&Customer::Enterprise { annual_revenue: Decimal::from(-1) }.into()).unwrap_err();
        assert_eq!((e.kind(), e.field()), ("negative_amount", Some("customer.annual_revenue")));
    }
}

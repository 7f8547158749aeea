//! The tier tables of a pack (GZ 第三章): bands per personal brand and for enterprise revenue,
//! government ranks, the provisional membership fee and the package basis.

use alloc::borrow::Cow;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;
use chrono::NaiveDate;
use core::cmp::Ordering;
use core::fmt;
use rust_decimal::Decimal;

use super::Params;
use crate::money::Comparable;
use crate::rules::{Source, Text};
use crate::Error;

/// Club tiers, lowest to highest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

crate::key::keyed!(
    Tier,
    "tier",
    TIERS = [("none", Tier::None), ("silver", Tier::Silver), ("gold", Tier::Gold), ("diamond", Tier::Diamond)]
);

/// A personal brand: the key of a tier table in the rule pack (`e_home`, `tianyi`, `other` in
/// the built-in pack; other packs name their own).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Brand(pub Text);

impl Brand {
    /// 我的e家.
    pub const E_HOME: Brand = Brand(Cow::Borrowed("e_home"));
    /// 天翼.
    pub const TIANYI: Brand = Brand(Cow::Borrowed("tianyi"));
    /// 其他客户.
    pub const OTHER: Brand = Brand(Cow::Borrowed("other"));
}

/// The rank of a party, government or military key customer: a key of the pack's rank table
/// (`bureau`, `division`, `section`; 或同等级别 maps the same), or `none` for any other rank.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Rank(pub Text);

impl Rank {
    /// 厅局级.
    pub const BUREAU: Rank = Rank(Cow::Borrowed("bureau"));
    /// 处级.
    pub const DIVISION: Rank = Rank(Cow::Borrowed("division"));
    /// 科级.
    pub const SECTION: Rank = Rank(Cow::Borrowed("section"));
    /// Any rank without a card.
    pub const NONE: Rank = Rank(Cow::Borrowed("none"));
}

crate::key::text_key!(Brand, "rating");
crate::key::text_key!(Rank, "rating");

/// Scales an amount usually has (whole yuan to 10^-7 yuan): a bound keeps its amount at each.
const SCALES: usize = 8;

/// One end of a tier band: the amount, and whether the amount itself belongs to the band
/// (以上 includes it, 不满 and 超过 exclude it; INTERP.BOUNDS).
///
/// Small, so results carry their band by value; the form rating compares with is kept by the
/// [`TierTable`].
#[derive(Clone, Copy, Debug)]
pub struct Bound {
    value: Decimal,
    inclusive: bool,
}

impl PartialEq for Bound {
    /// The same amount (`2160` and `2160.00` alike) with the same inclusion.
    fn eq(&self, other: &Bound) -> bool {
        self.value == other.value && self.inclusive == other.inclusive
    }
}

impl Eq for Bound {}

impl Bound {
    /// An end at `value` CNY, `value` itself inside when `inclusive`.
    pub fn new(value: Decimal, inclusive: bool) -> Bound {
        Bound { value, inclusive }
    }

    /// The amount, CNY.
    pub fn value(&self) -> Decimal {
        self.value
    }

    /// Whether the amount itself is inside.
    pub fn inclusive(&self) -> bool {
        self.inclusive
    }

    /// As a lower end: `>= 1080` or `> 1080`.
    pub fn lower(&self) -> String {
        format!("{} {}", if self.inclusive { ">=" } else { ">" }, self.value())
    }

    /// As an upper end: `< 2160` or `<= 2160`.
    pub fn upper(&self) -> String {
        format!("{} {}", if self.inclusive { "<=" } else { "<" }, self.value())
    }
}

/// A band's lower end as rating meets it. Rating compares an amount with a bound or two, and
/// batch callers rate millions, so the table keeps each lower end's amount ready: as a mantissa at
/// every usual scale, and for the rest with mantissa and scale taken out once.
#[derive(Clone, Copy, Debug)]
struct Low {
    at: Comparable,
    inclusive: bool,
    /// The amount × 10^s at each scale `s` from its own, where that is an `i64` (bit `s` of
    /// `exact`): an amount of scale `s` with an `i64` mantissa compares as one integer.
    scaled: [i64; SCALES],
    exact: u8,
}

/// An amount being rated, ready to meet bounds: its mantissa when it is an `i64` at a usual
/// scale, and the general form.
struct Amount {
    at: Comparable,
    exact: Option<(i64, usize)>,
}

impl From<Decimal> for Amount {
    #[inline]
    fn from(value: Decimal) -> Amount {
        let scale = value.scale() as usize;
        let exact = i64::try_from(value.mantissa()).ok().filter(|_| scale < SCALES).map(|m| (m, scale));
        Amount { at: Comparable::from(value), exact }
    }
}

impl From<&Bound> for Low {
    fn from(bound: &Bound) -> Low {
        let value = bound.value;
        let (mut scaled, mut exact) = ([0; SCALES], 0u8);
        if let Ok(mantissa) = i64::try_from(value.mantissa()) {
            let own = value.scale() as usize;
            let mut at = Some(mantissa);
            for (s, slot) in scaled.iter_mut().enumerate().skip(own) {
                let Some(m) = at else { break };
                *slot = m;
                exact |= 1 << s;
                // The next scale, while it stays an `i64`.
                at = (m.unsigned_abs() <= (i64::MAX / 10) as u64).then(|| m * 10);
            }
        }
        Low { at: Comparable::from(value), inclusive: bound.inclusive, scaled, exact }
    }
}

impl Low {
    /// How an amount compares with this end's.
    #[inline]
    fn order(&self, amount: &Amount) -> Ordering {
        match amount.exact {
            Some((mantissa, scale)) if self.exact >> scale & 1 == 1 => mantissa.cmp(&self.scaled[scale]),
            _ => amount.at.compare(&self.at),
        }
    }

    /// Whether an amount lies at or above this lower end (above it, when the end is excluded).
    #[inline]
    fn admits(&self, amount: &Amount) -> bool {
        match self.order(amount) {
            Ordering::Greater => true,
            Ordering::Equal => self.inclusive,
            Ordering::Less => false,
        }
    }
}

/// The amounts of one tier: from `min` up to `max` (no `max`: without upper end).
// `repr(C)`: the tier first, then the bounds in whole words, so a result copies its band in
// word-sized moves (Rust's own layout left a 7-byte tail whose overlapping copy stalled rating).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(C)]
pub struct Band {
    /// The tier of the band.
    pub tier: Tier,
    /// Lower end (`>=` or `>`).
    pub min: Bound,
    /// Upper end (`<` or `<=`), if any.
    pub max: Option<Bound>,
}

impl Band {
    /// Whether an amount falls inside the band.
    pub fn contains(&self, amount: Decimal) -> bool {
        let holds = |end: &Bound, side: Ordering| match amount.cmp(&end.value) {
            Ordering::Equal => end.inclusive,
            order => order == side,
        };
        holds(&self.min, Ordering::Greater) && self.max.as_ref().is_none_or(|m| holds(m, Ordering::Less))
    }

    /// Its ends as text: `>= 1080 and < 2160`, `>= 3360`.
    pub fn bounds(&self) -> String {
        match &self.max {
            Some(max) => format!("{} and {}", self.min.lower(), max.upper()),
            None => self.min.lower(),
        }
    }
}

impl fmt::Display for Band {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.tier, self.bounds())
    }
}

/// A band as results write it: `{"tier": "gold", "min": ">= 2160", "max": "< 3360"}`.
#[derive(serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename = "Band")]
#[cfg_attr(feature = "schema", schemars(rename = "Band"))]
struct BandText {
    /// The tier of the band.
    tier: Tier,
    /// The lower end: `>= 1080` (the amount included) or `> 1080`.
    min: String,
    /// The upper end, `< 2160` (the amount excluded) or `<= 2160`; null for the top band.
    max: Option<String>,
}

impl Bound {
    /// Reads `>= 1080` (`lower`) or `< 2160` (not `lower`) back, as [`Bound::lower`] and
    /// [`Bound::upper`] write it.
    fn parse(text: &str, lower: bool) -> Option<Bound> {
        let (op, value) = text.split_once(' ')?;
        let inclusive = match (op, lower) {
            (">=", true) | ("<=", false) => true,
            (">", true) | ("<", false) => false,
            _ => return None,
        };
        Some(Bound::new(crate::money::parse_money("", value).ok()?, inclusive))
    }
}

impl serde::Serialize for Band {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        BandText { tier: self.tier, min: self.min.lower(), max: self.max.as_ref().map(Bound::upper) }.serialize(s)
    }
}

impl<'de> serde::Deserialize<'de> for Band {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = BandText::deserialize(d)?;
        let bad = |t: &str| serde::de::Error::custom(format!("not a band end: {t:?}"));
        let min = Bound::parse(&text.min, true).ok_or_else(|| bad(&text.min))?;
        let max = match &text.max {
            Some(m) => Some(Bound::parse(m, false).ok_or_else(|| bad(m))?),
            None => None,
        };
        Ok(Band { tier: text.tier, min, max })
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Band {
    fn schema_name() -> alloc::borrow::Cow<'static, str> {
        BandText::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        BandText::json_schema(generator)
    }
}

/// A tier table: contiguous bands, lowest tier first; amounts below the first band get no tier.
/// A rule pack's loader guarantees the bands neither overlap nor leave gaps; the bands are read
/// through [`TierTable::bands`], so they stay as the loader checked them.
#[derive(Clone, Debug)]
pub struct TierTable {
    /// Rule id of the table.
    pub rule: Text,
    /// Where the table comes from.
    pub source: Source,
    /// The bands, lowest first; the last has no upper end.
    bands: Vec<Band>,
    /// Each band's lower end, ready for rating.
    lows: Vec<Low>,
}

impl PartialEq for TierTable {
    fn eq(&self, other: &TierTable) -> bool {
        (&self.rule, &self.source, &self.bands) == (&other.rule, &other.source, &other.bands)
    }
}

impl Eq for TierTable {}

impl TierTable {
    /// A table of bands a loader has checked.
    pub(crate) fn new(rule: Text, source: Source, bands: Vec<Band>) -> TierTable {
        let lows = bands.iter().map(|b| Low::from(&b.min)).collect();
        TierTable { rule, source, bands, lows }
    }

    /// The bands, lowest first; the last has no upper end.
    pub fn bands(&self) -> &[Band] {
        &self.bands
    }

    /// The band an amount falls in, if any. Bands meet without gaps and the top one is open
    /// (the pack loader refuses anything else), so the highest band whose lower end admits the
    /// amount holds it: one comparison per band tried, from the top.
    #[inline]
    pub fn band(&self, amount: Decimal) -> Option<&Band> {
        let amount = Amount::from(amount);
        self.lows.iter().rposition(|low| low.admits(&amount)).map(|i| &self.bands[i])
    }

    /// The tier an amount reaches.
    pub fn rate(&self, amount: Decimal) -> Tier {
        self.band(amount).map_or(Tier::None, |b| b.tier)
    }

    /// The bands as text: `silver >= 1080 and < 2160, gold …`.
    pub fn describe(&self) -> String {
        let bands: Vec<String> = self.bands.iter().map(|b| b.to_string()).collect();
        bands.join(", ")
    }
}

impl Params for TierTable {
    fn rule(&self) -> &str {
        &self.rule
    }
    fn source(&self) -> &Source {
        &self.source
    }
    /// One band per tier: `silver` → `>= 1080 and < 2160`.
    fn params(&self) -> Vec<(String, String)> {
        self.bands.iter().map(|b| (b.tier.as_str().into(), b.bounds())).collect()
    }
}

/// A personal brand's table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrandTable {
    /// The brand.
    pub brand: Brand,
    /// Its table, on annual spend.
    pub table: TierTable,
}

/// Government ranks and the tiers they give.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RankTable {
    /// Rule id of the table.
    pub rule: Text,
    /// Where the table comes from.
    pub source: Source,
    /// Each rank with its tier; any other rank (`none`) gives no tier.
    pub ranks: Vec<(Rank, Tier)>,
}

impl Params for RankTable {
    fn rule(&self) -> &str {
        &self.rule
    }
    fn source(&self) -> &Source {
        &self.source
    }
    fn params(&self) -> Vec<(String, String)> {
        self.ranks.iter().map(|(r, t)| (r.as_str().into(), t.as_str().into())).collect()
    }
}

/// Who is a provisional member (TIER.PROVISIONAL).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Provisional {
    /// Rule id.
    pub rule: Text,
    /// Where it comes from.
    pub source: Source,
    /// The lowest monthly package fee of a provisional member ("不低于每月80元": included).
    pub min_monthly_fee: Decimal,
}

impl Params for Provisional {
    fn rule(&self) -> &str {
        &self.rule
    }
    fn source(&self) -> &Source {
        &self.source
    }
    fn params(&self) -> Vec<(String, String)> {
        vec![("min_monthly_fee".into(), self.min_monthly_fee.to_string())]
    }
}

/// The package basis (TIER.PACKAGE): `months` × a personal customer's monthly package fee is
/// rated on the brand's table, when the package was subscribed by `subscribed_by` of the rated
/// year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackageBasis {
    /// Where it comes from.
    pub source: Source,
    /// Months of fees the package stands for (every built-in threshold is 12 × a monthly fee).
    pub months: u32,
    /// The last day of the rated year, month and day, a package may be subscribed on and count
    /// ("6月份以前", included: 30 June); a day every year has.
    pub subscribed_by: (u32, u32),
}

impl PackageBasis {
    /// The last day of `year` a package may be subscribed on and count.
    pub fn last_day(&self, year: i32) -> Result<NaiveDate, Error> {
        let (month, day) = self.subscribed_by;
        NaiveDate::from_ymd_opt(year, month, day)
            .ok_or_else(|| Error::invalid("rating_year", format!("{year}"), "not a calendar year"))
    }
}

block!(PackageBasis, "TIER.PACKAGE", |b| {
    let (month, day) = b.subscribed_by;
    super::list([("months", &b.months), ("subscribed_by", &format!("{month:02}-{day:02} of rating_year"))])
});

/// Every tier table of a pack.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tiers {
    /// Personal customers, per brand.
    pub personal: Vec<BrandTable>,
    /// Enterprise customers, on annual revenue.
    pub enterprise: TierTable,
    /// Government customers, by rank.
    pub government: RankTable,
    /// Provisional members.
    pub provisional: Provisional,
    /// The package basis of personal customers.
    pub package: PackageBasis,
}

impl Tiers {
    /// The table of a personal brand, or `unknown_brand` listing the pack's brands.
    #[inline]
    pub fn brand(&self, brand: &Brand) -> Result<&TierTable, Error> {
        self.personal.iter().find(|b| b.brand == *brand).map(|b| &b.table).ok_or_else(|| {
            let accepted: Vec<&str> = self.personal.iter().map(|b| b.brand.as_str()).collect();
            Error::UnknownBrand {
                field: "customer.brand".into(),
                brand: brand.to_string(),
                accepted: accepted.join(", "),
            }
        })
    }

    /// The tier of a rank; `none` gives no tier, an unknown rank is `invalid_input`.
    pub fn rank(&self, rank: &Rank) -> Result<Tier, Error> {
        if *rank == Rank::NONE {
            return Ok(Tier::None);
        }
        let ranks = &self.government.ranks;
        ranks.iter().find(|(r, _)| r == rank).map(|(_, t)| *t).ok_or_else(|| {
            let accepted: Vec<&str> = ranks.iter().map(|(r, _)| r.as_str()).chain(["none"]).collect();
            Error::invalid("customer.rank", rank.as_str(), format!("accepted: {}", accepted.join(", ")))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A bound orders amounts exactly as `Decimal` does, on its integer path and off it.
    #[test]
    fn bounds_order_amounts_as_decimal_does() {
        let values = [
            "0",
            "-0",
            "0.00",
            "1080",
            "1079.99",
            "1080.00",
            "1080.0000001",
            "1080.00000001",
            "-3.5",
            "3360",
            "3359.999999999999999999",
            "92233720368547758.07",
            "9223372036854775807",
            "9223372036854775808",
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "0.0000000000000000000000000001",
        ];
        for b in values {
            let value = crate::money::parse_money("b", b).unwrap();
            let low = Low::from(&Bound::new(value, true));
            for a in values {
                let amount = crate::money::parse_money("a", a).unwrap();
                assert_eq!(low.order(&Amount::from(amount)), amount.cmp(&value), "{a} vs {b}");
                let (from, below) = (Bound::new(value, true), Bound::new(value, false));
                let band = |min, max| Band { tier: Tier::Gold, min, max };
                assert_eq!(band(from, None).contains(amount), amount >= value, "{a} in >= {b}");
                assert_eq!(band(below, None).contains(amount), amount > value, "{a} in > {b}");
                let floor = Bound::new(Decimal::MIN, true);
                assert_eq!(band(floor, Some(below)).contains(amount), amount < value, "{a} in < {b}");
                assert_eq!(band(floor, Some(from)).contains(amount), amount <= value, "{a} in <= {b}");
            }
        }
    }
}

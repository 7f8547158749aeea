//! Rule packs: the thresholds, periods and windows of the norms as data.
//!
//! What differs between provinces, operators and years — tier tables, SLA periods per customer
//! class and area, notification and visit windows per region, office hours — lives in a pack,
//! each entry with the document and clause it comes from. The built-in pack
//! (`data/pack-builtin.json`: the documents of RULES.md) is compiled into the crate and is the
//! default; other packs are loaded from JSON or TOML and validated whole
//! ([`Pack::from_json`], [`Pack::from_toml`]). An [`Engine`](crate::engine::Engine) holds one or
//! more packs and answers with the one in force on the date asked about.

use alloc::borrow::Cow;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;
use chrono::NaiveDate;

use crate::deadline::{CustomerClass, Incident, OfficeHours, Period, SlaRule};
use crate::rules::{Rule, CATALOGUE};
use crate::tier::{TierTable, Tiers};
use crate::window::{Visit, Windows};
use crate::Error;

mod load;
pub use load::document;

/// Text of a pack: borrowed from the compiled-in pack, owned in a loaded one.
pub type Text = Cow<'static, str>;

/// `as_str`, `Display`, `FromStr` and serde of a key newtype over [`Text`] (brands, ranks, regions):
/// keys are the pack's data, so any text parses and the pack says whether it knows it when
/// `$when`.
macro_rules! text_key {
    ($ty:ident, $when:literal) => {
        impl $ty {
            /// The key.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl core::fmt::Display for $ty {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl core::str::FromStr for $ty {
            type Err = $crate::Error;
            #[doc = concat!("Any key; whether the pack knows it is checked when ", $when, ".")]
            fn from_str(text: &str) -> Result<Self, $crate::Error> {
                Ok($ty(alloc::borrow::Cow::Owned(text.into())))
            }
        }
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let $crate::json::Text(key) = serde::Deserialize::deserialize(d)?;
                Ok($ty(alloc::borrow::Cow::Owned(key.into_owned())))
            }
        }
    };
}
pub(crate) use text_key;

/// Where an entry of a pack comes from.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Source {
    /// Short name of the document (`GZ`, `NAT` … or a name the pack's authors chose).
    pub document: Text,
    /// The clause inside the document.
    pub clause: Text,
    /// The original words.
    pub words: Text,
    /// What is computed from it, in one sentence.
    pub summary: Text,
}

/// Which pack a result came from.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct PackInfo {
    /// The pack's name, e.g. `guifan-builtin`.
    pub name: Text,
    /// Its version, e.g. `2026.1`.
    pub version: Text,
    /// The first day it is in force; `None`: in force for every date before the next pack.
    #[serde(with = "crate::time::opt_date")]
    pub effective_from: Option<NaiveDate>,
    /// What it covers.
    pub description: Text,
}

/// The pack a result came from, as results name it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PackRef {
    /// The pack's name, e.g. `guifan-builtin`.
    pub name: Text,
    /// Its version, e.g. `2026.1`.
    pub version: Text,
}

impl From<&PackInfo> for PackRef {
    fn from(info: &PackInfo) -> Self {
        PackRef { name: info.name.clone(), version: info.version.clone() }
    }
}

/// Office hours of working-minute clocks, with their source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Office {
    /// `[open, close)` on working days.
    pub hours: OfficeHours,
    /// Where the hours come from.
    pub source: Source,
}

/// A rule pack.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pack {
    /// Name, version and the day it takes effect.
    pub info: PackInfo,
    /// Tier tables per customer kind and brand.
    pub tiers: Tiers,
    /// Deadline rules, in the pack's order.
    pub sla: Cow<'static, [SlaRule]>,
    /// Office hours of `working_minutes` clocks (rules and free clocks alike).
    pub office_hours: Office,
    /// Hours without calls or SMS, per region (NOTIFY.WINDOW).
    pub notify: Windows,
    /// Hours without on-site visits, per region, and the installation delay (VISIT.WINDOW).
    pub visit: Visit,
}

mod builtin {
    use super::{Office, Pack, PackInfo, Source};
    use crate::deadline::{CustomerClass, Incident, OfficeHours, Period, SlaRule};
    use crate::tier::{Band, Bound, Brand, BrandTable, Provisional, Rank, RankTable, Tier, TierTable, Tiers};
    use crate::time::hm;
    use crate::window::{Region, RegionWindows, Span, Visit, Windows};
    use alloc::borrow::Cow;
    use rust_decimal::Decimal;
    include!(concat!(env!("OUT_DIR"), "/pack_builtin.rs"));
}

/// The built-in pack as the pack list of the built-in engine.
pub(crate) static BUILTIN_PACKS: &[Pack] = core::slice::from_ref(&builtin::BUILTIN);

/// The built-in pack as the JSON document it is compiled from: a starting point for other packs.
pub const BUILTIN_JSON: &str = include_str!("../data/pack-builtin.json");

impl Pack {
    /// The built-in pack: the norms of the source documents (RULES.md), in force for every date.
    pub fn builtin() -> &'static Pack {
        &builtin::BUILTIN
    }

    /// The deadline rule with this id, or `unknown_rule` listing the pack's ids.
    pub fn sla_rule(&self, id: &str) -> Result<&SlaRule, Error> {
        self.sla.iter().find(|r| r.id == id).ok_or_else(|| {
            let accepted: Vec<&str> = self.sla.iter().map(|r| r.id.as_ref()).collect();
            Error::UnknownRule { field: "rule".into(), rule: id.into(), accepted: accepted.join(", ") }
        })
    }

    /// The deadline rule serving a ticket kind and customer class.
    ///
    /// ```
    /// use guifan_core::deadline::{CustomerClass, Incident};
    /// use guifan_core::pack::Pack;
    /// let rule = Pack::builtin().rule_for(Incident::Fault, CustomerClass::Brand).unwrap();
    /// assert_eq!(rule.id, "SLA.FAULT.BRAND");
    /// ```
    pub fn rule_for(&self, incident: Incident, class: CustomerClass) -> Result<&SlaRule, Error> {
        self.sla.iter().find(|r| r.serves == Some((incident, class))).ok_or_else(|| Error::UnknownRule {
            field: "class".into(),
            rule: format!("{incident}/{class}"),
            accepted: format!("the pack {} names no rule for this ticket kind and class", self.info.name),
        })
    }

    /// Every rule the pack defines, with its source: tier tables, deadline rules and windows.
    fn defined(&self) -> Vec<(&Text, &Source)> {
        let t = &self.tiers;
        let mut out: Vec<(&Text, &Source)> = t.personal.iter().map(|b| (&b.table.rule, &b.table.source)).collect();
        out.push((&t.enterprise.rule, &t.enterprise.source));
        out.push((&t.government.rule, &t.government.source));
        out.push((&t.provisional.rule, &t.provisional.source));
        out.extend(self.sla.iter().map(|r| (&r.id, &r.source)));
        out.push((&self.notify.rule, &self.notify.source));
        out.push((&self.visit.windows.rule, &self.visit.windows.source));
        out
    }

    /// The rule catalogue as this pack cites it: every built-in entry, with the pack's own
    /// citation for the rules it defines, then the pack's rules the built-in catalogue lacks.
    pub fn catalogue(&self) -> Vec<Rule> {
        let defined = self.defined();
        let mut out: Vec<Rule> = CATALOGUE
            .iter()
            .map(|r| match defined.iter().find(|(id, _)| **id == r.id) {
                Some((id, source)) => Rule::from_source(id, source),
                None => r.clone(),
            })
            .collect();
        for (id, source) in defined {
            if !CATALOGUE.iter().any(|r| r.id == *id) {
                out.push(Rule::from_source(id, source));
            }
        }
        out
    }

    /// The catalogue entry of `id` as this pack cites it.
    pub fn rule(&self, id: &str) -> Option<Rule> {
        self.catalogue().into_iter().find(|r| r.id == id)
    }

    /// A rule's parameters as this pack applies them, one value per key: a tier table's bands
    /// (`silver` → `>= 1080 and < 2160`), ranks, periods, windows per region, limits.
    pub fn params(&self, id: &str) -> Vec<(String, String)> {
        let s = |k: &str, v: &dyn ToString| (k.to_string(), v.to_string());
        let table = |t: &TierTable| t.bands.iter().map(|b| (b.tier.as_str().to_string(), b.bounds())).collect();
        let windows = |w: &Windows| -> Vec<(String, String)> {
            w.regions
                .iter()
                .map(|r| {
                    let spans: Vec<String> = r.blocked.iter().map(|s| s.to_string()).collect();
                    (r.region.to_string(), spans.join(", "))
                })
                .collect()
        };
        let t = &self.tiers;
        if let Some(b) = t.personal.iter().find(|b| b.table.rule == id) {
            return table(&b.table);
        }
        if let Ok(rule) = self.sla_rule(id) {
            let mut out = vec![s("clock", &rule.urban.clock())];
            let amounts = |p: Period| match p {
                Period::ClockHours(n)
                | Period::CalendarDays(n)
                | Period::WorkingDays(n)
                | Period::WorkingMinutes(n, _) => Some(n),
                _ => None,
            };
            match (amounts(rule.urban), amounts(rule.rural)) {
                (Some(u), Some(r)) if u != r => out.extend([s("urban", &u), s("rural", &r)]),
                (Some(n), _) => out.push(s("amount", &n)),
                _ => {}
            }
            match rule.urban {
                Period::WorkingMinutes(_, o) => out.push(s("office_hours", &office(o))),
                Period::SameDayCutoff(t) => out.push(s("cutoff", &crate::time::format_time(t))),
                _ => {}
            }
            return out;
        }
        match id {
            _ if id == t.enterprise.rule => table(&t.enterprise),
            _ if id == t.government.rule => t.government.ranks.iter().map(|(r, tier)| s(r.as_str(), tier)).collect(),
            _ if id == t.provisional.rule => vec![s("min_monthly_fee", &t.provisional.min_monthly_fee)],
            _ if id == self.notify.rule => windows(&self.notify),
            _ if id == self.visit.windows.rule => {
                let mut out = windows(&self.visit.windows);
                out.push(s("install_after_hours", &self.visit.install_after_hours));
                out
            }
            "TIER.PACKAGE" => vec![s("months", &12), s("subscribed_by", &"06-30 of rating_year")],
            "STATUS.CANCEL.ARREARS" => vec![s("months", &crate::status::ARREARS_MONTHS)],
            "SLA.CUTOVER" => vec![
                s("max_notice_only_hours", &crate::cutover::MAX_NOTICE_ONLY_HOURS),
                s("notice_hours", &crate::cutover::NOTICE_HOURS),
            ],
            "SLA.APPOINTMENT.PUNCTUAL" => vec![
                s("tolerance_minutes", &crate::appointment::TOLERANCE_MINUTES),
                s("misses_for_breach", &crate::appointment::MISSES_FOR_BREACH),
            ],
            "DUNNING.CHANNEL" => vec![s("voice_from_arrears", &crate::dunning::VOICE_FROM_ARREARS)],
            "BENEFIT.DIAMOND" => vec![
                s("credit_uplift_cap", &crate::benefit::CREDIT_UPLIFT_CAP),
                s("onsite_payment_from", &crate::benefit::ONSITE_PAYMENT_FROM),
                s("small_balance_max", &crate::benefit::SMALL_BALANCE_MAX),
                s("reopenings_per_month", &crate::benefit::REOPENINGS_PER_MONTH),
            ],
            _ => vec![],
        }
    }
}

/// Office hours as `08:00-20:00`.
pub(crate) fn office(o: OfficeHours) -> String {
    format!("{}-{}", crate::time::format_time(o.open), crate::time::format_time(o.close))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_pack_defines_the_rules_md_tables() {
        let pack = Pack::builtin();
        assert_eq!(pack.info.effective_from, None);
        assert_eq!(pack.sla.len(), 16);
        let pair = |k: &str, v: &str| (String::from(k), String::from(v));
        assert_eq!(pack.params("TIER.PERSONAL.EHOME")[0], pair("silver", ">= 1080 and < 2160"));
        assert_eq!(pack.params("TIER.PERSONAL.EHOME")[2], pair("diamond", ">= 3360"));
        assert_eq!(
            pack.params("SLA.FAULT.ORDINARY"),
            [pair("clock", "clock_hours"), pair("urban", "24"), pair("rural", "28")]
        );
        assert_eq!(pack.params("SLA.APPOINTMENT.CONFIRM")[2], pair("office_hours", "08:00-20:00"));
        assert_eq!(pack.params("TIER.ENTERPRISE.GOV")[1], pair("division", "gold"));
        assert!(pack.params("NOTIFY.WINDOW").contains(&pair("xinjiang", "22:00–10:00, 14:00–16:00")));
        // Every rule the pack defines is a RULES.md id, cited with the same document and clause.
        for (id, source) in pack.defined() {
            let built_in = crate::rules::find(id).unwrap_or_else(|| panic!("{id} not catalogued"));
            assert_eq!((&built_in.document.short, &built_in.clause), (&source.document, &source.clause), "{id}");
        }
        assert_eq!(pack.catalogue().len(), CATALOGUE.len());
    }
}

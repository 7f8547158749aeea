//! Rule packs: every parameter of the norms as data.
//!
//! What differs between provinces, operators and years — tier tables, SLA periods per customer
//! class and area, notification and visit windows per region, office hours, and the limits of
//! arrears, cut-over notice, counters, punctuality, dunning and benefits — lives in a pack, each
//! block with the rule it parameterises and the document and clause it comes from. The built-in
//! pack (`data/pack-builtin.json`: the documents of RULES.md) is embedded in the crate and read
//! on first use by the same loader as any other pack; other packs are loaded from JSON or TOML
//! and validated whole ([`Pack::from_json`], [`Pack::from_text`]; `Pack::from_toml` with the
//! `toml` feature). A pack may leave out the blocks `tiers.package`, `arrears`, `cutover`,
//! `counter`, `punctuality`, `dunning` and `benefits`: it then takes the built-in pack's (see
//! `spec-tests/README.md`). An [`Engine`](crate::engine::Engine) holds one or more packs and
//! answers with the one in force on the date asked about.
//!
//! The pack is data only: the rule families (`tier`, `deadline`, `window`, `status` …) take their
//! parameters from it, and it knows none of them.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use chrono::NaiveDate;
use once_cell::race::OnceBox;

use crate::rules::{Entry, Rule, CATALOGUE};
pub use crate::rules::{Source, Text};
use crate::Error;

/// A block of a pack: the rule it defines, where the rule comes from, and its parameters as
/// people read them (what the `rules` op and `guifan rules ID` show). A new kind of block
/// implements this and is listed in [`Pack::blocks`].
pub trait Params {
    /// The rule id.
    fn rule(&self) -> &str;
    /// Its citation.
    fn source(&self) -> &Source;
    /// Its parameters, one value per key, in the order the block holds them.
    fn params(&self) -> Vec<(String, String)>;
}

/// `(key, value)` pairs of a block's parameters.
fn list<const N: usize>(pairs: [(&str, &dyn alloc::string::ToString); N]) -> Vec<(String, String)> {
    pairs.iter().map(|(k, v)| (String::from(*k), v.to_string())).collect()
}

/// [`Params`] of a block that parameterises one fixed rule and has a `source` field.
macro_rules! block {
    ($ty:ty, $rule:literal, |$b:ident| $params:expr) => {
        impl $ty {
            /// The rule these are the parameters of.
            pub const RULE: &'static str = $rule;
        }
        impl $crate::pack::Params for $ty {
            fn rule(&self) -> &str {
                Self::RULE
            }
            fn source(&self) -> &$crate::rules::Source {
                &self.source
            }
            fn params(&self) -> alloc::vec::Vec<(alloc::string::String, alloc::string::String)> {
                let $b = self;
                $params
            }
        }
    };
}

mod limits;
mod load;
mod sla;
mod tier;
mod window;

pub use limits::{Arrears, Benefits, CounterLimits, CutoverNotice, DiamondBenefits, Dunning, Punctuality};
pub use load::document;
pub use sla::{Area, Clock, CustomerClass, Incident, OfficeHours, Period, SlaRule, TicketPolicies, TicketPolicy};
pub use tier::{Band, Bound, Brand, BrandTable, PackageBasis, Provisional, Rank, RankTable, Tier, TierTable, Tiers};
pub use window::{Region, RegionWindows, Span, Visit, Windows};

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
    #[inline(always)]
    fn from(info: &PackInfo) -> Self {
        PackRef { name: info.name.clone(), version: info.version.clone() }
    }
}

/// Office hours of working-minute clocks, with their source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Office {
    /// `[open, close)` on working days (with any lunch break), everywhere without hours of its own.
    pub hours: OfficeHours,
    /// Regions with hours of their own, in the pack's order.
    pub regions: Vec<(Region, OfficeHours)>,
    /// Where the hours come from.
    pub source: Source,
}

/// A rule pack. Read one with [`Pack::from_text`] (or start from [`Pack::builtin`]); new blocks
/// may join it, so it is not built field by field outside the crate.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Pack {
    /// Name, version and the day it takes effect.
    pub info: PackInfo,
    /// Tier tables per customer kind and brand, and the package basis.
    pub tiers: Tiers,
    /// Deadline rules, in the pack's order.
    pub sla: Vec<SlaRule>,
    /// Office hours of `working_minutes` clocks (rules and free clocks alike).
    pub office_hours: Office,
    /// Hours without calls or SMS, per region (NOTIFY.WINDOW).
    pub notify: Windows,
    /// Hours without on-site visits, per region, and the installation delay (VISIT.WINDOW).
    pub visit: Visit,
    /// Arrears that cancel a membership (STATUS.CANCEL.ARREARS).
    pub arrears: Arrears,
    /// Notice before planned outages (SLA.CUTOVER).
    pub cutover: CutoverNotice,
    /// Queue and counter maxima (SLA.COUNTER).
    pub counter: CounterLimits,
    /// Installer punctuality (SLA.APPOINTMENT.PUNCTUAL).
    pub punctuality: Punctuality,
    /// Recorded voice dunning (DUNNING.CHANNEL).
    pub dunning: Dunning,
    /// Member benefits (BENEFIT.DIAMOND).
    pub benefits: Benefits,
    /// The targets of each incident and customer class (SLA.TICKET).
    pub tickets: TicketPolicies,
}

/// The built-in pack as a JSON document: a starting point for other packs.
pub const BUILTIN_JSON: &str = include_str!("../data/pack-builtin.json");

/// The same document without its layout, as the crate reads it (the build script drops the
/// indentation, nothing else).
const BUILTIN_PACKED: &str = include_str!(concat!(env!("OUT_DIR"), "/pack-builtin.json"));

impl Pack {
    /// The built-in pack: the norms of the source documents (RULES.md), in force for every date.
    /// Read from [`BUILTIN_JSON`] (without its indentation) by the loader every pack goes through,
    /// once, on first use.
    pub fn builtin() -> &'static Pack {
        static BUILTIN: OnceBox<Pack> = OnceBox::new();
        BUILTIN.get_or_init(|| Box::new(load::builtin(BUILTIN_PACKED)))
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

    /// The targets of a ticket of `incident` from a customer of `class` (SLA.TICKET), or
    /// `unknown_rule` when the pack has no policy for them.
    ///
    /// ```
    /// use guifan_core::deadline::{CustomerClass, Incident};
    /// use guifan_core::pack::Pack;
    /// let policy = Pack::builtin().ticket_policy(Incident::Complaint, CustomerClass::Vip).unwrap();
    /// assert_eq!(policy.targets, ["SLA.COMPLAINT.VIP", "SLA.DISPUTE.INITIAL", "SLA.COMPLAINT.BRAND"]);
    /// ```
    pub fn ticket_policy(&self, incident: Incident, class: CustomerClass) -> Result<&TicketPolicy, Error> {
        self.tickets.policy(incident, class).ok_or_else(|| Error::UnknownRule {
            field: "customer_class".into(),
            rule: format!("{incident}/{class}"),
            accepted: format!("the pack {} has no ticket policy for this incident and class", self.info.name),
        })
    }

    /// The office hours of working-minute clocks in `region`: its own, or the pack's for
    /// `default` and any other region the pack names (for its windows); `invalid_input` for a
    /// region the pack does not know.
    pub fn office_hours_in(&self, region: &Region) -> Result<OfficeHours, Error> {
        if let Some((_, hours)) = self.office_hours.regions.iter().find(|(r, _)| r == region) {
            return Ok(*hours);
        }
        let known = *region == Region::DEFAULT || self.notify.has(region) || self.visit.windows.has(region);
        if known {
            return Ok(self.office_hours.hours);
        }
        let mut names: Vec<&str> = alloc::vec![Region::DEFAULT.as_str()];
        let named = self.office_hours.regions.iter().map(|(r, _)| r);
        for r in named
            .chain(self.notify.regions.iter().map(|w| &w.region))
            .chain(self.visit.windows.regions.iter().map(|w| &w.region))
        {
            if !names.contains(&r.as_str()) {
                names.push(r.as_str());
            }
        }
        Err(Error::invalid("region", region.as_str(), format!("accepted: {}", names.join(", "))))
    }

    /// Every block of the pack, each defining one rule: tier tables, the package basis, deadline
    /// rules, windows and limits.
    pub fn blocks(&self) -> Vec<&dyn Params> {
        let t = &self.tiers;
        let mut out: Vec<&dyn Params> = t.personal.iter().map(|b| &b.table as &dyn Params).collect();
        out.extend([&t.enterprise as &dyn Params, &t.government, &t.provisional, &t.package]);
        out.extend(self.sla.iter().map(|r| r as &dyn Params));
        out.extend([
            &self.notify as &dyn Params,
            &self.visit,
            &self.arrears,
            &self.cutover,
            &self.counter,
            &self.punctuality,
            &self.dunning,
            &self.benefits.diamond,
            &self.tickets,
        ]);
        out
    }

    /// The block defining rule `id`, if the pack defines it.
    pub fn block(&self, id: &str) -> Option<&dyn Params> {
        self.blocks().into_iter().find(|b| b.rule() == id)
    }

    /// The rule catalogue as this pack cites it: every entry of RULES.md in its order, the rules
    /// the pack defines cited as the pack cites them (the built-in pack's citation for a rule of
    /// the catalogue this pack leaves out), then the pack's own rules the catalogue lacks.
    pub fn catalogue(&self) -> Vec<Rule> {
        let blocks = self.blocks();
        let defined =
            |id: &str| blocks.iter().find(|b| b.rule() == id).map(|b| Rule::from_source(b.rule(), b.source()));
        let mut out: Vec<Rule> = CATALOGUE
            .iter()
            .filter_map(|e| {
                defined(e.id()).or_else(|| match e {
                    Entry::Cited(r) => Some(r.clone()),
                    Entry::InPack(id) => Pack::builtin().block(id).map(|b| Rule::from_source(id, b.source())),
                })
            })
            .collect();
        for b in &blocks {
            if !CATALOGUE.iter().any(|e| e.id() == b.rule()) {
                out.push(Rule::from_source(b.rule(), b.source()));
            }
        }
        out
    }

    /// The catalogue entry of `id` as this pack cites it.
    pub fn rule(&self, id: &str) -> Option<Rule> {
        self.catalogue().into_iter().find(|r| r.id == id)
    }

    /// A rule's parameters as this pack applies them, one value per key: a tier table's bands
    /// (`silver` → `>= 1080 and < 2160`), ranks, periods, windows per region, limits; none for a
    /// rule the pack does not define.
    pub fn params(&self, id: &str) -> Vec<(String, String)> {
        self.block(id).map(|b| b.params()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::rules_md;

    fn sample() -> Pack {
        Pack::from_json(include_str!("../spec-tests/packs/sample-province.json")).unwrap()
    }

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
        assert_eq!(pack.params("TIER.PACKAGE"), [pair("months", "12"), pair("subscribed_by", "06-30 of rating_year")]);
        assert_eq!(pack.params("STATUS.CANCEL.ARREARS"), [pair("months", "3")]);
        assert_eq!(pack.params("SLA.CUTOVER"), [pair("max_notice_only_hours", "24"), pair("notice_hours", "72")]);
        assert_eq!(
            pack.params("SLA.APPOINTMENT.PUNCTUAL"),
            [pair("tolerance_minutes", "10"), pair("misses_for_breach", "2")]
        );
        assert_eq!(pack.params("DUNNING.CHANNEL"), [pair("voice_from_arrears", "2")]);
        assert_eq!(pack.params("BENEFIT.DIAMOND")[3], pair("reopenings_per_month", "3"));
        assert_eq!(pack.params("SLA.COUNTER")[3], pair("cu_single_item", "10"));
        assert!(pack.params("INTERP.BOUNDS").is_empty());
        // The catalogue lists every RULES.md id once, in order, the pack's citations among them.
        let ids: Vec<Text> = pack.catalogue().into_iter().map(|r| r.id).collect();
        assert_eq!(ids, CATALOGUE.iter().map(|e| e.id()).collect::<Vec<_>>());
        assert_eq!(pack.rule("SLA.CUTOVER").unwrap().document.short, "CT");
    }

    #[test]
    fn a_packs_catalogue_takes_its_own_citations_then_the_built_in_ones() {
        let pack = sample();
        let catalogue = pack.catalogue();
        let rule = |id: &str| catalogue.iter().find(|r| r.id == id).unwrap();
        assert_eq!(rule("SLA.COMPLAINT.ORDINARY").document.short, "SAMPLE");
        // A deadline rule the sample pack leaves out is cited as the built-in pack cites it.
        assert_eq!(rule("SLA.HOTLINE.ORDER").document.short, "NAT");
        assert!(pack.params("SLA.HOTLINE.ORDER").is_empty());
        // Its own rules come last.
        assert_eq!(catalogue.last().unwrap().id, "SAMPLE.BILLING.REFUND");
        assert_eq!(catalogue.len(), CATALOGUE.len() + 2);
    }

    /// Where `words` quotes `excerpt`: each piece between the excerpt's `…` found in order.
    fn quotes(words: &str, excerpt: &str) -> bool {
        let mut rest = words;
        excerpt.split('…').map(str::trim).filter(|p| !p.is_empty()).all(|piece| match rest.find(piece) {
            Some(at) => {
                rest = &rest[at + piece.len()..];
                true
            }
            None => false,
        })
    }

    /// Whether `clause` names every word of RULES.md's short form (`投诉受理 5` in
    /// `服务规范标准用语 (四) 投诉受理应答语 5`; `6.x` stands for any subsection of 6).
    fn names(clause: &str, short: &str) -> bool {
        short.split_whitespace().map(|w| w.trim_matches(|c: char| "(),;".contains(c))).all(|word| {
            match word.strip_suffix('x') {
                Some(section) if section.ends_with('.') => clause
                    .match_indices(section)
                    .any(|(at, _)| clause[at + section.len()..].starts_with(|c: char| c.is_ascii_digit())),
                _ => clause.contains(word),
            }
        })
    }

    /// The numbers and times of a text (`3360`, `08:00`), but `24:00`: every day ends there.
    fn numbers(text: &str) -> Vec<&str> {
        text.split(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.'))
            .map(|t| t.trim_matches(|c| c == '.' || c == ':'))
            .filter(|t| !t.is_empty() && t.starts_with(|c: char| c.is_ascii_digit()) && *t != "24:00")
            .collect()
    }

    #[test]
    fn every_citation_lives_in_one_place_and_agrees_with_rules_md() {
        let pack = Pack::builtin();
        // The catalogue cites the rules the built-in pack does not define; the pack the rest.
        for e in CATALOGUE {
            let defined = pack.block(e.id()).is_some();
            match e {
                Entry::Cited(r) => assert!(!defined, "{} is cited by the catalogue and the built-in pack", r.id),
                Entry::InPack(id) => assert!(defined, "{id} is left to the packs, but the built-in pack lacks it"),
            }
        }
        for b in pack.blocks() {
            let listed = CATALOGUE.iter().any(|e| matches!(e, Entry::InPack(id) if *id == b.rule()));
            assert!(listed, "{} is defined by the built-in pack but not catalogued as the pack's", b.rule());
        }
        // RULES.md's tables name the clause and quote the words of the one citation.
        let rows = rules_md::quoted();
        assert!(rows.len() >= 32, "{} quoting rows", rows.len());
        for row in &rows {
            let rule = pack.rule(&row.id).unwrap_or_else(|| panic!("{} is in RULES.md, not in the catalogue", row.id));
            assert!(
                quotes(&rule.words, &row.words),
                "{}: RULES.md quotes {:?}, the citation is {:?}",
                row.id,
                row.words,
                rule.words
            );
            if let Some(source) = &row.source {
                let (document, clause) = source.split_once(' ').unwrap_or((source, ""));
                assert_eq!(rule.document.short, document, "{}", row.id);
                assert!(
                    names(&rule.clause, clause),
                    "{}: RULES.md names {clause:?}, the citation {:?}",
                    row.id,
                    rule.clause
                );
            }
        }
    }

    /// A summary restates its rule's numbers; they are the parameters', in every pack.
    #[test]
    fn summaries_state_the_parameters() {
        for pack in [Pack::builtin(), &sample()] {
            for b in pack.blocks() {
                let values: Vec<String> = b.params().into_iter().map(|(_, v)| v).collect();
                let known: Vec<&str> = values.iter().flat_map(|v| numbers(v)).collect();
                for n in numbers(&b.source().summary) {
                    assert!(
                        known.contains(&n),
                        "{} {}: the summary says {n}, the parameters {values:?}",
                        pack.info.name,
                        b.rule()
                    );
                }
            }
        }
        assert!(
            names("服务规范标准用语 (四) 投诉受理应答语 5", "投诉受理 5")
                && names("6.1", "6.x")
                && !names("7.1", "6.x")
        );
        assert!(quotes("VIP客户:…我们立即通知专业部门", "立即通知") && !quotes("a b", "b … a"));
    }
}

//! Explanations: the rules a result rests on and the steps taken, for people checking it.

use alloc::string::String;
use alloc::vec::Vec;
use chrono::NaiveDate;

use crate::calendar::statutory::VERSIONS;
use crate::calendar::{Day, DayKind, HolidayName};
use crate::rules::{cite, Rule, Source};

/// Why a result is what it is.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Explanation {
    /// The rules applied, the deciding one first, each with its clause and original words.
    pub rules: Vec<Rule>,
    /// What was done, in order.
    pub steps: Vec<Step>,
}

impl Explanation {
    /// The id of the deciding rule (cited first): the rule a result names when its op names
    /// none of its own, as a ledger's answers do.
    pub fn deciding_rule(&self) -> Option<&str> {
        self.rules.first().map(|r| r.id.as_ref())
    }
}

/// One step of an explanation.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Step {
    /// A sentence of reasoning.
    Note {
        /// The sentence (English).
        text: String,
    },
    /// A calendar day met while counting working days, counted or skipped.
    Day {
        /// The day.
        #[serde(with = "crate::time::date")]
        #[cfg_attr(feature = "schema", schemars(with = "crate::time::IsoDate"))]
        date: NaiveDate,
        /// Its kind: workday, make-up working day, weekend or holiday.
        kind: DayKind,
        /// Whether it counted towards the period.
        counted: bool,
        /// The holiday it belongs to or makes up for.
        holiday: Option<HolidayName>,
        /// Skipped because a pause covers it from 00:00 to 24:00 (INTERP.PAUSE); only written
        /// when true.
        #[serde(default, skip_serializing_if = "is_false")]
        paused: bool,
    },
    /// Where a ticket's target begins (SLA.TICKET): the steps after it, up to the next target,
    /// measure that target.
    Target {
        /// The target's rule id.
        #[cfg_attr(feature = "schema", schemars(with = "crate::rules::RuleId"))]
        rule: crate::rules::Text,
    },
    /// A span in which the clock stopped (INTERP.PAUSE), as counted: cut at the start, ended at
    /// `done`, merged with the pauses it overlaps or touches.
    Pause {
        /// When the clock stopped.
        #[serde(with = "crate::time::instant")]
        #[cfg_attr(feature = "schema", schemars(with = "crate::time::Instant"))]
        from: chrono::DateTime<chrono::FixedOffset>,
        /// When it ran again; `null` while the pause goes on.
        #[serde(with = "crate::time::opt_instant")]
        #[cfg_attr(feature = "schema", schemars(with = "Option<crate::time::Instant>"))]
        to: Option<chrono::DateTime<chrono::FixedOffset>>,
    },
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Collects an explanation only when one was asked for, so plain calls pay nothing.
pub(crate) struct Trace(Option<Explanation>);

impl Trace {
    /// Says that the answer rests on provisional `years`: the rule, the law and what is not yet
    /// known.
    pub(crate) fn provisional(&mut self, years: &[i32]) {
        if years.is_empty() {
            return;
        }
        self.cite("INTERP.PROVISIONAL");
        self.note(|| {
            let list: Vec<String> = years.iter().map(|y| alloc::format!("{y}")).collect();
            let law = &VERSIONS[VERSIONS.len() - 1];
            alloc::format!(
                "provisional: no schedule of {} is published; its rest days are the statutory holidays of \
                 全国年节及纪念日放假办法 art. 2 ({}, in force {}) and the weekends. Not yet known: the make-up working \
                 days (调休上班) and the rest days made up for statutory days on a weekend (补假, art. 6), which the State \
                 Council's notice for the year places; this answer may change once that notice is loaded",
                list.join(", "),
                law.decree,
                crate::time::format_date(law.in_force)
            )
        });
    }

    #[inline]
    pub(crate) fn off() -> Self {
        Trace(None)
    }

    #[inline]
    pub(crate) fn on() -> Self {
        Trace(Some(Explanation::default()))
    }

    #[inline]
    pub(crate) fn is_on(&self) -> bool {
        self.0.is_some()
    }

    /// Cites a rule of the built-in catalogue (once).
    #[inline]
    pub(crate) fn cite(&mut self, id: &'static str) {
        self.push(id, || cite(id).clone());
    }

    /// Cites a rule of the rule pack in force (once), with the pack's source.
    #[inline]
    pub(crate) fn cite_source(&mut self, id: &str, source: &Source) {
        self.push(id, || Rule::from_source(id, source));
    }

    #[inline]
    fn push(&mut self, id: &str, rule: impl FnOnce() -> Rule) {
        if let Some(e) = &mut self.0 {
            if !e.rules.iter().any(|r| r.id == id) {
                e.rules.push(rule());
            }
        }
    }

    /// Adds a sentence, built only when tracing.
    #[inline]
    pub(crate) fn note(&mut self, text: impl FnOnce() -> String) {
        if let Some(e) = &mut self.0 {
            e.steps.push(Step::Note { text: text() });
        }
    }

    #[inline]
    pub(crate) fn day(&mut self, day: &Day<'_>, counted: bool, paused: bool) {
        if let Some(e) = &mut self.0 {
            let holiday = day.holiday.cloned();
            e.steps.push(Step::Day { date: day.date, kind: day.kind, counted, holiday, paused });
        }
    }

    /// Opens the steps of a ticket's target.
    pub(crate) fn target(&mut self, rule: &crate::rules::Text) {
        if let Some(e) = &mut self.0 {
            e.steps.push(Step::Target { rule: rule.clone() });
        }
    }

    /// Records a span in which the clock stopped (Beijing wall times).
    pub(crate) fn pause(&mut self, from: chrono::NaiveDateTime, to: Option<chrono::NaiveDateTime>) {
        if let Some(e) = &mut self.0 {
            let at = |t: chrono::NaiveDateTime| crate::time::from_beijing("pauses", t).ok();
            if let Some(from) = at(from) {
                e.steps.push(Step::Pause { from, to: to.and_then(at) });
            }
        }
    }

    pub(crate) fn finish(self) -> Explanation {
        self.0.unwrap_or_default()
    }
}

/// Runs `f` with tracing on and pairs its result with the explanation.
pub(crate) fn explained<T>(
    f: impl FnOnce(&mut Trace) -> Result<T, crate::Error>,
) -> Result<Explained<T>, crate::Error> {
    let mut trace = Trace::on();
    let result = f(&mut trace)?;
    Ok(Explained { result, explanation: trace.finish() })
}

/// A result together with its explanation.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Explained<T> {
    /// The result, as the plain call returns it.
    pub result: T,
    /// The rules and steps behind it.
    pub explanation: Explanation,
}

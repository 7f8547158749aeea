//! The `evaluate` contract as Rust types: one type per op's input and one per output.
//!
//! An op's input is read straight from JSON text into its type (no intermediate value), and its
//! output is the very type the Rust API returns, written back as JSON. Follow an op from the
//! JSON Schema (`spec-tests/schema/contract.schema.json`, generated from these types) to Rust in
//! one hop: the schema's `x-ops` names each op's input and output type, and each name is the
//! Rust type's name.
//!
//! | op | input | output |
//! |---|---|---|
//! | `tier` | [`TierInput`] | [`TierResult`] |
//! | `review` | [`ReviewInput`] | [`Review`] |
//! | `status` | [`StatusInput`] | [`StatusResult`] |
//! | `points.merge` | [`PointsMergeInput`] | [`Merged`] |
//! | `points.redeem` | [`PointsRedeemInput`] | [`Redemption`] |
//! | `deadline` | [`DeadlineInput`] | [`Deadline`] |
//! | `ticket` | [`TicketInput`] | [`Ticket`] |
//! | `calendar.day` | [`CalendarDayInput`] | [`CalendarDay`] |
//! | `calendar.count_working_days` | [`CountWorkingDaysInput`] | [`WorkingDayCount`] |
//! | `calendar.add_working_days` | [`AddWorkingDaysInput`] | [`WorkingDate`] |
//! | `calendar.from_notice` | [`FromNoticeInput`] | [`CalendarDocument`] |
//! | `notify` | [`NotifyInput`] | [`Notify`] |
//! | `visit` | [`VisitInput`] | [`VisitCheck`] |
//! | `cutover` | [`CutoverInput`] | [`Cutover`] |
//! | `dunning` | [`DunningInput`] | [`Dunning`] |
//! | `punctuality` | [`PunctualityInput`] | [`Punctuality`] |
//! | `rules` | [`RulesInput`] | [`RulesAnswer`] |
//!
//! Ops whose output type does not name its rule get a fixed `rule` ([`Op::rule`]); an answer
//! resting on provisional years gets `"provisional": true` (its type lists the years); every
//! output gets `explanation` when asked for. Errors are [`ErrorBody`].

use alloc::string::String;
use alloc::vec::Vec;
use chrono::{DateTime, FixedOffset, NaiveDate};
use core::fmt;
use rust_decimal::Decimal;

use crate::calendar::{Day, DayKind};
use crate::pack::{PackRef, Text};
use crate::rules::Rule;
use crate::window::Region;
use crate::{Error, ErrorKind, Problem};

pub use crate::cutover::Cutover;
pub use crate::deadline::{Deadline, DeadlineInput};
pub use crate::points::{Account, Lot, Merged, Redemption};
pub use crate::status::{StatusInput, StatusResult};
pub use crate::ticket::{Ticket, TicketInput};
pub use crate::tier::{Override, Review, Tier, TierInput, TierResult};
pub use crate::window::{Notify, VisitCheck};

#[cfg(feature = "schema")]
#[cfg_attr(docsrs, doc(cfg(feature = "schema")))]
pub mod schema;

/// The ops of the contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Op {
    /// `tier`: rate a customer.
    Tier,
    /// `review`: the yearly review, with an approved override.
    Review,
    /// `status`: membership status.
    Status,
    /// `points.merge`: a customer's points across accounts.
    PointsMerge,
    /// `points.redeem`: spend points, soonest-expiring first.
    PointsRedeem,
    /// `deadline`: when something is due.
    Deadline,
    /// `ticket`: a ticket's targets and their states.
    Ticket,
    /// `calendar.day`: what the calendar says about a date.
    CalendarDay,
    /// `calendar.count_working_days`: working days between two dates.
    CountWorkingDays,
    /// `calendar.add_working_days`: the n-th working day after a date.
    AddWorkingDays,
    /// `calendar.from_notice`: a calendar document from the State Council's notices.
    FromNotice,
    /// `notify`: may a call or SMS go out now?
    Notify,
    /// `visit`: may a technician come now?
    Visit,
    /// `cutover`: what a planned outage needs.
    Cutover,
    /// `dunning`: may arrears be chased by recorded voice?
    Dunning,
    /// `punctuality`: was an installer on time?
    Punctuality,
    /// `rules`: the rule catalogue.
    Rules,
}

crate::key::keyed!(
    Op,
    "op",
    OPS = [
        ("tier", Op::Tier),
        ("review", Op::Review),
        ("status", Op::Status),
        ("points.merge", Op::PointsMerge),
        ("points.redeem", Op::PointsRedeem),
        ("deadline", Op::Deadline),
        ("ticket", Op::Ticket),
        ("calendar.day", Op::CalendarDay),
        ("calendar.count_working_days", Op::CountWorkingDays),
        ("calendar.add_working_days", Op::AddWorkingDays),
        ("calendar.from_notice", Op::FromNotice),
        ("notify", Op::Notify),
        ("visit", Op::Visit),
        ("cutover", Op::Cutover),
        ("dunning", Op::Dunning),
        ("punctuality", Op::Punctuality),
        ("rules", Op::Rules),
    ]
);

impl Op {
    /// The op named `name`, or `unknown_op` listing them all.
    pub fn named(name: &str) -> Result<Op, Error> {
        OPS.iter().find(|(k, _)| *k == name).map(|(_, op)| *op).ok_or_else(|| {
            let names: Vec<&str> = Op::keys().collect();
            Error::UnknownOp { op: name.into(), accepted: names.join(", ") }
        })
    }

    /// The rule an op's output names when its output type names none itself.
    pub fn rule(self) -> Option<&'static str> {
        match self {
            Op::PointsMerge => Some("POINTS.MERGE"),
            Op::PointsRedeem => Some("POINTS.REDEEM_ORDER"),
            Op::CalendarDay | Op::CountWorkingDays | Op::AddWorkingDays => Some("INTERP.CALENDAR"),
            Op::Notify => Some("NOTIFY.WINDOW"),
            Op::Visit => Some("VISIT.WINDOW"),
            Op::Cutover => Some("SLA.CUTOVER"),
            Op::Dunning => Some("DUNNING.CHANNEL"),
            Op::Punctuality => Some("SLA.APPOINTMENT.PUNCTUAL"),
            Op::Ticket => Some("SLA.TICKET"),
            Op::Tier | Op::Review | Op::Status | Op::Deadline | Op::FromNotice | Op::Rules => None,
        }
    }
}

/// Declares an op's input struct: read from JSON objects only, unknown keys refused.
macro_rules! input {
    ($(#[$meta:meta])* pub struct $name:ident { $($body:tt)* }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[serde(remote = "Self", deny_unknown_fields)]
        pub struct $name { $($body)* }
        crate::de::objects_only!($name);
    };
}

input! {
    /// The input of `review`: the previous tier, the current rating's input and an approved
    /// override.
    pub struct ReviewInput {
        /// The tier before the review.
        pub previous_tier: Tier,
        /// A `tier` input: the customer as rated now.
        pub current: TierInput,
        /// An approved override of a downgrade (TIER.OVERRIDE).
        #[serde(default, rename = "override")]
        #[cfg_attr(feature = "schema", schemars(rename = "override"))]
        pub approved: Option<Override>,
    }
}

input! {
    /// The input of `points.merge`.
    pub struct PointsMergeInput {
        /// The customer whose accounts are merged.
        pub customer_id: String,
        /// The day of the balance.
        #[serde(with = "crate::time::date")]
        #[cfg_attr(feature = "schema", schemars(with = "crate::time::IsoDate"))]
        pub as_of: NaiveDate,
        /// The customer's accounts.
        pub accounts: Vec<Account>,
    }
}

input! {
    /// The input of `points.redeem`.
    pub struct PointsRedeemInput {
        /// The lots to spend from.
        pub lots: Vec<Lot>,
        /// The day of the redemption.
        #[serde(with = "crate::time::date")]
        #[cfg_attr(feature = "schema", schemars(with = "crate::time::IsoDate"))]
        pub as_of: NaiveDate,
        /// Points to redeem (at least 1).
        #[serde(deserialize_with = "crate::money::counted")]
        #[cfg_attr(feature = "schema", schemars(with = "crate::money::Count"))]
        pub points: u64,
        /// Whether the member is frozen (POINTS.FROZEN).
        #[serde(default, deserialize_with = "crate::de::flag")]
        pub frozen: bool,
    }
}

input! {
    /// The input of `calendar.day`.
    pub struct CalendarDayInput {
        /// The date asked about.
        #[serde(with = "crate::time::date")]
        #[cfg_attr(feature = "schema", schemars(with = "crate::time::IsoDate"))]
        pub date: NaiveDate,
    }
}

input! {
    /// The input of `calendar.count_working_days`: both ends included.
    pub struct CountWorkingDaysInput {
        /// The first day.
        #[serde(with = "crate::time::date")]
        #[cfg_attr(feature = "schema", schemars(with = "crate::time::IsoDate"))]
        pub from: NaiveDate,
        /// The last day.
        #[serde(with = "crate::time::date")]
        #[cfg_attr(feature = "schema", schemars(with = "crate::time::IsoDate"))]
        pub to: NaiveDate,
    }
}

input! {
    /// The input of `calendar.add_working_days`.
    pub struct AddWorkingDaysInput {
        /// The start date (not counted).
        #[serde(with = "crate::time::date")]
        #[cfg_attr(feature = "schema", schemars(with = "crate::time::IsoDate"))]
        pub date: NaiveDate,
        /// Working days to move: negative goes back, 0 gives the date.
        #[serde(deserialize_with = "crate::de::whole")]
        #[cfg_attr(feature = "schema", schemars(with = "i64"))]
        pub days: i64,
    }
}

/// The input of `calendar.from_notice`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct FromNoticeInput {
    /// A notice's text, or several in the order they were published.
    #[serde(deserialize_with = "notices")]
    #[cfg_attr(feature = "schema", schemars(with = "NoticeTexts"))]
    pub text: Vec<String>,
}

crate::de::objects_only!(FromNoticeInput);

/// One notice's text, or a list of them (not empty).
#[cfg(feature = "schema")]
#[derive(schemars::JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum NoticeTexts {
    One(String),
    Many(Vec<String>),
}

/// `text`: a string, or a list of strings (each at `text[i]`) that is not empty.
fn notices<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    struct Texts;
    impl<'de> serde::de::Visitor<'de> for Texts {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a notice's text, or a list of them in order")
        }
        fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Vec<String>, E> {
            Ok(alloc::vec![text.into()])
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<String>, A::Error> {
            let mut texts = Vec::new();
            while let Some(text) = seq.next_element()? {
                texts.push(text);
            }
            if texts.is_empty() {
                let why = "a notice's text, or a list of them in order";
                return Err(crate::de::carry(Error::invalid("", "[]", why)));
            }
            Ok(texts)
        }
    }
    d.deserialize_any(Texts)
}

input! {
    /// The input of `notify`.
    pub struct NotifyInput {
        /// The instant asked about; it also picks the rule pack in force.
        #[serde(with = "crate::time::instant")]
        #[cfg_attr(feature = "schema", schemars(with = "crate::time::Instant"))]
        pub at: DateTime<FixedOffset>,
        /// The customer's region (default `default`).
        #[serde(default, deserialize_with = "crate::de::or_default")]
        pub region: Region,
    }
}

input! {
    /// The input of `visit`.
    pub struct VisitInput {
        /// The instant asked about; it also picks the rule pack in force.
        #[serde(with = "crate::time::instant")]
        #[cfg_attr(feature = "schema", schemars(with = "crate::time::Instant"))]
        pub at: DateTime<FixedOffset>,
        /// The customer's region (default `default`).
        #[serde(default, deserialize_with = "crate::de::or_default")]
        pub region: Region,
        /// When an installation was booked, for installation visits.
        #[serde(default, with = "crate::time::opt_instant")]
        #[cfg_attr(feature = "schema", schemars(with = "Option<crate::time::Instant>"))]
        pub booked: Option<DateTime<FixedOffset>>,
    }
}

input! {
    /// The input of `cutover`.
    pub struct CutoverInput {
        /// When the outage starts.
        #[serde(with = "crate::time::instant")]
        #[cfg_attr(feature = "schema", schemars(with = "crate::time::Instant"))]
        pub start: DateTime<FixedOffset>,
        /// How long it lasts, in hours (a decimal).
        #[serde(with = "crate::money::exact")]
        #[cfg_attr(feature = "schema", schemars(with = "crate::money::Money"))]
        pub outage_hours: Decimal,
        /// Whether key customers are affected.
        pub key_customers: bool,
    }
}

input! {
    /// The input of `dunning`.
    pub struct DunningInput {
        /// Which arrears this is for the customer, from 1.
        #[serde(deserialize_with = "crate::money::counted")]
        #[cfg_attr(feature = "schema", schemars(with = "crate::money::Count"))]
        pub arrears_count: u32,
    }
}

input! {
    /// The input of `punctuality`.
    pub struct PunctualityInput {
        /// The agreed arrival.
        #[serde(with = "crate::time::instant")]
        #[cfg_attr(feature = "schema", schemars(with = "crate::time::Instant"))]
        pub agreed: DateTime<FixedOffset>,
        /// The actual arrival.
        #[serde(with = "crate::time::instant")]
        #[cfg_attr(feature = "schema", schemars(with = "crate::time::Instant"))]
        pub arrived: DateTime<FixedOffset>,
    }
}

input! {
    /// The input of `rules`: one rule by id, or the whole catalogue.
    pub struct RulesInput {
        /// A rule id; without one, every rule.
        #[serde(default)]
        #[cfg_attr(feature = "schema", schemars(with = "Option<crate::rules::RuleId>"))]
        pub id: Option<String>,
        /// The day whose rule pack cites the rules (default: the latest pack).
        #[serde(default, with = "crate::time::opt_date")]
        #[cfg_attr(feature = "schema", schemars(with = "Option<crate::time::IsoDate>"))]
        pub as_of: Option<NaiveDate>,
    }
}

/// An op with its input: what an `evaluate` request asks.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
#[allow(missing_docs)]
pub enum Input {
    Tier(TierInput),
    Review(ReviewInput),
    Status(StatusInput),
    PointsMerge(PointsMergeInput),
    PointsRedeem(PointsRedeemInput),
    Deadline(DeadlineInput),
    Ticket(TicketInput),
    CalendarDay(CalendarDayInput),
    CountWorkingDays(CountWorkingDaysInput),
    AddWorkingDays(AddWorkingDaysInput),
    FromNotice(FromNoticeInput),
    Notify(NotifyInput),
    Visit(VisitInput),
    Cutover(CutoverInput),
    Dunning(DunningInput),
    Punctuality(PunctualityInput),
    Rules(RulesInput),
}

/// `$body` with the type `$t` standing for the input type of `$op`, its result wrapped in that
/// op's [`Input`] variant: the one table from op to input type.
macro_rules! by_op {
    ($op:expr, $t:ident => $body:expr) => {
        match $op {
            Op::Tier => {
                type $t = TierInput;
                ($body).map(Input::Tier)
            }
            Op::Review => {
                type $t = ReviewInput;
                ($body).map(Input::Review)
            }
            Op::Status => {
                type $t = StatusInput;
                ($body).map(Input::Status)
            }
            Op::PointsMerge => {
                type $t = PointsMergeInput;
                ($body).map(Input::PointsMerge)
            }
            Op::PointsRedeem => {
                type $t = PointsRedeemInput;
                ($body).map(Input::PointsRedeem)
            }
            Op::Deadline => {
                type $t = DeadlineInput;
                ($body).map(Input::Deadline)
            }
            Op::Ticket => {
                type $t = TicketInput;
                ($body).map(Input::Ticket)
            }
            Op::CalendarDay => {
                type $t = CalendarDayInput;
                ($body).map(Input::CalendarDay)
            }
            Op::CountWorkingDays => {
                type $t = CountWorkingDaysInput;
                ($body).map(Input::CountWorkingDays)
            }
            Op::AddWorkingDays => {
                type $t = AddWorkingDaysInput;
                ($body).map(Input::AddWorkingDays)
            }
            Op::FromNotice => {
                type $t = FromNoticeInput;
                ($body).map(Input::FromNotice)
            }
            Op::Notify => {
                type $t = NotifyInput;
                ($body).map(Input::Notify)
            }
            Op::Visit => {
                type $t = VisitInput;
                ($body).map(Input::Visit)
            }
            Op::Cutover => {
                type $t = CutoverInput;
                ($body).map(Input::Cutover)
            }
            Op::Dunning => {
                type $t = DunningInput;
                ($body).map(Input::Dunning)
            }
            Op::Punctuality => {
                type $t = PunctualityInput;
                ($body).map(Input::Punctuality)
            }
            Op::Rules => {
                type $t = RulesInput;
                ($body).map(Input::Rules)
            }
        }
    };
}
pub(crate) use by_op;

impl Input {
    /// The op this input is for.
    pub fn op(&self) -> Op {
        match self {
            Input::Tier(_) => Op::Tier,
            Input::Review(_) => Op::Review,
            Input::Status(_) => Op::Status,
            Input::PointsMerge(_) => Op::PointsMerge,
            Input::PointsRedeem(_) => Op::PointsRedeem,
            Input::Deadline(_) => Op::Deadline,
            Input::Ticket(_) => Op::Ticket,
            Input::CalendarDay(_) => Op::CalendarDay,
            Input::CountWorkingDays(_) => Op::CountWorkingDays,
            Input::AddWorkingDays(_) => Op::AddWorkingDays,
            Input::FromNotice(_) => Op::FromNotice,
            Input::Notify(_) => Op::Notify,
            Input::Visit(_) => Op::Visit,
            Input::Cutover(_) => Op::Cutover,
            Input::Dunning(_) => Op::Dunning,
            Input::Punctuality(_) => Op::Punctuality,
            Input::Rules(_) => Op::Rules,
        }
    }

    /// Reads the input of `op` from JSON text, with the contract's errors at paths inside it
    /// (`customer.annual_spend`).
    pub fn from_json(op: Op, text: &str) -> Result<Input, Error> {
        let at = crate::json::At::new("", "input");
        by_op!(op, T => crate::json::read::<T>(text, at))
    }
}

/// The output of `calendar.day`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct CalendarDay {
    /// Whether it is a working day.
    pub working_day: bool,
    /// A Saturday or Sunday declared a working day (调休上班).
    pub makeup_workday: bool,
    /// A rest day of an official holiday block.
    pub holiday: bool,
    /// The holiday's key (`national_day`) on a holiday.
    pub holiday_name: Option<Text>,
    /// The holiday's Chinese name (国庆节) on a holiday.
    pub holiday_name_zh: Option<Text>,
    /// The holiday a make-up working day makes up for.
    pub makeup_for: Option<Text>,
    /// Why it is (not) a working day.
    pub kind: DayKind,
    /// The provisional year of the date, when the calendar answers provisionally for it
    /// (INTERP.PROVISIONAL).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub provisional_years: Vec<i32>,
}

impl CalendarDay {
    /// What the calendar says of `day`, counted on `provisional_years`.
    pub fn of(day: &Day<'_>, provisional_years: Vec<i32>) -> Self {
        let of = |kind: DayKind| day.holiday.filter(|_| day.kind == kind);
        CalendarDay {
            working_day: day.is_working_day(),
            makeup_workday: day.kind == DayKind::MakeupWorkday,
            holiday: day.kind == DayKind::Holiday,
            holiday_name: of(DayKind::Holiday).map(|h| h.key.clone()),
            holiday_name_zh: of(DayKind::Holiday).map(|h| h.zh.clone()),
            makeup_for: of(DayKind::MakeupWorkday).map(|h| h.key.clone()),
            kind: day.kind,
            provisional_years,
        }
    }
}

/// The output of `calendar.count_working_days`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct WorkingDayCount {
    /// Working days from `from` to `to`, both included (0 when `to` is before `from`).
    pub count: u32,
    /// The provisional years counted on (INTERP.PROVISIONAL).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub provisional_years: Vec<i32>,
}

/// The output of `calendar.add_working_days`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct WorkingDate {
    /// The working day reached.
    #[serde(with = "crate::time::date")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::time::IsoDate"))]
    pub date: NaiveDate,
    /// The provisional years counted on (INTERP.PROVISIONAL).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub provisional_years: Vec<i32>,
}

/// The output of `calendar.from_notice`: a calendar document (the format of the built-in
/// `cn-mainland.json`), ready to load.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct CalendarDocument(pub serde_json::Value);

#[cfg(feature = "schema")]
impl schemars::JsonSchema for CalendarDocument {
    fn schema_name() -> alloc::borrow::Cow<'static, str> {
        "CalendarDocument".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A calendar document (the format of the built-in cn-mainland.json: `years`, each with `holidays` and `makeup_workdays`), ready to load.",
            "type": "object"
        })
    }
}

/// The output of `dunning`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Dunning {
    /// Whether recorded voice calls may chase these arrears (from the second arrears on).
    pub voice_allowed: bool,
}

/// The output of `punctuality`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Punctuality {
    /// Within 10 minutes of the agreed time, early or late.
    pub on_time: bool,
    /// Arrival minus agreed time, in seconds (negative: early).
    pub deviation_seconds: i64,
}

/// A rule's parameters as the pack applies them, one text per key, in the pack's order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Params(pub Vec<(String, String)>);

impl serde::Serialize for Params {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

impl<'de> serde::Deserialize<'de> for Params {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Entries;
        impl<'de> serde::de::Visitor<'de> for Entries {
            type Value = Params;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of texts")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Params, A::Error> {
                let mut out: Vec<(String, String)> = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, String>()? {
                    if out.iter().any(|(seen, _)| *seen == k) {
                        return Err(serde::de::Error::custom(alloc::format!("parameter {k:?} given twice")));
                    }
                    out.push((k, v));
                }
                Ok(Params(out))
            }
        }
        d.deserialize_map(Entries)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Params {
    fn schema_name() -> alloc::borrow::Cow<'static, str> {
        "Params".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A rule's parameters as the pack applies them, one text per key.",
            "type": "object",
            "additionalProperties": { "type": "string" }
        })
    }
}

/// One rule of the catalogue with its parameters: the output of `rules` with an `id`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct RuleEntry {
    /// The rule, cited as the pack in force cites it.
    #[serde(flatten)]
    pub rule: Rule,
    /// Its parameters under that pack.
    pub params: Params,
}

/// The catalogue as a pack cites it: the output of `rules` without an `id`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Catalogue {
    /// Every rule, in RULES.md order, then the pack's own.
    pub rules: Vec<RuleEntry>,
    /// The pack that cites them.
    pub pack: PackRef,
}

/// The output of `rules`: one rule, or the catalogue.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
#[allow(missing_docs)]
pub enum RulesAnswer {
    One(RuleEntry),
    All(Catalogue),
}

/// The output of an op: the result type of the Rust API for it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(untagged)]
#[non_exhaustive]
#[allow(missing_docs)]
pub enum Answer {
    Tier(TierResult),
    Review(Review),
    Status(StatusResult),
    PointsMerge(Merged),
    PointsRedeem(Redemption),
    Deadline(Deadline),
    Ticket(Ticket),
    CalendarDay(CalendarDay),
    CountWorkingDays(WorkingDayCount),
    AddWorkingDays(WorkingDate),
    FromNotice(CalendarDocument),
    Notify(Notify),
    Visit(VisitCheck),
    Cutover(Cutover),
    Dunning(Dunning),
    Punctuality(Punctuality),
    Rules(RulesAnswer),
}

impl Answer {
    /// The provisional years the answer rests on (INTERP.PROVISIONAL); empty for most.
    pub fn provisional_years(&self) -> &[i32] {
        match self {
            Answer::Deadline(d) => &d.provisional_years,
            Answer::Ticket(t) => &t.provisional_years,
            Answer::CalendarDay(d) => &d.provisional_years,
            Answer::CountWorkingDays(c) => &c.provisional_years,
            Answer::AddWorkingDays(a) => &a.provisional_years,
            _ => &[],
        }
    }
}

/// An error as every surface writes it: `{"error": {"kind", "message", "field", "value",
/// "problems"?}}` (this is the inner object).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ErrorBody {
    /// The stable kind.
    pub kind: ErrorKind,
    /// What went wrong, naming the field and the value.
    pub message: String,
    /// The input field at fault, a path such as `lines[2].arrears_since`.
    pub field: Option<String>,
    /// The offending value as text.
    pub value: Option<String>,
    /// Every problem of an invalid rule pack or calendar document.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<Problem>,
}

impl From<&Error> for ErrorBody {
    fn from(e: &Error) -> Self {
        ErrorBody {
            kind: e.error_kind(),
            message: alloc::string::ToString::to_string(e),
            field: e.field().map(String::from),
            value: e.value(),
            problems: e.problems().to_vec(),
        }
    }
}

/// `{"error": ErrorBody}`, the failure answer of `evaluate`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ErrorResponse {
    /// What went wrong.
    pub error: ErrorBody,
}

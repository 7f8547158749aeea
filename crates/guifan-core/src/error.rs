//! The one error type. [`ErrorKind`] is the one list of the contract's stable kinds
//! (VECTORS.md), which every surface's error classes are generated from; messages name the field
//! and the value at fault and, for unknown names, the accepted ones.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

/// One problem of a rule pack or a calendar document: where, what was there, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Problem {
    /// The path of the entry, e.g. `tiers.personal.e_home.bands[1].min`.
    pub field: String,
    /// The value found there (`missing` when absent).
    pub value: String,
    /// What is wrong, naming the field and the value.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

fn listed(problems: &[Problem]) -> String {
    let lines: Vec<String> = problems.iter().map(|p| alloc::format!("{p}")).collect();
    lines.join("; ")
}

/// Documentation text on one line: its lines trimmed and joined.
pub(crate) fn one_line(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    lines.join(" ")
}

/// Declares [`ErrorKind`] from one list: each kind's key and, from its doc comment, the
/// description the generated error classes carry.
macro_rules! kinds {
    ($($(#[doc = $doc:literal])+ $variant:ident = $key:literal,)+) => {
        /// The stable kind of an [`Error`]: what every surface reports as `kind`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum ErrorKind {
            $($(#[doc = $doc])+ $variant,)+
        }

        impl ErrorKind {
            /// Every kind, in the contract's order.
            pub const ALL: &'static [ErrorKind] = &[$(ErrorKind::$variant),+];

            /// The kind's key, e.g. `calendar_year_unknown`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorKind::$variant => $key,)+
                }
            }

            /// What the kind means: its documentation, on one line.
            pub fn description(self) -> String {
                match self {
                    $(ErrorKind::$variant => one_line(concat!($($doc, "\n"),+)),)+
                }
            }
        }
    };
}

kinds! {
    /// Malformed or missing field, wrong type, impossible date, value out of range; a rule pack
    /// or calendar document with problems.
    InvalidInput = "invalid_input",
    /// An `evaluate` op that does not exist.
    UnknownOp = "unknown_op",
    /// A rule id that is not in the catalogue, or not a rule of the kind asked for.
    UnknownRule = "unknown_rule",
    /// A personal brand without a tier table in the rule pack.
    UnknownBrand = "unknown_brand",
    /// Money, points or a period below zero.
    NegativeAmount = "negative_amount",
    /// A working-day question touches a year with no known schedule (INTERP.CALENDAR).
    CalendarYearUnknown = "calendar_year_unknown",
    /// A redemption asks for more than the spendable balance (POINTS.REDEEM_ORDER).
    InsufficientPoints = "insufficient_points",
    /// The member is frozen, so the points are too (POINTS.FROZEN).
    PointsFrozen = "points_frozen",
    /// Accounts of another customer in a merge (POINTS.MERGE).
    CustomerMismatch = "customer_mismatch",
    /// The same lot id seen twice with different content (POINTS.MERGE).
    DuplicateLotConflict = "duplicate_lot_conflict",
    /// A manual override without an approval reference (TIER.OVERRIDE).
    OverrideNeedsApproval = "override_needs_approval",
    /// A manual override where the review is not a downgrade (TIER.OVERRIDE).
    OverrideWithoutDowngrade = "override_without_downgrade",
    /// A manual override that does not raise the evaluated tier (TIER.OVERRIDE).
    OverrideNotHigher = "override_not_higher",
    /// A manual override above the previous tier (TIER.OVERRIDE).
    OverrideAbovePrevious = "override_above_previous",
    /// A bug in guifan, caught where a binding meets its caller; never produced by the rules.
    Internal = "internal",
}

impl core::fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for ErrorKind {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl serde::Serialize for ErrorKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for ErrorKind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let key: String = serde::Deserialize::deserialize(d)?;
        ErrorKind::ALL.iter().copied().find(|k| k.as_str() == key).ok_or_else(|| {
            let keys: Vec<&str> = ErrorKind::ALL.iter().map(|k| k.as_str()).collect();
            serde::de::Error::custom(alloc::format!("unknown error kind {key:?}; accepted: {}", keys.join(", ")))
        })
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for ErrorKind {
    fn schema_name() -> alloc::borrow::Cow<'static, str> {
        "ErrorKind".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let kinds: Vec<serde_json::Value> = ErrorKind::ALL
            .iter()
            .map(|k| serde_json::json!({ "const": k.as_str(), "description": k.description() }))
            .collect();
        schemars::json_schema!({ "type": "string", "oneOf": kinds })
    }
}

/// Everything that can go wrong; every surface reports it with the same [`Error::kind`].
///
/// The variants' fields are read through [`Error::field`] and [`Error::value`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
#[allow(missing_docs)]
pub enum Error {
    /// Malformed or missing field, wrong type, impossible date, value out of range.
    #[error("invalid {field}: {value} ({reason})")]
    InvalidInput { field: String, value: String, reason: String },
    /// A rule pack with problems, each with its path; the pack is refused whole.
    #[error("invalid rule pack, {} problem(s): {}", problems.len(), listed(problems))]
    InvalidPack { problems: Vec<Problem> },
    /// A calendar document with problems, each with its path; it changes nothing.
    #[error("invalid calendar document, {} problem(s): {}", problems.len(), listed(problems))]
    InvalidCalendar { problems: Vec<Problem> },
    /// An `evaluate` op that does not exist.
    #[error("unknown op {op:?}; accepted: {accepted}")]
    UnknownOp { op: String, accepted: String },
    /// A rule id that is not in the catalogue, or not a rule of the kind asked for.
    #[error("unknown {field} {rule:?}; accepted: {accepted}")]
    UnknownRule { field: String, rule: String, accepted: String },
    /// A personal brand other than the ones with a tier table.
    #[error("unknown {field} {brand:?}; accepted: {accepted}")]
    UnknownBrand { field: String, brand: String, accepted: String },
    /// Money, points or a period below zero.
    #[error("{field} must not be negative, got {value}")]
    NegativeAmount { field: String, value: String },
    /// A working-day question touches a year with no known schedule (INTERP.CALENDAR); `field`
    /// is the input date the question was asked from.
    #[error("{field}: the working-day schedule of {year} is not known; load it before asking about that year")]
    CalendarYearUnknown { field: String, year: i32 },
    /// A redemption asks for more than the spendable balance (POINTS.REDEEM_ORDER).
    #[error("points: {requested} requested but only {available} spendable")]
    InsufficientPoints { requested: u64, available: u64 },
    /// The member is frozen, so the points are too (POINTS.FROZEN).
    #[error("points are frozen while the membership is frozen (STATUS.FREEZE); pay the arrears first")]
    PointsFrozen,
    /// Accounts of another customer in a merge (POINTS.MERGE).
    #[error("{field}: account belongs to customer {found:?}, not {expected:?}")]
    CustomerMismatch { field: String, expected: String, found: String },
    /// The same lot id seen twice with different content (POINTS.MERGE).
    #[error("{field}: lot {id:?} appears twice with different content")]
    DuplicateLotConflict { field: String, id: String },
    /// A manual override without an approval reference (TIER.OVERRIDE).
    #[error("override.approval_ref: an override needs the provincial marketing department's approval reference")]
    OverrideNeedsApproval,
    /// A manual override where the review is not a downgrade (TIER.OVERRIDE).
    #[error("override: only a downgrade may be overridden, this review is {change}")]
    OverrideWithoutDowngrade { change: &'static str },
    /// A manual override that does not raise the evaluated tier (TIER.OVERRIDE).
    #[error("override.tier: {tier} is not above the evaluated tier {evaluated}")]
    OverrideNotHigher { tier: &'static str, evaluated: &'static str },
    /// A manual override above the previous tier (TIER.OVERRIDE).
    #[error("override.tier: {tier} is above the previous tier {previous}")]
    OverrideAbovePrevious { tier: &'static str, previous: &'static str },
    /// A bug in guifan, caught where a binding meets its caller (a panic, turned into an error
    /// so that none crosses the boundary); never produced by the rules themselves.
    #[error("internal error: this is a bug in guifan, please report it ({message})")]
    Internal { message: String },
}

impl Error {
    /// The stable error kind of the `evaluate` contract, e.g. `calendar_year_unknown`.
    pub fn kind(&self) -> &'static str {
        self.error_kind().as_str()
    }

    /// The kind as the [`ErrorKind`] enumeration.
    pub fn error_kind(&self) -> ErrorKind {
        match self {
            Error::InvalidInput { .. } | Error::InvalidPack { .. } | Error::InvalidCalendar { .. } => {
                ErrorKind::InvalidInput
            }
            Error::UnknownOp { .. } => ErrorKind::UnknownOp,
            Error::UnknownRule { .. } => ErrorKind::UnknownRule,
            Error::UnknownBrand { .. } => ErrorKind::UnknownBrand,
            Error::NegativeAmount { .. } => ErrorKind::NegativeAmount,
            Error::CalendarYearUnknown { .. } => ErrorKind::CalendarYearUnknown,
            Error::InsufficientPoints { .. } => ErrorKind::InsufficientPoints,
            Error::PointsFrozen => ErrorKind::PointsFrozen,
            Error::CustomerMismatch { .. } => ErrorKind::CustomerMismatch,
            Error::DuplicateLotConflict { .. } => ErrorKind::DuplicateLotConflict,
            Error::OverrideNeedsApproval => ErrorKind::OverrideNeedsApproval,
            Error::OverrideWithoutDowngrade { .. } => ErrorKind::OverrideWithoutDowngrade,
            Error::OverrideNotHigher { .. } => ErrorKind::OverrideNotHigher,
            Error::OverrideAbovePrevious { .. } => ErrorKind::OverrideAbovePrevious,
            Error::Internal { .. } => ErrorKind::Internal,
        }
    }

    /// The input field at fault (a path such as `lines[2].arrears_since`), when there is one.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::InvalidInput { field, .. }
            | Error::UnknownRule { field, .. }
            | Error::UnknownBrand { field, .. }
            | Error::NegativeAmount { field, .. }
            | Error::CustomerMismatch { field, .. }
            | Error::DuplicateLotConflict { field, .. }
            | Error::CalendarYearUnknown { field, .. } => Some(field),
            Error::InvalidPack { problems } | Error::InvalidCalendar { problems } => {
                problems.first().map(|p| p.field.as_str())
            }
            Error::UnknownOp { .. } => Some("op"),
            Error::InsufficientPoints { .. } | Error::PointsFrozen => Some("points"),
            Error::OverrideNeedsApproval => Some("override.approval_ref"),
            Error::OverrideWithoutDowngrade { .. } => Some("override"),
            Error::OverrideNotHigher { .. } | Error::OverrideAbovePrevious { .. } => Some("override.tier"),
            Error::Internal { .. } => None,
        }
    }

    /// The offending value as text, when there is one.
    pub fn value(&self) -> Option<String> {
        use alloc::string::ToString;
        match self {
            Error::InvalidInput { value, .. } | Error::NegativeAmount { value, .. } => Some(value.clone()),
            Error::InvalidPack { problems } | Error::InvalidCalendar { problems } => {
                problems.first().map(|p| p.value.clone())
            }
            Error::UnknownOp { op, .. } => Some(op.clone()),
            Error::UnknownRule { rule, .. } => Some(rule.clone()),
            Error::UnknownBrand { brand, .. } => Some(brand.clone()),
            Error::CalendarYearUnknown { year, .. } => Some(year.to_string()),
            Error::InsufficientPoints { requested, .. } => Some(requested.to_string()),
            Error::CustomerMismatch { found, .. } => Some(found.clone()),
            Error::DuplicateLotConflict { id, .. } => Some(id.clone()),
            Error::OverrideWithoutDowngrade { change } => Some((*change).into()),
            Error::OverrideNotHigher { tier, .. } | Error::OverrideAbovePrevious { tier, .. } => Some((*tier).into()),
            Error::PointsFrozen | Error::OverrideNeedsApproval | Error::Internal { .. } => None,
        }
    }

    /// An [`Error::InvalidInput`] naming the field, the value and what was expected.
    pub fn invalid(field: impl Into<String>, value: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::InvalidInput { field: field.into(), value: value.into(), reason: reason.into() }
    }

    /// An [`Error::CalendarYearUnknown`]: the date in `field` led to `year`, which has no schedule.
    pub(crate) fn year_unknown(field: impl Into<String>, year: i32) -> Self {
        Error::CalendarYearUnknown { field: field.into(), year }
    }

    /// The problems of an invalid rule pack or calendar document (empty for every other error).
    pub fn problems(&self) -> &[Problem] {
        match self {
            Error::InvalidPack { problems } | Error::InvalidCalendar { problems } => problems,
            _ => &[],
        }
    }

    /// The same error reported at another field path (a typed parse inside a larger request).
    pub fn at(self, path: impl Into<String>) -> Self {
        let field = path.into();
        match self {
            Error::InvalidInput { value, reason, .. } => Error::InvalidInput { field, value, reason },
            Error::UnknownRule { rule, accepted, .. } => Error::UnknownRule { field, rule, accepted },
            Error::UnknownBrand { brand, accepted, .. } => Error::UnknownBrand { field, brand, accepted },
            Error::NegativeAmount { value, .. } => Error::NegativeAmount { field, value },
            Error::CalendarYearUnknown { year, .. } => Error::CalendarYearUnknown { field, year },
            other => other,
        }
    }
}

//! The one error type. `kind()` is the stable string of the `evaluate` contract (VECTORS.md);
//! messages name the field and the value at fault and, for unknown names, the accepted ones.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

/// One problem of a rule pack or a calendar document: where, what was there, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
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
        match self {
            Error::InvalidInput { .. } | Error::InvalidPack { .. } | Error::InvalidCalendar { .. } => "invalid_input",
            Error::UnknownOp { .. } => "unknown_op",
            Error::UnknownRule { .. } => "unknown_rule",
            Error::UnknownBrand { .. } => "unknown_brand",
            Error::NegativeAmount { .. } => "negative_amount",
            Error::CalendarYearUnknown { .. } => "calendar_year_unknown",
            Error::InsufficientPoints { .. } => "insufficient_points",
            Error::PointsFrozen => "points_frozen",
            Error::CustomerMismatch { .. } => "customer_mismatch",
            Error::DuplicateLotConflict { .. } => "duplicate_lot_conflict",
            Error::OverrideNeedsApproval => "override_needs_approval",
            Error::OverrideWithoutDowngrade { .. } => "override_without_downgrade",
            Error::OverrideNotHigher { .. } => "override_not_higher",
            Error::OverrideAbovePrevious { .. } => "override_above_previous",
            Error::Internal { .. } => "internal",
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

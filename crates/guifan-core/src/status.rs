//! Membership status (GZ 第三章): frozen while any line is in arrears, cancelled for the listed
//! reasons; cancelled beats frozen beats active, and every reason that applies is reported.

use alloc::borrow::Cow;
use alloc::collections::BTreeSet;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use chrono::{Months, NaiveDate};

use crate::explain::{explained, Explained, Trace};
use crate::pack::{Arrears, Pack};
use crate::time::format_date;
use crate::Error;

/// One line (terminal, service) under the member.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct Line {
    /// The line's id, unique among the member's lines.
    pub id: String,
    /// Whether the member still uses it (default true).
    #[serde(default = "crate::de::yes", deserialize_with = "crate::de::flag_on")]
    pub active: bool,
    /// First day of its current unbroken arrears, if any.
    #[serde(default, with = "crate::time::opt_date")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::time::IsoDate>"))]
    pub arrears_since: Option<NaiveDate>,
    /// Whether the member was reminded (催缴) of those arrears.
    #[serde(default, deserialize_with = "crate::de::flag")]
    pub reminded: bool,
}

/// What the status rules look at: the input of the `status` op.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct StatusInput {
    /// The day the status is asked for.
    #[serde(with = "crate::time::date")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::time::IsoDate"))]
    pub as_of: NaiveDate,
    /// Every line under the member.
    pub lines: Vec<Line>,
    /// The member asked to leave.
    #[serde(default, deserialize_with = "crate::de::flag")]
    pub cancel_requested: bool,
    /// Last valid day of the card.
    #[serde(default, with = "crate::time::opt_date")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::time::IsoDate>"))]
    pub card_expires_on: Option<NaiveDate>,
    /// The operator flagged serious misconduct.
    #[serde(default, deserialize_with = "crate::de::flag")]
    pub misconduct: bool,
}

crate::de::objects_only!(Line, StatusInput);

/// Membership status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// A member in good standing.
    Active,
    /// Some line is in arrears (STATUS.FREEZE).
    Frozen,
    /// A cancel reason holds (STATUS.CANCEL).
    Cancelled,
}

crate::key::keyed!(
    Status,
    "status",
    STATUSES = [("active", Status::Active), ("frozen", Status::Frozen), ("cancelled", Status::Cancelled)]
);

/// The status with every reason that applies: the output of the `status` op.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct StatusResult {
    /// Cancelled beats frozen beats active (STATUS.PRECEDENCE).
    pub status: Status,
    /// Rule ids that apply: cancel reasons in RULES.md order, then `STATUS.FREEZE`.
    #[cfg_attr(feature = "schema", schemars(with = "Vec<crate::rules::RuleId>"))]
    pub reasons: Vec<Cow<'static, str>>,
    /// POINTS.FROZEN: true unless active.
    pub points_frozen: bool,
}

/// Decides the member's status on the built-in pack; an
/// [`Engine`](crate::engine::Engine) decides it on the pack in force on `as_of`.
///
/// ```
/// use chrono::NaiveDate;
/// use guifan_core::status::{status, Line, Status, StatusInput};
/// let d = |m, d| NaiveDate::from_ymd_opt(2025, m, d).unwrap();
/// let line = Line { id: "18985000000".into(), active: true, arrears_since: Some(d(1, 31)), reminded: true };
/// let at = |as_of| StatusInput { as_of, lines: vec![line.clone()], cancel_requested: false, card_expires_on: None, misconduct: false };
/// // 31 Jan + 3 months = 30 Apr (month end); cancelled only after that day (超过).
/// assert_eq!(status(&at(d(4, 30))).unwrap().status, Status::Frozen);
/// assert_eq!(status(&at(d(5, 1))).unwrap().status, Status::Cancelled);
/// ```
pub fn status(input: &StatusInput) -> Result<StatusResult, Error> {
    decide(&Pack::builtin().arrears, input, &mut Trace::off())
}

/// [`status`] with the rules and steps behind the answer.
pub fn explain(input: &StatusInput) -> Result<Explained<StatusResult>, Error> {
    explained(|trace| decide(&Pack::builtin().arrears, input, trace))
}

/// The status under the pack's `arrears` limit (STATUS.CANCEL.ARREARS).
pub(crate) fn decide(arrears: &Arrears, input: &StatusInput, trace: &mut Trace) -> Result<StatusResult, Error> {
    let as_of = input.as_of;
    // `Cow` keys, as the JSON key check's set: one compiled set for both.
    let mut ids = BTreeSet::new();
    for (i, line) in input.lines.iter().enumerate() {
        if !ids.insert(Cow::Borrowed(line.id.as_str())) {
            return Err(Error::invalid(format!("lines[{i}].id"), line.id.clone(), "line ids must be unique"));
        }
    }
    // A line is in arrears on `as_of` once its arrears have started.
    let in_arrears = |l: &&Line| l.arrears_since.is_some_and(|since| since <= as_of);
    let mut reasons = Vec::new();

    if !input.lines.iter().any(|l| l.active) {
        trace.note(|| String::from("no active line remains"));
        reasons.push("STATUS.CANCEL.NO_SERVICE");
    }
    let mut cancel_for_arrears = false;
    for (i, line) in input.lines.iter().enumerate().filter(|(_, l)| in_arrears(l)) {
        let since = line.arrears_since.unwrap_or(as_of);
        let months = arrears.months;
        let end = since.checked_add_months(Months::new(months)).ok_or_else(|| {
            Error::invalid(
                format!("lines[{i}].arrears_since"),
                format_date(since),
                format!("too late to add {months} months"),
            )
        })?;
        let over = as_of > end;
        trace.note(|| {
            format!(
                "line {} in arrears since {}; {months} months end {} (INTERP.PERIODS); as of {} that is {}; {}",
                line.id,
                format_date(since),
                format_date(end),
                format_date(as_of),
                if over { "exceeded (超过)" } else { "not exceeded" },
                if line.reminded { "reminded (经催缴)" } else { "not reminded: no cancellation" }
            )
        });
        cancel_for_arrears |= over && line.reminded;
    }
    if cancel_for_arrears {
        reasons.push(Arrears::RULE);
    }
    if input.cancel_requested {
        trace.note(|| String::from("the member asked to cancel"));
        reasons.push("STATUS.CANCEL.REQUEST");
    }
    if let Some(expiry) = input.card_expires_on {
        let expired = as_of > expiry;
        trace.note(|| {
            format!("card valid through {}: {}", format_date(expiry), if expired { "expired" } else { "still valid" })
        });
        if expired {
            reasons.push("STATUS.CANCEL.EXPIRED");
        }
    }
    if input.misconduct {
        trace.note(|| String::from("flagged for serious misconduct"));
        reasons.push("STATUS.CANCEL.MISCONDUCT");
    }
    let cancelled = !reasons.is_empty();
    if input.lines.iter().any(|l| in_arrears(&l)) {
        reasons.push("STATUS.FREEZE");
    }
    let status = match (cancelled, reasons.is_empty()) {
        (true, _) => Status::Cancelled,
        (false, false) => Status::Frozen,
        (false, true) => Status::Active,
    };
    if cancelled {
        trace.cite("STATUS.CANCEL");
    }
    for id in &reasons {
        match *id {
            Arrears::RULE => trace.cite_source(id, &arrears.source),
            _ => trace.cite(id),
        }
    }
    trace.cite("STATUS.PRECEDENCE");
    trace.note(|| format!("status {status} (cancelled beats frozen beats active)"));
    let reasons = reasons.into_iter().map(Cow::Borrowed).collect();
    Ok(StatusResult { status, reasons, points_frozen: status != Status::Active })
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn line(id: &str, active: bool, since: Option<NaiveDate>, reminded: bool) -> Line {
        Line { id: id.into(), active, arrears_since: since, reminded }
    }

    fn input(as_of: NaiveDate, lines: Vec<Line>) -> StatusInput {
        StatusInput { as_of, lines, cancel_requested: false, card_expires_on: None, misconduct: false }
    }

    #[test]
    fn month_end_arithmetic() {
        for (since, last_day) in
            [(d(2024, 11, 30), d(2025, 2, 28)), (d(2023, 11, 30), d(2024, 2, 29)), (d(2025, 8, 31), d(2025, 11, 30))]
        {
            let lines = || vec![line("a", true, Some(since), true)];
            assert_eq!(status(&input(last_day, lines())).unwrap().status, Status::Frozen, "{since}");
            assert_eq!(status(&input(last_day.succ_opt().unwrap(), lines())).unwrap().status, Status::Cancelled);
        }
    }

    #[test]
    fn unreminded_arrears_only_freeze() {
        let r = status(&input(d(2025, 12, 1), vec![line("a", true, Some(d(2025, 1, 1)), false)])).unwrap();
        assert_eq!((r.status, r.reasons), (Status::Frozen, vec![Cow::Borrowed("STATUS.FREEZE")]));
    }

    #[test]
    fn every_reason_listed_in_order_and_stable_under_line_order() {
        let mut lines = vec![line("a", false, Some(d(2025, 1, 1)), true), line("b", false, None, false)];
        let mut all = input(d(2025, 6, 1), lines.clone());
        all.cancel_requested = true;
        all.misconduct = true;
        all.card_expires_on = Some(d(2025, 5, 31));
        let want = vec![
            "STATUS.CANCEL.NO_SERVICE",
            "STATUS.CANCEL.ARREARS",
            "STATUS.CANCEL.REQUEST",
            "STATUS.CANCEL.EXPIRED",
            "STATUS.CANCEL.MISCONDUCT",
            "STATUS.FREEZE",
        ];
        assert_eq!(status(&all).unwrap().reasons, want);
        lines.reverse();
        all.lines = lines;
        assert_eq!(status(&all).unwrap().reasons, want);
    }

    #[test]
    fn future_arrears_and_expiry_day() {
        let mut i = input(d(2025, 6, 1), vec![line("a", true, Some(d(2025, 6, 2)), true)]);
        i.card_expires_on = Some(d(2025, 6, 1));
        let r = status(&i).unwrap();
        assert_eq!((r.status, r.points_frozen), (Status::Active, false));
        assert_eq!(status(&input(d(2025, 6, 1), vec![])).unwrap().reasons, vec!["STATUS.CANCEL.NO_SERVICE"]);
        let dup = status(&input(d(2025, 6, 1), vec![line("a", true, None, false), line("a", true, None, false)]));
        assert_eq!(dup.unwrap_err().field(), Some("lines[1].id"));
    }
}

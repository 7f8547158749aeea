//! Points (积分): merged per customer across accounts (NAT 8.2.2.3), spent soonest-expiring
//! first, frozen with the member, with a queryable history (NAT 8.2.1.2).

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use chrono::NaiveDate;

use crate::explain::{explained, Explained, Trace};
use crate::time::format_date;
use crate::Error;

/// Regular points, or promotional points that must be used by a date (GZ 积分活动).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum LotKind {
    /// Regular points: no expiry unless the lot carries one.
    #[default]
    Regular,
    /// Promotional points (限期使用): always carry an expiry date.
    Promotional,
}

crate::key::keyed!(LotKind, "kind", LOT_KINDS = [("regular", LotKind::Regular), ("promotional", LotKind::Promotional)]);

/// Points earned together.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct Lot {
    /// Unique id of the lot.
    pub id: String,
    /// Whole points.
    #[serde(deserialize_with = "crate::money::counted")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::Count"))]
    pub points: u64,
    /// When they were earned.
    #[serde(with = "crate::time::date")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::time::IsoDate"))]
    pub earned_on: NaiveDate,
    /// Last day they can be spent (POINTS.EXPIRY: the day itself included).
    #[serde(default, with = "crate::time::opt_date")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::time::IsoDate>"))]
    pub expires_on: Option<NaiveDate>,
    /// Regular (the default) or promotional.
    #[serde(default, deserialize_with = "crate::de::or_default")]
    pub kind: LotKind,
}

impl Lot {
    /// Whether the lot can still be spent on `as_of`.
    pub fn spendable_on(&self, as_of: NaiveDate) -> bool {
        self.expires_on.is_none_or(|e| as_of <= e)
    }

    fn check(&self, field: &str) -> Result<(), Error> {
        if self.kind == LotKind::Promotional && self.expires_on.is_none() {
            return Err(Error::invalid(
                format!("{field}.expires_on"),
                "missing",
                "promotional points must be used by a date (限期使用)",
            ));
        }
        if self.id.is_empty() {
            return Err(Error::invalid(format!("{field}.id"), "", "a lot needs an id"));
        }
        Ok(())
    }
}

/// One account's lots.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct Account {
    /// The account.
    pub account_id: String,
    /// The customer the account belongs to.
    pub customer_id: String,
    /// Its lots.
    pub lots: Vec<Lot>,
}

crate::de::objects_only!(Lot, Account);

/// Redemption order (POINTS.REDEEM_ORDER): lots with an expiry first, soonest first; then
/// oldest earned; then by id.
fn redemption_order(a: &Lot, b: &Lot) -> core::cmp::Ordering {
    let expiry = |l: &Lot| (l.expires_on.is_none(), l.expires_on);
    expiry(a).cmp(&expiry(b)).then(a.earned_on.cmp(&b.earned_on)).then(a.id.cmp(&b.id))
}

/// Adds lots to a set, counting a lot seen twice once and refusing the same id with other content.
fn add_lots(into: &mut Vec<Lot>, lots: &mut dyn Iterator<Item = (String, &Lot)>) -> Result<(), Error> {
    // Filled by insertion, not `collect`: collecting sorts the pairs first, one more compiled sort.
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (i, l) in into.iter().enumerate() {
        seen.insert(l.id.clone(), i);
    }
    for (field, lot) in lots {
        lot.check(&field)?;
        match seen.get(&lot.id) {
            Some(&i) if into[i] == *lot => {}
            Some(_) => return Err(Error::DuplicateLotConflict { field, id: lot.id.clone() }),
            None => {
                seen.insert(lot.id.clone(), into.len());
                into.push(lot.clone());
            }
        }
    }
    crate::order::sort_by(into, redemption_order);
    Ok(())
}

/// A customer's merged points on a day: the output of `points.merge`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Merged {
    /// Spendable points.
    pub total: u64,
    /// Points past their expiry date.
    pub expired: u64,
    /// Spendable lot ids in redemption order.
    pub order: Vec<String>,
}

fn sum(mut points: impl Iterator<Item = u64>) -> Result<u64, Error> {
    points
        .try_fold(0u64, |a, p| a.checked_add(p))
        .ok_or_else(|| Error::invalid("points", "sum", "total exceeds 2^64 - 1"))
}

fn summarise(lots: &[Lot], as_of: NaiveDate) -> Result<Merged, Error> {
    let (live, dead): (Vec<&Lot>, Vec<&Lot>) = lots.iter().partition(|l| l.spendable_on(as_of));
    Ok(Merged {
        total: sum(live.iter().map(|l| l.points))?,
        expired: sum(dead.iter().map(|l| l.points))?,
        order: live.iter().map(|l| l.id.clone()).collect(),
    })
}

/// The rules behind a merged balance, and the balance in a sentence.
pub(crate) fn trace_balance(merged: &Merged, as_of: NaiveDate, trace: &mut Trace) {
    trace.cite("POINTS.MERGE");
    trace.cite("POINTS.EXPIRY");
    trace.cite("POINTS.REDEEM_ORDER");
    trace.note(|| format!("{} spendable, {} expired as of {}", merged.total, merged.expired, format_date(as_of)));
}

/// Merges the accounts of one customer (POINTS.MERGE).
///
/// ```
/// use chrono::NaiveDate;
/// use guifan_core::points::{merge, Account, Lot, LotKind};
/// let d = |m, d| NaiveDate::from_ymd_opt(2025, m, d).unwrap();
/// let lot = |id: &str, points, expires_on| Lot { id: id.into(), points, earned_on: d(1, 1), expires_on, kind: LotKind::Promotional };
/// let accounts = [
///     Account { account_id: "mobile".into(), customer_id: "c1".into(), lots: vec![lot("a", 100, Some(d(6, 30)))] },
///     Account { account_id: "broadband".into(), customer_id: "c1".into(), lots: vec![lot("b", 50, Some(d(3, 31)))] },
/// ];
/// let merged = merge("c1", d(4, 1), &accounts).unwrap();
/// assert_eq!((merged.total, merged.expired, merged.order), (100, 50, vec!["a".to_string()]));
/// ```
pub fn merge(customer_id: &str, as_of: NaiveDate, accounts: &[Account]) -> Result<Merged, Error> {
    summarise(&merged_lots(customer_id, accounts)?, as_of)
}

fn merged_lots(customer_id: &str, accounts: &[Account]) -> Result<Vec<Lot>, Error> {
    let mut lots = Vec::new();
    for (a, account) in accounts.iter().enumerate() {
        if account.customer_id != customer_id {
            return Err(Error::CustomerMismatch {
                field: format!("accounts[{a}].customer_id"),
                expected: customer_id.into(),
                found: account.customer_id.clone(),
            });
        }
        add_lots(
            &mut lots,
            &mut account.lots.iter().enumerate().map(|(i, l)| (format!("accounts[{a}].lots[{i}]"), l)),
        )?;
    }
    Ok(lots)
}

/// Points taken from one lot.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Take {
    /// The lot.
    pub id: String,
    /// Points taken from it.
    pub points: u64,
}

/// The outcome of a redemption: the output of `points.redeem`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Redemption {
    /// Lots consumed, in order.
    pub consumed: Vec<Take>,
    /// Spendable points left.
    pub remaining: u64,
}

/// Redeems `points` from `lots` on `as_of` (POINTS.REDEEM_ORDER, POINTS.FROZEN).
///
/// Nothing changes when it fails: a frozen member, or more points than are spendable.
pub fn redeem(lots: &[Lot], as_of: NaiveDate, points: u64, frozen: bool) -> Result<Redemption, Error> {
    redeem_traced(lots, as_of, points, frozen, &mut Trace::off())
}

/// [`redeem`] with the rules and steps behind the answer.
pub fn explain_redeem(
    lots: &[Lot],
    as_of: NaiveDate,
    points: u64,
    frozen: bool,
) -> Result<Explained<Redemption>, Error> {
    explained(|trace| redeem_traced(lots, as_of, points, frozen, trace))
}

pub(crate) fn redeem_traced(
    lots: &[Lot],
    as_of: NaiveDate,
    points: u64,
    frozen: bool,
    trace: &mut Trace,
) -> Result<Redemption, Error> {
    let mut set = Vec::new();
    add_lots(&mut set, &mut lots.iter().enumerate().map(|(i, l)| (format!("lots[{i}]"), l)))?;
    take(&set, |l| l.points, as_of, points, frozen, trace)
}

/// Consumes `points` from `lots`, each holding `remaining(lot)` points.
fn take(
    lots: &[Lot],
    remaining: impl Fn(&Lot) -> u64,
    as_of: NaiveDate,
    points: u64,
    frozen: bool,
    trace: &mut Trace,
) -> Result<Redemption, Error> {
    trace.cite("POINTS.REDEEM_ORDER");
    if frozen {
        trace.cite("POINTS.FROZEN");
        return Err(Error::PointsFrozen);
    }
    if points == 0 {
        return Err(Error::invalid("points", "0", "redeem at least 1 point"));
    }
    let live = || lots.iter().filter(|l| l.spendable_on(as_of));
    let available = sum(live().map(&remaining))?;
    if points > available {
        return Err(Error::InsufficientPoints { requested: points, available });
    }
    let mut left = points;
    let mut consumed = Vec::new();
    for lot in live() {
        if left == 0 {
            break;
        }
        let n = left.min(remaining(lot));
        if n > 0 {
            trace.note(|| {
                let expiry =
                    lot.expires_on.map_or(String::from("no expiry"), |e| format!("expires {}", format_date(e)));
                format!("take {n} from lot {} ({expiry}, earned {})", lot.id, format_date(lot.earned_on))
            });
            consumed.push(Take { id: lot.id.clone(), points: n });
            left -= n;
        }
    }
    Ok(Redemption { consumed, remaining: available - points })
}

/// One change in a ledger's history.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Change {
    /// The day of the change.
    #[serde(with = "crate::time::date")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::time::IsoDate"))]
    pub date: NaiveDate,
    /// What happened.
    pub what: ChangeKind,
    /// The lot.
    pub lot: String,
    /// Points earned, spent or lost.
    pub points: u64,
}

/// Kinds of point changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// A lot was earned.
    Earned,
    /// Points were redeemed from a lot.
    Redeemed,
    /// A lot's unspent points expired (the day after its expiry date).
    Expired,
}

/// A customer's points over time: merged accounts, redemptions and history (POINTS.*).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PointsLedger {
    customer_id: String,
    /// Every lot, in redemption order.
    lots: Vec<Lot>,
    /// Points redeemed so far, per lot id.
    spent: BTreeMap<String, u64>,
    redemptions: Vec<(NaiveDate, Vec<Take>)>,
}

impl PointsLedger {
    /// An empty ledger for one customer.
    pub fn new(customer_id: impl Into<String>) -> Self {
        PointsLedger {
            customer_id: customer_id.into(),
            lots: Vec::new(),
            spent: BTreeMap::new(),
            redemptions: Vec::new(),
        }
    }

    /// The customer the ledger belongs to.
    pub fn customer_id(&self) -> &str {
        &self.customer_id
    }

    /// Merges accounts into the ledger (POINTS.MERGE); nothing changes when it fails.
    pub fn merge(&mut self, accounts: &[Account]) -> Result<(), Error> {
        let mut lots = self.lots.clone();
        let incoming = merged_lots(&self.customer_id, accounts)?;
        add_lots(&mut lots, &mut incoming.iter().enumerate().map(|(i, l)| (format!("lots[{i}]"), l)))?;
        self.lots = lots;
        Ok(())
    }

    /// Adds earned lots (earning continues while frozen, POINTS.FROZEN).
    pub fn earn(&mut self, lots: &[Lot]) -> Result<(), Error> {
        let mut all = self.lots.clone();
        add_lots(&mut all, &mut lots.iter().enumerate().map(|(i, l)| (format!("lots[{i}]"), l)))?;
        self.lots = all;
        Ok(())
    }

    fn remaining(&self, lot: &Lot) -> u64 {
        lot.points - self.spent.get(&lot.id).copied().unwrap_or(0)
    }

    /// Spendable and expired points on `as_of`, after the redemptions so far.
    pub fn balance(&self, as_of: NaiveDate) -> Result<Merged, Error> {
        // Lots spent to the last point are gone from the balance.
        let remaining: Vec<Lot> = self
            .lots
            .iter()
            .filter(|l| self.remaining(l) > 0 || l.points == 0)
            .map(|l| Lot { points: self.remaining(l), ..l.clone() })
            .collect();
        summarise(&remaining, as_of)
    }

    /// [`PointsLedger::balance`] with the rules and steps behind it.
    pub fn explain_balance(&self, as_of: NaiveDate) -> Result<Explained<Merged>, Error> {
        explained(|trace| {
            let merged = self.balance(as_of)?;
            trace_balance(&merged, as_of, trace);
            Ok(merged)
        })
    }

    /// Redeems points on `on`; redemptions are recorded in date order.
    pub fn redeem(&mut self, on: NaiveDate, points: u64, frozen: bool) -> Result<Redemption, Error> {
        self.redeem_traced(on, points, frozen, &mut Trace::off())
    }

    /// [`PointsLedger::redeem`] with the rules and steps behind it.
    pub fn explain_redeem(&mut self, on: NaiveDate, points: u64, frozen: bool) -> Result<Explained<Redemption>, Error> {
        explained(|trace| self.redeem_traced(on, points, frozen, trace))
    }

    fn redeem_traced(
        &mut self,
        on: NaiveDate,
        points: u64,
        frozen: bool,
        trace: &mut Trace,
    ) -> Result<Redemption, Error> {
        if let Some((last, _)) = self.redemptions.last() {
            if on < *last {
                return Err(Error::invalid("on", format_date(on), "redemptions are recorded in date order"));
            }
        }
        let done = take(&self.lots, |l| self.remaining(l), on, points, frozen, trace)?;
        for t in &done.consumed {
            *self.spent.entry(t.id.clone()).or_default() += t.points;
        }
        self.redemptions.push((on, done.consumed.clone()));
        Ok(done)
    }

    /// Every change from `from` to `to`, both included, in date order (POINTS.HISTORY).
    pub fn history(&self, from: NaiveDate, to: NaiveDate) -> Vec<Change> {
        let mut changes = Vec::new();
        for lot in &self.lots {
            let left = self.remaining(lot);
            changes.push(Change {
                date: lot.earned_on,
                what: ChangeKind::Earned,
                lot: lot.id.clone(),
                points: lot.points,
            });
            // Nothing is redeemed from a lot after it expires, so what is left now expired then.
            if let Some(day_after) = lot.expires_on.and_then(|e| e.succ_opt()) {
                if left > 0 {
                    changes.push(Change {
                        date: day_after,
                        what: ChangeKind::Expired,
                        lot: lot.id.clone(),
                        points: left,
                    });
                }
            }
        }
        for (on, takes) in &self.redemptions {
            for t in takes {
                changes.push(Change { date: *on, what: ChangeKind::Redeemed, lot: t.id.clone(), points: t.points });
            }
        }
        changes.retain(|c| from <= c.date && c.date <= to);
        crate::order::sort_by_key(&mut changes, |c| c.date);
        changes
    }

    /// [`PointsLedger::history`] with the rules behind it: POINTS.HISTORY, and the expiry and
    /// redemption rules when the window holds such changes.
    pub fn explain_history(&self, from: NaiveDate, to: NaiveDate) -> Explained<Vec<Change>> {
        let mut trace = Trace::on();
        let changes = self.history(from, to);
        trace.cite("POINTS.HISTORY");
        if changes.iter().any(|c| c.what == ChangeKind::Expired) {
            trace.cite("POINTS.EXPIRY");
        }
        if changes.iter().any(|c| c.what == ChangeKind::Redeemed) {
            trace.cite("POINTS.REDEEM_ORDER");
        }
        trace.note(|| {
            format!("{} changes from {} to {}, both included", changes.len(), format_date(from), format_date(to))
        });
        Explained { result: changes, explanation: trace.finish() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, m, day).unwrap()
    }

    fn lot(id: &str, points: u64, earned: NaiveDate, expires: Option<NaiveDate>) -> Lot {
        let kind = if expires.is_some() { LotKind::Promotional } else { LotKind::Regular };
        Lot { id: id.into(), points, earned_on: earned, expires_on: expires, kind }
    }

    #[test]
    fn soonest_expiry_first_then_oldest_then_id() {
        let lots = [
            lot("r2", 10, d(2, 1), None),
            lot("r1", 10, d(1, 1), None),
            lot("p-late", 10, d(1, 1), Some(d(12, 31))),
            lot("p-soon", 10, d(3, 1), Some(d(6, 30))),
            lot("p-gone", 10, d(1, 1), Some(d(3, 31))),
        ];
        let r = redeem(&lots, d(4, 1), 35, false).unwrap();
        let ids: Vec<(&str, u64)> = r.consumed.iter().map(|t| (t.id.as_str(), t.points)).collect();
        assert_eq!(ids, vec![("p-soon", 10), ("p-late", 10), ("r1", 10), ("r2", 5)]);
        assert_eq!(r.remaining, 5);
    }

    #[test]
    fn expiry_day_is_spendable_and_failures_change_nothing() {
        let lots = [lot("p", 10, d(1, 1), Some(d(6, 30)))];
        assert_eq!(redeem(&lots, d(6, 30), 10, false).unwrap().remaining, 0);
        assert_eq!(
            redeem(&lots, d(7, 1), 1, false).unwrap_err(),
            Error::InsufficientPoints { requested: 1, available: 0 }
        );
        assert_eq!(redeem(&lots, d(6, 1), 1, true).unwrap_err().kind(), "points_frozen");
        let mut ledger = PointsLedger::new("c");
        ledger.earn(&lots).unwrap();
        assert!(ledger.redeem(d(6, 1), 11, false).is_err());
        assert_eq!(ledger.balance(d(6, 1)).unwrap().total, 10);
    }

    #[test]
    fn merge_is_idempotent_and_checks_ownership() {
        let acc = |c: &str, lots| Account { account_id: "a".into(), customer_id: c.into(), lots };
        let a = acc("c", vec![lot("x", 5, d(1, 1), None)]);
        let twice = merge("c", d(1, 2), &[a.clone(), a.clone()]).unwrap();
        assert_eq!(twice.total, 5);
        let other = acc("d", vec![]);
        assert_eq!(merge("c", d(1, 2), &[a.clone(), other]).unwrap_err().field(), Some("accounts[1].customer_id"));
        let clash = acc("c", vec![lot("x", 6, d(1, 1), None)]);
        assert_eq!(merge("c", d(1, 2), &[a, clash]).unwrap_err().kind(), "duplicate_lot_conflict");
    }

    #[test]
    fn ledger_history() {
        let mut ledger = PointsLedger::new("c");
        let acc = Account {
            account_id: "m".into(),
            customer_id: "c".into(),
            lots: vec![lot("p", 100, d(1, 10), Some(d(3, 31))), lot("r", 50, d(2, 1), None)],
        };
        ledger.merge(&[acc]).unwrap();
        ledger.redeem(d(3, 1), 120, false).unwrap();
        ledger.earn(&[lot("q", 30, d(5, 1), Some(d(5, 31)))]).unwrap();
        let h = ledger.history(d(1, 1), d(12, 31));
        let kinds: Vec<(ChangeKind, &str, u64)> = h.iter().map(|c| (c.what, c.lot.as_str(), c.points)).collect();
        assert_eq!(
            kinds,
            vec![
                (ChangeKind::Earned, "p", 100),
                (ChangeKind::Earned, "r", 50),
                (ChangeKind::Redeemed, "p", 100),
                (ChangeKind::Redeemed, "r", 20),
                (ChangeKind::Earned, "q", 30),
                (ChangeKind::Expired, "q", 30),
            ]
        );
        assert_eq!(ledger.history(d(3, 1), d(3, 1)).len(), 2);
        let ids = |e: &crate::explain::Explanation| e.rules.iter().map(|r| String::from(&*r.id)).collect::<Vec<_>>();
        let explained = ledger.explain_history(d(1, 1), d(12, 31));
        assert_eq!(explained.result, h);
        assert_eq!(ids(&explained.explanation), ["POINTS.HISTORY", "POINTS.EXPIRY", "POINTS.REDEEM_ORDER"]);
        assert_eq!(ids(&ledger.explain_history(d(1, 1), d(1, 31)).explanation), ["POINTS.HISTORY"]);
        let balance = ledger.explain_balance(d(4, 1)).unwrap();
        assert_eq!(balance.result, ledger.balance(d(4, 1)).unwrap());
        assert_eq!(ids(&balance.explanation)[0], "POINTS.MERGE");
        assert!(ledger.redeem(d(2, 1), 1, false).is_err());
    }
}

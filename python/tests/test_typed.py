"""The typed API: results, explanations, notebooks' HTML, the points ledger."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

import guifan

B = dt.timezone(dt.timedelta(hours=8))


def test_tier_kinds_and_package_basis() -> None:
    assert guifan.tier(brand="tianyi", annual_spend=1032).tier == "silver"
    assert guifan.tier(brand="tianyi", annual_spend="1031.99").tier == "none"
    assert guifan.tier(kind="personal", brand="other", annual_spend=3600).tier == "diamond"
    e = guifan.tier(kind="enterprise", annual_revenue=Decimal("299999.99"))
    assert (e.tier, e.basis, e.rule) == ("gold", "revenue", "TIER.ENTERPRISE.REVENUE")
    g = guifan.tier(kind="government", rank="bureau")
    assert (g.tier, g.basis, g.rule) == ("diamond", "rank", "TIER.ENTERPRISE.GOV")
    assert guifan.tier(kind="government", rank="none").basis is None
    p = guifan.tier(brand="e_home", annual_spend=500, monthly_fee=280, subscribed_on=dt.date(2025, 6, 30), rating_year=2025)
    assert (p.tier, p.basis) == ("diamond", "package")
    late = guifan.tier(brand="e_home", annual_spend=500, package={"monthly_fee": 280, "subscribed_on": dt.date(2025, 7, 1)}, rating_year=2025)
    assert (late.tier, late.basis, late.provisional_member) == ("none", None, True)
    with pytest.raises(guifan.InvalidInput):
        guifan.tier(brand="e_home", annual_spend=1, package={"monthly_fee": 1}, monthly_fee=2)


def test_review_takes_flat_or_contract_shaped_current() -> None:
    flat = guifan.review(previous_tier="diamond", current={"brand": "tianyi", "annual_spend": 1500})
    shaped = guifan.review(previous_tier="diamond", current={"customer": {"brand": "tianyi", "annual_spend": 1500}})
    assert flat == shaped
    assert (flat.tier, flat.change, flat.overridden, flat.evaluated_tier) == ("silver", "downgrade", False, "silver")
    kept = guifan.review(
        previous_tier="diamond",
        current={"brand": "tianyi", "annual_spend": 1500},
        override={"tier": "gold", "approval_ref": "GZ-MKT-2025-17"},
    )
    assert (kept.tier, kept.change, kept.overridden) == ("gold", "downgrade", True)
    assert guifan.review(previous_tier="none", current={"brand": "tianyi", "annual_spend": 1500}).change == "joined"


def test_status() -> None:
    lines = [{"id": "18985000000", "arrears_since": dt.date(2025, 1, 31), "reminded": True}]
    assert guifan.status(as_of=dt.date(2025, 4, 30), lines=lines).status == "frozen"
    s = guifan.status(as_of=dt.date(2025, 5, 1), lines=lines, card_expires_on=dt.date(2025, 4, 30))
    assert s.status == "cancelled"
    assert s.reasons == ("STATUS.CANCEL.ARREARS", "STATUS.CANCEL.EXPIRED", "STATUS.FREEZE")
    assert s.points_frozen is True
    assert guifan.status(as_of=dt.date(2025, 5, 1), lines=[{"id": "a"}]).status == "active"


def test_deadlines_by_rule_area_and_clock() -> None:
    start = dt.datetime(2025, 3, 3, 9)
    assert guifan.deadline(rule="SLA.FAULT.ORDINARY", start=start).due == dt.datetime(2025, 3, 4, 9, tzinfo=B)
    assert guifan.deadline(rule="SLA.FAULT.ORDINARY", area="rural", start=start).due == dt.datetime(2025, 3, 4, 13, tzinfo=B)
    vip = guifan.deadline(rule="SLA.COMPLAINT.VIP", start=start)
    assert (vip.due, vip.clock) == (start.replace(tzinfo=B), "immediate")
    confirm = guifan.deadline(rule="SLA.APPOINTMENT.CONFIRM", start=dt.datetime(2025, 9, 30, 19, 50))
    assert confirm.due == dt.datetime(2025, 10, 9, 8, 20, tzinfo=B)
    free = guifan.deadline(clock="calendar_days", amount=3, start=dt.datetime(2025, 9, 30, 10))
    assert (free.due, free.clock, free.rule, free.met) == (dt.datetime(2025, 10, 4, tzinfo=B), "calendar_days", None, None)
    with pytest.raises(guifan.InvalidInput):
        guifan.deadline(rule="SLA.FAULT.ORDINARY", clock="clock_hours", amount=1, start=start)
    with pytest.raises(guifan.InvalidInput):
        guifan.deadline(start=start)


def test_calendar_day() -> None:
    d = guifan.calendar_day(dt.date(2025, 10, 6))
    assert (d.working_day, d.holiday, d.holiday_name, d.holiday_name_zh) == (False, True, "mid_autumn_festival", "中秋节")
    m = guifan.calendar_day("2025-10-11")
    assert (m.date, m.makeup_workday, m.makeup_for, m.kind) == (dt.date(2025, 10, 11), True, "national_day", "makeup_workday")


def test_notify_cutover_dunning_punctuality() -> None:
    n = guifan.notify_window(dt.datetime(2025, 3, 3, 21))
    assert (n.allowed, n.next_allowed) == (False, dt.datetime(2025, 3, 4, 8, tzinfo=B))
    assert guifan.notify_window(dt.datetime(2025, 3, 3, 21), region="xinjiang").allowed
    c = guifan.cutover(start=dt.datetime(2025, 6, 10, 1), outage_hours=2, key_customers=False)
    assert c.notify_by == dt.datetime(2025, 6, 7, 1, tzinfo=B)
    assert guifan.cutover(start=dt.datetime(2025, 6, 10, 1), outage_hours=2, key_customers=True).notify_by is None
    assert guifan.dunning(1).voice_allowed is False and guifan.dunning(2).voice_allowed is True
    p = guifan.punctuality(agreed=dt.datetime(2025, 3, 3, 9), arrived=dt.datetime(2025, 3, 3, 8, 49, 59))
    assert (p.on_time, p.deviation_seconds) == (False, -601)


def test_results_are_small_immutable_values() -> None:
    a = guifan.tier(brand="e_home", annual_spend=3360)
    b = guifan.tier(brand="e_home", annual_spend="3360.00")
    assert a == b and hash(a) == hash(b)
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.tier = "gold"  # type: ignore[misc]
    builtin = "PackRef(name='guifan-builtin', version='2026.1')"
    assert repr(a) == f"TierResult(tier='diamond', basis='spend', rule='TIER.PERSONAL.EHOME', provisional_member=False, pack={builtin})"
    d = guifan.deadline(rule="SLA.COMPLAINT.ORDINARY", start=dt.datetime(2025, 9, 30, 10))
    assert repr(d) == f"Deadline(due=2025-10-12T00:00:00+08:00, clock='working_days', pack={builtin}, rule='SLA.COMPLAINT.ORDINARY', met=None)"
    assert d.to_dict() == {
        "due": dt.datetime(2025, 10, 12, tzinfo=B),
        "clock": "working_days",
        "pack": {"name": "guifan-builtin", "version": "2026.1"},
        "rule": "SLA.COMPLAINT.ORDINARY",
        "met": None,
    }
    assert str(d.pack) == "guifan-builtin 2026.1"
    r = guifan.redeem_points(lots=[{"id": "a", "points": 5, "earned_on": "2025-01-01"}], as_of="2025-02-01", points=2)
    assert r.to_dict() == {"consumed": [{"id": "a", "points": 2}], "remaining": 3, "rule": "POINTS.REDEEM_ORDER"}


def test_explanations() -> None:
    d = guifan.deadline(rule="SLA.COMPLAINT.ORDINARY", start=dt.datetime(2025, 9, 30, 10))
    e = d.explanation
    assert e is d.explanation  # computed once
    assert guifan.explain(d) == e
    first = e.rules[0]
    assert (first.id, first.document.short) == ("SLA.COMPLAINT.ORDINARY", "GZ")
    assert "3个工作日" in first.words
    days = [s for s in e.steps if isinstance(s, guifan.DayStep)]
    assert [s.date.day for s in days if s.counted] == [9, 10, 11]
    assert {s.holiday for s in days if not s.counted} == {"national_day", "mid_autumn_festival"}
    text = str(e)
    assert "SLA.COMPLAINT.ORDINARY" in text and "国庆节" in text and "2025-10-11 makeup workday" in text
    # by name, also for functions that answer plain values
    by_name = guifan.explain("deadline", rule="SLA.COMPLAINT.ORDINARY", start=dt.datetime(2025, 9, 30, 10))
    assert by_name == e
    count = guifan.explain("count_working_days", dt.date(2025, 10, 1), dt.date(2025, 10, 12))
    assert count.rules[0].id == "INTERP.CALENDAR"
    assert "3 working days" in str(count.steps[0])
    tier = guifan.explain("tier", brand="e_home", annual_spend=Decimal("3359.99"))
    assert tier.rules[0].id == "TIER.PERSONAL.EHOME"
    assert "3359.99" in str(tier.steps[0])


def test_notebook_html_shows_the_explanation() -> None:
    d = guifan.deadline(rule="SLA.COMPLAINT.ORDINARY", start=dt.datetime(2025, 9, 30, 10))
    html = d._repr_html_()
    for piece in ["Deadline", "2025-10-12T00:00:00+08:00", "SLA.COMPLAINT.ORDINARY", "投诉受理应答语 5", "3个工作日", "2025-10-11", "skipped", "counted"]:
        assert piece in html, piece
    assert "<script" not in html
    assert guifan.rule("TIER.PERSONAL.EHOME")._repr_html_().count("<tr>") == 2
    assert "TIER.PERSONAL.EHOME" in guifan.explain("tier", brand="e_home", annual_spend=1)._repr_html_()


def test_rules_catalogue() -> None:
    all_rules = guifan.rules()
    ids = [r.id for r in all_rules]
    assert len(ids) == len(set(ids)) > 40 and len(all_rules) == len(ids)
    assert all_rules.pack == guifan.PackRef("guifan-builtin", "2026.1") and all_rules[0].id == ids[0]
    r = guifan.rule("TIER.PERSONAL.EHOME")
    assert dict(r.params) == {"silver": ">= 1080 and < 2160", "gold": ">= 2160 and < 3360", "diamond": ">= 3360"}
    assert r in all_rules
    with pytest.raises(guifan.UnknownRule):
        guifan.rule("NOPE")


def test_points_ledger() -> None:
    ledger = guifan.PointsLedger("c1")
    assert ledger.customer_id == "c1" and "c1" in repr(ledger)
    ledger.merge(
        [
            {
                "account_id": "mobile",
                "customer_id": "c1",
                "lots": [
                    {"id": "p", "points": 100, "earned_on": dt.date(2025, 1, 10), "expires_on": dt.date(2025, 3, 31), "kind": "promotional"},
                    {"id": "r", "points": 50, "earned_on": dt.date(2025, 2, 1)},
                ],
            }
        ]
    )
    assert ledger.balance(dt.date(2025, 2, 1)) == guifan.PointsBalance(150, 0, ("p", "r"), "POINTS.MERGE")
    spent = ledger.redeem(dt.date(2025, 3, 1), 120)
    assert spent.consumed == (guifan.Take("p", 100), guifan.Take("r", 20)) and spent.remaining == 30
    # failures change nothing
    with pytest.raises(guifan.InsufficientPoints):
        ledger.redeem(dt.date(2025, 3, 2), 31)
    with pytest.raises(guifan.PointsFrozen):
        ledger.redeem(dt.date(2025, 3, 2), 1, frozen=True)
    with pytest.raises(guifan.InvalidInput):
        ledger.redeem(dt.date(2025, 2, 1), 1)  # before the last redemption
    with pytest.raises(guifan.CustomerMismatch):
        ledger.merge([{"account_id": "x", "customer_id": "c2", "lots": []}])
    with pytest.raises(guifan.NegativeAmount):
        ledger.earn([{"id": "n", "points": -1, "earned_on": "2025-01-01"}])
    with pytest.raises(guifan.InvalidInput) as caught:
        ledger.earn([{"id": "q", "points": 1, "earned_on": "2025-01-01", "kind": "promotional"}])
    assert caught.value.field == "lots[0].expires_on"
    assert ledger.balance(dt.date(2025, 3, 2)).total == 30
    ledger.earn([{"id": "q", "points": 30, "earned_on": dt.date(2025, 5, 1), "expires_on": dt.date(2025, 5, 31), "kind": "promotional"}])
    history = ledger.history(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert [(c.what, c.lot, c.points) for c in history] == [
        ("earned", "p", 100),
        ("earned", "r", 50),
        ("redeemed", "p", 100),
        ("redeemed", "r", 20),
        ("earned", "q", 30),
        ("expired", "q", 30),
    ]
    assert history[-1].date == dt.date(2025, 6, 1)
    assert len(ledger.history(dt.date(2025, 3, 1), dt.date(2025, 3, 1))) == 2


LOTS = [
    {"id": "p", "points": 100, "earned_on": dt.date(2025, 1, 10), "expires_on": dt.date(2025, 3, 31), "kind": "promotional"},
    {"id": "r", "points": 50, "earned_on": dt.date(2025, 2, 1)},
]


def test_ledger_results_carry_their_rules_and_explanations() -> None:
    ledger = guifan.PointsLedger("c1")
    ledger.earn(LOTS)
    spent = ledger.redeem(dt.date(2025, 3, 1), 120)
    # The core explains a ledger's redemption as the contract explains the same one.
    alone = guifan.redeem_points(lots=LOTS, as_of=dt.date(2025, 3, 1), points=120)
    assert spent.rule == alone.rule == "POINTS.REDEEM_ORDER"
    assert spent.explanation == alone.explanation
    assert [str(s) for s in spent.explanation.steps][0].startswith("take 100 from lot p")
    balance = ledger.balance(dt.date(2025, 3, 1))
    assert balance.rule == "POINTS.MERGE"
    assert [r.id for r in balance.explanation.rules] == ["POINTS.MERGE", "POINTS.EXPIRY", "POINTS.REDEEM_ORDER"]
    assert [str(s) for s in balance.explanation.steps] == ["30 spendable, 0 expired as of 2025-03-01"]
    history = ledger.history(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert {c.rule for c in history} == {"POINTS.HISTORY"}
    assert [r.id for r in history[0].explanation.rules] == ["POINTS.HISTORY", "POINTS.REDEEM_ORDER"]
    assert str(history[0].explanation.steps[0]) == "4 changes from 2025-01-01 to 2025-12-31, both included"
    assert history[0].to_dict()["rule"] == "POINTS.HISTORY"
    # The notebook view shows them, as for every other result.
    for result, rule in ((spent, "POINTS.REDEEM_ORDER"), (balance, "POINTS.MERGE"), (history[0], "POINTS.HISTORY")):
        page = result._repr_html_()
        assert f"<code>{rule}</code>" in page and "<li>" in page, page
    assert "take 100 from lot p" in spent._repr_html_()
    assert guifan.explain(spent) is spent.explanation


def test_ledger_points_are_read_as_the_contract_reads_them() -> None:
    ledger = guifan.PointsLedger("c1")
    ledger.earn(LOTS)
    for points, kind in ((-1, "negative_amount"), (1.5, "invalid_input"), (2**70, "invalid_input"), ("3", "invalid_input")):
        with pytest.raises(guifan.GuifanError) as caught:
            ledger.redeem(dt.date(2025, 3, 1), points)  # type: ignore[arg-type]
        out = guifan.evaluate({"op": "points.redeem", "input": {"lots": LOTS, "as_of": "2025-03-01", "points": points}})
        assert (caught.value.kind, caught.value.field, str(caught.value)) == (kind, "points", out["error"]["message"])


def test_deadlines_pickle_and_copy_without_the_engine() -> None:
    import copy
    import pickle

    d = guifan.deadline(rule="SLA.COMPLAINT.ORDINARY", start=dt.datetime(2025, 9, 30, 10))
    again = pickle.loads(pickle.dumps(d))
    assert again == d and hash(again) == hash(d) and repr(again) == repr(d)
    assert again.explanation == d.explanation and "2025-10-11" in str(again.explanation)
    assert copy.copy(d) == d and copy.deepcopy(d) == d
    # A provisional answer keeps its flags through a pickle; one of another engine stays unequal.
    p = guifan.Engine(provisional=True).deadline(rule="SLA.COMPLAINT.ORDINARY", start=dt.datetime(2026, 12, 29, 10))
    p2 = pickle.loads(pickle.dumps(p, protocol=2))
    assert (p2.provisional, p2.provisional_years, p2.due) == (True, (2027,), p.due) and p2 == p
    assert p != d and d != "a deadline"
    assert isinstance(d, guifan.Result) and isinstance(d, guifan.Deadline)
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.due = p.due
    # Any other input shape takes the contract's reader, with the same answer.
    assert guifan.deadline(rule="SLA.COMPLAINT.ORDINARY", start="2025-09-30T10:00") == d
    assert guifan.deadline(rule="SLA.COMPLAINT.ORDINARY", start=dt.datetime(2025, 9, 30, 2, tzinfo=dt.timezone.utc)) == d


def test_tier_results_pickle_and_copy_without_the_engine() -> None:
    import copy
    import pickle

    a = guifan.tier(brand="e_home", annual_spend=Decimal("3359.99"))
    again = pickle.loads(pickle.dumps(a))
    assert again == a and hash(again) == hash(a) and repr(again) == repr(a)
    assert again.explanation == a.explanation and again.explanation.rules[0].id == "TIER.PERSONAL.EHOME"
    assert copy.deepcopy(a) == a and isinstance(a, guifan.Result) and isinstance(a, guifan.TierResult)
    assert guifan.explain(again) == a.explanation
    # Every way of giving a customer: the same reader, the same answer.
    assert guifan.tier(brand="e_home", annual_spend="3359.99") == a
    package = guifan.tier(brand="e_home", annual_spend=0, package={"monthly_fee": 300, "subscribed_on": "2025-01-01"})
    assert package.basis == "package" and pickle.loads(pickle.dumps(package)) == package
    with pytest.raises(guifan.InvalidInput):
        guifan.tier(brand="e_home", annual_spend=0, package={"monthly_fee": 300}, monthly_fee=300)

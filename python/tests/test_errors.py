"""Exceptions: one GuifanError (ValueError) subclass per error kind, with kind, field, value."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Dict, Type

import pytest

import guifan

KINDS: Dict[str, Type[guifan.GuifanError]] = {
    "invalid_input": guifan.InvalidInput,
    "unknown_op": guifan.UnknownOp,
    "unknown_rule": guifan.UnknownRule,
    "unknown_brand": guifan.UnknownBrand,
    "negative_amount": guifan.NegativeAmount,
    "calendar_year_unknown": guifan.CalendarYearUnknown,
    "insufficient_points": guifan.InsufficientPoints,
    "points_frozen": guifan.PointsFrozen,
    "customer_mismatch": guifan.CustomerMismatch,
    "duplicate_lot_conflict": guifan.DuplicateLotConflict,
    "override_needs_approval": guifan.OverrideNeedsApproval,
    "override_without_downgrade": guifan.OverrideWithoutDowngrade,
    "override_not_higher": guifan.OverrideNotHigher,
    "override_above_previous": guifan.OverrideAbovePrevious,
    "internal": guifan.InternalError,
}


def test_one_class_per_kind() -> None:
    for kind, cls in KINDS.items():
        assert cls.kind == kind
        assert issubclass(cls, guifan.GuifanError)
        assert issubclass(cls, ValueError)
        assert guifan.error_class(kind) is cls
    assert guifan.error_class("a_kind_from_the_future") is guifan.GuifanError
    # Each class is the one generated from the core's error kinds, written nowhere else.
    schema = json.loads((Path(__file__).parents[2] / "spec-tests/schema/contract.schema.json").read_text())
    assert list(KINDS) == [k["const"] for k in schema["$defs"]["ErrorKind"]["oneOf"]]
    assert {cls.__module__ for cls in KINDS.values()} == {"guifan._kinds"}
    assert [c for c in guifan.GuifanError.__subclasses__() if c not in KINDS.values()] == []


LOT = {"id": "r1", "points": 10, "earned_on": dt.date(2025, 1, 1)}
CURRENT = {"brand": "other", "annual_spend": Decimal("1300")}  # silver


CASES: Dict[str, Callable[[], Any]] = {
    "invalid_input": lambda: guifan.deadline(rule="SLA.COMPLAINT.ORDINARY", start="2025-02-30T10:00"),
    "unknown_rule": lambda: guifan.deadline(rule="SLA.NOPE", start=dt.datetime(2025, 3, 3)),
    "unknown_brand": lambda: guifan.tier(brand="wo", annual_spend=1),
    "negative_amount": lambda: guifan.deadline(clock="clock_hours", amount=-1, start=dt.datetime(2025, 3, 3)),
    "calendar_year_unknown": lambda: guifan.count_working_days(dt.date(2026, 12, 1), dt.date(2027, 1, 31)),
    "insufficient_points": lambda: guifan.redeem_points(lots=[LOT], as_of=dt.date(2025, 2, 1), points=11),
    "points_frozen": lambda: guifan.redeem_points(lots=[LOT], as_of=dt.date(2025, 2, 1), points=1, frozen=True),
    "customer_mismatch": lambda: guifan.merge_points(
        customer_id="c1", as_of=dt.date(2025, 2, 1), accounts=[{"account_id": "a", "customer_id": "c2", "lots": []}]
    ),
    "duplicate_lot_conflict": lambda: guifan.redeem_points(
        lots=[LOT, {**LOT, "points": 11}], as_of=dt.date(2025, 2, 1), points=1
    ),
    "override_needs_approval": lambda: guifan.review(previous_tier="gold", current=CURRENT, override=("gold", " ")),
    "override_without_downgrade": lambda: guifan.review(previous_tier="silver", current=CURRENT, override=("gold", "A1")),
    "override_not_higher": lambda: guifan.review(previous_tier="gold", current=CURRENT, override=("silver", "A1")),
    "override_above_previous": lambda: guifan.review(previous_tier="gold", current=CURRENT, override=("diamond", "A1")),
}


@pytest.mark.parametrize("kind", sorted(CASES))
def test_each_kind_is_raised_as_its_class(kind: str) -> None:
    with pytest.raises(KINDS[kind]) as caught:
        CASES[kind]()
    e = caught.value
    assert e.kind == kind
    assert str(e) == e.message and e.message
    assert e.row is None
    assert e.to_dict()["kind"] == kind


def test_fields_and_values_name_the_fault() -> None:
    with pytest.raises(guifan.InvalidInput) as caught:
        guifan.deadline(rule="SLA.COMPLAINT.ORDINARY", start="2025-02-30T10:00")
    assert (caught.value.field, caught.value.value) == ("start", "2025-02-30T10:00")
    with pytest.raises(guifan.UnknownRule) as rule:
        guifan.deadline(rule="SLA.NOPE", start=dt.datetime(2025, 3, 3))
    assert (rule.value.field, rule.value.value) == ("rule", "SLA.NOPE")
    assert "SLA.COMPLAINT.ORDINARY" in str(rule.value)  # lists the accepted ids
    with pytest.raises(guifan.UnknownBrand) as brand:
        guifan.tier(brand="wo", annual_spend=1)
    assert (brand.value.field, brand.value.value) == ("customer.brand", "wo")
    assert "e_home" in str(brand.value)
    with pytest.raises(guifan.CalendarYearUnknown) as year:
        guifan.is_working_day(dt.date(2027, 1, 4))
    assert year.value.value == "2027"
    with pytest.raises(guifan.InsufficientPoints) as points:
        CASES["insufficient_points"]()
    assert (points.value.field, points.value.value) == ("points", "11")
    with pytest.raises(guifan.CustomerMismatch) as who:
        CASES["customer_mismatch"]()
    assert (who.value.field, who.value.value) == ("accounts[0].customer_id", "c2")


def test_unknown_fields_are_refused_not_ignored() -> None:
    with pytest.raises(guifan.InvalidInput) as caught:
        guifan.status(as_of=dt.date(2025, 6, 1), lines=[{"id": "a", "arears_since": dt.date(2025, 1, 1)}])
    assert caught.value.field == "lines[0].arears_since"
    with pytest.raises(guifan.InvalidInput) as caught2:
        guifan.tier(brand="e_home", annual_spend=1, annual_revenue=2)
    assert caught2.value.field == "customer.annual_revenue"


def test_unknown_op_is_data_in_evaluate() -> None:
    out = guifan.evaluate({"op": "nope", "input": {}})
    assert out["error"]["kind"] == "unknown_op"
    assert "deadline" in out["error"]["message"]


def test_errors_are_value_errors() -> None:
    with pytest.raises(ValueError):
        guifan.tier(brand="e_home", annual_spend="lots")


def test_explain_of_an_unknown_function() -> None:
    with pytest.raises(guifan.InvalidInput) as caught:
        guifan.explain("nope")
    assert caught.value.field == "function"


# --- a bug in guifan --------------------------------------------------------------------------

START = dt.datetime(2025, 9, 30, 10)
SAMPLE_PACK = Path(__file__).resolve().parents[2] / "spec-tests" / "packs" / "sample-province.json"


def _panicking(call: Callable[[], Any]) -> Any:
    """Runs ``call`` with a panic armed in the native code it reaches (the hidden test hook)."""
    guifan._guifan._panic_for_tests()  # type: ignore[attr-defined]
    return call()


@pytest.mark.parametrize(
    "entry",
    ["typed", "paused", "ticket", "explain", "batch_deadlines", "batch_tiers", "engine"],
)
def test_a_panic_is_an_internal_error_not_a_crash(entry: str) -> None:
    np = pytest.importorskip("numpy")
    calls: Dict[str, Callable[[], Any]] = {
        "typed": lambda: guifan.deadline(rule="SLA.COMPLAINT.ORDINARY", start=START),
        "paused": lambda: guifan.deadline(rule="SLA.COMPLAINT.ORDINARY", start=START, pauses=[(START, None)]),
        "ticket": lambda: guifan.ticket(start=START, rules=["SLA.FAULT.CONTACT"], as_of=START),
        "explain": lambda: guifan.explain("deadline", rule="SLA.COMPLAINT.ORDINARY", start=START),
        "batch_deadlines": lambda: guifan.batch.deadlines(np.array([START], dtype="datetime64[us]"), rule="SLA.FAULT.BRAND"),
        "batch_tiers": lambda: guifan.batch.tiers("e_home", np.array([3360.0])),
        "engine": lambda: guifan.Engine(pack=SAMPLE_PACK),
    }
    # `except Exception` is what callers write: pyo3's PanicException (a BaseException) escapes it.
    with pytest.raises(Exception) as info:
        _panicking(calls[entry])
    caught = info.value
    assert isinstance(caught, guifan.InternalError) and isinstance(caught, guifan.GuifanError)
    assert caught.kind == "internal" and guifan.error_class("internal") is guifan.InternalError
    assert "bug in guifan" in str(caught) and "armed by _panic_for_tests" in str(caught)
    assert calls[entry]() is not None  # the panic was one call's: the next one answers


def test_a_panic_in_evaluate_is_answered_as_data() -> None:
    out = _panicking(lambda: guifan.evaluate({"op": "dunning", "input": {"arrears_count": 1}}))
    assert out["error"]["kind"] == "internal"
    assert "bug in guifan" in out["error"]["message"] and "armed by _panic_for_tests" in out["error"]["message"]
    assert (out["error"]["field"], out["error"]["value"]) == (None, None)
    assert guifan.evaluate({"op": "dunning", "input": {"arrears_count": 1}}) == {"voice_allowed": False, "rule": "DUNNING.CHANNEL"}
    text = _panicking(lambda: guifan.evaluate('{"op": "dunning", "input": {"arrears_count": 1}}'))
    assert text["error"]["kind"] == "internal"

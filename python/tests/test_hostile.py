"""Hostile input: the shared table (spec-tests/hostile) through ``guifan.evaluate``, and the
values only Python has (NaN and infinite floats, huge ints, odd time zones) through the typed API.
Every answer is the documented error kind, never a crash."""

from __future__ import annotations

import datetime as dt
import json
import threading
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, List

import pytest

import guifan

CASES: List[Dict[str, Any]] = json.loads(
    (Path(__file__).resolve().parents[2] / "spec-tests" / "hostile" / "requests.json").read_text("utf-8")
)


def request_of(case: Dict[str, Any]) -> Any:
    """The case as ``evaluate`` takes it: the raw text, or the JSON value as Python objects."""
    if "text" in case:
        return case["text"]
    if "nested_depth" in case:
        n = case["nested_depth"]
        return '{"op":"dunning","input":' + "[" * n + "]" * n + "}"
    if "lots" in case:
        n = case["lots"]
        lots = [{"id": f"l{i}", "points": 1, "earned_on": "2025-01-01"} for i in range(n)]
        return {"op": "points.redeem", "input": {"lots": lots, "as_of": "2025-06-01", "points": n + 1}}
    return case["request"]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_shared_hostile_table(case: Dict[str, Any]) -> None:
    out = guifan.evaluate(request_of(case))
    if "expect_error" in case:
        assert out.get("error", {}).get("kind") == case["expect_error"], out
        assert out["error"]["message"]
        if "expect_field" in case:
            assert out["error"]["field"] == case["expect_field"], out
    else:
        for key, value in case["expect"].items():
            assert out[key] == value, out


def spend(value: Any) -> Any:
    return guifan.tier(brand="e_home", annual_spend=value)


@pytest.mark.parametrize(
    "value, kind",
    [
        (float("nan"), "invalid_input"),
        (float("inf"), "invalid_input"),
        (float("-inf"), "invalid_input"),
        (Decimal("NaN"), "invalid_input"),
        (Decimal("sNaN"), "invalid_input"),
        (Decimal("Infinity"), "invalid_input"),
        (10**400, "invalid_input"),
        (Decimal("1e400"), "invalid_input"),
        (-1, "negative_amount"),
        (Decimal("-0.01"), "negative_amount"),
        (None, "invalid_input"),
        ("", "invalid_input"),
        ([], "invalid_input"),
        (object(), "invalid_input"),
        (True, "invalid_input"),
    ],
    ids=repr,
)
def test_python_only_money_values(value: Any, kind: str) -> None:
    with pytest.raises(guifan.GuifanError) as e:
        spend(value)
    assert e.value.kind == kind
    assert isinstance(e.value, ValueError)


@pytest.mark.parametrize(
    "value, tier",
    [(-0.0, "none"), (Decimal("-0"), "none"), (0.1 + 0.2, "none"), (3359.99, "gold"), (3360.0, "diamond"), (10**20, "diamond")],
    ids=repr,
)
def test_python_only_money_values_that_are_fine(value: Any, tier: str) -> None:
    assert spend(value).tier == tier


def test_odd_time_zones_and_extreme_years() -> None:
    kathmandu = dt.timezone(dt.timedelta(hours=5, minutes=45))
    d = guifan.deadline(rule="SLA.COMPLAINT.ORDINARY", start=dt.datetime(2025, 9, 30, 7, 45, tzinfo=kathmandu))
    assert d.due == dt.datetime(2025, 10, 12, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    with pytest.raises(guifan.CalendarYearUnknown):
        guifan.is_working_day(dt.date(1, 1, 1))
    with pytest.raises(guifan.CalendarYearUnknown):
        guifan.is_working_day(dt.date(9999, 12, 31))
    with pytest.raises(guifan.InvalidInput):
        guifan.deadline(clock="clock_hours", amount=48, start=dt.datetime(9999, 12, 31, 12))
    with pytest.raises(guifan.GuifanError) as e:
        guifan.deadline(clock="working_days", amount=10**9, start=dt.datetime(2025, 1, 1))
    assert e.value.kind == "calendar_year_unknown"
    with pytest.raises(guifan.GuifanError) as e:
        guifan.deadline(clock="working_days", amount=2**64, start=dt.datetime(2025, 1, 1))
    assert e.value.kind == "invalid_input"


def test_batch_calls_from_threads_match_serial() -> None:
    np = pytest.importorskip("numpy")
    starts = np.datetime64("2024-01-01T00:00") + np.arange(0, 200_000, dtype="int64") * np.timedelta64(5, "m")
    serial = guifan.batch.deadlines(starts, rule="SLA.COMPLAINT.ORDINARY")
    results: List[Any] = [None] * 4

    def run(i: int) -> None:
        results[i] = guifan.batch.deadlines(starts, rule="SLA.COMPLAINT.ORDINARY")

    threads = [threading.Thread(target=run, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for r in results:
        assert (r == serial).all()

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


# --- values that once crashed or raised -----------------------------------------------------------


def nested(depth: int, inner: Any = 1) -> Dict[str, Any]:
    """``{"a": {"a": … inner}}`` with ``depth`` dicts."""
    value: Any = inner
    for _ in range(depth):
        value = {"a": value}
    return value  # type: ignore[no-any-return]


def test_deep_nesting_is_refused_at_json_depth_not_followed() -> None:
    # 10,000 levels once overflowed the native stack; the cap is JSON text's (serde_json: 128).
    deep_list: Any = []
    for _ in range(10_000):
        deep_list = [deep_list]
    for request in ({"op": "tier", "input": nested(10_000)}, {"op": "tier", "input": {"customer": [1, deep_list]}}):
        out = guifan.evaluate(request)
        assert out["error"]["kind"] == "invalid_input", out
        assert "nested 128 levels deep" in out["error"]["message"]
    deep = guifan.evaluate({"op": "tier", "input": nested(10_000)})["error"]
    assert deep["field"] == ".".join(["a"] * 126)
    loop: Dict[str, Any] = {}
    loop["a"] = loop
    assert guifan.evaluate({"op": "tier", "input": loop})["error"]["kind"] == "invalid_input"
    with pytest.raises(guifan.InvalidInput) as typed:
        guifan.tier(brand="e_home", annual_spend=1, package=nested(10_000))
    assert typed.value.field is not None and typed.value.field.startswith("package.a.a")
    # A request is refused for its depth exactly when its JSON text is.
    for n in range(120, 135):
        as_text = guifan.evaluate('{"op":"tier","input":' + '{"a":' * n + "1" + "}" * n + "}")["error"]
        as_dict = guifan.evaluate({"op": "tier", "input": nested(n)})["error"]
        too_deep = "nested 128 levels deep" in as_dict["message"]
        assert too_deep == ("recursion limit" in as_text["message"]) == (n >= 127), (n, as_text, as_dict)
        if not too_deep:
            assert as_dict == as_text  # the contract's own answer (no customer)


def test_lone_surrogates_are_invalid_input_everywhere() -> None:
    np = pytest.importorskip("numpy")
    for request in ("\ud800", {"op": "tier", "input": {"customer": {"brand": "\udfff", "annual_spend": 1}}}, {"op\ud800": 1}):
        out = guifan.evaluate(request)
        assert out["error"]["kind"] == "invalid_input", out
        assert "lone surrogate" in out["error"]["message"]
    assert guifan.evaluate("\ud800")["error"]["field"] == "request"
    assert guifan.evaluate({"op": "tier", "input": {"customer": {"brand": "\udfff"}}})["error"]["field"] == "customer.brand"
    calls = {
        "customer.brand": lambda: guifan.tier(brand="\ud800", annual_spend=1),
        "calendar": lambda: guifan.load_calendar('{"years": {"\ud800": {}}}'),
        "pack.name": lambda: guifan.Engine(pack={"name": "\ud800"}),
        "incident": lambda: guifan.rule_for("\ud800", "vip"),
        "customer_id": lambda: guifan.PointsLedger("\ud800"),
        "rule": lambda: guifan.batch.deadlines(np.array(["2025-09-30T10:00"], dtype="datetime64[us]"), rule="\ud800"),
    }
    for field, call in calls.items():
        with pytest.raises(guifan.InvalidInput) as caught:
            call()
        assert caught.value.field == field, caught.value
        assert "lone surrogate" in str(caught.value)
    pd = pytest.importorskip("pandas")
    with pytest.raises(guifan.InvalidInput) as column:
        guifan.batch.deadlines(pd.Series([dt.datetime(2025, 9, 30)] * 2), rule=pd.Series(["SLA.FAULT.BRAND", "\ud800"]))
    assert column.value.field == "rule"

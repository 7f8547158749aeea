"""Python types in and out: Decimal, int, str and float money; naive and aware datetimes;
dates; JSON values for ``evaluate``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

import guifan

UTC = dt.timezone.utc
BEIJING = dt.timedelta(hours=8)


@pytest.mark.parametrize(
    "spend, tier",
    [
        (Decimal("3360"), "diamond"),
        (Decimal("3359.99"), "gold"),
        (Decimal("3.36E+3"), "diamond"),
        (Decimal("-0"), "none"),
        (3360, "diamond"),
        (3359, "gold"),
        ("3360.00", "diamond"),
        ("3359.99", "gold"),
        ("3.36e3", "diamond"),
        (3359.99, "gold"),  # read through its repr, not as the binary 3359.98999…
        (3360.0, "diamond"),
        (1079.9999999999998, "none"),  # the repr keeps every digit the float has
        (1080.0, "silver"),
    ],
)
def test_money_is_read_exactly(spend: object, tier: str) -> None:
    assert guifan.tier(brand="e_home", annual_spend=spend).tier == tier  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf"), Decimal("NaN"), Decimal("Infinity"), Decimal("sNaN")])
def test_nan_and_infinities_are_not_money(bad: object) -> None:
    with pytest.raises(guifan.InvalidInput) as caught:
        guifan.tier(brand="e_home", annual_spend=bad)  # type: ignore[arg-type]
    assert caught.value.field == "customer.annual_spend"
    assert caught.value.kind == "invalid_input"


@pytest.mark.parametrize("bad", [True, "3,360", "", [1], {"x": 1}])
def test_money_of_other_types_is_refused(bad: object) -> None:
    with pytest.raises(guifan.InvalidInput) as caught:
        guifan.tier(brand="e_home", annual_spend=bad)  # type: ignore[arg-type]
    assert caught.value.field == "customer.annual_spend"


def test_negative_money_is_its_own_kind() -> None:
    with pytest.raises(guifan.NegativeAmount) as caught:
        guifan.tier(kind="enterprise", annual_revenue=Decimal("-0.01"))
    assert (caught.value.field, caught.value.value) == ("customer.annual_revenue", "-0.01")


def test_cutover_hours_are_decimal() -> None:
    assert not guifan.cutover(start=dt.datetime(2025, 6, 10, 1), outage_hours=Decimal("24"), key_customers=False).requires_approval
    assert guifan.cutover(start=dt.datetime(2025, 6, 10, 1), outage_hours=24.01, key_customers=False).requires_approval
    assert guifan.cutover(start=dt.datetime(2025, 6, 10, 1), outage_hours="24.000001", key_customers=False).requires_approval


def test_naive_datetimes_are_beijing_time_and_results_are_aware() -> None:
    d = guifan.deadline(rule="SLA.COMPLAINT.ORDINARY", start=dt.datetime(2025, 9, 30, 10))
    assert d.due == dt.datetime(2025, 10, 12, tzinfo=dt.timezone(BEIJING))
    assert d.due.utcoffset() == BEIJING
    assert d.due.isoformat() == "2025-10-12T00:00:00+08:00"


@pytest.mark.parametrize(
    "start",
    [
        dt.datetime(2025, 9, 30, 2, tzinfo=UTC),
        dt.datetime(2025, 9, 30, 10, tzinfo=ZoneInfo("Asia/Shanghai")),
        dt.datetime(2025, 9, 29, 22, tzinfo=ZoneInfo("America/New_York")),  # EDT, UTC-4
        dt.datetime(2025, 9, 30, 3, 45, tzinfo=dt.timezone(dt.timedelta(hours=1, minutes=45))),
        "2025-09-30T02:00:00Z",
        "2025-09-30T10:00",
    ],
)
def test_aware_datetimes_are_converted(start: object) -> None:
    d = guifan.deadline(rule="SLA.FAULT.CONTACT", start=start)  # type: ignore[arg-type]
    assert d.due == dt.datetime(2025, 9, 30, 14, tzinfo=dt.timezone(BEIJING))
    assert d.due.utcoffset() == BEIJING


def test_microseconds_survive() -> None:
    start = dt.datetime(2025, 3, 3, 9, 0, 0, 123456)
    d = guifan.deadline(clock="clock_hours", amount=4, start=start)
    assert d.due == dt.datetime(2025, 3, 3, 13, 0, 0, 123456, tzinfo=dt.timezone(BEIJING))


def test_done_compares_as_an_instant_whatever_its_zone() -> None:
    start = dt.datetime(2025, 3, 3, 9)
    on_time = dt.datetime(2025, 3, 3, 5, tzinfo=UTC)  # 13:00 Beijing = due
    late = dt.datetime(2025, 3, 3, 5, 0, 1, tzinfo=UTC)
    assert guifan.deadline(rule="SLA.FAULT.CONTACT", start=start, done=on_time).met is True
    assert guifan.deadline(rule="SLA.FAULT.CONTACT", start=start, done=late).met is False


def test_dates_are_dates() -> None:
    assert guifan.is_working_day(dt.date(2025, 10, 11)) is True
    assert guifan.is_working_day("2025-10-01") is False
    assert guifan.add_working_days(dt.date(2025, 9, 30), 3) == dt.date(2025, 10, 11)
    assert guifan.add_working_days(dt.date(2025, 10, 11), -3) == dt.date(2025, 9, 30)
    assert guifan.count_working_days(dt.date(2025, 10, 1), dt.date(2025, 10, 12)) == 3
    assert isinstance(guifan.add_working_days("2025-09-30", 0), dt.date)


def test_a_datetime_is_not_a_date_nor_a_date_an_instant() -> None:
    with pytest.raises(guifan.InvalidInput) as caught:
        guifan.is_working_day(dt.datetime(2025, 10, 11, 9))  # type: ignore[arg-type]
    assert caught.value.field == "date"
    with pytest.raises(guifan.InvalidInput) as caught2:
        guifan.deadline(rule="SLA.COMPLAINT.ORDINARY", start=dt.date(2025, 9, 30))  # type: ignore[arg-type]
    assert caught2.value.field == "start"


def test_evaluate_reads_python_values_and_answers_json_values() -> None:
    out = guifan.evaluate(
        {
            "op": "deadline",
            "input": {"rule": "SLA.COMPLAINT.ORDINARY", "start": dt.datetime(2025, 9, 30, 2, tzinfo=UTC)},
        }
    )
    assert out == {
        "due": "2025-10-12T00:00:00+08:00",
        "clock": "working_days",
        "rule": "SLA.COMPLAINT.ORDINARY",
        "pack": {"name": "guifan-builtin", "version": "2026.1"},
    }
    tier = guifan.evaluate({"op": "tier", "input": {"customer": {"brand": "e_home", "annual_spend": Decimal("3359.99")}}})
    assert tier["tier"] == "gold"
    day = guifan.evaluate({"op": "calendar.day", "input": {"date": dt.date(2025, 10, 1)}})
    assert (day["holiday"], day["holiday_name"]) == (True, "national_day")
    count = guifan.evaluate('{"op": "calendar.count_working_days", "input": {"from": "2025-10-01", "to": "2025-10-12"}}')
    assert count["count"] == 3 and isinstance(count["count"], int)


@pytest.mark.parametrize(
    "request_, kind, field",
    [
        ({"op": "tier", "input": {"customer": {"brand": "e_home", "annual_spend": float("nan")}}}, "invalid_input", "customer.annual_spend"),
        ({"op": "tier", "input": {"customer": object()}}, "invalid_input", "customer"),
        ({"op": "tier", "input": 5}, "invalid_input", "input"),
        ({"op": "nope", "input": {}}, "unknown_op", "op"),
        ({1: 2}, "invalid_input", "request"),
        (["not", "a", "request"], "invalid_input", "request"),
        ("{not json", "invalid_input", "request"),
        ({"op": "deadline", "input": {"rule": "SLA.COMPLAINT.ORDINARY", "start": "2025-09-30T10:00", "typo": 1}}, "invalid_input", "typo"),
        ({"op": "deadline", "input": {"rule": "SLA.COMPLAINT.ORDINARY", "start": "2026-12-31T10:00"}}, "calendar_year_unknown", "start"),
    ],
)
def test_evaluate_answers_errors_as_data(request_: object, kind: str, field: object) -> None:
    out = guifan.evaluate(request_)  # type: ignore[arg-type]
    assert set(out) == {"error"}
    assert out["error"]["kind"] == kind
    assert out["error"]["field"] == field
    assert out["error"]["message"]


def test_evaluate_survives_a_broken_mapping() -> None:
    from collections.abc import Mapping

    class Broken(Mapping):  # type: ignore[type-arg]
        def __getitem__(self, k: object) -> object:
            raise RuntimeError("boom")

        def __iter__(self):  # type: ignore[no-untyped-def]
            raise RuntimeError("boom")

        def __len__(self) -> int:
            return 1

        def items(self):  # type: ignore[no-untyped-def]
            raise RuntimeError("boom")

    out = guifan.evaluate({"op": "tier", "input": Broken()})
    assert out["error"]["kind"] == "invalid_input"
    assert "boom" in out["error"]["message"]


def test_numpy_integers_are_whole_numbers() -> None:
    np = pytest.importorskip("numpy")
    assert guifan.dunning(np.int64(2)).voice_allowed is True  # type: ignore[arg-type]
    assert guifan.deadline(clock="working_days", amount=np.int32(3), start=dt.datetime(2025, 9, 30, 10)).due.day == 12  # type: ignore[arg-type]


def test_pandas_timestamps_are_datetimes() -> None:
    pd = pytest.importorskip("pandas")
    d = guifan.deadline(rule="SLA.COMPLAINT.ORDINARY", start=pd.Timestamp("2025-09-30 02:00", tz="UTC"))
    assert d.due.isoformat() == "2025-10-12T00:00:00+08:00"


def test_an_aware_instant_past_year_9999_in_beijing_is_invalid_input() -> None:
    late = dt.datetime(9999, 12, 31, 23, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    with pytest.raises(guifan.InvalidInput) as caught:
        guifan.deadline(clock="clock_hours", amount=1, start=late)
    assert caught.value.field == "start"
    out = guifan.evaluate({"op": "deadline", "input": {"clock": "clock_hours", "amount": 1, "start": late}})
    assert (out["error"]["kind"], out["error"]["field"]) == ("invalid_input", "start")


def test_float_subclasses_are_read_through_float_repr() -> None:
    class Spend(float):
        def __repr__(self) -> str:
            return f"Spend({float(self)!r})"

    assert guifan.tier(brand="e_home", annual_spend=Spend(3359.99)).tier == "gold"
    assert guifan.tier(brand="e_home", annual_spend=Spend(3360)).tier == "diamond"
    with pytest.raises(guifan.InvalidInput):
        guifan.tier(brand="e_home", annual_spend=Spend("nan"))


def test_numpy_scalars_are_money_and_booleans() -> None:
    np = pytest.importorskip("numpy")
    # numpy 2 writes repr(np.float64(3359.99)) as 'np.float64(3359.99)': the value is read, not the repr.
    cases = [
        (np.float64(3359.99), "gold"),
        (np.float64(3360), "diamond"),
        (np.float32(3359.99), "gold"),  # its float64 widening would be 3359.989990234375
        (np.float32(3360), "diamond"),
        (np.float16(1080), "silver"),
        (np.int64(3360), "diamond"),
    ]
    for value, tier in cases:
        assert guifan.tier(brand="e_home", annual_spend=value).tier == tier, value
        out = guifan.evaluate({"op": "tier", "input": {"customer": {"brand": "e_home", "annual_spend": value}}})
        assert out["tier"] == tier, (value, out)
    for bad in (np.float64("nan"), np.float32("inf"), np.float32("-inf"), np.float16("nan")):
        with pytest.raises(guifan.InvalidInput) as caught:
            guifan.tier(brand="e_home", annual_spend=bad)
        assert "NaN and infinities" in str(caught.value)
    cutover = {"start": dt.datetime(2025, 3, 3, 9), "outage_hours": np.float32(2.5)}
    for flag in (True, False):
        assert guifan.cutover(**cutover, key_customers=np.bool_(flag)) == guifan.cutover(**cutover, key_customers=flag)  # type: ignore[arg-type]
    status = {"as_of": "2025-01-01", "lines": [], "misconduct": np.True_}
    assert guifan.evaluate({"op": "status", "input": status})["status"] == "cancelled"


def test_numpy_scalars_in_object_columns() -> None:
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    values = [np.float64(3359.99), np.float32(3359.99), np.float32(3360), None, np.int32(1080)]
    want = ["gold", "gold", "diamond", None, "silver"]
    got = guifan.batch.tiers("e_home", pd.Series(values, dtype=object))
    assert [None if pd.isna(x) else x for x in got] == want
    assert guifan.batch.tiers("e_home", np.array(values, dtype=object)).tolist() == want
    with pytest.raises(guifan.InvalidInput) as caught:
        guifan.batch.tiers("e_home", pd.Series([np.float32(1), np.float32("inf")], dtype=object))
    assert caught.value.row == 1


def test_float32_columns_are_read_at_their_precision() -> None:
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    pa = pytest.importorskip("pyarrow")
    values = [3359.99, 3360.0, 1079.99, float("nan")]
    want = ["gold", "diamond", "none", None]
    as_np = np.array(values, dtype=np.float32)
    assert guifan.batch.tiers("e_home", as_np).tolist() == want
    got = guifan.batch.tiers("e_home", pd.Series(values, dtype="float32"))
    assert [None if pd.isna(x) else x for x in got] == want
    nullable = guifan.batch.tiers("e_home", pd.Series([3359.99, None], dtype="Float32"))
    assert nullable[0] == "gold" and pd.isna(nullable[1])
    assert guifan.batch.tiers("e_home", pa.array(values[:3] + [None], type=pa.float32())).to_pylist() == want
    # Each value as the scalar of its own type gives the same answer.
    assert want[:3] == [guifan.tier(brand="e_home", annual_spend=np.float32(v)).tier for v in values[:3]]

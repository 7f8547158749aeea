"""guifan.batch over pandas, numpy and pyarrow: same kind out, nulls through, bad rows named,
and every row equal to the typed scalar call."""

from __future__ import annotations

import datetime as dt
import threading
import time
from decimal import Decimal
from typing import Any, Callable, List, Optional

import pytest

import guifan

np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")

B = dt.timezone(dt.timedelta(hours=8))
RULES = ["SLA.COMPLAINT.ORDINARY", "SLA.COMPLAINT.BRAND", "SLA.FAULT.ORDINARY", "SLA.REPAIR.SAMEDAY", "SLA.APPOINTMENT.CONFIRM", "SLA.ACCEPT.NOTIFY"]


def _ts(*values: Optional[str]) -> Any:
    """A datetime64 Series from ISO texts (None = NaT), whatever their precision."""
    return pd.Series([None if v is None else dt.datetime.fromisoformat(v) for v in values], dtype="datetime64[ns]")


def _starts(n: int, seed: int = 7) -> List[dt.datetime]:
    """Naive Beijing instants over 2024–2025, holidays and make-up days included."""
    rng = np.random.default_rng(seed)
    base = dt.datetime(2024, 1, 1)
    return [base + dt.timedelta(seconds=int(s)) for s in rng.integers(0, 2 * 365 * 86400 - 30 * 86400, n)]


def test_deadlines_agree_with_the_typed_call_row_by_row() -> None:
    starts = _starts(400)
    rng = np.random.default_rng(3)
    rules = [RULES[i] for i in rng.integers(0, len(RULES), len(starts))]
    areas = [["urban", "rural", None][i] for i in rng.integers(0, 3, len(starts))]
    due = guifan.batch.deadlines(pd.Series(starts), rule=pd.Series(rules), area=pd.Series(areas, dtype=object))
    assert str(due.dtype) == "datetime64[us, UTC+08:00]"
    for s, r, a, got in zip(starts, rules, areas, due):
        assert got.to_pydatetime() == guifan.deadline(rule=r, area=a, start=s).due


def test_pandas_in_pandas_out_with_index_and_nulls() -> None:
    s = pd.Series(pd.to_datetime(["2025-09-30 10:00", None, "2025-03-03 16:00"]), index=["a", "b", "c"])
    due = guifan.batch.deadlines(s, rule="SLA.COMPLAINT.ORDINARY")
    assert isinstance(due, pd.Series) and list(due.index) == ["a", "b", "c"] and due.name == "due"
    assert due["a"] == pd.Timestamp("2025-10-12T00:00:00+08:00")
    assert pd.isna(due["b"])
    assert due["c"] == pd.Timestamp("2025-03-07T00:00:00+08:00")


def test_aware_pandas_columns_are_converted() -> None:
    naive = _ts("2025-09-30 10:00", "2025-03-03 15:59:59")
    utc = naive.dt.tz_localize("Asia/Shanghai").dt.tz_convert("UTC")
    a = guifan.batch.deadlines(naive, rule="SLA.REPAIR.SAMEDAY")
    b = guifan.batch.deadlines(utc, rule="SLA.REPAIR.SAMEDAY")
    assert a.equals(b)
    objects = pd.Series([dt.datetime(2025, 9, 30, 2, tzinfo=dt.timezone.utc), dt.datetime(2025, 3, 3, 7, 59, 59, tzinfo=dt.timezone.utc)])
    assert list(guifan.batch.deadlines(objects, rule="SLA.REPAIR.SAMEDAY")) == list(a)


def test_numpy_in_numpy_out() -> None:
    n = np.array(["2025-09-30T10:00", "NaT", "2025-03-03T16:00:00"], dtype="datetime64[s]")
    due = guifan.batch.deadlines(n, rule="SLA.COMPLAINT.ORDINARY")
    assert isinstance(due, np.ndarray) and due.dtype == np.dtype("datetime64[us]")
    # numpy has no zones: Beijing wall time, which reads back the same
    assert due[0] == np.datetime64("2025-10-12T00:00:00")
    assert np.isnat(due[1])
    due2, met = guifan.batch.deadlines(n, rule="SLA.COMPLAINT.ORDINARY", done=np.array(["2025-10-11T23:59", "2025-10-01", "2025-03-08"], dtype="datetime64[m]"))
    assert isinstance(met, np.ma.MaskedArray)
    assert met.tolist() == [True, None, False]
    masked_rules = np.ma.MaskedArray(np.array(["SLA.FAULT.BRAND", "SLA.NOPE", "SLA.NOPE"], dtype=object), mask=[False, False, True])
    # A row's rule is looked up in the pack in force on its start: a null start is a null row.
    assert np.isnat(guifan.batch.deadlines(n, rule=masked_rules, errors="null")).tolist() == [False, True, True]
    with pytest.raises(guifan.UnknownRule) as caught:
        guifan.batch.deadlines(np.where(np.isnat(n), n[0], n), rule=masked_rules)
    assert caught.value.row == 1  # the masked row 2 is a null, not an error
    masked_starts = np.ma.MaskedArray(n, mask=[True, False, False])
    assert np.isnat(guifan.batch.deadlines(masked_starts, rule="SLA.FAULT.BRAND")).tolist() == [True, True, False]
    full = guifan.batch.is_working_day(np.array(["2025-10-11", "2025-10-12"], dtype="datetime64[D]"))
    assert not isinstance(full, np.ma.MaskedArray) and full.tolist() == [True, False]


def test_arrow_in_arrow_out() -> None:
    naive = pa.array([dt.datetime(2025, 9, 30, 10), None], type=pa.timestamp("ms"))
    due = guifan.batch.deadlines(naive, rule="SLA.COMPLAINT.ORDINARY")
    assert isinstance(due, pa.Array) and due.type == pa.timestamp("us", tz="+08:00")
    assert due[0].as_py() == dt.datetime(2025, 10, 12, tzinfo=B)
    assert due[1].as_py() is None
    aware = pa.array([dt.datetime(2025, 9, 30, 2)], type=pa.timestamp("s", tz="UTC"))
    assert guifan.batch.deadlines(aware, rule="SLA.COMPLAINT.ORDINARY")[0].as_py() == dt.datetime(2025, 10, 12, tzinfo=B)
    chunked = pa.chunked_array([naive, naive])
    out = guifan.batch.deadlines(chunked, rule=pa.chunked_array([pa.array(["SLA.COMPLAINT.ORDINARY"] * 2), pa.array(["SLA.FAULT.BRAND", None])]))
    assert isinstance(out, pa.ChunkedArray) and len(out) == 4
    assert out.to_pylist() == [dt.datetime(2025, 10, 12, tzinfo=B), None, dt.datetime(2025, 10, 1, 2, tzinfo=B), None]


def test_done_gives_met() -> None:
    start = pd.Series(pd.to_datetime(["2025-09-30 10:00"] * 4))
    done = _ts("2025-10-12 00:00", "2025-10-12 00:00:01", None, "2025-10-01")
    due, met = guifan.batch.deadlines(start, rule="SLA.COMPLAINT.ORDINARY", done=done)
    assert str(met.dtype) == "boolean" and met.name == "met"
    assert met.tolist() == [True, False, pd.NA, True]


def test_free_clocks_with_per_row_amounts() -> None:
    start = pd.Series([dt.datetime(2025, 9, 30, 10)] * 4)
    amount = pd.Series([3, 0, None, 5], dtype="Int64")
    due = guifan.batch.deadlines(start, clock="working_days", amount=amount)
    assert due.tolist()[:2] == [pd.Timestamp("2025-10-12T00:00+08:00"), pd.Timestamp("2025-09-30T10:00+08:00")]
    assert pd.isna(due[2])
    clocks = guifan.batch.deadlines(start, clock=pd.Series(["clock_hours", "calendar_days", "working_minutes", None]), amount=30)
    assert clocks[0] == pd.Timestamp("2025-10-01T16:00+08:00")
    assert clocks[1] == pd.Timestamp("2025-10-31T00:00+08:00")
    assert clocks[2] == pd.Timestamp("2025-09-30T10:30+08:00")
    assert pd.isna(clocks[3])
    with pytest.raises(guifan.NegativeAmount) as caught:
        guifan.batch.deadlines(start, clock="clock_hours", amount=np.array([1, 2, -3, 4]))
    assert (caught.value.row, caught.value.field) == (2, "amount")
    with pytest.raises(guifan.InvalidInput):
        guifan.batch.deadlines(start, clock="clock_hours", amount=np.array([1.5, 2, 3, 4]))


def test_bad_rows_are_named_or_nulled() -> None:
    start = pd.Series(pd.to_datetime(["2025-09-30 10:00", "2026-12-30 10:00", "2025-03-03 10:00", None]))
    with pytest.raises(guifan.CalendarYearUnknown) as caught:
        guifan.batch.deadlines(start, rule="SLA.COMPLAINT.ORDINARY")
    assert caught.value.row == 1 and str(caught.value).startswith("row 1: ")
    nulled = guifan.batch.deadlines(start, rule="SLA.COMPLAINT.ORDINARY", errors="null")
    assert nulled.isna().tolist() == [False, True, False, True]
    rules = pd.Series(["SLA.FAULT.BRAND", "SLA.FAULT.BRAND", "SLA.NOPE", "SLA.NOPE"])
    with pytest.raises(guifan.CalendarYearUnknown) as first:  # row 1 comes before row 2's rule
        guifan.batch.deadlines(start, rule=rules.replace("SLA.FAULT.BRAND", "SLA.COMPLAINT.ORDINARY"))
    assert first.value.row == 1
    with pytest.raises(guifan.UnknownRule) as unknown:
        guifan.batch.deadlines(start, rule=rules)
    assert (unknown.value.row, unknown.value.value) == (2, "SLA.NOPE")
    assert guifan.batch.deadlines(start, rule=rules, errors="null").isna().tolist() == [False, False, True, True]
    with pytest.raises(guifan.InvalidInput) as area:
        guifan.batch.deadlines(start, rule="SLA.FAULT.BRAND", area=pd.Series(["urban", "mountain", None, "rural"]))
    assert (area.value.row, area.value.field) == (1, "area")


def test_whole_call_errors_have_no_row() -> None:
    start = pd.Series(pd.to_datetime(["2025-09-30 10:00"]))
    with pytest.raises(guifan.UnknownRule) as caught:
        guifan.batch.deadlines(start, rule="SLA.NOPE", errors="null")
    assert caught.value.row is None
    with pytest.raises(guifan.InvalidInput):
        guifan.batch.deadlines(start, rule="SLA.FAULT.BRAND", clock="clock_hours", amount=1)
    with pytest.raises(guifan.InvalidInput):
        guifan.batch.deadlines(start, clock="clock_hours", area="rural", amount=1)
    with pytest.raises(guifan.InvalidInput):
        guifan.batch.deadlines(start)
    with pytest.raises(guifan.InvalidInput) as length:
        guifan.batch.deadlines(start, rule=pd.Series(["SLA.FAULT.BRAND"] * 2))
    assert length.value.field == "rule"
    with pytest.raises(guifan.InvalidInput):
        guifan.batch.deadlines(start, rule="SLA.FAULT.BRAND", errors="ignore")
    with pytest.raises(TypeError):
        guifan.batch.deadlines([dt.datetime(2025, 9, 30)], rule="SLA.FAULT.BRAND")
    with pytest.raises(guifan.InvalidInput):
        guifan.batch.deadlines(pd.Series([1, 2]), rule="SLA.FAULT.BRAND")


@pytest.mark.parametrize("kind", ["pandas", "numpy", "arrow"])
def test_empty_columns(kind: str) -> None:
    empty: Any = {
        "pandas": pd.Series([], dtype="datetime64[ns]"),
        "numpy": np.array([], dtype="datetime64[us]"),
        "arrow": pa.array([], type=pa.timestamp("us")),
    }[kind]
    assert len(guifan.batch.deadlines(empty, rule="SLA.COMPLAINT.ORDINARY")) == 0
    assert len(guifan.batch.is_working_day(empty)) == 0
    assert len(guifan.batch.count_working_days(empty, empty)) == 0
    assert len(guifan.batch.add_working_days(empty, 1)) == 0
    money: Any = {"pandas": pd.Series([], dtype=float), "numpy": np.array([], dtype=float), "arrow": pa.array([], type=pa.decimal128(10, 2))}[kind]
    assert len(guifan.batch.tiers("e_home", money)) == 0


NEAR_BOUNDS = [3360.0, 3359.99, 3359.999999999999, 3360.0000000000005, 1079.9999999999998, 1080.0, 2160.0000000000005, 0.0, 12345.678]


def test_float_columns_are_read_through_repr_like_scalars() -> None:
    got = guifan.batch.tiers("e_home", pd.Series(NEAR_BOUNDS))
    want = [guifan.tier(brand="e_home", annual_spend=x).tier for x in NEAR_BOUNDS]
    assert list(got.astype(str)) == want
    assert list(guifan.batch.tiers("e_home", np.array(NEAR_BOUNDS))) == want
    assert guifan.batch.tiers("e_home", pa.array(NEAR_BOUNDS)).to_pylist() == want
    rng = np.random.default_rng(11)
    noise = (rng.integers(100_000, 400_000, 500) / 100 + rng.choice([0, 1e-9, -1e-12, 3e-13], 500)).tolist()
    batch = guifan.batch.tiers("tianyi", np.array(noise)).tolist()
    assert batch == [guifan.tier(brand="tianyi", annual_spend=x).tier for x in noise]


def test_exact_money_columns() -> None:
    values: List[Optional[object]] = [Decimal("3360"), Decimal("3359.99"), None, "1080", 2160, float("nan")]
    got = guifan.batch.tiers("e_home", pd.Series(values, dtype=object))
    assert [None if pd.isna(x) else x for x in got] == ["diamond", "gold", None, "silver", "gold", None]
    dec = pa.array([Decimal("3360.00"), None, Decimal("3359.99")], type=pa.decimal128(12, 2))
    assert guifan.batch.tiers("e_home", dec).to_pylist() == ["diamond", None, "gold"]
    sliced = pa.array([Decimal("1"), Decimal("3360.00"), Decimal("1080.00")], type=pa.decimal128(12, 2)).slice(1)
    assert guifan.batch.tiers("e_home", sliced).to_pylist() == ["diamond", "silver"]
    ints = guifan.batch.tiers("enterprise", pd.Series([50_000, None, 300_000], dtype="Int64"))
    assert ints.isna().tolist() == [False, True, False] and [ints[0], ints[2]] == ["silver", "diamond"]
    assert guifan.batch.tiers("e_home", np.array(["3360", None, "x"], dtype=object), errors="null").tolist() == ["diamond", None, None]


class _Exported:
    """An Arrow array of some other library: nothing but its length and the C data interface."""

    def __init__(self, arr: Any) -> None:
        self._arr = arr

    def __len__(self) -> int:
        return len(self._arr)

    def __arrow_c_array__(self, requested_schema: Any = None) -> Any:
        return self._arr.__arrow_c_array__(requested_schema)


class _Streamed:
    """A chunked Arrow column of some other library: its length and the C stream interface."""

    def __init__(self, stream: Any, rows: int) -> None:
        self._stream, self._rows = stream, rows

    def __len__(self) -> int:
        return self._rows

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any:
        return self._stream.__arrow_c_stream__(requested_schema)


def test_chunked_columns_are_read_through_the_c_stream_interface() -> None:
    days = [dt.date(2025, 9, 28) + dt.timedelta(days=i) for i in range(20)] + [None]
    want = guifan.batch.is_working_day(pa.array(days)).to_pylist()
    for chunks in ([days], [days[:7], [], days[7:]], [[d] for d in days]):
        column = pa.chunked_array([pa.array(c, pa.date32()) for c in chunks], pa.date32())
        got = guifan.batch.is_working_day(_Streamed(column, len(days)))
        assert isinstance(got, pa.ChunkedArray) and got.to_pylist() == want, len(chunks)
    empty = guifan.batch.is_working_day(_Streamed(pa.chunked_array([], pa.date32()), 0))
    assert empty.to_pylist() == []
    money = pa.decimal128(10, 2)
    spend = pa.chunked_array([pa.array([Decimal("3360")], money), pa.array([None, Decimal("1079.99")], money)])
    assert guifan.batch.tiers("e_home", _Streamed(spend, 3)).to_pylist() == ["diamond", None, "none"]
    brands = pa.chunked_array([pa.array(["e_home"]).dictionary_encode(), pa.array(["tianyi"]).dictionary_encode()])
    assert guifan.batch.tiers(_Streamed(brands, 2), pa.array([3360, 1032])).to_pylist() == ["diamond", "silver"]


def test_a_stream_that_fails_is_refused_with_its_message() -> None:
    def batches() -> Any:
        yield pa.record_batch([pa.array([dt.date(2025, 10, 1)])], names=["d"])
        raise RuntimeError("the source went away")

    reader = pa.RecordBatchReader.from_batches(pa.schema([("d", pa.date32())]), batches())
    with pytest.raises(TypeError, match="the source went away"):
        guifan.batch.is_working_day(_Streamed(reader, 2))


def test_polars_series_in_polars_series_out() -> None:
    pl = pytest.importorskip("polars")
    days = pl.Series("day", [dt.date(2025, 10, 1), dt.date(2025, 10, 11), None])
    flags = guifan.batch.is_working_day(days)
    assert isinstance(flags, pl.Series) and flags.name == "working_day" and flags.to_list() == [False, True, None]
    added = guifan.batch.add_working_days(days, pl.Series([1, 2, 3]))
    assert added.to_list() == [guifan.add_working_days(dt.date(2025, 10, 1), 1), guifan.add_working_days(dt.date(2025, 10, 11), 2), None]
    assert guifan.batch.count_working_days(days, days).to_list() == [0, 1, None]
    tiers = guifan.batch.tiers("e_home", pl.Series([3360, None, 1]))
    assert tiers.dtype == pl.Enum(["none", "silver", "gold", "diamond"]) and tiers.to_list() == ["diamond", None, "none"]
    start = pl.Series([dt.datetime(2025, 3, 3, 9)])
    due, met = guifan.batch.deadlines(start, rule="SLA.FAULT.ORDINARY", done=pl.Series([dt.datetime(2025, 3, 3, 10)]))
    assert due.to_list() == [guifan.deadline(rule="SLA.FAULT.ORDINARY", start=dt.datetime(2025, 3, 3, 9)).due]
    assert met.to_list() == [True]


def test_arrow_columns_of_any_library_are_read_through_the_c_data_interface() -> None:
    start = dt.datetime(2025, 9, 30, 10)  # Beijing wall time, naive
    rules = pa.array(["SLA.COMPLAINT.ORDINARY", None]).dictionary_encode()
    due = guifan.batch.deadlines(_Exported(pa.array([start, None], type=pa.timestamp("s"))), rule=_Exported(rules))
    assert due.to_pylist() == [guifan.deadline(rule="SLA.COMPLAINT.ORDINARY", start=start).due, None]
    assert guifan.batch.is_working_day(_Exported(pa.array([dt.date(2025, 10, 11), None]))).to_pylist() == [True, None]
    amounts = _Exported(pa.array([Decimal("3360.00"), Decimal("3359.99")], type=pa.decimal128(12, 2)))
    assert guifan.batch.tiers(_Exported(pa.array(["e_home", "e_home"])), amounts).to_pylist() == ["diamond", "gold"]


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
def test_arrow_timestamps_of_every_unit_and_zone(unit: str) -> None:
    walls = _starts(200, seed=11) + [dt.datetime(2025, 10, 10, 23, 59, 59)]
    want = guifan.batch.deadlines(pd.Series(walls), rule="SLA.FAULT.ORDINARY").tolist()
    naive = pa.array(walls + [None], type=pa.timestamp(unit))
    utc = pa.array([w - dt.timedelta(hours=8) for w in walls] + [None], type=pa.timestamp(unit, tz="UTC"))
    for column in (naive, utc, pa.chunked_array([utc[:50], utc[50:]])):
        got = guifan.batch.deadlines(column, rule="SLA.FAULT.ORDINARY").to_pylist()
        assert got[:-1] == want and got[-1] is None
    # By their Beijing date where dates are asked: 23:59:59 on Friday 10 Oct, a working day.
    assert guifan.batch.is_working_day(naive).to_pylist()[-2:] == [True, None]
    assert guifan.batch.is_working_day(utc).to_pylist()[-2:] == [True, None]


def test_pyarrow_backed_pandas_columns() -> None:
    days = [dt.date(2025, 10, 11), None, dt.date(2025, 10, 12)]
    for dtype in ("date32[pyarrow]", "date64[pyarrow]", "timestamp[us, tz=Asia/Shanghai][pyarrow]"):
        column = pd.Series(days if dtype.startswith("date") else [None if d is None else dt.datetime(d.year, d.month, d.day, 12) for d in days], dtype=dtype)
        assert guifan.batch.is_working_day(column).tolist() == [True, pd.NA, False], dtype
    spend = pd.Series([Decimal("3360"), None, Decimal("3359.99")], dtype=pd.ArrowDtype(pa.decimal128(10, 2)))
    assert guifan.batch.tiers("e_home", spend).tolist()[::2] == ["diamond", "gold"]
    brands = pd.Series(["e_home", "tianyi"], dtype="string[pyarrow]")
    assert guifan.batch.tiers(brands, pd.Series([3360, 1032], dtype="int64[pyarrow]")).tolist() == ["diamond", "silver"]


def test_arrow_types_read_natively() -> None:
    for text in (pa.array(["e_home"]), pa.array(["e_home"], pa.large_string()), pa.array(["e_home"], pa.string_view()),
                 pa.array(["e_home"]).dictionary_encode().cast(pa.dictionary(pa.int8(), pa.string()))):
        assert guifan.batch.tiers(text, pa.array([3360])).to_pylist() == ["diamond"], text.type
    for ints in (pa.array([3], pa.int8()), pa.array([3], pa.uint64()), pa.array([3.0], pa.float64())):
        added = guifan.batch.add_working_days(pa.array([dt.date(2025, 9, 30)]), ints)
        assert added.to_pylist() == [dt.date(2025, 10, 11)], ints.type
    with pytest.raises(guifan.InvalidInput, match="whole numbers") as big:
        guifan.batch.add_working_days(pa.array([dt.date(2025, 9, 30)]), pa.array([2**63], pa.uint64()))
    assert big.value.field == "days"
    with pytest.raises(guifan.InvalidInput, match="whole numbers"):
        guifan.batch.add_working_days(pa.array([dt.date(2025, 9, 30)]), pa.array([1.5]))
    assert guifan.batch.is_working_day(pa.nulls(2)).to_pylist() == [None, None]
    with pytest.raises(guifan.InvalidInput, match="expected dates") as wrong:
        guifan.batch.is_working_day(pa.array([True]))
    assert wrong.value.field == "date"
    wide = pa.array([Decimal("3360.00"), Decimal("1079.99")], type=pa.decimal256(40, 2))
    assert guifan.batch.tiers("e_home", wide).to_pylist() == ["diamond", "none"]
    with pytest.raises(guifan.InvalidInput, match="more digits"):
        guifan.batch.tiers("e_home", pa.array([Decimal(10**39)], type=pa.decimal256(40, 0)))
    assert guifan.batch.tiers("e_home", pa.array(["3360", None, "1080.5"])).to_pylist() == ["diamond", None, "silver"]
    assert guifan.batch.tiers("e_home", pa.array([3360.0, None], pa.float32())).to_pylist() == ["diamond", None]


def test_tiers_per_row_keys_and_order() -> None:
    keys = pd.Series(["e_home", "tianyi", "other", "enterprise", None])
    amounts = pd.Series([3360, 1032, 1199, 100_000, 5000])
    got = guifan.batch.tiers(keys, amounts)
    assert got.tolist()[:4] == ["diamond", "silver", "none", "gold"] and pd.isna(got[4])
    assert got.cat.ordered and list(got.cat.categories) == ["none", "silver", "gold", "diamond"]
    assert (got >= "gold").tolist() == [True, False, False, True, False]
    with pytest.raises(guifan.UnknownBrand) as caught:
        guifan.batch.tiers(pd.Series(["e_home", "wo"]), pd.Series([1, 2]))
    assert caught.value.row == 1
    with pytest.raises(guifan.NegativeAmount) as neg:
        guifan.batch.tiers("e_home", pd.Series([1.0, -0.01]))
    assert neg.value.row == 1
    with pytest.raises(guifan.InvalidInput) as inf:
        guifan.batch.tiers("e_home", np.array([1.0, np.inf]))
    assert inf.value.row == 1
    assert guifan.batch.tiers("e_home", np.array([1.0, np.inf]), errors="null").tolist() == ["none", None]


def test_days() -> None:
    dates = pd.Series(pd.to_datetime(["2025-10-11", "2025-10-01", None, "2025-10-09"]))
    assert guifan.batch.is_working_day(dates).tolist() == [True, False, pd.NA, True]
    objects = pd.Series([dt.date(2025, 10, 11), None, dt.date(2025, 10, 12)])
    assert guifan.batch.is_working_day(objects).tolist() == [True, pd.NA, False]
    # aware instants count by their Beijing date: 20:00 UTC on 10 Oct is Saturday 11 Oct in Beijing
    aware = pd.Series(pd.to_datetime(["2025-10-10T20:00:00Z"]))
    assert guifan.batch.is_working_day(aware).tolist() == [True]
    assert guifan.batch.is_working_day(pa.array([dt.date(2025, 10, 11), None])).to_pylist() == [True, None]
    assert guifan.batch.is_working_day(pa.array([dt.datetime(2025, 10, 10, 20)], type=pa.timestamp("s", tz="UTC"))).to_pylist() == [True]
    counts = guifan.batch.count_working_days(pd.Series([dt.date(2025, 10, 1), dt.date(2025, 1, 1), None]), pd.Series([dt.date(2025, 10, 12), dt.date(2025, 12, 31), dt.date(2025, 1, 1)]))
    assert str(counts.dtype) == "Int64" and counts.tolist() == [3, guifan.count_working_days(dt.date(2025, 1, 1), dt.date(2025, 12, 31)), pd.NA]
    added = guifan.batch.add_working_days(np.array(["2025-09-30", "NaT"], dtype="datetime64[D]"), np.array([3, 1]))
    assert added[0] == np.datetime64("2025-10-11") and np.isnat(added[1])
    arrow = guifan.batch.add_working_days(pa.array([dt.date(2025, 9, 30)]), 3)
    assert arrow.type == pa.date32() and arrow.to_pylist() == [dt.date(2025, 10, 11)]
    with pytest.raises(guifan.CalendarYearUnknown) as caught:
        guifan.batch.count_working_days(pd.Series([dt.date(2025, 1, 1)] * 2), pd.Series([dt.date(2025, 1, 2), dt.date(2027, 1, 2)]))
    assert caught.value.row == 1


def test_the_native_layer_reads_numpy_columns_as_given() -> None:
    """What `_columns` hands the extension: values and an optional bool mask, read in place."""
    from guifan import _guifan as native

    days = np.array([20372, 20362, 0], dtype=np.int32)  # 2025-10-11 (Saturday, worked), 2025-10-01
    flags, valid = native.is_working_day((days, np.array([True, True, False])))
    assert flags.tolist()[:2] == [True, False] and valid.tolist() == [True, True, False]
    with pytest.raises(guifan.InvalidInput, match="2 values") as caught:
        native.is_working_day((days, np.array([True, True])))
    assert caught.value.field == "date"
    with pytest.raises(guifan.InvalidInput, match="strided") as strided:
        native.add_working_days((np.arange(6, dtype=np.int32)[::2], None), 1)
    assert strided.value.field == "date"


def test_days_agree_with_scalars() -> None:
    days = [dt.date(2024, 1, 1) + dt.timedelta(days=i) for i in range(0, 731, 3)]
    flags = guifan.batch.is_working_day(pd.Series(days)).tolist()
    assert flags == [guifan.is_working_day(d) for d in days]
    added = guifan.batch.add_working_days(pd.Series(days), 5).dt.date.tolist()[:-10]
    assert added == [guifan.add_working_days(d, 5) for d in days][:-10]


def test_gil_is_released_while_a_column_is_computed() -> None:
    n = 2_000_000
    start = np.full(n, np.datetime64("2025-09-30T10:00", "s"))
    rules = np.array(["SLA.COMPLAINT.ORDINARY", "SLA.APPOINTMENT.CONFIRM"] * (n // 2), dtype=object)
    rule_col = pd.Series(rules).astype("category")
    t0 = time.perf_counter()
    guifan.batch.deadlines(start, rule=rule_col)
    alone = time.perf_counter() - t0
    ticks: List[float] = []
    done = threading.Event()

    def other() -> None:
        while not done.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    thread = threading.Thread(target=other)
    thread.start()
    try:
        guifan.batch.deadlines(start, rule=rule_col)
    finally:
        done.set()
        thread.join()
    gaps = np.diff(ticks)
    # Were the GIL held through the Rust part, the other thread would stall for most of it.
    print(f"batch alone {alone:.3f}s, longest stall of the other thread {gaps.max():.3f}s")
    assert gaps.max() < max(0.5 * alone, 0.05), (gaps.max(), alone)


def test_sla_report() -> None:
    tickets = pd.DataFrame(
        {
            "start": pd.to_datetime(["2025-09-30 10:00", "2025-03-03 16:00", "2025-03-03 09:00", "2025-03-05 09:00", None]),
            "done": pd.to_datetime(["2025-10-11 18:00", None, "2025-03-04 14:00", None, None]),
            "rule": ["SLA.COMPLAINT.ORDINARY", "SLA.REPAIR.SAMEDAY", "SLA.FAULT.ORDINARY", "SLA.FAULT.ORDINARY", "SLA.FEEDBACK"],
            "area": ["urban", "urban", "rural", "urban", None],
        }
    )
    report = guifan.sla_report(tickets, area="area", as_of=dt.datetime(2025, 3, 6, 0, 0))
    assert list(report.columns) == ["start", "done", "rule", "area", "due", "met", "overdue"]
    assert list(tickets.columns) == ["start", "done", "rule", "area"]  # a copy
    assert report["due"].tolist()[:4] == [
        pd.Timestamp("2025-10-12T00:00+08:00"),
        pd.Timestamp("2025-03-05T00:00+08:00"),
        pd.Timestamp("2025-03-04T13:00+08:00"),
        pd.Timestamp("2025-03-06T09:00+08:00"),
    ]
    assert report["met"].tolist() == [True, pd.NA, False, pd.NA, pd.NA]
    assert report["overdue"].tolist() == [False, True, True, False, pd.NA]
    one_rule = guifan.sla_report(tickets.drop(columns=["rule"]), rule="SLA.HOTLINE.ORDER", done=None, as_of=dt.datetime(2025, 3, 6, tzinfo=dt.timezone.utc))
    assert one_rule["met"].isna().all()
    assert one_rule["overdue"].tolist()[:4] == [False, True, True, False]
    clocks = guifan.sla_report(tickets, rule=None, clock="working_days", amount=1, as_of=dt.datetime(2025, 3, 6))
    assert clocks["due"][1] == pd.Timestamp("2025-03-05T00:00+08:00")
    with pytest.raises(guifan.InvalidInput):
        guifan.sla_report(tickets.drop(columns=["rule"]))
    with pytest.raises(guifan.InvalidInput):
        guifan.sla_report(tickets.drop(columns=["done"]))


def test_sla_report_by_customer_class() -> None:
    tickets = pd.DataFrame(
        {
            "start": pd.to_datetime(["2025-09-30 10:00", "2025-03-03 09:00", "2025-03-03 09:00", "2025-03-03 09:00"]),
            "done": pd.to_datetime([None, "2025-03-04 08:00", "2025-03-04 08:00", None]),
            "kind": ["complaint", "fault", "fault", "fault"],
            "class": ["ordinary", "brand", "brand", None],
        }
    )
    area = pd.Series(["urban", "urban", "rural", "urban"])
    report = guifan.sla_report(
        tickets.assign(area=area), incident="kind", customer_class="class", rule=None, area="area",
        as_of=dt.datetime(2025, 3, 6),
    )
    assert list(report.columns) == ["start", "done", "kind", "class", "area", "due", "met", "overdue"]
    assert report["due"].tolist()[:3] == [
        pd.Timestamp("2025-10-12T00:00+08:00"),  # SLA.COMPLAINT.ORDINARY: 3 working days
        pd.Timestamp("2025-03-04T01:00+08:00"),  # SLA.FAULT.BRAND urban: 16 h
        pd.Timestamp("2025-03-04T09:00+08:00"),  # SLA.FAULT.BRAND rural: 24 h
    ]
    assert pd.isna(report["due"][3])
    assert report["met"].tolist()[:3] == [pd.NA, False, True]
    assert guifan.rule_for("complaint", "vip") == "SLA.COMPLAINT.VIP"
    with pytest.raises(guifan.InvalidInput) as e:
        guifan.sla_report(tickets.assign(kind="billing"), incident="kind", customer_class="class", rule=None)
    assert e.value.field == "incident"
    nulls = guifan.sla_report(
        tickets.assign(kind="billing"), incident="kind", customer_class="class", rule=None, errors="null"
    )
    assert nulls["due"].isna().all()


THREE = pd.Series([dt.datetime(2025, 3, 3, 9)] * 3)
TWO = pd.Series(["SLA.FAULT.ORDINARY"] * 2)


@pytest.mark.parametrize(
    "field, call",
    [
        ("rule", lambda: guifan.batch.deadlines(THREE, rule=TWO)),
        ("area", lambda: guifan.batch.deadlines(THREE, rule="SLA.FAULT.ORDINARY", area=pd.Series(["urban"] * 2))),
        ("clock", lambda: guifan.batch.deadlines(THREE, clock=pd.Series(["clock_hours"] * 2), amount=4)),
        ("amount", lambda: guifan.batch.deadlines(THREE, clock="clock_hours", amount=pd.Series([4, 5]))),
        ("done", lambda: guifan.batch.deadlines(THREE, rule="SLA.FAULT.ORDINARY", done=THREE[:2])),
        ("kind_or_brand", lambda: guifan.batch.tiers(pd.Series(["e_home"] * 2), pd.Series([1, 2, 3]))),
        ("end", lambda: guifan.batch.count_working_days(THREE.dt.date, THREE.dt.date[:2])),
        ("days", lambda: guifan.batch.add_working_days(THREE.dt.date, pd.Series([1, 2]))),
    ],
)
def test_a_column_of_another_length_names_its_argument(field: str, call: Callable[[], Any]) -> None:
    """BATCH: one value per row, or one value for every row; a column of 2 values for 3 rows is
    refused at its argument, with the count as the value."""
    with pytest.raises(guifan.InvalidInput) as caught:
        call()
    assert (caught.value.field, caught.value.value) == (field, "2 values")
    assert "expected 3, one per row" in str(caught.value)


def test_float_counts_are_read_by_the_core() -> None:
    """A float column of whole numbers (what pandas makes of an int column with a NaN) is read
    as those numbers by the core: NaN a null, a fraction or a value past int64 refused."""
    dates = pd.Series([dt.date(2025, 9, 30)] * 3)
    for days in (pd.Series([1.0, np.nan, 11.0]), np.array([1, np.nan, 11], dtype=np.float32)):
        added = guifan.batch.add_working_days(dates, days).dt.date.tolist()
        start = dt.date(2025, 9, 30)
        assert added[0] == guifan.add_working_days(start, 1) and pd.isna(added[1])
        assert added[2] == guifan.add_working_days(start, 11)
    for bad, shown in ((1.5, "1.5"), (9.2e18, "9.2e18"), (-np.inf, "-inf")):
        with pytest.raises(guifan.InvalidInput, match="whole numbers") as caught:
            guifan.batch.add_working_days(dates, pd.Series([1.0, bad, 2.0]))
        assert (caught.value.field, caught.value.value) == ("days", shown)


@pytest.mark.parametrize(
    "given, field, value",
    [
        ({"rule": "SLA.FAULT.BRAND", "clock": "clock_hours", "amount": 1}, "clock", "given with rule"),
        ({"clock": "clock_hours", "area": "rural", "amount": 1}, "area", "given with clock"),
        ({"rule": "SLA.FAULT.BRAND", "amount": 1}, "amount", "given with rule"),
        ({"clock": "clock_hours"}, "amount", "missing"),
        ({"incident": "fault"}, "customer_class", "missing"),
        ({"customer_class": "brand"}, "incident", "missing"),
        ({"incident": "fault", "customer_class": "brand", "clock": "clock_hours", "amount": 1}, "incident", "given with clock"),
        ({"incident": "fault", "customer_class": "brand", "rule": "SLA.FAULT.BRAND"}, "incident", "given with rule"),
    ],
)
def test_rule_clock_or_policy_is_the_cores_one_policy(given: Any, field: str, value: str) -> None:
    """sla_report, the column functions and Spark ask the core which way rows are counted, so a
    refusal has one field, value and message wherever it is met."""
    tickets = pd.DataFrame({"start": pd.to_datetime(["2025-03-03 09:00"]), "done": pd.to_datetime([None])})
    with pytest.raises(guifan.InvalidInput) as report:
        guifan.sla_report(tickets, as_of=dt.datetime(2025, 3, 6), **given)
    assert (report.value.field, report.value.value) == (field, value)
    if "incident" not in given and "customer_class" not in given:
        with pytest.raises(guifan.InvalidInput) as column:
            guifan.batch.deadlines(tickets["start"], **given)
        assert (column.value.field, column.value.value, str(column.value)) == (field, value, str(report.value))

"""guifan.polars.ticket: tickets with a pauses list column and per-target done columns, each
row checked against ``guifan.evaluate(op=ticket)`` (SLA.TICKET, INTERP.PAUSE), eager and lazy;
open, overlapping and out-of-order pauses, a bad pause, nulls."""

from __future__ import annotations

import datetime as dt
from typing import Any, Dict, List, Optional

import pytest

import guifan

from scale_support import BEIJING, TICKET_RULES, micros, need, scalar_ticket, ticket_rows

pl = need("polars")
need("pyarrow")

import guifan.polars as gp  # noqa: E402

UTC = pl.Datetime("us", "UTC")
PAUSES = pl.List(pl.Struct({"from": UTC, "to": UTC}))


def frame(rows: List[Dict[str, Any]]) -> Any:
    data: Dict[str, Any] = {
        "id": [r["id"] for r in rows],
        "start": [r["start"] for r in rows],
        "incident": [r["incident"] for r in rows],
        "class": [r["class"] for r in rows],
        "pauses": [r["pauses"] for r in rows],
        "as_of": [r["as_of"] for r in rows],
    }
    schema: Dict[str, Any] = {"id": pl.Int64, "start": UTC, "incident": pl.String, "class": pl.String, "pauses": PAUSES, "as_of": UTC}
    for rule in TICKET_RULES:
        data[rule] = [r["done"].get(rule) for r in rows]
        schema[rule] = UTC
    return pl.DataFrame(data, schema=schema)


def measured(value: Optional[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    """A ``ticket`` struct as ``scalar_ticket`` gives it (due as epoch microseconds)."""
    if value is None:
        return None
    targets = [dict(t, due=micros(t["due"])) for t in value["targets"]]
    return {"targets": targets, "state": value["state"]}


@pytest.mark.parametrize("lazy", [False, True])
def test_every_ticket_is_the_scalar_ticket(lazy: bool) -> None:
    rows = ticket_rows(200, seed=18)
    df = frame(rows)
    expr = gp.ticket(
        "start",
        incident=pl.col("incident"),
        customer_class=pl.col("class"),
        done={rule: pl.col(rule) for rule in TICKET_RULES},
        pauses="pauses",
        as_of=pl.col("as_of"),
        errors="null",
    )
    query = (df.lazy() if lazy else df).select("id", expr)
    out = query.collect() if lazy else query
    assert out.schema["ticket"] == gp.ticket_dtype()
    got = {r["id"]: measured(r["ticket"]) for r in out.to_dicts()}
    checked = 0
    for row in rows:
        want = scalar_ticket(row)
        assert got[row["id"]] == want, row
        checked += want is not None
    assert checked > 100


def fault(pauses: Any, **columns: Any) -> Any:
    """One fault of an ordinary customer reported Monday 3 March 2025 09:00."""
    base: Dict[str, Any] = {"start": [dt.datetime(2025, 3, 3, 9)], "pauses": [pauses]}
    base.update(columns)
    return pl.DataFrame(base, schema_overrides={"pauses": pl.List(pl.Struct({"from": pl.Datetime("us"), "to": pl.Datetime("us")}))})


def span(a: str, b: Optional[str]) -> Dict[str, Any]:
    return {"from": dt.datetime.fromisoformat(a), "to": None if b is None else dt.datetime.fromisoformat(b)}


AS_OF = dt.datetime(2025, 3, 4, 9)


def measure(df: Any, **kw: Any) -> Any:
    kw.setdefault("incident", "fault")
    kw.setdefault("customer_class", "ordinary")
    kw.setdefault("as_of", AS_OF)
    return df.select(gp.ticket("start", pauses="pauses", **kw)).to_series().to_list()


def test_open_overlapping_and_out_of_order_pauses() -> None:
    [open_] = measure(fault([span("2025-03-03 10:00", None)]))
    assert [t["due"] for t in open_["targets"]] == [None, None]
    assert open_["state"] == "paused"
    [t] = measure(
        fault([span("2025-03-03 14:00", "2025-03-03 15:00"), span("2025-03-03 11:00", "2025-03-03 13:00"), span("2025-03-03 10:00", "2025-03-03 12:00")])
    )
    assert [x["due"] for x in t["targets"]] == [dt.datetime(2025, 3, 3, 17, tzinfo=BEIJING), dt.datetime(2025, 3, 4, 13, tzinfo=BEIJING)]
    assert [x["state"] for x in t["targets"]] == ["breached", "running"]
    assert t["state"] == "breached"


def test_done_and_one_rule_per_ticket() -> None:
    df = fault([span("2025-03-03 12:00", "2025-03-03 18:00")], called=[dt.datetime(2025, 3, 3, 10)])
    [t] = measure(df, done={"SLA.FAULT.CONTACT": "called"})
    assert [(x["rule"], x["state"], x["met"]) for x in t["targets"]] == [
        ("SLA.FAULT.CONTACT", "met", True),
        ("SLA.FAULT.ORDINARY", "running", None),
    ]
    assert t["targets"][1]["remaining"] == 6 * 3600 and t["targets"][1]["remaining_unit"] == "seconds"
    [one] = measure(df, incident=None, customer_class=None, rule="SLA.FAULT.ORDINARY")
    assert [x["rule"] for x in one["targets"]] == ["SLA.FAULT.ORDINARY"]
    assert one["targets"][0]["due"] == dt.datetime(2025, 3, 4, 15, tzinfo=BEIJING)


def test_a_bad_pause_raises_or_nulls() -> None:
    df = fault([span("2025-03-03 10:00", "2025-03-03 11:00"), span("2025-03-03 12:00", "2025-03-03 11:00")])
    with pytest.raises(guifan.InvalidInput) as e:
        measure(df)
    assert e.value.kind == "invalid_input"
    assert "invalid pauses[1].to" in str(e.value) and "guifan.polars.ticket(" in str(e.value)
    assert "{'from': '2025-03-03T12:00:00', 'to': '2025-03-03T11:00:00'}" in str(e.value)  # the row's pauses
    assert measure(df, errors="null") == [None]


def test_nulls() -> None:
    df = pl.concat([fault(None), fault([]), fault([span("2025-03-03 10:00", "2025-03-03 11:00")])])
    df = df.with_columns(start=pl.Series([dt.datetime(2025, 3, 3, 9), dt.datetime(2025, 3, 3, 9), None]))
    none, empty, null_start = measure(df)
    assert none == empty and none is not None and none["state"] == "breached"
    assert null_start is None
    with pytest.raises(guifan.InvalidInput) as e:
        measure(fault([]).with_columns(seen=pl.lit(None, dtype=pl.Datetime("us"))), as_of=pl.col("seen"))
    assert "as_of" in str(e.value)


def test_chunked_and_sliced_frames() -> None:
    # Batches of several chunks and frames that start mid-buffer: the list offsets do not start
    # at 0 and the pauses of other rows sit in the same child arrays.
    rows = ticket_rows(60, seed=5)
    whole = frame(rows)
    chunked = pl.concat([whole.slice(0, 25), whole.slice(25)], rechunk=False).slice(7, 40)
    assert chunked.n_chunks() == 2
    expr = gp.ticket(
        "start",
        incident=pl.col("incident"),
        customer_class=pl.col("class"),
        done={rule: pl.col(rule) for rule in TICKET_RULES},
        pauses="pauses",
        as_of=pl.col("as_of"),
        errors="null",
    )
    got = {r["id"]: measured(r["ticket"]) for r in chunked.select("id", expr).to_dicts()}
    assert sorted(got) == list(range(7, 47))
    for row in rows[7:47]:
        assert got[row["id"]] == scalar_ticket(row), row


def test_null_lists_backed_by_pauses_are_no_pauses() -> None:
    # Arrow lets a null list cover child entries (Spark and pyarrow may hand such arrays over):
    # they are not the row's pauses. Here the null row covers a pause ending before it starts.
    from guifan import _arrow

    import pyarrow as pa

    at = lambda h: dt.datetime(2025, 3, 3, h, tzinfo=BEIJING)  # noqa: E731
    spans = pa.array(
        [{"from": at(12), "to": at(11)}, {"from": at(10), "to": at(11)}],
        type=pa.struct([("from", pa.timestamp("us", "UTC")), ("to", pa.timestamp("us", "UTC"))]),
    )
    pauses = pa.ListArray.from_arrays(pa.array([0, 1, 2], pa.int32()), spans, mask=pa.array([True, False]))
    start = pa.array([at(9), at(9)], pa.timestamp("us", "UTC"))
    out = _arrow.ticket(start, rule="SLA.FAULT.CONTACT", pauses=pauses, as_of=dt.datetime(2025, 3, 4, 9)).to_pylist()
    assert [t["targets"][0]["due"] for t in out] == [at(13), at(14)]
    # The same rows sliced off a longer array.
    longer = pa.ListArray.from_arrays(pa.array([0, 0, 1, 2], pa.int32()), spans, mask=pa.array([False, True, False]))
    assert _arrow.ticket(start, rule="SLA.FAULT.CONTACT", pauses=longer.slice(1), as_of=dt.datetime(2025, 3, 4, 9)).to_pylist() == out


@pytest.mark.parametrize("lists", [1, 3])
def test_a_pause_column_of_another_length_is_refused_by_the_core(lists: int) -> None:
    from guifan import _arrow

    import pyarrow as pa

    at = lambda h: dt.datetime(2025, 3, 3, h, tzinfo=BEIJING)  # noqa: E731
    pauses = pa.array([[{"from": at(10), "to": at(11)}]] * lists)
    start = pa.array([at(9), at(9)], pa.timestamp("us", "UTC"))
    with pytest.raises(guifan.InvalidInput) as caught:
        _arrow.ticket(start, rule="SLA.FAULT.CONTACT", pauses=pauses, as_of=dt.datetime(2025, 3, 4, 9))
    assert (caught.value.field, caught.value.value) == ("pauses", f"{lists} values")
    assert "expected 2, one per row" in str(caught.value)

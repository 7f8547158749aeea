"""guifan.polars: every expressible spec vector through the expressions (on the vector's own rule
pack and calendar when it names them), in eager and lazy frames, plus time zones, decimals, nulls,
errors, group_by, string encodings and engines."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Dict, List, Optional

import pytest

import guifan

from scale_support import BEIJING, CASES, MONEY_SCALE, SPEC_DIR, Case, by_engine, check, engine_of, need

pl = need("polars")
need("pyarrow")

import guifan.polars as gp  # noqa: E402


TYPES = {"start": "instant", "done": "instant", "amount": pl.Int64, "n": pl.Int64, "d": pl.Date, "from": pl.Date, "to": pl.Date}


def _frame(cases: List[Case], names: List[str]) -> Any:
    data: Dict[str, Any] = {"id": [c.id for c in cases]}
    schema: Dict[str, Any] = {"id": pl.String}
    for n in names:
        data[n] = [c.args.get(n) for c in cases]
        schema[n] = TYPES.get(n, pl.Decimal(38, MONEY_SCALE) if n.startswith("annual") else pl.String)
        if schema[n] == "instant":  # aware instants, stored in UTC: the expressions must convert
            data[n] = [None if v is None else v.astimezone(dt.timezone.utc) for v in data[n]]
            schema[n] = pl.Datetime("us", "UTC")
    return pl.DataFrame(data, schema=schema)


def _exprs(fn: str, engine: Optional[guifan.Engine]) -> List[Any]:
    e = engine
    if fn == "deadline":
        rule, area = pl.col("rule"), pl.col("area")
        return [gp.deadline("start", rule=rule, area=area, engine=e), gp.deadline_met("start", "done", rule=rule, area=area, engine=e)]
    if fn == "deadline_clock":
        return [
            gp.deadline_clock("start", clock=pl.col("clock"), amount=pl.col("amount"), engine=e),
            gp.deadline_met("start", "done", clock=pl.col("clock"), amount=pl.col("amount"), engine=e),
        ]
    if fn == "is_working_day":
        return [gp.is_working_day("d", engine=e)]
    if fn == "count_working_days":
        return [gp.count_working_days("from", "to", engine=e).alias("count")]
    if fn == "add_working_days":
        return [gp.add_working_days("d", pl.col("n"), engine=e)]
    if fn == "tier":
        return [gp.tier(pl.col("brand"), "annual_spend", engine=e).cast(pl.String)]
    return [gp.tier("enterprise", "annual_revenue", engine=e).cast(pl.String)]


NAMES = {
    "deadline": ["start", "done", "rule", "area"],
    "deadline_clock": ["start", "done", "clock", "amount"],
    "is_working_day": ["d"],
    "count_working_days": ["from", "to"],
    "add_working_days": ["d", "n"],
    "tier": ["brand", "annual_spend"],
    "customer_tier": ["annual_revenue"],
}


def _answers(cases: List[Case], lazy: bool) -> Dict[str, Dict[str, Any]]:
    fn = cases[0].fn
    df = _frame(cases, NAMES[fn])
    frame = df.lazy() if lazy else df
    out = frame.select("id", *_exprs(fn, engine_of(cases[0].engine)))
    rows = (out.collect() if lazy else out).to_dicts()
    return {r.pop("id"): r for r in rows}


def _expressible(case: Case) -> bool:
    """Polars has no helper for a per-row customer kind: enterprise rows go through ``tier``."""
    return case.fn != "customer_tier" or case.args["kind"] == "enterprise"


@pytest.fixture(scope="module")
def answers() -> Dict[bool, Dict[str, Dict[str, Any]]]:
    groups = [cases for by_fn in by_engine([c for c in CASES if c.error is None and _expressible(c)]).values() for cases in by_fn.values()]
    return {lazy: {k: v for cases in groups for k, v in _answers(cases, lazy).items()} for lazy in (False, True)}


def test_vector(column_case: Case, answers: Dict[bool, Dict[str, Dict[str, Any]]]) -> None:
    if not _expressible(column_case):
        pytest.skip("a per-row customer kind other than enterprise: guifan.spark.with_tiers or guifan.batch")
    if column_case.error is not None:
        kind, value = column_case.error
        with pytest.raises(guifan.error_class(kind)) as caught:
            _answers([column_case], lazy=False)
        assert caught.value.kind == kind
        if value is not None:
            assert value in str(caught.value)
        return
    eager, lazy = answers[False][column_case.id], answers[True][column_case.id]
    check(column_case, eager)
    assert eager == lazy


# --- behaviour ----------------------------------------------------------------------------------


def test_dtypes_names_and_aware_inputs() -> None:
    naive = pl.DataFrame({"start": [dt.datetime(2025, 9, 30, 10), None]})
    aware = naive.with_columns(pl.col("start").dt.replace_time_zone("Asia/Shanghai").dt.convert_time_zone("UTC"))
    a = naive.select(gp.deadline("start", rule="SLA.COMPLAINT.ORDINARY"))
    b = aware.select(gp.deadline(pl.col("start"), rule="SLA.COMPLAINT.ORDINARY"))
    assert a.columns == ["due"] and isinstance(a.schema["due"], pl.Datetime)
    assert a["due"].to_list() == b["due"].to_list() == [dt.datetime(2025, 10, 12, tzinfo=BEIJING), None]
    tiers = pl.DataFrame({"spend": [Decimal("3360"), Decimal("3359.99"), None]}).select(gp.tier("e_home", "spend"))
    assert tiers.schema["tier"] == gp.tier_dtype()
    assert tiers.select(pl.col("tier") >= "gold")["tier"].to_list() == [True, True, None]


def test_decimals_and_floats_are_exact() -> None:
    df = pl.DataFrame(
        {"exact": [Decimal("3359.999999999999999999")], "f": [3359.99]},
        schema={"exact": pl.Decimal(38, 18), "f": pl.Float64},
    )
    out = df.select(gp.tier("e_home", "exact").alias("a"), gp.tier("e_home", "f").alias("b"))
    assert out.row(0) == ("gold", "gold")


def test_lazy_with_columns_and_group_by() -> None:
    tickets = pl.DataFrame(
        {
            "rule": ["SLA.COMPLAINT.ORDINARY"] * 3 + ["SLA.REPAIR.SAMEDAY"] * 2,
            "start": [dt.datetime(2025, 9, 29, 9), dt.datetime(2025, 9, 30, 9), None, dt.datetime(2025, 3, 3, 15), dt.datetime(2025, 3, 3, 16)],
            "done": [dt.datetime(2025, 10, 10, 9)] * 3 + [dt.datetime(2025, 3, 4, 12)] * 2,
        }
    )
    lazy = tickets.lazy().with_columns(gp.deadline("start", rule=pl.col("rule")), gp.deadline_met("start", "done", rule=pl.col("rule")))
    assert lazy.collect_schema()["met"] == pl.Boolean
    report = (
        lazy.group_by("rule")
        .agg(pl.col("met").sum().alias("met"), pl.len().alias("n"), gp.deadline("start", rule=pl.col("rule")).max().alias("last_due"))
        .sort("rule")
        .collect()
    )
    assert report.to_dicts() == [
        {"rule": "SLA.COMPLAINT.ORDINARY", "met": 2, "n": 3, "last_due": dt.datetime(2025, 10, 12, tzinfo=BEIJING)},
        {"rule": "SLA.REPAIR.SAMEDAY", "met": 1, "n": 2, "last_due": dt.datetime(2025, 3, 5, tzinfo=BEIJING)},
    ]
    days = pl.DataFrame({"d": [dt.date(2025, 10, 1), dt.date(2025, 10, 11)]}).lazy()
    got = days.with_columns(gp.is_working_day("d"), gp.add_working_days("d", 1), gp.count_working_days("d", pl.col("d") + pl.duration(days=3))).collect()
    assert got.rows() == [
        (dt.date(2025, 10, 1), False, dt.date(2025, 10, 9), 0),
        (dt.date(2025, 10, 11), True, dt.date(2025, 10, 13), 3),  # 11 (make-up), 13, 14
    ]


def test_string_encodings_and_nulls() -> None:
    rules = ["SLA.FAULT.ORDINARY", None, "SLA.FAULT.ORDINARY"]
    start = [dt.datetime(2025, 3, 3, 9)] * 3
    for dtype in (pl.String, pl.Categorical):
        df = pl.DataFrame({"rule": rules, "area": [None, "rural", "rural"], "start": start}, schema_overrides={"rule": dtype})
        due = df.select(gp.deadline("start", rule=pl.col("rule"), area=pl.col("area")))["due"].to_list()
        assert due == [dt.datetime(2025, 3, 4, 9, tzinfo=BEIJING), None, dt.datetime(2025, 3, 4, 13, tzinfo=BEIJING)]
    nulls = pl.DataFrame({"start": start}).select(gp.deadline("start", rule=pl.lit(None, pl.String)))
    assert nulls["due"].to_list() == [None] * 3


def test_errors_name_the_value_or_become_nulls() -> None:
    df = pl.DataFrame({"start": [dt.datetime(2025, 3, 3, 9), dt.datetime(2026, 12, 30, 9)]})
    with pytest.raises(guifan.CalendarYearUnknown) as caught:
        df.select(gp.deadline("start", rule="SLA.COMPLAINT.ORDINARY"))
    assert "2026-12-30T09:00:00" in str(caught.value) and "calendar_year_unknown" in str(caught.value)
    nulled = df.select(gp.deadline("start", rule="SLA.COMPLAINT.ORDINARY", errors="null"))
    assert nulled["due"].null_count() == 1
    with pytest.raises(guifan.NegativeAmount):
        pl.DataFrame({"a": [-1]}).select(gp.tier("tianyi", "a"))


def test_agrees_with_the_batch_path_on_many_rows() -> None:
    n = 30_000
    base = dt.datetime(2024, 1, 1)
    df = pl.DataFrame({"start": [base + dt.timedelta(minutes=41 * i) for i in range(n)]})
    got = df.select(gp.deadline("start", rule="SLA.APPOINTMENT.CONFIRM"))["due"].to_arrow()
    want = guifan.batch.deadlines(df["start"].to_arrow(), rule="SLA.APPOINTMENT.CONFIRM")
    assert got.cast("int64").equals(want.cast("int64"))


def test_expressions_on_an_engine() -> None:
    sample = guifan.Engine(pack=SPEC_DIR / "packs" / "sample-province.json", calendar=SPEC_DIR / "calendars" / "2027-sample.json")
    df = pl.DataFrame({"spend": [Decimal("3100")], "d": [dt.date(2027, 2, 8)], "start": [dt.datetime(2027, 1, 4, 9)]})
    out = df.lazy().select(
        gp.tier("e_home", "spend", engine=sample).cast(pl.String),
        gp.is_working_day("d", engine=sample),
        gp.deadline("start", rule="SLA.COMPLAINT.ORDINARY", engine=sample),
    ).collect()
    assert out.row(0) == (
        sample.tier(brand="e_home", annual_spend=3100).tier,
        sample.is_working_day(dt.date(2027, 2, 8)),
        sample.deadline(rule="SLA.COMPLAINT.ORDINARY", start=dt.datetime(2027, 1, 4, 9)).due,
    )
    assert out["tier"][0] != guifan.tier(brand="e_home", annual_spend=3100).tier
    with pytest.raises(guifan.CalendarYearUnknown):
        df.select(gp.is_working_day("d"))  # the default engine does not know 2027

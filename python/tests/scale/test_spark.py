"""guifan.spark in a local[2] Spark session: every expressible spec vector through the SQL
functions (on the vector's own rule pack and calendar when it names them), under two session time
zones, plus exactness, nulls, errors, the helpers and engines shipped to the workers.

One session for the module, small data; a run takes about a minute after Spark's start."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
from decimal import Decimal
from typing import Any, Dict, Iterator, List, Optional

import pytest

import guifan

from scale_support import BEIJING, CASES, MONEY_SCALE, SPEC_DIR, Case, by_engine, check, engine_of, need

need("pyspark")
need("pyarrow")

import pyarrow as pa  # noqa: E402
from pyspark.errors import PythonException  # noqa: E402
from pyspark.sql import SparkSession  # noqa: E402
from pyspark.sql import functions as F  # noqa: E402
from pyspark.sql import types as T  # noqa: E402

import guifan.spark  # noqa: E402

ZONES = ["UTC", "Asia/Shanghai"]


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    # Workers must run this interpreter, the one that has guifan installed.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("guifan-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")  # re-registering functions on an engine warns
    guifan.spark.register(session)
    yield session
    session.stop()


@pytest.fixture
def zone(spark: SparkSession, request: Any) -> Iterator[str]:
    tz = getattr(request, "param", "UTC")
    spark.conf.set("spark.sql.session.timeZone", tz)
    yield tz
    spark.conf.set("spark.sql.session.timeZone", "UTC")


# --- the spec vectors ---------------------------------------------------------------------------

DECIMAL = T.DecimalType(38, MONEY_SCALE)
COLUMNS = {
    "deadline": [("start", T.TimestampType()), ("done", T.TimestampType()), ("rule", T.StringType()), ("area", T.StringType())],
    "deadline_clock": [("start", T.TimestampType()), ("done", T.TimestampType()), ("clock", T.StringType()), ("amount", T.LongType())],
    "is_working_day": [("d", T.DateType())],
    "count_working_days": [("from", T.DateType()), ("to", T.DateType())],
    "add_working_days": [("d", T.DateType()), ("n", T.LongType())],
    "tier": [("brand", T.StringType()), ("annual_spend", DECIMAL)],
    "customer_tier": [("kind", T.StringType()), ("brand", T.StringType()), ("annual_spend", DECIMAL), ("annual_revenue", DECIMAL), ("rank", T.StringType())],
}


def _frame(spark: SparkSession, fn: str, cases: List[Case]) -> Any:
    fields = COLUMNS[fn]
    schema = T.StructType([T.StructField("id", T.StringType())] + [T.StructField(n, t) for n, t in fields])
    rows = [tuple([c.id] + [c.args.get(n) for n, _ in fields]) for c in cases]
    return spark.createDataFrame(rows, schema).repartition(2)


@contextlib.contextmanager
def _registered(spark: SparkSession, engine: Optional[guifan.Engine]) -> Iterator[None]:
    """The SQL functions on ``engine`` while inside, on the built-in engine again after."""
    if engine is None:
        yield
        return
    guifan.spark.register(spark, engine=engine)
    try:
        yield
    finally:
        guifan.spark.register(spark)


def _answers(spark: SparkSession, fn: str, cases: List[Case]) -> Dict[str, Dict[str, Any]]:
    """Every case of one function and guifan engine in one query: ``{case id: {answer key:
    value}}``. The SQL functions are registered on the cases' engine, the helpers given it."""
    engine = engine_of(cases[0].engine)
    with _registered(spark, engine):
        return _query(spark, fn, cases, engine)


def _query(spark: SparkSession, fn: str, cases: List[Case], engine: Optional[guifan.Engine]) -> Dict[str, Dict[str, Any]]:
    df = _frame(spark, fn, cases)
    df.createOrReplaceTempView("cases")
    micros = F.unix_micros
    if fn == "deadline":
        out = spark.sql(
            "SELECT id, unix_micros(guifan_deadline(rule, area, start)) AS due,"
            " guifan_deadline_met(rule, area, start, done) AS met FROM cases"
        )
    elif fn == "deadline_clock":
        out = spark.sql("SELECT id, unix_micros(guifan_deadline_clock(clock, amount, start)) AS due, start, done, clock, amount FROM cases")
        out = guifan.spark.with_deadlines(
            out, start="start", clock="clock", amount="amount", done="done", due_column="_due", engine=engine
        )
        out = out.select("id", "due", "met", micros("_due").alias("_due"))
    elif fn == "is_working_day":
        out = spark.sql("SELECT id, guifan_is_working_day(d) AS working_day FROM cases")
    elif fn == "count_working_days":
        out = spark.sql("SELECT id, guifan_count_working_days(`from`, `to`) AS count FROM cases")
    elif fn == "add_working_days":
        out = spark.sql("SELECT id, guifan_add_working_days(d, n) AS date FROM cases")
    elif fn == "tier":
        out = spark.sql("SELECT id, guifan_tier(brand, annual_spend) AS tier FROM cases")
    else:
        out = guifan.spark.with_tiers(
            df,
            kind="kind",
            brand="brand",
            annual_spend="annual_spend",
            annual_revenue="annual_revenue",
            rank="rank",
            engine=engine,
        ).select("id", "tier")
    answers: Dict[str, Dict[str, Any]] = {}
    for row in out.collect():
        got = row.asDict()
        if "due" in got:
            got["due"] = None if got["due"] is None else dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(microseconds=got["due"])
        if "_due" in got:  # the helper and the SQL function agree
            assert got.pop("_due") == (None if got["due"] is None else int((got["due"] - dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)) / dt.timedelta(microseconds=1)))
        answers[got.pop("id")] = got
    return answers


@pytest.fixture(scope="module")
def answers(spark: SparkSession) -> Dict[str, Dict[str, Dict[str, Any]]]:
    """Per session time zone, the answers to every case that is not an error."""
    groups = by_engine([c for c in CASES if c.error is None])
    out: Dict[str, Dict[str, Dict[str, Any]]] = {}
    for tz in ZONES:
        spark.conf.set("spark.sql.session.timeZone", tz)
        out[tz] = {}
        for by_fn in groups.values():
            for fn, cases in by_fn.items():
                out[tz].update(_answers(spark, fn, cases))
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    return out


def test_vector(column_case: Case, spark: SparkSession, answers: Dict[str, Dict[str, Dict[str, Any]]]) -> None:
    if column_case.error is not None:
        kind, value = column_case.error
        with pytest.raises(PythonException) as caught:
            _answers(spark, column_case.fn, [column_case])
        message = str(caught.value)
        assert kind in message, message
        assert guifan.error_class(kind).__name__ in message, message
        if value is not None:
            assert value in message, message
        return
    utc, shanghai = answers["UTC"][column_case.id], answers["Asia/Shanghai"][column_case.id]
    check(column_case, utc)
    assert utc == shanghai, "the session time zone changed an answer"


def test_all_vector_kinds_are_covered() -> None:
    fns = {c.fn for c in CASES}
    assert fns == set(COLUMNS), fns
    assert sum(c.fn == "deadline" for c in CASES) > 250
    assert any(c.error for c in CASES) and any("met" in c.want for c in CASES)
    # The pack and calendar vectors run too, on their own engines.
    engines = {c.engine for c in CASES}
    assert {("packs/sample-province.json", None, False), (None, "calendars/2027-sample.json", False)} <= engines
    assert {(None, "calendars/company-layer-sample.json", False), ("packs/sample-province.toml", None, False)} <= engines
    # And the provisional vectors, on a provisional engine.
    assert (None, None, True) in engines


# --- across the boundary ------------------------------------------------------------------------


def test_sql_functions_are_arrow_udfs(spark: SparkSession) -> None:
    from pyspark.util import PythonEvalType

    for name, fn in guifan.spark.functions().items():
        assert fn.evalType == PythonEvalType.SQL_SCALAR_ARROW_UDF, name
    plan = spark.sql("SELECT guifan_deadline('SLA.FAULT.BRAND', NULL, current_timestamp())")._jdf.queryExecution().executedPlan().toString()
    assert "ArrowEvalPython" in plan and "BatchEvalPython" not in plan


@pytest.mark.parametrize("zone", ZONES, indirect=True)
def test_instants_whatever_the_session_time_zone(spark: SparkSession, zone: str) -> None:
    row = spark.sql(
        """SELECT unix_micros(guifan_deadline('SLA.COMPLAINT.ORDINARY', NULL, TIMESTAMP'2025-09-30 10:00:00+08:00')) AS aware,
                  unix_micros(guifan_deadline('SLA.COMPLAINT.ORDINARY', NULL, TIMESTAMP_NTZ'2025-09-30 10:00:00')) AS wall,
                  date_format(guifan_deadline('SLA.REPAIR.SAMEDAY', 'urban', TIMESTAMP'2025-03-03 08:00:00Z'), "yyyy-MM-dd'T'HH:mm:ssXXX") AS shown"""
    ).first()
    due = dt.datetime(2025, 10, 12, tzinfo=BEIJING)
    assert row.aware == row.wall == int(due.timestamp()) * 1_000_000  # a naive TIMESTAMP_NTZ is Beijing time
    # 08:00Z is 16:00 Beijing: past the same-day cut-off, so due at 24:00 the next day; shown in the session's zone.
    shown = dt.datetime.fromisoformat(row.shown)
    assert shown == dt.datetime(2025, 3, 5, tzinfo=BEIJING)


def test_decimals_are_read_by_their_digits(spark: SparkSession) -> None:
    row = spark.sql(
        """SELECT guifan_tier('e_home', CAST('3359.99' AS DECIMAL(10,2))) AS a,
                  guifan_tier('e_home', CAST('3360.00' AS DECIMAL(10,2))) AS b,
                  guifan_tier('e_home', CAST('3359.999999999999999999' AS DECIMAL(38,18))) AS c,
                  guifan_tier('tianyi', 1032) AS d"""
    ).first()
    # As a double 3359.999999999999999999 would be 3360.0 and diamond.
    assert (row.a, row.b, row.c, row.d) == ("gold", "diamond", "gold", "silver")


def test_nulls_in_nulls_out(spark: SparkSession) -> None:
    row = spark.sql(
        """SELECT guifan_deadline(NULL, NULL, TIMESTAMP'2025-09-30 10:00:00') AS no_rule,
                  guifan_deadline('SLA.FAULT.ORDINARY', NULL, NULL) AS no_start,
                  unix_micros(guifan_deadline('SLA.FAULT.ORDINARY', NULL, TIMESTAMP'2025-03-03 09:00:00+08:00')) AS default_area,
                  unix_micros(guifan_deadline('SLA.FAULT.ORDINARY', 'urban', TIMESTAMP'2025-03-03 09:00:00+08:00')) AS urban,
                  guifan_deadline_met('SLA.FAULT.ORDINARY', NULL, TIMESTAMP'2025-03-03 09:00:00', NULL) AS open,
                  guifan_is_working_day(NULL) AS day,
                  guifan_add_working_days(DATE'2025-10-01', NULL) AS added,
                  guifan_count_working_days(DATE'2025-10-01', NULL) AS counted,
                  guifan_tier('e_home', NULL) AS no_spend,
                  guifan_deadline_clock('clock_hours', NULL, TIMESTAMP'2025-03-03 09:00:00') AS no_amount"""
    ).first()
    assert row.default_area == row.urban is not None
    assert [row.no_rule, row.no_start, row.open, row.day, row.added, row.counted, row.no_spend, row.no_amount] == [None] * 8


def test_a_bad_value_fails_the_query_with_kind_and_value(spark: SparkSession) -> None:
    df = spark.createDataFrame(
        [("SLA.FAULT.BRAND", dt.datetime(2025, 3, 3, 9, tzinfo=BEIJING)), ("SLA.NOPE", dt.datetime(2025, 3, 3, 9, tzinfo=BEIJING))],
        "rule string, start timestamp",
    )
    with pytest.raises(PythonException) as caught:
        df.select(guifan.spark.functions()["guifan_deadline"]("rule", F.lit(None), "start")).collect()
    message = str(caught.value)
    assert "UnknownRule" in message and "unknown_rule" in message and "SLA.NOPE" in message
    with pytest.raises(PythonException) as late:
        spark.sql("SELECT guifan_count_working_days(DATE'2026-12-30', DATE'2027-01-04')").collect()
    assert "CalendarYearUnknown" in str(late.value) and "2027" in str(late.value)


def test_many_rows_over_partitions_agree_with_the_batch_path(spark: SparkSession) -> None:
    pd = need("pandas")
    n = 20_000
    base = dt.datetime(2024, 1, 1, tzinfo=BEIJING)
    rules = ["SLA.COMPLAINT.ORDINARY", "SLA.FAULT.ORDINARY", "SLA.REPAIR.SAMEDAY", "SLA.APPOINTMENT.CONFIRM", None]
    rows = [(i, rules[i % 5], ["urban", "rural", None][i % 3], base + dt.timedelta(minutes=37 * i)) for i in range(n)]
    df = spark.createDataFrame(rows, "i long, rule string, area string, start timestamp").repartition(4)
    got = guifan.spark.with_deadlines(df, start="start", rule="rule", area="area").select("i", F.unix_micros("due").alias("due"))
    got_pd = got.toPandas().sort_values("i")
    local = pd.DataFrame(rows, columns=["i", "rule", "area", "start"])
    want = guifan.batch.deadlines(local["start"], rule=local["rule"], area=local["area"])
    want_micros = [None if pd.isna(t) else int(t.value // 1000) for t in want]
    assert [None if pd.isna(v) else int(v) for v in got_pd["due"]] == want_micros


# --- DataFrame helpers --------------------------------------------------------------------------


def test_with_deadlines_names_columns_and_values(spark: SparkSession) -> None:
    df = spark.createDataFrame(
        [
            (dt.datetime(2025, 9, 30, 10, tzinfo=BEIJING), dt.datetime(2025, 10, 11, 18, tzinfo=BEIJING), "rural"),
            (dt.datetime(2025, 9, 30, 10, tzinfo=BEIJING), None, None),
            (dt.datetime(2026, 12, 30, 10, tzinfo=BEIJING), None, None),
        ],
        "created_at timestamp, closed_at timestamp, area string",
    )
    with pytest.raises(PythonException) as caught:
        guifan.spark.with_deadlines(df, start="created_at", rule="SLA.COMPLAINT.ORDINARY", done="closed_at").collect()
    assert "calendar_year_unknown" in str(caught.value)
    out = guifan.spark.with_deadlines(
        df, start=F.col("created_at"), rule="SLA.COMPLAINT.ORDINARY", area="area", done="closed_at", errors="null"
    ).select(F.unix_micros("due").alias("due"), "met")
    rows = out.collect()
    assert rows[0].due == int(dt.datetime(2025, 10, 12, tzinfo=BEIJING).timestamp()) * 1_000_000
    assert [r.met for r in rows] == [True, None, None]
    assert rows[2].due is None
    clocks = guifan.spark.with_deadlines(df, start="created_at", rule=None, clock="working_days", amount=3, errors="null")
    assert [r.due is None for r in clocks.collect()] == [False, False, True]
    with pytest.raises(guifan.InvalidInput):
        guifan.spark.with_deadlines(df, start="opened_at", rule="SLA.FAULT.BRAND")
    with pytest.raises(guifan.InvalidInput):
        guifan.spark.with_deadlines(df, start="created_at", rule="SLA.FAULT.BRAND", errors="ignore")


def test_with_tiers_covers_every_customer_kind(spark: SparkSession) -> None:
    rows = [
        ("personal", "e_home", Decimal("3359.99"), None, None),
        ("personal", "tianyi", Decimal("1032"), None, None),
        ("enterprise", None, None, Decimal("299999.99"), None),
        ("government", None, None, None, "bureau"),
        ("government", None, None, None, "none"),
        (None, "e_home", Decimal("9000"), None, None),
        ("personal", "e_home", None, None, None),
    ]
    df = spark.createDataFrame(rows, "kind string, brand string, spend decimal(12,2), revenue decimal(14,2), rank string")
    got = guifan.spark.with_tiers(df, kind="kind", brand="brand", annual_spend="spend", annual_revenue="revenue", rank="rank")
    want = [
        guifan.tier(brand="e_home", annual_spend=Decimal("3359.99")).tier,
        guifan.tier(brand="tianyi", annual_spend=1032).tier,
        guifan.tier(kind="enterprise", annual_revenue=Decimal("299999.99")).tier,
        guifan.tier(kind="government", rank="bureau").tier,
        guifan.tier(kind="government", rank="none").tier,
        None,
        None,
    ]
    assert [r.tier for r in got.collect()] == want
    # One partition: the first bad row (the unknown kind) is the one reported.
    bad = spark.createDataFrame([("club", "1"), ("government", "minister")], "kind string, rank string").coalesce(1)
    with pytest.raises(PythonException) as caught:
        guifan.spark.with_tiers(bad, kind="kind", rank="rank").collect()
    assert "club" in str(caught.value)
    nulled = guifan.spark.with_tiers(bad, kind="kind", rank="rank", errors="null").collect()
    assert [r.tier for r in nulled] == [None, None]
    with pytest.raises(PythonException) as rank:
        guifan.spark.with_tiers(bad.where("kind = 'government'"), rank="rank").collect()
    assert "minister" in str(rank.value)
    with pytest.raises(guifan.InvalidInput):
        guifan.spark.with_tiers(df, annual_spend="spend", annual_revenue="revenue")


# --- engines on the workers ---------------------------------------------------------------------


def test_sql_functions_and_helpers_on_an_engine(spark: SparkSession) -> None:
    sample = guifan.Engine(pack=SPEC_DIR / "packs" / "sample-province.toml", calendar=SPEC_DIR / "calendars" / "2027-sample.json")
    spend = "CAST('3100' AS DECIMAL(10,2))"
    query = f"SELECT guifan_tier('e_home', {spend}) AS tier, guifan_is_working_day(DATE'2027-02-08') AS day"
    with pytest.raises(PythonException) as unknown:
        spark.sql(query).collect()  # built in: 2027 is not known
    assert "CalendarYearUnknown" in str(unknown.value)
    with _registered(spark, sample):
        row = spark.sql(query).first()
    assert (row.tier, row.day) == (sample.tier(brand="e_home", annual_spend=3100).tier, sample.is_working_day(dt.date(2027, 2, 8)))
    assert row.tier != guifan.tier(brand="e_home", annual_spend=3100).tier  # the pack, not the built-in table
    assert spark.sql(f"SELECT guifan_tier('e_home', {spend}) AS tier").first().tier == "gold"  # restored
    df = spark.createDataFrame([(dt.datetime(2027, 1, 4, 9, tzinfo=BEIJING),)], "start timestamp")
    due = guifan.spark.with_deadlines(df, start="start", rule="SLA.COMPLAINT.ORDINARY", engine=sample)
    want = sample.deadline(rule="SLA.COMPLAINT.ORDINARY", start=dt.datetime(2027, 1, 4, 9)).due
    assert due.select(F.unix_micros("due")).first()[0] == int(want.timestamp()) * 1_000_000
    tiers = guifan.spark.with_tiers(spark.sql(f"SELECT {spend} AS spend"), brand="e_home", annual_spend="spend", engine=sample)
    assert tiers.first().tier == row.tier


def test_an_engine_is_built_once_per_worker_process(spark: SparkSession) -> None:
    sample = guifan.Engine(pack=SPEC_DIR / "packs" / "sample-province.json")

    def where(x: pa.Array) -> pa.Array:
        # The engine as this batch sees it: its process, task and the object unpickled for it.
        from pyspark import TaskContext

        task = TaskContext.get().partitionId()  # type: ignore[union-attr]
        # Kept alive for the process, so an engine built again could not reuse a freed one's id.
        sys.__dict__.setdefault("_guifan_test_engines", []).append(sample)
        return pa.array([f"{os.getpid()}:{task}:{id(sample)}"] * len(x))

    udf = guifan._spark._scalar_udf(where, "string")
    spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", "10")
    try:
        # 8 tasks of 10 batches each: each task unpickles the function (and the engine) again.
        seen = spark.range(800, numPartitions=8).select(udf("id").alias("w")).distinct().collect()
    finally:
        spark.conf.unset("spark.sql.execution.arrow.maxRecordsPerBatch")
    engines: Dict[str, set] = {}  # type: ignore[type-arg]
    tasks: Dict[str, set] = {}  # type: ignore[type-arg]
    for row in seen:
        pid, task, engine = row.w.split(":")
        engines.setdefault(pid, set()).add(engine)
        tasks.setdefault(pid, set()).add(task)
    assert sum(len(t) for t in tasks.values()) == 8
    assert any(len(t) > 1 for t in tasks.values()), tasks  # a worker process ran several tasks
    assert all(len(e) == 1 for e in engines.values()), engines  # and built the engine once

"""guifan.spark's ticket report in a local[2] Spark session: ``guifan_ticket`` over a pauses
``array<struct<from, to>>`` column and a done ``map<string, timestamp>`` column, and the
``with_tickets`` helper, each row checked against ``guifan.evaluate(op=ticket)`` (SLA.TICKET,
INTERP.PAUSE); open, overlapping and out-of-order pauses, a bad pause, nulls."""

from __future__ import annotations

import datetime as dt
import os
import sys
from typing import Any, Dict, Iterator, List, Optional

import pytest

from scale_support import BEIJING, micros, need, scalar_ticket, ticket_rows

need("pyspark")
need("pyarrow")

from pyspark.errors import PythonException  # noqa: E402
from pyspark.sql import SparkSession  # noqa: E402
from pyspark.sql import functions as F  # noqa: E402

import guifan.spark  # noqa: E402

SCHEMA = (
    "id bigint, start timestamp, incident string, class string,"
    " pauses array<struct<from: timestamp, to: timestamp>>, done map<string, timestamp>, as_of timestamp"
)


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("guifan-ticket-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "Asia/Shanghai")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    guifan.spark.register(session)
    yield session
    session.stop()


def frame(spark: SparkSession, rows: List[Dict[str, Any]]) -> Any:
    data = [(r["id"], r["start"], r["incident"], r["class"], r["pauses"], r["done"], r["as_of"]) for r in rows]
    return spark.createDataFrame(data, SCHEMA).repartition(2)


def answers(df: Any, column: str = "ticket") -> Dict[int, Optional[Dict[str, Any]]]:
    """Each ticket as ``scalar_ticket`` gives it: due instants as epoch microseconds, read in
    Spark (no time zone of the driver in between)."""
    due = F.transform(f"{column}.targets", lambda t: t.withField("due", F.unix_micros(t["due"])))
    out = df.select("id", F.when(F.col(column).isNotNull(), F.struct(due.alias("targets"), F.col(f"{column}.state").alias("state"))).alias("t"))
    return {r["id"]: None if r["t"] is None else r["t"].asDict(recursive=True) for r in out.collect()}


def test_the_sql_function_is_the_scalar_ticket(spark: SparkSession) -> None:
    rows = [r for r in ticket_rows(150, seed=7) if scalar_ticket(r) is not None]
    frame(spark, rows).createOrReplaceTempView("tickets")
    got = answers(spark.sql("SELECT id, guifan_ticket(incident, class, start, pauses, done, as_of) AS ticket FROM tickets"))
    assert len(got) == len(rows) > 80
    for row in rows:
        assert got[row["id"]] == scalar_ticket(row), row


def test_with_tickets_errors_null_is_the_scalar_ticket(spark: SparkSession) -> None:
    rows = ticket_rows(150, seed=18)
    out = guifan.spark.with_tickets(
        frame(spark, rows), incident="incident", customer_class="class", pauses="pauses", done="done", as_of="as_of", errors="null"
    )
    got = answers(out)
    nulls = 0
    for row in rows:
        want = scalar_ticket(row)
        assert got[row["id"]] == want, row
        nulls += want is None
    assert 0 < nulls < len(rows) // 2


def fault(spark: SparkSession, pauses: Any, **extra: Any) -> Any:
    """One fault of an ordinary customer reported Monday 3 March 2025 09:00 (Beijing)."""
    row = {"id": 7, "start": dt.datetime(2025, 3, 3, 9, tzinfo=BEIJING), "incident": "fault", "class": "ordinary", "pauses": pauses, "done": {}, "as_of": dt.datetime(2025, 3, 4, 9, tzinfo=BEIJING)}
    row.update(extra)
    return frame(spark, [row])


def span(a: int, b: Optional[int]) -> Dict[str, Any]:
    """A pause on 3 March from hour ``a`` to hour ``b`` (None: open)."""
    at = lambda h: dt.datetime(2025, 3, 3, h, tzinfo=BEIJING)  # noqa: E731
    return {"from": at(a), "to": None if b is None else at(b)}


def test_open_overlapping_and_out_of_order_pauses_and_done_by_helper(spark: SparkSession) -> None:
    [open_] = answers(guifan.spark.with_tickets(fault(spark, [span(10, None)]), incident="incident", customer_class="class", pauses="pauses", as_of="as_of")).values()
    assert open_ is not None and open_["state"] == "paused" and [t["due"] for t in open_["targets"]] == [None, None]
    df = fault(spark, [span(14, 15), span(11, 13), span(10, 12)])
    [t] = answers(guifan.spark.with_tickets(df, incident="fault", customer_class="ordinary", pauses="pauses", as_of="as_of")).values()
    assert t is not None
    assert [x["due"] for x in t["targets"]] == [micros(dt.datetime(2025, 3, 3, 17, tzinfo=BEIJING)), micros(dt.datetime(2025, 3, 4, 13, tzinfo=BEIJING))]
    assert [x["state"] for x in t["targets"]] == ["breached", "running"]
    # done as a mapping rule id -> column; as_of a datetime; one rule per ticket
    called = fault(spark, [span(12, 18)]).withColumn("called", F.lit(dt.datetime(2025, 3, 3, 10, tzinfo=BEIJING)))
    out = guifan.spark.with_tickets(
        called, rule="SLA.FAULT.CONTACT", pauses="pauses", done={"SLA.FAULT.CONTACT": "called"}, as_of=dt.datetime(2025, 3, 4, 9)
    )
    [one] = answers(out).values()
    assert one == {"targets": [{"rule": "SLA.FAULT.CONTACT", "due": micros(dt.datetime(2025, 3, 3, 13, tzinfo=BEIJING)), "state": "met", "met": True, "remaining": None, "remaining_unit": None}], "state": "met"}


def test_a_bad_pause_fails_the_query_or_gives_null(spark: SparkSession) -> None:
    fault(spark, [span(10, 11), span(12, 11)]).createOrReplaceTempView("bad")
    with pytest.raises(PythonException) as caught:
        spark.sql("SELECT guifan_ticket(incident, class, start, pauses, done, as_of) FROM bad").collect()
    message = str(caught.value)
    assert "InvalidInput" in message and "pauses[1].to" in message and "guifan_ticket(" in message
    assert "'to': '2025-03-03T11:00:00+08:00'" in message  # the row's pauses, in Beijing time
    out = guifan.spark.with_tickets(spark.table("bad"), incident="incident", customer_class="class", pauses="pauses", as_of="as_of", errors="null")
    assert answers(out) == {7: None}


def test_nulls(spark: SparkSession) -> None:
    row = spark.sql(
        """SELECT guifan_ticket('fault', 'ordinary', NULL, NULL, NULL, current_timestamp()) AS no_start,
                  guifan_ticket('fault', 'ordinary', TIMESTAMP'2025-03-03 09:00:00+08:00', NULL, NULL, TIMESTAMP'2025-03-03 10:00:00+08:00') AS plain,
                  guifan_ticket('fault', 'ordinary', TIMESTAMP'2025-03-03 09:00:00+08:00', array(), map(), TIMESTAMP'2025-03-03 10:00:00+08:00') AS empty"""
    ).first()
    assert row.no_start is None
    assert row.plain == row.empty and row.plain.state == "running"
    assert [t.rule for t in row.plain.targets] == ["SLA.FAULT.CONTACT", "SLA.FAULT.ORDINARY"]


def test_wall_times_are_beijing_whatever_the_session_time_zone(spark: SparkSession) -> None:
    # TIMESTAMP_NTZ start, pauses, done and as_of are Beijing wall time (INTERP.TIME), read as the
    # instants written with +08:00, under a UTC session.
    def call(suffix: str, kind: str) -> str:
        t = lambda text: f"{kind}'2025-03-{text}{suffix}'"  # noqa: E731
        return (
            f"guifan_ticket('fault', 'ordinary', {t('03 09:00:00')},"
            f" array(named_struct('from', {t('03 12:00:00')}, 'to', {t('03 18:00:00')})),"
            f" map('SLA.FAULT.CONTACT', {t('03 10:00:00')}), {t('04 09:00:00')})"
        )

    spark.conf.set("spark.sql.session.timeZone", "UTC")
    try:
        out = spark.sql(f"SELECT 1 AS id, {call('', 'TIMESTAMP_NTZ')} AS wall, {call('+08:00', 'TIMESTAMP')} AS aware")
        got = answers(out, "wall")[1]
        assert got == answers(out, "aware")[1]
    finally:
        spark.conf.set("spark.sql.session.timeZone", "Asia/Shanghai")
    assert got is not None
    assert [(t["rule"], t["due"], t["state"]) for t in got["targets"]] == [
        ("SLA.FAULT.CONTACT", micros(dt.datetime(2025, 3, 3, 13, tzinfo=BEIJING)), "met"),
        ("SLA.FAULT.ORDINARY", micros(dt.datetime(2025, 3, 4, 15, tzinfo=BEIJING)), "running"),
    ]

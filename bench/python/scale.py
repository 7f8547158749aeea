"""Scale-out benchmark: guifan's deadlines in Spark and Polars against what analysts write today.

The tickets are the manifest's (``bench/manifest.json``, cases ``scale_spark_deadline`` and
``scale_polars_deadline``): as many rows as the cases say (10,000,000), complaints received at the
manifest's LCG instants (``data.py``, as ``run.py`` draws them: 2024 to mid-2026, Beijing time)
under the cases' rule (SLA.COMPLAINT.ORDINARY: 3 working days on the official calendar, due at
24:00 of the third):

- Spark local[2]: the SQL function ``guifan_deadline`` (Arrow batches into the Rust core), a
  row-at-a-time Python UDF calling ``chinesecalendar`` (the usual hand-written version), and
  Spark's own ``date_add`` (3 calendar days, wrong on holidays, no Python at all) as the floor,
  each over the same tickets cached in Spark's memory;
- Polars: ``guifan.polars.deadline`` against ``guifan.batch.deadlines`` on the same data.

Answers are compared between paths before anything is timed (every row of a sample in Spark,
every row in Polars), and the full-run checksums of the Spark paths must agree too. Prints a
markdown table: median seconds, rows per second, ratios.

    python bench/python/scale.py                  # the manifest's size (10,000,000 rows)
    python bench/python/scale.py --rows 100000    # a quick run

Needs guifan with pyspark, polars, pandas, pyarrow, and (benchmark only) ``chinesecalendar``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from typing import Any, Callable, Dict, List

from data import CASES as MANIFEST_CASES
from data import instants

SPARK_CASE, POLARS_CASE = MANIFEST_CASES["scale_spark_deadline"], MANIFEST_CASES["scale_polars_deadline"]
RULE = SPARK_CASE["rule"]
assert POLARS_CASE["rule"] == RULE and POLARS_CASE["rows"] == SPARK_CASE["rows"], "the scale cases share their data"

# The cases of the table: name, engine, what it times, default repeats (the median is reported),
# and the case it is compared with.
CASES: List[Dict[str, Any]] = [
    {"name": "spark_guifan_deadline", "engine": "spark", "what": "SQL guifan_deadline(rule, NULL, start), Arrow UDF", "repeat": 3, "vs": None},
    {"name": "spark_python_udf_chinesecalendar", "engine": "spark", "what": "row-at-a-time Python UDF with chinesecalendar", "repeat": 1, "vs": "spark_guifan_deadline"},
    {"name": "spark_date_add", "engine": "spark", "what": "Spark date_add(start, 3) (calendar days; the floor)", "repeat": 3, "vs": "spark_guifan_deadline"},
    {"name": "polars_guifan_deadline", "engine": "polars", "what": "guifan.polars.deadline, lazy query on the streaming engine", "repeat": 5, "vs": None},
    {"name": "polars_guifan_deadline_eager", "engine": "polars", "what": "guifan.polars.deadline, eager select", "repeat": 5, "vs": "polars_guifan_deadline"},
    {"name": "batch_guifan_deadlines", "engine": "polars", "what": "guifan.batch.deadlines over the same column as pandas", "repeat": 5, "vs": "polars_guifan_deadline"},
]


def python_udf_due(start):  # type: ignore[no-untyped-def]  # no hints: pyspark would try an Arrow UDF
    """What an analyst writes: count 3 working days after the day of receipt with
    chinesecalendar, due at 00:00 of the day after the third (Beijing time)."""
    import chinese_calendar

    if start is None:
        return None
    beijing = dt.timezone(dt.timedelta(hours=8))
    day = start.astimezone(beijing).date()
    counted = 0
    while counted < 3:
        day += dt.timedelta(days=1)
        if chinese_calendar.is_workday(day):
            counted += 1
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), beijing)


def _timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


# --- Spark ----------------------------------------------------------------------------------------


def spark_cases(rows: int, sample: int, repeat: Dict[str, int]) -> Dict[str, float]:
    import pyarrow as pa
    import pyarrow.parquet as pq
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F
    from pyspark.sql.functions import udf

    import guifan.spark

    os.environ["PYSPARK_PYTHON"] = sys.executable
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("guifan-scale-bench")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "Asia/Shanghai")
        .config("spark.driver.memory", "4g")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    guifan.spark.register(spark)
    spark.udf.register("py_due", udf(python_udf_due, "timestamp"))

    # The manifest's tickets, written once and cached in Spark's memory: every path reads the
    # same rows, and no path pays for generating them.
    folder = tempfile.TemporaryDirectory(prefix="guifan-scale-")
    path = os.path.join(folder.name, "tickets.parquet")
    starts = pa.array(instants(rows), type=pa.int64()).cast(pa.timestamp("us", tz="UTC"))
    # Uncompressed: Spark's snappy-java takes a machine with musl's loader installed beside glibc
    # (as python/ci.sh installs it) for Alpine and fails to load its native library.
    pq.write_table(pa.table({"start": starts}), path, compression="none")
    tickets = spark.read.parquet(path).repartition(2).select(F.lit(RULE).alias("rule"), "start").cache()
    tickets.count()

    exprs = {
        "spark_guifan_deadline": "guifan_deadline(rule, NULL, start)",
        "spark_python_udf_chinesecalendar": "py_due(start)",
        "spark_date_add": "CAST(date_add(to_date(start), 3) AS TIMESTAMP)",
    }

    # Correctness first: the two real implementations agree on every row of a sample.
    sampled = tickets.limit(min(rows, sample)).selectExpr(f"{exprs['spark_guifan_deadline']} AS a", f"{exprs['spark_python_udf_chinesecalendar']} AS b")
    differ = sampled.where("a IS DISTINCT FROM b").count()
    if differ:
        raise SystemExit(f"spark: guifan_deadline and the Python UDF differ on {differ} of {min(rows, sample)} rows")

    def run(expr: str) -> Callable[[], Any]:
        return lambda: tickets.selectExpr(f"{expr} AS due").agg(F.sum(F.unix_micros("due").cast("decimal(38,0)")).alias("s"), F.count("due").alias("n")).first()

    times: Dict[str, float] = {}
    sums: Dict[str, Any] = {}
    for name, expr in exprs.items():
        if name != "spark_python_udf_chinesecalendar":  # warm-up (the slow one warms up on the sample)
            run(expr)()
        times[name], sums[name] = _timed(run(expr), repeat[name])
    if sums["spark_guifan_deadline"] != sums["spark_python_udf_chinesecalendar"]:
        raise SystemExit(f"spark: checksums differ on the full run: {sums}")
    spark.stop()
    folder.cleanup()
    return times


# --- Polars ---------------------------------------------------------------------------------------


def polars_cases(rows: int, repeat: Dict[str, int]) -> Dict[str, float]:
    import numpy as np
    import pandas as pd
    import polars as pl

    import guifan
    import guifan.polars as gp

    starts = instants(rows)
    df = pl.DataFrame({"start": pl.Series(starts).cast(pl.Datetime("us", "UTC"))})
    series = pd.Series(pd.to_datetime(starts, unit="us", utc=True))

    query = df.lazy().select(gp.deadline("start", rule=RULE))

    def with_polars() -> Any:
        return query.collect(engine="streaming")["due"]

    def with_polars_eager() -> Any:
        return df.select(gp.deadline("start", rule=RULE))["due"]

    def with_batch() -> Any:
        return guifan.batch.deadlines(series, rule=RULE)

    want = ((with_batch() - pd.Timestamp(0, tz="UTC")) // pd.Timedelta(1, "us")).to_numpy()
    for name, got in (("streaming", with_polars()), ("eager", with_polars_eager())):
        got_us = got.dt.epoch("us").to_numpy()
        if not np.array_equal(got_us, want):
            raise SystemExit(f"polars ({name}): guifan.polars.deadline and guifan.batch.deadlines differ on {(got_us != want).sum()} rows")
    return {
        "polars_guifan_deadline": _timed(with_polars, repeat["polars_guifan_deadline"])[0],
        "polars_guifan_deadline_eager": _timed(with_polars_eager, repeat["polars_guifan_deadline_eager"])[0],
        "batch_guifan_deadlines": _timed(with_batch, repeat["batch_guifan_deadlines"])[0],
    }


def table(rows: int, times: Dict[str, float]) -> str:
    lines = ["| case | rows | median s | rows/s | ratio |", "|---|---:|---:|---:|---|"]
    for case in CASES:
        name = case["name"]
        if name not in times:
            continue
        t = times[name]
        ratio = ""
        if case["vs"] in times:
            ratio = f"{t / times[case['vs']]:.2f}× the time of {case['vs']}"
        lines.append(f"| {name} | {rows:,} | {t:.2f} | {rows / t:,.0f} | {ratio} |")
    summary = []
    if {"spark_guifan_deadline", "spark_python_udf_chinesecalendar", "spark_date_add"} <= set(times):
        g = times["spark_guifan_deadline"]
        summary.append(f"Spark: guifan_deadline is {times['spark_python_udf_chinesecalendar'] / g:.1f}× faster than the Python UDF (target ≥ 20×) and takes {g / times['spark_date_add']:.2f}× the time of date_add.")
    if {"polars_guifan_deadline", "batch_guifan_deadlines"} <= set(times):
        summary.append(
            f"Polars: guifan.polars.deadline takes {times['polars_guifan_deadline'] / times['batch_guifan_deadlines']:.2f}× the time of"
            f" guifan.batch.deadlines in a streaming lazy query, {times['polars_guifan_deadline_eager'] / times['batch_guifan_deadlines']:.2f}× eager (target ≤ 1)."
        )
    return "\n".join(lines + [""] + summary)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=SPARK_CASE["rows"], help="default: the manifest's scale cases")
    parser.add_argument("--sample", type=int, default=50_000, help="rows compared between Spark paths before timing")
    parser.add_argument("--repeat", type=int, default=None, help="repeats of every case (default: per case)")
    parser.add_argument("--only", choices=["spark", "polars"], default=None)
    args = parser.parse_args()
    repeat = {c["name"]: args.repeat or c["repeat"] for c in CASES}
    times: Dict[str, float] = {}
    if args.only in (None, "polars"):
        times.update(polars_cases(args.rows, repeat))
    if args.only in (None, "spark"):
        times.update(spark_cases(args.rows, args.sample, repeat))
    print(f"\nguifan scale-out benchmark: {args.rows:,} rows, {os.cpu_count()} cores; answers checked between paths\n")
    print(table(args.rows, times))


if __name__ == "__main__":
    main()

"""The Python runner of the benchmark manifest (``bench/manifest.json``).

Times ``guifan`` against what notebooks use today — ``chinesecalendar``, ``holidays``, a
hand-written set lookup, a sorted list with ``bisect`` and ``pandas.apply`` — on the manifest's
LCG data (``data.py``). Every fast path is first checked against a baseline's answers on the same data, so a
fast wrong answer is never timed. Prints one JSON document (results per case) for
``scripts/bench``; ``--quick`` shrinks every size for a smoke run.

Baselines are benchmark-only dependencies (``scripts/bench`` installs them), never guifan's.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import json
import platform
import statistics
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

import chinese_calendar
import holidays
import numpy as np
import pandas as pd

import guifan
from data import BEIJING, CASES, amounts, dates, instants, sla_tickets

HERE = Path(__file__).resolve().parent


def timed(fn: Callable[[], Any], repeat: int) -> dict[str, float]:
    """Median, min and max wall time of ``repeat`` runs, in seconds."""
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return {"median_s": statistics.median(runs), "min_s": min(runs), "max_s": max(runs), "runs": repeat}


# --- the references: what people write by hand --------------------------------------------

def official_sets() -> tuple[set[dt.date], set[dt.date]]:
    """Rest days and make-up working days from the same data guifan compiles in."""
    data = json.loads((HERE.parents[1] / "crates/guifan-core/data/cn-mainland.json").read_text(encoding="utf-8"))
    rest, work = set(), set()
    for year in data["years"].values():
        rest |= {dt.date.fromisoformat(h["date"]) for h in year["holidays"]}
        work |= {dt.date.fromisoformat(m["date"]) for m in year["makeup_workdays"]}
    return rest, work


REST, WORK = official_sets()


def set_is_working(d: dt.date) -> bool:
    return d in WORK or (d.weekday() < 5 and d not in REST)


WORKING_DAYS = sorted(
    dt.date(2004, 1, 1) + dt.timedelta(days=i)
    for i in range((dt.date(2027, 1, 1) - dt.date(2004, 1, 1)).days)
    if set_is_working(dt.date(2004, 1, 1) + dt.timedelta(days=i))
)


def bisect_add(d: dt.date, n: int) -> dt.date:
    """The n-th working day after d: a sorted list and bisect."""
    return WORKING_DAYS[bisect.bisect_right(WORKING_DAYS, d) + n - 1]


def due_micros(day: dt.date) -> int:
    """24:00 of ``day`` in Beijing time, as epoch microseconds."""
    midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), BEIJING)
    return int(midnight.timestamp()) * 1_000_000


# --- cases ----------------------------------------------------------------------------------

# Where chinesecalendar's data and the official schedule guifan compiles in differ, and why.
KNOWN_DIFFERENCES = {
    dt.date(2005, 12, 31): "a Saturday the New Year 2006 schedule made a working day; chinesecalendar has it as a rest day",
}


def is_working_day(quick: bool) -> dict[str, Any]:
    items = 2_000 if quick else 20_000
    ds = dates(items)
    # Correctness: every day of 2004-2026 against chinesecalendar, an independent dataset.
    every = [dt.date(2004, 1, 1) + dt.timedelta(days=i) for i in range(8401)]
    wrong = {d for d in every if guifan.is_working_day(d) != chinese_calendar.is_workday(d)}
    assert wrong == set(KNOWN_DIFFERENCES), f"guifan and chinesecalendar disagree on {sorted(wrong)[:5]}"
    assert all(set_is_working(d) == guifan.is_working_day(d) for d in every)
    cn = holidays.country_holidays("CN", years=range(2004, 2027))
    paths = {
        "guifan.is_working_day": lambda: [guifan.is_working_day(d) for d in ds],
        "chinesecalendar.is_workday": lambda: [chinese_calendar.is_workday(d) for d in ds],
        "holidays is_working_day": lambda: [cn.is_working_day(d) for d in ds],
        "set lookup (hand-written)": lambda: [set_is_working(d) for d in ds],
    }
    known = {d.isoformat(): why for d, why in KNOWN_DIFFERENCES.items()}
    return {"items": items, "checked": len(every), "known_differences": known, "paths": {k: timed(f, 5) for k, f in paths.items()}}


def batch_deadlines(quick: bool) -> dict[str, Any]:
    case = CASES["batch_deadlines"]
    rows = 100_000 if quick else case["rows"]
    starts = instants(rows)
    series = pd.Series(pd.to_datetime(starts, unit="us", utc=True))
    due = guifan.batch.deadlines(series, rule=case["rule"])
    got = ((due - pd.Timestamp(0, tz="UTC")) // pd.Timedelta(1, "us")).to_numpy()
    start_days = [(dt.datetime.fromtimestamp(s / 1e6, BEIJING)).date() for s in starts[:20_000]]
    want = np.array([due_micros(bisect_add(d, 3)) for d in start_days], dtype=np.int64)
    assert (got[:20_000] == want).all(), "guifan.batch.deadlines disagrees with the bisect reference"
    # chinesecalendar's find_workday counts from the date itself when it is a working day.
    for d, g in zip(start_days[:2_000], got[:2_000]):
        if chinese_calendar.is_workday(d):
            assert due_micros(chinese_calendar.find_workday(3, d)) == g, d
    sample = start_days[:2_000 if quick else 10_000]
    small = start_days[:200 if quick else 1_000]
    frame = pd.DataFrame({"start": series[: len(sample)]})
    paths = {
        "guifan.batch.deadlines": (lambda: guifan.batch.deadlines(series, rule=case["rule"]), rows),
        "bisect reference": (lambda: [due_micros(bisect_add(d, 3)) for d in sample], len(sample)),
        "pandas apply + bisect": (
            lambda: frame["start"].apply(lambda t: due_micros(bisect_add(t.tz_convert(BEIJING).date(), 3))),
            len(sample),
        ),
        "chinesecalendar.find_workday": (lambda: [chinese_calendar.find_workday(3, d) for d in small], len(small)),
    }
    out = {}
    for name, (fn, n) in paths.items():
        out[name] = {**timed(fn, 3 if n > 10_000 else 5), "items": n}
    return {"items": rows, "paths": out}


def batch_tiers(quick: bool) -> dict[str, Any]:
    case = CASES["batch_tiers"]
    rows = 100_000 if quick else case["rows"]
    import pyarrow as pa

    values = amounts(rows)
    column = pa.array(values, type=pa.decimal128(12, 2))
    got = guifan.batch.tiers(case["brand"], column).to_pylist()
    bounds = [Decimal(1080), Decimal(2160), Decimal(3360)]
    names = ["none", "silver", "gold", "diamond"]
    want = [names[bisect.bisect_right(bounds, v)] for v in values[:20_000]]
    assert got[:20_000] == want, "guifan.batch.tiers disagrees with the bisect reference"
    sample = values[:100_000]
    paths = {
        "guifan.batch.tiers (Arrow decimal128)": (lambda: guifan.batch.tiers(case["brand"], column), rows),
        "bisect on Decimal": (lambda: [names[bisect.bisect_right(bounds, v)] for v in sample], len(sample)),
    }
    return {"items": rows, "paths": {k: {**timed(f, 3), "items": n} for k, (f, n) in paths.items()}}


def batch_sla_tickets(quick: bool) -> dict[str, Any]:
    """A ticket report over tickets with pauses; a sample of tickets checked first, target by
    target, against ``evaluate`` (the scalar ``ticket`` op), which is also the baseline."""
    case = CASES["batch_sla_tickets"]
    rows = 100_000 if quick else case["rows"]
    tickets, pauses = sla_tickets(rows)
    as_of = dt.datetime.fromisoformat(case["as_of"])
    done = {"SLA.FAULT.CONTACT": "called", "SLA.DISPUTE.INITIAL": "investigated"}

    def report() -> Any:
        return guifan.sla_report(
            tickets, incident="incident", customer_class="customer_class", pauses=pauses, done=done, as_of=as_of
        )

    def iso(t: Any) -> Any:
        return None if pd.isna(t) else t.tz_convert(BEIJING).isoformat()

    sample = 2_000
    by_ticket = pauses[pauses["id"] < sample].groupby("id")
    spans = {i: [{"from": iso(a), "to": iso(b)} for a, b in zip(g["from"], g["to"])] for i, g in by_ticket}
    requests = []
    for i, t in enumerate(tickets.head(sample).itertuples()):
        finished = {rule: iso(getattr(t, col)) for rule, col in done.items() if not pd.isna(getattr(t, col))}
        requests.append({"op": "ticket", "input": {
            "start": iso(t.start), "incident": t.incident, "customer_class": t.customer_class,
            "done": finished, "pauses": spans.get(i, []), "as_of": as_of.isoformat(),
        }})
    got = report()
    head = got[got["id"] < sample]
    want = [(r["rule"], r.get("due"), r["state"]) for q in requests for r in guifan.evaluate(q)["targets"]]
    assert [(r, iso(d), s) for r, d, s in zip(head["rule"], head["due"], head["state"])] == want, (
        "guifan.sla_report disagrees with evaluate(op=ticket)"
    )
    paths = {
        "guifan.sla_report (pandas, pauses)": (report, rows),
        "guifan.evaluate per ticket": (lambda: [guifan.evaluate(q) for q in requests], sample),
    }
    out = {name: {**timed(fn, 3), "items": n} for name, (fn, n) in paths.items()}
    return {"items": rows, "pauses": len(pauses), "targets": len(got), "paths": out}


def single_calls(quick: bool) -> dict[str, Any]:
    """One scalar call at a time, as a notebook makes them: seconds per call, ``timeit`` with
    the best of 5 repeats (each ``number`` calls), after checking the answers."""
    import timeit

    start = dt.datetime(2025, 9, 30, 10)
    spend = Decimal("3359.99")
    day = dt.date(2025, 10, 11)
    d = guifan.deadline(rule="SLA.COMPLAINT.ORDINARY", start=start)
    assert d.due == dt.datetime(2025, 10, 12, tzinfo=BEIJING) and d.explanation.rules[0].id == "SLA.COMPLAINT.ORDINARY"
    assert guifan.tier(brand="e_home", annual_spend=spend).tier == "gold"
    assert guifan.is_working_day(day) is True  # a make-up working Saturday
    # Statements as timeit runs them (no lambda around the call): `python -m timeit` style.
    names = {"guifan": guifan, "start": start, "spend": spend, "day": day}
    paths: dict[str, tuple[str, int]] = {
        "guifan.deadline(rule=, start=)": ('guifan.deadline(rule="SLA.COMPLAINT.ORDINARY", start=start)', 20_000),
        "guifan.tier(brand=, annual_spend=Decimal)": ('guifan.tier(brand="e_home", annual_spend=spend)', 20_000),
        "guifan.is_working_day(date)": ("guifan.is_working_day(day)", 200_000),
        "deadline(...).explanation": ('guifan.deadline(rule="SLA.COMPLAINT.ORDINARY", start=start).explanation', 2_000),
    }
    out = {}
    for name, (stmt, number) in paths.items():
        number = max(number // 10, 100) if quick else number
        best = min(timeit.repeat(stmt, number=number, repeat=5, globals=names)) / number
        out[name] = {"per_call_s": best, "number": number, "repeat": 5}
    return {"paths": out}


def batch_memory(quick: bool) -> dict[str, Any]:
    """Peak resident memory of a child process running batch deadlines over many rows."""
    rows = 1_000_000 if quick else CASES["batch_memory"]["rows"]
    code = (
        "import sys, resource, numpy as np, pandas as pd, guifan;"
        f"sys.path.insert(0, {str(HERE)!r}); import data;"
        f"s = pd.Series(pd.to_datetime(data.instants({rows}), unit='us', utc=True));"
        f"base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss;"
        f"due = guifan.batch.deadlines(s, rule={CASES['batch_memory']['rule']!r});"
        "print(base, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    before, peak = map(int, subprocess.check_output([sys.executable, "-c", code], text=True).split())
    return {"items": rows, "peak_mb": peak / 1024, "input_mb": before / 1024}


CASE_RUNNERS: dict[str, Callable[[bool], dict[str, Any]]] = {
    "single_calls": single_calls,
    "is_working_day": is_working_day,
    "batch_deadlines": batch_deadlines,
    "batch_tiers": batch_tiers,
    "batch_sla_tickets": batch_sla_tickets,
    "batch_memory": batch_memory,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument("--only", action="append", choices=list(CASE_RUNNERS), help="run only this case (repeatable)")
    args = parser.parse_args()
    results = {
        "runner": "python",
        "python": platform.python_version(),
        "guifan": guifan.__version__ if hasattr(guifan, "__version__") else "",
        "baselines": {
            "chinesecalendar": __import__("importlib.metadata").metadata.version("chinesecalendar"),
            "holidays": __import__("importlib.metadata").metadata.version("holidays"),
            "pandas": pd.__version__,
        },
        "cases": {name: CASE_RUNNERS[name](args.quick) for name in args.only or CASE_RUNNERS},
    }
    json.dump(results, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()

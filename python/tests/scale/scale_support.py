"""Shared pieces of the scale-out tests (Spark, Polars, Dask, the example notebook), imported by
the test modules of this folder (``conftest.py`` puts the folder on ``sys.path``).

The spec vectors a column function can express become *cases*: typed column values (instants as
aware datetimes, dates, Decimals) and the answer ``guifan.evaluate`` gives the same request, on
the vector's own rule pack and calendar when it names them (``Case.engine``). Each data engine's
test computes every case of a kind and guifan engine in one query and compares row by row.

In CI (``GUIFAN_SCALE_TESTS=required``, set by ``python/ci.sh``) a missing engine fails the run
instead of skipping it, so a broken install cannot pass as green.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import ModuleType
from typing import Any, Dict, List, Optional, Tuple

import pytest

import guifan

REPO = Path(__file__).resolve().parents[3]
SPEC_DIR = REPO / "spec-tests"
BEIJING = dt.timezone(dt.timedelta(hours=8))


def need(module: str) -> ModuleType:
    """``pytest.importorskip``, except that CI requires the engines to be there."""
    if os.environ.get("GUIFAN_SCALE_TESTS") == "required":
        return __import__(module, fromlist=["_"])
    return pytest.importorskip(module)


EngineKey = Optional[Tuple[Optional[str], Optional[str], bool]]
"""The rule pack and calendar files (under spec-tests/) a vector names and whether it answers
unknown years provisionally; None: the built-in ones."""


@dataclass
class Case:
    """One spec vector as column values: ``fn`` names the column function, ``args`` its inputs,
    ``want`` what ``guifan.evaluate`` answers (``error`` its error kind and value instead), on
    the guifan engine ``engine`` names."""

    id: str
    fn: str
    args: Dict[str, Any]
    want: Dict[str, Any] = field(default_factory=dict)
    error: Optional[Tuple[str, Optional[str]]] = None
    engine: EngineKey = None


_ENGINES: Dict[EngineKey, Optional[guifan.Engine]] = {None: None}


def engine_of(key: EngineKey) -> Optional[guifan.Engine]:
    """The guifan engine of a case (None: the default engine), built once per test run."""
    if key not in _ENGINES:
        assert key is not None
        pack, calendar, provisional = key
        _ENGINES[key] = guifan.Engine(
            pack=None if pack is None else SPEC_DIR / pack,
            calendar=None if calendar is None else SPEC_DIR / calendar,
            provisional=provisional,
        )
    return _ENGINES[key]


def by_engine(cases: List[Case]) -> Dict[EngineKey, Dict[str, List[Case]]]:
    """Cases grouped by guifan engine, then by column function."""
    out: Dict[EngineKey, Dict[str, List[Case]]] = {}
    for c in cases:
        out.setdefault(c.engine, {}).setdefault(c.fn, []).append(c)
    return out


class NotExpressible(Exception):
    pass


def _instant(text: Any) -> dt.datetime:
    if not isinstance(text, str):
        raise NotExpressible("instant is not text")
    try:
        t = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as e:
        raise NotExpressible(f"no timestamp reads {text!r}") from e
    return t if t.tzinfo is not None else t.replace(tzinfo=BEIJING)


def _date(text: Any) -> dt.date:
    if not isinstance(text, str):
        raise NotExpressible("date is not text")
    try:
        return dt.date.fromisoformat(text)
    except ValueError as e:
        raise NotExpressible(f"no date reads {text!r}") from e


def _text(value: Any, what: str) -> Optional[str]:
    if value is not None and not isinstance(value, str):
        raise NotExpressible(f"{what} is not text")
    return value


def _whole(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise NotExpressible(f"{what} is not a whole number")
    return value


# The scale of the Decimal columns the Polars and Spark tests build.
MONEY_SCALE = 8


def _money(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, str)):
        raise NotExpressible("amount is not a number")
    try:
        amount = Decimal(value)
    except InvalidOperation as e:
        raise NotExpressible(f"no decimal reads {value!r}") from e
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -MONEY_SCALE:
        raise NotExpressible(f"{value} has more decimals than the Decimal(38, {MONEY_SCALE}) test columns hold")
    return amount


def _only(i: Dict[str, Any], allowed: set) -> None:  # type: ignore[type-arg]
    extra = set(i) - allowed
    if extra:
        raise NotExpressible(f"fields a column function does not take: {sorted(extra)}")


def _build(v: Dict[str, Any]) -> Tuple[str, Dict[str, Any], List[str]]:
    """The column function, its arguments and the answer keys it gives, for a vector."""
    op, i = v["op"], v["input"]
    if not isinstance(i, dict):
        raise NotExpressible("input is not an object")
    if op == "deadline":
        _only(i, {"start", "rule", "area", "clock", "amount", "done"})
        args: Dict[str, Any] = {"start": _instant(i.get("start"))}
        if "done" in i:
            args["done"] = _instant(i["done"])
        keys = ["due"] + (["met"] if "done" in i else [])
        if "rule" in i and not {"clock", "amount"} & set(i):
            args.update(rule=_text(i["rule"], "rule"), area=_text(i.get("area"), "area"))
            return "deadline", args, keys
        if "clock" in i and "amount" in i and not {"rule", "area"} & set(i):
            args.update(clock=_text(i["clock"], "clock"), amount=_whole(i["amount"], "amount"))
            return "deadline_clock", args, keys
        raise NotExpressible("not a rule (and area) alone, nor a clock with an amount alone")
    if op == "calendar.day":
        _only(i, {"date"})
        return "is_working_day", {"d": _date(i.get("date"))}, ["working_day"]
    if op == "calendar.count_working_days":
        _only(i, {"from", "to"})
        return "count_working_days", {"from": _date(i.get("from")), "to": _date(i.get("to"))}, ["count"]
    if op == "calendar.add_working_days":
        _only(i, {"date", "days"})
        return "add_working_days", {"d": _date(i.get("date")), "n": _whole(i.get("days"), "days")}, ["date"]
    if op == "tier":
        if {"package", "rating_year"} & set(i):
            raise NotExpressible(
                "the package basis (monthly fee, subscription date, rating year): neither the SQL function"
                " guifan_tier(brand, annual_spend) nor with_tiers and the tier expressions take it"
            )
        _only(i, {"customer"})
        c = i.get("customer")
        if not isinstance(c, dict):
            raise NotExpressible("customer is not an object")
        kind = c.get("kind", "personal")
        if kind == "personal":
            _only(c, {"kind", "brand", "annual_spend"})
            return "tier", {"brand": _text(c.get("brand"), "brand"), "annual_spend": _money(c.get("annual_spend"))}, ["tier"]
        # Other kinds go through the helper that takes the kind per row (with_tiers).
        _only(c, {"kind", "brand", "annual_spend", "annual_revenue", "rank"})
        args = {"kind": _text(kind, "kind"), "brand": _text(c.get("brand"), "brand"), "rank": _text(c.get("rank"), "rank")}
        for key in ("annual_spend", "annual_revenue"):
            args[key] = _money(c[key]) if key in c else None
        return "customer_tier", args, ["tier"]
    raise NotExpressible(f"op {op}")


# An invalid_input about these fields is about their text; a typed column holds no such text.
TEXT_FIELDS = {"start", "done", "date", "from", "to", "annual_spend", "annual_revenue", "amount"}


def case_of(v: Dict[str, Any], file: str) -> Case:
    fn, args, keys = _build(v)
    named = {"pack", "calendar", "provisional"} & set(v)
    key: EngineKey = (v.get("pack"), v.get("calendar"), bool(v.get("provisional"))) if named else None
    engine = engine_of(key)
    request = {"op": v["op"], "input": v["input"]}
    answer = guifan.evaluate(request) if engine is None else engine.evaluate(request)
    case = Case(id=f"{file}:{v['id']}", fn=fn, args=args, engine=key)
    if "error" in answer:
        e = answer["error"]
        if e["kind"] == "invalid_input" and (e.get("field") or "").split(".")[-1] in TEXT_FIELDS:
            raise NotExpressible(f"invalid text in {e.get('field')}")
        case.error = (e["kind"], e.get("value"))
        # The contract's own expectations hold (test_spec_vectors checks them in full).
        assert v.get("expect_error") == e["kind"], (v, answer)
    else:
        case.want = {k: answer[k] for k in keys}
    return case


def _vectors() -> List[Tuple[str, Dict[str, Any]]]:
    out = []
    for path in sorted(SPEC_DIR.glob("*.json")):
        for v in json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal):
            if v.get("op") in ("deadline", "calendar.day", "calendar.count_working_days", "calendar.add_working_days", "tier"):
                out.append((path.stem, v))
    return out


def all_cases() -> Tuple[List[Case], Dict[str, str]]:
    """Every expressible case, and why each other vector of those ops is not."""
    cases: List[Case] = []
    skipped: Dict[str, str] = {}
    for file, v in _vectors():
        try:
            cases.append(case_of(v, file))
        except NotExpressible as why:
            skipped[f"{file}:{v['id']}"] = str(why)
    return cases, skipped


CASES, SKIPPED = all_cases()


def same_instant(want: str, got: Optional[dt.datetime]) -> bool:
    return got is not None and dt.datetime.fromisoformat(want.replace("Z", "+00:00")) == got


def check(case: Case, got: Dict[str, Any]) -> None:
    """An engine's answers for a case against ``guifan.evaluate``'s: instants as instants, dates
    as ISO text, the rest exactly."""
    for key, want in case.want.items():
        value = got.get(key)
        if key == "due":
            assert same_instant(want, value), f"{case.id} {key}: want {want}, got {value}"
        elif key == "date":
            assert value is not None and value.isoformat() == want, f"{case.id} {key}: want {want}, got {value}"
        else:
            assert value == want, f"{case.id} {key}: want {want!r}, got {value!r}"


# --- tickets (SLA.TICKET, INTERP.PAUSE) ---------------------------------------------------------

TICKET_RULES = ["SLA.FAULT.CONTACT", "SLA.FAULT.ORDINARY", "SLA.DISPUTE.INITIAL", "SLA.COMPLAINT.ORDINARY", "SLA.COMPLAINT.VIP"]
"""Rule ids the tickets' done maps use (one not a target of any ticket: that ticket's error)."""


def micros(t: Optional[dt.datetime]) -> Optional[int]:
    return None if t is None else (t - dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)) // dt.timedelta(microseconds=1)


def ticket_rows(n: int, seed: int) -> List[Dict[str, Any]]:
    """``n`` tickets as a table would hold them: aware ``start`` (some null), ``incident``,
    ``class``, ``pauses`` (a list of ``{from, to}``: open, overlapping, out of order, before the
    start, some ending before they start; or null), ``done`` (rule id → instant) and ``as_of``."""
    import random

    rng = random.Random(seed)
    base = dt.datetime(2025, 1, 2, tzinfo=BEIJING)
    rows: List[Dict[str, Any]] = []
    for i in range(n):
        start = base + dt.timedelta(minutes=rng.randrange(0, 600 * 24 * 60))
        near = lambda: start + dt.timedelta(minutes=rng.randrange(-24 * 60, 12 * 24 * 60))  # noqa: E731
        spans = []
        for _ in range(rng.randrange(0, 4)):
            a = near()
            b = a + dt.timedelta(minutes=rng.randrange(-10, 3 * 24 * 60)) if rng.random() < 0.8 else None
            spans.append({"from": a, "to": b})
        incident = rng.choice(["fault", "complaint"])
        # Mostly rules of the ticket's own kind; now and then one that is no target of it.
        own = f"SLA.{incident.upper()}."
        rows.append(
            {
                "id": i,
                "start": start if rng.random() < 0.97 else None,
                "incident": incident,
                "class": rng.choice(["ordinary", "brand", "vip"]),
                "pauses": spans if rng.random() < 0.95 else None,
                "done": {r: near() for r in TICKET_RULES if rng.random() < (0.4 if r.startswith(own) else 0.03)},
                "as_of": near(),
            }
        )
    return rows


def scalar_ticket(row: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """What ``guifan.evaluate(op=ticket)`` answers for a row (None: an error, or a null start),
    due instants as epoch microseconds."""
    if row["start"] is None:
        return None
    request: Dict[str, Any] = {
        "start": row["start"].isoformat(),
        "incident": row["incident"],
        "customer_class": row["class"],
        "done": {k: v.isoformat() for k, v in row["done"].items()},
        "pauses": [
            {"from": s["from"].isoformat(), "to": None if s["to"] is None else s["to"].isoformat()}
            for s in row["pauses"] or []
        ],
        "as_of": row["as_of"].isoformat(),
    }
    want = guifan.evaluate({"op": "ticket", "input": request})
    if "error" in want:
        return None
    targets = [
        {
            "rule": t["rule"],
            "due": micros(dt.datetime.fromisoformat(t["due"])) if t.get("due") else None,
            "state": t["state"],
            "met": t.get("met"),
            "remaining": t.get("remaining"),
            "remaining_unit": t.get("remaining_unit"),
        }
        for t in want["targets"]
    ]
    return {"targets": targets, "state": want["state"]}

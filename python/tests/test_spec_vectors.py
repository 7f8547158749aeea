"""Every spec vector (spec-tests/*.json, plus the worked examples in tests/data) through
``evaluate`` as a dict and as JSON text, and through the typed API where one exists. A vector
naming a ``pack`` and/or a ``calendar`` file, or ``"provisional": true``, runs on an
:class:`guifan.Engine` built from them (the pack instead of the built-in one, the calendar loaded
on top of the built-in one, unknown years answered provisionally), as the core's runner does; the
others run on the module-level functions (the default engine). New vector files are picked up
automatically."""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

import pytest

import guifan

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent.parent
SPEC_DIR = REPO / "spec-tests"


def _files() -> List[Path]:
    return sorted(SPEC_DIR.glob("*.json")) + [TESTS / "data" / "examples.json"]


def _load(path: Path) -> List[Dict[str, Any]]:
    # Numbers keep their exact text: JSON 3359.99 becomes Decimal("3359.99").
    return json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)  # type: ignore[no-any-return]


def _params() -> Iterator[Any]:
    for path in _files():
        for v in _load(path):
            yield pytest.param(v, id=f"{path.stem}:{v.get('id')}")


VECTORS = list(_params())


@functools.lru_cache(maxsize=None)
def _engine(pack: Optional[str], calendar: Optional[str], provisional: bool = False) -> guifan.Engine:
    return guifan.Engine(
        pack=None if pack is None else SPEC_DIR / pack,
        calendar=None if calendar is None else SPEC_DIR / calendar,
        provisional=provisional,
    )


def _runs_on(vector: Dict[str, Any]) -> Any:
    """What a vector's calls go to: the engine of its files and options, or the ``guifan``
    module."""
    if "pack" in vector or "calendar" in vector or "provisional" in vector:
        return _engine(vector.get("pack"), vector.get("calendar"), bool(vector.get("provisional")))
    return guifan


def _dumps(value: Any) -> str:
    """JSON text with Decimals written as the numbers they hold."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(k)}:{_dumps(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(_dumps(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


_RFC3339 = re.compile(r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$")


def _instant(text: str) -> Optional[dt.datetime]:
    """An RFC 3339 instant (fractions cut to microseconds), None for other text."""
    found = _RFC3339.match(text)
    if found is None:
        return None
    *parts, fraction, offset = found.groups()
    sign = -1 if offset[0] == "-" else 1
    shift = dt.timedelta() if offset == "Z" else sign * dt.timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6]))
    try:
        micro = int((fraction or "").ljust(6, "0")[:6])
        return dt.datetime(*map(int, parts), micro, tzinfo=dt.timezone(shift))
    except ValueError:
        return None


def _same(want: Any, got: Any) -> bool:
    """VECTORS.md: instants compare as instants; everything else exactly."""
    if isinstance(want, str) and isinstance(got, str):
        a, b = _instant(want), _instant(got)
        if a is not None and b is not None:
            return a == b
    return bool(want == got)


def _check_answer(vector: Dict[str, Any], answer: Dict[str, Any]) -> None:
    if "expect_error" in vector:
        assert "error" in answer, f"expected {vector['expect_error']}, got {answer}"
        assert answer["error"]["kind"] == vector["expect_error"], answer
        assert answer["error"]["message"]
        return
    assert "error" not in answer, answer
    for key, want in vector["expect"].items():
        assert _same(want, answer.get(key)), f"{key}: want {want!r}, got {answer.get(key)!r}"


@pytest.mark.parametrize("vector", VECTORS)
def test_evaluate_dict(vector: Dict[str, Any]) -> None:
    request = {"op": vector["op"], "input": vector["input"]}
    on = _runs_on(vector)
    answer = on.evaluate(request)
    _check_answer(vector, answer)
    if on is guifan:  # the default engine is the built-in one
        assert _engine(None, None).evaluate(request) == answer
    # Asking for the explanation changes nothing else.
    explained = on.evaluate({**request, "explain": True})
    if "expect_error" in vector:
        assert explained == answer
    else:
        explanation = explained.pop("explanation")
        assert explained == answer
        if vector["op"] != "rules":
            assert explanation["rules"], "the explanation cites no rule"


@pytest.mark.parametrize("vector", VECTORS)
def test_evaluate_json_text(vector: Dict[str, Any]) -> None:
    text = _dumps({"op": vector["op"], "input": vector["input"]})
    _check_answer(vector, _runs_on(vector).evaluate(text))


# --- the typed API ---------------------------------------------------------------------------

_INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONEY = re.compile(r"^-?\d+(\.\d+)?$")
INSTANT_KEYS = {"start", "done", "at", "agreed", "arrived"}
DATE_KEYS = {"as_of", "date", "from", "to", "subscribed_on", "arrears_since", "card_expires_on", "earned_on", "expires_on"}
MONEY_KEYS = {"annual_spend", "annual_revenue", "monthly_fee", "outage_hours"}


def _pythonize(value: Any, key: str = "") -> Any:
    """Vector inputs with the Python types a user would pass: datetimes, dates, Decimals.
    Only values Python reads without changing them are converted; the rest stay text, so the
    core still reports them."""
    if isinstance(value, dict):
        return {k: _pythonize(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_pythonize(v, key) for v in value]
    if not isinstance(value, str):
        return value
    try:
        if key in INSTANT_KEYS and _INSTANT.match(value):
            text = value.replace("Z", "+00:00")
            parsed = dt.datetime.fromisoformat(text)
            if parsed.tzinfo is not None or 1 <= parsed.year <= 9999:
                return parsed
        if key in DATE_KEYS and _DATE.match(value):
            return dt.date.fromisoformat(value)
        if key in MONEY_KEYS and _MONEY.match(value):
            return Decimal(value)
    except ValueError:
        pass
    return value


class _NotExpressible(Exception):
    pass


class _Refused(_NotExpressible):
    """Keywords the function does not take (an unknown field, a missing one): Python refuses the
    call with ``TypeError``, where the contract answers ``invalid_input``."""

    def __init__(self, why: str, call: Callable[[], Any]) -> None:
        super().__init__(why)
        self.call = call


def _tier_kwargs(i: Dict[str, Any]) -> Dict[str, Any]:
    """``tier()`` takes the customer's keys as keywords beside the others."""
    customer = i.get("customer")
    if not isinstance(customer, dict):
        raise _NotExpressible("customer is not an object")
    rest = {k: v for k, v in i.items() if k != "customer"}
    if set(customer) & set(rest):
        raise _NotExpressible("customer keys clash with top-level keys")
    return {**customer, **rest}


def _when(value: Any) -> Any:
    """An instant's text as the ``datetime`` a user would pass (text Python cannot read stays)."""
    return _pythonize(value, "start")


def _pauses(pauses: Any) -> Any:
    """Pauses as users write them: every other one of just ``from`` and ``to`` as a ``(from,
    to)`` tuple, the others as dicts, instants as datetimes (anything else stays, for the core
    to report)."""
    if not isinstance(pauses, list):
        return pauses
    out: List[Any] = []
    for i, p in enumerate(pauses):
        if isinstance(p, dict) and "from" in p and set(p) <= {"from", "to"} and i % 2 == 0:
            out.append((_when(p["from"]), _when(p.get("to"))))
        elif isinstance(p, dict):
            out.append({k: _when(v) if k in ("from", "to") else v for k, v in p.items()})
        else:
            out.append(p)
    return out


def _deadline_kwargs(i: Dict[str, Any]) -> Dict[str, Any]:
    return {**i, "pauses": _pauses(i["pauses"])} if "pauses" in i else i


def _ticket_kwargs(i: Dict[str, Any]) -> Dict[str, Any]:
    """``ticket()`` takes instants for ``as_of`` and the values of ``done``, pauses as tuples or
    dicts."""
    out = _deadline_kwargs(i)
    if "as_of" in out:
        out["as_of"] = _when(out["as_of"])
    if isinstance(out.get("done"), dict):
        out["done"] = {k: _when(v) for k, v in out["done"].items()}
    return out


# The typed function of each op: a method of an engine, or a function of the guifan module.
TYPED: Dict[str, str] = {
    "tier": "tier",
    "review": "review",
    "status": "status",
    "points.merge": "merge_points",
    "points.redeem": "redeem_points",
    "deadline": "deadline",
    "ticket": "ticket",
    "calendar.day": "calendar_day",
    "calendar.count_working_days": "count_working_days",
    "calendar.add_working_days": "add_working_days",
    "notify": "notify_window",
    "visit": "visit",
    "cutover": "cutover",
    "dunning": "dunning",
    "punctuality": "punctuality",
    "rules": "rule",
    "calendar.from_notice": "calendar_from_notice",
}
# Inputs the typed function takes in another shape (the rest are its keyword arguments as they are).
RESHAPE: Dict[str, Callable[[Dict[str, Any]], Dict[str, Any]]] = {
    "tier": _tier_kwargs,
    "deadline": _deadline_kwargs,
    "ticket": _ticket_kwargs,
    "calendar.count_working_days": lambda i: {{"from": "start", "to": "end"}.get(k, k): v for k, v in i.items()},
}

# What plain-valued typed functions answer, in the contract's keys.
PLAIN: Dict[str, Callable[[Any], Dict[str, Any]]] = {
    "count_working_days": lambda n: {"count": n},
    "add_working_days": lambda d: {"date": d},
    "calendar_from_notice": lambda doc: doc,
}


def _typed_same(want: Any, got: Any) -> bool:
    if isinstance(want, str) and isinstance(got, dt.datetime):
        w = _instant(want)
        return w is not None and w == got
    if isinstance(want, str) and isinstance(got, dt.date):
        return want == got.isoformat()
    if isinstance(want, list) and isinstance(got, (list, tuple)):
        return len(want) == len(got) and all(_typed_same(a, b) for a, b in zip(want, got))
    if isinstance(want, dict) and isinstance(got, dict):
        return set(want) == set(got) and all(_typed_same(want[k], got[k]) for k in want)
    if isinstance(want, str) and isinstance(got, Decimal):
        return Decimal(want) == got
    return bool(want == got)


def _typed_call(vector: Dict[str, Any]) -> Tuple[str, Callable[..., Any], Dict[str, Any]]:
    name = TYPED.get(vector["op"])
    if name is None or not isinstance(vector["input"], dict):
        raise _NotExpressible(f"no typed function for {vector['op']}")
    kwargs = RESHAPE.get(vector["op"], dict)(_pythonize(vector["input"]))
    on = _runs_on(vector)
    # Module-level only: reading a notice does not depend on an engine.
    fn = getattr(on if hasattr(on, name) else guifan, name)
    try:
        inspect.signature(fn).bind(**kwargs)
    except TypeError as e:
        raise _Refused(str(e), lambda: fn(**kwargs)) from e
    return name, fn, kwargs


@pytest.mark.parametrize("vector", VECTORS)
def test_typed_api(vector: Dict[str, Any]) -> None:
    try:
        name, fn, kwargs = _typed_call(vector)
    except _Refused as why:
        if "expect_error" not in vector:
            pytest.skip(f"not expressible through the typed API: {why}")
        with pytest.raises(TypeError):
            why.call()
        return
    except _NotExpressible as why:
        pytest.skip(f"not expressible through the typed API: {why}")
    if "expect_error" in vector:
        with pytest.raises(guifan.GuifanError) as caught:
            fn(**kwargs)
        assert caught.value.kind == vector["expect_error"], caught.value
        if "expect_field" in vector:
            assert caught.value.field == vector["expect_field"], caught.value
        assert isinstance(caught.value, guifan.error_class(vector["expect_error"]))
        assert isinstance(caught.value, ValueError)
        return
    result = fn(**kwargs)
    if name in PLAIN:
        # A plain value answers only its own key (not, say, the op's rule id).
        got = PLAIN[name](result)
        expect = {k: v for k, v in vector["expect"].items() if k in got}
    else:
        expect = vector["expect"]
        got = result.to_dict()
        if vector["op"] != "rules":
            assert result.explanation.rules, "the explanation cites no rule"
    for key, want in expect.items():
        if want is None and key not in got:
            continue  # null counts as absent (a provisional flag shows only when set)
        assert key in got, f"{key} missing from {got}"
        assert _typed_same(want, got[key]), f"{key}: want {want!r}, got {got[key]!r}"


@pytest.mark.parametrize(
    "vector", [v for v in VECTORS if v.values[0]["op"] in ("points.merge", "points.redeem")]
)
def test_points_ledger_agrees(vector: Any) -> None:
    """The ledger (merge / earn, then balance / redeem) agrees with the contract's points ops."""
    i = _pythonize(vector["input"])
    known = {"points.merge": {"customer_id", "as_of", "accounts"}, "points.redeem": {"lots", "as_of", "points", "frozen"}}
    if not isinstance(i, dict) or not set(i) <= known[vector["op"]]:
        pytest.skip("input is not an object of the op's fields")
    if not isinstance(i.get("frozen", False), (bool, type(None))):
        pytest.skip("frozen is not a boolean")
    try:
        if vector["op"] == "points.merge":
            ledger = guifan.PointsLedger(i["customer_id"])
            ledger.balance(i["as_of"])  # the op reads as_of before the accounts
            ledger.merge(i["accounts"])
            got = ledger.balance(i["as_of"]).to_dict()
        else:
            ledger = guifan.PointsLedger("customer")
            ledger.earn(i["lots"])
            got = ledger.redeem(i["as_of"], i["points"], bool(i.get("frozen") or False)).to_dict()
    except (KeyError, TypeError, AttributeError) as e:
        pytest.skip(f"not expressible through the ledger: {e!r}")
    except guifan.GuifanError as e:
        assert vector.get("expect_error") == e.kind, f"ledger raised {e.kind}: {e}"
        return
    assert "expect" in vector, f"ledger accepted what the contract refuses: {got}"
    for key, want in vector["expect"].items():
        if key == "rule":  # the ledger is not an op of the contract and names no rule
            continue
        assert _typed_same(want, got[key]), f"{key}: want {want!r}, got {got[key]!r}"


def test_vectors_were_found() -> None:
    assert len(VECTORS) >= 30
    ops = {p.values[0]["op"] for p in VECTORS}
    assert {"tier", "deadline", "points.merge", "calendar.day"} <= ops
    files = {(p.values[0].get("pack"), p.values[0].get("calendar")) for p in VECTORS}
    assert {("packs/sample-province.json", None), ("packs/sample-province.toml", None)} <= files
    assert {(None, "calendars/2027-sample.json"), (None, "calendars/company-layer-sample.json")} <= files


def test_tickets_pauses_and_regions_run_through_the_typed_api() -> None:
    """Every ticket vector, and every deadline vector with pauses or a region, is a call of the
    typed API (none is skipped as not expressible)."""
    picked = [
        v
        for v in (p.values[0] for p in VECTORS)
        if v["op"] == "ticket"
        or (v["op"] == "deadline" and isinstance(v["input"], dict) and {"pauses", "region"} & set(v["input"]))
    ]
    assert len(picked) >= 100
    for vector in picked:
        try:
            _typed_call(vector)
        except _Refused:
            assert vector["expect_error"] == "invalid_input", vector["id"]  # refused by Python too

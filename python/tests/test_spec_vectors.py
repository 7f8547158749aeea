"""Every spec vector (spec-tests/*.json, plus the worked examples in tests/data) through
``guifan.evaluate`` as a dict and as JSON text, and through the typed API where one exists.
New vector files are picked up automatically."""

from __future__ import annotations

import datetime as dt
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


def _dumps(value: Any) -> str:
    """JSON text with Decimals written as the numbers they hold."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(k)}:{_dumps(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(_dumps(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def _instant(text: str) -> Optional[dt.datetime]:
    if not _RFC3339.match(text):
        return None
    try:
        return guifan._results.parse_instant(text)
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
    answer = guifan.evaluate(request)
    _check_answer(vector, answer)
    # Asking for the explanation changes nothing else.
    explained = guifan.evaluate({**request, "explain": True})
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
    _check_answer(vector, guifan.evaluate(text))


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


def _tier_call(i: Dict[str, Any]) -> Any:
    customer = i.get("customer")
    if not isinstance(customer, dict):
        raise _NotExpressible("customer is not an object")
    rest = {k: v for k, v in i.items() if k != "customer"}
    if set(customer) & set(rest):
        raise _NotExpressible("customer keys clash with top-level keys")
    return guifan.tier, {**customer, **rest}


def _renamed(fn: Callable[..., Any], names: Dict[str, str]) -> Callable[[Dict[str, Any]], Any]:
    return lambda i: (fn, {names.get(k, k): v for k, v in i.items()})


class _NotExpressible(Exception):
    pass


TYPED: Dict[str, Callable[[Dict[str, Any]], Tuple[Callable[..., Any], Dict[str, Any]]]] = {
    "tier": _tier_call,
    "review": lambda i: (guifan.review, i),
    "status": lambda i: (guifan.status, i),
    "points.merge": lambda i: (guifan.merge_points, i),
    "points.redeem": lambda i: (guifan.redeem_points, i),
    "deadline": lambda i: (guifan.deadline, i),
    "calendar.day": lambda i: (guifan.calendar_day, i),
    "calendar.count_working_days": _renamed(guifan.count_working_days, {"from": "start", "to": "end"}),
    "calendar.add_working_days": lambda i: (guifan.add_working_days, i),
    "notify": lambda i: (guifan.notify_window, i),
    "cutover": lambda i: (guifan.cutover, i),
    "dunning": lambda i: (guifan.dunning, i),
    "punctuality": lambda i: (guifan.punctuality, i),
    "rules": lambda i: (guifan.rule, i),
}

# What plain-valued typed functions answer, in the contract's keys.
PLAIN = {
    guifan.count_working_days: lambda n: {"count": n},
    guifan.add_working_days: lambda d: {"date": d},
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


def _typed_call(vector: Dict[str, Any]) -> Tuple[Callable[..., Any], Dict[str, Any]]:
    adapter = TYPED.get(vector["op"])
    if adapter is None or not isinstance(vector["input"], dict):
        raise _NotExpressible(f"no typed function for {vector['op']}")
    fn, kwargs = adapter(_pythonize(vector["input"]))
    try:
        inspect.signature(fn).bind(**kwargs)
    except TypeError as e:
        raise _NotExpressible(str(e)) from e
    return fn, kwargs


@pytest.mark.parametrize("vector", VECTORS)
def test_typed_api(vector: Dict[str, Any]) -> None:
    try:
        fn, kwargs = _typed_call(vector)
    except _NotExpressible as why:
        pytest.skip(f"not expressible through the typed API: {why}")
    if "expect_error" in vector:
        with pytest.raises(guifan.GuifanError) as caught:
            fn(**kwargs)
        assert caught.value.kind == vector["expect_error"], caught.value
        assert isinstance(caught.value, guifan.error_class(vector["expect_error"]))
        assert isinstance(caught.value, ValueError)
        return
    result = fn(**kwargs)
    if fn in PLAIN:
        # A plain value answers only its own key (not, say, the op's rule id).
        got = PLAIN[fn](result)
        expect = {k: v for k, v in vector["expect"].items() if k in got}
    else:
        expect = vector["expect"]
        got = result.to_dict()
        if vector["op"] != "rules":
            assert result.explanation.rules, "the explanation cites no rule"
    for key, want in expect.items():
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

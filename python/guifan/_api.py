"""The typed functions. Each builds the ``evaluate`` input of its op from Python values, has the
Rust core answer it, and wraps the output in a result object. Nothing here decides a rule."""

from __future__ import annotations

import datetime as _dt
import os
from decimal import Decimal
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple, Union, overload

from . import _guifan as _native
from . import _results as r
from ._errors import InvalidInput
from ._results import (
    Cutover,
    Day,
    Deadline,
    Dunning,
    Explanation,
    NotifyWindow,
    PointsBalance,
    PointsChange,
    Punctuality,
    Redemption,
    Result,
    ReviewResult,
    Rule,
    StatusResult,
    TierResult,
)

Money = Union[Decimal, int, float, str]
"""An amount: ``Decimal``, ``int`` or ``str`` read exactly; a ``float`` read through its repr."""
Instant = Union[_dt.datetime, str]
"""A ``datetime`` (naive = Beijing wall time, aware = converted) or an RFC 3339 string."""
DateLike = Union[_dt.date, str]
"""A ``date`` or ``YYYY-MM-DD``."""

__all__ = [
    "Money",
    "Instant",
    "DateLike",
    "evaluate",
    "tier",
    "review",
    "status",
    "deadline",
    "calendar_day",
    "is_working_day",
    "add_working_days",
    "count_working_days",
    "notify_window",
    "cutover",
    "dunning",
    "punctuality",
    "merge_points",
    "redeem_points",
    "rule",
    "rules",
    "explain",
    "load_calendar",
    "reset_calendar",
    "known_years",
    "PointsLedger",
]


def evaluate(request: Union[Mapping[str, Any], str]) -> Dict[str, Any]:
    """Answers one request of the JSON contract (VECTORS.md): ``{"op": ..., "input": {...}}``
    (optionally ``"explain": True``), as a dict or JSON text.

    The answer is the op's output object with JSON values (instants as RFC 3339 strings at
    +08:00, money as decimal strings), or ``{"error": {"kind", "message", "field", "value"}}``.
    Errors are answered as data, never raised. Python values in the request are read as the
    typed functions read them: ``Decimal``, ``int`` and ``float`` (through its repr) as numbers,
    ``date`` and ``datetime`` as their ISO text (naive = Beijing time).
    """
    return _native.evaluate(request)  # type: ignore[no-any-return]


def _run(op: str, input: Dict[str, Any]) -> Tuple[Dict[str, Any], r._Origin]:
    calendar = _native.calendar()
    out = _native.call(op, input, False, calendar)
    return out, r._Origin(op, input, calendar)


def _drop_none(**fields: Any) -> Dict[str, Any]:
    return {k: v for k, v in fields.items() if v is not None}


def _mapping(value: Any, field: str) -> Dict[str, Any]:
    if isinstance(value, Mapping):
        return dict(value)
    raise InvalidInput(
        f"invalid {field}: {value!r} (expected a mapping)", field=field, value=repr(value)
    )


# --- tiers -----------------------------------------------------------------------------------


def _tier_input(
    *,
    kind: Optional[str] = None,
    brand: Optional[str] = None,
    annual_spend: Optional[Money] = None,
    annual_revenue: Optional[Money] = None,
    rank: Optional[str] = None,
    package: Optional[Mapping[str, Any]] = None,
    monthly_fee: Optional[Money] = None,
    subscribed_on: Optional[DateLike] = None,
    rating_year: Optional[int] = None,
) -> Dict[str, Any]:
    customer = _drop_none(
        kind=kind, brand=brand, annual_spend=annual_spend, annual_revenue=annual_revenue, rank=rank
    )
    input: Dict[str, Any] = {"customer": customer}
    if package is not None:
        if monthly_fee is not None or subscribed_on is not None:
            raise InvalidInput(
                "invalid package: give package or monthly_fee/subscribed_on, not both",
                field="package",
                value="given twice",
            )
        input["package"] = _mapping(package, "package")
    elif monthly_fee is not None or subscribed_on is not None:
        input["package"] = _drop_none(monthly_fee=monthly_fee, subscribed_on=subscribed_on)
    if rating_year is not None:
        input["rating_year"] = rating_year
    return input


def tier(
    *,
    kind: Optional[str] = None,
    brand: Optional[str] = None,
    annual_spend: Optional[Money] = None,
    annual_revenue: Optional[Money] = None,
    rank: Optional[str] = None,
    package: Optional[Mapping[str, Any]] = None,
    monthly_fee: Optional[Money] = None,
    subscribed_on: Optional[DateLike] = None,
    rating_year: Optional[int] = None,
) -> TierResult:
    """Rates a customer (TIER.*).

    Personal customers (the default ``kind``) by ``brand`` (``e_home``, ``tianyi``, ``other``)
    on ``annual_spend``; ``kind="enterprise"`` on ``annual_revenue``; ``kind="government"`` by
    ``rank`` (``bureau``, ``division``, ``section``, ``none``). The package basis
    (TIER.PACKAGE) takes ``monthly_fee`` and ``subscribed_on`` (or ``package={...}``) and
    ``rating_year``.

    >>> guifan.tier(brand="e_home", annual_spend=Decimal("3359.99")).tier
    'gold'
    """
    input = _tier_input(
        kind=kind,
        brand=brand,
        annual_spend=annual_spend,
        annual_revenue=annual_revenue,
        rank=rank,
        package=package,
        monthly_fee=monthly_fee,
        subscribed_on=subscribed_on,
        rating_year=rating_year,
    )
    return r.tier_result(*_run("tier", input))


def _current(current: Mapping[str, Any]) -> Dict[str, Any]:
    current = _mapping(current, "current")
    if "customer" in current:  # the contract's own shape (copied: results keep their inputs)
        return {k: dict(v) if isinstance(v, Mapping) else v for k, v in current.items()}
    return _tier_input(**current)


def _review_input(
    previous_tier: str,
    current: Mapping[str, Any],
    override: Union[Mapping[str, Any], Tuple[str, str], None],
) -> Dict[str, Any]:
    input: Dict[str, Any] = {"previous_tier": previous_tier, "current": _current(current)}
    if override is not None:
        if isinstance(override, tuple):
            tier_, approval_ref = override
            input["override"] = {"tier": tier_, "approval_ref": approval_ref}
        else:
            input["override"] = _mapping(override, "override")
    return input


def review(
    *,
    previous_tier: str,
    current: Mapping[str, Any],
    override: Union[Mapping[str, Any], Tuple[str, str], None] = None,
) -> ReviewResult:
    """The yearly review (TIER.REVIEW) with an optional approved override (TIER.OVERRIDE).

    ``current`` holds the keyword arguments of :func:`tier` (or the contract's
    ``{"customer": {...}}`` shape); ``override`` is ``{"tier", "approval_ref"}`` or a
    ``(tier, approval_ref)`` pair.
    """
    return r.review_result(*_run("review", _review_input(previous_tier, current, override)))


# --- status and points -----------------------------------------------------------------------


def _status_input(
    as_of: DateLike,
    lines: Sequence[Mapping[str, Any]],
    cancel_requested: Optional[bool],
    card_expires_on: Optional[DateLike],
    misconduct: Optional[bool],
) -> Dict[str, Any]:
    input = _drop_none(
        as_of=as_of, cancel_requested=cancel_requested, card_expires_on=card_expires_on, misconduct=misconduct
    )
    input["lines"] = [_mapping(line, f"lines[{i}]") for i, line in enumerate(lines)]
    return input


def status(
    *,
    as_of: DateLike,
    lines: Sequence[Mapping[str, Any]],
    cancel_requested: Optional[bool] = None,
    card_expires_on: Optional[DateLike] = None,
    misconduct: Optional[bool] = None,
) -> StatusResult:
    """Membership status on ``as_of`` (STATUS.*): ``lines`` are mappings with ``id``, ``active``
    (default True), ``arrears_since`` and ``reminded``."""
    return r.status_result(*_run("status", _status_input(as_of, lines, cancel_requested, card_expires_on, misconduct)))


def _lots(lots: Sequence[Mapping[str, Any]], field: str) -> List[Dict[str, Any]]:
    return [_mapping(lot, f"{field}[{i}]") for i, lot in enumerate(lots)]


def _accounts(accounts: Sequence[Mapping[str, Any]]) -> List[Dict[str, Any]]:
    out = []
    for i, account in enumerate(accounts):
        a = _mapping(account, f"accounts[{i}]")
        if isinstance(a.get("lots"), (list, tuple)):
            a["lots"] = _lots(a["lots"], f"accounts[{i}].lots")
        out.append(a)
    return out


def merge_points(*, customer_id: str, as_of: DateLike, accounts: Sequence[Mapping[str, Any]]) -> PointsBalance:
    """Merges the accounts of one customer (POINTS.MERGE) and sums them on ``as_of``.

    Each account is ``{"account_id", "customer_id", "lots": [...]}``; each lot is ``{"id",
    "points", "earned_on", "expires_on" (optional), "kind": "regular" | "promotional"}``.
    """
    input = {"customer_id": customer_id, "as_of": as_of, "accounts": _accounts(accounts)}
    return r.balance_result(*_run("points.merge", input))


def redeem_points(
    *, lots: Sequence[Mapping[str, Any]], as_of: DateLike, points: int, frozen: Optional[bool] = None
) -> Redemption:
    """Redeems ``points`` from ``lots`` on ``as_of`` (POINTS.REDEEM_ORDER, POINTS.FROZEN)."""
    input = _drop_none(as_of=as_of, points=points, frozen=frozen)
    input["lots"] = _lots(lots, "lots")
    return r.redemption_result(*_run("points.redeem", input))


class PointsLedger:
    """A customer's points over time (POINTS.*): merge accounts, earn lots, redeem, and query
    the balance and the history of changes. Failed calls change nothing.

    >>> ledger = guifan.PointsLedger("c1")
    >>> ledger.earn([{"id": "p1", "points": 100, "earned_on": date(2025, 1, 10),
    ...               "expires_on": date(2025, 3, 31), "kind": "promotional"}])
    >>> ledger.redeem(date(2025, 3, 1), 30).remaining
    70
    """

    __slots__ = ("_inner",)

    def __init__(self, customer_id: str) -> None:
        self._inner = _native.PointsLedger(customer_id)

    @property
    def customer_id(self) -> str:
        """The customer the ledger belongs to."""
        return self._inner.customer_id

    def merge(self, accounts: Sequence[Mapping[str, Any]]) -> None:
        """Merges accounts of the customer (POINTS.MERGE): a lot seen twice counts once; an
        account of another customer or the same lot id with other content is an error."""
        self._inner.merge(_accounts(accounts))

    def earn(self, lots: Sequence[Mapping[str, Any]]) -> None:
        """Adds earned lots (earning continues while frozen, POINTS.FROZEN)."""
        self._inner.earn(_lots(lots, "lots"))

    def balance(self, as_of: DateLike) -> PointsBalance:
        """Spendable and expired points on ``as_of``, after the redemptions so far."""
        return r.balance_result(self._inner.balance(as_of), None)

    def redeem(self, on: DateLike, points: int, frozen: bool = False) -> Redemption:
        """Redeems ``points`` on ``on``, soonest-expiring lots first (POINTS.REDEEM_ORDER);
        redemptions are recorded in date order."""
        return r.redemption_result(self._inner.redeem(on, points, frozen), None)

    def history(self, start: DateLike, end: DateLike) -> Tuple[PointsChange, ...]:
        """Every change from ``start`` to ``end``, both included, in date order (POINTS.HISTORY)."""
        return tuple(r.change_result(c) for c in self._inner.history(start, end))

    def __repr__(self) -> str:
        return f"PointsLedger(customer_id={self.customer_id!r})"


# --- deadlines and the calendar --------------------------------------------------------------


def _deadline_input(
    start: Instant,
    rule: Optional[str],
    area: Optional[str],
    clock: Optional[str],
    amount: Optional[int],
    done: Optional[Instant],
) -> Dict[str, Any]:
    return _drop_none(start=start, rule=rule, area=area, clock=clock, amount=amount, done=done)


def deadline(
    *,
    start: Instant,
    rule: Optional[str] = None,
    area: Optional[str] = None,
    clock: Optional[str] = None,
    amount: Optional[int] = None,
    done: Optional[Instant] = None,
) -> Deadline:
    """The deadline of work started at ``start``: by a ``rule`` (SLA.*, with ``area`` urban or
    rural where the rule has one) or by a free ``clock`` (clock_hours, calendar_days,
    working_days, working_minutes) and a whole ``amount``. With ``done``, ``met`` tells whether
    it was done at or before the due instant (INTERP.ONTIME).

    >>> guifan.deadline(rule="SLA.COMPLAINT.ORDINARY", start=datetime(2025, 9, 30, 10)).due
    datetime.datetime(2025, 10, 12, 0, 0, tzinfo=datetime.timezone(datetime.timedelta(seconds=28800)))
    """
    return r.deadline_result(*_run("deadline", _deadline_input(start, rule, area, clock, amount, done)))


def calendar_day(date: DateLike) -> Day:
    """What the calendar knows about ``date``: working day, make-up working day, holiday and its
    name (INTERP.CALENDAR)."""
    out, origin = _run("calendar.day", {"date": date})
    day = date if isinstance(date, _dt.date) and not isinstance(date, _dt.datetime) else r.parse_date(str(date))
    return r.day_result(out, day, origin)


def is_working_day(date: DateLike) -> bool:
    """Whether ``date`` is a working day of the official schedule; a year without a known
    schedule raises :class:`CalendarYearUnknown`."""
    out, _ = _run("calendar.day", {"date": date})
    return bool(out["working_day"])


def add_working_days(date: DateLike, days: int) -> _dt.date:
    """The ``days``-th working day after ``date`` (``date`` itself not counted, INTERP.PERIODS);
    negative ``days`` count backwards."""
    out, _ = _run("calendar.add_working_days", {"date": date, "days": days})
    return r.parse_date(out["date"])


def count_working_days(start: DateLike, end: DateLike) -> int:
    """Working days from ``start`` to ``end``, both included (0 when ``end`` is earlier)."""
    out, _ = _run("calendar.count_working_days", {"from": start, "to": end})
    return int(out["count"])


def notify_window(at: Instant, region: Optional[str] = None) -> NotifyWindow:
    """May a call or SMS reminder go out at ``at`` (NOTIFY.WINDOW)? ``region`` is ``default``,
    ``xinjiang`` or ``tibet`` (windows two hours later)."""
    return r.notify_result(*_run("notify", _drop_none(at=at, region=region)))


def cutover(*, start: Instant, outage_hours: Money, key_customers: bool) -> Cutover:
    """What planned work that stops service needs (SLA.CUTOVER): approval, or notice 72 hours
    before ``start``."""
    input = {"start": start, "outage_hours": outage_hours, "key_customers": key_customers}
    return r.cutover_result(*_run("cutover", input))


def dunning(arrears_count: int) -> Dunning:
    """Whether recorded voice calls may chase the ``arrears_count``-th arrears (DUNNING.CHANNEL)."""
    return r.dunning_result(*_run("dunning", {"arrears_count": arrears_count}))


def punctuality(*, agreed: Instant, arrived: Instant) -> Punctuality:
    """Whether a technician arriving at ``arrived`` kept the ``agreed`` time
    (SLA.APPOINTMENT.PUNCTUAL: within 10 minutes either way)."""
    return r.punctuality_result(*_run("punctuality", {"agreed": agreed, "arrived": arrived}))


def rule(id: str) -> Rule:
    """The catalogue entry of a rule id: document, clause, original words, summary, params."""
    out, _ = _run("rules", {"id": id})
    return Rule._from_json(out)


def rules() -> Tuple[Rule, ...]:
    """Every catalogued rule, in RULES.md order."""
    out, _ = _run("rules", {})
    return tuple(Rule._from_json(x) for x in out["rules"])


# --- explanations ----------------------------------------------------------------------------

_INPUTS: Dict[str, Callable[..., Tuple[str, Dict[str, Any]]]] = {
    "tier": lambda **kw: ("tier", _tier_input(**kw)),
    "review": lambda *, previous_tier, current, override=None: (
        "review",
        _review_input(previous_tier, current, override),
    ),
    "status": lambda *, as_of, lines, cancel_requested=None, card_expires_on=None, misconduct=None: (
        "status",
        _status_input(as_of, lines, cancel_requested, card_expires_on, misconduct),
    ),
    "deadline": lambda *, start, rule=None, area=None, clock=None, amount=None, done=None: (
        "deadline",
        _deadline_input(start, rule, area, clock, amount, done),
    ),
    "merge_points": lambda *, customer_id, as_of, accounts: (
        "points.merge",
        {"customer_id": customer_id, "as_of": as_of, "accounts": _accounts(accounts)},
    ),
    "redeem_points": lambda *, lots, as_of, points, frozen=None: (
        "points.redeem",
        dict(_drop_none(as_of=as_of, points=points, frozen=frozen), lots=_lots(lots, "lots")),
    ),
    "calendar_day": lambda date: ("calendar.day", {"date": date}),
    "is_working_day": lambda date: ("calendar.day", {"date": date}),
    "add_working_days": lambda date, days: ("calendar.add_working_days", {"date": date, "days": days}),
    "count_working_days": lambda start, end: ("calendar.count_working_days", {"from": start, "to": end}),
    "notify_window": lambda at, region=None: ("notify", _drop_none(at=at, region=region)),
    "cutover": lambda *, start, outage_hours, key_customers: (
        "cutover",
        {"start": start, "outage_hours": outage_hours, "key_customers": key_customers},
    ),
    "dunning": lambda arrears_count: ("dunning", {"arrears_count": arrears_count}),
    "punctuality": lambda *, agreed, arrived: ("punctuality", {"agreed": agreed, "arrived": arrived}),
}


@overload
def explain(subject: Result) -> Explanation: ...


@overload
def explain(subject: str, *args: Any, **kwargs: Any) -> Explanation: ...


def explain(subject: Union[Result, str], *args: Any, **kwargs: Any) -> Explanation:
    """The rules and steps behind a result.

    ``explain(result)`` explains a result object; ``explain("deadline", rule=..., start=...)``
    explains a call of a typed function (any of ``tier``, ``review``, ``status``, ``deadline``,
    ``merge_points``, ``redeem_points``, ``calendar_day``, ``is_working_day``,
    ``add_working_days``, ``count_working_days``, ``notify_window``, ``cutover``, ``dunning``,
    ``punctuality``) with the same arguments, including those that return plain values.
    """
    if isinstance(subject, Result):
        if args or kwargs:
            raise TypeError("explain(result) takes no further arguments")
        return subject.explanation
    build = _INPUTS.get(subject)
    if build is None:
        raise InvalidInput(
            f"invalid function {subject!r}; accepted: {', '.join(_INPUTS)}",
            field="function",
            value=str(subject),
        )
    op, input = build(*args, **kwargs)
    out = _native.call(op, input, True, _native.calendar())
    return Explanation._from_json(out.get("explanation") or {})


# --- calendars -------------------------------------------------------------------------------


def load_calendar(source: Union[str, "os.PathLike[str]", bytes, Mapping[str, Any]]) -> Tuple[int, ...]:
    """Adds or replaces years of the working-day calendar every function uses, from a calendar
    document in the format of the built-in data (``{"years": {"2027": {"holidays": [...],
    "makeup_workdays": [...]}}}``): a dict, JSON text, or the path of a JSON file. Returns the
    years loaded. A document with any problem raises and changes nothing.
    """
    document: Union[str, Mapping[str, Any]]
    if isinstance(source, Mapping):
        document = source
    elif isinstance(source, bytes):
        document = source.decode("utf-8")
    elif isinstance(source, str) and source.lstrip().startswith("{"):
        document = source
    elif isinstance(source, (str, os.PathLike)):
        with open(source, encoding="utf-8") as f:
            document = f.read()
    else:
        raise TypeError(f"load_calendar: expected a path, JSON text or a dict, got {type(source).__name__}")
    return tuple(_native.load_calendar(document))


def rule_for(incident: str, customer_class: str) -> str:
    """The deadline rule id of a ``complaint`` or ``fault`` for an ``ordinary``, ``brand`` or
    ``vip`` customer, e.g. ``rule_for("fault", "brand") == "SLA.FAULT.BRAND"``."""
    return _native.rule_for(incident, customer_class)


def reset_calendar() -> None:
    """Puts the working-day calendar back to the built-in official schedule."""
    _native.reset_calendar()


def known_years() -> Tuple[int, ...]:
    """The years whose working-day schedule is known (built in or loaded)."""
    return tuple(_native.calendar().known_years())


"""The typed API. An :class:`Engine` (rule packs and a working-day calendar) answers every
question; the module-level functions are the methods of the default engine, the way
:mod:`random`'s functions are the methods of one hidden ``Random``, so the two cannot drift.

Each method builds the ``evaluate`` input of its op from Python values, has the Rust core
answer it, and wraps the output in a result object. Nothing here decides a rule."""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
import pickle
from decimal import Decimal
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple, Type, TypeVar, Union, cast, overload

from . import _guifan as _native
from . import _results as r
from ._kinds import InvalidInput
from ._results import (
    Catalogue,
    Cutover,
    Day,
    Deadline,
    Dunning,
    Explanation,
    NotifyWindow,
    Visit,
    PackInfo,
    PackRef,
    PointsBalance,
    PointsChange,
    Punctuality,
    Redemption,
    Result,
    ReviewResult,
    Rule,
    StatusResult,
    Ticket,
    TierResult,
)

R = TypeVar("R")

Money = Union[Decimal, int, float, str]
"""An amount: ``Decimal``, ``int`` or ``str`` read exactly; a ``float`` read through its repr
(numpy's floating scalars through ``str``, at their own precision)."""
Instant = Union[_dt.datetime, str]
"""A ``datetime`` (naive = Beijing wall time, aware = converted) or an RFC 3339 string."""
DateLike = Union[_dt.date, str]
"""A ``date`` or ``YYYY-MM-DD``."""
Source = Union[str, "os.PathLike[str]", Mapping[str, Any]]
"""A rule pack or calendar document: the path of its file, or the document as a dict."""
PauseLike = Union[Tuple[Instant, Optional[Instant]], Mapping[str, Optional[Instant]]]
"""A span in which a deadline's clock stops (INTERP.PAUSE): ``(from, to)`` or ``{"from": ...,
"to": ...}``, ``[from, to)``; ``to`` None (or left out of the dict) while the pause goes on."""

__all__ = [
    "Money",
    "Instant",
    "DateLike",
    "Source",
    "PauseLike",
    "Engine",
    "evaluate",
    "tier",
    "review",
    "status",
    "deadline",
    "ticket",
    "calendar_day",
    "is_working_day",
    "add_working_days",
    "count_working_days",
    "notify_window",
    "visit",
    "cutover",
    "dunning",
    "punctuality",
    "merge_points",
    "redeem_points",
    "rule",
    "rules",
    "rule_for",
    "explain",
    "packs",
    "known_years",
    "load_calendar",
    "reset_calendar",
    "set_provisional",
    "calendar_from_notice",
    "PointsLedger",
]


# --- inputs of the contract's ops --------------------------------------------------------------


def _drop_none(**fields: Any) -> Dict[str, Any]:
    return {k: v for k, v in fields.items() if v is not None}


def _mapping(value: Any, field: str) -> Dict[str, Any]:
    if isinstance(value, Mapping):
        return dict(value)
    raise InvalidInput(
        f"invalid {field}: {value!r} (expected a mapping)", field=field, value=repr(value)
    )


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
    as_of: Optional[DateLike] = None,
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
    input.update(_drop_none(rating_year=rating_year, as_of=as_of))
    return input


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


# The typed methods whose results are built in Rust: ``explain("name", ...)`` calls them.
_NATIVE = ("deadline", "ticket")

# What ``explain("name", ...)`` asks: the op and input of each typed method, by name.
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
    "visit": lambda at, region=None, booked=None: ("visit", _drop_none(at=at, region=region, booked=booked)),
    "cutover": lambda *, start, outage_hours, key_customers: (
        "cutover",
        {"start": start, "outage_hours": outage_hours, "key_customers": key_customers},
    ),
    "dunning": lambda arrears_count: ("dunning", {"arrears_count": arrears_count}),
    "punctuality": lambda *, agreed, arrived: ("punctuality", {"agreed": agreed, "arrived": arrived}),
}


_Document = Tuple[Optional[str], Any]


def _documents(source: Union[Source, Sequence[Source]], what: str) -> List[_Document]:
    """``(origin, document)`` pairs for the native engine: a file's text (the core tells a JSON
    pack from a TOML one) under its path, which heads the message of its errors, or a dict."""
    items = list(source) if isinstance(source, (list, tuple)) else [source]
    out: List[_Document] = []
    for i, item in enumerate(items):
        if isinstance(item, Mapping):
            out.append((f"{what}[{i}]" if len(items) > 1 else None, item))
        elif isinstance(item, (str, os.PathLike)):
            path = os.fsdecode(item)
            with open(path, encoding="utf-8") as f:
                out.append((path, f.read()))
        else:
            raise TypeError(f"{what}: expected a path or a dict, got {type(item).__name__}")
    return out


# --- engines -----------------------------------------------------------------------------------


class Engine:
    """Rule packs and a working-day calendar: what every question is answered on.

    ``pack`` is the path of a pack file (JSON or TOML), a pack as a dict, or a list of them:
    several packs, each in force from its ``effective_from``, answer by the date asked about (a
    deadline by its start, a tier by ``as_of``). None: the built-in pack. ``calendar`` is the
    path of a calendar file, a dict, or a list of them, loaded in order on top of the built-in
    calendar: national years (next year's schedule) or layers with an ``overlay`` name (a
    company's closure days). An invalid pack raises :class:`InvalidInput` listing every problem
    in ``.problems``; nothing is guessed. With ``provisional=True``, a year without a published
    schedule (2025–2100) is answered provisionally from the statutory holidays of
    全国年节及纪念日放假办法 (INTERP.PROVISIONAL: no make-up working days, no 补假), and every
    result that rests on such a year says so (``provisional``, ``provisional_years``); without
    it such a year raises :class:`CalendarYearUnknown`. A loaded year replaces its provisional
    days.

    Engines are immutable and cheap to share, between threads too. They pickle as the documents
    they were built from (files already read), so another process (a Spark worker) rebuilds the
    same engine, once per process however often it is unpickled. The module-level functions
    (``guifan.deadline`` …) are the methods of the default engine: the built-in pack on the
    built-in calendar plus what :func:`load_calendar` added.

    >>> sample = guifan.Engine(pack="spec-tests/packs/sample-province.toml")
    >>> sample.tier(brand="e_home", annual_spend=3100).tier       # built in: gold below 3360
    'diamond'
    >>> str(sample.tier(brand="e_home", annual_spend=3100).pack)
    'sample-province 1.0'
    """

    __slots__ = ("_engine", "_sources")

    def __init__(
        self,
        pack: Union[Source, Sequence[Source], None] = None,
        calendar: Union[Source, Sequence[Source], None] = None,
        *,
        provisional: bool = False,
    ) -> None:
        packs = None if pack is None else _documents(pack, "pack")
        self._build(packs, [] if calendar is None else _documents(calendar, "calendar"), provisional)

    def _build(self, packs: Optional[List[_Document]], calendars: List[_Document], provisional: bool = False) -> None:
        if not isinstance(provisional, bool):
            raise TypeError(f"provisional: expected True or False, got {type(provisional).__name__}")
        self._engine = _native.Engine(packs, calendars, provisional)
        self._sources = (packs, calendars, provisional)

    def __reduce__(self) -> Union[str, Tuple[Any, ...]]:
        return (_rebuilt, self._sources)

    def _current(self) -> _native.Engine:
        """The native engine answering now."""
        return self._engine

    def _engine_arg(self) -> Optional[_native.Engine]:
        """The native engine for calls that take one; None asks for the default engine."""
        return self._engine

    def _result(self, kind: Type[R], op: str, input: Dict[str, Any]) -> R:
        """The ``kind`` of result the core's ``op`` answers on ``input``, with its explanation."""
        return cast(R, _native.result(op, input, self._current()))

    def packs(self) -> Tuple[PackInfo, ...]:
        """The rule packs, in the order they take effect."""
        return self._current().packs()

    def known_years(self) -> Tuple[int, ...]:
        """The years whose working-day schedule is known (built in or loaded)."""
        return tuple(self._current().known_years())

    @property
    def provisional(self) -> bool:
        """Whether years without a published schedule are answered provisionally."""
        return self._current().provisional

    def sources(self, year: int) -> Tuple[str, ...]:
        """Where the schedule of ``year`` comes from: the notice it was read from (title, number
        and date), then each notice that amended it, in the order loaded; empty for a year
        loaded without a ``source`` or not known."""
        return tuple(self._current().sources(year))

    def unknown_year_ahead(self, today: Optional[DateLike] = None) -> Optional[int]:
        """The year to load before it is asked about, on ``today`` (default: today in Beijing):
        this year when its schedule is unknown, else next year when it is unknown and its
        1 January at most 60 days away; None otherwise."""
        found = self._current().unknown_year_ahead(_today() if today is None else today)
        return None if found is None else found[0]

    def __repr__(self) -> str:
        engine = self._current()
        packs = ", ".join(f"{p.name} {p.version}" for p in self.packs())
        years = self.known_years()
        head = f"<guifan.Engine packs=[{packs}] years={years[0]}–{years[-1]}"
        if engine.provisional:
            head += " provisional=True"
        lines = [head]
        for year in years:
            sources = engine.sources(year)
            lines.append(f"  {year}: {'; '.join(sources) if sources else 'no source given'}")
        ahead = engine.unknown_year_ahead(_today())
        if ahead is not None:
            year, days = ahead
            when = f"started {-days} days ago" if days <= 0 else f"starts in {days} days"
            answer = (
                "answered provisionally (statutory holidays only)"
                if engine.provisional and 2025 <= year <= 2100
                else "working-day questions about it raise CalendarYearUnknown"
            )
            lines.append(
                f"  warning: {year} {when} and its schedule is not known: {answer}; load it with "
                f"guifan.load_calendar(guifan.calendar_from_notice(text)) or Engine(calendar=...)"
            )
        return "\n".join(lines) + ">"

    def evaluate(self, request: Union[Mapping[str, Any], str]) -> Dict[str, Any]:
        """Answers one request of the JSON contract (VECTORS.md): ``{"op": ..., "input": {...}}``
        (optionally ``"explain": True``), as a dict or JSON text.

        The answer is the op's output object with JSON values (instants as RFC 3339 strings at
        +08:00, money as decimal strings), or ``{"error": {"kind", "message", "field", "value"}}``
        (plus ``problems`` for an invalid pack). Errors are answered as data, never raised.
        Python values in the request are read as the typed functions read them: ``Decimal``,
        ``int`` and ``float`` (through its repr) as numbers, ``date`` and ``datetime`` as their
        ISO text (naive = Beijing time).
        """
        return _native.evaluate(request, self._current())  # type: ignore[no-any-return]

    # --- tiers ---------------------------------------------------------------------------------

    def tier(
        self,
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
        as_of: Optional[DateLike] = None,
    ) -> TierResult:
        """Rates a customer (TIER.*) on the tables of the pack in force on ``as_of`` (the latest
        pack without it).

        Personal customers (the default ``kind``) by ``brand`` (a brand of the pack; built in:
        ``e_home``, ``tianyi``, ``other``) on ``annual_spend``; ``kind="enterprise"`` on
        ``annual_revenue``; ``kind="government"`` by ``rank`` (built in: ``bureau``,
        ``division``, ``section``, ``none``). The package basis (TIER.PACKAGE) takes
        ``monthly_fee`` and ``subscribed_on`` (or ``package={...}``) and ``rating_year``.

        >>> guifan.tier(brand="e_home", annual_spend=Decimal("3359.99")).tier
        'gold'
        """
        return _native.tier(
            kind=kind,
            brand=brand,
            annual_spend=annual_spend,
            annual_revenue=annual_revenue,
            rank=rank,
            package=package,
            monthly_fee=monthly_fee,
            subscribed_on=subscribed_on,
            rating_year=rating_year,
            as_of=as_of,
            engine=self._engine_arg(),
        )

    def review(
        self,
        *,
        previous_tier: str,
        current: Mapping[str, Any],
        override: Union[Mapping[str, Any], Tuple[str, str], None] = None,
    ) -> ReviewResult:
        """The yearly review (TIER.REVIEW) with an optional approved override (TIER.OVERRIDE).

        ``current`` holds the keyword arguments of :meth:`tier` (or the contract's
        ``{"customer": {...}}`` shape); ``override`` is ``{"tier", "approval_ref"}`` or a
        ``(tier, approval_ref)`` pair.
        """
        return self._result(ReviewResult, "review", _review_input(previous_tier, current, override))

    # --- status and points ---------------------------------------------------------------------

    def status(
        self,
        *,
        as_of: DateLike,
        lines: Sequence[Mapping[str, Any]],
        cancel_requested: Optional[bool] = None,
        card_expires_on: Optional[DateLike] = None,
        misconduct: Optional[bool] = None,
    ) -> StatusResult:
        """Membership status on ``as_of`` (STATUS.*): ``lines`` are mappings with ``id``,
        ``active`` (default True), ``arrears_since`` and ``reminded``."""
        input = _status_input(as_of, lines, cancel_requested, card_expires_on, misconduct)
        return self._result(StatusResult, "status", input)

    def merge_points(
        self, *, customer_id: str, as_of: DateLike, accounts: Sequence[Mapping[str, Any]]
    ) -> PointsBalance:
        """Merges the accounts of one customer (POINTS.MERGE) and sums them on ``as_of``.

        Each account is ``{"account_id", "customer_id", "lots": [...]}``; each lot is ``{"id",
        "points", "earned_on", "expires_on" (optional), "kind": "regular" | "promotional"}``.
        """
        input = {"customer_id": customer_id, "as_of": as_of, "accounts": _accounts(accounts)}
        return self._result(PointsBalance, "points.merge", input)

    def redeem_points(
        self, *, lots: Sequence[Mapping[str, Any]], as_of: DateLike, points: int, frozen: Optional[bool] = None
    ) -> Redemption:
        """Redeems ``points`` from ``lots`` on ``as_of`` (POINTS.REDEEM_ORDER, POINTS.FROZEN)."""
        input = _drop_none(as_of=as_of, points=points, frozen=frozen)
        input["lots"] = _lots(lots, "lots")
        return self._result(Redemption, "points.redeem", input)

    # --- deadlines and the calendar ------------------------------------------------------------

    def deadline(
        self,
        *,
        start: Instant,
        rule: Optional[str] = None,
        area: Optional[str] = None,
        clock: Optional[str] = None,
        amount: Optional[int] = None,
        done: Optional[Instant] = None,
        pauses: Optional[Sequence[PauseLike]] = None,
        region: Optional[str] = None,
    ) -> Deadline:
        """The deadline of work started at ``start``, under the pack in force on the start's
        Beijing date: by a ``rule`` (SLA.* or the pack's own ids, with ``area`` urban or rural
        where the rule has one) or by a free ``clock`` (clock_hours, calendar_days,
        working_days, working_minutes) and a whole ``amount``. With ``done``, ``met`` tells
        whether it was done at or before the due instant (INTERP.ONTIME). ``pauses`` stop the
        clock (INTERP.PAUSE): while one is open the due may be unknown (None); ``region`` picks
        the pack's office hours for working minutes.

        >>> guifan.deadline(rule="SLA.COMPLAINT.ORDINARY", start=datetime(2025, 9, 30, 10)).due
        datetime.datetime(2025, 10, 12, 0, 0, tzinfo=datetime.timezone(datetime.timedelta(seconds=28800)))
        >>> guifan.deadline(
        ...     rule="SLA.FAULT.CONTACT", start=datetime(2025, 3, 3, 9),
        ...     pauses=[(datetime(2025, 3, 3, 10), datetime(2025, 3, 3, 12))],
        ... ).due.isoformat()
        '2025-03-03T15:00:00+08:00'
        """
        return _native.deadline(
            start=start,
            rule=rule,
            area=area,
            clock=clock,
            amount=amount,
            done=done,
            pauses=pauses,
            region=region,
            engine=self._engine_arg(),
        )

    def ticket(
        self,
        *,
        start: Instant,
        incident: Optional[str] = None,
        customer_class: Optional[str] = None,
        rules: Optional[Sequence[str]] = None,
        area: Optional[str] = None,
        region: Optional[str] = None,
        done: Optional[Mapping[str, Instant]] = None,
        pauses: Optional[Sequence[PauseLike]] = None,
        as_of: Optional[Instant] = None,
    ) -> Ticket:
        """A ticket measured against several targets at once (SLA.TICKET): the pack's policy for
        an ``incident`` (fault, complaint) of a ``customer_class`` (ordinary, brand, vip), or the
        deadline ``rules`` named. Every target starts at ``start`` and shares the ``pauses``
        (INTERP.PAUSE); ``done`` maps a finished target's rule id to when it was done. The states
        are for the instant ``as_of``, required unless every target is done.

        >>> t = guifan.ticket(
        ...     start=datetime(2025, 3, 3, 9), incident="fault", customer_class="ordinary",
        ...     done={"SLA.FAULT.CONTACT": datetime(2025, 3, 3, 10)},
        ...     pauses=[(datetime(2025, 3, 3, 12), datetime(2025, 3, 3, 18))],
        ...     as_of=datetime(2025, 3, 4, 9),
        ... )
        >>> t.state, [(x.rule, x.state) for x in t.targets]
        ('running', [('SLA.FAULT.CONTACT', 'met'), ('SLA.FAULT.ORDINARY', 'running')])
        >>> t.targets[1].due.isoformat(), t.targets[1].remaining
        ('2025-03-04T15:00:00+08:00', datetime.timedelta(seconds=21600))
        """
        return _native.ticket(
            start=start,
            incident=incident,
            customer_class=customer_class,
            rules=rules,
            area=area,
            region=region,
            done=done,
            pauses=pauses,
            as_of=as_of,
            engine=self._engine_arg(),
        )

    def rule_for(self, incident: str, customer_class: str, on: Optional[DateLike] = None) -> str:
        """The deadline rule id of a ``complaint`` or ``fault`` for an ``ordinary``, ``brand``
        or ``vip`` customer in the pack in force on ``on`` (the latest pack without it), e.g.
        ``rule_for("fault", "brand") == "SLA.FAULT.BRAND"``."""
        return _native.rule_for(incident, customer_class, on, self._current())

    def calendar_day(self, date: DateLike) -> Day:
        """What the calendar knows about ``date``: working day, make-up working day, holiday and
        its name (INTERP.CALENDAR)."""
        return self._result(Day, "calendar.day", {"date": date})

    def is_working_day(self, date: DateLike) -> bool:
        """Whether ``date`` is a working day of the calendar; a year without a known schedule
        raises :class:`CalendarYearUnknown`."""
        return _native.calendar_is_working_day(date, self._engine_arg())

    def add_working_days(self, date: DateLike, days: int) -> _dt.date:
        """The ``days``-th working day after ``date`` (``date`` itself not counted,
        INTERP.PERIODS); negative ``days`` count backwards."""
        return _native.calendar_add_working_days(date, days, self._engine_arg())

    def count_working_days(self, start: DateLike, end: DateLike) -> int:
        """Working days from ``start`` to ``end``, both included (0 when ``end`` is earlier)."""
        return _native.calendar_count_working_days(start, end, self._engine_arg())

    def notify_window(self, at: Instant, region: Optional[str] = None) -> NotifyWindow:
        """May a call or SMS reminder go out at ``at`` (NOTIFY.WINDOW), under the pack in force
        then? ``region`` is a region of the pack (built in: ``default``, ``xinjiang`` or
        ``tibet``, whose windows are two hours later)."""
        return self._result(NotifyWindow, "notify", _drop_none(at=at, region=region))

    def visit(self, at: Instant, region: Optional[str] = None, booked: Optional[Instant] = None) -> Visit:
        """May a technician call at a home at ``at`` (VISIT.WINDOW: the pack's on-site hours,
        built in 08:00–20:00), under the pack in force then? With ``booked``, the instant the
        installation was booked, a visit must also wait the pack's hours after it (built in 24)."""
        return self._result(Visit, "visit", _drop_none(at=at, region=region, booked=booked))

    def cutover(self, *, start: Instant, outage_hours: Money, key_customers: bool) -> Cutover:
        """What planned work that stops service needs (SLA.CUTOVER): approval, or notice 72 hours
        before ``start``."""
        input = {"start": start, "outage_hours": outage_hours, "key_customers": key_customers}
        return self._result(Cutover, "cutover", input)

    def dunning(self, arrears_count: int) -> Dunning:
        """Whether recorded voice calls may chase the ``arrears_count``-th arrears
        (DUNNING.CHANNEL)."""
        return self._result(Dunning, "dunning", {"arrears_count": arrears_count})

    def punctuality(self, *, agreed: Instant, arrived: Instant) -> Punctuality:
        """Whether a technician arriving at ``arrived`` kept the ``agreed`` time
        (SLA.APPOINTMENT.PUNCTUAL: within 10 minutes either way)."""
        return self._result(Punctuality, "punctuality", {"agreed": agreed, "arrived": arrived})

    # --- the catalogue and explanations --------------------------------------------------------

    def rule(self, id: str, as_of: Optional[DateLike] = None) -> Rule:
        """The catalogue entry of a rule id as the pack in force on ``as_of`` (the latest without
        it) cites it: document, clause, original words, summary, params."""
        out = _native.call("rules", _drop_none(id=id, as_of=as_of), self._current())
        return r.rule_from_json(out)

    def rules(self, as_of: Optional[DateLike] = None) -> Catalogue:
        """Every catalogued rule as the pack in force on ``as_of`` (the latest without it) cites
        it, in RULES.md order, then the pack's own rules; ``.pack`` names the pack."""
        out = _native.call("rules", _drop_none(as_of=as_of), self._current())
        return Catalogue(tuple(r.rule_from_json(x) for x in out["rules"]), PackRef(out["pack"]["name"], out["pack"]["version"]))

    @overload
    def explain(self, subject: Union[Result, Deadline, TierResult, Ticket]) -> Explanation: ...

    @overload
    def explain(self, subject: str, *args: Any, **kwargs: Any) -> Explanation: ...

    def explain(
        self, subject: Union[Result, Deadline, TierResult, Ticket, str], *args: Any, **kwargs: Any
    ) -> Explanation:
        """The rules and steps behind a result.

        ``explain(result)`` explains a result object; ``explain("deadline", rule=..., start=...)``
        explains a call of a typed method (any of ``tier``, ``review``, ``status``,
        ``deadline``, ``ticket``, ``merge_points``, ``redeem_points``, ``calendar_day``,
        ``is_working_day``, ``add_working_days``, ``count_working_days``, ``notify_window``,
        ``cutover``, ``dunning``, ``punctuality``) with the same arguments, including those that
        return plain values.
        """
        if isinstance(subject, (Result, Deadline, TierResult, Ticket)):
            if args or kwargs:
                raise TypeError("explain(result) takes no further arguments")
            return subject.explanation
        if subject in _NATIVE:
            native: Union[Deadline, Ticket] = getattr(self, subject)(*args, **kwargs)
            return native.explanation
        build = _INPUTS.get(subject)
        if build is None:
            raise InvalidInput(
                f"invalid function {subject!r}; accepted: {', '.join([*_INPUTS, *_NATIVE])}",
                field="function",
                value=str(subject),
            )
        op, input = build(*args, **kwargs)
        return _native.explain(op, input, self._current())


def _today() -> _dt.date:
    """Today in Beijing: the day the warning about an unknown year is given on."""
    return _dt.datetime.now(r.BEIJING).date()


_REBUILT: Dict[bytes, Engine] = {}


def _rebuilt(packs: Optional[List[_Document]], calendars: List[_Document], provisional: bool = False) -> Engine:
    """An unpickled :class:`Engine`: built from its documents the first time this process sees
    them, then the same engine again (a Spark worker unpickles a query's functions per task)."""
    key = hashlib.sha256(pickle.dumps((packs, calendars, provisional), protocol=4)).digest()
    engine = _REBUILT.get(key)
    if engine is None:
        engine = Engine.__new__(Engine)
        engine._build(packs, calendars, provisional)
        engine = _REBUILT.setdefault(key, engine)
    return engine


class _DefaultEngine(Engine):
    """The engine of the module-level functions: it asks for the default engine on every call,
    so :func:`load_calendar` and :func:`reset_calendar` take effect at once."""

    __slots__ = ()

    def __init__(self) -> None:
        pass

    def _current(self) -> _native.Engine:
        return _native.default_engine()

    def _engine_arg(self) -> Optional[_native.Engine]:
        return None

    def __reduce__(self) -> Union[str, Tuple[Any, ...]]:
        return "_DEFAULT"


_DEFAULT = _DefaultEngine()


def _native_engine(engine: Optional[Engine]) -> _native.Engine:
    """The native engine of ``engine``, or the default one's as it is now (for column calls)."""
    return (_DEFAULT if engine is None else engine)._current()


evaluate = _DEFAULT.evaluate
review = _DEFAULT.review
status = _DEFAULT.status
merge_points = _DEFAULT.merge_points
redeem_points = _DEFAULT.redeem_points
# The scalar calls notebooks make in loops go to the native functions directly (engine=None: the
# default engine), without a Python frame; they take the same arguments as the methods.
deadline = _native.deadline
ticket = _native.ticket
tier = _native.tier
rule_for = _DEFAULT.rule_for
calendar_day = _DEFAULT.calendar_day
is_working_day = _native.calendar_is_working_day
add_working_days = _DEFAULT.add_working_days
count_working_days = _DEFAULT.count_working_days
notify_window = _DEFAULT.notify_window
visit = _DEFAULT.visit
cutover = _DEFAULT.cutover
dunning = _DEFAULT.dunning
punctuality = _DEFAULT.punctuality
rule = _DEFAULT.rule
rules = _DEFAULT.rules
explain = _DEFAULT.explain
packs = _DEFAULT.packs
known_years = _DEFAULT.known_years


def load_calendar(source: Union[str, "os.PathLike[str]", bytes, Mapping[str, Any]]) -> Tuple[int, ...]:
    """Adds or replaces years of the default engine's calendar, from a calendar document in the
    format of the built-in data (``{"years": {"2027": {"holidays": [...], "makeup_workdays":
    [...]}}}``; with an ``overlay`` name, a layer on top): a dict, JSON text, or the path of a
    JSON file. Returns the years loaded. A document with any problem raises and changes nothing.
    Engines built with :class:`Engine` are not affected: give them ``calendar=``.
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


def reset_calendar() -> None:
    """Puts the default engine's calendar back to the built-in official schedule, provisional
    answers off."""
    _native.reset_calendar()


def set_provisional(on: bool = True) -> None:
    """Has the default engine (the module-level functions) answer years without a published
    schedule provisionally (``True``) or raise :class:`CalendarYearUnknown` for them again
    (``False``), as ``Engine(provisional=...)`` does; see :class:`Engine`."""
    if not isinstance(on, bool):
        raise TypeError(f"set_provisional: expected True or False, got {type(on).__name__}")
    _native.set_provisional(on)


def calendar_from_notice(text: Union[str, Sequence[str]]) -> Dict[str, Any]:
    """The calendar document of a year read from the State Council's notice
    (国务院办公厅关于…年部分节假日安排的通知) as published: its text, or the texts of the notices
    for one year in publication order (a supplementary notice after the yearly one). The
    document, a dict, loads as it is: ``guifan.load_calendar(doc)``, ``Engine(calendar=doc)``,
    or saved as JSON for ``--calendar``. A text that disagrees with itself (共N天 against the
    dates, a weekday against its date, a make-up day that is not a weekend, a statutory holiday
    missing, a text cut short) raises :class:`InvalidInput` listing every problem with its line
    in ``.problems``; nothing is guessed.

    >>> doc = guifan.calendar_from_notice(open("spec-tests/notices/2026.txt", encoding="utf-8").read())
    >>> doc["years"]["2026"]["makeup_workdays"][0]["date"]
    '2026-01-04'
    """
    return _native.calendar_from_notice(text)  # type: ignore[no-any-return]


# --- the points ledger -------------------------------------------------------------------------


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
        """Spendable and expired points on ``as_of``, after the redemptions so far
        (POINTS.MERGE, with its explanation)."""
        return self._inner.balance(as_of)

    def redeem(self, on: DateLike, points: int, frozen: bool = False) -> Redemption:
        """Redeems ``points`` on ``on``, soonest-expiring lots first (POINTS.REDEEM_ORDER);
        redemptions are recorded in date order. The explanation lists the lots taken."""
        return self._inner.redeem(on, points, frozen)

    def history(self, start: DateLike, end: DateLike) -> Tuple[PointsChange, ...]:
        """Every change from ``start`` to ``end``, both included, in date order (POINTS.HISTORY);
        each change carries the rule and the explanation of the query."""
        return self._inner.history(start, end)

    def __repr__(self) -> str:
        return f"PointsLedger(customer_id={self.customer_id!r})"

"""Stubs of the native module ``guifan._guifan`` (bindings/python). Internal: use ``guifan``."""

import datetime as _dt
from decimal import Decimal
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, TypeVar, Union, final, type_check_only

_R = TypeVar("_R")

from ._results import PackInfo, PackRef, Take

__all__ = [
    "Engine",
    "PointsLedger",
    "Document",
    "Rule",
    "NoteStep",
    "DayStep",
    "Explanation",
    "Deadline",
    "deadline",
    "Ticket",
    "TicketTarget",
    "ticket",
    "TierResult",
    "tier",
    "ReviewResult",
    "StatusResult",
    "Day",
    "NotifyWindow",
    "Visit",
    "Cutover",
    "Dunning",
    "Punctuality",
    "PointsBalance",
    "Redemption",
    "PointsChange",
    "evaluate",
    "call",
    "result",
    "explain",
    "default_engine",
    "load_calendar",
    "reset_calendar",
    "set_provisional",
    "calendar_from_notice",
    "rule_for",
    "calendar_is_working_day",
    "calendar_add_working_days",
    "calendar_count_working_days",
    "deadlines",
    "check_errors",
    "counted_by",
    "rules_for",
    "tickets",
    "tiers",
    "is_working_day",
    "count_working_days",
    "add_working_days",
    "__version__",
]

__version__: str

_Document = Tuple[Optional[str], Any]

@final
class Engine:
    """Rule packs and a working-day calendar: what every call runs on."""

    def __new__(
        cls, packs: Optional[Sequence[_Document]], calendars: Sequence[_Document], provisional: bool = False
    ) -> "Engine": ...
    def packs(self) -> Tuple[PackInfo, ...]: ...
    def known_years(self) -> List[int]: ...
    @property
    def provisional(self) -> bool: ...
    def sources(self, year: int) -> List[str]: ...
    def unknown_year_ahead(self, today: Any) -> Optional[Tuple[int, int]]: ...

@final
class Document:
    """A source document of the norms (``GZ``, ``NAT`` …) or of the SDK's own decisions."""

    def __new__(cls, short: str, file: Optional[str], title: str) -> "Document": ...
    @property
    def short(self) -> str: ...
    @property
    def file(self) -> Optional[str]: ...
    @property
    def title(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __copy__(self) -> "Document": ...
    def __deepcopy__(self, memo: Any) -> "Document": ...

@final
class Rule:
    """A catalogued rule: its id, where it comes from, the original words and what guifan
    computes from it (``params``: the values a rule pack gives it, in the catalogue)."""

    def __new__(
        cls,
        id: str,
        document: Document,
        clause: str,
        words: str,
        summary: str,
        computed: bool,
        params: Optional[Mapping[str, str]] = None,
    ) -> "Rule": ...
    @property
    def id(self) -> str: ...
    @property
    def document(self) -> Document: ...
    @property
    def clause(self) -> str: ...
    @property
    def words(self) -> str: ...
    @property
    def summary(self) -> str: ...
    @property
    def computed(self) -> bool: ...
    @property
    def params(self) -> Mapping[str, str]: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def _repr_html_(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __copy__(self) -> "Rule": ...
    def __deepcopy__(self, memo: Any) -> "Rule": ...

@final
class NoteStep:
    """A sentence of reasoning."""

    def __new__(cls, text: str) -> "NoteStep": ...
    @property
    def text(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __copy__(self) -> "NoteStep": ...
    def __deepcopy__(self, memo: Any) -> "NoteStep": ...

@final
class DayStep:
    """A calendar day met while counting: its kind, whether it counted, and its holiday."""

    def __new__(
        cls,
        date: _dt.date,
        kind: str,
        counted: bool,
        holiday: Optional[str] = None,
        holiday_zh: Optional[str] = None,
        paused: bool = False,
    ) -> "DayStep": ...
    @property
    def date(self) -> _dt.date: ...
    @property
    def kind(self) -> str: ...
    @property
    def counted(self) -> bool: ...
    @property
    def holiday(self) -> Optional[str]: ...
    @property
    def holiday_zh(self) -> Optional[str]: ...
    @property
    def paused(self) -> bool: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __copy__(self) -> "DayStep": ...
    def __deepcopy__(self, memo: Any) -> "DayStep": ...

@final
class Explanation:
    """Why a result is what it is: the rules applied (the deciding one first), each with its
    clause and original words, and the steps taken."""

    def __new__(cls, rules: Iterable[Rule], steps: Iterable[Union[NoteStep, DayStep]]) -> "Explanation": ...
    @property
    def rules(self) -> Tuple[Rule, ...]: ...
    @property
    def steps(self) -> Tuple[Union[NoteStep, DayStep], ...]: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def _repr_html_(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __copy__(self) -> "Explanation": ...
    def __deepcopy__(self, memo: Any) -> "Explanation": ...

@final
class Deadline:
    """A deadline: the ``due`` instant (+08:00), the ``clock``, the ``pack``, the ``rule``,
    ``met`` when a completion instant was given, and the provisional flags."""

    @property
    def due(self) -> Optional[_dt.datetime]: ...
    @property
    def clock(self) -> str: ...
    @property
    def pack(self) -> PackRef: ...
    @property
    def rule(self) -> Optional[str]: ...
    @property
    def met(self) -> Optional[bool]: ...
    @property
    def provisional(self) -> bool: ...
    @property
    def provisional_years(self) -> Tuple[int, ...]: ...
    @property
    def explanation(self) -> Explanation: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def _repr_html_(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __copy__(self) -> "Deadline": ...
    def __deepcopy__(self, memo: Any) -> "Deadline": ...

_Instant = Union[_dt.datetime, str]
_Pause = Union[Tuple[_Instant, Optional[_Instant]], Mapping[str, Optional[_Instant]]]

def deadline(
    *,
    start: _Instant,
    rule: Optional[str] = None,
    area: Optional[str] = None,
    clock: Optional[str] = None,
    amount: Optional[int] = None,
    done: Optional[_Instant] = None,
    pauses: Optional[Sequence[_Pause]] = None,
    region: Optional[str] = None,
    engine: Optional[Engine] = None,
) -> Deadline: ...
@final
class TicketTarget:
    """One target of a ticket: its ``rule`` and ``clock``, the ``due`` instant (None while an
    open pause leaves it unknown), its ``state`` (met, breached, running, paused), ``met`` and
    ``done`` once done, and what remains at ``as_of``: ``remaining`` (a ``timedelta`` of running
    time on a time clock) or ``remaining_days`` (days still to count on a day clock).
    ``to_dict()`` gives the contract's shape (``remaining`` a number with its
    ``remaining_unit``)."""

    @property
    def rule(self) -> str: ...
    @property
    def clock(self) -> str: ...
    @property
    def due(self) -> Optional[_dt.datetime]: ...
    @property
    def state(self) -> str: ...
    @property
    def met(self) -> Optional[bool]: ...
    @property
    def done(self) -> Optional[_dt.datetime]: ...
    @property
    def remaining(self) -> Optional[_dt.timedelta]: ...
    @property
    def remaining_days(self) -> Optional[int]: ...
    @property
    def remaining_unit(self) -> Optional[str]: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __copy__(self) -> "TicketTarget": ...
    def __deepcopy__(self, memo: Any) -> "TicketTarget": ...

@final
class Ticket:
    """A ticket measured against several targets at once (SLA.TICKET): its ``targets`` in
    order, the ticket's ``state`` (breached if any target is, else running, else paused, else
    met), the ``pack``, and the provisional flags."""

    @property
    def targets(self) -> Tuple[TicketTarget, ...]: ...
    @property
    def state(self) -> str: ...
    @property
    def pack(self) -> PackRef: ...
    @property
    def provisional(self) -> bool: ...
    @property
    def provisional_years(self) -> Tuple[int, ...]: ...
    @property
    def explanation(self) -> Explanation: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def _repr_html_(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __copy__(self) -> "Ticket": ...
    def __deepcopy__(self, memo: Any) -> "Ticket": ...

def ticket(
    *,
    start: _Instant,
    incident: Optional[str] = None,
    customer_class: Optional[str] = None,
    rules: Optional[Sequence[str]] = None,
    area: Optional[str] = None,
    region: Optional[str] = None,
    done: Optional[Mapping[str, _Instant]] = None,
    pauses: Optional[Sequence[_Pause]] = None,
    as_of: Optional[_Instant] = None,
    engine: Optional[Engine] = None,
) -> Ticket: ...

@final
class TierResult:
    """A rated customer: ``tier``, the ``basis`` that decided it, the table's ``rule``,
    ``provisional_member`` and the ``pack`` of the table."""

    @property
    def tier(self) -> str: ...
    @property
    def basis(self) -> Optional[str]: ...
    @property
    def rule(self) -> str: ...
    @property
    def provisional_member(self) -> bool: ...
    @property
    def pack(self) -> PackRef: ...
    @property
    def explanation(self) -> Explanation: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def _repr_html_(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __copy__(self) -> "TierResult": ...
    def __deepcopy__(self, memo: Any) -> "TierResult": ...

@type_check_only
class _Record:
    """What every record result has (bindings/python/src/record.rs)."""

    @property
    def explanation(self) -> Explanation: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def _repr_html_(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __copy__(self: _R) -> _R: ...
    def __deepcopy__(self: _R, memo: Any) -> _R: ...

@final
class ReviewResult(_Record):
    """A yearly review (TIER.REVIEW): the ``tier`` after any override, the ``change``, whether an
    override set the tier, and the ``evaluated_tier`` the rules gave, under the tables of ``pack``."""

    def __new__(
        cls,
        tier: str,
        change: str,
        overridden: bool,
        evaluated_tier: str,
        pack: PackRef,
        rule: Optional[str] = None,
        _explanation: Optional[Explanation] = None,
    ) -> "ReviewResult": ...
    @property
    def tier(self) -> str: ...
    @property
    def change(self) -> str: ...
    @property
    def overridden(self) -> bool: ...
    @property
    def evaluated_tier(self) -> str: ...
    @property
    def pack(self) -> PackRef: ...
    @property
    def rule(self) -> Optional[str]: ...

@final
class StatusResult(_Record):
    """Membership ``status`` (active, frozen, cancelled) with every rule id that applies."""

    def __new__(
        cls,
        status: str,
        reasons: Tuple[str, ...],
        points_frozen: bool,
        rule: Optional[str] = None,
        _explanation: Optional[Explanation] = None,
    ) -> "StatusResult": ...
    @property
    def status(self) -> str: ...
    @property
    def reasons(self) -> Tuple[str, ...]: ...
    @property
    def points_frozen(self) -> bool: ...
    @property
    def rule(self) -> Optional[str]: ...

@final
class Day(_Record):
    """What the calendar knows about a date; ``provisional`` (and ``provisional_years``) when it is
    a day of a year answered provisionally (INTERP.PROVISIONAL; shown only then)."""

    def __new__(
        cls,
        date: _dt.date,
        working_day: bool,
        makeup_workday: bool,
        holiday: bool,
        holiday_name: Optional[str],
        holiday_name_zh: Optional[str] = None,
        makeup_for: Optional[str] = None,
        kind: Optional[str] = None,
        rule: Optional[str] = None,
        provisional: Optional[bool] = None,
        provisional_years: Optional[Tuple[int, ...]] = None,
        _explanation: Optional[Explanation] = None,
    ) -> "Day": ...
    @property
    def date(self) -> _dt.date: ...
    @property
    def working_day(self) -> bool: ...
    @property
    def makeup_workday(self) -> bool: ...
    @property
    def holiday(self) -> bool: ...
    @property
    def holiday_name(self) -> Optional[str]: ...
    @property
    def holiday_name_zh(self) -> Optional[str]: ...
    @property
    def makeup_for(self) -> Optional[str]: ...
    @property
    def kind(self) -> Optional[str]: ...
    @property
    def rule(self) -> Optional[str]: ...
    @property
    def provisional(self) -> bool: ...
    @property
    def provisional_years(self) -> Tuple[int, ...]: ...

@final
class NotifyWindow(_Record):
    """Whether a call or SMS reminder may go out now, and the next instant it may."""

    def __new__(
        cls,
        allowed: bool,
        next_allowed: _dt.datetime,
        pack: PackRef,
        rule: Optional[str] = None,
        _explanation: Optional[Explanation] = None,
    ) -> "NotifyWindow": ...
    @property
    def allowed(self) -> bool: ...
    @property
    def next_allowed(self) -> _dt.datetime: ...
    @property
    def pack(self) -> PackRef: ...
    @property
    def rule(self) -> Optional[str]: ...

@final
class Visit(_Record):
    """Whether a technician may call at a home now (VISIT.WINDOW), the next instant one may, and for
    a booking the earliest installation visit."""

    def __new__(
        cls,
        allowed: bool,
        next_allowed: _dt.datetime,
        earliest_install: Optional[_dt.datetime],
        pack: PackRef,
        rule: Optional[str] = None,
        _explanation: Optional[Explanation] = None,
    ) -> "Visit": ...
    @property
    def allowed(self) -> bool: ...
    @property
    def next_allowed(self) -> _dt.datetime: ...
    @property
    def earliest_install(self) -> Optional[_dt.datetime]: ...
    @property
    def pack(self) -> PackRef: ...
    @property
    def rule(self) -> Optional[str]: ...

@final
class Cutover(_Record):
    """What planned work needs: headquarters-and-regulator approval, or notice by a time."""

    def __new__(
        cls,
        requires_approval: bool,
        notify_by: Optional[_dt.datetime],
        rule: Optional[str] = None,
        _explanation: Optional[Explanation] = None,
    ) -> "Cutover": ...
    @property
    def requires_approval(self) -> bool: ...
    @property
    def notify_by(self) -> Optional[_dt.datetime]: ...
    @property
    def rule(self) -> Optional[str]: ...

@final
class Dunning(_Record):
    """Whether recorded voice calls may chase these arrears (DUNNING.CHANNEL)."""

    def __new__(
        cls,
        voice_allowed: bool,
        rule: Optional[str] = None,
        _explanation: Optional[Explanation] = None,
    ) -> "Dunning": ...
    @property
    def voice_allowed(self) -> bool: ...
    @property
    def rule(self) -> Optional[str]: ...

@final
class Punctuality(_Record):
    """Whether a visit was on time (SLA.APPOINTMENT.PUNCTUAL), and by how many seconds it deviated."""

    def __new__(
        cls,
        on_time: bool,
        deviation_seconds: int,
        rule: Optional[str] = None,
        _explanation: Optional[Explanation] = None,
    ) -> "Punctuality": ...
    @property
    def on_time(self) -> bool: ...
    @property
    def deviation_seconds(self) -> int: ...
    @property
    def rule(self) -> Optional[str]: ...

@final
class PointsBalance(_Record):
    """Merged points on a day: ``total``, ``expired`` and spendable lot ids in redemption ``order``."""

    def __new__(
        cls,
        total: int,
        expired: int,
        order: Tuple[str, ...],
        rule: Optional[str] = None,
        _explanation: Optional[Explanation] = None,
    ) -> "PointsBalance": ...
    @property
    def total(self) -> int: ...
    @property
    def expired(self) -> int: ...
    @property
    def order(self) -> Tuple[str, ...]: ...
    @property
    def rule(self) -> Optional[str]: ...

@final
class Redemption(_Record):
    """Lots consumed, in order, and the spendable points left."""

    def __new__(
        cls,
        consumed: Tuple[Take, ...],
        remaining: int,
        rule: Optional[str] = None,
        _explanation: Optional[Explanation] = None,
    ) -> "Redemption": ...
    @property
    def consumed(self) -> Tuple[Take, ...]: ...
    @property
    def remaining(self) -> int: ...
    @property
    def rule(self) -> Optional[str]: ...

@final
class PointsChange(_Record):
    """One change in a ledger's history: ``what`` happened to ``lot`` on ``date``."""

    def __new__(
        cls,
        date: _dt.date,
        what: str,
        lot: str,
        points: int,
        rule: Optional[str] = None,
        _explanation: Optional[Explanation] = None,
    ) -> "PointsChange": ...
    @property
    def date(self) -> _dt.date: ...
    @property
    def what(self) -> str: ...
    @property
    def lot(self) -> str: ...
    @property
    def points(self) -> int: ...
    @property
    def rule(self) -> Optional[str]: ...

_Money = Union[Decimal, int, float, str]
_DateLike = Union[_dt.date, str]

def tier(
    *,
    kind: Optional[str] = None,
    brand: Optional[str] = None,
    annual_spend: Optional[_Money] = None,
    annual_revenue: Optional[_Money] = None,
    rank: Optional[str] = None,
    package: Optional[Mapping[str, Any]] = None,
    monthly_fee: Optional[_Money] = None,
    subscribed_on: Optional[_DateLike] = None,
    rating_year: Optional[int] = None,
    as_of: Optional[_DateLike] = None,
    engine: Optional[Engine] = None,
) -> TierResult: ...

@final
class PointsLedger:
    def __new__(cls, customer_id: str) -> "PointsLedger": ...
    @property
    def customer_id(self) -> str: ...
    def merge(self, accounts: Any) -> None: ...
    def earn(self, lots: Any) -> None: ...
    def balance(self, as_of: Any) -> PointsBalance: ...
    def redeem(self, on: Any, points: Any, frozen: bool = False) -> Redemption: ...
    def history(self, start: Any, end: Any) -> Tuple[PointsChange, ...]: ...

def evaluate(request: Any, engine: Optional[Engine] = None) -> Any: ...
def rule_for(incident: str, customer_class: str, on: Any = None, engine: Optional[Engine] = None) -> str: ...
def call(op: str, input: Any, engine: Optional[Engine] = None) -> Any: ...
def result(op: str, input: Any, engine: Optional[Engine] = None) -> Any: ...
def explain(op: str, input: Any, engine: Optional[Engine] = None) -> Explanation: ...
def calendar_is_working_day(date: Union[_dt.date, str], engine: Optional[Engine] = None) -> bool: ...
def calendar_add_working_days(date: Any, days: Any, engine: Optional[Engine] = None) -> _dt.date: ...
def calendar_count_working_days(start: Any, end: Any, engine: Optional[Engine] = None) -> int: ...
def default_engine() -> Engine: ...
def load_calendar(document: Any) -> List[int]: ...
def reset_calendar() -> None: ...
def set_provisional(on: bool) -> "ReviewResult": ...
def calendar_from_notice(text: Any) -> Any: ...

# A result column: numpy values and their bool validity.
_Pair = Tuple[Any, Any]
# A column argument: numpy values and, when some rows are null, a bool validity mask.
_Masked = Tuple[Any, Optional[Any]]
# numpy int64 values in "us" or "ns" since the epoch (NaT a null), an optional bool mask, the unit.
_Instants = Tuple[Any, Optional[Any], str]

def deadlines(
    start: _Instants,
    *,
    rule: Any = None,
    area: Any = None,
    clock: Any = None,
    amount: Any = None,
    done: Optional[_Instants] = None,
    errors: str = "raise",
    engine: Optional[Engine] = None,
) -> Tuple[Any, Optional[_Pair]]: ...
def check_errors(errors: str) -> str: ...
def counted_by(
    *,
    rule: bool,
    area: bool,
    clock: bool,
    amount: bool,
    incident: bool,
    customer_class: bool,
    takes_clock: bool,
    takes_policy: bool,
) -> str: ...
def rules_for(
    incident: Any,
    customer_class: Any,
    start: _Instants,
    *,
    errors: str = "raise",
    engine: Optional[Engine] = None,
) -> Tuple[List[str], Any]: ...
def tickets(
    start: _Instants,
    *,
    rule: Any = None,
    incident: Any = None,
    customer_class: Any = None,
    area: Any = None,
    region: Any = None,
    done: List[Tuple[str, _Instants]] = ...,
    pauses: Optional[Tuple[Any, _Instants, _Instants]] = None,
    as_of: Union[int, _Instants, None] = None,
    errors: str = "raise",
    engine: Optional[Engine] = None,
) -> Dict[str, Any]: ...
def tiers(key: Any, amount: Any, *, errors: str = "raise", engine: Optional[Engine] = None) -> Tuple[Any, List[str]]: ...
def is_working_day(dates: _Masked, *, errors: str = "raise", engine: Optional[Engine] = None) -> _Pair: ...
def count_working_days(
    start: _Masked, end: _Masked, *, errors: str = "raise", engine: Optional[Engine] = None
) -> _Pair: ...
def add_working_days(
    dates: _Masked, days: Union[int, _Masked], *, errors: str = "raise", engine: Optional[Engine] = None
) -> _Pair: ...

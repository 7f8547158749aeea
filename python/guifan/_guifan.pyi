"""Stubs of the native module ``guifan._guifan`` (bindings/python). Internal: use ``guifan``."""

import datetime as _dt
from decimal import Decimal
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union, final

from ._results import Explanation, PackRef

__all__ = [
    "Engine",
    "PointsLedger",
    "Deadline",
    "deadline",
    "TierResult",
    "tier",
    "evaluate",
    "call",
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
    def packs(self) -> List[Any]: ...
    def known_years(self) -> List[int]: ...
    @property
    def provisional(self) -> bool: ...
    def sources(self, year: int) -> List[str]: ...
    def unknown_year_ahead(self, today: Any) -> Optional[Tuple[int, int]]: ...

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

def deadline(
    *,
    start: Union[_dt.datetime, str],
    rule: Optional[str] = None,
    area: Optional[str] = None,
    clock: Optional[str] = None,
    amount: Optional[int] = None,
    done: Union[_dt.datetime, str, None] = None,
    engine: Optional[Engine] = None,
) -> Deadline: ...

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
    def balance(self, as_of: Any) -> Any: ...
    def redeem(self, on: Any, points: Any, frozen: bool = False) -> Any: ...
    def history(self, start: Any, end: Any) -> Any: ...

def evaluate(request: Any, engine: Optional[Engine] = None) -> Any: ...
def rule_for(incident: str, customer_class: str, on: Any = None, engine: Optional[Engine] = None) -> str: ...
def call(op: str, input: Any, explain: bool = False, engine: Optional[Engine] = None) -> Any: ...
def calendar_is_working_day(date: Union[_dt.date, str], engine: Optional[Engine] = None) -> bool: ...
def calendar_add_working_days(date: Any, days: Any, engine: Optional[Engine] = None) -> _dt.date: ...
def calendar_count_working_days(start: Any, end: Any, engine: Optional[Engine] = None) -> int: ...
def default_engine() -> Engine: ...
def load_calendar(document: Any) -> List[int]: ...
def reset_calendar() -> None: ...
def set_provisional(on: bool) -> None: ...
def calendar_from_notice(text: Any) -> Any: ...

_Pair = Tuple[bytearray, bytearray]

def deadlines(
    start: bytes,
    start_valid: Optional[bytes],
    *,
    rule: Any = None,
    area: Any = None,
    clock: Any = None,
    amount: Any = None,
    done: Optional[bytes] = None,
    done_valid: Optional[bytes] = None,
    errors: str = "raise",
    engine: Optional[Engine] = None,
) -> Tuple[_Pair, Optional[_Pair]]: ...
def rules_for(
    incident: Any,
    customer_class: Any,
    start: bytes,
    start_valid: Optional[bytes],
    *,
    errors: str = "raise",
    engine: Optional[Engine] = None,
) -> Tuple[List[str], bytes]: ...
def tickets(
    start: bytes,
    start_valid: Optional[bytes],
    *,
    rule: Any = None,
    incident: Any = None,
    customer_class: Any = None,
    area: Any = None,
    region: Any = None,
    done: List[Tuple[str, bytes, Optional[bytes]]] = ...,
    pauses: Optional[Tuple[bytes, bytes, Optional[bytes], bytes, Optional[bytes]]] = None,
    as_of: Any = None,
    errors: str = "raise",
    engine: Optional[Engine] = None,
) -> Dict[str, Any]: ...
def tiers(key: Any, amount: Any, *, errors: str = "raise", engine: Optional[Engine] = None) -> Tuple[bytes, List[str]]: ...
def is_working_day(
    dates: bytes, dates_valid: Optional[bytes], *, errors: str = "raise", engine: Optional[Engine] = None
) -> _Pair: ...
def count_working_days(
    start: bytes,
    start_valid: Optional[bytes],
    end: bytes,
    end_valid: Optional[bytes],
    *,
    errors: str = "raise",
    engine: Optional[Engine] = None,
) -> _Pair: ...
def add_working_days(
    dates: bytes,
    dates_valid: Optional[bytes],
    days: Union[int, Tuple[bytes, Optional[bytes]]],
    *,
    errors: str = "raise",
    engine: Optional[Engine] = None,
) -> _Pair: ...

"""Exceptions: one class per error kind of the ``evaluate`` contract (VECTORS.md)."""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Mapping, Optional, Type

__all__ = [
    "GuifanError",
    "InvalidInput",
    "UnknownOp",
    "UnknownRule",
    "UnknownBrand",
    "NegativeAmount",
    "CalendarYearUnknown",
    "InsufficientPoints",
    "PointsFrozen",
    "CustomerMismatch",
    "DuplicateLotConflict",
    "OverrideNeedsApproval",
    "OverrideWithoutDowngrade",
    "OverrideNotHigher",
    "OverrideAbovePrevious",
    "InternalError",
]


class GuifanError(ValueError):
    """An input guifan refuses, with the contract's error ``kind``, the ``field`` at fault
    (a path such as ``lines[2].arrears_since``) and the offending ``value`` as text.

    Column functions (``guifan.batch``) also set ``row``, the 0-based row at fault. A rule pack
    refused by :class:`guifan.Engine` lists every problem in ``problems`` (``{"field", "value",
    "message"}`` each, ``field`` a path such as ``tiers.personal.e_home.bands[1].min``), so all
    of them can be fixed in one go; ``field`` and ``value`` are the first problem's.
    """

    kind: str = "error"
    field: Optional[str]
    value: Optional[str]
    row: Optional[int]
    problems: List[Dict[str, str]]

    def __init__(
        self,
        message: str,
        *,
        kind: Optional[str] = None,
        field: Optional[str] = None,
        value: Optional[str] = None,
        row: Optional[int] = None,
        problems: Optional[Iterable[Mapping[str, Any]]] = None,
    ) -> None:
        super().__init__(message)
        if kind is not None:
            self.kind = kind
        self.message = message
        self.field = field
        self.value = value
        self.row = row
        self.problems = [{k: str(v) for k, v in p.items()} for p in problems or ()]

    def to_dict(self) -> Dict[str, Optional[object]]:
        """The contract's error object: ``{"kind", "message", "field", "value"}`` (and ``row``,
        and ``problems`` when there are some)."""
        out: Dict[str, Optional[object]] = {
            "kind": self.kind,
            "message": self.message,
            "field": self.field,
            "value": self.value,
        }
        if self.row is not None:
            out["row"] = self.row
        if self.problems:
            out["problems"] = [dict(p) for p in self.problems]
        return out


class InvalidInput(GuifanError):
    """Malformed or missing field, wrong type, impossible date, value out of range; a rule pack
    or calendar document with problems."""

    kind = "invalid_input"


class UnknownOp(GuifanError):
    """An ``evaluate`` op that does not exist."""

    kind = "unknown_op"


class UnknownRule(GuifanError):
    """A rule id that is not in the catalogue, or not a rule of the kind asked for."""

    kind = "unknown_rule"


class UnknownBrand(GuifanError):
    """A personal brand without a tier table in the rule pack (the message lists its brands)."""

    kind = "unknown_brand"


class NegativeAmount(GuifanError):
    """Money, points or a period below zero."""

    kind = "negative_amount"


class CalendarYearUnknown(GuifanError):
    """A working-day question touches a year with no known schedule (INTERP.CALENDAR); load it
    with ``guifan.load_calendar`` or ``Engine(calendar=...)`` (``guifan.calendar_from_notice``
    reads the State Council's notice), or ask for provisional answers with
    ``Engine(provisional=True)``."""

    kind = "calendar_year_unknown"


class InsufficientPoints(GuifanError):
    """A redemption asks for more than the spendable balance (POINTS.REDEEM_ORDER)."""

    kind = "insufficient_points"


class PointsFrozen(GuifanError):
    """The member is frozen, so the points are too (POINTS.FROZEN)."""

    kind = "points_frozen"


class CustomerMismatch(GuifanError):
    """An account of another customer in a merge (POINTS.MERGE)."""

    kind = "customer_mismatch"


class DuplicateLotConflict(GuifanError):
    """The same lot id twice with different content (POINTS.MERGE)."""

    kind = "duplicate_lot_conflict"


class OverrideNeedsApproval(GuifanError):
    """A manual override without an approval reference (TIER.OVERRIDE)."""

    kind = "override_needs_approval"


class OverrideWithoutDowngrade(GuifanError):
    """A manual override where the review is not a downgrade (TIER.OVERRIDE)."""

    kind = "override_without_downgrade"


class OverrideNotHigher(GuifanError):
    """A manual override that does not raise the evaluated tier (TIER.OVERRIDE)."""

    kind = "override_not_higher"


class OverrideAbovePrevious(GuifanError):
    """A manual override above the previous tier (TIER.OVERRIDE)."""

    kind = "override_above_previous"


class InternalError(GuifanError):
    """A bug in guifan, not in the input: the Rust core panicked. The message carries the panic's
    text; please report it. ``evaluate`` answers it as data, with kind ``internal``."""

    kind = "internal"


_BY_KIND: Dict[str, Type[GuifanError]] = {
    cls.kind: cls
    for cls in (
        InvalidInput,
        UnknownOp,
        UnknownRule,
        UnknownBrand,
        NegativeAmount,
        CalendarYearUnknown,
        InsufficientPoints,
        PointsFrozen,
        CustomerMismatch,
        DuplicateLotConflict,
        OverrideNeedsApproval,
        OverrideWithoutDowngrade,
        OverrideNotHigher,
        OverrideAbovePrevious,
        InternalError,
    )
}


def error_class(kind: str) -> Type[GuifanError]:
    """The exception class of an error kind (``GuifanError`` for a kind this version lacks)."""
    return _BY_KIND.get(kind, GuifanError)


def _from_core(
    kind: str,
    message: str,
    field: Optional[str],
    value: Optional[str],
    row: Optional[int],
    problems: Optional[Iterable[Mapping[str, Any]]] = None,
) -> GuifanError:
    """Called by the native module to build the exception it raises."""
    return error_class(kind)(message, kind=kind, field=field, value=value, row=row, problems=problems)


def _from_data(error: Dict[str, object]) -> GuifanError:
    """The exception for an ``{"error": {...}}`` answer of ``evaluate``."""

    def text(key: str) -> Optional[str]:
        v = error.get(key)
        return None if v is None else str(v)

    kind = str(error.get("kind", "error"))
    problems = error.get("problems")
    listed = problems if isinstance(problems, list) else None
    return _from_core(kind, text("message") or kind, text("field"), text("value"), None, listed)

"""The base of every exception (one class per error kind of the ``evaluate`` contract, VECTORS.md,
generated from the core into ``_kinds.py``) and how the native module builds them."""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Mapping, Optional, Type

__all__ = ["GuifanError", "error_class"]


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


def error_class(kind: str) -> Type[GuifanError]:
    """The exception class of an error kind (``GuifanError`` for a kind this version lacks)."""
    # The classes are generated from the core's error kinds (_kinds.py), which subclass GuifanError.
    from ._kinds import KINDS

    return KINDS.get(kind, GuifanError)


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

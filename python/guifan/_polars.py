"""guifan in Polars: expressions (the implementation of :mod:`guifan.polars`).

Each expression is ``pl.map_batches`` over the input columns, marked elementwise so Polars may
run it on any chunk, in lazy and streaming queries, in ``with_columns``, ``select`` and
``group_by().agg``. A call gets whole Polars Series, hands their Arrow buffers (zero-copy) to the
Rust core through :mod:`guifan._arrow` and wraps the Arrow answer back: no per-row Python.

Arguments: ``start``, ``done``, dates and amounts are columns — a column name or an expression.
``rule``, ``area``, ``clock`` and ``kind_or_brand`` are values for every row (a ``str``) or
expressions (``pl.col("rule")``), as in Polars' own string functions; ``amount`` and ``n`` are
an ``int`` for every row or an expression. Every expression runs on ``engine=`` (a
:class:`guifan.Engine`: packs and calendars of your own), the default engine when it is None.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Union

import polars as pl

from . import _arrow
from ._api import Engine

IntoExpr = Union[str, pl.Expr]
"""A column: its name, or an expression."""
Value = Union[str, pl.Expr, None]
"""One value for every row (``str``), or an expression."""
Whole = Union[int, pl.Expr]
"""One whole number for every row, or an expression."""

# Polars spells the fixed offset +08:00 "Etc/GMT-8"; take its own spelling so results need no cast.
INSTANT = pl.Series([], dtype=pl.Datetime("us", "+08:00")).dtype


_TIERS = pl.Enum(_arrow.tier_names())


def tier_dtype() -> pl.Enum:
    """Tiers as an ordered Polars ``Enum`` (none < silver < gold < diamond): ``>= "gold"`` works."""
    return _TIERS


def _column(x: IntoExpr) -> pl.Expr:
    return pl.col(x) if isinstance(x, str) else x


def _expression(
    columns: Dict[str, IntoExpr],
    values: Dict[str, Any],
    compute: Callable[..., Any],
    dtype: Any,
    name: str,
) -> pl.Expr:
    """``compute(**arrow arrays, **values)`` over batches of ``columns``; an expression among
    ``values`` becomes one more input column."""
    inputs: Dict[str, pl.Expr] = {k: _column(v) for k, v in columns.items()}
    constants: Dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, pl.Expr):
            inputs[key] = value
        else:
            constants[key] = value
    names: List[str] = list(inputs)

    def run(series: Sequence[pl.Series]) -> pl.Series:
        # A literal (``pl.lit(...)``) arrives as one value: repeat it for every row.
        rows = max(len(s) for s in series)
        whole = [s.new_from_index(0, rows) if len(s) == 1 and rows != 1 else s for s in series]
        arrays = {key: s.to_arrow() for key, s in zip(names, whole)}
        out = pl.Series(name, compute(**arrays, **constants))
        return out if out.dtype == dtype else out.cast(dtype)

    return pl.map_batches(list(inputs.values()), run, return_dtype=dtype, is_elementwise=True).alias(name)


def deadline(
    start: IntoExpr, *, rule: Value, area: Value = None, errors: str = "raise", engine: Optional[Engine] = None
) -> pl.Expr:
    """Due instants (``Datetime("us", "+08:00")``, named ``due``) of work started at ``start``
    under ``rule`` (a null area is the rule's default). Naive datetimes are Beijing wall time."""
    return _expression(
        {"start": start},
        {"rule": rule, "area": area},
        lambda **a: _arrow.deadline(errors=errors, function="guifan.polars.deadline", engine=engine, **a),
        INSTANT,
        "due",
    )


def deadline_met(
    start: IntoExpr,
    done: IntoExpr,
    *,
    rule: Value = None,
    area: Value = None,
    clock: Value = None,
    amount: Union[Whole, None] = None,
    errors: str = "raise",
    engine: Optional[Engine] = None,
) -> pl.Expr:
    """Whether work done at ``done`` met its deadline (``done <= due``; null while open), named
    ``met``: the deadline of ``rule`` (and ``area``), or of ``amount`` units of ``clock``."""

    def met(**a: Any) -> Any:
        return _arrow.deadline_met(errors=errors, function="guifan.polars.deadline_met", engine=engine, **a)[1]

    values = {"rule": rule, "area": area, "clock": clock, "amount": amount}
    return _expression({"start": start, "done": done}, values, met, pl.Boolean, "met")


def deadline_clock(
    start: IntoExpr, *, clock: Value, amount: Whole, errors: str = "raise", engine: Optional[Engine] = None
) -> pl.Expr:
    """Due instants of a free period: ``amount`` units of ``clock`` (``clock_hours``,
    ``calendar_days``, ``working_days``, ``working_minutes``), named ``due``."""
    return _expression(
        {"start": start},
        {"clock": clock, "amount": amount},
        lambda **a: _arrow.deadline(errors=errors, function="guifan.polars.deadline_clock", engine=engine, **a),
        INSTANT,
        "due",
    )


def is_working_day(dates: IntoExpr, *, errors: str = "raise", engine: Optional[Engine] = None) -> pl.Expr:
    """Whether each date is a working day (datetimes by their Beijing date), named ``working_day``."""
    return _expression(
        {"dates": dates},
        {},
        lambda **a: _arrow.is_working_day(errors=errors, function="guifan.polars.is_working_day", engine=engine, **a),
        pl.Boolean,
        "working_day",
    )


def add_working_days(
    dates: IntoExpr, n: Whole, *, errors: str = "raise", engine: Optional[Engine] = None
) -> pl.Expr:
    """The ``n``-th working day after each date (the date itself not counted), named ``date``."""
    return _expression(
        {"dates": dates},
        {"days": n},
        lambda **a: _arrow.add_working_days(errors=errors, function="guifan.polars.add_working_days", engine=engine, **a),
        pl.Date,
        "date",
    )


def count_working_days(
    start: IntoExpr, end: IntoExpr, *, errors: str = "raise", engine: Optional[Engine] = None
) -> pl.Expr:
    """Working days from ``start`` to ``end``, both included (``Int64``), named ``working_days``."""
    return _expression(
        {"start": start, "end": end},
        {},
        lambda **a: _arrow.count_working_days(
            errors=errors, function="guifan.polars.count_working_days", engine=engine, **a
        ),
        pl.Int64,
        "working_days",
    )


def tier(
    kind_or_brand: Value, amount: IntoExpr, *, errors: str = "raise", engine: Optional[Engine] = None
) -> pl.Expr:
    """Tiers of annual amounts, named ``tier``: ``kind_or_brand`` is a personal brand (``e_home``,
    ``tianyi``, ``other``: annual spend) or ``enterprise`` (annual revenue). Amounts are read
    exactly (``Decimal`` columns by their digits, floats through their repr). The result is an
    ordered ``Enum``."""
    return _expression(
        {"amount": amount},
        {"kind_or_brand": kind_or_brand},
        lambda **a: _arrow.tier(errors=errors, function="guifan.polars.tier", engine=engine, **a),
        tier_dtype(),
        "tier",
    )


TARGET = pl.Struct(
    {
        "rule": pl.String,
        "due": INSTANT,
        "state": pl.String,
        "met": pl.Boolean,
        "remaining": pl.Int64,
        "remaining_unit": pl.String,
    }
)
"""One target of a ticket: the columns of :func:`guifan.sla_report`'s ticket report."""
TICKET = pl.Struct({"targets": pl.List(TARGET), "state": pl.String})


def ticket_dtype() -> pl.Struct:
    """A ticket measured: ``targets`` (a list of structs ``rule``, ``due``, ``state``, ``met``,
    ``remaining``, ``remaining_unit``) and the ticket's ``state``."""
    return TICKET


def ticket(
    start: IntoExpr,
    *,
    incident: Value = None,
    customer_class: Value = None,
    rule: Value = None,
    area: Value = None,
    region: Value = None,
    done: Optional[Mapping[str, IntoExpr]] = None,
    pauses: Optional[IntoExpr] = None,
    as_of: Union[dt.datetime, pl.Expr, None] = None,
    errors: str = "raise",
    engine: Optional[Engine] = None,
) -> pl.Expr:
    """Tickets measured against their targets (SLA.TICKET, INTERP.PAUSE) as
    :func:`guifan.sla_report` measures them, a struct named ``ticket`` per row: ``targets``, a
    list of structs (``rule``, ``due``, ``state``, ``met``, ``remaining``, ``remaining_unit``),
    and the ticket's ``state``; null for a null start or, with ``errors="null"``, a bad ticket.

    Targets: ``incident`` and ``customer_class`` (the policy of the pack in force on the start),
    or one ``rule``. ``done`` maps rule ids to the columns of when each target was done (null
    while it is not). ``pauses`` is a ``List(Struct({"from": Datetime, "to": Datetime}))``
    column (``to`` null while a pause is open; in any order, overlapping: INTERP.PAUSE).
    ``as_of`` is a datetime (default: now, taken when the expression is made, so every batch of
    a query agrees) or an expression. One row per target:
    ``.struct.field("targets").explode().struct.unnest()``.
    """
    columns: Dict[str, IntoExpr] = {"start": start}
    done_keys = {f"done{i}": str(k) for i, k in enumerate(done or {})}
    for (key, _rule), column in zip(done_keys.items(), (done or {}).values()):
        columns[key] = column
    if pauses is not None:
        columns["pauses"] = pauses
    if as_of is None:
        as_of = dt.datetime.now(dt.timezone.utc)
    values = {
        "incident": incident,
        "customer_class": customer_class,
        "rule": rule,
        "area": area,
        "region": region,
        "as_of": as_of,
    }

    def compute(**a: Any) -> Any:
        done_columns = {rule: a.pop(key) for key, rule in done_keys.items()}
        return _arrow.ticket(done=done_columns, errors=errors, function="guifan.polars.ticket", engine=engine, **a)

    return _expression(columns, values, compute, ticket_dtype(), "ticket")

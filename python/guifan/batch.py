"""Column functions for notebooks: pandas Series, numpy arrays or pyarrow arrays in, the same
kind out, computed in Rust over the whole column with the GIL released (no Python-level loop).

Instants: naive datetimes are Beijing wall time, aware ones are converted. Results are aware
at +08:00 (pandas ``datetime64[us, UTC+08:00]``, pyarrow ``timestamp[us, tz=+08:00]``); numpy has
no time zones, so numpy results are Beijing wall time (``datetime64[us]``), which reads back the
same. Nulls in give nulls out (pandas nullable dtypes; numpy masked arrays when there are
nulls). One bad row raises a :class:`guifan.GuifanError` naming the row (``.row``), or, with
``errors="null"``, gives a null for that row. Every function runs on ``engine=`` (a
:class:`guifan.Engine`) or the default engine; one engine may serve calls from many threads.

pandas, numpy and pyarrow are optional: ``pip install 'guifan[pandas]'`` or ``'guifan[arrow]'``.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any, Dict, Optional, Tuple, Union, overload

from . import _columns as c
from . import _guifan as _native
from ._api import Engine, _native_engine
from ._errors import InvalidInput

if TYPE_CHECKING:  # pragma: no cover
    import pandas as _pd

__all__ = ["deadlines", "tiers", "is_working_day", "count_working_days", "add_working_days", "sla_report"]

Column = Any
"""A pandas Series, a numpy array or a pyarrow Array / ChunkedArray."""


def _errors(errors: str) -> str:
    if errors not in ("raise", "null"):
        raise InvalidInput(f"invalid errors: {errors!r} (accepted: raise, null)", field="errors", value=str(errors))
    return errors


def _arg_text(x: Any, field: str, rows: int) -> Optional[c.Text]:
    return None if x is None else c.text(x, field, rows)


@overload
def deadlines(
    start: Column,
    *,
    rule: Union[str, Column, None] = ...,
    area: Union[str, Column, None] = ...,
    clock: Union[str, Column, None] = ...,
    amount: Union[int, Column, None] = ...,
    done: None = ...,
    errors: str = ...,
    engine: Optional[Engine] = ...,
) -> Column: ...


@overload
def deadlines(
    start: Column,
    *,
    rule: Union[str, Column, None] = ...,
    area: Union[str, Column, None] = ...,
    clock: Union[str, Column, None] = ...,
    amount: Union[int, Column, None] = ...,
    done: Column,
    errors: str = ...,
    engine: Optional[Engine] = ...,
) -> Tuple[Column, Column]: ...


def deadlines(
    start: Column,
    *,
    rule: Union[str, Column, None] = None,
    area: Union[str, Column, None] = None,
    clock: Union[str, Column, None] = None,
    amount: Union[int, Column, None] = None,
    done: Optional[Column] = None,
    errors: str = "raise",
    engine: Optional[Engine] = None,
) -> Union[Column, Tuple[Column, Column]]:
    """Due instants of work started at ``start``, like :meth:`guifan.Engine.deadline` per row:
    each row under the pack in force on its start's Beijing date.

    ``rule`` (with optional ``area``), or ``clock`` with ``amount``, may each be one value for
    every row or a column of the same length; a null rule, clock or amount gives a null due (a
    null area is the default, urban, as in the contract). With ``done``, returns ``(due, met)``
    where ``met`` is ``done <= due`` (null where either is null).

    For example ``guifan.batch.deadlines(tickets["start"], rule=tickets["rule"], area="rural")``.
    """
    rule_arg = _arg_text(rule, "rule", c.shape_of(start, "start").rows)
    return _deadlines(start, rule_arg, area, clock, amount, done, errors, _native_engine(engine))


def _deadlines(
    start: Column,
    rule: Optional[c.Text],
    area: Union[str, Column, None],
    clock: Union[str, Column, None],
    amount: Union[int, Column, None],
    done: Optional[Column],
    errors: str,
    engine: _native.Engine,
) -> Union[Column, Tuple[Column, Column]]:
    """:func:`deadlines` with the rule already encoded (by ``rules_for`` in :func:`sla_report`)."""
    shape = c.shape_of(start, "start")
    rows = shape.rows
    values, valid = c.instants(start, "start")
    kwargs: Dict[str, Any] = {
        "rule": rule,
        "area": _arg_text(area, "area", rows),
        "clock": _arg_text(clock, "clock", rows),
        "amount": None if amount is None else c.whole(amount, "amount", rows),
        "errors": _errors(errors),
        "engine": engine,
    }
    if done is not None:
        kwargs["done"], kwargs["done_valid"] = c.instants(done, "done", rows)
    due, met = _native.deadlines(values, valid, **kwargs)
    due_col = c.out_instants(due, shape, "due")
    if done is None or met is None:
        return due_col
    return due_col, c.out_bools(met, shape, "met")


def tiers(
    kind_or_brand: Union[str, Column], amount: Column, *, errors: str = "raise", engine: Optional[Engine] = None
) -> Column:
    """Tier names (none, silver, gold, diamond) of annual amounts on the tables of the engine's
    latest pack: ``kind_or_brand`` is a personal brand of the pack (built in: ``e_home``,
    ``tianyi``, ``other``: annual spend) or ``enterprise`` (annual revenue), one for every row
    or a column.

    Amounts are read exactly: Decimal, int and str values as written, floats through their repr
    (NaN in a float column is a null), Arrow decimals by their digits. pandas gets an ordered
    Categorical (so ``>= "gold"`` works), pyarrow strings, numpy an object array.
    """
    shape = c.shape_of(amount, "amount")
    key = c.text(kind_or_brand, "kind_or_brand", shape.rows)
    codes, names = _native.tiers(key, c.money(amount, "amount"), errors=_errors(errors), engine=_native_engine(engine))
    return c.out_tiers(codes, names, shape, "tier")


def is_working_day(dates: Column, *, errors: str = "raise", engine: Optional[Engine] = None) -> Column:
    """Whether each date is a working day (datetimes count by their Beijing date)."""
    shape = c.shape_of(dates, "dates")
    values, valid = c.dates(dates, "dates")
    out = _native.is_working_day(values, valid, errors=_errors(errors), engine=_native_engine(engine))
    return c.out_bools(out, shape, "working_day")


def count_working_days(start: Column, end: Column, *, errors: str = "raise", engine: Optional[Engine] = None) -> Column:
    """Working days from ``start`` to ``end``, both included, per row."""
    shape = c.shape_of(start, "start")
    a, a_valid = c.dates(start, "start")
    b, b_valid = c.dates(end, "end", shape.rows)
    native = _native_engine(engine)
    out = _native.count_working_days(a, a_valid, b, b_valid, errors=_errors(errors), engine=native)
    return c.out_ints(out, shape, "working_days")


def add_working_days(
    dates: Column, days: Union[int, Column], *, errors: str = "raise", engine: Optional[Engine] = None
) -> Column:
    """The ``days``-th working day after each date (the date itself not counted)."""
    shape = c.shape_of(dates, "dates")
    values, valid = c.dates(dates, "dates")
    n = c.whole(days, "days", shape.rows)
    out = _native.add_working_days(values, valid, n, errors=_errors(errors), engine=_native_engine(engine))
    return c.out_dates(out, shape, "date")


def _column_or_value(df: "_pd.DataFrame", arg: Any, what: str) -> Any:
    """A column of ``df`` when ``arg`` names one, else ``arg`` itself (a value for every row)."""
    if isinstance(arg, str) and arg in df.columns:
        return df[arg]
    return arg


def sla_report(
    df: "_pd.DataFrame",
    *,
    start: str = "start",
    done: Optional[str] = "done",
    rule: Optional[str] = "rule",
    area: Optional[str] = None,
    clock: Optional[str] = None,
    amount: Union[str, int, None] = None,
    incident: Optional[str] = None,
    customer_class: Optional[str] = None,
    as_of: Optional[_dt.datetime] = None,
    errors: str = "raise",
    engine: Optional[Engine] = None,
) -> "_pd.DataFrame":
    """A tickets DataFrame with ``due``, ``met`` and ``overdue`` columns added (a copy).

    ``start`` and ``done`` name instant columns (``done`` null while a ticket is open; pass
    ``done=None`` when there is no such column). ``rule`` and ``area`` name columns, or give one
    rule id / area for every ticket; or give ``clock`` and ``amount`` instead of a rule; or give
    ``incident`` (``complaint`` / ``fault``) and ``customer_class`` (``ordinary`` / ``brand`` /
    ``vip``), columns or values, and each ticket gets the rule of its class in the pack in force
    on its start (``rule_for``).

    ``met`` is ``done <= due`` (INTERP.ONTIME), null for open tickets. ``overdue`` is true for a
    closed ticket that missed its deadline and for an open ticket whose deadline has passed at
    ``as_of`` (default: now), i.e. the same check with ``as_of`` standing in for ``done``.
    """
    import pandas as pd

    if (incident is None) != (customer_class is None):
        raise InvalidInput(
            "invalid incident: give incident and customer_class together", field="incident", value=incident
        )
    if start not in df.columns:
        raise InvalidInput(f"invalid start: no column {start!r}", field="start", value=start)
    if done is not None and done not in df.columns:
        raise InvalidInput(
            f"invalid done: no column {done!r} (pass done=None when there is none)", field="done", value=done
        )
    native = _native_engine(engine)
    rule_arg: Optional[c.Text] = None
    if incident is not None:
        # Each row's rule in the pack in force on its start, found in Rust (one lookup per
        # distinct kind, class and pack); nulls stay null, and so do unknown names with
        # errors="null".
        rows = len(df)
        rule_arg = _native.rules_for(
            c.text(_column_or_value(df, incident, "incident"), "incident", rows),
            c.text(_column_or_value(df, customer_class, "customer_class"), "customer_class", rows),
            *c.instants(df[start], "start"),
            errors=_errors(errors),
            engine=native,
        )
    elif clock is None:
        if rule == "rule" and "rule" not in df.columns:
            raise InvalidInput(
                "invalid rule: no column 'rule' (pass rule= a column name or a rule id, or clock= and amount=)",
                field="rule",
                value="rule",
            )
        rule_arg = _arg_text(_column_or_value(df, rule, "rule"), "rule", len(df))
    if as_of is None:
        as_of = _dt.datetime.now(_dt.timezone.utc)
    elif as_of.tzinfo is None:
        as_of = as_of.replace(tzinfo=c.BEIJING_TZ())
    as_of_ts = pd.Timestamp(as_of)
    if done is not None:
        closed = pd.to_datetime(df[done])
        if isinstance(closed.dtype, pd.DatetimeTZDtype):
            checked_at = closed.fillna(as_of_ts.tz_convert(closed.dt.tz))
        else:  # naive = Beijing wall time
            checked_at = closed.fillna(as_of_ts.tz_convert(c.BEIJING_TZ()).tz_localize(None))
        is_open = closed.isna()
    else:
        checked_at = pd.Series(as_of_ts, index=df.index)
        is_open = pd.Series(True, index=df.index)
    due, in_time = _deadlines(
        df[start],
        rule_arg,
        _column_or_value(df, area, "area"),
        _column_or_value(df, clock, "clock"),
        _column_or_value(df, amount, "amount"),
        checked_at,
        errors,
        native,
    )
    out = df.copy()
    out["due"] = due
    out["met"] = in_time.mask(is_open.to_numpy())
    out["overdue"] = ~in_time
    return out

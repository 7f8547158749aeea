"""Column functions for notebooks: pandas Series, numpy arrays, Polars Series or Arrow arrays in
(pyarrow's, chunked or not, or any library's through the Arrow C data or stream interface), the
same kind out (pyarrow for Arrow), computed in Rust over the whole column with the GIL released
(no Python-level loop).

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
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Tuple, Union, overload

from . import _columns as c
from . import _guifan as _native
from ._api import Engine, _native_engine
from ._errors import GuifanError
from ._kinds import InvalidInput

if TYPE_CHECKING:  # pragma: no cover
    import pandas as _pd

__all__ = ["deadlines", "tiers", "is_working_day", "count_working_days", "add_working_days", "sla_report"]

Column = Any
"""A pandas Series, a numpy array or a pyarrow Array / ChunkedArray."""


def _arg_text(x: Any, field: str) -> Optional[c.Text]:
    return None if x is None else c.text(x, field)


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
    rule_arg = _arg_text(rule, "rule")
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
    kwargs: Dict[str, Any] = {
        "rule": rule,
        "area": _arg_text(area, "area"),
        "clock": _arg_text(clock, "clock"),
        "amount": None if amount is None else c.whole(amount, "amount"),
        "errors": errors,
        "engine": engine,
    }
    if done is not None:
        kwargs["done"] = c.instants(done, "done")
    due, met = _native.deadlines(c.instants(start, "start"), **kwargs)
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
    key = c.text(kind_or_brand, "kind_or_brand")
    codes, names = _native.tiers(key, c.money(amount, "amount"), errors=errors, engine=_native_engine(engine))
    return c.out_tiers(codes, names, shape, "tier")


def is_working_day(dates: Column, *, errors: str = "raise", engine: Optional[Engine] = None) -> Column:
    """Whether each date is a working day (datetimes count by their Beijing date)."""
    shape = c.shape_of(dates, "dates")
    out = _native.is_working_day(c.dates(dates, "dates"), errors=errors, engine=_native_engine(engine))
    return c.out_bools(out, shape, "working_day")


def count_working_days(start: Column, end: Column, *, errors: str = "raise", engine: Optional[Engine] = None) -> Column:
    """Working days from ``start`` to ``end``, both included, per row."""
    shape = c.shape_of(start, "start")
    a, b = c.dates(start, "start"), c.dates(end, "end")
    out = _native.count_working_days(a, b, errors=errors, engine=_native_engine(engine))
    return c.out_ints(out, shape, "working_days")


def add_working_days(
    dates: Column, days: Union[int, Column], *, errors: str = "raise", engine: Optional[Engine] = None
) -> Column:
    """The ``days``-th working day after each date (the date itself not counted)."""
    shape = c.shape_of(dates, "dates")
    values = c.dates(dates, "dates")
    n = c.whole(days, "days")
    out = _native.add_working_days(values, n, errors=errors, engine=_native_engine(engine))
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
    done: Union[str, Mapping[str, str], None] = "done",
    rule: Optional[str] = "rule",
    area: Optional[str] = None,
    clock: Optional[str] = None,
    amount: Union[str, int, None] = None,
    incident: Optional[str] = None,
    customer_class: Optional[str] = None,
    as_of: Union[_dt.datetime, str, None] = None,
    pauses: Optional["_pd.DataFrame"] = None,
    id: str = "id",
    region: Optional[str] = None,
    errors: str = "raise",
    engine: Optional[Engine] = None,
) -> "_pd.DataFrame":
    """A tickets DataFrame with ``due``, ``met`` and ``overdue`` columns added (a copy); or,
    with ``pauses`` or a ``done`` mapping, a ticket report: one row per ticket and target.

    ``start`` and ``done`` name instant columns (``done`` null while a ticket is open; pass
    ``done=None`` when there is no such column). ``rule`` and ``area`` name columns, or give one
    rule id / area for every ticket; or give ``clock`` and ``amount`` instead of a rule; or give
    ``incident`` (``complaint`` / ``fault``) and ``customer_class`` (``ordinary`` / ``brand`` /
    ``vip``), columns or values, and each ticket gets the rule of its class in the pack in force
    on its start (``rule_for``).

    ``met`` is ``done <= due`` (INTERP.ONTIME), null for open tickets. ``overdue`` is true for a
    closed ticket that missed its deadline and for an open ticket whose deadline has passed at
    ``as_of`` (default: now), i.e. the same check with ``as_of`` standing in for ``done``.

    **Ticket report** (SLA.TICKET, INTERP.PAUSE), chosen by giving ``pauses`` or ``done`` as a
    mapping. Each ticket is measured as :meth:`guifan.Engine.ticket` measures one:

    - targets: ``incident`` and ``customer_class`` (columns or values) give each ticket the
      targets of its policy in the pack in force on its start (a fault of an ordinary customer:
      the call-back ``SLA.FAULT.CONTACT`` and the repair ``SLA.FAULT.ORDINARY``); or ``rule``,
      one target per ticket. ``area`` and ``region`` are columns or values (default urban and
      the default region).
    - ``done``: rule id → the name of the column holding when that target was done (null while
      it is not), e.g. ``done={"SLA.FAULT.CONTACT": "called_at", "SLA.FAULT.ORDINARY":
      "fixed_at"}``; with a single ``rule``, a column name as before.
    - ``pauses``: a DataFrame of the spans in which the tickets' clocks stop, one row per pause:
      the ticket id (column ``id``, as in ``df``), ``from`` and ``to`` (``to`` null while the
      pause is open). In any order, overlapping, before the start or after the due: each is
      cut at the start and at the target's done, and merged, as INTERP.PAUSE says. Pauses of
      tickets not in ``df`` are ignored. A pause ending before it starts is an error naming
      ``pauses[i].to`` (``i`` counted within the ticket) and the pauses table's row.
    - ``id`` names the tickets' id column (default ``"id"``; without one, the index is the id).
    - ``as_of``: the instant the states are for (default: now), or the name of a column (one
      instant per ticket; a null where a target is not done is an error of that ticket).

    The report has the columns ``id`` (named as the ``id`` argument), ``rule``, ``due``
    (null while an open pause leaves it unknown), ``state`` (``met``, ``breached``, ``running``
    or ``paused``), ``met`` (``done <= due``, for targets done), ``remaining`` and
    ``remaining_unit`` (time left at ``as_of``: ``seconds`` of running time, or ``days`` still
    to count, for targets not done), ``ticket_state`` (breached if any target is, else running,
    else paused, else met) and ``overdue`` (the target's state is ``breached``: done late, or
    not done and past its due at ``as_of``). A null or bad ticket (``errors="null"``) has one
    row with a null rule.
    """
    import pandas as pd

    if pauses is not None or isinstance(done, Mapping):
        return _ticket_report(
            df, start=start, done=done, rule=rule, area=area, region=region, clock=clock,
            incident=incident, customer_class=customer_class, as_of=as_of, pauses=pauses, id=id,
            errors=errors, engine=engine,
        )
    if isinstance(as_of, str) or region is not None:
        field = "region" if region is not None else "as_of"
        raise InvalidInput(
            f"invalid {field}: a column or a region goes with a ticket report (give pauses=, or done= a mapping)",
            field=field,
            value=str(region if region is not None else as_of),
        )
    if done is not None and not isinstance(done, str):
        raise InvalidInput(
            "invalid done: a column name, or a mapping rule id → column", field="done", value=str(done)
        )

    # The core's policy decides between rule, clock and policy; the "rule" column is the default
    # only where neither a clock nor a policy is given.
    by = _native.counted_by(
        rule=rule is not None and (rule != "rule" or (clock, incident, customer_class) == (None, None, None)),
        area=area is not None,
        clock=clock is not None,
        amount=amount is not None,
        incident=incident is not None,
        customer_class=customer_class is not None,
        takes_clock=True,
        takes_policy=True,
    )
    if start not in df.columns:
        raise InvalidInput(f"invalid start: no column {start!r}", field="start", value=start)
    if done is not None and done not in df.columns:
        raise InvalidInput(
            f"invalid done: no column {done!r} (pass done=None when there is none)", field="done", value=done
        )
    native = _native_engine(engine)
    rule_arg: Optional[c.Text] = None
    if by == "policy":
        # Each row's rule in the pack in force on its start, found in Rust (one lookup per
        # distinct kind, class and pack); nulls stay null, and so do unknown names with
        # errors="null".
        rule_arg = _native.rules_for(
            c.text(_column_or_value(df, incident, "incident"), "incident"),
            c.text(_column_or_value(df, customer_class, "customer_class"), "customer_class"),
            c.instants(df[start], "start"),
            errors=errors,
            engine=native,
        )
    elif by == "rule":
        if rule == "rule" and "rule" not in df.columns:
            raise InvalidInput(
                "invalid rule: no column 'rule' (pass rule= a column name or a rule id, or clock= and amount=)",
                field="rule",
                value="rule",
            )
        rule_arg = _arg_text(_column_or_value(df, rule, "rule"), "rule")
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


def _as_of_instant(as_of: Optional[_dt.datetime]) -> int:
    """``as_of`` (default: now; naive = Beijing wall time) as epoch microseconds."""
    if as_of is None:
        as_of = _dt.datetime.now(_dt.timezone.utc)
    elif as_of.tzinfo is None:
        as_of = as_of.replace(tzinfo=c.BEIJING_TZ())
    delta = as_of - _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def _increasing(ids: "_pd.Index") -> Any:
    """The ids as integers when they are integers in strictly increasing order, else ``None``."""
    np = c._np()
    if not isinstance(ids.dtype, np.dtype) or ids.dtype.kind != "i":
        return None
    values = ids.to_numpy()
    return values if bool((values[1:] > values[:-1]).all()) else None


def _unique(ids: "_pd.Index") -> bool:
    """Whether no ticket id repeats (strictly increasing integers, the usual id column, need no
    hash table)."""
    return _increasing(ids) is not None or bool(ids.is_unique)


def _positions(ids: "_pd.Index", keys: Any) -> Any:
    """Each key's position among the ids, -1 for a key that is not one. Ids that are a run of
    consecutive integers (0, 1, 2 …) are found by subtraction, the rest by a hash table."""
    np = c._np()
    values = _increasing(ids)
    keys = np.asarray(keys)
    if values is not None and len(values) and values[-1] - values[0] == len(values) - 1 and keys.dtype.kind == "i":
        first, last = int(values[0]), int(values[-1])
        at = keys.astype(np.int64, copy=False) - first if first else keys.astype(np.int64, copy=False)
        if len(keys) == 0 or (int(keys.min()) >= first and int(keys.max()) <= last):
            return at  # every key an id: the usual pauses table
        return np.where((at >= 0) & (at < len(values)), at, -1)
    return ids.get_indexer(keys)


def _pause_table(pauses: "_pd.DataFrame", id: str, ids: "_pd.Index") -> Tuple[Tuple[Any, c.Instants, c.Instants], Any]:
    """The pauses as the native table (offsets per ticket, ``from``, ``to``) and, per entry of
    the table, the pauses DataFrame's row it came from (``None``: the table's own order)."""
    np = c._np()
    for col in (id, "from", "to"):
        if col not in pauses.columns:
            raise InvalidInput(
                f"invalid pauses: no column {col!r} (expected {id!r}, 'from', 'to')", field="pauses", value=col
            )
    rows = len(pauses)
    at = _positions(ids, pauses[id])
    order = None  # every pause kept in its order: the columns pass as they are
    if rows and int(at.min()) < 0:  # pauses of tickets not in the report are left out
        order = np.flatnonzero(at >= 0)
        at = at[order]
    if len(at) and not bool((at[1:] >= at[:-1]).all()):
        by_ticket = np.argsort(at, kind="stable")
        order, at = (by_ticket if order is None else order[by_ticket]), at[by_ticket]
    offsets = np.zeros(len(ids) + 1, dtype=np.int64)
    np.cumsum(np.bincount(at, minlength=len(ids)), out=offsets[1:])

    def column(name: str) -> c.Instants:
        values, valid, unit = c.instants(pauses[name], f"pauses.{name}", arrow=False)
        if order is None:
            return values, valid, unit
        return values[order], None if valid is None else valid[order], unit

    return (offsets, column("from"), column("to")), order


def _with_pause_row(e: GuifanError, offsets: Any, order: Any, labels: "_pd.Index") -> GuifanError:
    """A ticket's error at ``pauses[i]...`` also naming the row of the pauses table."""
    import re

    m = re.match(r"pauses\[(\d+)\]", e.field or "")
    if m is None or e.row is None:
        return e
    entry = int(offsets[e.row]) + int(m.group(1))
    label = labels[entry if order is None else int(order[entry])]
    return type(e)(f"{e.message} (pauses table row {label!r})", field=e.field, value=e.value, row=e.row)


def _ticket_report(
    df: "_pd.DataFrame",
    *,
    start: str,
    done: Union[str, Mapping[str, str], None],
    rule: Optional[str],
    area: Optional[str],
    region: Optional[str],
    clock: Optional[str],
    incident: Optional[str],
    customer_class: Optional[str],
    as_of: Union[_dt.datetime, str, None],
    pauses: Optional["_pd.DataFrame"],
    id: str,
    errors: str,
    engine: Optional[Engine],
) -> "_pd.DataFrame":
    """:func:`sla_report`'s ticket report."""
    import pandas as pd

    if clock is not None:
        raise InvalidInput(
            "invalid clock: a ticket report measures rules (give rule=, or incident= and customer_class=)",
            field="clock",
            value=str(clock),
        )
    if start not in df.columns:
        raise InvalidInput(f"invalid start: no column {start!r}", field="start", value=start)
    ids = pd.Index(df[id]) if id in df.columns else df.index
    if not _unique(ids):
        repeated = str(ids[ids.duplicated()][0])
        raise InvalidInput(f"invalid {id}: ticket ids repeat (each ticket once)", field=id, value=repeated)
    kwargs: Dict[str, Any] = {"errors": errors, "engine": _native_engine(engine)}
    for name, arg in (("area", area), ("region", region)):
        kwargs[name] = _arg_text(_column_or_value(df, arg, name), name)
    policy = incident is not None or customer_class is not None
    if policy:
        for name, arg in (("incident", incident), ("customer_class", customer_class)):
            kwargs[name] = _arg_text(_column_or_value(df, arg, name), name)
    else:
        if rule is None or (rule == "rule" and "rule" not in df.columns):
            raise InvalidInput(
                "invalid rule: give rule= (a column or a rule id), or incident= and customer_class=",
                field="rule",
                value=str(rule),
            )
        kwargs["rule"] = _arg_text(_column_or_value(df, rule, "rule"), "rule")
    done_columns: List[Tuple[str, c.Instants]] = []
    if isinstance(done, Mapping):
        for key, col in done.items():
            series = df[col] if isinstance(col, str) and col in df.columns else col
            if isinstance(col, str) and col not in df.columns:
                raise InvalidInput(f"invalid done[{key!r}]: no column {col!r}", field="done", value=col)
            done_columns.append((str(key), c.instants(series, f"done.{key}")))
    elif done is not None and done in df.columns:
        if policy:
            raise InvalidInput(
                "invalid done: with a ticket policy give a mapping rule id → column", field="done", value=done
            )
        values, valid, unit = c.instants(df[done], "done", arrow=False)
        rule_arg = kwargs["rule"]
        if isinstance(rule_arg, str):
            done_columns.append((rule_arg, (values, valid, unit)))
        else:
            # One done column for per-row rules: each rule's column holds its own rows' instants.
            uniques, codes = rule_arg
            for k, u in enumerate(uniques):
                if u is not None:
                    mine = codes == k
                    done_columns.append((u, (values, mine if valid is None else mine & valid, unit)))
    elif done is not None and done != "done":
        raise InvalidInput(f"invalid done: no column {done!r}", field="done", value=done)
    kwargs["done"] = done_columns
    if isinstance(as_of, str):
        if as_of not in df.columns:
            raise InvalidInput(f"invalid as_of: no column {as_of!r}", field="as_of", value=as_of)
        kwargs["as_of"] = c.instants(df[as_of], "as_of")
    else:
        kwargs["as_of"] = _as_of_instant(as_of)
    order = offsets = None
    if pauses is not None:
        kwargs["pauses"], order = _pause_table(pauses, id, ids)
        offsets = kwargs["pauses"][0]
    try:
        out = _native.tickets(c.instants(df[start], "start"), **kwargs)
    except GuifanError as e:
        if offsets is None or pauses is None:
            raise
        raise _with_pause_row(e, offsets, order, pauses.index) from None
    ticket = out["ticket"]
    shape = c.Shape("pandas", len(ticket), pd.RangeIndex(len(ticket)))
    states, units = out["states"], out["remaining_unit"]
    report = pd.DataFrame(
        {
            id: ids.take(ticket),
            "rule": pd.Categorical.from_codes(out["rule"], categories=out["rules"]),
            "due": c.out_instants(out["due"], shape),
            "state": pd.Categorical.from_codes(out["state"], categories=states),
            "met": c.out_coded_bools(out["met"], shape),
            "remaining": c.out_masked_ints(out["remaining"], units >= 0, shape),
            "remaining_unit": pd.Categorical.from_codes(units, categories=out["units"]),
            "ticket_state": pd.Categorical.from_codes(out["ticket_state"][ticket], categories=states),
            "overdue": c.out_coded_bools(out["overdue"], shape),
        },
        copy=False,
    )
    return report

"""guifan in PySpark: SQL functions and DataFrame helpers (the implementation of
:mod:`guifan.spark`).

Every function is a Spark *Arrow UDF* (``pyspark.sql.functions.arrow_udf``, Spark >= 4.1): Spark
hands each Python worker whole Arrow record batches and the batch goes to the Rust core in one
call (:mod:`guifan._arrow`, then :mod:`guifan.batch`). No row is ever a Python object, no pandas
conversion sits in between, and so:

- a ``DECIMAL`` arrives as Arrow ``decimal128`` and is read by its digits (no float step);
- a ``TIMESTAMP`` arrives as epoch microseconds, an absolute instant, whatever
  ``spark.sql.session.timeZone`` is; a ``TIMESTAMP_NTZ`` is Beijing wall time (INTERP.TIME);
- nulls in give nulls out, and a bad value fails the query with guifan's error class, kind and
  value in the message (or gives a null with ``errors="null"`` in the helpers).

Every function runs on ``engine=`` (a :class:`guifan.Engine`: packs and calendars of your own),
the built-in engine when it is None. The engine travels to the workers inside the pickled
function, as the documents it was built from; each worker process builds it once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable, Dict, Mapping, Optional, Tuple, Union, cast

import pyarrow as pa
from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.pandas.functions import arrow_udf as _arrow_udf

from . import _arrow
from . import _guifan as _native
from ._api import Engine
from ._kinds import InvalidInput
from ._results import BEIJING

ColumnOrName = Union[Column, str]

TIMESTAMP = "timestamp"
TICKET = (
    "struct<targets: array<struct<rule: string, due: timestamp, state: string, met: boolean,"
    " remaining: bigint, remaining_unit: string>>, state: string>"
)
"""A ticket measured (SLA.TICKET): its targets and the ticket's state."""


def _scalar_udf(fn: Callable[..., pa.Array], return_type: str) -> Any:
    """A scalar Arrow UDF (Spark >= 4.1; pyspark's stubs type only the decorator forms)."""
    return cast(Any, _arrow_udf)(fn, return_type)


def _udfs(errors: str, engine: Optional[Engine]) -> Dict[str, Any]:
    """The Arrow UDFs by SQL name, failing (``raise``) or nulling (``null``) on a bad row."""

    def deadline(rule: pa.Array, area: pa.Array, start: pa.Array) -> pa.Array:
        return _arrow.deadline(start, rule=rule, area=area, errors=errors, engine=engine)

    def deadline_met(rule: pa.Array, area: pa.Array, start: pa.Array, done: pa.Array) -> pa.Array:
        _due, met = _arrow.deadline_met(start, done, rule=rule, area=area, errors=errors, engine=engine)
        return met

    def deadline_clock(clock: pa.Array, amount: pa.Array, start: pa.Array) -> pa.Array:
        return _arrow.deadline(
            start, clock=clock, amount=amount, errors=errors, function="guifan_deadline_clock", engine=engine
        )

    def is_working_day(d: pa.Array) -> pa.Array:
        return _arrow.is_working_day(d, errors=errors, engine=engine)

    def add_working_days(d: pa.Array, n: pa.Array) -> pa.Array:
        return _arrow.add_working_days(d, n, errors=errors, engine=engine)

    def count_working_days(start: pa.Array, end: pa.Array) -> pa.Array:
        return _arrow.count_working_days(start, end, errors=errors, engine=engine).cast(pa.int32())

    def tier(brand: pa.Array, annual_spend: pa.Array) -> pa.Array:
        return _arrow.tier(brand, annual_spend, errors=errors, engine=engine)

    def ticket(
        incident: pa.Array, customer_class: pa.Array, start: pa.Array, pauses: pa.Array, done: pa.Array, as_of: pa.Array
    ) -> pa.Array:
        return _arrow.ticket(
            start,
            incident=incident,
            customer_class=customer_class,
            pauses=pauses,
            done=done,
            as_of=as_of,
            errors=errors,
            engine=engine,
        )

    return {
        "guifan_ticket": _scalar_udf(ticket, TICKET),
        "guifan_deadline": _scalar_udf(deadline, TIMESTAMP),
        "guifan_deadline_met": _scalar_udf(deadline_met, "boolean"),
        "guifan_deadline_clock": _scalar_udf(deadline_clock, TIMESTAMP),
        "guifan_is_working_day": _scalar_udf(is_working_day, "boolean"),
        "guifan_add_working_days": _scalar_udf(add_working_days, "date"),
        "guifan_count_working_days": _scalar_udf(count_working_days, "int"),
        "guifan_tier": _scalar_udf(tier, "string"),
    }


_MADE: Dict[Tuple[str, str, Optional[Engine]], Any] = {}


def _once(what: str, errors: str, engine: Optional[Engine], make: Callable[[], Any]) -> Any:
    """Each set of UDF objects is made once per process and engine (Spark pickles them with every
    query plan); engines compare by identity."""
    key = (what, errors, engine)
    if key not in _MADE:
        _MADE[key] = make()
    return _MADE[key]


def functions(errors: str = "raise", engine: Optional[Engine] = None) -> Dict[str, Any]:
    """The SQL functions as Spark UDF objects by name (``guifan_deadline`` …), to call on
    ``Column`` s without registering them: ``functions()["guifan_deadline"](rule, area, start)``."""
    errors = _native.check_errors(errors)
    return dict(_once("functions", errors, engine, lambda: _udfs(errors, engine)))


def register(spark: SparkSession, engine: Optional[Engine] = None) -> Dict[str, Any]:
    """Registers the SQL functions in ``spark`` and returns them by name:

    - ``guifan_deadline(rule STRING, area STRING, start TIMESTAMP) -> TIMESTAMP`` (area NULL = the
      rule's default)
    - ``guifan_deadline_met(rule, area, start, done TIMESTAMP) -> BOOLEAN`` (``done <= due``)
    - ``guifan_deadline_clock(clock STRING, amount INT, start TIMESTAMP) -> TIMESTAMP``
    - ``guifan_is_working_day(d DATE) -> BOOLEAN``, ``guifan_add_working_days(d DATE, n INT) ->
      DATE``, ``guifan_count_working_days(from DATE, to DATE) -> INT`` (both ends included)
    - ``guifan_tier(brand STRING, annual_spend DECIMAL) -> STRING`` (personal customers)
    - ``guifan_ticket(incident STRING, customer_class STRING, start TIMESTAMP, pauses
      ARRAY<STRUCT<from: TIMESTAMP, to: TIMESTAMP>>, done MAP<STRING, TIMESTAMP>, as_of
      TIMESTAMP) -> STRUCT<targets: ARRAY<STRUCT<rule, due, state, met, remaining,
      remaining_unit>>, state>``: a ticket measured as :func:`guifan.sla_report` measures it
      (SLA.TICKET, INTERP.PAUSE). ``done`` maps a target's rule id to when it was done (a
      target not in the map is not done; NULL: none is); a pause's ``to`` is NULL while it is
      open, NULL ``pauses`` is none; ``as_of`` is the instant of the states
      (``current_timestamp()``). See :func:`with_tickets`.

    so that ``SELECT guifan_deadline(rule, NULL, created_at) FROM tickets`` works. A bad value
    fails the query with the error class (e.g. ``CalendarYearUnknown``), its kind and the value.
    They run on ``engine`` (the built-in engine when None); registering again replaces them, so
    ``register(spark, engine=guifan.Engine(pack="my-province.toml"))`` moves the session's SQL
    onto a pack of your own.
    """
    udfs = functions("raise", engine)
    for name, fn in udfs.items():
        spark.udf.register(name, fn)
    return udfs


# --- DataFrame helpers --------------------------------------------------------------------------


def _col(df: DataFrame, arg: ColumnOrName, what: str) -> Column:
    """A column argument: a ``Column``, or the name of a column of ``df``."""
    if isinstance(arg, Column):
        return arg
    if isinstance(arg, str) and arg in df.columns:
        return F.col(arg)
    raise InvalidInput(f"invalid {what}: no column {arg!r}", field=what, value=str(arg))


def _col_or_value(df: DataFrame, arg: Union[ColumnOrName, int, None], null_type: str) -> Column:
    """A column, a column's name, or else one value for every row (as in ``guifan.sla_report``)."""
    if isinstance(arg, Column):
        return arg
    if isinstance(arg, str) and arg in df.columns:
        return F.col(arg)
    return F.lit(arg).cast(null_type)


def with_deadlines(
    df: DataFrame,
    *,
    start: ColumnOrName = "start",
    rule: Optional[ColumnOrName] = "rule",
    area: Optional[ColumnOrName] = None,
    clock: Optional[ColumnOrName] = None,
    amount: Union[ColumnOrName, int, None] = None,
    done: Optional[ColumnOrName] = None,
    errors: str = "raise",
    due_column: str = "due",
    met_column: str = "met",
    engine: Optional[Engine] = None,
) -> DataFrame:
    """``df`` with a ``due`` column (and ``met`` when ``done`` is given: ``done <= due``, null
    while a ticket is open).

    ``start`` and ``done`` are columns (``Column`` or name). ``rule``, ``area``, ``clock`` and
    ``amount`` are columns, or when a string names no column of ``df``, one value for every row
    (``rule="SLA.COMPLAINT.ORDINARY"``); give ``clock`` and ``amount`` instead of a rule for a
    free period. ``errors="null"`` turns a bad row into nulls instead of failing the query.
    ``engine`` is the :class:`guifan.Engine` to run on (the built-in engine when None).
    """
    udfs = functions(_native.check_errors(errors), engine)
    begin = _col(df, start, "start")
    # The core's policy decides between rule and clock; the "rule" column is the default only
    # where no clock is given.
    by = _native.counted_by(
        rule=rule is not None and (clock is None or not isinstance(rule, str) or rule != "rule"),
        area=area is not None,
        clock=clock is not None,
        amount=amount is not None,
        incident=False,
        customer_class=False,
        takes_clock=True,
        takes_policy=False,
    )
    if by == "clock":
        basis = [_col_or_value(df, clock, "string"), _col_or_value(df, amount, "int")]
        due = udfs["guifan_deadline_clock"](*basis, begin)
        met_udf: Callable[..., Column] = _helper("deadline_clock_met", errors, engine)
    else:
        basis = [_col_or_value(df, rule, "string"), _col_or_value(df, area, "string")]
        due = udfs["guifan_deadline"](*basis, begin)
        met_udf = udfs["guifan_deadline_met"]
    out = df.withColumn(due_column, due)
    if done is not None:
        out = out.withColumn(met_column, met_udf(*basis, begin, _col(df, done, "done")))
    return out


def _helper_udfs(errors: str, engine: Optional[Engine]) -> Dict[str, Any]:
    """UDFs of the helpers that are no SQL function: met under a free clock, and the tier of a
    customer of any kind."""

    def deadline_clock_met(clock: pa.Array, amount: pa.Array, start: pa.Array, done: pa.Array) -> pa.Array:
        _due, met = _arrow.deadline_met(
            start, done, clock=clock, amount=amount, errors=errors, function="guifan_deadline_clock_met", engine=engine
        )
        return met

    def customer_tier(kind: pa.Array, brand: pa.Array, spend: pa.Array, revenue: pa.Array, rank: pa.Array) -> pa.Array:
        return _arrow.customer_tier(
            kind,
            brand=brand,
            annual_spend=spend,
            annual_revenue=revenue,
            rank=rank,
            rows=len(kind),
            errors=errors,
            engine=engine,
        )

    def ticket_policy(
        incident: pa.Array, customer_class: pa.Array, area: pa.Array, start: pa.Array, pauses: pa.Array, done: pa.Array, as_of: pa.Array
    ) -> pa.Array:
        return _arrow.ticket(
            start,
            incident=incident,
            customer_class=customer_class,
            area=area,
            pauses=pauses,
            done=done,
            as_of=as_of,
            errors=errors,
            engine=engine,
        )

    def ticket_rule(
        rule: pa.Array, area: pa.Array, start: pa.Array, pauses: pa.Array, done: pa.Array, as_of: pa.Array
    ) -> pa.Array:
        return _arrow.ticket(
            start, rule=rule, area=area, pauses=pauses, done=done, as_of=as_of, errors=errors, engine=engine
        )

    return {
        "ticket_policy": _scalar_udf(ticket_policy, TICKET),
        "ticket_rule": _scalar_udf(ticket_rule, TICKET),
        "deadline_clock_met": _scalar_udf(deadline_clock_met, "boolean"),
        "customer_tier": _scalar_udf(customer_tier, "string"),
    }


def _helper(name: str, errors: str, engine: Optional[Engine]) -> Any:
    return _once("helpers", errors, engine, lambda: _helper_udfs(errors, engine))[name]


def with_tiers(
    df: DataFrame,
    *,
    kind: Optional[ColumnOrName] = None,
    brand: Optional[ColumnOrName] = None,
    annual_spend: Optional[ColumnOrName] = None,
    annual_revenue: Optional[ColumnOrName] = None,
    rank: Optional[ColumnOrName] = None,
    errors: str = "raise",
    tier_column: str = "tier",
    engine: Optional[Engine] = None,
) -> DataFrame:
    """``df`` with a ``tier`` column (``none``, ``silver``, ``gold``, ``diamond``) for customers of
    every kind: ``personal`` (``brand`` and ``annual_spend``), ``enterprise``
    (``annual_revenue``), ``government`` (``rank``).

    ``kind`` is a column, or one kind for every row; without it the kind follows from the
    arguments given (``annual_spend`` personal, ``annual_revenue`` enterprise, ``rank``
    government). Amounts are read exactly (DECIMAL by its digits). ``brand`` may also be one
    value for every row. ``engine`` is the :class:`guifan.Engine` to run on (the built-in engine
    when None). The package basis (TIER.PACKAGE: monthly fee, subscription date, rating year) is
    not a column here: rate those customers with :func:`guifan.tier`.
    """
    _native.check_errors(errors)
    if kind is None:
        given = [k for k, v in (("personal", annual_spend), ("enterprise", annual_revenue), ("government", rank)) if v is not None]
        if len(given) != 1:
            raise InvalidInput(
                "invalid kind: give kind=, or exactly one of annual_spend (with brand), annual_revenue, rank",
                field="kind",
                value=", ".join(given) or "none",
            )
        kind = given[0]
    args = [
        _col_or_value(df, kind, "string"),
        _col_or_value(df, brand, "string"),
        _money(df, annual_spend),
        _money(df, annual_revenue),
        _col_or_value(df, rank, "string"),
    ]
    return df.withColumn(tier_column, _helper("customer_tier", errors, engine)(*args))


def _money(df: DataFrame, arg: Optional[ColumnOrName]) -> Column:
    if arg is None:
        return F.lit(None).cast("decimal(38,2)")
    return _col(df, arg, "amount")


def with_tickets(
    df: DataFrame,
    *,
    start: ColumnOrName = "start",
    incident: Optional[ColumnOrName] = None,
    customer_class: Optional[ColumnOrName] = None,
    rule: Optional[ColumnOrName] = None,
    area: Optional[ColumnOrName] = None,
    pauses: Optional[ColumnOrName] = None,
    done: Union[ColumnOrName, Mapping[str, ColumnOrName], None] = None,
    as_of: Union[ColumnOrName, dt.datetime, None] = None,
    errors: str = "raise",
    ticket_column: str = "ticket",
    engine: Optional[Engine] = None,
) -> DataFrame:
    """``df`` with a ``ticket`` column: each ticket measured against its targets as
    :func:`guifan.sla_report` measures it (SLA.TICKET, INTERP.PAUSE), a struct of ``targets``
    (an array of structs ``rule``, ``due``, ``state``, ``met``, ``remaining``,
    ``remaining_unit``) and the ticket's ``state``; null for a null start or, with
    ``errors="null"``, a bad ticket. One row per target:
    ``.selectExpr("*", f"inline({ticket_column}.targets)")``.

    Targets: ``incident`` and ``customer_class`` (the policy of the pack in force on the
    start), or one ``rule``; each a column or one value for every row, as ``area``.
    ``pauses`` is an ``array<struct<from: timestamp, to: timestamp>>`` column (``to`` NULL
    while open; any order, overlapping). ``done`` is a ``map<string, timestamp>`` column (rule
    id → when that target was done), or a mapping rule id → column. ``as_of`` is the instant
    the states are for: a column, a datetime, or the query's ``current_timestamp()`` (None).
    """
    _native.check_errors(errors)
    by = _native.counted_by(
        rule=rule is not None,
        area=False,
        clock=False,
        amount=False,
        incident=incident is not None,
        customer_class=customer_class is not None,
        takes_clock=False,
        takes_policy=True,
    )
    if isinstance(done, Mapping):
        pairs = [part for key, column in done.items() for part in (F.lit(str(key)), _col(df, column, "done"))]
        done_column = F.create_map(*pairs) if pairs else F.lit(None).cast("map<string, timestamp>")
    elif done is None:
        done_column = F.lit(None).cast("map<string, timestamp>")
    else:
        done_column = _col(df, done, "done")
    if as_of is None:
        at = F.current_timestamp()
    elif isinstance(as_of, dt.datetime):
        at = F.lit(as_of if as_of.tzinfo is not None else as_of.replace(tzinfo=BEIJING)).cast(TIMESTAMP)
    else:
        at = _col(df, as_of, "as_of")
    area_column = _col_or_value(df, area, "string")
    pauses_column = (
        _col(df, pauses, "pauses") if pauses is not None else F.lit(None).cast("array<struct<from: timestamp, to: timestamp>>")
    )
    measured = [area_column, _col(df, start, "start"), pauses_column, done_column, at]
    if by == "policy":
        policy = [_col_or_value(df, incident, "string"), _col_or_value(df, customer_class, "string")]
        column = _helper("ticket_policy", errors, engine)(*policy, *measured)
    else:
        column = _helper("ticket_rule", errors, engine)(_col_or_value(df, rule, "string"), *measured)
    return df.withColumn(ticket_column, column)

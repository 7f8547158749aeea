"""Arrow arrays in, Arrow arrays out: the column functions in the form data engines hand them
over (Spark's Arrow UDFs, Polars' ``map_batches``), on top of :mod:`guifan.batch`.

Engines give whole batches as ``pyarrow`` arrays, sometimes of types ``guifan.batch`` does not
read directly: Arrow's ``null`` type (a SQL ``NULL`` literal), ``string_view`` (Polars). Those
are converted here, without a Python loop over rows; every answer still comes from the Rust
core. An error names the engine-side function and the row's input values, because a row number
inside one engine batch would mean nothing to the person reading it. Every function runs on
``engine`` (a :class:`guifan.Engine`), the default engine when it is None.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Callable, Dict, List, Optional, Tuple, TypeVar, Union

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import _columns as c
from . import _guifan as _native
from . import batch
from ._api import Engine, _native_engine
from ._errors import GuifanError
from ._kinds import InvalidInput
from ._results import BEIJING

Value = Union[str, int, None, pa.Array, pa.ChunkedArray]
"""An argument: one Python value for every row, or an Arrow array (one value per row)."""

INSTANT = pa.timestamp("us", tz="+08:00")
T = TypeVar("T")


def tier_names() -> List[str]:
    """The tier names in their order (none < silver < gold < diamond), as the core lists them."""
    _codes, names = _native.tiers("e_home", ("int", np.zeros(0, dtype=np.int64), None))
    return list(names)


# --- arguments ----------------------------------------------------------------------------------


def _plain(x: Any, null_as: pa.DataType) -> Any:
    """An Arrow argument as ``guifan.batch`` reads it: one chunk, a real type for all-null
    columns, and regular strings for string views."""
    if not isinstance(x, (pa.Array, pa.ChunkedArray)):
        return x
    if isinstance(x, pa.ChunkedArray):
        x = x.combine_chunks() if x.num_chunks != 1 else x.chunk(0)
    if pa.types.is_null(x.type):
        return pa.nulls(len(x), type=null_as)
    if x.type == pa.string_view() or pa.types.is_large_string(x.type):
        return x.cast(pa.string())
    return x


def _text(x: Any) -> Any:
    return _plain(x, pa.string())


def _instants(x: Any) -> Any:
    return _plain(x, INSTANT)


def _dates(x: Any) -> Any:
    return _plain(x, pa.date32())


def _ints(x: Any) -> Any:
    return _plain(x, pa.int64())


# --- errors -------------------------------------------------------------------------------------

_ROW_PREFIX = re.compile(r"^row \d+: ")


def _shown(item: Any) -> Any:
    """A row's value as text-friendly Python: instants in Beijing time as ISO text, also inside
    lists, maps and structs (a ticket's pauses)."""
    if isinstance(item, dt.datetime) and item.tzinfo is not None:
        item = item.astimezone(BEIJING)
    if hasattr(item, "isoformat"):
        return item.isoformat()
    if isinstance(item, list):
        return [_shown(v) for v in item]
    if isinstance(item, dict):
        return {k: _shown(v) for k, v in item.items()}
    return item


def _at(value: Any, row: int) -> Any:
    if isinstance(value, (pa.Array, pa.ChunkedArray)):
        return None if row >= len(value) else _shown(value[row].as_py())
    return _shown(value)


def _framed(function: str, args: Dict[str, Any], call: Callable[[], T]) -> T:
    """Runs ``call``; a :class:`GuifanError` comes back as the same class, its message naming
    ``function``, the error kind, the field and value at fault and the row's inputs."""
    try:
        return call()
    except GuifanError as e:
        message = _ROW_PREFIX.sub("", e.message)
        shown = ""
        if e.row is not None:
            shown = ", ".join(f"{k}={_at(v, e.row)!r}" for k, v in args.items())
        text = f"{function}({shown}): {e.kind}: {message}"
        if e.value is not None and e.value not in message:
            text += f" [{e.field} = {e.value}]"
        raise type(e)(text, kind=e.kind, field=e.field, value=e.value, row=None) from None


# --- the column functions -----------------------------------------------------------------------


def deadline(
    start: Any,
    *,
    rule: Value = None,
    area: Value = None,
    clock: Value = None,
    amount: Value = None,
    errors: str = "raise",
    function: str = "guifan_deadline",
    engine: Optional[Engine] = None,
) -> Any:
    """Due instants (``timestamp[us, +08:00]``) as :func:`guifan.batch.deadlines`; a null area
    is the rule's default."""
    return _deadlines(function, start, None, dict(rule=rule, area=area, clock=clock, amount=amount), errors, engine)


def deadline_met(
    start: Any,
    done: Any,
    *,
    rule: Value = None,
    area: Value = None,
    clock: Value = None,
    amount: Value = None,
    errors: str = "raise",
    function: str = "guifan_deadline_met",
    engine: Optional[Engine] = None,
) -> Tuple[Any, Any]:
    """``(due, met)``: the due instants and whether ``done <= due`` (null where either is null)."""
    basis = dict(rule=rule, area=area, clock=clock, amount=amount)
    due, met = _deadlines(function, start, done, basis, errors, engine)
    return due, met


def _deadlines(
    function: str, start: Any, done: Any, basis: Dict[str, Value], errors: str, engine: Optional[Engine]
) -> Any:
    shown = {k: v for k, v in dict(start=start, done=done, **basis).items() if v is not None}
    kwargs = dict(
        rule=_text(basis["rule"]),
        area=_text(basis["area"]),
        clock=_text(basis["clock"]),
        amount=_ints(basis["amount"]),
        errors=errors,
        engine=engine,
    )
    if done is not None:
        kwargs["done"] = _instants(done)
    return _framed(function, shown, lambda: batch.deadlines(_instants(start), **kwargs))


def is_working_day(
    dates: Any, *, errors: str = "raise", function: str = "guifan_is_working_day", engine: Optional[Engine] = None
) -> Any:
    return _framed(function, {"d": dates}, lambda: batch.is_working_day(_dates(dates), errors=errors, engine=engine))


def add_working_days(
    dates: Any,
    days: Value,
    *,
    errors: str = "raise",
    function: str = "guifan_add_working_days",
    engine: Optional[Engine] = None,
) -> Any:
    return _framed(
        function,
        {"d": dates, "n": days},
        lambda: batch.add_working_days(_dates(dates), _ints(days), errors=errors, engine=engine),
    )


def count_working_days(
    start: Any,
    end: Any,
    *,
    errors: str = "raise",
    function: str = "guifan_count_working_days",
    engine: Optional[Engine] = None,
) -> Any:
    """Working days from ``start`` to ``end``, both included (``int64``)."""
    return _framed(
        function,
        {"from": start, "to": end},
        lambda: batch.count_working_days(_dates(start), _dates(end), errors=errors, engine=engine),
    )


def tier(
    kind_or_brand: Value,
    amount: Any,
    *,
    errors: str = "raise",
    function: str = "guifan_tier",
    engine: Optional[Engine] = None,
) -> Any:
    """Tier names (``string``) of annual amounts on a personal brand's or the enterprise table.
    Arrow decimals are read by their digits, integers exactly, floats through their repr."""
    return _framed(
        function,
        {"brand": kind_or_brand, "annual_spend": amount},
        lambda: batch.tiers(_text(kind_or_brand), _plain(amount, pa.int64()), errors=errors, engine=engine),
    )


def _rank_tiers(ranks: Any, errors: str, engine: Optional[Engine]) -> Any:
    """Tiers of government ranks: one core call per distinct rank, then a gather."""
    encoded = ranks.dictionary_encode()
    names: List[Optional[str]] = []
    native = _native_engine(engine)
    for row, rank in enumerate(encoded.dictionary.to_pylist()):
        try:
            customer = {"kind": "government", "rank": rank}
            names.append(_native.call("tier", {"customer": customer}, native)["tier"])
        except GuifanError as e:
            if errors != "null":
                first = pc.index(encoded.indices, row).as_py()
                raise type(e)(e.message, kind=e.kind, field=e.field, value=e.value, row=first) from None
            names.append(None)
    return pc.take(pa.array(names, type=pa.string()), encoded.indices)


def customer_tier(
    kind: Value,
    *,
    brand: Value = None,
    annual_spend: Any = None,
    annual_revenue: Any = None,
    rank: Value = None,
    rows: int,
    errors: str = "raise",
    function: str = "guifan_customer_tier",
    engine: Optional[Engine] = None,
) -> Any:
    """Tiers of customers of every kind of the contract (``personal`` on ``brand`` and
    ``annual_spend``, ``enterprise`` on ``annual_revenue``, ``government`` on ``rank``), the
    kind given per row or once. Each kind's rows go to the core's column function for it; the
    other rows are nulls there, and the answers are merged."""
    args = {"kind": kind, "brand": brand, "annual_spend": annual_spend, "annual_revenue": annual_revenue, "rank": rank}
    shown = {k: v for k, v in args.items() if v is not None}

    def column(x: Any, null_as: pa.DataType) -> Any:
        if x is None:
            return pa.nulls(rows, type=null_as)
        if isinstance(x, str):
            return pa.array([x] * rows, type=null_as) if rows else pa.array([], type=null_as)
        return _plain(x, null_as)

    def compute() -> Any:
        kinds = column(kind, pa.string())
        for unknown in pc.unique(kinds.filter(pc.invert(pc.is_in(kinds, pa.array(["personal", "enterprise", "government"]))))).to_pylist():
            if unknown is None:
                continue
            try:  # the core names what it accepts
                _native.call("tier", {"customer": {"kind": unknown}}, _native_engine(engine))
            except GuifanError as e:
                if errors == "null":
                    continue
                row = pc.index(kinds, unknown).as_py()
                raise type(e)(e.message, kind=e.kind, field=e.field, value=e.value, row=row) from None
        personal = pc.equal(kinds, "personal")
        keys = pc.if_else(personal, column(brand, pa.string()), pa.scalar(None, pa.string()))
        keys = pc.if_else(pc.equal(kinds, "enterprise"), "enterprise", keys)
        spend = column(annual_spend, pa.int64())
        revenue = column(annual_revenue, pa.int64())
        amounts = _amounts_by_kind(personal, spend, revenue)
        money = batch.tiers(keys, amounts, errors=errors, engine=engine)
        government = pc.if_else(pc.equal(kinds, "government"), column(rank, pa.string()), pa.scalar(None, pa.string()))
        return pc.coalesce(money, _rank_tiers(government, errors, engine))

    return _framed(function, shown, compute)


def _amounts_by_kind(personal: Any, spend: Any, revenue: Any) -> Any:
    """Per row the annual spend (personal) or revenue (others), in one exact Arrow type."""
    if spend.type != revenue.type:
        common = _common_money_type(spend.type, revenue.type)
        spend, revenue = spend.cast(common), revenue.cast(common)
    return pc.if_else(personal, spend, revenue)


def _common_money_type(a: pa.DataType, b: pa.DataType) -> pa.DataType:
    """A type both amount columns convert to without rounding: a null column takes the other's
    type; decimals widen to hold both; anything else is compared as text."""
    if pa.types.is_integer(a) and pa.types.is_integer(b):
        return pa.int64()
    if pa.types.is_decimal(a) and pa.types.is_integer(b):
        return pa.decimal128(min(38, max(a.precision, 19 + a.scale)), a.scale)
    if pa.types.is_integer(a) and pa.types.is_decimal(b):
        return _common_money_type(b, a)
    if pa.types.is_decimal(a) and pa.types.is_decimal(b):
        scale = max(a.scale, b.scale)
        digits = max(a.precision - a.scale, b.precision - b.scale)
        return pa.decimal128(min(38, digits + scale), scale)
    return pa.string()


# --- tickets (SLA.TICKET, INTERP.PAUSE) ---------------------------------------------------------

PAUSE = pa.struct([("from", INSTANT), ("to", INSTANT)])
"""One pause: ``to`` null while it is open."""
TARGET = pa.struct(
    [
        ("rule", pa.string()),
        ("due", INSTANT),
        ("state", pa.string()),
        ("met", pa.bool_()),
        ("remaining", pa.int64()),
        ("remaining_unit", pa.string()),
    ]
)
"""One target of a ticket, as a row of :func:`guifan.sla_report`'s ticket report."""
TICKET = pa.struct([("targets", pa.list_(TARGET)), ("state", pa.string())])
"""A ticket measured: its targets and the ticket's state (null for a null or bad ticket)."""


def _entries(lists: Any) -> Tuple[Any, Any]:
    """A list or map column's lengths per row (a null row: 0) and the child entries of the
    rows' own lists in order: a zero-copy slice without nulls, else one gather."""
    import numpy as np

    offsets = lists.offsets.to_numpy().astype(np.int64)
    lengths = np.diff(offsets)
    if lists.null_count == 0:
        return lengths, lists.values.slice(offsets[0], offsets[-1] - offsets[0])
    lengths = np.where(lists.is_valid().to_numpy(zero_copy_only=False), lengths, 0)
    before = np.cumsum(lengths) - lengths
    at = np.repeat(offsets[:-1] - before, lengths) + np.arange(int(lengths.sum()))
    return lengths, lists.values.take(pa.array(at))


def _pause_table(pauses: Any) -> Tuple[Any, c.Instants, c.Instants]:
    """A ``list<struct<from, to>>`` column as the core's pause table: the list offsets (a null
    list: no pauses) and the ``from`` / ``to`` children, without a loop over rows."""
    import numpy as np

    pauses = _plain(pauses, pa.list_(PAUSE))
    if pa.types.is_list(pauses.type) and pa.types.is_null(pauses.type.value_type):
        pauses = pauses.cast(pa.list_(PAUSE))  # an empty array literal (SQL ``array()``)
    t = pauses.type
    if not (pa.types.is_list(t) or pa.types.is_large_list(t)) or not pa.types.is_struct(t.value_type):
        raise InvalidInput(
            f"invalid pauses: a column of {t} (expected list<struct<from: timestamp, to: timestamp>>)",
            field="pauses",
            value=str(t),
        )
    missing = [n for n in ("from", "to") if t.value_type.get_field_index(n) < 0]
    if missing:
        raise InvalidInput(
            f"invalid pauses: no field {missing[0]!r} (expected 'from' and 'to')", field="pauses", value=missing[0]
        )
    lengths, spans = _entries(pauses)
    # One list per row of the pause column as given; the core holds their number against the rows.
    offsets = np.zeros(len(pauses) + 1, dtype="<i8")
    np.cumsum(lengths, out=offsets[1:])
    fields = spans.flatten()  # a null pause: null from and to
    f = c.instants(fields[t.value_type.get_field_index("from")], "pauses.from")
    to = c.instants(fields[t.value_type.get_field_index("to")], "pauses.to")
    return offsets, f, to


def _done_columns(done: Any, rows: int) -> Dict[str, Any]:
    """Done instants by rule id: a mapping rule id → column, or a ``map<string, timestamp>``
    column (one column per key that occurs, built by key with numpy, not row by row)."""
    import numpy as np

    if done is None:
        return {}
    if isinstance(done, dict):
        return {str(k): _instants(v) for k, v in done.items()}
    done = _plain(done, pa.map_(pa.string(), INSTANT))
    if not pa.types.is_map(done.type):
        raise InvalidInput(
            f"invalid done: a column of {done.type} (expected map<string, timestamp>, rule id → done)",
            field="done",
            value=str(done.type),
        )
    lengths, entries = _entries(done)
    if len(entries) == 0:  # also an empty map literal, of no key or value type
        return {}
    keys, values = entries.field(0), entries.field(1)
    if not pa.types.is_timestamp(values.type):
        raise InvalidInput(
            f"invalid done: a map to {values.type} (expected map<string, timestamp>)", field="done", value=str(values.type)
        )
    owner = np.repeat(np.arange(rows), lengths)
    out: Dict[str, Any] = {}
    for key in pc.unique(keys).to_pylist():
        # Per row, the index of its entry of this key (null: none), then one gather.
        at = np.flatnonzero(pc.equal(keys, key).to_numpy(zero_copy_only=False))
        index = np.zeros(rows, dtype=np.int64)
        present = np.zeros(rows, dtype=bool)
        index[owner[at]], present[owner[at]] = at, True
        out[str(key)] = values.take(pa.array(index, mask=~present))
    return out


def ticket(
    start: Any,
    *,
    rule: Value = None,
    incident: Value = None,
    customer_class: Value = None,
    area: Value = None,
    region: Value = None,
    done: Any = None,
    pauses: Any = None,
    as_of: Any = None,
    errors: str = "raise",
    function: str = "guifan_ticket",
    engine: Optional[Engine] = None,
) -> Any:
    """Tickets measured as :func:`guifan.sla_report`'s ticket report measures them, one
    :data:`TICKET` struct per row: ``targets`` (rule, due, state, met, remaining,
    remaining_unit) and the ticket's ``state``; null for a null start or (``errors="null"``) a
    bad ticket. ``done`` is a mapping rule id → column or a ``map<string, timestamp>`` column;
    ``pauses`` a ``list<struct<from, to>>`` column; ``as_of`` a datetime (default: now) or a
    column."""
    start = _instants(start)
    rows = len(start)
    args = dict(start=start, rule=rule, incident=incident, customer_class=customer_class, pauses=pauses, as_of=as_of)
    shown = {k: v for k, v in args.items() if v is not None}

    def compute() -> Any:
        kwargs: Dict[str, Any] = {"errors": errors, "engine": _native_engine(engine)}
        for name, value in (("rule", rule), ("incident", incident), ("customer_class", customer_class), ("area", area), ("region", region)):
            kwargs[name] = batch._arg_text(_text(value), name)
        kwargs["done"] = [(k, c.instants(v, f"done.{k}")) for k, v in _done_columns(done, rows).items()]
        if pauses is not None:
            kwargs["pauses"] = _pause_table(pauses)
        if isinstance(as_of, (pa.Array, pa.ChunkedArray)):
            kwargs["as_of"] = c.instants(_instants(as_of), "as_of")
        else:
            kwargs["as_of"] = batch._as_of_instant(as_of)
        out = _native.tickets(c.instants(start, "start"), **kwargs)
        return _ticket_structs(out, rows)

    return _framed(function, shown, compute)


def _ticket_structs(out: Dict[str, Any], rows: int) -> Any:
    """The core's report rows (one per ticket and target) as one :data:`TICKET` per ticket."""
    import numpy as np

    def named(codes: Any, names: List[str]) -> Any:
        return pc.take(pa.array(names, pa.string()), pa.array(codes.astype(np.int32), mask=codes < 0))

    ticket, rule = out["ticket"], out["rule"]
    keep = rule >= 0  # a null or bad ticket's single row has no rule
    due, met, unit = out["due"][keep], out["met"][keep], out["remaining_unit"][keep]
    targets = pa.StructArray.from_arrays(
        [
            named(rule[keep], out["rules"]),
            pa.array(due, mask=due == np.iinfo(np.int64).min).cast(INSTANT),
            named(out["state"][keep], out["states"]),
            pa.array(met == 1, mask=met < 0),
            pa.array(out["remaining"][keep], mask=unit < 0),
            named(unit, out["units"]),
        ],
        fields=list(TARGET),
    )
    offsets = np.zeros(rows + 1, dtype=np.int32)
    np.cumsum(np.bincount(ticket[keep], minlength=rows), out=offsets[1:])
    state = out["ticket_state"]
    absent = pa.array(state < 0)
    lists = pa.ListArray.from_arrays(pa.array(offsets), targets, type=TICKET.field("targets").type, mask=absent)
    return pa.StructArray.from_arrays([lists, named(state, out["states"])], fields=list(TICKET), mask=absent)

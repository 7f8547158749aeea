"""guifan 规范: Chinese telecom customer-service norms as exact, explainable computations.

Membership tiers, membership status, points, and deadlines under every clock the documents use,
on the official working-day calendar of mainland China, computed by the Rust core. Every result
names its rule; ``result.explanation`` (or ``guifan.explain(result)``) gives the clause, the
original words and the steps.

>>> import guifan
>>> from datetime import datetime
>>> from decimal import Decimal
>>> guifan.tier(brand="e_home", annual_spend=Decimal("3360")).tier
'diamond'
>>> guifan.deadline(rule="SLA.COMPLAINT.ORDINARY", start=datetime(2025, 9, 30, 10)).due.isoformat()
'2025-10-12T00:00:00+08:00'

Money: ``Decimal``, ``int`` and ``str`` are read exactly, a ``float`` through its repr
(3359.99 is 3359.99; numpy's floating scalars too, at their own precision); NaN and infinities
are errors. Time: ``date`` for dates, ``datetime`` for instants (naive = Beijing time, aware ones
converted); instants come back aware at +08:00. Errors raise :class:`GuifanError` (a
``ValueError``) subclasses named after the contract's error kinds, except :func:`evaluate`,
which answers errors as data. A bug in guifan itself raises :class:`InternalError` (kind
``internal``), never a crash or an exception ``except Exception`` misses.

Thresholds, periods and windows are data: a rule pack. The functions here run on the default
engine (the built-in pack and calendar); :class:`Engine` runs on packs and calendar files of
your own, e.g. ``guifan.Engine(pack="my-province.toml", calendar="cn-2027.json")``, with the
same methods.
"""

from __future__ import annotations

from . import batch
from ._api import (
    DateLike,
    Engine,
    Instant,
    Money,
    PauseLike,
    PointsLedger,
    Source,
    add_working_days,
    calendar_day,
    calendar_from_notice,
    count_working_days,
    cutover,
    deadline,
    dunning,
    evaluate,
    explain,
    is_working_day,
    known_years,
    load_calendar,
    merge_points,
    notify_window,
    packs,
    punctuality,
    redeem_points,
    reset_calendar,
    review,
    rule,
    rule_for,
    rules,
    set_provisional,
    status,
    ticket,
    tier,
    visit,
)
from ._errors import GuifanError, error_class
from ._kinds import (
    CalendarYearUnknown,
    CustomerMismatch,
    DuplicateLotConflict,
    InsufficientPoints,
    InternalError,
    InvalidInput,
    NegativeAmount,
    OverrideAbovePrevious,
    OverrideNeedsApproval,
    OverrideNotHigher,
    OverrideWithoutDowngrade,
    PointsFrozen,
    UnknownBrand,
    UnknownOp,
    UnknownRule,
)
from ._guifan import __version__
from ._results import (
    BEIJING,
    Catalogue,
    Cutover,
    Day,
    DayStep,
    Deadline,
    Document,
    Dunning,
    Explanation,
    NoteStep,
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
    Step,
    Take,
    Ticket,
    TicketTarget,
    TierResult,
)
from .batch import sla_report

__all__ = [
    "__version__",
    "BEIJING",
    # engines
    "Engine",
    "packs",
    # typed functions
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
    "PointsLedger",
    "rule",
    "rules",
    "explain",
    "load_calendar",
    "reset_calendar",
    "set_provisional",
    "calendar_from_notice",
    "rule_for",
    "known_years",
    "batch",
    "sla_report",
    # input aliases
    "Money",
    "Instant",
    "DateLike",
    "Source",
    "PauseLike",
    # results
    "Result",
    "TierResult",
    "ReviewResult",
    "StatusResult",
    "Deadline",
    "Ticket",
    "TicketTarget",
    "Day",
    "NotifyWindow",
    "Visit",
    "Cutover",
    "Dunning",
    "Punctuality",
    "PointsBalance",
    "Redemption",
    "Take",
    "PointsChange",
    "Explanation",
    "Rule",
    "Catalogue",
    "PackRef",
    "PackInfo",
    "Document",
    "Step",
    "NoteStep",
    "DayStep",
    # errors
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
    "error_class",
]

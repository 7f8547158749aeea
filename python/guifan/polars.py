"""guifan in Polars (``pip install 'guifan[polars]'``): expressions computed by the Rust core
over the columns' Arrow buffers, usable in lazy queries, ``with_columns`` and
``group_by().agg``.

>>> import polars as pl, guifan.polars as gp
>>> tickets.with_columns(gp.deadline("start", rule=pl.col("rule"), area=pl.col("area")))  # doctest: +SKIP

Arguments and types are described in :mod:`guifan._polars`.
"""

from __future__ import annotations

try:
    from ._polars import (
        IntoExpr,
        Value,
        Whole,
        add_working_days,
        count_working_days,
        deadline,
        deadline_clock,
        deadline_met,
        is_working_day,
        ticket,
        ticket_dtype,
        tier,
        tier_dtype,
    )
except ImportError as e:  # pragma: no cover - depends on the environment
    raise ImportError(f"guifan.polars needs polars and pyarrow: pip install 'guifan[polars]' ({e})") from e

__all__ = [
    "IntoExpr",
    "Value",
    "Whole",
    "tier_dtype",
    "deadline",
    "deadline_met",
    "deadline_clock",
    "is_working_day",
    "add_working_days",
    "count_working_days",
    "tier",
    "ticket_dtype",
    "ticket",
]

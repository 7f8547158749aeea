"""Stubs of ``guifan.polars`` (needs polars and pyarrow)."""

import datetime as dt
from typing import Mapping, Optional, Union

import polars as pl

from ._api import Engine

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

IntoExpr = Union[str, pl.Expr]
Value = Union[str, pl.Expr, None]
Whole = Union[int, pl.Expr]

def tier_dtype() -> pl.Enum: ...
def deadline(
    start: IntoExpr, *, rule: Value, area: Value = None, errors: str = "raise", engine: Optional[Engine] = None
) -> pl.Expr: ...
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
) -> pl.Expr: ...
def deadline_clock(
    start: IntoExpr, *, clock: Value, amount: Whole, errors: str = "raise", engine: Optional[Engine] = None
) -> pl.Expr: ...
def is_working_day(dates: IntoExpr, *, errors: str = "raise", engine: Optional[Engine] = None) -> pl.Expr: ...
def add_working_days(dates: IntoExpr, n: Whole, *, errors: str = "raise", engine: Optional[Engine] = None) -> pl.Expr: ...
def count_working_days(
    start: IntoExpr, end: IntoExpr, *, errors: str = "raise", engine: Optional[Engine] = None
) -> pl.Expr: ...
def tier(kind_or_brand: Value, amount: IntoExpr, *, errors: str = "raise", engine: Optional[Engine] = None) -> pl.Expr: ...
def ticket_dtype() -> pl.Struct: ...
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
) -> pl.Expr: ...

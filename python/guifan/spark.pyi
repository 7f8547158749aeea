"""Stubs of ``guifan.spark`` (needs pyspark >= 4.1 and pyarrow)."""

import datetime as dt
from typing import Any, Dict, Mapping, Optional, Union

from pyspark.sql import Column, DataFrame, SparkSession

from ._api import Engine

__all__ = ["ColumnOrName", "register", "functions", "with_deadlines", "with_tiers", "with_tickets"]

ColumnOrName = Union[Column, str]

def register(spark: SparkSession, engine: Optional[Engine] = None) -> Dict[str, Any]: ...
def functions(errors: str = "raise", engine: Optional[Engine] = None) -> Dict[str, Any]: ...
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
) -> DataFrame: ...
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
) -> DataFrame: ...
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
) -> DataFrame: ...

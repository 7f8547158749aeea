"""Stubs of ``guifan.spark`` (needs pyspark >= 4.1 and pyarrow)."""

from typing import Any, Dict, Optional, Union

from pyspark.sql import Column, DataFrame, SparkSession

from ._api import Engine

__all__ = ["ColumnOrName", "register", "functions", "with_deadlines", "with_tiers"]

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

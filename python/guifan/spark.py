"""guifan in PySpark (``pip install 'guifan[spark]'``): SQL functions over Arrow batches and
DataFrame helpers, the same answers as :func:`guifan.evaluate` at engine speed.

>>> import guifan.spark
>>> guifan.spark.register(spark)                                       # doctest: +SKIP
>>> spark.sql("SELECT guifan_deadline(rule, NULL, created_at) AS due FROM tickets")  # doctest: +SKIP

See :mod:`guifan._spark` for how values cross the boundary (decimals by their digits, instants
whatever the session time zone, nulls through).
"""

from __future__ import annotations

try:
    from ._spark import ColumnOrName, functions, register, with_deadlines, with_tickets, with_tiers
except ImportError as e:  # pragma: no cover - depends on the environment
    raise ImportError(f"guifan.spark needs pyspark >= 4.1 and pyarrow: pip install 'guifan[spark]' ({e})") from e

__all__ = ["ColumnOrName", "register", "functions", "with_deadlines", "with_tiers", "with_tickets"]

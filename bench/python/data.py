"""The benchmark manifest (``bench/manifest.json``) and the data the Python runners generate from
it (``run.py`` and ``scale.py``): the manifest's 32-bit LCG from its seed, the same sequence the
Rust and Node runners draw, so every runner times the same rows."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict

import numpy as np

MANIFEST: Dict[str, Any] = json.loads((Path(__file__).resolve().parent.parent / "manifest.json").read_text(encoding="utf-8"))
CASES: Dict[str, Dict[str, Any]] = {c["id"]: c for c in MANIFEST["cases"]}
BEIJING = dt.timezone(dt.timedelta(hours=8))

_A, _C, _M = 1664525, 1013904223, 0xFFFFFFFF


def lcg(n: int) -> np.ndarray:
    """The manifest's generator, x = 1664525 x + 1013904223 mod 2^32 from its seed: the first n
    values (uint64). Vectorised by jumping ahead: x[i + k] = A x[i] + C with A = a^k and C = c (a^(k-1)
    + … + 1), so ten million values take a fraction of a second."""
    out = np.empty(n, dtype=np.uint64)
    block = max(1, min(n, 1 << 16))
    x = MANIFEST["data"]["seed"]
    for i in range(min(n, block)):
        x = (_A * x + _C) & _M
        out[i] = x
    jump, shift = 1, 0
    for _ in range(block):
        jump, shift = (jump * _A) & _M, (shift * _A + _C) & _M
    for start in range(block, n, block):
        end = min(start + block, n)
        # Both factors are below 2^32, so the product and sum stay below 2^64.
        out[start:end] = (out[start - block : end - block] * np.uint64(jump) + np.uint64(shift)) & np.uint64(_M)
    return out


def dates(n: int) -> list[dt.date]:
    """2004-01-01 plus (x mod 8036) days."""
    first = dt.date(2004, 1, 1)
    return [first + dt.timedelta(days=x % 8036) for x in lcg(n).tolist()]


def instants(n: int) -> np.ndarray:
    """Epoch microseconds of 2024-01-01T00:00+08:00 plus (x mod 78840000) seconds."""
    start = int(dt.datetime(2024, 1, 1, tzinfo=BEIJING).timestamp()) * 1_000_000
    return start + (lcg(n) % 78_840_000).astype(np.int64) * 1_000_000


def amounts(n: int) -> list[Decimal]:
    """(x mod 500000) / 100 CNY."""
    return [Decimal(x % 500_000).scaleb(-2) for x in lcg(n).tolist()]


def sla_tickets(n: int) -> Any:
    """The tickets and pauses of ``batch_sla_tickets`` (the manifest says how): two pandas
    DataFrames, instants as UTC ``datetime64``, nulls as NaT."""
    import pandas as pd

    x = lcg(n)
    start = instants(n)
    fault = (x >> np.uint64(8)) % np.uint64(2) == 0
    klass = np.array(["ordinary", "brand", "vip"])[((x >> np.uint64(9)) % np.uint64(3)).astype(np.int64)]
    count = ((x >> np.uint64(12)) % np.uint64(4)).astype(np.int64)
    total = int(count.sum())
    yz = lcg(n + 2 * total)[n:]
    owner = np.repeat(np.arange(n), count)
    frm = start[owner] + (yz[:total] % np.uint64(172_800)).astype(np.int64) * 1_000_000
    to = frm + (yz[total:] % np.uint64(14_400)).astype(np.int64) * 1_000_000
    open_ = np.zeros(total, dtype=bool)
    last = np.cumsum(count)[count > 0] - 1
    open_[last[((x >> np.uint64(14)) % np.uint64(10) == 0)[count > 0]]] = True
    done = start + (x % np.uint64(28_800)).astype(np.int64) * 1_000_000
    first_done = (x >> np.uint64(16)) % np.uint64(2) == 0
    nat = np.iinfo(np.int64).min

    def utc(micros: Any) -> Any:
        return pd.to_datetime(micros, unit="us", utc=True)

    tickets = pd.DataFrame(
        {
            "id": np.arange(n),
            "start": utc(start),
            "incident": pd.Categorical(np.where(fault, "fault", "complaint")),
            "customer_class": pd.Categorical(klass),
            "called": utc(np.where(first_done & fault & (klass != "vip"), done, nat)),
            "investigated": utc(np.where(first_done & ~fault, done, nat)),
        }
    )
    pauses = pd.DataFrame({"id": owner, "from": utc(frm), "to": utc(np.where(open_, nat, to))})
    return tickets, pauses

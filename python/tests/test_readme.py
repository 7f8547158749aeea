"""The README's Python examples run as written and print what their comments say."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def _blocks() -> list:  # type: ignore[type-arg]
    return re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def test_readme_has_the_examples() -> None:
    # five lines, rule packs, pandas, a ticket report, Spark SQL and Spark helpers (the notebook
    # and test_spark run those), Polars, Polars tickets, Dask
    assert len(_blocks()) == 9


def test_five_lines() -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(_blocks()[0], {})
    lines = out.getvalue().splitlines()
    assert lines[0] == "gold"
    assert lines[1] == "2025-10-12 00:00:00+08:00"
    assert "SLA.COMPLAINT.ORDINARY" in out.getvalue() and "国庆节" in out.getvalue()


def test_rule_packs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(README.parents[1])  # the paths are relative to the repository root
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(_blocks()[1], {})
    lines = out.getvalue().splitlines()
    assert lines[0] == "2027-01-08 00:00:00+08:00 sample-province 1.0"
    assert lines[1] == "diamond"
    assert lines[2] == "[('sample-province', datetime.date(2025, 1, 1))] 2027"


def test_pandas_example() -> None:
    pytest.importorskip("pandas")
    out = io.StringIO()
    scope: dict = {}  # type: ignore[type-arg]
    with contextlib.redirect_stdout(out):
        exec(_blocks()[2], scope)
    report = scope["report"]
    assert report["met"].tolist()[0] is True
    assert report["overdue"].tolist() == [False, True, False]
    text = out.getvalue()
    assert "diamond" in text and "gold" in text
    assert text.rstrip().splitlines()[-2].split()[-1] == "3"


def test_ticket_report_example() -> None:
    pytest.importorskip("pandas")
    out = io.StringIO()
    scope: dict = {}  # type: ignore[type-arg]
    with contextlib.redirect_stdout(out):
        # It follows the pandas example, which imports pandas and guifan.
        exec("import pandas as pd\nimport guifan\n" + _blocks()[3], scope)
    report = scope["report"]
    assert report["rule"].tolist() == ["SLA.FAULT.CONTACT", "SLA.FAULT.ORDINARY"]
    assert report["state"].tolist() == ["met", "running"]
    assert report["remaining"].tolist()[1] == 21600


def _run_with_tickets(block: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *names: str) -> dict:  # type: ignore[type-arg]
    """Runs a README block in a folder holding the CLI's sample tickets under ``names``."""
    sample = README.parents[1] / "crates" / "guifan-cli" / "examples" / "tickets.csv"
    for name in names:
        (tmp_path / name).write_bytes(sample.read_bytes())
    monkeypatch.chdir(tmp_path)
    scope: dict = {}  # type: ignore[type-arg]
    exec(block, scope)
    return scope


def test_polars_example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("polars")
    report = _run_with_tickets(_blocks()[6], tmp_path, monkeypatch, "tickets.csv")["report"]
    assert report.height > 10 and "SLA.COMPLAINT.ORDINARY" in report["rule"].to_list()
    assert all(0 <= m <= 1 for m in report["met"].to_list() if m is not None)


def test_polars_ticket_example() -> None:
    pytest.importorskip("polars")
    block = _blocks()[7]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(block, {})
    printed = out.getvalue().strip()
    assert printed == " ".join(line.lstrip("# ").strip() for line in block.split("print(")[1].splitlines()[1:] if line.startswith("#"))


def test_dask_example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("dask.dataframe")
    scope = _run_with_tickets(_blocks()[8], tmp_path, monkeypatch, "tickets-1.csv", "tickets-2.csv")
    overdue = scope["report"]["overdue"].sum().compute()
    assert overdue > 0 and overdue % 2 == 0  # the same tickets twice

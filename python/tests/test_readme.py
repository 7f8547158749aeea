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
    assert len(_blocks()) == 3


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

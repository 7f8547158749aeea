"""Shared fixtures: every test starts from the built-in calendar."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

import guifan

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent.parent


@pytest.fixture(autouse=True)
def builtin_calendar() -> Iterator[None]:
    guifan.reset_calendar()
    yield
    guifan.reset_calendar()


@pytest.fixture
def calendar_2027(tmp_path: Path) -> Path:
    """A made-up 2027 schedule (test data, not the State Council's): 1 Jan and 1–3 Feb rest
    days, Sunday 7 Feb a make-up working day."""
    path = tmp_path / "cn-2027.json"
    path.write_text(
        """{"years": {"2027": {
            "holidays": [
                {"date": "2027-01-01", "name": "new_years_day", "name_zh": "元旦"},
                {"date": "2027-02-01", "name": "spring_festival", "name_zh": "春节"},
                {"date": "2027-02-02", "name": "spring_festival", "name_zh": "春节"},
                {"date": "2027-02-03", "name": "spring_festival", "name_zh": "春节"}],
            "makeup_workdays": [
                {"date": "2027-02-07", "for": "spring_festival"}]}}}""",
        encoding="utf-8",
    )
    return path

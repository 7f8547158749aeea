"""Extra years loaded at run time (a path, a dict, JSON text); unknown years are errors."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import guifan

B = dt.timezone(dt.timedelta(hours=8))


def test_builtin_years() -> None:
    years = guifan.known_years()
    assert years[0] == 2004 and years[-1] == 2026 and len(years) == 23
    with pytest.raises(guifan.CalendarYearUnknown):
        guifan.is_working_day(dt.date(2027, 1, 4))


@pytest.mark.parametrize("form", ["path", "str_path", "dict", "json", "bytes"])
def test_load_2027(calendar_2027: Path, form: str) -> None:
    text = calendar_2027.read_text(encoding="utf-8")
    source = {
        "path": calendar_2027,
        "str_path": str(calendar_2027),
        "dict": json.loads(text),
        "json": text,
        "bytes": text.encode("utf-8"),
    }[form]
    assert guifan.load_calendar(source) == (2027,)  # type: ignore[arg-type]
    assert guifan.known_years()[-1] == 2027
    assert guifan.is_working_day(dt.date(2027, 1, 1)) is False
    assert guifan.is_working_day(dt.date(2027, 1, 4)) is True
    sunday = guifan.calendar_day(dt.date(2027, 2, 7))
    assert (sunday.working_day, sunday.makeup_for) == (True, "spring_festival")
    # A complaint on Thu 31 Dec 2026: 1 Jan is a rest day, 2–3 Jan a weekend.
    d = guifan.deadline(rule="SLA.COMPLAINT.ORDINARY", start=dt.datetime(2026, 12, 31, 10))
    assert d.due == dt.datetime(2027, 1, 7, tzinfo=B)
    assert guifan.count_working_days(dt.date(2027, 2, 1), dt.date(2027, 2, 7)) == 3  # Thu, Fri, Sun


def test_reset_and_snapshots(calendar_2027: Path) -> None:
    guifan.load_calendar(calendar_2027)
    d = guifan.deadline(rule="SLA.COMPLAINT.ORDINARY", start=dt.datetime(2026, 12, 31, 10))
    guifan.reset_calendar()
    with pytest.raises(guifan.CalendarYearUnknown):
        guifan.deadline(rule="SLA.COMPLAINT.ORDINARY", start=dt.datetime(2026, 12, 31, 10))
    # The result keeps the calendar it was computed on, so its explanation still works.
    assert any(isinstance(s, guifan.DayStep) and s.date == dt.date(2027, 1, 1) for s in d.explanation.steps)


def test_a_bad_document_changes_nothing(calendar_2027: Path) -> None:
    bad = json.loads(calendar_2027.read_text(encoding="utf-8"))
    bad["years"]["2028"] = {"holidays": [], "makeup_workdays": [{"date": "2028-01-05", "for": "new_years_day"}]}
    with pytest.raises(guifan.InvalidInput) as caught:
        guifan.load_calendar(bad)  # 5 Jan 2028 is a Wednesday, not a weekend
    assert "2028" in (caught.value.field or "") + str(caught.value)
    assert guifan.known_years()[-1] == 2026
    with pytest.raises(guifan.InvalidInput):
        guifan.load_calendar("{not json")
    with pytest.raises(FileNotFoundError):
        guifan.load_calendar("/nonexistent/cn-2027.json")
    with pytest.raises(TypeError):
        guifan.load_calendar(2027)  # type: ignore[arg-type]

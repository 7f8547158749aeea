"""The new year without a release: provisional answers on request (INTERP.PROVISIONAL), the
State Council's notice read into a calendar document, and what an engine says it knows."""

from __future__ import annotations

import copy
import datetime as dt
import json
import pickle
import re
from pathlib import Path
from typing import List

import pytest

import guifan
from guifan import _api

B = dt.timezone(dt.timedelta(hours=8))
NOTICES = Path(__file__).resolve().parents[2] / "spec-tests" / "notices"
ACROSS = {"rule": "SLA.COMPLAINT.ORDINARY", "start": dt.datetime(2026, 12, 29, 10)}


def _notice(name: str) -> str:
    return (NOTICES / name).read_text(encoding="utf-8")


# --- provisional answers ------------------------------------------------------------------------


def test_an_unknown_year_stays_an_error_without_the_option() -> None:
    with pytest.raises(guifan.CalendarYearUnknown) as caught:
        guifan.deadline(**ACROSS)  # type: ignore[arg-type]
    e = caught.value
    assert (e.kind, e.field, e.value) == ("calendar_year_unknown", "start", "2027")
    # The message names the Python ways out: load the year, or ask for provisional answers.
    for way in ("guifan.load_calendar(", "guifan.Engine(calendar=", "calendar_from_notice(", "provisional=True", "set_provisional(True)"):
        assert way in str(e), way
    # The years the law covers, as the core's statutory calendar gives them (INTERP.PROVISIONAL).
    assert "answer 2025–2100 provisionally" in str(e)
    assert not guifan.Engine().provisional


def test_provisional_engine_flags_its_answers() -> None:
    engine = guifan.Engine(provisional=True)
    assert engine.provisional
    d = engine.deadline(**ACROSS)  # type: ignore[arg-type]
    # 30 and 31 Dec counted; 1 Jan 2027 元旦 (Fri) and the weekend skipped; 4 Jan counted.
    assert d.due == dt.datetime(2027, 1, 5, tzinfo=B)
    assert (d.provisional, d.provisional_years) == (True, (2027,))
    assert d.to_dict()["provisional_years"] == [2027]
    assert "provisional=True, provisional_years=(2027,)" in repr(d)
    assert "provisional_years" in d._repr_html_()
    assert "INTERP.PROVISIONAL" in [r.id for r in d.explanation.rules]
    assert any("not yet known" in str(s).lower() for s in d.explanation.steps)
    # An answer resting on published days only is not flagged, and shows no flag.
    plain = engine.deadline(rule="SLA.COMPLAINT.ORDINARY", start=dt.datetime(2026, 12, 28, 10))
    assert (plain.provisional, plain.provisional_years) == (False, ())
    assert "provisional" not in plain.to_dict() and "provisional" not in repr(plain)
    assert plain == guifan.deadline(rule="SLA.COMPLAINT.ORDINARY", start=dt.datetime(2026, 12, 28, 10))
    eve = engine.calendar_day(dt.date(2027, 2, 5))
    assert (eve.working_day, eve.holiday_name_zh, eve.provisional, eve.provisional_years) == (False, "春节", True, (2027,))
    assert engine.is_working_day(dt.date(2027, 2, 9)) is True  # no 补休 invented
    assert engine.add_working_days(dt.date(2026, 12, 31), 1) == dt.date(2027, 1, 4)
    assert engine.count_working_days(dt.date(2027, 2, 1), dt.date(2027, 2, 12)) == 8
    answer = engine.evaluate({"op": "calendar.day", "input": {"date": "2027-02-05"}})
    assert (answer["provisional"], answer["provisional_years"]) == (True, [2027])
    # Years the law does not cover stay unknown.
    with pytest.raises(guifan.CalendarYearUnknown):
        engine.is_working_day(dt.date(2101, 1, 3))


def test_a_loaded_year_replaces_its_provisional_days(calendar_2027: Path) -> None:
    engine = guifan.Engine(calendar=calendar_2027, provisional=True)
    day = engine.calendar_day(dt.date(2027, 2, 7))  # a make-up working Sunday in the file
    assert (day.working_day, day.provisional) == (True, False)
    assert engine.count_working_days(dt.date(2027, 12, 30), dt.date(2028, 1, 4)) == 4


def test_provisional_option_is_a_boolean() -> None:
    with pytest.raises(TypeError):
        guifan.Engine(provisional="yes")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        guifan.set_provisional(1)  # type: ignore[arg-type]


def test_default_engine_provisional_until_reset(calendar_2027: Path) -> None:
    guifan.set_provisional(True)
    assert guifan.deadline(**ACROSS).provisional_years == (2027,)  # type: ignore[arg-type]
    guifan.load_calendar(calendar_2027)  # keeps the option, 2027 now published
    assert guifan.deadline(**ACROSS).provisional is False  # type: ignore[arg-type]
    assert guifan.is_working_day(dt.date(2028, 1, 4)) is True  # 2028 still provisional
    guifan.set_provisional(False)
    with pytest.raises(guifan.CalendarYearUnknown):
        guifan.is_working_day(dt.date(2028, 1, 4))
    guifan.set_provisional(True)
    guifan.reset_calendar()  # the built-in calendar, provisional answers off
    with pytest.raises(guifan.CalendarYearUnknown):
        guifan.deadline(**ACROSS)  # type: ignore[arg-type]


def test_provisional_engine_pickles_and_copies() -> None:
    engine = guifan.Engine(provisional=True)
    for again in (pickle.loads(pickle.dumps(engine)), copy.deepcopy(engine)):
        assert again.provisional
        assert again.deadline(**ACROSS).provisional_years == (2027,)  # type: ignore[arg-type]
    # The same documents without the option are another engine.
    assert not pickle.loads(pickle.dumps(guifan.Engine())).provisional


# --- what an engine knows -----------------------------------------------------------------------


def test_sources_and_the_year_ahead() -> None:
    engine = guifan.Engine()
    assert engine.sources(2026)[0].startswith("国务院办公厅关于2026年部分节假日安排的通知")
    assert engine.sources(2027) == ()
    assert engine.unknown_year_ahead(dt.date(2026, 12, 2)) == 2027
    assert engine.unknown_year_ahead("2026-11-01") is None  # 61 days ahead
    assert engine.unknown_year_ahead(dt.date(2027, 3, 1)) == 2027  # already started
    loaded = guifan.Engine(calendar=guifan.calendar_from_notice(_notice("2026.txt")))
    assert loaded.sources(2026) == ("国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04)",)


def _lines(engine: guifan.Engine) -> List[str]:
    return repr(engine).splitlines()


def test_repr_lists_years_with_sources_and_warns(monkeypatch: pytest.MonkeyPatch, calendar_2027: Path) -> None:
    monkeypatch.setattr(_api, "_today", lambda: dt.date(2026, 12, 2))
    lines = _lines(guifan.Engine())
    assert lines[0] == "<guifan.Engine packs=[guifan-builtin 2026.1] years=2004–2026"
    assert len([line for line in lines if re.match(r"  \d{4}: ", line)]) == 23
    assert any(line.startswith("  2026: 国务院办公厅关于2026年部分节假日安排的通知") for line in lines)
    warning = lines[-1]
    assert warning.startswith("  warning: 2027 starts in 30 days and its schedule is not known")
    assert "CalendarYearUnknown" in warning and "calendar_from_notice" in warning and warning.endswith(">")
    assert "answered provisionally" in _lines(guifan.Engine(provisional=True))[-1]
    assert " provisional=True" in _lines(guifan.Engine(provisional=True))[0]
    # No warning 61 days ahead, nor once the year is loaded (a file without a source says so).
    monkeypatch.setattr(_api, "_today", lambda: dt.date(2026, 11, 1))
    assert "warning" not in repr(guifan.Engine())
    monkeypatch.setattr(_api, "_today", lambda: dt.date(2026, 12, 2))
    loaded = _lines(guifan.Engine(calendar=calendar_2027))
    assert "warning" not in "".join(loaded) and "  2027: no source given>" == loaded[-1]


# --- the State Council's notice -----------------------------------------------------------------


def _batches() -> List[List[str]]:
    """The notices in publication order (index.json), each supplementary one with its year's
    when it extends a block (it needs the block), on its own when it adjusts one."""
    files = [e["file"] for e in json.loads(_notice("index.json"))]
    out: List[List[str]] = []
    for f in files:
        if f.endswith("-extension.txt"):
            out[-1].append(f)
        else:
            out.append([f])
    return out


def test_the_notices_in_order_reproduce_the_builtin_working_days() -> None:
    docs = [guifan.calendar_from_notice([_notice(f) for f in batch]) for batch in _batches()]
    assert len(docs) == 20
    engine = guifan.Engine(calendar=docs)
    # 2007's last three days are set by the 2008 notice, whose whole text was not found.
    by_2008 = {dt.date(2007, 12, d) for d in (29, 30, 31)}
    for year in [2007, *range(2010, 2027)]:
        assert engine.sources(year) and all(s.startswith("国务院") for s in engine.sources(year))
        day = dt.date(year, 1, 1)
        while day.year == year:
            if day not in by_2008:
                assert engine.is_working_day(day) == guifan.is_working_day(day), day
            day += dt.timedelta(days=1)
    assert engine.count_working_days("2008-01-01", "2026-12-31") == guifan.count_working_days("2008-01-01", "2026-12-31")


def test_one_notice_reproduces_its_year_exactly() -> None:
    engine = guifan.Engine(calendar=guifan.calendar_from_notice(_notice("2026.txt")))
    day = dt.date(2026, 1, 1)
    while day.year == 2026:
        assert engine.calendar_day(day) == guifan.calendar_day(day), day
        day += dt.timedelta(days=1)


def test_a_supplementary_notice_follows_its_year() -> None:
    doc = guifan.calendar_from_notice([_notice("2020.txt"), _notice("2020-extension.txt")])
    engine = guifan.Engine(calendar=doc)
    assert len(engine.sources(2020)) == 2 and engine.sources(2020)[1].startswith("国务院办公厅关于延长2020年春节假期的通知")
    assert engine.calendar_day(dt.date(2020, 2, 1)).holiday_name == "spring_festival"  # was a make-up day
    assert engine.is_working_day(dt.date(2020, 2, 3)) is True
    # Alone, an extension has no block to extend.
    with pytest.raises(guifan.InvalidInput):
        guifan.calendar_from_notice(_notice("2020-extension.txt"))


def test_the_document_loads_as_it_is_everywhere() -> None:
    doc = guifan.calendar_from_notice(_notice("2026.txt"))
    assert guifan.load_calendar(doc) == (2026,)
    assert guifan.load_calendar(json.dumps(doc, ensure_ascii=False)) == (2026,)
    assert guifan.evaluate({"op": "calendar.from_notice", "input": {"text": _notice("2026.txt")}}) == doc
    assert guifan.calendar_from_notice((_notice("2026.txt"),)) == doc


def test_refusals_list_every_problem() -> None:
    text = _notice("2026.txt").replace("共3天。1月4日", "共4天。1月4日").replace("2月14日(周六)", "2月14日(周五)")
    with pytest.raises(guifan.InvalidInput) as caught:
        guifan.calendar_from_notice(text)
    e = caught.value
    assert e.kind == "invalid_input" and e.message == str(e)
    assert len(e.problems) == 2 and all(p["field"].startswith("line ") for p in e.problems)
    assert (e.field, e.value) == (e.problems[0]["field"], e.problems[0]["value"])
    assert "共4天" in e.problems[0]["message"] or "4" in e.problems[0]["message"]
    # Several texts: each problem says which text.
    with pytest.raises(guifan.InvalidInput) as several:
        guifan.calendar_from_notice([_notice("2025.txt"), text])
    assert all(p["field"].startswith("notices[1].line ") for p in several.value.problems)
    # Cut short: refused, never a partial calendar.
    with pytest.raises(guifan.InvalidInput):
        guifan.calendar_from_notice(_notice("2026.txt")[:400])


@pytest.mark.parametrize(
    "bad, field",
    [(None, "text"), (42, "text"), ([], "text"), (["ok", 3], "text[1]"), ("\ud800", "text")],
)
def test_refused_arguments(bad: object, field: str) -> None:
    with pytest.raises(guifan.InvalidInput) as caught:
        guifan.calendar_from_notice(bad)  # type: ignore[arg-type]
    assert caught.value.field == field

"""Explanations as objects: built from the core's explanation without JSON, they equal the ones
read from the contract's JSON, and behave as frozen values (compared, hashed, copied, pickled)."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import pickle
from typing import Any, Dict

import pytest

import guifan
from guifan import _guifan as native

START = dt.datetime(2025, 9, 30, 10)
CALL = dt.datetime(2025, 3, 3, 9)


def contract(op: str, input: Dict[str, Any]) -> guifan.Explanation:
    """The explanation the contract's evaluation gives for a call, as the Python objects."""
    return native.explain(op, input)


@pytest.mark.parametrize(
    "input",
    [
        {"rule": "SLA.COMPLAINT.ORDINARY", "start": START},
        {"rule": "SLA.FAULT.CONTACT", "start": CALL, "pauses": [(dt.datetime(2025, 3, 3, 10), dt.datetime(2025, 3, 3, 12))]},
        {"rule": "SLA.FAULT.CONTACT", "start": CALL, "pauses": [(dt.datetime(2025, 3, 3, 10), None)]},
        {"clock": "working_minutes", "amount": 90, "start": dt.datetime(2025, 9, 30, 17)},
    ],
)
def test_a_deadline_explains_itself_as_the_contract_does(input: Dict[str, Any]) -> None:
    e = guifan.deadline(**input).explanation
    wanted = dict(input, pauses=[{"from": f, "to": t} for f, t in input.get("pauses", [])])
    assert e == contract("deadline", wanted)
    assert e.to_dict() == contract("deadline", wanted).to_dict()
    assert str(e) == str(contract("deadline", wanted))


def test_a_pause_reads_as_a_sentence() -> None:
    e = guifan.deadline(
        rule="SLA.FAULT.CONTACT", start=CALL, pauses=[(dt.datetime(2025, 3, 3, 10), None)]
    ).explanation
    assert str(e.steps[0]) == "paused 2025-03-03T10:00:00+08:00 → open (INTERP.PAUSE)"


def test_a_day_wholly_paused_says_so() -> None:
    """The core marks the days a pause skipped (INTERP.PAUSE); the JSON writes the mark only where set."""
    pause = (dt.datetime(2025, 3, 4), dt.datetime(2025, 3, 5, 12))  # all of Tuesday, Wednesday morning
    e = guifan.deadline(rule="SLA.COMPLAINT.ORDINARY", start=dt.datetime(2025, 3, 3, 10), pauses=[pause]).explanation
    days = [s for s in e.steps if isinstance(s, guifan.DayStep)]
    assert [(d.date.day, d.counted, d.paused) for d in days] == [(4, False, True), (5, True, False), (6, True, False), (7, True, False)]
    assert str(days[0]) == "2025-03-04 workday: skipped, paused all day"
    assert days[0] == guifan.DayStep(dt.date(2025, 3, 4), "workday", False, paused=True) != days[0].__class__(dt.date(2025, 3, 4), "workday", False)
    assert pickle.loads(pickle.dumps(days[0])).paused
    input = {"rule": "SLA.COMPLAINT.ORDINARY", "start": "2025-03-03T10:00:00", "pauses": [{"from": "2025-03-04T00:00:00", "to": "2025-03-05T12:00:00"}]}
    raw = native.evaluate({"op": "deadline", "input": input, "explain": True})
    assert [s.get("paused") for s in raw["explanation"]["steps"] if s.get("type") == "day"] == [True, None, None, None]
    assert "skipped, paused all day" in e._repr_html_()


def test_the_pieces_are_frozen_values() -> None:
    e = guifan.deadline(rule="SLA.COMPLAINT.ORDINARY", start=START).explanation
    rule, day = e.rules[0], next(s for s in e.steps if isinstance(s, guifan.DayStep))
    note = next(s for s in e.steps if isinstance(s, guifan.NoteStep))
    for value in (e, rule, rule.document, day, note):
        assert pickle.loads(pickle.dumps(value)) == value
        assert hash(pickle.loads(pickle.dumps(value))) == hash(value)
        assert copy.copy(value) is value and copy.deepcopy(value) is value
        assert value != "something else"
    with pytest.raises(dataclasses.FrozenInstanceError):
        rule.id = "X"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del e.rules
    assert day == guifan.DayStep(dt.date(2025, 10, 1), "holiday", False, "national_day", "国庆节")
    assert str(day) == "2025-10-01 holiday (national_day 国庆节): skipped"
    assert repr(note) == f"NoteStep(text={note.text!r})"
    assert repr(rule.document).startswith("Document(short='GZ', file='001_8acf559f1d4d1ff7.txt', title=")
    assert str(rule) == f"SLA.COMPLAINT.ORDINARY — GZ {rule.clause}: “{rule.words}”"


def test_built_by_hand_they_equal_the_ones_an_answer_gives() -> None:
    e = guifan.deadline(rule="SLA.COMPLAINT.ORDINARY", start=START).explanation
    rules = [guifan.Rule(r.id, guifan.Document(r.document.short, r.document.file, r.document.title), r.clause,
                         r.words, r.summary, r.computed) for r in e.rules]
    assert guifan.Explanation(rules, list(e.steps)) == e
    assert guifan.Explanation((), ()).to_dict() == {"rules": [], "steps": []}
    with pytest.raises(TypeError, match="expected a Rule, got str"):
        guifan.Explanation(["SLA.X"], ())  # type: ignore[list-item]


def test_a_catalogue_rule_keeps_its_params() -> None:
    rule = guifan.rule("TIER.PERSONAL.EHOME")
    assert rule.params["gold"] == ">= 2160 and < 3360"
    # In the pack's order (lowest band first), as the core lists them, not sorted by name.
    assert list(rule.params) == ["silver", "gold", "diamond"]
    assert list(guifan.evaluate({"op": "rules", "input": {"id": rule.id}})["params"]) == list(rule.params)
    (same,) = (r for r in guifan.rules() if r.id == rule.id)
    assert list(same.params) == list(rule.params)
    with pytest.raises(TypeError):
        rule.params["gold"] = "x"  # type: ignore[index]
    back = pickle.loads(pickle.dumps(rule))
    assert back == rule and back.params == rule.params
    assert rule.to_dict()["params"]["silver"] == ">= 1080 and < 2160"
    assert rule != guifan.Rule(rule.id, rule.document, rule.clause, rule.words, rule.summary, rule.computed)

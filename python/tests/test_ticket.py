"""Tickets (SLA.TICKET) and stopped clocks (INTERP.PAUSE) through the typed API: ``guifan.ticket``
and ``Engine.ticket`` return native frozen ``Ticket`` / ``TicketTarget`` values, and
``guifan.deadline`` takes ``pauses`` and ``region``."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
import pickle
from pathlib import Path
from decimal import Decimal
from typing import Any, Dict, List

import pytest

import guifan

SPEC = Path(__file__).resolve().parents[2] / "spec-tests"
BJ = guifan.BEIJING
UTC = dt.timezone.utc


def fault(**kw: Any) -> guifan.Ticket:
    """A fault of an ordinary customer reported Monday 3 March 2025 09:00, the call made at
    10:00, the customer away 12:00–18:00."""
    args: Dict[str, Any] = dict(
        start=dt.datetime(2025, 3, 3, 9),
        incident="fault",
        customer_class="ordinary",
        done={"SLA.FAULT.CONTACT": dt.datetime(2025, 3, 3, 10)},
        pauses=[(dt.datetime(2025, 3, 3, 12), dt.datetime(2025, 3, 3, 18))],
        as_of=dt.datetime(2025, 3, 4, 9),
    )
    args.update(kw)
    return guifan.ticket(**args)


def test_a_ticket_by_policy() -> None:
    t = fault()
    assert isinstance(t, guifan.Ticket) and isinstance(t, guifan.Result)
    assert t.state == "running"
    call, visit = t.targets
    assert isinstance(call, guifan.TicketTarget)
    assert (call.rule, call.clock, call.state, call.met) == ("SLA.FAULT.CONTACT", "clock_hours", "met", True)
    assert call.done == dt.datetime(2025, 3, 3, 10, tzinfo=BJ) and call.done.utcoffset() == dt.timedelta(hours=8)
    assert call.remaining is None and call.remaining_days is None and call.remaining_unit is None
    # 24 running hours: the 6 paused hours move the visit to 15:00 the next day.
    assert visit.due == dt.datetime(2025, 3, 4, 15, tzinfo=BJ)
    assert (visit.state, visit.met, visit.done) == ("running", None, None)
    assert visit.remaining == dt.timedelta(hours=6) and visit.remaining_unit == "seconds"
    assert t.pack == guifan.PackRef("guifan-builtin", t.pack.version)
    assert (t.provisional, t.provisional_years) == (False, ())


def test_the_engine_method_and_the_evaluate_contract_agree() -> None:
    t = fault()
    assert guifan.Engine().ticket(
        start=dt.datetime(2025, 3, 3, 9),
        incident="fault",
        customer_class="ordinary",
        done={"SLA.FAULT.CONTACT": dt.datetime(2025, 3, 3, 10)},
        pauses=[{"from": dt.datetime(2025, 3, 3, 12), "to": dt.datetime(2025, 3, 3, 18)}],
        as_of=dt.datetime(2025, 3, 4, 9),
    ) == t
    answer = guifan.evaluate(
        {
            "op": "ticket",
            "input": {
                "start": "2025-03-03T09:00:00+08:00",
                "incident": "fault",
                "customer_class": "ordinary",
                "done": {"SLA.FAULT.CONTACT": "2025-03-03T10:00:00+08:00"},
                "pauses": [{"from": "2025-03-03T12:00:00+08:00", "to": "2025-03-03T18:00:00+08:00"}],
                "as_of": "2025-03-04T09:00:00+08:00",
            },
        }
    )
    mine = t.to_dict()
    for want, got in zip(answer["targets"], mine["targets"]):
        assert set(want) == set(got)
        for key, value in want.items():
            assert got[key] == (dt.datetime.fromisoformat(value) if key in ("due", "done") else value)
    assert (mine["state"], mine["pack"]) == (answer["state"], answer["pack"])


def test_naive_datetimes_are_beijing_wall_time_and_aware_ones_are_converted() -> None:
    aware = fault(
        start=dt.datetime(2025, 3, 3, 1, tzinfo=UTC),
        done={"SLA.FAULT.CONTACT": dt.datetime(2025, 3, 3, 2, tzinfo=UTC)},
        pauses=[(dt.datetime(2025, 3, 3, 4, tzinfo=UTC), dt.datetime(2025, 3, 3, 18, tzinfo=BJ))],
        as_of="2025-03-04T01:00:00Z",
    )
    assert aware == fault()
    assert all(t.due is not None and t.due.utcoffset() == dt.timedelta(hours=8) for t in aware.targets)
    # Read as UTC, a naive 09:00 would be 17:00 in Beijing: the call would be due at 21:00.
    assert fault().targets[0].due == dt.datetime(2025, 3, 3, 13, tzinfo=BJ)


def test_remaining_is_a_timedelta_on_time_clocks_and_days_on_day_clocks() -> None:
    t = guifan.ticket(
        start=dt.datetime(2025, 9, 30, 10),
        incident="complaint",
        customer_class="ordinary",
        as_of=dt.datetime(2025, 9, 30, 11),
    )
    initial, handling = t.targets
    assert (initial.clock, initial.remaining, initial.remaining_days) == ("clock_hours", dt.timedelta(hours=23), None)
    assert handling.clock == "working_days" and handling.remaining is None
    assert handling.remaining_days == 3 and handling.remaining_unit == "days"
    # to_dict keeps the contract's shape: a number and its unit.
    assert t.to_dict()["targets"][0]["remaining"] == 23 * 3600
    assert t.to_dict()["targets"][0]["remaining_unit"] == "seconds"
    assert t.to_dict()["targets"][1]["remaining"] == 3


def test_an_open_pause_leaves_a_due_unknown() -> None:
    t = guifan.ticket(
        start="2025-09-30T10:00:00+08:00",
        incident="complaint",
        customer_class="ordinary",
        done={"SLA.DISPUTE.INITIAL": "2025-10-01T09:00:00+08:00"},
        pauses=[(dt.datetime(2025, 10, 9), None)],
        as_of=dt.datetime(2025, 10, 20),
    )
    handling = t.targets[1]
    assert (handling.due, handling.state, handling.remaining, handling.remaining_days) == (None, "paused", None, None)
    assert t.to_dict()["targets"][1]["due"] is None
    assert t.state == "paused"


def test_a_ticket_by_rules_keeps_their_order() -> None:
    t = guifan.ticket(
        start=dt.datetime(2025, 3, 7, 16),
        rules=["SLA.ACCEPT.NOTIFY", "SLA.ACCEPT.REVIEW"],
        done={"SLA.ACCEPT.NOTIFY": dt.datetime(2025, 3, 10, 17), "SLA.ACCEPT.REVIEW": dt.datetime(2025, 3, 8, 15)},
    )
    assert [x.rule for x in t.targets] == ["SLA.ACCEPT.NOTIFY", "SLA.ACCEPT.REVIEW"]
    assert t.state == "met"


def test_results_are_frozen_values() -> None:
    t = fault()
    with pytest.raises(dataclasses.FrozenInstanceError):
        t.state = "met"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        t.targets[0].due = None  # type: ignore[misc]
    assert t == fault() and hash(t) == hash(fault())
    assert t.targets[1] == fault().targets[1] and hash(t.targets[1]) == hash(fault().targets[1])
    assert t != fault(as_of=dt.datetime(2025, 3, 4, 10))
    assert t.targets[0] != t.targets[1]
    assert t != t.to_dict() and t.targets[0] != t
    assert len({t, fault(), fault(as_of=dt.datetime(2025, 3, 4, 10))}) == 2


def test_repr() -> None:
    t = fault()
    assert repr(t).startswith(
        "Ticket(state='running', targets=(TicketTarget(rule='SLA.FAULT.CONTACT', clock='clock_hours', "
        "due=2025-03-03T13:00:00+08:00, state='met', met=True, done=2025-03-03T10:00:00+08:00), "
        "TicketTarget(rule='SLA.FAULT.ORDINARY', clock='clock_hours', due=2025-03-04T15:00:00+08:00, "
        "state='running', remaining=datetime.timedelta(seconds=21600))), pack=PackRef("
    )
    day = guifan.ticket(start=dt.datetime(2025, 3, 3, 10), rules=["SLA.INSTALL.SAMEDAY"], as_of=dt.datetime(2025, 3, 3, 12))
    assert repr(day.targets[0]).endswith("state='running', remaining_days=1)")


LOT = {"id": "r1", "points": 10, "earned_on": dt.date(2025, 1, 1)}


@pytest.mark.parametrize("protocol", range(2, pickle.HIGHEST_PROTOCOL + 1))
def test_results_pickle_and_copy_without_the_engine(protocol: int) -> None:
    engine = guifan.Engine(pack=SPEC / "packs" / "sample-province.json")
    ledger = guifan.PointsLedger("c")
    ledger.earn([LOT])
    results: List[Any] = [
        fault(),
        fault().targets[1],
        engine.ticket(start=dt.datetime(2025, 3, 3, 9), rules=["SLA.FAULT.ORDINARY"], as_of=dt.datetime(2025, 3, 3, 10)),
        guifan.deadline(rule="SLA.FAULT.CONTACT", start=dt.datetime(2025, 3, 3, 9), pauses=[(dt.datetime(2025, 3, 3, 10), None)]),
        guifan.tier(brand="e_home", annual_spend=3360),
        # The record results, built in Rust with their explanation.
        engine.review(previous_tier="gold", current={"brand": "other", "annual_spend": Decimal("1300")}),
        engine.status(as_of=dt.date(2025, 6, 1), lines=[{"id": "a", "arrears_since": dt.date(2025, 5, 1)}]),
        engine.merge_points(customer_id="c", as_of=dt.date(2025, 2, 1), accounts=[{"account_id": "a", "customer_id": "c", "lots": [LOT]}]),
        engine.redeem_points(lots=[LOT], as_of=dt.date(2025, 2, 1), points=4),
        engine.calendar_day(dt.date(2025, 10, 1)),
        engine.notify_window(dt.datetime(2025, 3, 3, 21)),
        engine.visit(dt.datetime(2025, 3, 3, 21), booked=dt.datetime(2025, 3, 3, 20)),
        engine.cutover(start=dt.datetime(2025, 6, 10, 1), outage_hours=Decimal("2"), key_customers=False),
        engine.dunning(2),
        engine.punctuality(agreed=dt.datetime(2025, 3, 3, 9), arrived=dt.datetime(2025, 3, 3, 9, 11)),
        ledger.balance(dt.date(2025, 2, 1)),
        ledger.redeem(dt.date(2025, 2, 1), 3),
        ledger.history(dt.date(2025, 1, 1), dt.date(2025, 12, 31))[0],
    ]
    for result in results:
        data = pickle.dumps(result, protocol=protocol)
        assert b"Engine" not in data and b"sample-province.json" not in data
        back = pickle.loads(data)
        assert type(back) is type(result) and back == result and hash(back) == hash(result)
        assert repr(back) == repr(result) and back.to_dict() == result.to_dict()
        if not isinstance(result, guifan.TicketTarget):
            assert back.explanation == result.explanation and back.explanation.rules
            assert back._repr_html_() == result._repr_html_()
        assert copy.copy(result) is result and copy.deepcopy(result) is result
        assert copy.deepcopy({"r": result})["r"] is result
        # Every result is a native class of the extension, frozen like a frozen dataclass.
        assert type(result) is getattr(guifan._guifan, type(result).__name__)  # type: ignore[attr-defined]
        with pytest.raises(dataclasses.FrozenInstanceError):
            result.rule = "X"


def test_a_panic_while_explaining_is_an_internal_error() -> None:
    t = fault()
    guifan._guifan._panic_for_tests()  # type: ignore[attr-defined]
    with pytest.raises(guifan.InternalError):
        t.explanation
    assert t.explanation.rules  # asked again, it answers


def test_a_pickled_result_keeps_the_explanation_it_had() -> None:
    t = fault()
    back = pickle.loads(pickle.dumps(t))
    assert [r.id for r in back.explanation.rules] == [r.id for r in t.explanation.rules]


def test_the_html_view_is_a_timeline_per_target() -> None:
    t = guifan.ticket(
        start=dt.datetime(2025, 3, 3, 9),
        incident="fault",
        customer_class="ordinary",
        done={"SLA.FAULT.CONTACT": dt.datetime(2025, 3, 3, 10)},
        pauses=[
            (dt.datetime(2025, 3, 3, 12), dt.datetime(2025, 3, 3, 18)),
            {"from": dt.datetime(2025, 3, 4, 8, tzinfo=UTC)},
        ],
        as_of=dt.datetime(2025, 3, 4, 9),
    )
    page = t._repr_html_()
    for target in t.targets:
        assert target.rule in page and f">{target.state}<" in page
    assert "paused 2025-03-03 12:00 → 2025-03-03 18:00" in page
    assert "paused 2025-03-04 16:00 → open" in page  # 08:00Z is 16:00 in Beijing
    assert "done 2025-03-03 10:00" in page and "as of 2025-03-04 09:00" in page
    assert "due unknown" in page  # the visit, after the open pause
    assert "SLA.TICKET" in page and "INTERP.PAUSE" in page  # the explanation follows
    assert "<script" not in page


def test_the_html_view_escapes_what_it_shows() -> None:
    pack = json.loads((SPEC / "packs" / "sample-province.json").read_text(encoding="utf-8"))
    pack["name"] = "<b>&province"
    t = guifan.Engine(pack=pack).ticket(
        start=dt.datetime(2025, 3, 3, 9), rules=["SLA.FAULT.ORDINARY"], as_of=dt.datetime(2025, 3, 3, 10)
    )
    page = t._repr_html_()
    assert "&lt;b&gt;&amp;province" in page and "<b>&province" not in page


def test_the_explanation_cites_the_pause_and_ticket_rules() -> None:
    t = fault()
    ids = [r.id for r in t.explanation.rules]
    assert {"SLA.TICKET", "INTERP.PAUSE", "SLA.FAULT.CONTACT", "SLA.FAULT.ORDINARY"} <= set(ids)
    assert guifan.explain(t) == t.explanation
    steps = " ".join(str(s) for s in t.explanation.steps)
    assert "SLA.FAULT.ORDINARY: due 2025-03-04T15:00:00+08:00" in steps
    by_name = guifan.explain(
        "ticket",
        start=dt.datetime(2025, 3, 3, 9),
        incident="fault",
        customer_class="ordinary",
        done={"SLA.FAULT.CONTACT": dt.datetime(2025, 3, 3, 10)},
        pauses=[(dt.datetime(2025, 3, 3, 12), dt.datetime(2025, 3, 3, 18))],
        as_of=dt.datetime(2025, 3, 4, 9),
    )
    assert by_name == t.explanation


@pytest.mark.parametrize(
    "kwargs, field",
    [
        # to before from (INTERP.PAUSE), in either spelling of a pause
        ({"pauses": [(dt.datetime(2025, 3, 3, 12), dt.datetime(2025, 3, 3, 13)), {"from": dt.datetime(2025, 3, 3, 14)},
                     (dt.datetime(2025, 3, 3, 16), dt.datetime(2025, 3, 3, 15))]}, "pauses[2].to"),
        ({"pauses": [{"from": dt.datetime(2025, 3, 3, 16), "to": dt.datetime(2025, 3, 3, 15)}]}, "pauses[0].to"),
        ({"pauses": [(dt.datetime(2025, 3, 3, 12), "soon")]}, "pauses[0].to"),
        ({"pauses": [(object(), None)]}, "pauses[0].from"),
        ({"pauses": [{"from": dt.datetime(2025, 3, 3, 12), "until": None}]}, "pauses[0].until"),
        ({"pauses": [(dt.datetime(2025, 3, 3, 12),)]}, "pauses[0]"),
        ({"pauses": [(dt.datetime(2025, 3, 3, 12), None), (dt.datetime(2025, 3, 3, 13), 1, 2)]}, "pauses[1]"),
        ({"pauses": [None, (dt.datetime(2025, 3, 3, 12), 1, 2)]}, "pauses[0]"),
        ({"done": {"SLA.FAULT.BRAND": dt.datetime(2025, 3, 3, 10)}}, 'done["SLA.FAULT.BRAND"]'),
        ({"customer_class": None}, "customer_class"),
        ({"customer_class": None, "incident": None}, "rules"),
        ({"rules": ["SLA.FAULT.CONTACT"]}, "incident"),
        ({"as_of": None, "done": None}, "as_of"),
        ({"incident": "flood"}, "incident"),
    ],
)
def test_errors_name_the_field(kwargs: Dict[str, Any], field: str) -> None:
    args: Dict[str, Any] = dict(
        start=dt.datetime(2025, 3, 3, 9), incident="fault", customer_class="ordinary", as_of=dt.datetime(2025, 3, 3, 10)
    )
    args.update(kwargs)
    with pytest.raises(guifan.InvalidInput) as caught:
        guifan.ticket(**args)
    assert caught.value.kind == "invalid_input" and isinstance(caught.value, ValueError)
    assert caught.value.field == field, caught.value


def test_deadlines_take_pauses_and_a_region() -> None:
    start = dt.datetime(2025, 3, 3, 9)
    plain = guifan.deadline(rule="SLA.FAULT.CONTACT", start=start)
    paused = guifan.deadline(
        rule="SLA.FAULT.CONTACT", start=start, pauses=[(dt.datetime(2025, 3, 3, 10), dt.datetime(2025, 3, 3, 12))]
    )
    assert plain.due == dt.datetime(2025, 3, 3, 13, tzinfo=BJ)
    assert paused.due == dt.datetime(2025, 3, 3, 15, tzinfo=BJ)
    assert guifan.deadline(rule="SLA.FAULT.CONTACT", start=start, pauses=[(dt.datetime(2025, 3, 3, 10), None)]).due is None
    assert guifan.deadline(rule="SLA.FAULT.CONTACT", start=start, pauses=[]) == plain
    assert {r.id for r in paused.explanation.rules} >= {"INTERP.PAUSE", "SLA.FAULT.CONTACT"}
    assert guifan.explain("deadline", rule="SLA.FAULT.CONTACT", start=start, pauses=[(dt.datetime(2025, 3, 3, 10), dt.datetime(2025, 3, 3, 12))]) == paused.explanation
    # Xinjiang's office hours in the sample pack open at 10:00 (spec-tests/lunch-break.json).
    engine = guifan.Engine(pack=SPEC / "packs" / "sample-province.json")
    at = dt.datetime(2025, 3, 3, 9, 30)
    xinjiang = engine.deadline(rule="SLA.APPOINTMENT.CONFIRM", start=at, region="xinjiang")
    assert xinjiang.due == dt.datetime(2025, 3, 3, 11, tzinfo=BJ)
    assert engine.deadline(rule="SLA.APPOINTMENT.CONFIRM", start=at).due != xinjiang.due
    with pytest.raises(guifan.InvalidInput) as caught:
        guifan.deadline(rule="SLA.FAULT.CONTACT", start=start, pauses=[(dt.datetime(2025, 3, 3, 12), dt.datetime(2025, 3, 3, 11))])
    assert caught.value.field == "pauses[0].to"

"""``guifan.sla_report`` as a ticket report (SLA.TICKET, INTERP.PAUSE): pauses, several
targets per ticket, per-target done columns; every row checked against the scalar contract."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any, Dict, List, Optional

import pandas as pd
import pytest

import guifan

BJ = dt.timezone(dt.timedelta(hours=8))


def ts(s: str) -> pd.Timestamp:
    return pd.Timestamp(s, tz=BJ)


def fault(**columns: Any) -> pd.DataFrame:
    """One fault of an ordinary customer reported Monday 3 March 2025 09:00 (ticket 7)."""
    base: Dict[str, Any] = {
        "id": [7],
        "start": pd.to_datetime(["2025-03-03 09:00"]),
        "incident": ["fault"],
        "class": ["ordinary"],
    }
    base.update(columns)
    return pd.DataFrame(base)


def pauses(*spans: Any, ticket: int = 7) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": [ticket] * len(spans),
            "from": pd.to_datetime([a for a, _ in spans]),
            "to": pd.to_datetime([b for _, b in spans]),
        }
    )


def report(tickets: pd.DataFrame, p: Optional[pd.DataFrame], **kw: Any) -> pd.DataFrame:
    kw.setdefault("as_of", dt.datetime(2025, 3, 4, 9, 0))
    return guifan.sla_report(tickets, incident="incident", customer_class="class", pauses=p, **kw)


def test_the_documented_fault() -> None:
    # The call (4 h) made at 10:00; the customer away 12:00–18:00 moves the repair (24 h) by 6 h.
    r = report(
        fault(called=pd.to_datetime(["2025-03-03 10:00"])),
        pauses(("2025-03-03 12:00", "2025-03-03 18:00")),
        done={"SLA.FAULT.CONTACT": "called"},
    )
    assert list(r.columns) == [
        "id", "rule", "due", "state", "met", "remaining", "remaining_unit", "ticket_state", "overdue",
    ]
    assert r["id"].tolist() == [7, 7]
    assert r["rule"].tolist() == ["SLA.FAULT.CONTACT", "SLA.FAULT.ORDINARY"]
    assert r["due"].tolist() == [ts("2025-03-03 13:00"), ts("2025-03-04 15:00")]
    assert r["state"].tolist() == ["met", "running"]
    assert r["met"].tolist() == [True, pd.NA]
    assert r["remaining"].tolist() == [pd.NA, 6 * 3600]
    assert r["remaining_unit"].tolist()[1] == "seconds"
    assert r["ticket_state"].tolist() == ["running", "running"]
    assert r["overdue"].tolist() == [False, False]


def test_pauses_before_the_start_and_after_the_due_change_nothing() -> None:
    plain = report(fault(), None, done={})
    outside = report(
        fault(),
        pauses(("2025-03-01 00:00", "2025-03-03 09:00"), ("2025-03-05 00:00", "2025-03-06 00:00")),
    )
    assert outside["due"].tolist() == plain["due"].tolist() == [ts("2025-03-03 13:00"), ts("2025-03-04 09:00")]
    # Straddling the start: only the part after it counts (1 h).
    straddle = report(fault(), pauses(("2025-03-03 08:00", "2025-03-03 10:00")))
    assert straddle["due"].tolist() == [ts("2025-03-03 14:00"), ts("2025-03-04 10:00")]


def test_open_overlapping_and_out_of_order_pauses() -> None:
    # Open since 10:00: neither due is known; at 09:00 next day the clock is stopped.
    open_ = report(fault(), pauses(("2025-03-03 10:00", None)))
    assert open_["due"].isna().all()
    assert open_["state"].tolist() == ["paused", "paused"]
    assert open_["overdue"].tolist() == [False, False]
    # 10–12 and 11–13 overlap (3 h together), given after a later 14–15 one: 4 h in all.
    r = report(
        fault(),
        pauses(("2025-03-03 14:00", "2025-03-03 15:00"), ("2025-03-03 11:00", "2025-03-03 13:00"), ("2025-03-03 10:00", "2025-03-03 12:00")),
    )
    assert r["due"].tolist() == [ts("2025-03-03 17:00"), ts("2025-03-04 13:00")]
    assert r["state"].tolist() == ["breached", "running"]
    assert r["ticket_state"].tolist() == ["breached", "breached"]


def test_pauses_of_many_tickets_in_any_order_and_of_unknown_tickets() -> None:
    tickets = pd.DataFrame(
        {
            "ticket": ["b", "a", "c"],
            "start": pd.to_datetime(["2025-03-03 09:00"] * 3),
            "rule": "SLA.FAULT.CONTACT",
        }
    )
    p = pd.DataFrame(
        {
            "ticket": ["a", "zz", "b", "a"],
            "from": pd.to_datetime(["2025-03-03 10:00", "2025-03-03 10:00", "2025-03-03 10:00", "2025-03-03 12:00"]),
            "to": pd.to_datetime(["2025-03-03 11:00", "2025-03-03 18:00", "2025-03-03 10:30", "2025-03-03 12:30"]),
        },
        index=[100, 101, 102, 103],
    )
    r = guifan.sla_report(tickets, pauses=p, id="ticket", done=None, as_of=dt.datetime(2025, 3, 3, 9))
    assert r["ticket"].tolist() == ["b", "a", "c"]
    assert r["due"].tolist() == [ts("2025-03-03 13:30"), ts("2025-03-03 14:30"), ts("2025-03-03 13:00")]


@pytest.mark.parametrize(
    "ids",
    [[10, 11, 12], [5, 9, 40], [12, 10, 11], [-1, 0, 1]],
    ids=["consecutive", "gaps", "unsorted", "negative"],
)
def test_integer_ids_of_every_order_find_their_pauses(ids: List[int]) -> None:
    """Consecutive ids are found by subtraction, the rest by a hash table: same report."""
    tickets = pd.DataFrame({"id": ids, "start": pd.to_datetime(["2025-03-03 09:00"] * 3), "rule": "SLA.FAULT.CONTACT"})
    p = pd.DataFrame(
        {
            # The third ticket's pause, one of an unknown ticket (past the run), the first's.
            "id": [ids[2], max(ids) + 1, ids[0]],
            "from": pd.to_datetime(["2025-03-03 10:00", "2025-03-03 10:00", "2025-03-03 12:00"]),
            "to": pd.to_datetime(["2025-03-03 11:00", "2025-03-03 18:00", "2025-03-03 12:30"]),
        }
    )
    r = guifan.sla_report(tickets, pauses=p, done=None, as_of=dt.datetime(2025, 3, 3, 9))
    assert r["id"].tolist() == ids
    assert r["due"].tolist() == [ts("2025-03-03 13:30"), ts("2025-03-03 13:00"), ts("2025-03-03 14:00")]
    with pytest.raises(guifan.InvalidInput) as e:
        guifan.sla_report(tickets.assign(id=[ids[0], ids[0], ids[2]]), pauses=p, done=None, as_of=dt.datetime(2025, 3, 3, 9))
    assert e.value.field == "id"


def test_a_pause_ending_before_it_starts_names_the_pause_and_the_table_row() -> None:
    p = pauses(("2025-03-03 10:00", "2025-03-03 11:00"), ("2025-03-03 12:00", "2025-03-03 11:00"))
    p.index = ["p1", "p2"]
    with pytest.raises(guifan.InvalidInput) as e:
        report(fault(), p)
    assert (e.value.field, e.value.row) == ("pauses[1].to", 0)
    assert "pauses table row 'p2'" in str(e.value)
    nulls = report(fault(), p, errors="null")
    assert nulls["rule"].isna().all() and len(nulls) == 1


def test_done_keys_and_as_of() -> None:
    with pytest.raises(guifan.InvalidInput) as e:
        report(fault(x=pd.to_datetime(["2025-03-03 10:00"])), None, done={"SLA.FAULT.CONTAKT": "x"})
    assert (e.value.field, e.value.value) == ("done", "SLA.FAULT.CONTAKT")
    # A rule, but not a target of a fault: that ticket's error.
    with pytest.raises(guifan.InvalidInput) as e:
        report(fault(x=pd.to_datetime(["2025-03-03 10:00"])), None, done={"SLA.DISPUTE.INITIAL": "x"})
    assert (e.value.field, e.value.row) == ('done["SLA.DISPUTE.INITIAL"]', 0)
    # as_of per ticket: a null where a target is open is that ticket's error.
    tickets = pd.concat([fault(), fault(id=[8])], ignore_index=True)
    tickets["seen"] = pd.to_datetime(["2025-03-03 12:00", None])
    with pytest.raises(guifan.InvalidInput) as e:
        report(tickets, None, done={}, as_of="seen")
    assert (e.value.field, e.value.row) == ("as_of", 1)
    r = report(tickets, None, done={}, as_of="seen", errors="null")
    assert r["state"].tolist()[:2] == ["running", "running"]
    assert r["state"].isna().tolist() == [False, False, True]
    assert r["remaining"].tolist()[:2] == [3600, 21 * 3600]


def test_errors_null_keeps_every_ticket() -> None:
    tickets = pd.DataFrame(
        {
            "id": [1, 2, 3],
            "start": pd.to_datetime(["2025-03-03 09:00", "2030-01-01 09:00", None]),
            "incident": ["fault", "fault", "fault"],
            "class": ["vip", "nobody", "brand"],
        }
    )
    with pytest.raises(guifan.InvalidInput) as e:
        report(tickets, None, done={})
    assert (e.value.field, e.value.row) == ("class", 1)
    r = report(tickets, None, done={}, errors="null")
    assert r["id"].tolist() == [1, 1, 2, 3]
    assert r["rule"].tolist()[:2] == ["SLA.FAULT.VIP", "SLA.FAULT.BRAND"]
    assert r["ticket_state"].tolist()[:2] == ["breached", "breached"]
    assert r["ticket_state"].isna().tolist() == [False, False, True, True]


@pytest.mark.parametrize("kind", ["numpy", "tz", "tz[us]", "tz[ms]", "tz[s]", "arrow"])
def test_datetime_columns_of_every_backing(kind: str) -> None:
    """Aware columns of any unit (nanoseconds and microseconds read in place, NaT a null)."""

    def col(values: List[Optional[str]]) -> pd.Series:
        s = pd.Series(pd.to_datetime(values))
        if kind.startswith("tz"):
            aware = s.dt.tz_localize("Asia/Shanghai").dt.tz_convert("UTC")
            return aware if kind == "tz" else aware.astype(f"datetime64[{kind[3:-1]}, UTC]")
        if kind == "arrow":
            return s.astype("timestamp[us][pyarrow]")
        return s

    # Called at 20:00, after the whole 6 h pause: due 19:00, late.
    tickets = fault(start=col(["2025-03-03 09:00"]), called=col(["2025-03-03 20:00"]))
    p = pd.DataFrame({"id": [7, 7], "from": col(["2025-03-03 12:00", "2025-03-04 00:00"]), "to": col(["2025-03-03 18:00", None])})
    r = report(tickets, p, done={"SLA.FAULT.CONTACT": "called"})
    assert r["due"].tolist() == [ts("2025-03-03 19:00"), pd.NaT]
    assert r["state"].tolist() == ["breached", "paused"]
    assert r["overdue"].tolist() == [True, False]


def test_existing_single_rule_reports_keep_their_columns() -> None:
    tickets = fault(done=pd.to_datetime(["2025-03-03 12:00"]), rule=["SLA.FAULT.CONTACT"])
    old = guifan.sla_report(tickets, as_of=dt.datetime(2025, 3, 4))
    assert list(old.columns) == list(tickets.columns) + ["due", "met", "overdue"]
    # The same ticket with a pause: one row, the done column read for its rule.
    r = guifan.sla_report(tickets, pauses=pauses(("2025-03-03 10:00", "2025-03-03 11:00")), as_of=dt.datetime(2025, 3, 4))
    assert r["due"].tolist() == [ts("2025-03-03 14:00")]
    assert r["met"].tolist() == [True]


# --- every row against the scalar contract ---------------------------------------------------

RULES = ["SLA.FAULT.CONTACT", "SLA.FAULT.ORDINARY", "SLA.DISPUTE.INITIAL", "SLA.COMPLAINT.ORDINARY", "SLA.COMPLAINT.VIP", "SLA.APPOINTMENT.CONFIRM", "SLA.REPAIR.SAMEDAY"]


def iso(t: dt.datetime) -> str:
    return t.replace(tzinfo=BJ).isoformat()


def test_every_row_is_the_scalar_ticket() -> None:
    rng = random.Random(18)
    base = dt.datetime(2025, 1, 2)
    rows: List[Dict[str, Any]] = []
    spans: List[Dict[str, Any]] = []
    for i in range(300):
        start = base + dt.timedelta(minutes=rng.randrange(0, 600 * 24 * 60))
        near = lambda: start + dt.timedelta(minutes=rng.randrange(-24 * 60, 12 * 24 * 60))  # noqa: E731
        row: Dict[str, Any] = {"id": i, "start": start, "incident": rng.choice(["fault", "complaint"]), "class": rng.choice(["ordinary", "brand", "vip"])}
        row["area"] = rng.choice(["urban", "rural"])
        for r in RULES:
            row[r] = near() if rng.random() < 0.3 else None
        row["as_of"] = near() if rng.random() < 0.95 else None
        rows.append(row)
        for _ in range(rng.randrange(0, 4)):
            a = near()
            b = a + dt.timedelta(minutes=rng.randrange(-30, 3 * 24 * 60)) if rng.random() < 0.8 else None
            spans.append({"id": i, "from": a, "to": b})
    tickets = pd.DataFrame(rows)
    for r in RULES + ["as_of", "start"]:
        tickets[r] = pd.to_datetime(tickets[r])
    rng.shuffle(spans)
    p = pd.DataFrame(spans)
    p["from"], p["to"] = pd.to_datetime(p["from"]), pd.to_datetime(p["to"])
    out = guifan.sla_report(
        tickets, incident="incident", customer_class="class", area="area", pauses=p,
        done={r: r for r in RULES}, as_of="as_of", errors="null",
    )
    checked = 0
    for row in rows:
        request: Dict[str, Any] = {
            "start": iso(row["start"]), "incident": row["incident"], "customer_class": row["class"], "area": row["area"],
            "done": {r: iso(row[r]) for r in RULES if row[r] is not None},
            "pauses": [{"from": iso(s["from"]), "to": None if s["to"] is None else iso(s["to"])} for s in spans if s["id"] == row["id"]],
        }
        if row["as_of"] is not None:
            request["as_of"] = iso(row["as_of"])
        want = guifan.evaluate({"op": "ticket", "input": request})
        got = out[out["id"] == row["id"]]
        if "error" in want:
            assert len(got) == 1 and got["rule"].isna().all(), (want, got)
            continue
        checked += 1
        assert got["ticket_state"].tolist() == [want["state"]] * len(got)
        assert len(got) == len(want["targets"])
        for (_, g), w in zip(got.iterrows(), want["targets"]):
            assert g["rule"] == w["rule"]
            assert (None if pd.isna(g["due"]) else g["due"].isoformat()) == w.get("due")
            assert g["state"] == w["state"]
            assert (None if pd.isna(g["met"]) else bool(g["met"])) == w.get("met")
            assert (None if pd.isna(g["remaining"]) else int(g["remaining"])) == w.get("remaining")
            assert (None if pd.isna(g["remaining_unit"]) else g["remaining_unit"]) == w.get("remaining_unit")
            assert bool(g["overdue"]) == (w["state"] == "breached")
    assert checked > 50

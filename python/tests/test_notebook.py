"""A notebook session, start to finish: rate customers, check a year of tickets, look at why."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

import guifan

pd = pytest.importorskip("pandas")


def test_a_notebook_session() -> None:
    # Cell 1: customers with exact spends, rated as a column and one by one.
    customers = pd.DataFrame(
        {
            "id": ["c1", "c2", "c3", "c4"],
            "brand": ["e_home", "e_home", "tianyi", "other"],
            "spend": [Decimal("3360"), Decimal("3359.99"), Decimal("1031.99"), Decimal("2400")],
        }
    )
    customers["tier"] = guifan.batch.tiers(customers["brand"], customers["spend"])
    assert customers["tier"].tolist() == ["diamond", "gold", "none", "gold"]
    by_tier = customers.groupby("tier", observed=False).size()
    assert by_tier.to_dict() == {"none": 1, "silver": 0, "gold": 2, "diamond": 1}
    one = guifan.tier(brand="e_home", annual_spend=customers.loc[1, "spend"])
    assert one.tier == customers.loc[1, "tier"]

    # Cell 2: a week of complaints around National Day 2025, as an SLA report.
    starts = [dt.datetime(2025, 9, 29, 9) + dt.timedelta(hours=12 * i) for i in range(8)]
    tickets = pd.DataFrame(
        {
            "start": pd.Series(starts, dtype="datetime64[ns]"),
            "done": pd.Series([s + dt.timedelta(days=11) for s in starts], dtype="datetime64[ns]"),
            "rule": "SLA.COMPLAINT.ORDINARY",
        }
    )
    report = guifan.sla_report(tickets, as_of=dt.datetime(2025, 10, 20))
    # Received Mon 29 Sep: the 3 working days are 30 Sep, 9 and 10 Oct, so due 24:00 Fri 10 Oct;
    # received from Tue 30 Sep to Thu 2 Oct: 9, 10 and (make-up) Sat 11 Oct, due 24:00 11 Oct.
    assert report["due"].dt.strftime("%m-%d %H:%M").tolist() == ["10-11 00:00"] * 2 + ["10-12 00:00"] * 6
    # Done 11 days later: in time for those received before the holiday, late for the rest.
    assert report["met"].tolist() == [True] * 4 + [False] * 4
    assert report["overdue"].sum() == 4

    # Cell 3: why is the first one late? The explanation, as the notebook shows it.
    late = guifan.deadline(rule="SLA.COMPLAINT.ORDINARY", start=starts[4], done=starts[4] + dt.timedelta(days=11))
    assert late.met is False
    html = late._repr_html_()
    assert "普通客户:您的投诉我们会在3个工作日内为您处理" in html
    assert "national_day" in html
    notes = [str(s) for s in late.explanation.steps if isinstance(s, guifan.NoteStep)]
    assert notes[-1].endswith("breached")

    # Cell 4: working days per month, with the calendar's own holidays.
    months = pd.date_range("2025-01-01", periods=12, freq="MS")
    ends = months + pd.offsets.MonthEnd(0)
    counts = guifan.batch.count_working_days(pd.Series(months), pd.Series(ends))
    assert counts.sum() == guifan.count_working_days(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert counts[9] == guifan.count_working_days(dt.date(2025, 10, 1), dt.date(2025, 10, 31))

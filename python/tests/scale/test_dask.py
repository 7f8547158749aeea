"""guifan.sla_report as a dask.dataframe ``map_partitions`` function: the meta is the function
applied to the empty ``ddf._meta``, and the result equals pandas on the whole frame."""

from __future__ import annotations

import datetime as dt

import guifan

from scale_support import REPO, need

pd = need("pandas")
dd = need("dask.dataframe")

AS_OF = dt.datetime(2026, 1, 1)
REPORT = ["due", "met", "overdue"]


def _tickets() -> "pd.DataFrame":
    return pd.read_csv(REPO / "crates" / "guifan-cli" / "examples" / "tickets.csv", parse_dates=["start", "done"])


def test_map_partitions_with_meta_equals_pandas() -> None:
    tickets = _tickets()
    ddf = dd.from_pandas(tickets, npartitions=4)
    meta = guifan.sla_report(ddf._meta, area="area", as_of=AS_OF)
    report = ddf.map_partitions(guifan.sla_report, area="area", as_of=AS_OF, meta=meta)
    assert list(report.columns) == list(tickets.columns) + REPORT
    got = report.compute()
    assert dict(got.dtypes) == dict(meta.dtypes)  # the meta tells the truth
    want = guifan.sla_report(tickets, area="area", as_of=AS_OF)
    pd.testing.assert_frame_equal(got[REPORT], want[REPORT])
    assert got["overdue"].sum() > 0 and got["met"].isna().sum() > 0  # both kinds of rows are there
    by_rule = report.groupby("rule")["overdue"].sum().compute().sort_index()
    pd.testing.assert_series_equal(by_rule, want.groupby("rule")["overdue"].sum().sort_index(), check_dtype=False, check_index_type=False)


def test_errors_null_and_empty_partitions() -> None:
    tickets = _tickets().head(6).copy()
    tickets.loc[2, ["rule", "area"]] = ["SLA.NOPE", "urban"]
    ddf = dd.from_pandas(tickets, npartitions=3).map_partitions(lambda df: df[df["area"] == "urban"], meta=tickets.head(0))
    meta = guifan.sla_report(ddf._meta, area="area", as_of=AS_OF, errors="null")
    got = ddf.map_partitions(guifan.sla_report, area="area", as_of=AS_OF, errors="null", meta=meta).compute()
    want = guifan.sla_report(tickets[tickets["area"] == "urban"], area="area", as_of=AS_OF, errors="null")
    pd.testing.assert_frame_equal(got[REPORT], want[REPORT])
    assert pd.isna(got.loc[2, "due"]) and got["due"].notna().sum() > 0

"""Engines: rule packs (JSON or TOML, several by effective date) and calendars (later years,
layers) loaded at run time; invalid packs refused with every problem's path; engines shared
between threads; column functions on an engine."""

from __future__ import annotations

import copy
import datetime as dt
import json
import pickle
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Dict, List

import pytest

import guifan

REPO = Path(__file__).resolve().parents[2]
SPEC = REPO / "spec-tests"
SAMPLE_JSON = SPEC / "packs" / "sample-province.json"
SAMPLE_TOML = SPEC / "packs" / "sample-province.toml"
BUILTIN_JSON = REPO / "crates" / "guifan-core" / "data" / "pack-builtin.json"
CAL_2027 = SPEC / "calendars" / "2027-sample.json"
LAYER = SPEC / "calendars" / "company-layer-sample.json"
B = dt.timezone(dt.timedelta(hours=8))
SAMPLE = guifan.PackRef("sample-province", "1.0")
BUILTIN = guifan.PackRef("guifan-builtin", "2026.1")


def _sample_doc() -> Dict[str, Any]:
    return json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _vectors(name: str) -> List[Dict[str, Any]]:
    return json.loads((SPEC / name).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


# --- packs -----------------------------------------------------------------------------------


def test_json_and_toml_packs_answer_alike() -> None:
    from_json, from_toml = guifan.Engine(pack=SAMPLE_JSON), guifan.Engine(pack=str(SAMPLE_TOML))
    assert from_json.packs() == from_toml.packs()
    assert from_json.packs()[0] == guifan.PackInfo(
        "sample-province", "1.0", dt.date(2025, 1, 1), from_json.packs()[0].description
    )
    requests = [{"op": v["op"], "input": v["input"], "explain": True} for v in _vectors("pack-sample.json")]
    differs = 0
    for request in requests:
        answer = from_json.evaluate(request)
        assert answer == from_toml.evaluate(request), request
        differs += answer != guifan.evaluate(request)
    assert differs > len(requests) // 2  # not the built-in pack under another name
    start = dt.datetime(2025, 9, 30, 10)
    a = from_json.deadline(rule="SLA.COMPLAINT.ORDINARY", start=start)
    assert a == from_toml.deadline(rule="SLA.COMPLAINT.ORDINARY", start=start)
    # 5 working days after 30 Sep: 9, 10, 11 (a make-up Saturday), 13 and 14 Oct.
    assert (a.due, a.pack) == (dt.datetime(2025, 10, 15, tzinfo=B), SAMPLE)
    # The explanation is computed on the engine that answered, citing the pack's own words.
    assert "普通客户投诉5个工作日内处理" in [r.words for r in a.explanation.rules]


def test_pack_arguments() -> None:
    assert guifan.Engine(pack=_sample_doc()).packs() == guifan.Engine(pack=SAMPLE_JSON).packs()
    assert guifan.Engine().packs() == guifan.packs()
    (builtin,) = guifan.packs()
    assert (builtin.name, builtin.version, builtin.effective_from) == ("guifan-builtin", "2026.1", None)
    assert "sample-province 1.0" in repr(guifan.Engine(pack=SAMPLE_TOML))
    with pytest.raises(FileNotFoundError):
        guifan.Engine(pack=SPEC / "packs" / "nope.toml")
    with pytest.raises(TypeError):
        guifan.Engine(pack=42)  # type: ignore[arg-type]
    with pytest.raises(guifan.InvalidInput) as none:
        guifan.Engine(pack=[])  # None is the built-in pack; an empty list is a mistake
    assert none.value.field == "packs"
    with pytest.raises(guifan.InvalidInput) as twice:
        guifan.Engine(pack=[SAMPLE_JSON, SAMPLE_TOML])  # two packs taking effect the same day
    assert twice.value.field == "effective_from"


def test_an_invalid_pack_is_refused_with_every_problem() -> None:
    doc = _sample_doc()
    doc["tiers"]["personal"]["e_home"]["bands"][1]["min"] = "> 2100"  # silver ends <= 2000: a gap
    doc["sla"][0]["clock"] = "fortnights"
    with pytest.raises(guifan.InvalidInput) as caught:
        guifan.Engine(pack=doc)
    e = caught.value
    fields = [p["field"] for p in e.problems]
    assert sorted(fields) == ["sla[0].clock", "tiers.personal.e_home.bands[1].min"]
    assert (e.kind, e.field, e.value) == ("invalid_input", e.problems[0]["field"], e.problems[0]["value"])
    assert {p["field"]: p["value"] for p in e.problems}["sla[0].clock"] == "fortnights"
    assert all(p["message"] for p in e.problems)
    assert e.to_dict()["problems"] == e.problems
    # The same problems from TOML, the file named in the message.
    toml = SAMPLE_TOML.read_text(encoding="utf-8")
    toml = toml.replace('{ tier = "gold", min = "> 2000"', '{ tier = "gold", min = "> 2100"')
    toml = toml.replace('clock = "working_days"\namount = 5', 'clock = "fortnights"\namount = 5')
    assert toml.count("2100") == 1 and toml.count("fortnights") == 1
    path = REPO / "target" / "bad-sample-province.toml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(guifan.InvalidInput) as from_toml:
        guifan.Engine(pack=path)
    assert from_toml.value.problems == e.problems
    assert str(from_toml.value).startswith(f"{path}: invalid rule pack, 2 problem(s)")
    # Ordinary errors have no problems.
    with pytest.raises(guifan.UnknownRule) as other:
        guifan.deadline(rule="SLA.NOPE", start=dt.datetime(2025, 3, 3))
    assert other.value.problems == [] and "problems" not in other.value.to_dict()


def test_packs_answer_by_their_effective_date() -> None:
    both = guifan.Engine(pack=[SAMPLE_TOML, BUILTIN_JSON])  # in any order
    assert [p.name for p in both.packs()] == ["guifan-builtin", "sample-province"]
    before = both.deadline(rule="SLA.COMPLAINT.ORDINARY", start=dt.datetime(2024, 12, 31, 23, 59))
    from_day_one = both.deadline(rule="SLA.COMPLAINT.ORDINARY", start=dt.datetime(2025, 1, 1))
    # Built-in: 3 working days after Tue 31 Dec (1 Jan a holiday): 2, 3 and 6 Jan.
    assert (before.due, before.pack) == (dt.datetime(2025, 1, 7, tzinfo=B), BUILTIN)
    # Sample: 5 working days after Wed 1 Jan: 2, 3, 6, 7 and 8 Jan.
    assert (from_day_one.due, from_day_one.pack) == (dt.datetime(2025, 1, 9, tzinfo=B), SAMPLE)
    # An aware start picks the pack by its Beijing date: 16:00 UTC on 31 Dec is 1 Jan in Beijing.
    utc = both.deadline(rule="SLA.COMPLAINT.ORDINARY", start=dt.datetime(2024, 12, 31, 16, tzinfo=dt.timezone.utc))
    assert utc.pack == SAMPLE
    # Tiers by as_of (latest pack without it): e-home 1050 is below the built-in silver (1080).
    assert both.tier(brand="e_home", annual_spend=1050, as_of=dt.date(2024, 6, 1)).tier == "none"
    assert both.tier(brand="e_home", annual_spend=1050, as_of="2025-06-01").tier == "silver"
    assert both.tier(brand="e_home", annual_spend=1050).pack == SAMPLE
    with pytest.raises(guifan.UnknownBrand):
        both.tier(brand="family_plus", annual_spend=1500, as_of=dt.date(2024, 6, 1))
    assert both.tier(brand="family_plus", annual_spend=1500).tier == "gold"
    assert both.rules(as_of=dt.date(2024, 6, 1)).pack == BUILTIN and both.rules().pack == SAMPLE
    assert both.rule("SLA.COMPLAINT.ORDINARY", as_of="2025-01-01").words == "普通客户投诉5个工作日内处理"
    assert both.rule_for("fault", "vip", on=dt.date(2025, 1, 1)) == "SLA.FAULT.VIP"
    with pytest.raises(guifan.InvalidInput) as early:
        guifan.Engine(pack=SAMPLE_TOML).rule_for("fault", "vip", on=dt.date(2024, 12, 31))
    assert early.value.field == "start"


# --- calendars -------------------------------------------------------------------------------


def test_a_2027_calendar_file_answers_what_was_unknown() -> None:
    start = dt.datetime(2026, 12, 30, 10)
    with pytest.raises(guifan.CalendarYearUnknown):
        guifan.deadline(rule="SLA.COMPLAINT.ORDINARY", start=start)
    with_2027 = guifan.Engine(calendar=CAL_2027)
    # 31 Dec, then 1–3 Jan are the sample's New Year holidays: 4 and 5 Jan.
    assert with_2027.deadline(rule="SLA.COMPLAINT.ORDINARY", start=start).due == dt.datetime(2027, 1, 6, tzinfo=B)
    assert with_2027.known_years()[-1] == 2027 and guifan.known_years()[-1] == 2026
    with pytest.raises(guifan.CalendarYearUnknown):  # the default engine is not changed
        guifan.deadline(rule="SLA.COMPLAINT.ORDINARY", start=start)
    # load_calendar changes the default engine only.
    assert guifan.load_calendar(CAL_2027) == (2027,)
    assert guifan.deadline(rule="SLA.COMPLAINT.ORDINARY", start=start).due == dt.datetime(2027, 1, 6, tzinfo=B)
    assert guifan.Engine().known_years()[-1] == 2026


def test_a_layer_closes_and_opens_days() -> None:
    layered = guifan.Engine(calendar=[CAL_2027, LAYER])
    assert layered.known_years()[-1] == 2027
    assert (guifan.is_working_day(dt.date(2025, 12, 31)), layered.is_working_day(dt.date(2025, 12, 31))) == (True, False)
    assert layered.calendar_day(dt.date(2025, 12, 31)).holiday_name == "company_closure"
    assert (guifan.is_working_day(dt.date(2025, 10, 8)), layered.is_working_day(dt.date(2025, 10, 8))) == (False, True)
    start = dt.datetime(2025, 12, 29, 10)  # Monday; 1–3 Jan 2026 holidays, Sunday 4 Jan worked
    assert guifan.deadline(rule="SLA.COMPLAINT.ORDINARY", start=start).due == dt.datetime(2026, 1, 5, tzinfo=B)
    assert layered.deadline(rule="SLA.COMPLAINT.ORDINARY", start=start).due == dt.datetime(2026, 1, 6, tzinfo=B)
    with pytest.raises(guifan.InvalidInput):  # a layer goes on a known year
        guifan.Engine(calendar={"overlay": "x", "years": {"2030": {"holidays": []}}})


# --- columns and threads ---------------------------------------------------------------------

np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")


def _tickets(n: int, seed: int) -> Any:
    """Tickets over 2024–2025 (both sides of the sample pack's first day) with rules of both
    packs, areas (some null) and classes."""
    rng = np.random.default_rng(seed)
    seconds = rng.integers(0, 2 * 365 * 86400 - 30 * 86400, n)
    rules = ["SLA.COMPLAINT.ORDINARY", "SLA.FAULT.ORDINARY", "SLA.REPAIR.SAMEDAY", "SLA.APPOINTMENT.CONFIRM"]
    return pd.DataFrame(
        {
            "start": pd.Timestamp("2024-01-01") + pd.to_timedelta(seconds, unit="s"),
            "rule": pd.Series(rng.choice(rules, n)).astype("category"),
            "area": pd.Series(rng.choice(["urban", "rural", None], n), dtype=object),
            "kind": rng.choice(["complaint", "fault"], n),
            "class": rng.choice(["ordinary", "brand", "vip"], n),
            "spend": rng.integers(900, 4000, n),
            "brand": rng.choice(["e_home", "other", "family_plus"], n),
        }
    )


def test_columns_on_an_engine_agree_with_its_typed_calls() -> None:
    both = guifan.Engine(pack=[BUILTIN_JSON, SAMPLE_TOML], calendar=LAYER)
    t = _tickets(300, seed=5)
    due = guifan.batch.deadlines(t["start"], rule=t["rule"], area=t["area"], engine=both)
    for s, r, a, got in zip(t["start"], t["rule"], t["area"], due):
        assert got.to_pydatetime() == both.deadline(rule=r, area=a, start=s.to_pydatetime()).due
    assert not due.equals(guifan.batch.deadlines(t["start"], rule=t["rule"], area=t["area"]))
    tiers = guifan.batch.tiers(t["brand"], t["spend"], engine=both)
    assert list(tiers.astype(str)) == [both.tier(brand=b, annual_spend=int(x)).tier for b, x in zip(t["brand"], t["spend"])]
    report = guifan.sla_report(t, done=None, rule=None, incident="kind", customer_class="class", as_of=dt.datetime(2026, 1, 1), engine=both)
    for s, k, c, got in zip(t["start"], t["kind"], t["class"], report["due"]):
        rule = both.rule_for(k, c, on=s.date())
        assert got.to_pydatetime() == both.deadline(rule=rule, start=s.to_pydatetime()).due
    days = pd.Series([dt.date(2025, 12, 31), dt.date(2025, 10, 8), None])
    assert guifan.batch.is_working_day(days, engine=both).tolist() == [False, True, pd.NA]
    assert guifan.batch.count_working_days(days[:1], days[:1], engine=both).tolist() == [0]
    assert guifan.batch.add_working_days(days[1:2], 1, engine=both).tolist() == [pd.Timestamp("2025-10-09")]


def test_column_errors_on_a_pack() -> None:
    sample = guifan.Engine(pack=SAMPLE_TOML)
    start = pd.Series(pd.to_datetime(["2025-03-03 10:00", "2025-03-04 10:00"]))
    with pytest.raises(guifan.UnknownRule) as missing:  # a rule the pack lacks, given once
        guifan.batch.deadlines(start, rule="SLA.HOTLINE.ORDER", errors="null", engine=sample)
    assert missing.value.row is None
    with pytest.raises(guifan.UnknownBrand) as brand:
        guifan.batch.tiers(pd.Series(["e_home", "tianyi"]), pd.Series([1, 2]), engine=sample)
    assert brand.value.row == 1
    with pytest.raises(guifan.UnknownBrand) as once:
        guifan.batch.tiers("tianyi", pd.Series([1, 2]), errors="null", engine=sample)
    assert once.value.row is None and "family_plus" in str(once.value)
    # A rule of the built-in pack only: rows from the sample pack's first day have none.
    both = guifan.Engine(pack=[BUILTIN_JSON, SAMPLE_TOML])
    around = pd.Series(pd.to_datetime(["2024-12-31 10:00", "2025-01-01 10:00"]))
    hotline = guifan.batch.deadlines(around, rule="SLA.HOTLINE.ORDER", errors="null", engine=both)
    assert hotline.isna().tolist() == [False, True]
    with pytest.raises(guifan.UnknownRule) as row:
        guifan.batch.deadlines(around, rule="SLA.HOTLINE.ORDER", engine=both)
    assert row.value.row == 1
    before = pd.Series(pd.to_datetime(["2025-01-01 10:00", "2024-12-31 23:59"]))
    with pytest.raises(guifan.InvalidInput) as early:  # no pack in force yet
        guifan.batch.deadlines(before, rule="SLA.COMPLAINT.ORDINARY", engine=sample)
    assert (early.value.row, early.value.field) == (1, "start")


def test_engines_shared_between_threads_answer_as_in_series() -> None:
    engines = [guifan.Engine(pack=[BUILTIN_JSON, SAMPLE_TOML], calendar=CAL_2027), guifan.Engine()]
    t = _tickets(20_000, seed=9)

    def run(engine: guifan.Engine) -> Any:
        due = guifan.batch.deadlines(t["start"], rule=t["rule"], area=t["area"], engine=engine)
        tiers = guifan.batch.tiers("e_home", t["spend"], engine=engine)
        return due, tiers, engine.deadline(rule="SLA.FAULT.ORDINARY", start=dt.datetime(2025, 3, 3, 9))

    serial = [run(e) for e in engines]
    assert not serial[0][0].equals(serial[1][0])
    with ThreadPoolExecutor(max_workers=8) as pool:
        parallel = list(pool.map(lambda i: (i % 2, run(engines[i % 2])), range(16)))
    for which, (due, tiers, scalar) in parallel:
        want_due, want_tiers, want_scalar = serial[which]
        assert due.equals(want_due) and tiers.equals(want_tiers) and scalar == want_scalar


# --- pickling (engines travel to Spark workers) ----------------------------------------------


def test_an_engine_pickles_as_its_documents_and_is_rebuilt_once(tmp_path: Path) -> None:
    pack = tmp_path / "pack.toml"
    pack.write_text(SAMPLE_TOML.read_text(encoding="utf-8"), encoding="utf-8")
    engine = guifan.Engine(pack=pack, calendar=[CAL_2027, json.loads(LAYER.read_text(encoding="utf-8"))])
    data = pickle.dumps(engine)
    pack.unlink()  # the files were read when the engine was built: the pickle carries them
    first, second = pickle.loads(data), pickle.loads(data)
    assert first is second  # built once per process, however often it is unpickled
    assert first.packs() == engine.packs() and first.known_years() == engine.known_years()
    assert pickle.loads(pickle.dumps(engine)) is first and copy.deepcopy(engine) is first
    call = dict(rule="SLA.COMPLAINT.ORDINARY", start=dt.datetime(2027, 2, 1, 9))
    assert first.deadline(**call) == engine.deadline(**call)
    # Another process (as a Spark worker is) answers the same without the files.
    script = (
        "import pickle, sys, datetime as dt; e = pickle.loads(sys.stdin.buffer.read());"
        "print(e.deadline(rule='SLA.COMPLAINT.ORDINARY', start=dt.datetime(2027, 2, 1, 9)).due.isoformat(), e.packs()[0].name)"
    )
    out = subprocess.run([sys.executable, "-c", script], input=data, capture_output=True, check=True).stdout.decode()
    assert out.split() == [engine.deadline(**call).due.isoformat(), "sample-province"]


def test_the_module_functions_pickle_as_the_default_engine() -> None:
    # What a Spark UDF calling guifan.tier (a method of the default engine) ships to workers.
    tier = pickle.loads(pickle.dumps(guifan.tier))
    assert tier(brand="e_home", annual_spend=3360).tier == "diamond"
    assert tier.__self__ is guifan.tier.__self__  # type: ignore[attr-defined]

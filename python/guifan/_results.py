"""Result objects: small, immutable, with a readable ``repr``, ``to_dict()`` and, in notebooks,
an HTML view that shows the explanation (rule id, clause, original words, steps)."""

from __future__ import annotations

import abc
import dataclasses
import datetime as _dt
import html
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union, overload

from . import _guifan as _native

BEIJING = _dt.timezone(_dt.timedelta(hours=8))
"""UTC+08:00: every instant guifan returns is at this offset (INTERP.TIME)."""

__all__ = [
    "BEIJING",
    "Document",
    "Rule",
    "Catalogue",
    "PackRef",
    "PackInfo",
    "NoteStep",
    "DayStep",
    "Step",
    "Explanation",
    "Result",
    "TierResult",
    "ReviewResult",
    "StatusResult",
    "Deadline",
    "Ticket",
    "TicketTarget",
    "Day",
    "NotifyWindow",
    "Visit",
    "Cutover",
    "Dunning",
    "Punctuality",
    "PointsBalance",
    "Take",
    "Redemption",
    "PointsChange",
]


# ---------------------------------------------------------------------------------------------
# Explanations.


# The explanation's pieces are built in Rust (bindings/python/src/explanation.rs), straight from
# the core's explanation; the catalogue's JSON is read here.
Document = _native.Document
Rule = _native.Rule
NoteStep = _native.NoteStep
DayStep = _native.DayStep
Explanation = _native.Explanation
Step = Union[NoteStep, DayStep]


def rule_from_json(data: Mapping[str, Any]) -> Rule:
    """A catalogue entry as the contract writes it."""
    doc = data.get("document") or {}
    return Rule(
        str(data["id"]),
        Document(str(doc.get("short", "")), doc.get("file"), str(doc.get("title", ""))),
        str(data.get("clause", "")),
        str(data.get("words", "")),
        str(data.get("summary", "")),
        bool(data.get("computed", True)),
        dict(data.get("params") or {}),
    )


@dataclass(frozen=True)
class PackRef:
    """The rule pack a result came from: its ``name`` and ``version``."""

    name: str
    version: str

    def __str__(self) -> str:
        return f"{self.name} {self.version}"


@dataclass(frozen=True)
class PackInfo:
    """A rule pack of an engine: ``name``, ``version``, the first day it is in force
    (``effective_from``; None: every day before the next pack) and what it covers."""

    name: str
    version: str
    effective_from: Optional[_dt.date]
    description: str


@dataclass(frozen=True)
class Catalogue(Sequence[Rule]):
    """The rule catalogue as a pack cites it: a sequence of ``rules`` (RULES.md order, then the
    pack's own) and the ``pack`` that cites them."""

    rules: Tuple[Rule, ...]
    pack: PackRef

    @overload
    def __getitem__(self, index: int) -> Rule: ...

    @overload
    def __getitem__(self, index: slice) -> Tuple[Rule, ...]: ...

    def __getitem__(self, index: Union[int, slice]) -> Union[Rule, Tuple[Rule, ...]]:
        return self.rules[index]

    def __len__(self) -> int:
        return len(self.rules)

    def _repr_html_(self) -> str:
        return _rules_table(self.rules)


def _rules_table(rules: Iterable[Rule]) -> str:
    rows = "".join(
        "<tr>"
        f"<td><code>{html.escape(r.id)}</code></td>"
        f"<td>{html.escape(r.document.short)} {html.escape(r.clause)}</td>"
        f"<td lang='zh'>{html.escape(r.words)}</td>"
        f"<td>{html.escape(r.summary)}</td>"
        "</tr>"
        for r in rules
    )
    return (
        "<table class='guifan-rules'><thead><tr><th>rule</th><th>clause</th>"
        "<th>original words</th><th>meaning</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


def _steps_html(steps: Iterable[Step]) -> str:
    items: List[str] = []
    days: List[DayStep] = []

    def flush() -> None:
        if days:
            cells = "".join(
                "<tr>"
                f"<td>{d.date.isoformat()}</td><td>{html.escape(d.kind.replace('_', ' '))}</td>"
                f"<td>{html.escape(d.holiday or '')} <span lang='zh'>{html.escape(d.holiday_zh or '')}</span></td>"
                f"<td>{'counted' if d.counted else 'skipped, paused all day' if d.paused else 'skipped'}</td>"
                "</tr>"
                for d in days
            )
            items.append(f"<li><table class='guifan-days'><tbody>{cells}</tbody></table></li>")
            days.clear()

    for s in steps:
        if isinstance(s, DayStep):
            days.append(s)
        else:
            flush()
            items.append(f"<li>{html.escape(s.text)}</li>")
    flush()
    return f"<ol class='guifan-steps'>{''.join(items)}</ol>"


def _explanation_html(e: Explanation) -> str:
    return (
        "<div class='guifan-explanation'><b>Rules</b>"
        f"{_rules_table(e.rules)}<b>Steps</b>{_steps_html(e.steps)}</div>"
    )


# ---------------------------------------------------------------------------------------------
# Results.


def _show(value: Any) -> str:
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    if isinstance(value, tuple):
        return "(" + ", ".join(_show(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    return repr(value)


def _show_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if value is None:
        return "—"
    if isinstance(value, PackRef):
        return str(value)
    if isinstance(value, tuple):
        return ", ".join(_show_text(v) for v in value)
    return _show(value)


def _plain(value: Any) -> Any:
    """Result objects as dicts, tuples as lists; scalars (Decimal, date, datetime) unchanged."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    return value


class Result(metaclass=abc.ABCMeta):
    """Every result object: frozen, compared by value, pickled without the engine, with
    ``to_dict()``, ``explanation`` and a notebook view. The results are built in Rust
    (``bindings/python/src/results.rs`` and ``record.rs``) and registered here as virtual
    subclasses."""

    __slots__ = ()

    @abc.abstractmethod
    def to_dict(self) -> Dict[str, Any]:
        """The result's fields as a dict (nested values as dicts, tuples as lists); values keep
        their Python types (``datetime``, ``date``, ``Decimal``)."""

    @property
    @abc.abstractmethod
    def explanation(self) -> Explanation:
        """The rules and steps behind the result, from the evaluation that gave it."""


def _result_html(name: str, fields: Sequence[Tuple[str, Any]], explanation: Explanation) -> str:
    """The notebook view of a result: its fields, then its explanation."""
    rows = "".join(
        f"<tr><th style='text-align:left'>{html.escape(field)}</th>"
        f"<td>{html.escape(_show_text(value))}</td></tr>"
        for field, value in fields
    )
    return (
        f"<div class='guifan-result'><b>{html.escape(name)}</b>"
        f"<table><tbody>{rows}</tbody></table>{_explanation_html(explanation)}</div>"
    )


@dataclass(frozen=True)
class Take:
    """Points taken from one lot."""

    id: str
    points: int


# Results built in Rust (bindings/python/src/results.rs and record.rs).
Deadline = _native.Deadline
TierResult = _native.TierResult
Ticket = _native.Ticket
TicketTarget = _native.TicketTarget
ReviewResult = _native.ReviewResult
StatusResult = _native.StatusResult
Day = _native.Day
NotifyWindow = _native.NotifyWindow
Visit = _native.Visit
Cutover = _native.Cutover
Dunning = _native.Dunning
Punctuality = _native.Punctuality
PointsBalance = _native.PointsBalance
Redemption = _native.Redemption
PointsChange = _native.PointsChange
for _result in (Deadline, TierResult, Ticket, ReviewResult, StatusResult, Day, NotifyWindow, Visit, Cutover,
                Dunning, Punctuality, PointsBalance, Redemption, PointsChange):
    Result.register(_result)
del _result

# --- the notebook view of a ticket -----------------------------------------------------------

_STATE_COLOURS = {"met": "#2e7d32", "breached": "#c62828", "running": "#1565c0", "paused": "#9e9e9e"}


def _when(t: Optional[_dt.datetime]) -> str:
    return "—" if t is None else t.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")


def _ticket_html(
    ticket: Any,
    start: _dt.datetime,
    pauses: Sequence[Tuple[_dt.datetime, Optional[_dt.datetime]]],
    as_of: Optional[_dt.datetime],
    explanation: Explanation,
) -> str:
    """A timeline per target on one time axis: the bar runs from the start to the due (coloured
    by the target's state), paused spans are hatched, ``done`` and ``as_of`` are marked; each
    row also says it in words. Then the paused spans as text, then the explanation."""
    instants = [start, *(t for span in pauses for t in span if t is not None)]
    if as_of is not None:
        instants.append(as_of)
    for target in ticket.targets:
        instants.extend(t for t in (target.due, target.done) if t is not None)
    low, high = min(instants), max(instants)
    width = max((high - low).total_seconds(), 60.0)
    if any(t is None for _, t in pauses) or any(target.due is None for target in ticket.targets):
        width *= 1.1  # room to show what runs on past the last known instant

    def at(t: _dt.datetime) -> float:
        return round(100 * min(max((t - low).total_seconds(), 0.0), width) / width, 3)

    def box(left: float, right: float, style: str, title: str) -> str:
        return (
            f"<div title='{html.escape(title)}' style='position:absolute;top:0;bottom:0;"
            f"left:{left}%;width:{max(right - left, 0.4)}%;{style}'></div>"
        )

    shaded = "".join(
        box(at(f), 100.0 if t is None else at(t), "background:repeating-linear-gradient(45deg,#bbb 0 3px,transparent 3px 6px)",
            f"paused {_when(f)} → {'open' if t is None else _when(t)}")
        for f, t in pauses
    )
    rows = []
    for target in ticket.targets:
        colour = _STATE_COLOURS.get(target.state, "#555")
        end = 100.0 if target.due is None else at(target.due)
        bar = box(at(start), end, f"background:{colour};opacity:.35", f"{_when(start)} → {_when(target.due)}")
        marks = ""
        if target.done is not None:
            marks += box(at(target.done), at(target.done), "background:#000", f"done {_when(target.done)}")
        if as_of is not None:
            marks += box(at(as_of), at(as_of), "border-left:2px dashed #e65100", f"as of {_when(as_of)}")
        words = [f"{_when(start)} → {'due unknown' if target.due is None else _when(target.due)}"]
        if target.done is not None:
            words.append(f"done {_when(target.done)}")
        if target.remaining is not None:
            words.append(f"{target.remaining} left")
        if target.remaining_days is not None:
            words.append(f"{target.remaining_days} day(s) left")
        rows.append(
            f"<tr><th style='text-align:left;white-space:nowrap'>{html.escape(target.rule)}</th>"
            f"<td><span style='color:{colour};font-weight:bold'>{html.escape(target.state)}</span></td>"
            f"<td style='min-width:18em'><div style='position:relative;height:1.1em;background:#f4f4f4;overflow:hidden'>"
            f"{bar}{shaded}{marks}</div>"
            f"<small>{html.escape(' · '.join(words))}</small></td></tr>"
        )
    paused = "".join(
        f"<li>paused {html.escape(_when(f))} → {html.escape('open' if t is None else _when(t))}</li>" for f, t in pauses
    )
    head = f"Ticket: {ticket.state}" + (f", as of {_when(as_of)}" if as_of is not None else "")
    return (
        f"<div class='guifan-result guifan-ticket'><b>{html.escape(head)}</b> "
        f"<small>({html.escape(str(ticket.pack))})</small>"
        f"<table><tbody>{''.join(rows)}</tbody></table>"
        + (f"<ul>{paused}</ul>" if paused else "")
        + _explanation_html(explanation)
        + "</div>"
    )

"""``evaluate`` on a Python dict (values converted by the binding) answers exactly as on the same
request's JSON text (read by the core), for the worked examples and mutations of every field."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, Iterator, List, Tuple

import pytest

import guifan

EXAMPLES = json.loads((Path(__file__).resolve().parent / "data" / "examples.json").read_text(encoding="utf-8"))
REPLACEMENTS: List[Any] = [None, 1, -1, 2.5, "x", True, [], {}, "2025-09-30", "2025-09-30T10:00:00Z", 10**20]


def _paths(value: Any, path: Tuple[Any, ...] = ()) -> Iterator[Tuple[Any, ...]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield path + (k,)
            yield from _paths(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield path + (i,)
            yield from _paths(v, path + (i,))


def _mutations() -> Iterator[Any]:
    for v in EXAMPLES:
        request = {"op": v["op"], "input": v["input"]}
        yield pytest.param(request, id=f"{v['id']}")
        for path in _paths(v["input"]):
            for i, new in enumerate(REPLACEMENTS + ["<drop>"]):
                mutated = copy.deepcopy(request)
                target = mutated["input"]
                for step in path[:-1]:
                    target = target[step]
                if new == "<drop>":
                    if isinstance(target, dict):
                        del target[path[-1]]
                    else:
                        target.pop(path[-1])
                else:
                    target[path[-1]] = new
                yield pytest.param(mutated, id=f"{v['id']}:{'.'.join(map(str, path))}={i}")


@pytest.mark.parametrize("request_", list(_mutations()))
def test_dict_and_text_agree(request_: Any) -> None:
    assert guifan.evaluate(request_) == guifan.evaluate(json.dumps(request_))

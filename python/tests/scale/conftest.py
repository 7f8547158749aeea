"""The scale-out tests' folder: its helpers (``scale_support``) importable by the test modules,
and the spec-vector cases as the ``column_case`` parameter."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale_support import CASES  # noqa: E402


def pytest_generate_tests(metafunc: Any) -> None:
    if "column_case" in metafunc.fixturenames:
        metafunc.parametrize("column_case", CASES, ids=[c.id for c in CASES])

"""The installed package: typed, versioned, and usable without pandas, numpy or pyarrow."""

from __future__ import annotations

import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

import guifan


def test_version_and_typing_marker() -> None:
    assert guifan.__version__ == "0.1.0"
    files = resources.files("guifan")
    assert files.joinpath("py.typed").is_file()
    assert files.joinpath("_guifan.pyi").is_file()
    assert set(guifan.__all__) <= set(dir(guifan))


def test_works_without_the_optional_extras() -> None:
    code = "\n".join(
        [
            "import sys",
            "for name in ('pandas', 'numpy', 'pyarrow'):",
            "    sys.modules[name] = None  # make any import of them fail",
            "import guifan, datetime as dt",
            "assert guifan.tier(brand='e_home', annual_spend='3360').tier == 'diamond'",
            "assert guifan.deadline(rule='SLA.COMPLAINT.ORDINARY', start=dt.datetime(2025, 9, 30, 10)).due.day == 12",
            "try:",
            "    guifan.batch.is_working_day([dt.date(2025, 10, 11)])",
            "except (ImportError, TypeError) as e:",
            "    print(type(e).__name__)",
        ]
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() in ("ImportError", "TypeError")
    assert "pandas" not in out.stderr


def test_module_docstring_examples() -> None:
    import doctest

    failures, tried = doctest.testmod(guifan, verbose=False)
    assert tried >= 4 and failures == 0


def test_function_docstring_examples(monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime
    import doctest
    from decimal import Decimal

    from guifan import _api

    monkeypatch.chdir(Path(__file__).resolve().parents[2])  # examples name spec-tests/ files
    globs = {"guifan": guifan, "Decimal": Decimal, "datetime": datetime.datetime, "date": datetime.date}
    failures, tried = doctest.testmod(_api, extraglobs=globs, verbose=False)
    assert tried >= 6 and failures == 0


def test_licences_ship_with_the_package() -> None:
    from importlib import metadata

    repo = Path(__file__).resolve().parents[2]
    dist = metadata.distribution("guifan")
    assert dist.metadata["License-Expression"] == "MIT OR Apache-2.0"
    shipped = {f.name: f for f in dist.files or [] if f.parent.name == "licenses"}
    for name in ("LICENSE-MIT", "LICENSE-APACHE"):
        assert shipped[name].read_text(encoding="utf-8") == (repo / name).read_text(encoding="utf-8")

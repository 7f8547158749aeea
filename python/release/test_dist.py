"""Checks of the built release artifacts (the wheels and the sdist in ``$GUIFAN_DIST``): each is
what its name promises and carries the licences.

    GUIFAN_DIST=target/python-dist pytest python/release/test_dist.py

python/ci.sh runs it on the Linux wheels and the sdist it builds, the release workflow on every
platform's wheel. Linux wheels must be the tag ``auditwheel show`` reports for them; musllinux
extensions are also resolved by a real musl loader when one is installed (Debian's ``musl``;
required when ``GUIFAN_RELEASE_CHECKS=required``, as python/ci.sh sets it).
"""

from __future__ import annotations

import email.parser
import json
import os
import platform
import re
import subprocess
import sys
import tarfile
import zipfile
from email.message import Message
from pathlib import Path
from typing import List

import pytest
from packaging.utils import parse_wheel_filename

REPO = Path(__file__).resolve().parents[2]
DIST = Path(os.environ["GUIFAN_DIST"]) if os.environ.get("GUIFAN_DIST") else None
LICENCES = ("LICENSE-MIT", "LICENSE-APACHE")
LICENSE_EXPRESSION = "MIT OR Apache-2.0"

# The Linux tags the wheels promise: glibc >= 2.17 (the oldest glibc Rust's standard library
# supports: RHEL/CentOS 7, Ubuntu 14.04 and everything newer) and musl >= 1.2 (Alpine >= 3.13;
# Rust's musl targets are built against musl 1.2).
PROMISED = {"manylinux": "manylinux_2_17", "musllinux": "musllinux_1_2"}


def _artifacts(pattern: str) -> List[Path]:
    return sorted(DIST.glob(pattern)) if DIST else []


WHEELS = _artifacts("*.whl")
LINUX_WHEELS = [w for w in WHEELS if "linux" in w.name]
MUSL_WHEELS = [w for w in WHEELS if "musllinux" in w.name]
SDISTS = _artifacts("*.tar.gz")


def _ids(paths: List[Path]) -> List[str]:
    return [p.name for p in paths]


def _metadata(text: str) -> Message:
    return email.parser.Parser().parsestr(text)


def _pep600_tag(wheel: Path) -> str:
    """The wheel's one ``manylinux_X_Y_arch`` / ``musllinux_X_Y_arch`` platform tag."""
    platforms = {tag.platform for tag in parse_wheel_filename(wheel.name)[3]}
    (tag,) = [p for p in platforms if re.match(r"(many|musl)linux_\d+_\d+_", p)]
    return tag


def test_the_folder_holds_artifacts() -> None:
    assert DIST is not None, "set GUIFAN_DIST to the folder holding the built wheels and sdist"
    assert WHEELS or SDISTS, f"no wheel or sdist in {DIST}"


@pytest.mark.parametrize("wheel", WHEELS, ids=_ids(WHEELS))
def test_wheel_is_one_abi3_wheel_for_cpython_3_9_and_newer(wheel: Path) -> None:
    name, version, _, tags = parse_wheel_filename(wheel.name)
    assert {(t.interpreter, t.abi) for t in tags} == {("cp39", "abi3")}
    with zipfile.ZipFile(wheel) as archive:
        info = f"{name}-{version}.dist-info"
        declared = _metadata(archive.read(f"{info}/WHEEL").decode()).get_all("Tag", [])
        metadata = _metadata(archive.read(f"{info}/METADATA").decode())
    assert {f"{t.interpreter}-{t.abi}-{t.platform}" for t in tags} == set(declared)
    assert metadata["Requires-Python"] == ">=3.9"


@pytest.mark.parametrize("wheel", WHEELS, ids=_ids(WHEELS))
def test_wheel_ships_the_licences(wheel: Path) -> None:
    name, version, _, _ = parse_wheel_filename(wheel.name)
    info = f"{name}-{version}.dist-info"
    with zipfile.ZipFile(wheel) as archive:
        for licence in LICENCES:
            assert archive.read(f"{info}/licenses/{licence}") == (REPO / licence).read_bytes()
        metadata = _metadata(archive.read(f"{info}/METADATA").decode())
    assert metadata["License-Expression"] == LICENSE_EXPRESSION
    assert sorted(metadata.get_all("License-File", [])) == sorted(LICENCES)


@pytest.mark.parametrize("sdist", SDISTS, ids=_ids(SDISTS))
def test_sdist_ships_the_licences(sdist: Path) -> None:
    root = sdist.name[: -len(".tar.gz")]
    with tarfile.open(sdist) as archive:
        for licence in LICENCES:
            member = archive.extractfile(f"{root}/{licence}")
            assert member is not None and member.read() == (REPO / licence).read_bytes()
        info = archive.extractfile(f"{root}/PKG-INFO")
        assert info is not None
        metadata = _metadata(info.read().decode())
    assert metadata["License-Expression"] == LICENSE_EXPRESSION
    assert sorted(metadata.get_all("License-File", [])) == sorted(LICENCES)


@pytest.mark.parametrize("wheel", LINUX_WHEELS, ids=_ids(LINUX_WHEELS))
def test_linux_wheel_is_the_tag_auditwheel_reports(wheel: Path) -> None:
    tag = _pep600_tag(wheel)
    family = tag.split("_")[0]
    assert tag.startswith(PROMISED[family] + "_"), f"{wheel.name} promises {tag}, not {PROMISED[family]}"
    shown = subprocess.run([sys.executable, "-m", "auditwheel", "show", "--json", str(wheel)], capture_output=True, text=True)
    assert shown.returncode == 0, f"auditwheel cannot read {wheel.name}: {shown.stderr[-600:]}"
    report = json.loads(shown.stdout)
    assert report["overall_tag"] == tag, f"auditwheel places {wheel.name} at {report['overall_tag']}"
    assert report["external_libs"] == {}


@pytest.mark.parametrize("wheel", MUSL_WHEELS, ids=_ids(MUSL_WHEELS))
def test_musl_loader_resolves_every_libc_symbol(wheel: Path, tmp_path: Path) -> None:
    """musl's own loader, in ldd mode, resolves all the extension needs except CPython's API
    (which the interpreter provides): every libc symbol exists in that musl (1.2.3 on Debian 12)."""
    arch = _pep600_tag(wheel).split("_", 3)[3]
    loader = Path(f"/lib/ld-musl-{arch}.so.1")
    if arch != platform.machine() or not loader.exists():
        if os.environ.get("GUIFAN_RELEASE_CHECKS") == "required":
            pytest.fail(f"no musl loader for {arch} here ({loader}); install Debian's musl")
        pytest.skip(f"no musl loader for {arch} here")
    with zipfile.ZipFile(wheel) as archive:
        (ext,) = [n for n in archive.namelist() if n.endswith(".so")]
        archive.extract(ext, tmp_path)
    listed = subprocess.run([str(loader), "--list", str(tmp_path / ext)], capture_output=True, text=True)
    unresolved = re.findall(r"Error relocating [^:]+: (\S+): symbol not found", listed.stderr)
    assert f"libc.musl-{arch}.so.1 => " in listed.stdout + listed.stderr
    assert unresolved, "expected CPython's API to be left to the interpreter"
    assert [s for s in unresolved if not s.startswith(("Py", "_Py"))] == []

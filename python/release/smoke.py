"""Installs one built artifact (a wheel, or the sdist, which pip then compiles) into a fresh venv
of a given CPython and runs the README's examples and the package checks there
(python/tests/test_readme.py and test_package.py), as a user of that Python would meet them.

    python python/release/smoke.py --python python3.9 --venv target/smoke-3.9 DIST/guifan-*.whl

pandas (for the README's pandas example) comes as a binary wheel only; ``--pandas optional``
carries on without it where none exists for that Python, ``--pandas no`` leaves it out. Spark,
Polars and Dask examples are the scale-out suite's (python/ci.sh); here they skip.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TESTS = ["python/tests/test_readme.py", "python/tests/test_package.py"]
PIP = ["-m", "pip", "install", "--quiet", "--disable-pip-version-check"]


def run(*cmd: str, env: dict[str, str] | None = None) -> None:
    print("$", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, cwd=REPO, env=env)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python", required=True, help="the CPython to create the venv with")
    parser.add_argument("--venv", required=True, type=Path, help="where the venv goes (replaced)")
    parser.add_argument("--pandas", choices=["required", "optional", "no"], default="required")
    parser.add_argument("artifact", type=Path, help="a guifan wheel or sdist")
    args = parser.parse_args()
    artifact, venv = args.artifact.resolve(), args.venv.resolve()
    if REPO.is_relative_to(venv):
        parser.error(f"--venv {venv} would replace the repository")

    shutil.rmtree(venv, ignore_errors=True)
    run(args.python, "-m", "venv", str(venv))
    py = str(venv / ("Scripts" if os.name == "nt" else "bin") / "python")
    run(py, "--version")

    env = dict(os.environ)
    if artifact.name.endswith(".tar.gz"):
        # pip compiles the sdist in a tree it unpacks; a CARGO_TARGET_DIR shared with the source
        # checkout would make cargo take that tree's newer-looking outputs for up to date.
        env.pop("CARGO_TARGET_DIR", None)
    start = time.monotonic()
    run(py, *PIP, str(artifact), env=env)
    print(f"installed {artifact.name} in {time.monotonic() - start:.0f} s", flush=True)
    run(py, *PIP, "pytest", "pytest-timeout>=2.3")

    if args.pandas != "no":
        try:
            run(py, *PIP, "--only-binary=:all:", f"{artifact}[pandas]")
        except subprocess.CalledProcessError:
            if args.pandas == "required":
                raise
            print("no pandas wheel for this Python: the pandas example skips", flush=True)

    run(py, "-m", "pytest", *TESTS, "-q", "-ra", "-p", "no:cacheprovider")
    return 0


if __name__ == "__main__":
    sys.exit(main())

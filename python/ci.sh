#!/usr/bin/env bash
# The Python package's checks, from a fresh clone on a fresh machine (Rust toolchain + CPython
# >= 3.9): a venv under target/, the test tools from PyPI, `pip install ./python` (maturin builds
# the abi3 wheel of bindings/python), stubtest of the stubs against the installed module, mypy
# on the package, then pytest. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n--> %s\n' "$*"; }

PYTHON="${PYTHON:-$(command -v python3.11 || command -v python3)}"
VENV="${GUIFAN_VENV:-target/python-ci-venv}"

step "venv ($("$PYTHON" --version)) in $VENV"
if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
PY="$VENV/bin/python"
"$PY" -m pip install --quiet --disable-pip-version-check --upgrade pip
"$PY" -m pip install --quiet --disable-pip-version-check \
  "maturin>=1.9.4,<2" pytest mypy pandas pyarrow numpy

step "pip install ./python"
start=$(date +%s)
"$PY" -m pip install --disable-pip-version-check --force-reinstall --no-deps ./python
echo "built and installed in $(( $(date +%s) - start )) s"

# From the repository root, `import guifan` finds the installed package, not python/guifan.
step "stubtest"
"$PY" -m mypy.stubtest --mypy-config-file python/pyproject.toml guifan

step "mypy --strict on the package"
(cd python && "../$PY" -m mypy --config-file pyproject.toml -p guifan)

step "pytest"
"$PY" -m pytest python/tests -q -p no:cacheprovider

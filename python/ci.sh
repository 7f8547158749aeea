#!/usr/bin/env bash
# The Python package's checks, from a fresh clone on a fresh machine (Rust toolchain + CPython
# >= 3.9): a venv under target/, the test tools from PyPI, `pip install ./python` (maturin builds
# the abi3 wheel of bindings/python), the scale-out engines (pyspark, polars, dask, nbclient) and
# a Java runtime for Spark, stubtest of the stubs against the installed module, mypy on the
# package, then pytest (Spark tests in local[2], the example notebook through nbclient), each
# test and the whole run bounded in time. Exits non-zero on any failure.
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
  "maturin>=1.9.4,<2" pytest "pytest-timeout>=2.3" mypy "pandas>=2.2,<3" pyarrow numpy

# The scale-out engines (guifan.spark, guifan.polars, Dask, the example notebook), pinned to
# versions tested together: pyspark 4.3 needs pandas >= 2.2 and warns on pandas 3. Spark needs a
# Java runtime (17 on the project's machines).
step "scale-out engines"
"$PY" -m pip install --quiet --disable-pip-version-check \
  "pyspark==4.3.0" "polars==2.1.0" "dask[dataframe]==2026.8.0" \
  "nbclient==0.11.0" "nbformat==5.11.1" "ipykernel==7.4.0"
if ! command -v java >/dev/null 2>&1; then
  echo "no java on PATH: installing a headless Java 17 runtime for Spark"
  apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi
java -version 2>&1 | sed -n 1p

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
# Spark's workers must run the venv's interpreter (it has guifan); scale-out tests may not skip.
# pytest-timeout bounds each test and the session (python/pyproject.toml: 300 s and 1800 s).
export PYSPARK_PYTHON="$(cd "$(dirname "$PY")" && pwd)/python" GUIFAN_SCALE_TESTS=required
"$PY" -m pytest python/tests -q -p no:cacheprovider

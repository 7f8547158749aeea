#!/usr/bin/env bash
# The JavaScript packages' checks, from a fresh clone on a fresh machine: builds `guifan`
# (WebAssembly) and `@guifan/node` (napi) with `npm run build` (which installs the wasm target,
# the pinned wasm-bindgen CLI and the npm dev dependencies it needs) into a cargo target folder
# of its own (CARGO_TARGET_DIR, as on machines with a shared one), runs `npm test` in both
# (spec vectors, hostile input, parity, the calendar entry against the core, every entry, the
# platform packages, browser), type-checks a typed use of each with tsc, then the client matrix
# (js/clients) on the packed tarballs. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")"

step() { printf '\n--> %s\n' "$*"; }

if [ ! -x /usr/bin/chromium ]; then
  step "chromium (Debian) for the browser test"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi

# The build scripts ask cargo where it builds (cargo metadata); a target folder elsewhere
# than target/ keeps them honest.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$(pwd)/../target/js-shared}"
for pkg in wasm node; do
  step "js/$pkg: npm ci, build (CARGO_TARGET_DIR=$CARGO_TARGET_DIR)"
  (cd "$pkg" && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent)
done

for pkg in wasm node; do
  step "js/$pkg: npm test"
  (cd "$pkg" && npm test --silent)
  step "js/$pkg: tsc --noEmit"
  (cd "$pkg" && npx tsc -p . && echo "types: ok")
done

step "js/clients: each bundler and Node against the packed tarballs"
started=$SECONDS
bash clients/ci.sh
echo "client matrix: $((SECONDS - started)) s"

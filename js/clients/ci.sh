#!/usr/bin/env bash
# The client matrix on what users install: packs `guifan` (js/wasm), `@guifan/node` (js/node)
# and this platform's `@guifan/node-<platform>` (js/node/npm/<platform>), installs the tarballs
# over the pinned bundlers of package-lock.json (one install for the whole matrix), and runs
# run.mjs. Both packages must be built (js/ci.sh does that first).
set -euo pipefail
cd "$(dirname "$0")"

platform="$(node -p 'process.platform + "-" + process.arch')-gnu"
tarballs=$(mktemp -d)
trap 'rm -rf "$tarballs"' EXIT
for dir in ../wasm ../node "../node/npm/$platform"; do
  (cd "$dir" && npm pack --silent --pack-destination "$tarballs" >/dev/null)
done
ls -l "$tarballs"
npm ci --no-audit --no-fund --loglevel=error
# Absolute paths: `npm i dir/x.tgz` would be read as a GitHub shorthand.
npm install --no-save --no-audit --no-fund --loglevel=error "$tarballs"/*.tgz
node run.mjs

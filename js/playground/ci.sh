#!/usr/bin/env bash
# The playground's checks, from a fresh clone on a fresh machine: builds the `guifan` package in
# js/wasm when its dist/ is missing, then `npm ci`, `npm run build` and `npm test` here (headless
# Chromium from Debian, with Noto CJK fonts so the screenshots show Chinese).
set -euo pipefail
cd "$(dirname "$0")"

step() { printf '\n--> %s\n' "$*"; }

if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep "Noto Sans CJK" >/dev/null; then
  step "chromium and fonts-noto-cjk (Debian) for the browser tests"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi

if [ ! -f ../wasm/dist/guifan_wasm_bg.wasm ]; then
  step "js/wasm: build the guifan package"
  (cd ../wasm && npm run build --silent)
fi

step "js/playground: npm ci, build"
npm ci --no-audit --no-fund --loglevel=error
npm run build --silent

step "js/playground: npm test"
npm test --silent

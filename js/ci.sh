#!/usr/bin/env bash
# The JavaScript packages' checks, from a fresh clone on a fresh machine: builds `guifan`
# (WebAssembly) and `@guifan/node` (napi) with `npm run build` (which installs the wasm target,
# the pinned wasm-bindgen CLI and the npm dev dependencies it needs), runs `npm test` in both
# (spec vectors, hostile input, parity, browser), type-checks a typed use of each with tsc,
# and installs each packed tarball into an empty project (JSON and TOML packs). Exits non-zero
# on any failure.
set -euo pipefail
cd "$(dirname "$0")"

step() { printf '\n--> %s\n' "$*"; }

if [ ! -x /usr/bin/chromium ]; then
  step "chromium (Debian) for the browser test"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi

for pkg in wasm node; do
  step "js/$pkg: npm ci, build"
  (cd "$pkg" && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent)
done

for pkg in wasm node; do
  step "js/$pkg: npm test"
  (cd "$pkg" && npm test --silent)
  step "js/$pkg: tsc --noEmit"
  (cd "$pkg" && npx tsc -p . && echo "types: ok")
done

step "install the packed packages into an empty project"
sample_toml="$(pwd)/../spec-tests/packs/sample-province.toml"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
(cd wasm && npm pack --silent --pack-destination "$scratch" >/dev/null)
(cd node && npm pack --silent --pack-destination "$scratch" >/dev/null)
cd "$scratch"
npm init -y >/dev/null
npm install --no-audit --no-fund --loglevel=error ./guifan-*.tgz ./guifan-node-*.tgz
cat > check.mjs <<'JS'
import * as wasm from "guifan";
import * as napi from "@guifan/node";
const input = { rule: "SLA.COMPLAINT.ORDINARY", start: "2025-09-30T10:00" };
const [a, b] = [wasm.deadline(input).due, napi.deadline(input).due];
if (a !== "2025-10-12T00:00:00+08:00" || a !== b) throw new Error(`installed packages disagree: ${a} ${b}`);
// An engine with a 2027 calendar answers across the new year; 1 January is a holiday.
const calendar = { years: { 2027: { holidays: [{ date: "2027-01-01", name: "new_years_day", name_zh: "元旦" }], makeup_workdays: [] } } };
const late = { rule: "SLA.COMPLAINT.ORDINARY", start: "2026-12-30T10:00" };
const [c, d] = [new wasm.Engine({ calendar }).deadline(late).due, new napi.Engine({ calendar }).deadline(late).due];
if (c !== "2027-01-06T00:00:00+08:00" || c !== d) throw new Error(`installed engines disagree: ${c} ${d}`);
// A TOML pack, read by the TOML reader each package ships.
const toml = (await import("node:fs")).readFileSync(process.env.SAMPLE_TOML, "utf8");
const [e, f] = [wasm, napi].map((g) => new g.Engine({ pack: toml }).tier({ brand: "family_plus", annualSpend: 5000 }).tier);
if (e !== "diamond" || e !== f) throw new Error(`installed packages read the TOML pack differently: ${e} ${f}`);
console.log(`installed guifan and @guifan/node: both due ${a}, ${c} on an engine with 2027, ${e} on the TOML pack`);
JS
SAMPLE_TOML="$sample_toml" node check.mjs

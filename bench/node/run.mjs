// The Node runner of the benchmark manifest (bench/manifest.json): batch deadlines through
// `@guifan/node` (napi) and `guifan` (WebAssembly) against a straightforward pure-JS version with
// a holiday Set, and single typed calls (`deadline`, `isWorkingDay`) against the chinese-days
// package, on the manifest's LCG data. All paths must give the same answers before any is
// timed. Prints one JSON document for scripts/bench; `--quick` shrinks the sizes; case ids as
// arguments run only those cases.
//
// Needs both packages built in place (`npm run build` in js/node and js/wasm) and the baselines
// installed here (`npm ci` in bench/node).

import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import * as napi from "../../js/node/dist/index.js";
import * as wasm from "../../js/wasm/dist/inline/index.js";
import chineseDays from "chinese-days";

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const manifest = JSON.parse(readFileSync(here("../manifest.json"), "utf8"));
const cases = Object.fromEntries(manifest.cases.map((c) => [c.id, c]));
const quick = process.argv.includes("--quick");
const { isWorkday } = chineseDays; // a CommonJS package

/** The manifest's generator: x = 1664525 x + 1013904223 mod 2^32. */
function* lcg() {
  let x = manifest.data.seed >>> 0;
  for (;;) {
    x = (Math.imul(1664525, x) + 1013904223) >>> 0;
    yield x;
  }
}

const DAY = 86_400_000;
const BEIJING = 8 * 3600_000;

/** Epoch milliseconds: 2024-01-01T00:00+08:00 plus the LCG's seconds. */
function instants(n) {
  const start = Date.parse("2024-01-01T00:00:00+08:00");
  const out = new Float64Array(n);
  const g = lcg();
  for (let i = 0; i < n; i++) out[i] = start + (g.next().value % 78_840_000) * 1000;
  return out;
}

// The pure-JS references: the official rest days and make-up working days in Sets, keyed the
// straightforward way (ISO date strings, walked with Date) and the tuned way (day numbers).
const calendar = JSON.parse(readFileSync(here("../../crates/guifan-core/data/cn-mainland.json"), "utf8"));
const restIso = new Set();
const workIso = new Set();
for (const year of Object.values(calendar.years)) {
  for (const h of year.holidays) restIso.add(h.date);
  for (const m of year.makeup_workdays) workIso.add(m.date);
}
const rest = new Set([...restIso].map((d) => Date.parse(`${d}T00:00:00Z`) / DAY));
const work = new Set([...workIso].map((d) => Date.parse(`${d}T00:00:00Z`) / DAY));

/** What a web developer writes first: a Date per ticket, stepped a day at a time, looked up by
 * its ISO date in the holiday Set. */
function straightforwardDeadlines(starts, n) {
  const out = new Float64Array(starts.length);
  for (let i = 0; i < starts.length; i++) {
    const day = new Date(starts[i] + BEIJING); // Beijing wall time in the UTC fields
    day.setUTCHours(0, 0, 0, 0);
    for (let left = n; left > 0; ) {
      day.setUTCDate(day.getUTCDate() + 1);
      const iso = day.toISOString().slice(0, 10);
      const weekday = day.getUTCDay();
      if (workIso.has(iso) || (weekday !== 0 && weekday !== 6 && !restIso.has(iso))) left -= 1;
    }
    out[i] = day.getTime() + DAY - BEIJING;
  }
  return out;
}

/** The same walk tuned: day numbers, a numeric Set, no Date objects. */
function pureJsDeadlines(starts, n) {
  const out = new Float64Array(starts.length);
  for (let i = 0; i < starts.length; i++) {
    let day = Math.floor((starts[i] + BEIJING) / DAY);
    for (let left = n; left > 0; ) {
      day += 1;
      const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
      if (work.has(day) || (weekday !== 0 && weekday !== 6 && !rest.has(day))) left -= 1;
    }
    out[i] = (day + 1) * DAY - BEIJING;
  }
  return out;
}

function timed(fn, repeat) {
  const runs = [];
  for (let r = 0; r < repeat; r++) {
    const t = performance.now();
    fn();
    runs.push((performance.now() - t) / 1000);
  }
  runs.sort((a, b) => a - b);
  return { median_s: runs[Math.floor(runs.length / 2)], min_s: runs[0], max_s: runs[runs.length - 1], runs: repeat };
}

function batchDeadlines() {
  const { rule, rows: full } = cases.batch_deadlines;
  const rows = quick ? 100_000 : full;
  const starts = instants(rows);
  const answers = {
    napi: napi.deadlines(starts, { rule }),
    wasm: wasm.deadlines(starts, { rule }),
    "pure JS, Date + ISO-string Set": straightforwardDeadlines(starts, 3),
    "pure JS, day numbers + numeric Set": pureJsDeadlines(starts, 3),
  };
  const reference = answers["pure JS, Date + ISO-string Set"];
  for (const [name, due] of Object.entries(answers)) {
    for (let i = 0; i < rows; i++) {
      if (due[i] !== reference[i]) throw new Error(`${name} differs at row ${i}`);
    }
  }
  const paths = {
    "@guifan/node (napi)": timed(() => napi.deadlines(starts, { rule }), 5),
    "guifan (wasm)": timed(() => wasm.deadlines(starts, { rule }), 5),
    "pure JS, Date + ISO-string Set": timed(() => straightforwardDeadlines(starts, 3), 3),
    "pure JS, day numbers + numeric Set": timed(() => pureJsDeadlines(starts, 3), 3),
  };
  for (const p of Object.values(paths)) p.items = rows;
  return { items: rows, paths };
}

/** Dates (`YYYY-MM-DD`): 2004-01-01 plus the LCG's days. */
function dates(n) {
  const first = Date.UTC(2004, 0, 1) / DAY;
  const g = lcg();
  return Array.from({ length: n }, () => new Date((first + (g.next().value % 8036)) * DAY).toISOString().slice(0, 10));
}

/** Seconds per call of `call(i)` over `calls` calls, `repeat` times. */
function perCall(call, calls, repeat) {
  const run = timed(() => {
    for (let i = 0; i < calls; i++) call(i);
  }, repeat);
  return { ...run, items: calls };
}

function singleCalls() {
  const { rule, calls: full } = cases.single_calls;
  const calls = quick ? 20_000 : full;
  const starts = Array.from(instants(calls), (ms) => new Date(ms));
  const days = dates(calls);
  // Answers first: each package's deadline against the pure-JS walk (the whole answer's shape
  // and the due instant), and every isWorkingDay against the holiday Sets of the official
  // schedule. chinese-days' own data differs on a few days; those are counted, not timed apart.
  const due = pureJsDeadlines(Float64Array.from(starts, (d) => d.getTime()), 3);
  const differ = new Set();
  for (const [name, api] of Object.entries({ napi, wasm })) {
    for (let i = 0; i < calls; i++) {
      const got = api.deadline({ rule, start: starts[i] });
      const keys = Object.keys(got).join();
      if (keys !== "clock,due,pack,rule" || got.rule !== rule || Date.parse(got.due) !== due[i] || !got.due.endsWith("+08:00")) {
        throw new Error(`${name} deadline differs at call ${i}: ${JSON.stringify(got)}`);
      }
      const day = days[i];
      const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
      const reference = workIso.has(day) || (weekday !== 0 && weekday !== 6 && !restIso.has(day));
      if (api.isWorkingDay(day) !== reference) throw new Error(`${name} isWorkingDay differs on ${day}`);
      if (isWorkday(day) !== reference) differ.add(day);
    }
  }
  const paths = {
    "deadline, @guifan/node (napi)": perCall((i) => napi.deadline({ rule, start: starts[i] }), calls, 5),
    "deadline, guifan (wasm)": perCall((i) => wasm.deadline({ rule, start: starts[i] }), calls, 5),
    "isWorkingDay, @guifan/node (napi)": perCall((i) => napi.isWorkingDay(days[i]), calls, 5),
    "isWorkingDay, guifan (wasm)": perCall((i) => wasm.isWorkingDay(days[i]), calls, 5),
    "isWorkday, chinese-days": perCall((i) => isWorkday(days[i]), calls, 5),
  };
  return { items: calls, paths, chinese_days_differs_on: [...differ].sort() };
}

const runners = { batch_deadlines: batchDeadlines, single_calls: singleCalls };
const only = process.argv.slice(2).filter((a) => !a.startsWith("--"));
for (const id of only) if (!runners[id]) throw new Error(`no case ${id}: ${Object.keys(runners).join(", ")}`);
const chosen = Object.keys(runners).filter((id) => !only.length || only.includes(id));
const results = { runner: "node", node: process.version, cases: Object.fromEntries(chosen.map((id) => [id, runners[id]()])) };
console.log(JSON.stringify(results, null, 1));

// Every entry of the installed packages through `require`, run with Node's require(esm) off:
// CommonJS all the way down, as Node 18 needs.
"use strict";
const assert = require("node:assert/strict");
const { readFileSync } = require("node:fs");

const input = { rule: "SLA.COMPLAINT.ORDINARY", start: "2025-09-30T10:00" };
const entries = ["guifan", "guifan/inline", "guifan/manual", "guifan/calendar", "@guifan/node"];
const api = Object.fromEntries(entries.map((name) => [name, require(name)]));
for (const name of entries) assert.ok(!Object.keys(api[name]).some((k) => k.startsWith("_")), `${name} exports a test hook`);

for (const name of ["guifan", "guifan/inline", "@guifan/node"]) {
  assert.equal(api[name].deadline(input).due, "2025-10-12T00:00:00+08:00", name);
  assert.throws(() => api[name].isWorkingDay("2031-01-01"), (e) => e instanceof api[name].GuifanError && e.kind === "calendar_year_unknown");
}
assert.equal(api["guifan/calendar"].countWorkingDays("2025-10-01", "2025-10-12"), 3);

api["guifan/manual"].init(readFileSync(require.resolve("guifan/guifan_wasm_bg.wasm"))).then(() => {
  assert.equal(api["guifan/manual"].tier({ brand: "e_home", annualSpend: 3359.99 }).tier, "gold");
});

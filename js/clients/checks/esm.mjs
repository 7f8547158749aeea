// Every entry of the installed packages through `import`: the answer across National Day 2025,
// no test hook in any public entry, `guifan/manual` refusing calls before `init`.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const input = { rule: "SLA.COMPLAINT.ORDINARY", start: "2025-09-30T10:00" };
const due = "2025-10-12T00:00:00+08:00";
const entries = {
  guifan: await import("guifan"),
  "guifan/inline": await import("guifan/inline"),
  "guifan/manual": await import("guifan/manual"),
  "guifan/calendar": await import("guifan/calendar"),
  "@guifan/node": await import("@guifan/node"),
};
for (const [name, api] of Object.entries(entries)) {
  assert.ok(!Object.keys(api).some((k) => k.startsWith("_")), `${name} exports a test hook`);
}

const manual = entries["guifan/manual"];
assert.throws(() => manual.deadline(input), /not loaded yet: await init/);
await manual.init(readFileSync(createRequire(import.meta.url).resolve("guifan/guifan_wasm_bg.wasm")));
for (const name of ["guifan", "guifan/inline", "guifan/manual", "@guifan/node"]) {
  assert.equal(entries[name].deadline(input).due, due, name);
}
const calendar = entries["guifan/calendar"];
assert.equal(calendar.addWorkingDays("2025-09-30", 3), "2025-10-11");
assert.throws(() => calendar.isWorkingDay("2031-01-01"), (e) => e instanceof calendar.GuifanError && e.kind === "calendar_year_unknown" && e.value === "2031");

// Engines: a 2027 calendar (1 January a holiday) and a TOML pack read by each package's own
// TOML reader, loaded on demand by Engine.create.
const calendar2027 = { years: { 2027: { holidays: [{ date: "2027-01-01", name: "new_years_day", name_zh: "元旦" }], makeup_workdays: [] } } };
const toml = readFileSync(new URL("../../../spec-tests/packs/sample-province.toml", import.meta.url), "utf8");
for (const name of ["guifan", "@guifan/node"]) {
  const { Engine } = entries[name];
  assert.equal(new Engine({ calendar: calendar2027 }).deadline({ ...input, start: "2026-12-30T10:00" }).due, "2027-01-06T00:00:00+08:00", name);
  assert.equal((await Engine.create({ pack: toml })).tier({ brand: "family_plus", annualSpend: 5000 }).tier, "diamond", name);
}

// `guifan` (WebAssembly) and `@guifan/node` (napi) answer every vector and every hostile request
// identically, through `evaluate` and through the typed API, on the engines the vectors name too.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as napi from "../dist/addon/api.js";
import * as wasm from "../../wasm/dist/inline/api.js";
import { hostile, runnerFor, specFile, vectors } from "../../common/test/suite.js";

const outcome = (f) => {
  try {
    return { ok: f() };
  } catch (e) {
    return { error: [e.constructor.name, e.kind, e.field, e.value, e.message, e.row, e.problems] };
  }
};

// Both packages load their TOML pack reader on demand.
before(() => Promise.all([wasm, napi].map((api) => api.Engine.create({ pack: specFile("packs/sample-province.toml") }))));

test("parity: every spec vector", () => {
  const [onWasm, onNapi] = [runnerFor(wasm), runnerFor(napi)];
  for (const v of vectors()) {
    for (const explain of [false, true]) {
      const request = { op: v.op, input: v.input, explain };
      assert.deepStrictEqual(onWasm(v).evaluate(request), onNapi(v).evaluate(request), `${v.id} explain=${explain}`);
    }
  }
});

test("parity: engines, their packs and their errors", () => {
  const sample = specFile("packs/sample-province.json");
  const broken = JSON.parse(sample);
  broken.sla[2].clock = "weeks";
  broken.visit.install_after_hours = -1;
  const builds = [
    { pack: specFile("packs/sample-province.toml") },
    { pack: JSON.parse(sample) },
    { pack: [sample, specFile("../crates/guifan-core/data/pack-builtin.json")], calendar: specFile("calendars/2027-sample.json") },
    { pack: broken },
    { pack: "[tiers" },
    { pack: specFile("packs/sample-province.toml").replace("install_after_hours = 48", "install_after_hours = 4.5") },
    { calendar: [specFile("calendars/company-layer-sample.json"), { years: { 2027: {} } }, { overlay: "", years: {} }] },
  ];
  const calls = [
    (e) => e.packs(),
    (e) => e.knownYears(),
    (e) => e.deadline({ rule: "SLA.COMPLAINT.ORDINARY", start: "2024-12-31T23:00" }),
    (e) => e.tiers(["e_home", "family_plus", "enterprise"], [1000.01, 1500, null], { errors: "null" }),
    (e) => e.deadlines(["2024-12-31T10:00", "2026-12-30T10:00", null], { rule: ["SLA.COMPLAINT.ORDINARY", "SAMPLE.BILLING.REFUND", "SLA.FEEDBACK"], errors: "null" }),
    (e) => e.rules(),
  ];
  let built = 0;
  for (const options of builds) {
    const [a, b] = [outcome(() => new wasm.Engine(options)), outcome(() => new napi.Engine(options))];
    assert.deepStrictEqual(a.error, b.error);
    if (a.error) continue;
    built += 1;
    for (const call of calls) assert.deepStrictEqual(outcome(() => call(a.ok)), outcome(() => call(b.ok)));
  }
  assert.equal(built, 3);
});

test("parity: the hostile-input table", () => {
  for (const c of hostile()) assert.deepStrictEqual(wasm.evaluate(c.request), napi.evaluate(c.request), c.id);
});

test("parity: typed calls, batch and the catalogue", () => {
  const calls = [
    (g) => g.tier({ brand: "e_home", annualSpend: 3359.99 }),
    (g) => g.tier({ brand: "e_home", annualSpend: NaN }),
    (g) => g.deadline({ rule: "SLA.APPOINTMENT.CONFIRM", start: new Date("2025-09-30T11:50:00Z") }),
    (g) => g.explain("status", { asOf: "2025-05-01", lines: [{ id: "L", arrearsSince: "2025-01-31", reminded: true }] }),
    (g) => g.deadlines(["2025-09-30T10:00", null, "2026-12-30T10:00"], { rule: "SLA.COMPLAINT.BRAND", errors: "null" }),
    (g) => Array.from(g.deadlines(new Float64Array([0, 1.7e12, NaN]), { clock: "calendar_days", amount: 2 })),
    (g) => g.tiers(["e_home", "tianyi", "other", "enterprise"], [1080, "1032", 1199.99, null]),
    (g) => g.rules(),
  ];
  for (const call of calls) assert.deepStrictEqual(outcome(() => call(wasm)), outcome(() => call(napi)));
});

// `guifan` (WebAssembly) and `@guifan/node` (napi) answer every vector and every hostile request
// identically, through `evaluate` and through the typed API.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as napi from "../dist/api.js";
import * as wasm from "../../wasm/dist/node/api.js";
import { hostile, vectors } from "../../common/test/suite.js";

const outcome = (f) => {
  try {
    return { ok: f() };
  } catch (e) {
    return { error: [e.constructor.name, e.kind, e.field, e.value, e.message] };
  }
};

test("parity: every spec vector", () => {
  for (const v of vectors()) {
    for (const explain of [false, true]) {
      const request = { op: v.op, input: v.input, explain };
      assert.deepStrictEqual(wasm.evaluate(request), napi.evaluate(request), `${v.id} explain=${explain}`);
    }
  }
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

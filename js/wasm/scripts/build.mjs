// Builds the npm package `guifan` in place: bindings/wasm for wasm32-unknown-unknown, the
// wasm-bindgen glue (CLI pinned to the wasm-bindgen version in Cargo.lock, installed when
// missing), wasm-opt from the npm `binaryen` package, and dist/ = the shared JS API
// (js/common, with smol-toml for TOML packs) over a Node and a browser initialiser of the module.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { copyApi, copyTypes } from "../../common/build.mjs";

const pkg = dirname(dirname(fileURLToPath(import.meta.url)));
const root = join(pkg, "..", "..");
const dist = join(pkg, "dist");
const run = (cmd, args, cwd = root) => execFileSync(cmd, args, { cwd, stdio: "inherit" });
const output = (cmd, args) => {
  try {
    return execFileSync(cmd, args, { encoding: "utf8" });
  } catch {
    return "";
  }
};

const installed = (name) => statSync(join(pkg, "node_modules", name), { throwIfNoEntry: false });
if (!installed("binaryen") || !installed("smol-toml")) run("npm", ["ci", "--no-audit", "--no-fund"], pkg);

// The wasm-bindgen CLI must match the crate exactly.
const lock = readFileSync(join(root, "Cargo.lock"), "utf8");
const version = lock.match(/name = "wasm-bindgen"\nversion = "([^"]+)"/)[1];
if (!output("wasm-bindgen", ["--version"]).includes(version)) {
  run("cargo", ["install", "wasm-bindgen-cli", "--version", version]);
}
run("rustup", ["target", "add", "wasm32-unknown-unknown"]);
run("cargo", ["build", "-p", "guifan-wasm", "--target", "wasm32-unknown-unknown", "--profile", "wasm-release", "--locked"]);

rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, "node"), { recursive: true });
mkdirSync(join(dist, "browser"), { recursive: true });
run("wasm-bindgen", [
  "--target", "web", "--no-typescript", "--out-dir", dist, "--out-name", "guifan_wasm",
  join(root, "target", "wasm32-unknown-unknown", "wasm-release", "guifan_wasm.wasm"),
]);
const wasm = join(dist, "guifan_wasm_bg.wasm");
const before = statSync(wasm).size;
// -Oz, then the control flow flattened and rebuilt (--flatten --rereloop finds smaller shapes
// for the code -Oz leaves) and -Oz again until the module stops shrinking: about 4 KB less.
const optimise = ["-Oz", "--flatten", "--rereloop", "-Oz", "--converge"];
run(join(pkg, "node_modules", ".bin", "wasm-opt"), [...optimise, "--strip-debug", "--strip-producers", wasm, "-o", wasm]);

for (const target of ["node", "browser"]) copyApi(pkg, join(dist, target));
copyTypes(dist);
writeFileSync(
  join(dist, "node", "native.js"),
  `// The WebAssembly module, instantiated synchronously from the file beside the glue.
import { readFileSync } from "node:fs";
import { initSync } from "../guifan_wasm.js";
initSync({ module: readFileSync(new URL("../guifan_wasm_bg.wasm", import.meta.url)) });
export * from "../guifan_wasm.js";
// A panic or trap leaves the module's state untrusted: api.js refuses later calls.
export const trapsOnPanic = true;
`,
);
writeFileSync(
  join(dist, "browser", "native.js"),
  `// The WebAssembly module, fetched relative to this file (bundlers follow the URL).
import init from "../guifan_wasm.js";
await init({ module_or_path: new URL("../guifan_wasm_bg.wasm", import.meta.url) });
export * from "../guifan_wasm.js";
// A panic or trap leaves the module's state untrusted: api.js refuses later calls.
export const trapsOnPanic = true;
`,
);
const bytes = readFileSync(wasm);
// The module's budget: 410 KB raw, the calendar, the built-in pack (every limit a validated
// block, read on first use) and its reader inside.
if (bytes.length > 410_000) throw new Error(`guifan_wasm_bg.wasm is ${bytes.length} bytes, over the 410,000-byte budget`);
console.log(`guifan built: dist/guifan_wasm_bg.wasm ${bytes.length} bytes raw (${before} before wasm-opt), ${gzipSync(bytes, { level: 9 }).length} gzipped`);

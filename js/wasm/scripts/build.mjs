// Builds the npm package `guifan` in place: bindings/wasm for wasm32-unknown-unknown, the
// wasm-bindgen glue (CLI pinned to the wasm-bindgen version in Cargo.lock, installed when
// missing), wasm-opt -Oz from the npm `binaryen` package, and dist/ = the shared JS API
// (js/common) over a Node and a browser initialiser of the module.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

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

if (!statSync(join(pkg, "node_modules", "binaryen"), { throwIfNoEntry: false })) run("npm", ["ci", "--no-audit", "--no-fund"], pkg);

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
run(join(pkg, "node_modules", ".bin", "wasm-opt"), ["-Oz", "--strip-debug", "--strip-producers", wasm, "-o", wasm]);

const common = join(pkg, "..", "common");
for (const target of ["node", "browser"]) copyFileSync(join(common, "api.js"), join(dist, target, "api.js"));
copyFileSync(join(common, "index.d.ts"), join(dist, "index.d.ts"));
writeFileSync(
  join(dist, "node", "native.js"),
  `// The WebAssembly module, instantiated synchronously from the file beside the glue.
import { readFileSync } from "node:fs";
import { initSync } from "../guifan_wasm.js";
initSync({ module: readFileSync(new URL("../guifan_wasm_bg.wasm", import.meta.url)) });
export * from "../guifan_wasm.js";
`,
);
writeFileSync(
  join(dist, "browser", "native.js"),
  `// The WebAssembly module, fetched relative to this file (bundlers follow the URL).
import init from "../guifan_wasm.js";
await init({ module_or_path: new URL("../guifan_wasm_bg.wasm", import.meta.url) });
export * from "../guifan_wasm.js";
`,
);
const bytes = readFileSync(wasm);
// The module's budget: 400 KB raw, the calendar and the built-in pack inside.
if (bytes.length > 400_000) throw new Error(`guifan_wasm_bg.wasm is ${bytes.length} bytes, over the 400,000-byte budget`);
console.log(`guifan built: dist/guifan_wasm_bg.wasm ${bytes.length} bytes raw (${before} before wasm-opt), ${gzipSync(bytes, { level: 9 }).length} gzipped`);

// Builds @guifan/node in place: the napi addon (bindings/node) with its generated loader and
// index.d.ts in native/, and dist/ = the shared JS API (js/common, with smol-toml for TOML packs)
// over that addon.
import { execFileSync } from "node:child_process";
import { writeFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { copyApi, copyTypes } from "../../common/build.mjs";

const pkg = dirname(dirname(fileURLToPath(import.meta.url)));
const run = (cmd, args) => execFileSync(cmd, args, { cwd: pkg, stdio: "inherit" });

const installed = (name) => statSync(join(pkg, "node_modules", name), { throwIfNoEntry: false });
if (!installed("@napi-rs/cli") || !installed("smol-toml")) run("npm", ["ci", "--no-audit", "--no-fund"]);
run("npx", [
  "napi", "build", "--platform", "--release",
  "--manifest-path", "../../bindings/node/Cargo.toml",
  "--output-dir", "native", "--js", "index.cjs", "--dts", "index.d.ts",
]);

copyApi(pkg, join(pkg, "dist"));
copyTypes(join(pkg, "dist"));
writeFileSync(
  join(pkg, "dist", "native.js"),
  `// The napi addon, loaded through the loader napi-rs generated.
import { createRequire } from "node:module";
const native = createRequire(import.meta.url)("../native/index.cjs");
export const { Engine, Ledger, _panicForTests } = native;
// The addon catches panics (catch_unwind) and stays usable.
export const trapsOnPanic = false;
`,
);
console.log("@guifan/node built: dist/ and native/");

// Builds @guifan/node in place: the napi addon (bindings/node) with its generated loader and
// index.d.ts in native/, and dist/ = the shared JS API (js/common) over that addon.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const pkg = dirname(dirname(fileURLToPath(import.meta.url)));
const common = join(pkg, "..", "common");
const run = (cmd, args) => execFileSync(cmd, args, { cwd: pkg, stdio: "inherit" });

if (!statSync(join(pkg, "node_modules", "@napi-rs", "cli"), { throwIfNoEntry: false })) run("npm", ["ci", "--no-audit", "--no-fund"]);
run("npx", [
  "napi", "build", "--platform", "--release",
  "--manifest-path", "../../bindings/node/Cargo.toml",
  "--output-dir", "native", "--js", "index.cjs", "--dts", "index.d.ts",
]);

mkdirSync(join(pkg, "dist"), { recursive: true });
copyFileSync(join(common, "api.js"), join(pkg, "dist", "api.js"));
copyFileSync(join(common, "index.d.ts"), join(pkg, "dist", "index.d.ts"));
writeFileSync(
  join(pkg, "dist", "native.js"),
  `// The napi addon, loaded through the loader napi-rs generated.
import { createRequire } from "node:module";
const native = createRequire(import.meta.url)("../native/index.cjs");
export const { Engine, Ledger } = native;
`,
);
console.log("@guifan/node built: dist/ and native/");

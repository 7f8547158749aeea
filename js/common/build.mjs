// The shared JS layer as files of a package, for both packages' build scripts: api.js and
// toml.js with smol-toml's ES modules and licence (the TOML pack reader), so browsers load it
// without a bundler and installs need no dependency.
import { copyFileSync, cpSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const common = dirname(fileURLToPath(import.meta.url));

/** Copies the JS layer into `to`, smol-toml from the package `pkg`'s node_modules. */
export function copyApi(pkg, to) {
  mkdirSync(to, { recursive: true });
  for (const file of ["api.js", "toml.js"]) copyFileSync(join(common, file), join(to, file));
  const smolToml = join(pkg, "node_modules", "smol-toml");
  cpSync(join(smolToml, "dist"), join(to, "smol-toml"), { recursive: true, filter: (f) => !/\.(cjs|d\.ts)$/.test(f) });
  copyFileSync(join(smolToml, "LICENSE"), join(to, "smol-toml", "LICENSE"));
}

/** The public types, the same file in both packages. */
export function copyTypes(to) {
  copyFileSync(join(common, "index.d.ts"), join(to, "index.d.ts"));
}

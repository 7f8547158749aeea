// The published package.json of @guifan/node: the repository's, plus as optionalDependencies
// one package per target of `napi.targets` (napi-rs' layout; npm installs the one that fits
// the machine) and `guifan`, the WebAssembly fallback, all at the package's version.
//
// They are added only while the package is packed (`prepack`; `postpack` takes them out again),
// as napi-rs' `prepublish` does: listed in the repository, packages not yet on the registry
// would put `npm ci` out of step with the lock file.
//
//   node scripts/manifest.mjs publish | restore
import { readFileSync, writeFileSync } from "node:fs";

const file = new URL("../package.json", import.meta.url);

// napi-rs' platform names: the triple's parts as Node names them (`process.platform`,
// `process.arch`, and the C library or ABI where there is a choice).
const OS = { linux: "linux", darwin: "darwin", windows: "win32" };
const CPU = { x86_64: "x64", aarch64: "arm64" };
const ABI = ["gnu", "musl", "msvc"];

/** `x86_64-unknown-linux-gnu` → `linux-x64-gnu`. */
export function platformOf(triple) {
  const [arch, , os, abi] = triple.split("-");
  if (!OS[os] || !CPU[arch]) throw new Error(`no platform name for ${triple}`);
  return [OS[os], CPU[arch], ABI.includes(abi) ? abi : null].filter(Boolean).join("-");
}

/** The optional dependencies the published package carries. */
export function optionalDependencies(manifest) {
  const platforms = manifest.napi.targets.map((t) => [`${manifest.name}-${platformOf(t)}`, manifest.version]);
  return Object.fromEntries([...platforms, ["guifan", manifest.version]]);
}

const write = (manifest) => writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);

if (import.meta.url === `file://${process.argv[1]}`) {
  const manifest = JSON.parse(readFileSync(file, "utf8"));
  delete manifest.optionalDependencies;
  if (process.argv[2] === "publish") write({ ...manifest, optionalDependencies: optionalDependencies(manifest) });
  else if (process.argv[2] === "restore") write(manifest);
  else throw new Error("usage: node scripts/manifest.mjs publish | restore");
}

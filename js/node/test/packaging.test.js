// napi-rs' layout, checked: one package per target of `napi.targets` (npm/<platform>), each an
// optional dependency of the published @guifan/node at the same version, for its own os, cpu and
// libc, holding the binary the loader asks for; and every binary built here is an ELF file of its
// platform's machine and C library.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { test } from "node:test";
import { optionalDependencies, platformOf } from "../scripts/manifest.mjs";

const root = new URL("../", import.meta.url);
const manifest = JSON.parse(readFileSync(new URL("package.json", root), "utf8"));
const loader = readFileSync(new URL("native/index.cjs", root), "utf8");
const platforms = readdirSync(new URL("npm/", root));

const published = optionalDependencies(manifest);

test("a platform package for each napi target, and no other", () => {
  assert.deepStrictEqual(manifest.napi.targets.map(platformOf).sort(), [...platforms].sort());
});

test("each platform package: its name, version, os/cpu/libc and binary; an optional dependency", () => {
  for (const platform of platforms) {
    const p = JSON.parse(readFileSync(new URL(`npm/${platform}/package.json`, root), "utf8"));
    const [os, cpu, abi] = platform.split("-");
    const binary = `${manifest.napi.binaryName}.${platform}.node`;
    assert.equal(p.name, `${manifest.name}-${platform}`);
    assert.equal(p.version, manifest.version, p.name);
    assert.equal(published[p.name], manifest.version, `${p.name} is not an optional dependency at ${manifest.version}`);
    assert.deepStrictEqual([p.os, p.cpu], [[os], [cpu]], p.name);
    assert.deepStrictEqual(p.libc, abi === "gnu" ? ["glibc"] : abi === "musl" ? ["musl"] : undefined, p.name);
    assert.equal(p.main, binary);
    assert.deepStrictEqual(p.files, [binary]);
    // The loader napi-rs generated asks for that package and that file.
    assert.ok(loader.includes(`'${p.name}'`) && loader.includes(`'./${binary}'`), `the loader does not ask for ${p.name}`);
  }
});

test("the published manifest: the platform packages and the WebAssembly fallback, nothing else", () => {
  assert.deepStrictEqual(Object.keys(published).sort(), [...platforms.map((p) => `${manifest.name}-${p}`), "guifan"].sort());
  assert.equal(published.guifan, manifest.version);
  // Not in the repository's manifest: `npm ci` would want them in the lock file.
  assert.equal(manifest.optionalDependencies, undefined);
});

// What `readelf` says a binary of each Linux platform must be.
const ELF = { x64: "Advanced Micro Devices X86-64", arm64: "AArch64" };
const LIBC = { gnu: /\[libc\.so\.6\]/, musl: /\[libc\.so\]|\[libc\.musl-(x86_64|aarch64)\.so\.1\]/ };

test("every Linux binary built here: its machine and its C library", (t) => {
  const built = platforms.filter((p) => p.startsWith("linux-") && existsSync(new URL(`npm/${p}/${manifest.napi.binaryName}.${p}.node`, root)));
  if (!built.length) return t.skip("no Linux binary built");
  for (const platform of built) {
    const [, cpu, abi] = platform.split("-");
    const file = new URL(`npm/${platform}/${manifest.napi.binaryName}.${platform}.node`, root).pathname;
    const header = execFileSync("readelf", ["-h", file], { encoding: "utf8" });
    assert.match(header, new RegExp(`Machine:\\s+${ELF[cpu]}`), platform);
    const dynamic = execFileSync("readelf", ["-d", file], { encoding: "utf8" });
    const needed = dynamic.split("\n").filter((l) => l.includes("(NEEDED)")).join("\n");
    assert.match(needed, LIBC[abi], `${platform} links ${needed}`);
    assert.doesNotMatch(needed, abi === "gnu" ? LIBC.musl : LIBC.gnu, `${platform} links the other C library`);
  }
});

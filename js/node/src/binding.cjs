// The native addon of this platform (napi-rs' loader: a binary beside it, else the platform
// package `@guifan/node-<platform>` from optionalDependencies), or why none loads. CommonJS,
// so that `import` and `require` of @guifan/node share it and warn once per process.
"use strict";

let binding = null;
let problem = null;
try {
  binding = require("../native/index.cjs");
} catch (e) {
  problem = e;
}

let warned = false;

/** `load()` of the WebAssembly package (a module or its promise), after a one-time warning
 * saying why the addon is not used. */
function fallback(load) {
  const where = `${process.platform}-${process.arch}`;
  const why = String(problem?.message ?? problem).split("\n")[0];
  if (!warned) {
    warned = true;
    process.emitWarning(
      `@guifan/node has no native binary that loads on ${where} (${why}); using the WebAssembly package guifan instead: the same answers, more slowly.`,
      { code: "GUIFAN_NO_NATIVE_BINARY" },
    );
  }
  const explain = (e) => {
    if (e?.code !== "MODULE_NOT_FOUND" && e?.code !== "ERR_MODULE_NOT_FOUND") throw e;
    throw new Error(`@guifan/node has no native binary that loads on ${where} (${why}), and its WebAssembly fallback, the package guifan, is not installed: npm install guifan`, { cause: e });
  };
  try {
    const api = load();
    return typeof api?.then === "function" ? api.catch(explain) : api;
  } catch (e) {
    explain(e);
  }
}

module.exports = { binding, fallback };

// The WebAssembly module embedded in the package as base64 and instantiated synchronously at
// import: no file for a bundler to copy, no top-level await (any bundler, any output format or
// target, Node, CommonJS).
import { initSync } from "../guifan_wasm.js";
import base64 from "../guifan_wasm_base64.js";

const bytes = typeof Buffer === "function" ? Buffer.from(base64, "base64") : Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
initSync({ module: bytes });
export * from "../guifan_wasm.js";
// A panic or trap leaves the module's state untrusted: api.js refuses later calls.
export const trapsOnPanic = true;
export const checkLoaded = () => {};

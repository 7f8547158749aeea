// The WebAssembly module loaded when the application says where from: `await init(source)`,
// for sites that serve guifan_wasm_bg.wasm themselves (a CDN, a strict Content-Security-Policy,
// a build without asset handling). Every call before it throws.
import load, * as glue from "../guifan_wasm.js";

let loading = null;
let loaded = false;

/** Loads the module from `source` (a URL, a `Response` or its promise, the bytes, or a
 * compiled `WebAssembly.Module`); later calls resolve at once. */
export function init(source) {
  if (source === undefined || source === null) {
    return Promise.reject(new TypeError('guifan: init(source) needs the URL or the bytes of guifan_wasm_bg.wasm'));
  }
  loading ??= load({ module_or_path: source }).then(
    () => {
      loaded = true;
    },
    (e) => {
      loading = null;
      throw e;
    },
  );
  return loading;
}

export function checkLoaded() {
  if (!loaded) throw new Error('guifan: the WebAssembly module is not loaded yet: await init(url or bytes) from "guifan/manual" first');
}

export const { Engine, Ledger, dueMs, _panicForTests } = glue;
// A panic or trap leaves the module's state untrusted: api.js refuses later calls.
export const trapsOnPanic = true;

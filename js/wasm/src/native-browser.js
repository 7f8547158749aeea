// The WebAssembly module fetched from the file beside the package's glue, with a top-level
// await: for bundlers that follow `new URL(…, import.meta.url)` and copy the file (Vite,
// webpack, Next.js) and for <script type="module"> pages. The package's `exports` send every
// other tool to the embedded module (native-inline.js).
import init from "../guifan_wasm.js";

const url = new URL("../guifan_wasm_bg.wasm", import.meta.url);
try {
  await init({ module_or_path: url });
} catch (e) {
  throw new Error(
    `guifan could not load its WebAssembly module from ${url} (${e?.message ?? e}): the bundler did not ` +
      `copy guifan_wasm_bg.wasm beside the bundle. Import "guifan/inline" (the module embedded, nothing to ` +
      `copy), or serve the file yourself and call init(url) from "guifan/manual".`,
    { cause: e },
  );
}
export * from "../guifan_wasm.js";
// A panic or trap leaves the module's state untrusted: api.js refuses later calls.
export const trapsOnPanic = true;
export const checkLoaded = () => {};

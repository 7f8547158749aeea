// `guifan/manual`: the API of `guifan`, with the WebAssembly module loaded by `init`.
export * from "./index.js";

/** Loads the WebAssembly module (`guifan_wasm_bg.wasm` of this package, served where you
 * like) from a URL, a `Response` or its promise, the bytes, or a compiled `WebAssembly.Module`.
 * Every other call throws until it has resolved; later calls resolve at once. In Node, pass the
 * bytes (`readFileSync(…)`): Node's fetch does not read files. */
export function init(source: string | URL | Request | Response | PromiseLike<Response> | BufferSource | WebAssembly.Module): Promise<void>;

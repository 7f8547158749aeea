// The napi addon under the shared JS API (api.js), loaded by ../binding.cjs.
import loaded from "../binding.cjs";

export const { Engine, Ledger, dueMs, _panicForTests } = loaded.binding;
// The addon catches panics (catch_unwind) and stays usable.
export const trapsOnPanic = false;
export const checkLoaded = () => {};

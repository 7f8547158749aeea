// A panic in the WebAssembly module (its own process: the module is not used after one).
import * as api from "../dist/inline/api.js";
import { runPanicTest } from "../../common/test/suite.js";

runPanicTest(api, "guifan (wasm)", { survives: false });

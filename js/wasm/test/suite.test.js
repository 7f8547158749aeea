import * as api from "../dist/node/api.js";
import { runSuite } from "../../common/test/suite.js";

runSuite(api, "guifan (wasm)");

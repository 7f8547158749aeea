import * as api from "../dist/inline/api.js";
import { tomlToJson } from "../dist/inline/toml.js";
import { runSuite, runTomlSuite } from "../../common/test/suite.js";

runSuite(api, "guifan (wasm)");
runTomlSuite(tomlToJson, "guifan (wasm)");

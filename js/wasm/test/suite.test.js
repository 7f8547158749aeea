import * as api from "../dist/node/api.js";
import { tomlToJson } from "../dist/node/toml.js";
import { runSuite, runTomlSuite } from "../../common/test/suite.js";

runSuite(api, "guifan (wasm)");
runTomlSuite(tomlToJson, "guifan (wasm)");

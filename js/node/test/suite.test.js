import * as api from "../dist/addon/api.js";
import { tomlToJson } from "../dist/addon/toml.js";
import { runSuite, runTomlSuite } from "../../common/test/suite.js";

runSuite(api, "@guifan/node (napi)");
runTomlSuite(tomlToJson, "@guifan/node (napi)");

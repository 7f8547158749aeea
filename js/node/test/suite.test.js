import * as api from "../dist/api.js";
import { runSuite } from "../../common/test/suite.js";

runSuite(api, "@guifan/node (napi)");

// A panic in the napi addon: caught at the boundary, an internal error, and the addon goes on.
import * as api from "../dist/addon/api.js";
import { runPanicTest } from "../../common/test/suite.js";

runPanicTest(api, "@guifan/node (napi)", { survives: true });

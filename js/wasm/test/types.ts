import * as guifan from "guifan";
import { usage } from "../../common/test/usage.js";

usage(guifan);

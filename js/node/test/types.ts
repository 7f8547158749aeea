import * as guifan from "@guifan/node";
import { usage } from "../../common/test/usage.js";

usage(guifan);

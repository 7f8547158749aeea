// An ES module TypeScript file (module node16): the packages' `import` types.
import { deadline, Engine } from "guifan";
import { init } from "guifan/manual";
import { isWorkingDay, knownYears, GuifanError } from "guifan/calendar";
import * as napi from "@guifan/node";

await init(new URL("https://example.invalid/guifan_wasm_bg.wasm"));
const working: boolean = isWorkingDay(new Date());
const years: number[] = knownYears();
export const values = [deadline({ rule: "SLA.FAULT.ORDINARY", area: "rural", start: new Date() }).due, new Engine().knownYears(), working, years, napi.tier, GuifanError];

// A CommonJS TypeScript file (module node16): the packages' `require` types.
import { deadline, GuifanError, type DeadlineResult } from "guifan";
import { init } from "guifan/manual";
import { addWorkingDays, calendarDay } from "guifan/calendar";
import { tier } from "@guifan/node";

const due: DeadlineResult = deadline({ rule: "SLA.COMPLAINT.ORDINARY", start: "2025-09-30T10:00" });
const day: string = addWorkingDays("2025-09-30", 3);
const name: string | null = calendarDay("2025-10-01").holidayNameZh;
const loading: Promise<void> = init(new Uint8Array(0));
export const values = [due.due, day, name, loading, tier({ brand: "e_home", annualSpend: 1 }).tier, GuifanError];
// @ts-expect-error the test hook is not public
export { _panicForTests } from "guifan";

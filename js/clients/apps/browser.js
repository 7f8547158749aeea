// The tiny app every bundler builds: a complaint filed the day before National Day 2025 (1–8
// October are holidays, Saturday 11 October a make-up working day), from the full package and
// from the calendar-only entry, written into the page for the test to read.
import { deadline, GuifanError } from "guifan";
import { addWorkingDays } from "guifan/calendar";

const out = document.getElementById("answer");
try {
  const due = deadline({ rule: "SLA.COMPLAINT.ORDINARY", start: "2025-09-30T10:00" }).due;
  out.textContent = `${due} ${addWorkingDays("2025-09-30", 3)} ${typeof GuifanError}`;
} catch (e) {
  out.textContent = `error: ${e}`;
}

// The tiny app with the .wasm as a file beside the bundle: the same, from `guifan/browser`.
import { deadline, GuifanError } from "guifan/browser";
import { addWorkingDays } from "guifan/calendar";

const out = document.getElementById("answer");
try {
  const due = deadline({ rule: "SLA.COMPLAINT.ORDINARY", start: "2025-09-30T10:00" }).due;
  out.textContent = `${due} ${addWorkingDays("2025-09-30", 3)} ${typeof GuifanError}`;
} catch (e) {
  out.textContent = `error: ${e}`;
}

// The app a Node bundler (esbuild --platform=node) builds; run from a folder with no
// node_modules, so nothing but the bundle is there.
import { deadline } from "guifan";
import { addWorkingDays } from "guifan/calendar";

console.log(`${deadline({ rule: "SLA.COMPLAINT.ORDINARY", start: "2025-09-30T10:00" }).due} ${addWorkingDays("2025-09-30", 3)} function`);

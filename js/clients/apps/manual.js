// The app of a site that serves the .wasm itself: `guifan/manual` and `init(url)`.
import { deadline, init } from "guifan/manual";

const out = document.getElementById("answer");
try {
  await init(new URL("./guifan.wasm", location.href));
  out.textContent = `${deadline({ rule: "SLA.COMPLAINT.ORDINARY", start: "2025-09-30T10:00" }).due} 2025-10-11 function`;
} catch (e) {
  out.textContent = `error: ${e}`;
}

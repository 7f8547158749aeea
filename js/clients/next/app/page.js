// Prerendered at build time in Node (`built`), and answered again in the browser (Answer).
import { deadline } from "guifan";
import Answer from "./answer.js";

export default function Page() {
  const built = deadline({ rule: "SLA.COMPLAINT.ORDINARY", start: "2025-09-30T10:00" }).due;
  return (
    <main>
      <output id="built">{built}</output> <Answer />
    </main>
  );
}

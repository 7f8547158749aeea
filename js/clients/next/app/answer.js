"use client";
// The same app as ../../apps/browser.js, run in the browser after hydration.
import { useEffect, useState } from "react";
import { deadline, GuifanError } from "guifan";
import { addWorkingDays } from "guifan/calendar";

export default function Answer() {
  const [text, setText] = useState("loading");
  useEffect(() => {
    try {
      const due = deadline({ rule: "SLA.COMPLAINT.ORDINARY", start: "2025-09-30T10:00" }).due;
      setText(`${due} ${addWorkingDays("2025-09-30", 3)} ${typeof GuifanError}`);
    } catch (e) {
      setText(`error: ${e}`);
    }
  }, []);
  return <output id="answer">{text}</output>;
}

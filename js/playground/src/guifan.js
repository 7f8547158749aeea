// The one door to guifan: every answer on the page comes through `ask` (the JSON contract of
// VECTORS.md, with the explanation), so the page only formats what guifan computed. The module
// is the .wasm file beside the page (`guifan/browser`), fetched and compiled while it loads.
import * as guifan from "guifan/browser";

/** What the page answers on: the built-in calendar, or an engine with a pasted notice loaded on
 * top and/or provisional answers for unknown years (the URL's `notice` and `provisional`). */
let current = { key: "|false", engine: null, error: null };

/** Makes the page answer on the built-in calendar plus `notice` (a State Council notice's text,
 * read by calendarFromNotice; empty: none), provisionally for unknown years when `provisional`.
 * Returns the notice's refusal (a GuifanError), if any: the page then answers without it. */
export function useCalendar(notice, provisional) {
  const key = `${notice}|${provisional}`;
  if (current.key !== key) {
    current.engine?.free();
    let calendar;
    let error = null;
    try {
      calendar = notice ? guifan.calendarFromNotice(notice) : undefined;
    } catch (e) {
      error = e;
    }
    const engine = calendar || provisional ? new guifan.Engine({ calendar, provisional }) : null;
    current = { key, engine, error };
  }
  return current.error;
}

const on = () => current.engine ?? guifan;

/** The answer to one request, `{error: {kind, message, field, value}}` on failure. */
export const ask = (op, input) => on().evaluate({ op, input, explain: true });

/** The years with a published schedule, and each with its sources. */
export const knownYears = () => on().knownYears();
export const calendarSources = () => on().calendarSources();
/** The unknown year to warn about on `today` (YYYY-MM-DD), or null. */
export const unknownYearAhead = (today) => on().unknownYearAhead(today);

/** The rule catalogue (the `rules` op), by id. */
export function catalogue() {
  const answer = ask("rules", {});
  if (answer.error) throw new Error(answer.error.message);
  return new Map(answer.rules.map((rule) => [rule.id, rule]));
}

/** A whole number for the contract (exact, as a BigInt); anything else goes as typed, for
 * guifan to say what is wrong with it; empty is absent. */
export const whole = (text) => (/^-?\d+$/.test(text) ? BigInt(text) : text || undefined);

/** A flag parameter: "true" → true; absent → absent. */
export const flag = (text) => (text === "true" ? true : text ? text : undefined);

/** A JSON parameter (lines, accounts); text that is not JSON goes as is, for guifan to reject. */
export function json(text) {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

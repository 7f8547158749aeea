// The one door to guifan: every answer on the page comes through `ask` (the JSON contract of
// VECTORS.md, with the explanation), so the page only formats what guifan computed. The module
// is the .wasm file beside the page (`guifan/browser`), fetched and compiled while it loads.
import { evaluate, knownYears } from "guifan/browser";

/** The answer to one request, `{error: {kind, message, field, value}}` on failure. */
export const ask = (op, input) => evaluate({ op, input, explain: true });

/** The rule catalogue (the `rules` op), by id. */
export function catalogue() {
  const answer = ask("rules", {});
  if (answer.error) throw new Error(answer.error.message);
  return new Map(answer.rules.map((rule) => [rule.id, rule]));
}

export { knownYears };

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

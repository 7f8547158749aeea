// Errors of guifan as readable messages: what went wrong in the reader's language, then the
// exact kind, field, value and guifan's own message.
import { h } from "./dom.js";

/** A readable message for an `{kind, message, field, value}` error (or a thrown Error). */
export function problem(error, t) {
  const e = error instanceof Error && !error.kind ? { kind: "page", message: String(error.message ?? error) } : error;
  const said = t(t.has(`error.${e.kind}`) ? `error.${e.kind}` : "error.other", e);
  return h(
    "div",
    { class: "problem", role: "alert", "data-testid": "error", "data-kind": e.kind },
    h("p", { class: "what" }, said),
    h(
      "p",
      { class: "detail" },
      h("code", {}, e.kind),
      e.field && [" · ", t("field"), " ", h("code", {}, e.field)],
      e.value != null && [" · ", t("value"), " ", h("code", {}, String(e.value))],
      " · ",
      h("span", { lang: "en" }, e.message),
    ),
  );
}

/** A result section: the heading, then `shown()` (the answer laid out) or, when guifan answered
 * an error, the main output `testid` marked "error" and the readable message; `more` follows
 * either way. */
export function outcome({ t, title, answer, testid }, shown, ...more) {
  const body = answer.error ? [h("p", { "data-testid": testid, "data-value": "error" }, "—"), problem(answer.error, t)] : shown();
  return h("section", { class: "outputs" }, h("h2", {}, title), body, more);
}

/** A main output as a badge: the label, with the machine value in data-value. */
export const badge = (style, testid, value, label) =>
  h("p", { class: `${style}-line` }, h("strong", { class: `${style} ${value}`, "data-testid": testid, "data-value": value }, label));

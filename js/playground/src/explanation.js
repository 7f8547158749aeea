// The explanation guifan gives with every answer: the rules (clause and original words) and the
// steps (each day counted or skipped, and why).
import { h } from "./dom.js";
import { dateLabel } from "./format.js";

/** Why a day of a working-day count was counted or skipped. */
export function dayReason(step, t) {
  const name = step.holiday && holidayName(step.holiday, t.lang);
  return t(step.counted ? "counted" : "skipped", t(`day.${step.kind}`, name));
}

/** A holiday's name: Chinese from guifan; in English made from its key (`national_day` → National day). */
export const holidayName = ({ key, zh }, lang) => (lang === "en" ? key.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase()) : zh);

function step(s, t) {
  if (s.type === "note") return h("li", { class: "note", lang: "en" }, s.text);
  return h(
    "li",
    { class: `day ${s.kind} ${s.counted ? "counted" : "skipped"}`, "data-date": s.date, "data-counted": String(s.counted) },
    h("span", { class: "mark", "aria-hidden": "true" }, s.counted ? "✓" : "–"),
    h("span", { class: "date" }, dateLabel(s.date, t.lang, { year: false })),
    h("span", { class: "why" }, dayReason(s, t)),
  );
}

/** A rule as the catalogue gives it: id, document, clause, original words, summary. */
export function ruleCard(rule, t) {
  return h(
    "article",
    { class: "rule", "data-rule": rule.id },
    h("p", { class: "rule-id" }, h("code", {}, rule.id), " · ", rule.document.short, " ", rule.clause),
    h("blockquote", { lang: "zh-CN" }, rule.words),
    h("p", { class: "summary", lang: "en" }, rule.summary),
    h("p", { class: "source" }, t("source"), " ", rule.document.title),
  );
}

/** The steps and the rules of an explanation. */
export function explanation(expl, t) {
  if (!expl) return null;
  return h(
    "section",
    { class: "explanation", "data-testid": "explanation" },
    expl.steps.length > 0 && [
      h("h3", {}, t("steps")),
      h(
        "ol",
        { class: "steps" },
        expl.steps.map((s) => step(s, t)),
      ),
    ],
    h(
      "details",
      {},
      h("summary", {}, t("rules.applied", expl.rules.length)),
      expl.rules.map((r) => ruleCard(r, t)),
    ),
  );
}

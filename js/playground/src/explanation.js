// The explanation guifan gives with every answer: the rules (clause and original words) and the
// steps (each day counted or skipped, and why). guifan's notes between the steps are English
// only: in Chinese the page tells a working-day count from the structured steps (the days, their
// kinds and holidays) and keeps the notes as a secondary detail; in English it shows them in
// place.
import { h } from "./dom.js";
import { dateLabel, said, shiftDate } from "./format.js";

/** Why a day of a working-day count was counted or skipped. */
export function dayReason(step, t) {
  // A day guifan marks wholly paused (INTERP.PAUSE) was skipped for that.
  if (step.paused) return t("skipped.paused");
  const name = step.holiday && holidayName(step.holiday, t.lang);
  return t(step.counted ? "counted" : "skipped", t(`day.${step.kind}`, name));
}

/** A holiday's name: Chinese from guifan; in English made from its key (`national_day` → National day). */
export const holidayName = ({ key, zh }, lang) => (lang === "en" ? key.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase()) : zh);

function step(s, t) {
  if (s.type === "note") return h("li", { class: "note", lang: "en" }, s.text);
  if (s.type === "target") return h("li", { class: "target", "data-rule": s.rule }, t("step.target", s.rule));
  if (s.type === "pause") return h("li", { class: "pause" }, t("step.pause", said(s.from, t.lang), s.to && said(s.to, t.lang)));
  return h(
    "li",
    { class: `day ${s.kind} ${s.counted ? "counted" : "skipped"}`, "data-date": s.date, "data-counted": String(s.counted) },
    h("span", { class: "mark", "aria-hidden": "true" }, s.counted ? "✓" : "–"),
    h("span", { class: "date" }, dateLabel(s.date, t.lang, { year: false })),
    h("span", { class: "why" }, dayReason(s, t)),
  );
}

/** A working-day count (INTERP.PERIODS) told from its steps: the start day (the day before the
 * first step) is not counted, then each day, then the last day counted and the due time (`due`,
 * from the answer). Only a `working_days` deadline's steps have that shape. */
function count(days, due, t) {
  const counted = days.filter((s) => s.counted);
  const told = (key, ...args) => h("li", { class: "told", "data-told": key }, t(key, ...args));
  return [
    told("count.start", dateLabel(shiftDate(days[0].date, -1), t.lang)),
    days.map((s) => step(s, t)),
    counted.length > 0 && told("count.end", counted.length, dateLabel(counted.at(-1).date, t.lang, { year: false }), said(due, t.lang)),
  ];
}

/** A rule as the catalogue gives it: id, document, clause, original words, and in English its
 * summary (the summaries are English only; in Chinese the original words say it). */
export function ruleCard(rule, t) {
  return h(
    "article",
    { class: "rule", "data-rule": rule.id },
    h("p", { class: "rule-id" }, h("code", {}, rule.id), " · ", rule.document.short, " ", rule.clause),
    h("blockquote", { lang: "zh-CN" }, rule.words),
    t.lang === "en" && rule.summary && h("p", { class: "summary", lang: "en" }, rule.summary),
    h("p", { class: "source" }, t("source"), " ", rule.document.title),
  );
}

/** The steps and the rules of an explanation; `countedTo` is the due instant of a deadline
 * counted in working days, whose steps are told as a count. */
export function explanation(expl, t, { countedTo: due } = {}) {
  if (!expl) return null;
  const english = t.lang === "en";
  const days = expl.steps.filter((s) => s.type === "day");
  const notes = expl.steps.filter((s) => s.type === "note");
  const steps = english ? expl.steps.map((s) => step(s, t)) : due && days.length > 0 ? count(days, due, t) : days.map((s) => step(s, t));
  return h(
    "section",
    { class: "explanation", "data-testid": "explanation" },
    (english ? expl.steps : days).length > 0 && [h("h3", {}, t("steps")), h("ol", { class: "steps" }, steps)],
    !english &&
      notes.length > 0 &&
      h(
        "details",
        { class: "notes" },
        h("summary", {}, t("notes", notes.length)),
        h(
          "ul",
          { lang: "en" },
          notes.map((n) => h("li", {}, n.text)),
        ),
      ),
    h(
      "details",
      {},
      h("summary", {}, t("rules.applied", expl.rules.length)),
      expl.rules.map((r) => ruleCard(r, t)),
    ),
  );
}

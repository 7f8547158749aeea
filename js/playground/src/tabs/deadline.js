// Deadline: a rule of the catalogue (or a free clock and amount), a start and an optional done
// time → the due instant, met or breached, and every day counted or skipped.
import { choice, group, h, input, instant } from "../dom.js";
import { explanation, ruleCard } from "../explanation.js";
import { said, spoken } from "../format.js";
import { ask, whole } from "../guifan.js";
import { problem } from "../problem.js";

const example = { rule: "SLA.COMPLAINT.ORDINARY", start: "2025-09-30T10:00" };
const FREE_CLOCKS = ["clock_hours", "calendar_days", "working_days", "working_minutes"];

/** Deadline rules are the catalogue's rules with a clock; those with urban and rural periods take an area. */
const deadlineRules = (ctx) => [...ctx.rules.values()].filter((r) => r.params.clock);
const hasArea = (rule) => rule?.params.urban !== undefined;

/** The parameters the form uses: a rule (with its area) or a free clock and amount; the times. */
export function fields(ctx) {
  const rule = ctx.get("rule");
  const what = rule ? ["rule", ...(hasArea(ctx.rules.get(rule)) ? ["area"] : [])] : ["clock", "amount"];
  return [...what, "start", "done"];
}

const hasDeadline = (ctx) => ["rule", "clock", "start"].some((f) => ctx.get(f));
export const defaults = (ctx) => (hasDeadline(ctx) ? {} : example);

/** The contract input (VECTORS.md `deadline`) of the deadline in the URL, or null when there is none. */
export function deadlineInput(ctx) {
  if (!hasDeadline(ctx)) return null;
  const input = Object.fromEntries(fields(ctx).map((f) => [f, ctx.get(f) || undefined]));
  return { ...input, amount: input.amount && whole(input.amount) };
}

export function form(ctx) {
  const { t } = ctx;
  const rule = ctx.rules.get(ctx.get("rule"));
  return h(
    "form",
    { class: "inputs", onsubmit: (e) => e.preventDefault() },
    group(
      t("what"),
      rulePicker(ctx),
      rule && ruleCard(rule, t),
      hasArea(rule) && choice(ctx, "area", t("area"), [["", t("area.default")], ...["urban", "rural"].map((a) => [a, t(`area.${a}`)])]),
      !ctx.get("rule") && [
        choice(ctx, "clock", t("clock"), [["", t("choose")], ...FREE_CLOCKS.map((c) => [c, t(`clock.${c}`)])]),
        input(ctx, "amount", t("amount"), { inputmode: "numeric", autocomplete: "off" }),
      ],
    ),
    group(
      t("when"),
      instant(ctx, "start", t("start"), { hint: t("beijing") }),
      instant(ctx, "done", t("done"), { optional: true, hint: t("done.hint") }),
    ),
  );
}

/** The catalogue's deadline rules as radio buttons grouped by document, each with its clause and
 * original words, and the free clock first: arrow keys move between them, as between any radio
 * buttons. The chosen one is scrolled into view inside the list. */
function rulePicker(ctx) {
  const { t } = ctx;
  const current = ctx.get("rule");
  const rules = deadlineRules(ctx);
  const byDocument = new Map();
  for (const r of rules) byDocument.set(r.document.short, [...(byDocument.get(r.document.short) ?? []), r]);
  // A free clock starts from an example, so the form is never empty.
  const choose = (id) =>
    ctx.fill(id ? { rule: id } : { rule: "", clock: ctx.get("clock") || "working_days", amount: ctx.get("amount") || "3" }, true);
  const pick = (id, ...label) =>
    h(
      "label",
      { class: "pick", "data-pick": id },
      h("input", { type: "radio", name: "rule", value: id, id: `rule-${id || "free"}`, checked: id === current, onchange: () => choose(id) }),
      h("span", { class: "pick-label" }, label),
    );
  const list = h(
    "div",
    { class: "picker", id: "f-rule" },
    pick("", t("free.clock")),
    current && !rules.some((r) => r.id === current) && pick(current, h("code", {}, current), " ", t("rule.unknown")),
    [...byDocument].map(([doc, inDoc]) =>
      h(
        "div",
        { class: "pick-group", role: "group", "aria-label": `${doc} · ${inDoc[0].document.title}` },
        h("p", { class: "pick-doc", "aria-hidden": "true" }, h("strong", {}, doc), " · ", inDoc[0].document.title),
        inDoc.map((r) =>
          pick(
            r.id,
            h("span", { class: "pick-id" }, h("code", {}, r.id), " · ", r.clause),
            h("span", { class: "pick-words", lang: "zh-CN" }, r.words),
          ),
        ),
      ),
    ),
  );
  queueMicrotask(() => {
    const chosen = list.querySelector("input:checked")?.closest(".pick");
    if (chosen && list.isConnected) list.scrollTop = chosen.offsetTop - list.clientHeight / 3;
  });
  return h("fieldset", { class: "rule-picker" }, h("legend", { class: "label" }, t("rule")), list);
}

/** The due instant, shown as people say it, with the machine value in data-value. */
export function dueLine(answer, t) {
  if (answer.error) {
    const unknown = answer.error.kind === "calendar_year_unknown";
    return h(
      "p",
      { class: "due unknown", "data-testid": "due", "data-value": unknown ? "unknown" : "error" },
      unknown ? t("unknown") : "—",
    );
  }
  return h(
    "p",
    { class: "due", "data-testid": "due", "data-value": answer.due },
    h("strong", {}, said(answer.due, t.lang)),
    h("small", {}, " ", h("code", {}, answer.due)),
  );
}

export function result(ctx) {
  const { t } = ctx;
  const question = deadlineInput(ctx);
  if (!question) return h("p", {}, t("deadline.empty"));
  const answer = ask("deadline", question);
  const due = answer.due && spoken(answer.due);
  return h(
    "section",
    { class: "outputs" },
    h("h2", {}, t("due")),
    dueLine(answer, t),
    answer.error && problem(answer.error, t),
    answer.clock && h("p", { class: "clock" }, t("clock"), ": ", t(`clock.${answer.clock}`)),
    answer.met !== undefined &&
      h("p", { class: `met ${answer.met}`, "data-testid": "met", "data-value": String(answer.met) }, t(answer.met ? "met" : "breached")),
    due &&
      h("button", { type: "button", class: "link", onclick: () => ctx.go("calendar", { date: due.date.slice(0, 7) }) }, t("see.calendar")),
    explanation(answer.explanation, t, answer.clock === "working_days" ? { countedTo: answer.due } : {}),
  );
}

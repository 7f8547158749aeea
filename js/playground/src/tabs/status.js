// Status: lines with arrears dates (and the other cancel reasons) → active, frozen or cancelled,
// with every reason and its rule.
import { check, group, h, input } from "../dom.js";
import { explanation, ruleCard } from "../explanation.js";
import { ask, flag, json } from "../guifan.js";
import { badge, outcome } from "../problem.js";
import { parseRows, rowsEditor } from "../rows.js";

const FIELDS = ["as_of", "lines", "cancel_requested", "card_expires_on", "misconduct"];
const example = {
  as_of: "2025-06-01",
  lines: JSON.stringify([{ id: "L1" }, { id: "L2", arrears_since: "2025-05-20" }]),
};
export const fields = () => FIELDS;
export const defaults = (ctx) => (FIELDS.some((f) => ctx.get(f)) ? {} : example);

const statusInput = (ctx) => ({
  as_of: ctx.get("as_of") || undefined,
  lines: json(ctx.get("lines")) ?? [],
  cancel_requested: flag(ctx.get("cancel_requested")),
  card_expires_on: ctx.get("card_expires_on") || undefined,
  misconduct: flag(ctx.get("misconduct")),
});

export function form(ctx) {
  const { t } = ctx;
  const columns = [
    { key: "id", label: t("line.id") },
    { key: "arrears_since", label: t("arrears_since"), type: "date" },
    { key: "active", label: t("line.active"), type: "check", default: true },
    { key: "reminded", label: t("reminded"), type: "check" },
  ];
  return h(
    "form",
    { class: "inputs", onsubmit: (e) => e.preventDefault() },
    group(t("member"), input(ctx, "as_of", t("as_of"), { type: "date" })),
    group(
      t("lines"),
      rowsEditor({
        id: "line",
        rows: parseRows(ctx.get("lines")),
        columns,
        t,
        add: t("add.line"),
        blank: (n) => ({ id: `L${n + 1}` }),
        onchange: (rows, structural) => ctx.set("lines", JSON.stringify(rows), structural),
      }),
    ),
    group(
      t("cancel.other"),
      check(ctx, "cancel_requested", t("cancel_requested")),
      input(ctx, "card_expires_on", t("card_expires_on"), { type: "date" }),
      check(ctx, "misconduct", t("misconduct")),
    ),
  );
}

export function result(ctx) {
  const { t } = ctx;
  const answer = ask("status", statusInput(ctx));
  return outcome({ t, title: t("status"), answer, testid: "status" }, () => [
    badge("status", "status", answer.status, t(`status.${answer.status}`)),
    h(
      "p",
      { "data-testid": "points-frozen", "data-value": String(answer.points_frozen) },
      t(answer.points_frozen ? "points.frozen" : "points.usable"),
    ),
    h("h3", {}, t("reasons")),
    answer.reasons.length === 0
      ? h("p", {}, t("reasons.none"))
      : h(
          "ul",
          { class: "reasons", "data-testid": "reasons" },
          answer.reasons.map((id) => h("li", { "data-rule": id }, ruleCard(ctx.rules.get(id), t))),
        ),
    explanation(answer.explanation, t),
  ]);
}

// Points: accounts of one customer with their lots → the merged balance and the redemption
// order; a redemption takes points lot by lot in that order.
import { check, group, h, input } from "../dom.js";
import { explanation } from "../explanation.js";
import { ask, flag, json, whole } from "../guifan.js";
import { outcome, problem } from "../problem.js";
import { parseRows, rowsEditor } from "../rows.js";

const FIELDS = ["customer_id", "as_of", "accounts", "points", "frozen"];
const lot = (id, points, earned_on, expires_on) =>
  expires_on ? { id, points, earned_on, expires_on, kind: "promotional" } : { id, points, earned_on, kind: "regular" };
const example = {
  customer_id: "C1",
  as_of: "2025-06-01",
  accounts: JSON.stringify([
    { account_id: "mobile", customer_id: "C1", lots: [lot("m1", 100, "2025-01-05"), lot("m2", 50, "2025-02-01", "2025-06-30")] },
    {
      account_id: "broadband",
      customer_id: "C1",
      lots: [lot("b1", 30, "2025-03-01", "2025-12-31"), lot("b2", 20, "2025-01-10", "2025-05-31")],
    },
  ]),
  points: "60",
};
export const fields = () => FIELDS;
export const defaults = (ctx) => (FIELDS.some((f) => ctx.get(f)) ? {} : example);

/** Every lot of every account, as the redemption takes them (guifan merges repeated lots). */
const allLots = (accounts) => (Array.isArray(accounts) ? accounts.flatMap((a) => (Array.isArray(a?.lots) ? a.lots : [])) : []);

export function form(ctx) {
  const { t } = ctx;
  const accounts = parseRows(ctx.get("accounts"));
  const save = (structural) => ctx.set("accounts", JSON.stringify(accounts), structural);
  const columns = [
    { key: "id", label: t("lot.id") },
    { key: "points", label: t("lot.points"), type: "number" },
    { key: "earned_on", label: t("earned_on"), type: "date" },
    { key: "expires_on", label: t("expires_on"), type: "date" },
    {
      key: "kind",
      label: t("lot.kind"),
      type: "select",
      options: [
        ["", "—"],
        ["regular", t("lot.regular")],
        ["promotional", t("lot.promotional")],
      ],
    },
  ];
  const text = (account, key, id, label) =>
    h(
      "label",
      { class: "field" },
      h("span", { class: "label" }, label),
      h("input", {
        id,
        value: account[key] ?? "",
        autocomplete: "off",
        oninput: (e) => ((account[key] = e.target.value), save(false)),
      }),
    );
  const accountBox = (account, i) => {
    if (!Array.isArray(account.lots)) account.lots = [];
    return h(
      "fieldset",
      { class: "account" },
      h("legend", {}, t("account"), " ", i + 1),
      h(
        "div",
        { class: "account-head" },
        text(account, "account_id", `acct-${i}-id`, t("account_id")),
        text(account, "customer_id", `acct-${i}-customer`, t("customer_id")),
        h(
          "button",
          {
            type: "button",
            class: "remove",
            id: `acct-${i}-remove`,
            "aria-label": t("remove.account", i + 1),
            onclick: () => (accounts.splice(i, 1), save(true)),
          },
          "×",
        ),
      ),
      rowsEditor({
        id: `acct-${i}-lot`,
        rows: account.lots,
        columns,
        t,
        add: t("add.lot"),
        blank: (n) => ({
          id: `${account.account_id || "lot"}-${n + 1}`,
          points: 100,
          earned_on: ctx.get("as_of") || undefined,
          kind: "regular",
        }),
        onchange: (lots, structural) => ((account.lots = lots), save(structural)),
      }),
    );
  };
  return h(
    "form",
    { class: "inputs", onsubmit: (e) => e.preventDefault() },
    group(
      t("member"),
      input(ctx, "customer_id", t("customer_id"), { autocomplete: "off" }),
      input(ctx, "as_of", t("as_of"), { type: "date" }),
    ),
    accounts.map(accountBox),
    h(
      "button",
      {
        type: "button",
        class: "add",
        id: "acct-add",
        onclick: () => (
          accounts.push({ account_id: `A${accounts.length + 1}`, customer_id: ctx.get("customer_id"), lots: [] }),
          save(true)
        ),
      },
      t("add.account"),
    ),
    group(
      t("redeem"),
      input(ctx, "points", t("redeem.points"), { inputmode: "numeric", autocomplete: "off" }),
      check(ctx, "frozen", t("frozen")),
    ),
  );
}

function redemption(ctx, accounts) {
  const { t } = ctx;
  const answer = ask("points.redeem", {
    lots: allLots(accounts),
    as_of: ctx.get("as_of") || undefined,
    points: whole(ctx.get("points")),
    frozen: flag(ctx.get("frozen")),
  });
  return h(
    "section",
    { class: "redemption" },
    h("h3", {}, t("redeem"), " ", ctx.get("points")),
    answer.error
      ? problem(answer.error, t)
      : [
          h(
            "ol",
            { class: "consumed", "data-testid": "consumed" },
            answer.consumed.map((c) => h("li", { "data-lot": c.id, "data-points": c.points }, t("consumed", c.id, c.points))),
          ),
          h(
            "p",
            {},
            t("remaining"),
            " ",
            h("strong", { "data-testid": "remaining", "data-value": answer.remaining }, String(answer.remaining)),
          ),
          explanation(answer.explanation, t),
        ],
  );
}

export function result(ctx) {
  const { t } = ctx;
  const accounts = json(ctx.get("accounts")) ?? [];
  const answer = ask("points.merge", { customer_id: ctx.get("customer_id") || undefined, as_of: ctx.get("as_of") || undefined, accounts });
  const lots = new Map(allLots(accounts).map((l) => [l?.id, l]));
  const lotLine = (id) => {
    const l = lots.get(id);
    return h("li", { "data-lot": id }, h("code", {}, id), " ", t("lot.line", l?.points, l?.expires_on));
  };
  return outcome(
    { t, title: t("balance"), answer, testid: "total" },
    () => [
      h(
        "p",
        { class: "total" },
        t("total"),
        " ",
        h("strong", { "data-testid": "total", "data-value": answer.total }, String(answer.total)),
      ),
      h("p", { "data-testid": "expired", "data-value": answer.expired }, t("expired", answer.expired)),
      h("h3", {}, t("order")),
      h("ol", { class: "order", "data-testid": "order" }, answer.order.map(lotLine)),
      explanation(answer.explanation, t),
    ],
    ctx.get("points") && redemption(ctx, accounts),
  );
}

// Tier: kind, brand and spend (or revenue, or rank) → the tier, with the table of its rule and the
// bound that decided it; and the yearly review against a previous tier.
import { choice, group, h, input } from "../dom.js";
import { explanation } from "../explanation.js";
import { ask, whole } from "../guifan.js";
import { badge, outcome, problem } from "../problem.js";

const example = { kind: "personal", brand: "e_home", annual_spend: "3359.99" };

const KINDS = ["personal", "enterprise", "government"];
const BRANDS = ["e_home", "tianyi", "other"];
const RANKS = ["bureau", "division", "section", "none"];
const TIERS = ["none", "silver", "gold", "diamond"];
/** The customer fields each kind of customer is asked for (VECTORS.md `tier`). */
const CUSTOMER = { personal: ["brand", "annual_spend"], enterprise: ["annual_revenue"], government: ["rank"] };

/** A parameter of a rule of the catalogue (a band, a number of months). */
const param = (ctx, id, name) => ctx.rules.get(id)?.params[name];

const SIGN = { ">=": "≥", ">": ">", "<=": "≤", "<": "<" };
const FLIPPED = { ">=": "≤", ">": "<" };

/** A band as people write it, from its ends as the pack writes them (`>= 2160`, `< 3360`):
 * `2160 ≤ E < 3360`, `E ≥ 3360`. Notation only: which band holds an amount is guifan's answer. */
function written(min, max, amount) {
  const [loOp, lo] = min.split(" ");
  if (!max) return `${amount} ${SIGN[loOp]} ${lo}`;
  const [hiOp, hi] = max.split(" ");
  return `${lo} ${FLIPPED[loOp]} ${amount} ${SIGN[hiOp]} ${hi}`;
}

const kind = (ctx) => ctx.get("kind") || "personal";
const PACKAGE = ["monthly_fee", "subscribed_on", "rating_year"];

/** The parameters the form uses: the customer fields of the kind (a package for personal
 * customers) and the review. */
export function fields(ctx) {
  const review = ctx.get("previous_tier") ? ["previous_tier", "override", ...(ctx.get("override") ? ["approval_ref"] : [])] : [];
  return ["kind", ...(CUSTOMER[kind(ctx)] ?? []), ...(kind(ctx) === "personal" ? PACKAGE : []), ...review];
}

export const defaults = (ctx) => (ctx.get("kind") ? {} : example);

/** The contract input of `tier` (and `current` of `review`). */
function tierInput(ctx) {
  const customer = { kind: kind(ctx) };
  for (const f of CUSTOMER[kind(ctx)] ?? []) customer[f] = ctx.get(f) || undefined;
  const personal = kind(ctx) === "personal";
  const fee = personal && ctx.get("monthly_fee");
  return {
    customer,
    package: fee ? { monthly_fee: fee, subscribed_on: ctx.get("subscribed_on") || undefined } : undefined,
    rating_year: personal ? whole(ctx.get("rating_year")) : undefined,
  };
}

function reviewInput(ctx) {
  const override = ctx.get("override");
  return {
    previous_tier: ctx.get("previous_tier"),
    current: tierInput(ctx),
    override: override ? { tier: override, approval_ref: ctx.get("approval_ref") || undefined } : undefined,
  };
}

export function form(ctx) {
  const { t } = ctx;
  const pairs = (prefix, keys) => keys.map((k) => [k, t(`${prefix}.${k}`)]);
  const money = { inputmode: "decimal", autocomplete: "off" };
  return h(
    "form",
    { class: "inputs", onsubmit: (e) => e.preventDefault() },
    group(
      t("customer"),
      choice(ctx, "kind", t("kind"), pairs("kind", KINDS)),
      kind(ctx) === "personal" && [
        choice(ctx, "brand", t("brand"), pairs("brand", BRANDS)),
        input(ctx, "annual_spend", t("annual_spend"), money, t("cny")),
      ],
      kind(ctx) === "enterprise" && input(ctx, "annual_revenue", t("annual_revenue"), money, t("cny")),
      kind(ctx) === "government" && choice(ctx, "rank", t("rank"), [["", t("choose")], ...pairs("rank", RANKS)]),
    ),
    kind(ctx) === "personal" &&
      group(
        t("package"),
        input(ctx, "monthly_fee", t("monthly_fee"), money, t("package.hint", param(ctx, "TIER.PACKAGE", "months"))),
        input(ctx, "subscribed_on", t("subscribed_on"), { type: "date" }),
        input(ctx, "rating_year", t("rating_year"), { inputmode: "numeric", autocomplete: "off" }),
      ),
    group(
      t("review"),
      choice(ctx, "previous_tier", t("previous_tier"), [["", t("review.none")], ...pairs("tier", TIERS)]),
      ctx.get("previous_tier") && [
        choice(ctx, "override", t("override"), [["", t("override.none")], ...pairs("tier", TIERS)]),
        ctx.get("override") && input(ctx, "approval_ref", t("approval_ref"), { autocomplete: "off" }),
      ],
    ),
  );
}

/** The table of the deciding rule, from its catalogue parameters (each band as the pack writes
 * it, `>= 2160 and < 3360`), with the row of the tier guifan answered marked. */
function table(rule, answer, t) {
  const p = rule.params;
  if (p.bureau) {
    const rows = RANKS.map((rank) => [t(`rank.${rank}`), p[rank] ?? "none"]);
    return tierTable(
      [t("rank"), t("tier")],
      rows.map(([rank, tier]) => [tier, rank, t(`tier.${tier}`)]),
      answer.tier,
    );
  }
  const amount = t(answer.rule === "TIER.ENTERPRISE.REVENUE" ? "letter.revenue" : "letter.spend");
  const rows = ["diamond", "gold", "silver"]
    .filter((tier) => p[tier])
    .map((tier) => {
      const [min, max] = p[tier].split(" and ");
      return [tier, t(`tier.${tier}`), written(min, max, amount)];
    });
  rows.push(["none", t("tier.none"), t("bound.outside")]);
  return tierTable([t("tier"), t("bound")], rows, answer.tier);
}

function tierTable(head, rows, tier) {
  return h(
    "table",
    { class: "tier-table" },
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        head.map((c) => h("th", { scope: "col" }, c)),
      ),
    ),
    h(
      "tbody",
      {},
      rows.map(([key, ...cells]) =>
        h(
          "tr",
          { class: key === tier ? "decided" : "", "aria-current": key === tier ? "true" : undefined },
          cells.map((c) => h("td", {}, c)),
        ),
      ),
    ),
  );
}

/** The sentence naming what decided the tier: the band guifan rated the amount in (`band` of the
 * answer), or the rank. */
function decidingBound(ctx, answer) {
  const { t } = ctx;
  if (answer.basis === "rank") return t("bound.rank", t(`rank.${ctx.get("rank")}`), t(`tier.${answer.tier}`));
  if (!answer.band) return t("bound.none");
  const amount = t(answer.basis === "revenue" ? "letter.revenue" : "letter.spend");
  const band = written(answer.band.min, answer.band.max, amount);
  return t(`bound.${answer.basis}`, t(`tier.${answer.tier}`), band, param(ctx, "TIER.PACKAGE", "months"));
}

function review(ctx) {
  const { t } = ctx;
  const answer = ask("review", reviewInput(ctx));
  if (answer.error) return h("section", { class: "review" }, h("h3", {}, t("review.title")), problem(answer.error, t));
  return h(
    "section",
    { class: "review" },
    h("h3", {}, t("review.title")),
    h(
      "p",
      { "data-testid": "change", "data-value": answer.change },
      t(`change.${answer.change}`, t(`tier.${ctx.get("previous_tier")}`), t(`tier.${answer.evaluated_tier}`)),
    ),
    h(
      "p",
      { "data-testid": "review-tier", "data-value": answer.tier },
      t("review.result"),
      " ",
      h("strong", { class: `medal ${answer.tier}` }, t(`tier.${answer.tier}`)),
      answer.overridden && [" ", t("overridden", ctx.get("approval_ref"))],
    ),
    explanation(answer.explanation, t),
  );
}

export function result(ctx) {
  const { t } = ctx;
  const answer = ask("tier", tierInput(ctx));
  const rule = ctx.rules.get(answer.rule);
  return outcome({ t, title: t("tier"), answer, testid: "tier" }, () => [
    badge("medal", "tier", answer.tier, t(`tier.${answer.tier}`)),
    answer.basis && h("p", {}, t("basis"), ": ", t(`basis.${answer.basis}`)),
    answer.provisional_member &&
      h("p", { class: "note", "data-testid": "provisional" }, t("provisional", param(ctx, "TIER.PROVISIONAL", "min_monthly_fee"))),
    h(
      "p",
      { class: "bound", "data-testid": "bound", "data-value": answer.band && [answer.band.min, answer.band.max].filter(Boolean).join(" and ") },
      decidingBound(ctx, answer),
    ),
    h("h3", {}, t("table"), " ", h("code", {}, rule.id)),
    table(rule, answer, t),
    h("blockquote", { lang: "zh-CN" }, rule.words),
    h("p", { class: "source" }, rule.document.short, " ", rule.clause),
    explanation(answer.explanation, t),
    ctx.get("previous_tier") && review(ctx),
  ]);
}

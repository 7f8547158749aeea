// Ticket: one piece of work against several targets at once (SLA.TICKET) — the pack's policy for
// an incident and customer class, or rules picked by hand — with per-target done times, pauses
// (INTERP.PAUSE) and the instant the states are for. Each target is drawn on one time axis:
// its counted days and skipped rest days (from guifan's steps), the pauses, the due and done.
import { choice, group, h, instant } from "../dom.js";
import { dayReason, explanation } from "../explanation.js";
import { dateLabel, said } from "../format.js";
import { ask, json } from "../guifan.js";
import { badge, outcome } from "../problem.js";
import { parseRows, rowsEditor } from "../rows.js";

// `at` is the contract's `as_of`, an instant here: the status and points tabs' `as_of` is a date,
// and the URL's parameters are shared by the tabs. A target's done time is `done.<rule id>`.
const DONE = "done.";
const example = {
  incident: "complaint",
  customer_class: "ordinary",
  rules: "",
  start: "2025-09-30T10:00",
  [`${DONE}SLA.DISPUTE.INITIAL`]: "2025-10-01T09:00",
  pauses: JSON.stringify([{ from: "2025-10-09T00:00", to: "2025-10-10T00:00" }]),
  at: "2025-10-09T12:00",
};

/** The policies of the pack, from the catalogue's SLA.TICKET rule: `fault/ordinary` → its targets. */
export function policies(ctx) {
  const params = ctx.rules.get("SLA.TICKET")?.params ?? {};
  return Object.entries(params)
    .map(([key, targets]) => [key.split("/"), targets.split(",").map((t) => t.trim())])
    .filter(([pair]) => pair.length === 2)
    .map(([[incident, customerClass], targets]) => ({ incident, customerClass, targets }));
}

/** The regions the pack names (those of its notification windows, NOTIFY.WINDOW), besides `default`. */
const regions = (ctx) => Object.keys(ctx.rules.get("NOTIFY.WINDOW")?.params ?? {}).filter((r) => r !== "default");

const listed = (text) => (text ? text.split(",").filter(Boolean) : []);
const byHand = (ctx) => !ctx.get("incident") && !ctx.get("customer_class");

/** The targets the form asks a done time for: the policy's, or the rules picked. */
function targets(ctx) {
  if (byHand(ctx)) return listed(ctx.get("rules"));
  const policy = policies(ctx).find((p) => p.incident === ctx.get("incident") && p.customerClass === ctx.get("customer_class"));
  return policy?.targets ?? [];
}

export function fields(ctx) {
  const what = byHand(ctx) ? ["rules"] : ["incident", "customer_class"];
  return [...what, "area", "region", "start", ...targets(ctx).map((id) => DONE + id), "pauses", "at"];
}

const hasTicket = (ctx) => ["incident", "customer_class", "rules"].some((f) => ctx.get(f));
export const defaults = (ctx) => (hasTicket(ctx) ? {} : example);

/** The contract input (VECTORS.md `ticket`) of the URL: what it holds goes as it is, for guifan
 * to say what is wrong with it. */
export function ticketInput(ctx) {
  const done = Object.fromEntries(targets(ctx).flatMap((id) => (ctx.get(DONE + id) ? [[id, ctx.get(DONE + id)]] : [])));
  const hand = byHand(ctx);
  return {
    start: ctx.get("start") || undefined,
    incident: hand ? undefined : ctx.get("incident") || undefined,
    customer_class: hand ? undefined : ctx.get("customer_class") || undefined,
    rules: hand ? listed(ctx.get("rules")) : undefined,
    area: ctx.get("area") || undefined,
    region: ctx.get("region") || undefined,
    done: Object.keys(done).length > 0 ? done : undefined,
    pauses: json(ctx.get("pauses")),
    as_of: ctx.get("at") || undefined,
  };
}

export function form(ctx) {
  const { t } = ctx;
  const all = policies(ctx);
  const incidents = [...new Set(all.map((p) => p.incident))];
  const classes = all.filter((p) => p.incident === ctx.get("incident")).map((p) => p.customerClass);
  const mode = byHand(ctx) ? "" : ctx.get("incident");
  // Changing the incident keeps the class when the new incident has it; picking rules by hand
  // starts from the policy's targets.
  const pickIncident = (incident) => {
    if (!incident) return ctx.fill({ incident: "", customer_class: "", rules: targets(ctx).join(",") }, true);
    const offered = all.filter((p) => p.incident === incident).map((p) => p.customerClass);
    const keep = offered.includes(ctx.get("customer_class")) ? ctx.get("customer_class") : offered[0];
    ctx.fill({ incident, customer_class: keep ?? "", rules: "" }, true);
  };
  return h(
    "form",
    { class: "inputs", onsubmit: (e) => e.preventDefault() },
    group(
      t("ticket.what"),
      h(
        "label",
        { class: "field" },
        h("span", { class: "label" }, t("incident")),
        h(
          "select",
          { id: "f-incident", value: mode, onchange: (e) => pickIncident(e.target.value) },
          [...incidents, ""].map((i) => h("option", { value: i }, i ? t(`incident.${i}`) : t("ticket.by.hand"))),
          mode && !incidents.includes(mode) && h("option", { value: mode }, mode),
        ),
      ),
      !byHand(ctx) && choice(ctx, "customer_class", t("customer_class"), classes.map((c) => [c, t(`class.${c}`)])),
      byHand(ctx) ? rulePicker(ctx) : targetList(ctx),
      choice(ctx, "area", t("area"), [["", t("area.default")], ...["urban", "rural"].map((a) => [a, t(`area.${a}`)])]),
      choice(ctx, "region", t("region"), [["", t("region.default")], ...regions(ctx).map((r) => [r, r])]),
    ),
    group(
      t("when"),
      instant(ctx, "start", t("start"), { hint: t("beijing") }),
      instant(ctx, "at", t("ticket.at"), { optional: true, hint: t("ticket.at.hint") }),
    ),
    group(
      t("ticket.done"),
      targets(ctx).length === 0 && h("p", { class: "hint" }, t("ticket.no.targets")),
      targets(ctx).map((id) => instant(ctx, DONE + id, id, { optional: true })),
    ),
    group(
      t("pauses"),
      h("p", { class: "hint" }, t("pauses.hint")),
      rowsEditor({
        id: "pause",
        rows: parseRows(ctx.get("pauses")),
        columns: [
          { key: "from", label: t("pause.from"), type: "datetime-local" },
          { key: "to", label: t("pause.to"), type: "datetime-local" },
        ],
        t,
        add: t("add.pause"),
        blank: () => ({ from: ctx.get("at") || ctx.get("start") || undefined }),
        onchange: (rows, structural) => ctx.set("pauses", rows.length > 0 ? JSON.stringify(rows) : "", structural),
      }),
    ),
  );
}

/** The policy's targets, each with its clause. */
function targetList(ctx) {
  const ids = targets(ctx);
  return h(
    "ol",
    { class: "ticket-targets", "data-testid": "policy-targets" },
    ids.map((id) => {
      const rule = ctx.rules.get(id);
      return h("li", { "data-rule": id }, h("code", {}, id), rule && [" · ", rule.clause, " ", h("span", { lang: "zh-CN", class: "pick-words" }, rule.words)]);
    }),
  );
}

/** Deadline rules of the catalogue as checkboxes: checked ones are targets, in the order checked. */
function rulePicker(ctx) {
  const { t } = ctx;
  const chosen = listed(ctx.get("rules"));
  const toggle = (id, on) => ctx.set("rules", (on ? [...chosen, id] : chosen.filter((r) => r !== id)).join(","), true);
  return h(
    "fieldset",
    { class: "rule-checks", id: "f-rules" },
    h("legend", { class: "label" }, t("ticket.rules")),
    [...ctx.rules.values()]
      .filter((r) => r.params.clock)
      .map((r) =>
        h(
          "label",
          { class: "check" },
          h("input", { type: "checkbox", id: `rules-${r.id}`, checked: chosen.includes(r.id), onchange: (e) => toggle(r.id, e.target.checked) }),
          h("span", {}, chosen.includes(r.id) && h("strong", {}, `${chosen.indexOf(r.id) + 1}. `), h("code", {}, r.id), " · ", r.clause),
        ),
      ),
  );
}

/** The pauses of the question, when they are a list. */
const pausesOf = (question) => (Array.isArray(question.pauses) ? question.pauses : []);

/** Epoch ms of an instant as the page or guifan writes it (no offset: Beijing time). */
export function ms(text) {
  if (typeof text !== "string") return Number.NaN;
  return Date.parse(/(Z|[+-]\d\d:?\d\d)$/i.test(text) ? text : `${text}+08:00`);
}

/** The days of each target's count, from guifan's steps: a `target` step opens a target's
 * steps, its day steps follow. */
function daysByTarget(steps) {
  const days = new Map();
  let current = null;
  for (const s of steps ?? []) {
    if (s.type === "target") days.set((current = s.rule), []);
    else if (s.type === "day" && current) days.get(current).push(s);
  }
  return days;
}


/** Time left, as people say it: hours and minutes, or days. */
function remainingText(target, t) {
  if (target.remaining === undefined || target.remaining === null) return null;
  if (target.remaining_unit === "days") return t(target.clock === "working_days" ? "left.working_days" : "left.days", target.remaining);
  const s = target.remaining;
  return t("left.time", Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60);
}

/** The time axis of the ticket: from the start to the last instant shown (due, done, as of,
 * pause), a little beyond when a due is unknown. */
function axis(question, answer) {
  const from = ms(question.start);
  const pauses = pausesOf(question);
  const ends = [
    ...answer.targets.flatMap((x) => [ms(x.due), ms(x.done)]),
    ms(question.as_of),
    ...pauses.flatMap((p) => [ms(p?.from), ms(p?.to)]),
  ].filter((n) => Number.isFinite(n) && n > from);
  const last = Math.max(from + 3600_000, ...ends);
  const open = answer.targets.some((x) => x.due === null) || pauses.some((p) => p && !p.to);
  const to = last + (last - from) * (open ? 0.15 : 0.04);
  const at = (n) => Math.min(100, Math.max(0, ((n - from) / (to - from)) * 100));
  return { from, to, at, span: (a, b) => ({ left: at(a), width: Math.max(at(b) - at(a), 0.4) }) };
}

const place = ({ left, width }) => `left:${left.toFixed(3)}%;width:${width.toFixed(3)}%`;
const DAY = 86_400_000;

/** Midnight ticks (Beijing) along the axis, about seven of them labelled. */
function ticks(ax, t) {
  const first = Math.ceil((ax.from + 8 * 3600_000) / DAY) * DAY - 8 * 3600_000;
  const days = [];
  for (let n = first; n < ax.to; n += DAY) days.push(n);
  const every = Math.max(1, Math.ceil(days.length / 7));
  return days.map((n, i) => {
    const date = new Date(n + 8 * 3600_000).toISOString().slice(0, 10);
    return h(
      "span",
      { class: "tick", style: `left:${ax.at(n).toFixed(3)}%` },
      i % every === 0 && h("span", { class: "tick-label" }, dateLabel(date, t.lang, { year: false, week: false })),
    );
  });
}

/** One target's lane: the run from the start to its due (or on, while unknown), the days its
 * count skipped and counted, the due and done marks. */
function lane(target, days, question, ax, t) {
  const start = ms(question.start);
  const due = ms(target.due);
  const end = Number.isFinite(due) ? due : ax.to;
  const day = (s) => {
    const from = ms(`${s.date}T00:00`);
    return h("span", {
      class: `seg day ${s.counted ? "counted" : "skipped"} ${s.kind}${s.paused ? " paused-day" : ""}`,
      style: place(ax.span(Math.max(from, start), from + DAY)),
      title: `${dateLabel(s.date, t.lang)}: ${dayReason(s, t)}`,
    });
  };
  return h(
    "div",
    { class: "lane", "aria-hidden": "true" },
    h("span", { class: `seg run ${Number.isFinite(due) ? "" : "open"}`, style: place(ax.span(start, end)) }),
    days.map(day),
    Number.isFinite(due) && h("span", { class: "tl-mark due", style: `left:${ax.at(due).toFixed(3)}%`, title: `${t("due")} ${said(target.due, t.lang)}` }),
    Number.isFinite(ms(question.as_of)) && h("span", { class: "tl-mark now", style: `left:${ax.at(ms(question.as_of)).toFixed(3)}%`, title: t("ticket.at") }),
    target.done &&
      h("span", { class: `tl-mark done ${target.met ? "met" : "late"}`, style: `left:${ax.at(ms(target.done)).toFixed(3)}%`, title: `${t("ticket.done.at")} ${said(target.done, t.lang)}` }),
  );
}

/** The ticket's lane of pauses: closed ones `[from, to)`, open ones running off the axis. */
function pauseLane(question, ax, t) {
  const pauses = pausesOf(question).filter((p) => Number.isFinite(ms(p?.from)));
  if (pauses.length === 0) return null;
  return h(
    "div",
    { class: "lane pauses", "data-testid": "pause-lane" },
    h("span", { class: "lane-label" }, t("pauses")),
    pauses.map((p) =>
      h("span", {
        class: `seg paused ${p.to ? "" : "open"}`,
        style: place(ax.span(ms(p.from), p.to ? ms(p.to) : ax.to)),
        title: p.to ? `${t("pause.from")} ${p.from} → ${p.to}` : `${t("pause.from")} ${p.from} (${t("pause.open")})`,
      }),
    ),
  );
}

function targetItem(target, days, question, ax, ctx) {
  const { t } = ctx;
  const rule = ctx.rules.get(target.rule);
  const left = remainingText(target, t);
  return h(
    "li",
    {
      class: "target",
      "data-rule": target.rule,
      "data-state": target.state,
      "data-clock": target.clock,
      "data-due": target.due ?? "unknown",
      "data-met": target.met === undefined ? undefined : String(target.met),
      "data-done": target.done,
      "data-remaining": target.remaining ?? undefined,
      "data-remaining-unit": target.remaining_unit ?? undefined,
    },
    h(
      "div",
      { class: "target-head" },
      h("strong", { class: `state ${target.state}` }, t(`state.${target.state}`)),
      " ",
      h("code", {}, target.rule),
      rule && h("span", { class: "target-clause" }, " · ", rule.clause),
      " · ",
      t(`clock.${target.clock}`),
    ),
    lane(target, days, question, ax, t),
    h(
      "p",
      { class: "target-times" },
      target.due ? [t("due"), " ", h("strong", {}, said(target.due, t.lang))] : h("strong", {}, t("ticket.due.unknown")),
      target.done && [" · ", t("ticket.done.at"), " ", said(target.done, t.lang)],
      left && [" · ", h("span", { class: "left" }, target.state === "paused" ? t("left.paused", left) : left)],
    ),
    days.length > 0 &&
      h(
        "details",
        { class: "target-days" },
        h("summary", {}, t("ticket.days", days.filter((d) => d.counted).length, days.filter((d) => !d.counted).length)),
        h(
          "ol",
          { class: "steps" },
          days.map((s) =>
            h(
              "li",
              { class: `day ${s.kind} ${s.counted ? "counted" : "skipped"}`, "data-date": s.date, "data-counted": String(s.counted) },
              h("span", { class: "mark", "aria-hidden": "true" }, s.counted ? "✓" : "–"),
              h("span", { class: "date" }, dateLabel(s.date, t.lang, { year: false })),
              h("span", { class: "why" }, dayReason(s, t)),
            ),
          ),
        ),
      ),
  );
}

/** The control a field path of guifan's error points at: `pauses[1].to`, `done["…"]`, `as_of`. */
function controlOf(field) {
  const pause = /^pauses\[(\d+)\]\.(from|to)$/.exec(field ?? "");
  if (pause) return `pause-${pause[1]}-${pause[2]}`;
  const done = /^done\["(.+)"\]$/.exec(field ?? "");
  if (done) return `f-${DONE}${done[1]}`;
  return { as_of: "f-at", start: "f-start", rules: "f-rules", incident: "f-incident", customer_class: "f-customer_class", area: "f-area", region: "f-region" }[field] ?? null;
}

/** Marks the control at fault (and only it) as invalid, once the page is laid out. */
function markInvalid(field) {
  queueMicrotask(() => {
    for (const el of document.querySelectorAll(".form-slot [aria-invalid]")) el.removeAttribute("aria-invalid");
    const id = controlOf(field);
    if (id) document.getElementById(id)?.setAttribute("aria-invalid", "true");
  });
}

export function result(ctx) {
  const { t } = ctx;
  const question = ticketInput(ctx);
  const answer = ask("ticket", question);
  markInvalid(answer.error?.field);
  return outcome({ t, title: t("ticket.title"), answer, testid: "ticket-state" }, () => {
    const ax = axis(question, answer);
    const days = daysByTarget(answer.explanation?.steps);
    return [
      badge("ticket", "ticket-state", answer.state, t(`ticket.state.${answer.state}`)),
      question.as_of && h("p", { class: "hint" }, t("ticket.as_of", said(normalised(question.as_of), t.lang))),
      h(
        "div",
        { class: "timeline", "data-testid": "timeline" },
        h("div", { class: "axis", "aria-hidden": "true" }, ticks(ax, t)),
        pauseLane(question, ax, t),
        h(
          "ol",
          { class: "targets", "data-testid": "targets" },
          answer.targets.map((x) => targetItem(x, days.get(x.rule) ?? [], question, ax, ctx)),
        ),
      ),
      legend(t),
      explanation(answer.explanation && { ...answer.explanation, steps: answer.explanation.steps.filter((s) => s.type !== "day") }, t),
    ];
  });
}

/** `2025-10-09T12:00` as guifan writes instants (Beijing time), for `said`. */
const normalised = (text) => (/(Z|[+-]\d\d:?\d\d)$/i.test(text) ? text : `${text.length === 16 ? `${text}:00` : text}+08:00`);

function legend(t) {
  const items = ["run", "counted", "skipped", "paused", "due", "done", "now"];
  return h(
    "ul",
    { class: "legend timeline-legend" },
    items.map((k) => h("li", {}, h("span", { class: `swatch tl-${k}`, "aria-hidden": "true" }), t(`tl.${k}`))),
  );
}

// Calendar: a month of the official mainland-China calendar as guifan knows it (calendar.day for
// every date), with the days the current deadline counted. A year without a known schedule is
// shown as unknown, day by day, or provisionally (marked) when asked for. Above the month: the
// known years with their sources, the warning when next year starts soon without a schedule,
// and a box to paste the State Council's notice, which every tab then answers on.
import { h } from "../dom.js";
import { dayReason, holidayName } from "../explanation.js";
import { dateLabel, monthDates, monthLabel, shiftMonth, spoken, weekday, weekdayName } from "../format.js";
import { ask, calendarSources, knownYears, unknownYearAhead } from "../guifan.js";
import { problem } from "../problem.js";
import * as deadline from "./deadline.js";

/** The month (or day) and the deadline whose counted days are marked. */
export const fields = (ctx) => ["date", ...(deadline.deadlineInput(ctx) ? deadline.fields(ctx) : [])];
const EXAMPLE_MONTH = "2025-10";

/** The current deadline and guifan's answer, when the URL has one. */
function currentDeadline(ctx) {
  const question = deadline.deadlineInput(ctx);
  return question && { question, answer: ask("deadline", question) };
}

/** Without a date: the month the current deadline falls due, or an example month. */
export function defaults(ctx) {
  if (ctx.get("date")) return {};
  const due = currentDeadline(ctx)?.answer.due;
  return { date: due ? spoken(due).date.slice(0, 7) : EXAMPLE_MONTH };
}

const month = (ctx) => ctx.get("date").slice(0, 7);

export function form(ctx) {
  const { t } = ctx;
  const shift = (n) => () => monthDates(month(ctx)) && ctx.set("date", shiftMonth(month(ctx), n), true);
  return h(
    "form",
    { class: "inputs", onsubmit: (e) => e.preventDefault() },
    h(
      "div",
      { class: "month-nav" },
      h("button", { type: "button", id: "month-prev", onclick: shift(-1), "aria-label": t("month.prev") }, "‹"),
      h(
        "label",
        { class: "field" },
        h("span", { class: "label" }, t("month")),
        h("input", { type: "month", id: "f-date", value: month(ctx), oninput: (e) => e.target.value && ctx.set("date", e.target.value) }),
      ),
      h("button", { type: "button", id: "month-next", onclick: shift(1), "aria-label": t("month.next") }, "›"),
    ),
    h("p", { class: "hint" }, t("calendar.known", knownYears())),
    calendarPanel(ctx),
  );
}

/** What the calendar knows and how to add to it: the known years with their sources, the
 * warning about an unknown year ahead, provisional answers, and a notice to paste. */
export function calendarPanel(ctx) {
  const { t } = ctx;
  const today = ctx.get("today") || new Date();
  let ahead = null;
  try {
    ahead = unknownYearAhead(today);
  } catch {
    // An unreadable `today` in the URL: no warning rather than a broken page.
  }
  const notice = h("textarea", { id: "f-notice", rows: "6", placeholder: t("notice.placeholder"), "aria-label": t("notice.label") });
  notice.value = ctx.get("notice");
  const sources = calendarSources();
  return h(
    "section",
    { class: "calendar-panel", "data-testid": "calendar-panel" },
    ahead &&
      h(
        "div",
        { class: "problem warning", role: "status", "data-testid": "year-ahead", "data-year": String(ahead.year) },
        h("p", {}, t("calendar.ahead", ahead.year, ahead.daysUntil)),
      ),
    h(
      "details",
      { class: "sources", "data-testid": "sources" },
      h("summary", {}, t("calendar.sources", sources.length)),
      h(
        "ul",
        {},
        sources.map(({ year, sources: from }) => h("li", { "data-year": String(year) }, h("strong", {}, String(year)), " ", from.join("; ") || t("source.none"))),
      ),
    ),
    h(
      "label",
      { class: "check-field" },
      h("input", {
        type: "checkbox",
        id: "f-provisional",
        checked: ctx.get("provisional") === "true",
        onchange: (e) => ctx.set("provisional", e.target.checked ? "true" : "", true),
      }),
      " ",
      t("provisional.option"),
    ),
    h(
      "div",
      { class: "notice" },
      h("label", { for: "f-notice", class: "label" }, t("notice.label")),
      notice,
      h(
        "div",
        { class: "notice-actions" },
        h("button", { type: "button", id: "notice-load", onclick: () => ctx.set("notice", notice.value.trim(), true) }, t("notice.load")),
        ctx.get("notice") && h("button", { type: "button", id: "notice-clear", class: "link", onclick: () => ctx.set("notice", "", true) }, t("notice.clear")),
      ),
      ctx.calendarError && h("div", { "data-testid": "notice-problem" }, problem(ctx.calendarError, t), noticeProblems(ctx.calendarError)),
      ctx.get("notice") && !ctx.calendarError && h("p", { class: "hint", "data-testid": "notice-loaded" }, t("notice.loaded")),
    ),
  );
}

/** Every problem the notice reader found, each with its line. */
const noticeProblems = (error) =>
  error.problems?.length > 0 && h("ul", { class: "notice-problems" }, error.problems.map((p) => h("li", {}, h("code", {}, p.field), " ", p.message)));

/** What one day is, as a short tag for its cell and a sentence for its label. */
function describe(answer, t) {
  if (answer.error) return { kind: answer.error.kind === "calendar_year_unknown" ? "unknown" : "error", tag: "?", text: t("unknown") };
  const step = answer.explanation.steps.find((s) => s.type === "day");
  const name = step?.holiday && holidayName(step.holiday, t.lang);
  const tag = { holiday: name, makeup_workday: t("tag.makeup") }[answer.kind] ?? "";
  const text = t(`day.${answer.kind}`, name);
  return { kind: answer.kind, tag, text: answer.provisional ? `${text} (${t("legend.provisional")})` : text, provisional: answer.provisional === true };
}

function legend(t, provisional) {
  const kinds = ["workday", "weekend", "holiday", "makeup_workday", provisional ? "provisional" : "unknown"];
  return h(
    "ul",
    { class: "legend" },
    kinds.map((k) => h("li", {}, h("span", { class: `swatch ${k}`, "aria-hidden": "true" }), t(`legend.${k}`))),
    h("li", {}, h("span", { class: "swatch counted", "aria-hidden": "true" }, "✓"), t("legend.counted")),
  );
}

/** The current deadline: its due time and the link back to it. */
function deadlineSummary(ctx, current) {
  const { t } = ctx;
  const rule = current.question.rule ?? t(`clock.${current.question.clock}`);
  return h(
    "div",
    { class: "deadline-summary" },
    h("p", {}, t("calendar.deadline"), " ", h("code", {}, rule), " · ", t("start"), " ", current.question.start ?? "—"),
    deadline.dueLine(current.answer, t),
    current.answer.error && current.answer.error.kind !== "calendar_year_unknown" && problem(current.answer.error, t),
    h("button", { type: "button", class: "link", onclick: () => ctx.go("deadline") }, t("back.deadline")),
  );
}

export function result(ctx) {
  const { t } = ctx;
  const date = ctx.get("date");
  const dates = monthDates(month(ctx));
  if (!dates || (date.length > 7 && !dates.includes(date))) {
    const answer = ask("calendar.day", { date });
    return problem(answer.error ?? { kind: "invalid_input", field: "date", value: date, message: "expected YYYY-MM or YYYY-MM-DD" }, t);
  }
  const current = currentDeadline(ctx);
  const steps = new Map((current?.answer.explanation?.steps ?? []).filter((s) => s.type === "day").map((s) => [s.date, s]));
  const days = dates.map((d) => ({ date: d, answer: ask("calendar.day", { date: d }) }));
  const unknown = days.find((d) => d.answer.error?.kind === "calendar_year_unknown");
  const other = days.find((d) => d.answer.error && d.answer.error.kind !== "calendar_year_unknown");

  const cell = ({ date: d, answer }) => {
    const day = describe(answer, t);
    const step = steps.get(d);
    const label = [dateLabel(d, t.lang), day.text, step && dayReason(step, t)].filter(Boolean).join(", ");
    return h(
      "td",
      {},
      h(
        "button",
        {
          type: "button",
          id: `day-${d}`,
          class: ["day", day.kind, day.provisional && "provisional", step && (step.counted ? "counted" : "skipped"), d === date && "selected"].filter(Boolean).join(" "),
          "data-testid": `day-${d}`,
          "data-kind": day.kind,
          "data-provisional": day.provisional ? "true" : undefined,
          "data-counted": step ? String(step.counted) : undefined,
          "aria-label": label,
          "aria-pressed": String(d === date),
          onclick: () => ctx.set("date", d),
        },
        h("span", { class: "num" }, String(Number(d.slice(8)))),
        h("span", { class: "tag", "aria-hidden": "true" }, day.tag),
        step?.counted && h("span", { class: "check", "aria-hidden": "true" }, "✓"),
      ),
    );
  };

  const lead = (weekday(dates[0]) + 6) % 7; // Monday first
  const cells = [...Array(lead).fill(null), ...days];
  const weeks = Array.from({ length: Math.ceil(cells.length / 7) }, (_, i) => cells.slice(i * 7, i * 7 + 7));
  const selected = days.find((d) => d.date === date);

  return h(
    "section",
    { class: "outputs" },
    h("h2", {}, monthLabel(month(ctx), t.lang)),
    unknown &&
      h(
        "div",
        { class: "problem unknown-year", "data-testid": "unknown" },
        h("p", {}, t("calendar.unknown", unknown.answer.error.value, knownYears())),
      ),
    other && problem(other.answer.error, t),
    current && deadlineSummary(ctx, current),
    h(
      "table",
      { class: "month", "data-testid": "month", "data-month": month(ctx) },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          [1, 2, 3, 4, 5, 6, 0].map((w) => h("th", { scope: "col" }, weekdayName(w, t.lang))),
        ),
      ),
      h(
        "tbody",
        {},
        weeks.map((week) =>
          h(
            "tr",
            {},
            week.map((d) => (d ? cell(d) : h("td", {}))),
          ),
        ),
      ),
    ),
    legend(t, days.some((d) => d.answer.provisional)),
    selected &&
      h(
        "p",
        { class: "selected-day", "data-testid": "selected-day" },
        [dateLabel(selected.date, t.lang), describe(selected.answer, t).text].join(": "),
      ),
  );
}

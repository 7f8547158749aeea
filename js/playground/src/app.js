// The page: tabs, the state in the URL query, the language switch. Each tab module has
// `fields(ctx)` (the URL parameters its form uses, named as the VECTORS.md inputs), `defaults`
// (an example when the tab has nothing to show), `form` and `result`.
import { h } from "./dom.js";
import { catalogue, useCalendar } from "./guifan.js";
import { translator } from "./i18n.js";
import { problem } from "./problem.js";
import * as calendar from "./tabs/calendar.js";
import * as deadline from "./tabs/deadline.js";
import * as points from "./tabs/points.js";
import * as status from "./tabs/status.js";
import * as ticket from "./tabs/ticket.js";
import * as tier from "./tabs/tier.js";

const TABS = { deadline, ticket, calendar, tier, status, points };
/** The calendar every tab answers on (set in the calendar tab), kept in the URL of every tab:
 * a pasted notice, provisional answers, and the day the page takes for today. */
const CALENDAR_FIELDS = ["notice", "provisional", "today"];

/** A query value, leaving readable the characters a query carries as they are (: , / [ ] { }). */
const encode = (v) => encodeURIComponent(v).replace(/%(3A|2C|2F|5B|5D|7B|7D)/g, (c) => decodeURIComponent(c));

export function start(root) {
  const rules = catalogue();
  let params = {};
  let tab = "deadline";
  let lang = "zh";

  const link = () => {
    const pairs = [
      ["tab", tab],
      ...[...TABS[tab].fields(ctx), ...CALENDAR_FIELDS]
        .filter((f) => params[f])
        .map((f) => [f, params[f]]),
    ];
    if (lang === "en") pairs.push(["lang", "en"]);
    return `?${pairs.map(([k, v]) => `${k}=${encode(v)}`).join("&")}`;
  };

  const ctx = {
    rules,
    get: (name) => params[name] ?? "",
    /** Sets a parameter; the result is re-rendered, the form too when `form` is true. */
    set: (name, value, form = false) => ctx.fill({ [name]: value }, form),
    fill(values, form = false) {
      params = { ...params, ...values };
      history.replaceState(null, "", link());
      render(form ? "all" : "result");
    },
    /** Opens another tab, with parameters. */
    go(next, values = {}) {
      tab = next;
      params = { ...params, ...values };
      params = { ...params, ...TABS[tab].defaults(ctx) };
      history.pushState(null, "", link());
      render("all");
      document.getElementById(`tab-${tab}`).focus();
    },
    toggleLanguage() {
      lang = lang === "en" ? "zh" : "en";
      history.replaceState(null, "", link());
      render("all");
    },
  };

  function read() {
    const query = new URLSearchParams(location.search);
    params = Object.fromEntries([...query].filter(([k]) => k !== "tab" && k !== "lang"));
    tab = Object.hasOwn(TABS, query.get("tab") ?? "") ? query.get("tab") : "deadline";
    lang = query.get("lang") === "en" ? "en" : "zh";
    params = { ...params, ...TABS[tab].defaults(ctx) };
    history.replaceState(null, "", link());
  }

  const tabs = h("div", { class: "tabs", role: "tablist", "aria-label": "guifan" });
  const panel = h("main", { id: "panel", class: "panel", role: "tabpanel" });
  const header = h("header");
  const footer = h("footer");
  const formSlot = h("div", { class: "form-slot" });
  const resultSlot = h("div", { class: "result-slot", "aria-live": "polite" });
  panel.append(formSlot, resultSlot);
  root.replaceChildren(header, tabs, panel, footer);

  /** A part of the page rebuilt; a control that had the focus gets it back. */
  function rebuild(slot, build) {
    const focused = document.activeElement?.id;
    try {
      slot.replaceChildren(...[build()].flat());
    } catch (error) {
      slot.replaceChildren(problem(error, ctx.t));
    }
    if (focused && !document.activeElement?.id) document.getElementById(focused)?.focus();
  }

  function render(what) {
    ctx.calendarError = useCalendar(params.notice ?? "", params.provisional === "true");
    if (what === "all") {
      ctx.t = translator(lang);
      document.documentElement.lang = lang === "en" ? "en" : "zh-CN";
      document.title = ctx.t("title");
      rebuild(header, () => masthead(ctx));
      rebuild(tabs, () => tabButtons(ctx, tab));
      panel.setAttribute("aria-labelledby", `tab-${tab}`);
      panel.dataset.tab = tab;
      rebuild(formSlot, () => TABS[tab].form(ctx));
      rebuild(footer, () => h("p", {}, ctx.t("footer")));
    }
    rebuild(resultSlot, () => TABS[tab].result(ctx));
  }

  read();
  render("all");
  addEventListener("popstate", () => {
    read();
    render("all");
  });
}

function masthead(ctx) {
  const { t } = ctx;
  const english = t.lang === "en";
  return h(
    "div",
    { class: "masthead" },
    h("div", {}, h("h1", {}, t("title")), h("p", { class: "tagline" }, t("tagline"))),
    h(
      "button",
      { type: "button", id: "lang", class: "lang", lang: english ? "zh-CN" : "en", onclick: ctx.toggleLanguage, "data-testid": "lang" },
      english ? "中文" : "English",
    ),
  );
}

/** The tab strip: buttons of a WAI-ARIA tablist; arrows, Home and End move between them. */
function tabButtons(ctx, current) {
  const names = Object.keys(TABS);
  const move = (e) => {
    const i = names.indexOf(current);
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: names.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    ctx.go(names[(next + names.length) % names.length]);
  };
  return names.map((name) =>
    h(
      "button",
      {
        type: "button",
        role: "tab",
        id: `tab-${name}`,
        "aria-selected": String(name === current),
        "aria-controls": "panel",
        tabindex: name === current ? "0" : "-1",
        onclick: () => name !== current && ctx.go(name),
        onkeydown: move,
      },
      ctx.t(`tab.${name}`),
    ),
  );
}

// The built playground (dist/) in headless Chromium: the VECTORS.md worked examples through links
// and through the form, tickets on their timeline, unknown years, links that round-trip, readable errors, keyboard use, the
// language switch, offline use, and a screenshot of every tab at desktop and phone widths.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { launch, serve } from "./harness.js";

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const screenshots = new URL("../screenshots/", import.meta.url);

let server;
let browser;
const pageErrors = [];

before(async () => {
  assert.ok(existsSync(new URL("../dist/index.html", import.meta.url)), "dist/ is missing: run `npm run build` first");
  server = await serve();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** A fresh page (Chinese browser locale) on `query`, once the app has rendered. */
async function open(query, { viewport = DESKTOP } = {}) {
  const context = await browser.newContext({ viewport, locale: "zh-CN" });
  const page = await context.newPage();
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await page.goto(server.url + query);
  await page.waitForSelector("#panel[data-tab]");
  return page;
}

/** A link opened in the same page through the history (the app follows popstate). */
async function follow(page, query) {
  await page.evaluate((q) => {
    history.pushState(null, "", q);
    dispatchEvent(new PopStateEvent("popstate"));
  }, query);
}

/** The machine value and the text of an output, read as the page is now (null when absent). */
const value = async (page, id) => (await page.$(`[data-testid="${id}"]`))?.getAttribute("data-value") ?? null;
const text = async (page, id) => (await page.$(`[data-testid="${id}"]`))?.textContent() ?? null;
const query = (page) => page.url().slice(server.url.length);
const errorKinds = (page) => page.$$eval('[data-testid="error"]', (els) => els.map((e) => e.dataset.kind));

// VECTORS.md worked examples.
const COMPLAINT = "?tab=deadline&rule=SLA.COMPLAINT.ORDINARY&start=2025-09-30T10:00";
const REPAIR_16 = "?tab=deadline&rule=SLA.REPAIR.SAMEDAY&start=2025-03-03T16:00:00";
const REPAIR_1559 = "?tab=deadline&rule=SLA.REPAIR.SAMEDAY&start=2025-03-03T15:59:59";

describe("worked examples through links", () => {
  test("complaint received 30 Sep 2025 10:00 is due 24:00 on 11 Oct, with each day and why", async () => {
    const page = await open(COMPLAINT);
    assert.equal(await value(page, "due"), "2025-10-12T00:00:00+08:00");
    assert.match(await text(page, "due"), /2025年10月11日 周六 24:00/);
    const days = await page.$$eval(".steps .day", (els) =>
      els.map((e) => [e.dataset.date, e.dataset.counted, e.querySelector(".why").textContent]),
    );
    assert.deepEqual(
      days.filter(([, counted]) => counted === "true").map(([d]) => d),
      ["2025-10-09", "2025-10-10", "2025-10-11"],
    );
    assert.equal(days.filter(([, counted]) => counted === "false").length, 8);
    assert.match(days.find(([d]) => d === "2025-10-01")[2], /跳过.*国庆节/);
    assert.match(days.find(([d]) => d === "2025-10-06")[2], /跳过.*中秋节/);
    assert.match(days.find(([d]) => d === "2025-10-11")[2], /计入.*调休上班日.*国庆节/);
    assert.match(await page.textContent(".rule blockquote"), /3个工作日内/);
    await page.context().close();
  });

  test("same-day repair: 16:00:00 is due 24:00 the next day, 15:59:59 the same day", async () => {
    const page = await open(REPAIR_16);
    assert.equal(await value(page, "due"), "2025-03-05T00:00:00+08:00");
    assert.match(await text(page, "due"), /3月4日 周二 24:00/);
    await follow(page, REPAIR_1559);
    assert.equal(await value(page, "due"), "2025-03-04T00:00:00+08:00");
    assert.match(await text(page, "due"), /3月3日 周一 24:00/);
    await page.context().close();
  });

  test("e-home spend 3359.99 is gold, 3360 is diamond, with the deciding bound", async () => {
    const page = await open("?tab=tier&kind=personal&brand=e_home&annual_spend=3359.99");
    assert.equal(await value(page, "tier"), "gold");
    assert.match(await text(page, "bound"), /2160.*3360/);
    assert.equal(await value(page, "bound"), ">= 2160 and < 3360");
    assert.match(await page.textContent(".tier-table tr.decided"), /金卡/);
    await follow(page, "?tab=tier&kind=personal&brand=e_home&annual_spend=3360");
    assert.equal(await value(page, "tier"), "diamond");
    assert.equal(await value(page, "bound"), ">= 3360");
    assert.deepEqual(await page.$$eval(".tier-table tbody td:nth-child(2)", (els) => els.map((e) => e.textContent)), [
      "年消费 ≥ 3360",
      "2160 ≤ 年消费 < 3360",
      "1080 ≤ 年消费 < 2160",
      "不在以上任何一档",
    ]);
    assert.match(await page.textContent(".tier-table tr.decided"), /钻石卡/);
    // Below every band: no band, and the table's last row.
    await follow(page, "?tab=tier&kind=personal&brand=e_home&annual_spend=100");
    assert.equal(await value(page, "bound"), null);
    assert.match(await text(page, "bound"), /不在表中任何一档/);
    assert.match(await page.textContent(".tier-table tr.decided"), /无等级/);
    await page.context().close();
  });
});

describe("Chinese first", () => {
  test("the day-by-day explanation is told in Chinese from guifan's steps; its English notes are a secondary detail", async () => {
    const page = await open(`${COMPLAINT}&done=2025-10-11T18:00`);
    const told = (key) => page.textContent(`.steps [data-told="${key}"]`);
    assert.equal(await told("count.start"), "开始当日（2025年9月30日 周二）不计入，自次日起算。");
    assert.equal(await told("count.end"), "第 3 个工作日是 10月11日 周六，期限到 2025年10月11日 周六 24:00。");
    assert.equal(await page.$(".steps .note"), null);
    assert.equal(await page.$$eval(".steps li", (els) => els.filter((e) => /[a-z]{3}/.test(e.textContent)).length), 0);
    assert.equal(await page.$eval("details.notes", (d) => d.open), false);
    assert.match(await page.textContent("details.notes"), /start day 2025-09-30 is not counted/);
    // The rules say it in their original words; their English summaries are for English.
    assert.equal(await page.$(".rule .summary"), null);
    assert.match(await page.textContent(".rule blockquote"), /3个工作日内/);
    await page.click('[data-testid="lang"]');
    assert.match(await page.textContent(".steps .note"), /start day 2025-09-30 is not counted/);
    assert.equal(await page.$("details.notes"), null);
    assert.match(await page.textContent(".rule .summary"), /3 working days/);
    await page.context().close();
  });

  test("the rule picker shows every rule's clause and original words, grouped by document, and takes arrow keys", async () => {
    const page = await open(COMPLAINT);
    const picks = await page.$$eval(".pick[data-pick^='SLA.']", (els) =>
      els.map((e) => [e.dataset.pick, e.querySelector(".pick-id").textContent, e.querySelector(".pick-words").textContent]),
    );
    assert.ok(picks.length >= 16, `${picks.length} rules`);
    assert.ok(picks.every(([id, clause, words]) => clause.startsWith(`${id} · `) && clause.length > id.length + 3 && words.length > 0));
    const complaint = picks.find(([id]) => id === "SLA.COMPLAINT.ORDINARY");
    assert.match(complaint[1], /投诉受理应答语/);
    assert.match(complaint[2], /3个工作日/);
    assert.ok((await page.$$eval(".pick-group", (els) => els.length)) >= 2);
    await page.focus('[id="rule-SLA.COMPLAINT.ORDINARY"]');
    await page.keyboard.press("ArrowDown");
    assert.equal(query(page), "?tab=deadline&rule=SLA.COMPLAINT.BRAND&start=2025-09-30T10:00");
    assert.equal(await page.evaluate(() => document.activeElement.id), "rule-SLA.COMPLAINT.BRAND");
    assert.match(await value(page, "due"), /^2025-10-\d\dT/);
    await page.keyboard.press("ArrowUp");
    assert.equal(query(page), COMPLAINT);
    await page.context().close();
  });
});

describe("worked examples typed into the form", () => {
  test("deadline: rule, start and done", async () => {
    const page = await open("?tab=deadline&clock=calendar_days&amount=1&start=2025-01-01T09:00");
    await page.check('[id="rule-SLA.REPAIR.SAMEDAY"]');
    await page.fill("#f-start", "2025-03-03T16:00:00");
    assert.equal(await value(page, "due"), "2025-03-05T00:00:00+08:00");
    await page.fill("#f-start", "2025-03-03T15:59:59");
    assert.equal(await value(page, "due"), "2025-03-04T00:00:00+08:00");
    await page.fill("#f-done", "2025-03-04T12:00");
    assert.equal(await value(page, "met"), "false");
    assert.match(await text(page, "met"), /超时/);
    assert.equal(query(page), "?tab=deadline&rule=SLA.REPAIR.SAMEDAY&start=2025-03-03T15:59:59&done=2025-03-04T12:00");

    await page.check('[id="rule-SLA.COMPLAINT.ORDINARY"]');
    await page.click("#f-done + .clear");
    await page.fill("#f-start", "2025-09-30T10:00");
    assert.equal(await value(page, "due"), "2025-10-12T00:00:00+08:00");
    assert.equal(await page.$('[data-testid="met"]'), null);
    assert.equal(query(page), COMPLAINT);
    await page.context().close();
  });

  test("deadline: a free clock and amount", async () => {
    const page = await open(COMPLAINT);
    await page.check("#rule-free");
    await page.selectOption("#f-clock", "working_days");
    await page.fill("#f-amount", "");
    await page.locator("#f-amount").pressSequentially("3");
    assert.equal(await value(page, "due"), "2025-10-12T00:00:00+08:00");
    assert.equal(query(page), "?tab=deadline&clock=working_days&amount=3&start=2025-09-30T10:00");
    await page.context().close();
  });

  test("tier: kind, brand and spend typed key by key", async () => {
    const page = await open("?tab=tier&kind=enterprise&annual_revenue=1");
    assert.equal(await value(page, "tier"), "none");
    await page.selectOption("#f-kind", "personal");
    await page.selectOption("#f-brand", "e_home");
    await page.locator("#f-annual_spend").pressSequentially("3359.99");
    assert.equal(await value(page, "tier"), "gold");
    await page.fill("#f-annual_spend", "");
    await page.locator("#f-annual_spend").pressSequentially("3360");
    assert.equal(await value(page, "tier"), "diamond");
    assert.equal(query(page), "?tab=tier&kind=personal&brand=e_home&annual_spend=3360");
    await page.context().close();
  });

  test("status: a line added with arrears freezes, a reminder after 3 months cancels", async () => {
    const page = await open('?tab=status&as_of=2025-06-01&lines=[{"id":"L1"}]');
    assert.equal(await value(page, "status"), "active");
    await page.click("#line-add");
    await page.fill("#line-1-arrears_since", "2025-02-28");
    assert.equal(await value(page, "status"), "frozen");
    await page.check("#line-1-reminded");
    assert.equal(await value(page, "status"), "cancelled");
    assert.deepEqual(await page.$$eval(".reasons > li", (els) => els.map((e) => e.dataset.rule)), [
      "STATUS.CANCEL.ARREARS",
      "STATUS.FREEZE",
    ]);
    assert.equal(
      query(page),
      "?tab=status&as_of=2025-06-01&lines=[{%22id%22:%22L1%22},{%22id%22:%22L2%22,%22arrears_since%22:%222025-02-28%22,%22reminded%22:true}]",
    );
    await page.context().close();
  });

  test("points: lots merged across accounts, redeemed soonest expiry first", async () => {
    const page = await open("?tab=points");
    const total = Number(await value(page, "total"));
    await page.click("#acct-0-lot-add");
    await page.fill("#acct-0-lot-2-points", "7");
    assert.equal(Number(await value(page, "total")), total + 7);
    const order = await page.$$eval('[data-testid="order"] li', (els) => els.map((e) => e.dataset.lot));
    const consumed = await page.$$eval('[data-testid="consumed"] li', (els) => els.map((e) => e.dataset.lot));
    assert.deepEqual(consumed, order.slice(0, consumed.length));
    await page.context().close();
  });
});

// The spec vectors of the ops the page shows, as links: the page must answer what guifan answers.
const VECTOR_FILES = [
  "deadline-working-days",
  "deadline-sameday",
  "deadline-clock",
  "deadline-working-minutes",
  "tier",
  "review",
  "status",
  "points",
  "ticket",
  "errors",
];
/** Inputs the form cannot express, by vector id, and why. */
const NOT_IN_THE_FORM = {
  "error-rule-and-clock": "the form takes a rule or a free clock, not both",
  "tier-package-for-enterprise": "the form offers a package to personal customers only",
  "ticket-done-not-a-target": "the form asks a done time of the ticket's targets only",
  "ticket-done-unknown-id": "the form asks a done time of the ticket's targets only",
  "ticket-rules-and-incident": "the form takes a policy or rules, not both",
  "ticket-unknown-field": "the form has no field the contract lacks",
  "ticket-rules-empty": "a link without targets opens the example",
  "ticket-no-targets": "a link without targets opens the example",
};
const vectors = VECTOR_FILES.flatMap((f) => JSON.parse(readFileSync(new URL(`../../../spec-tests/${f}.json`, import.meta.url)))).filter(
  (v) => ["deadline", "ticket", "tier", "review", "status", "points.merge", "points.redeem"].includes(v.op) && !NOT_IN_THE_FORM[v.id],
);

/** The link of a vector: the tab and its input fields (nested customer and package fields
 * flattened, arrays as JSON; a ticket's rules comma-separated, its done times `done.<rule>`, its
 * `as_of` as `at`). */
function vectorLink({ op, input }) {
  const tier = (i) => ({ ...i.customer, ...i.package, rating_year: i.rating_year });
  const fields = {
    deadline: () => ["deadline", input],
    ticket: () => {
      const { done, as_of, rules, ...rest } = input;
      const doneFields = Object.fromEntries(Object.entries(done ?? {}).map(([id, at]) => [`done.${id}`, at]));
      return ["ticket", { ...rest, rules: rules?.join(","), ...doneFields, at: as_of }];
    },
    tier: () => ["tier", tier(input)],
    review: () => [
      "tier",
      {
        ...tier(input.current),
        previous_tier: input.previous_tier,
        override: input.override?.tier,
        approval_ref: input.override?.approval_ref,
      },
    ],
    status: () => ["status", input],
    "points.merge": () => ["points", input],
    "points.redeem": () => [
      "points",
      {
        customer_id: "C",
        as_of: input.as_of,
        accounts: [{ account_id: "A", customer_id: "C", lots: input.lots }],
        points: input.points,
        frozen: input.frozen,
      },
    ],
  }[op];
  const [tab, values] = fields();
  const q = new URLSearchParams({ tab });
  for (const [k, v] of Object.entries(values)) {
    if (v !== undefined && v !== null && v !== false && v !== "") q.set(k, typeof v === "object" ? JSON.stringify(v) : String(v));
  }
  return `?${q}`;
}

/** What the page shows of a vector's expected keys. */
async function shown(page, op) {
  const lots = (id) => page.$$eval(`[data-testid="${id}"] li`, (els) => els.map((e) => e.dataset.lot));
  switch (op) {
    case "deadline":
      return { due: await value(page, "due"), met: { true: true, false: false }[await value(page, "met")] };
    case "ticket":
      return { state: await value(page, "ticket-state"), targets: await ticketTargets(page) };
    case "tier":
      return { tier: await value(page, "tier"), provisional_member: (await page.$('[data-testid="provisional"]')) !== null };
    case "review":
      return { tier: await value(page, "review-tier"), change: await value(page, "change") };
    case "status":
      return {
        status: await value(page, "status"),
        reasons: await page.$$eval(".reasons > li", (els) => els.map((e) => e.dataset.rule)),
        points_frozen: (await value(page, "points-frozen")) === "true",
      };
    case "points.merge":
      return { total: Number(await value(page, "total")), expired: Number(await value(page, "expired")), order: await lots("order") };
    case "points.redeem":
      return {
        consumed: await page.$$eval('[data-testid="consumed"] li', (els) =>
          els.map((e) => ({ id: e.dataset.lot, points: Number(e.dataset.points) })),
        ),
        remaining: Number(await value(page, "remaining")),
      };
  }
}

/** Each target of the ticket shown, as the contract writes it (absent keys left out). */
const ticketTargets = (page) =>
  page.$$eval('[data-testid="targets"] > li', (els) =>
    els.map((e) => {
      const d = e.dataset;
      const target = {
        rule: d.rule,
        clock: d.clock,
        due: d.due === "unknown" ? null : d.due,
        state: d.state,
        met: d.met === undefined ? undefined : d.met === "true",
        done: d.done,
        remaining: d.remaining === undefined ? undefined : Number(d.remaining),
        remaining_unit: d.remainingUnit,
      };
      return Object.fromEntries(Object.entries(target).filter(([, v]) => v !== undefined));
    }),
  );

test(`spec vectors through links (${vectors.length})`, async () => {
  const page = await open("?");
  for (const v of vectors) {
    await follow(page, vectorLink(v));
    if (v.expect_error) {
      const kinds = await errorKinds(page);
      const expected = v.expect_error === "calendar_year_unknown" ? "unknown" : "error";
      assert.ok(kinds.includes(v.expect_error), `${v.id}: shown ${kinds}, expected ${v.expect_error}`);
      if (v.op === "deadline") assert.equal(await value(page, "due"), expected, v.id);
      continue;
    }
    const got = await shown(page, v.op);
    const want = Object.fromEntries(
      Object.keys(got)
        .filter((k) => k in v.expect)
        .map((k) => [k, v.expect[k]]),
    );
    if (want.due) want.due = new Date(want.due).toISOString();
    if (got.due) got.due = new Date(got.due).toISOString();
    assert.deepEqual(Object.fromEntries(Object.keys(want).map((k) => [k, got[k]])), want, v.id);
  }
  await page.context().close();
});

describe("tickets", () => {
  const vector = (id) => vectors.find((v) => v.id === id);
  /** A target of the ticket shown. */
  const item = (rule) => `[data-testid="targets"] > li[data-rule="${rule}"]`;

  test("a fault ticket of an ordinary customer: the call met, the visit breached, on one timeline", async () => {
    // ticket-fault-ordinary-visit-late (spec-tests/ticket.json)
    const page = await open(vectorLink(vector("ticket-fault-ordinary-visit-late")));
    assert.equal(await value(page, "ticket-state"), "breached");
    assert.match(await text(page, "ticket-state"), /已超时/);
    assert.deepEqual(await ticketTargets(page), vector("ticket-fault-ordinary-visit-late").expect.targets);
    assert.match(await page.textContent(`${item("SLA.FAULT.CONTACT")} .state`), /按时完成/);
    assert.match(await page.textContent(`${item("SLA.FAULT.ORDINARY")} .state`), /超时/);
    // Each lane has its due mark; the call its done mark; the as-of line is past the visit's due.
    assert.equal(await page.$$eval(".lane .tl-mark.due", (els) => els.length), 2);
    assert.equal(await page.$$eval(`${item("SLA.FAULT.CONTACT")} .tl-mark.done.met`, (els) => els.length), 1);
    const left = (sel) => page.$eval(sel, (e) => parseFloat(e.style.left));
    assert.ok((await left(`${item("SLA.FAULT.ORDINARY")} .tl-mark.now`)) > (await left(`${item("SLA.FAULT.ORDINARY")} .tl-mark.due`)));
    await page.context().close();
  });

  test("a complaint over the National Day holidays: the days skipped and counted, the working days left", async () => {
    const v = vector("ticket-complaint-ordinary-national-day");
    const page = await open(vectorLink(v));
    assert.equal(await value(page, "ticket-state"), "running");
    assert.deepEqual(await ticketTargets(page), v.expect.targets);
    const complaint = item("SLA.COMPLAINT.ORDINARY");
    const days = await page.$$eval(`${complaint} .steps .day`, (els) => els.map((e) => [e.dataset.date, e.dataset.counted]));
    assert.deepEqual(
      days.filter(([, c]) => c === "true").map(([d]) => d),
      ["2025-10-09", "2025-10-10", "2025-10-11"],
    );
    assert.equal(days.filter(([, c]) => c === "false").length, 8);
    assert.equal(await page.$$eval(`${complaint} .lane .seg.day.skipped`, (els) => els.length), 8);
    assert.match(await page.textContent(`${complaint} .left`), /还剩 2 个工作日/);
    assert.match(await page.getAttribute(`${complaint} .lane .seg.day.skipped.holiday`, "title"), /国庆节/);
    await page.context().close();
  });

  test("in English a ticket's steps tell each target and each pause as a line of its own, days as days", async () => {
    const page = await open("?tab=ticket&lang=en");
    const steps = '[data-testid="explanation"] .steps';
    assert.deepEqual(await page.$$eval(`${steps} li.target`, (els) => els.map((e) => e.dataset.rule)), ["SLA.DISPUTE.INITIAL", "SLA.COMPLAINT.ORDINARY"]);
    assert.match(await page.textContent(`${steps} li.pause`), /^Clock stopped /);
    // The days are each target's own, told under it.
    assert.equal(await page.$(`${steps} li.day`), null);
    assert.equal(await page.textContent(`${item("SLA.COMPLAINT.ORDINARY")} .steps .day[data-date="2025-10-09"] .why`), "skipped: paused all day");
    await page.context().close();
  });

  test("the policies come from the catalogue; typed into the form: a policy, a done time, a pause", async () => {
    const page = await open("?tab=ticket");
    // The example: a complaint, the whole of 9 Oct paused, as of noon that day.
    assert.equal(await value(page, "ticket-state"), "paused");
    assert.ok(await page.$('[data-testid="pause-lane"] .seg.paused'));
    const paused = `${item("SLA.COMPLAINT.ORDINARY")} .steps .day[data-date="2025-10-09"]`;
    assert.deepEqual([await page.getAttribute(paused, "data-counted"), await page.textContent(`${paused} .why`)], ["false", "跳过：整日暂停"]);
    assert.ok(await page.$(`${item("SLA.COMPLAINT.ORDINARY")} .lane .seg.day.paused-day`));
    const incidents = await page.$$eval("#f-incident option", (els) => els.map((e) => e.value));
    assert.deepEqual(incidents, ["complaint", "fault", ""]);
    await page.selectOption("#f-customer_class", "vip");
    assert.deepEqual(
      await page.$$eval('[data-testid="policy-targets"] li', (els) => els.map((e) => e.dataset.rule)),
      ["SLA.COMPLAINT.VIP", "SLA.DISPUTE.INITIAL", "SLA.COMPLAINT.BRAND"],
    );
    await page.selectOption("#f-incident", "fault");
    assert.equal(await page.inputValue("#f-customer_class"), "vip");
    await page.selectOption("#f-customer_class", "ordinary");
    await page.click("#pause-0-remove");
    await page.fill("#f-start", "2025-03-03T09:00");
    await page.fill("#f-at", "2025-03-03T13:00");
    assert.equal(await page.$('[data-testid="pause-lane"]'), null);
    const state = (rule) => page.getAttribute(item(rule), "data-state");
    assert.equal(await state("SLA.FAULT.CONTACT"), "running");
    assert.equal(await page.getAttribute(item("SLA.FAULT.CONTACT"), "data-remaining"), "0");
    // The customer asks to wait from 12:00 to 18:00 (ticket-fault-ordinary-inside-pause).
    await page.click("#pause-add");
    await page.fill("#pause-0-from", "2025-03-03T12:00");
    await page.fill("#pause-0-to", "2025-03-03T18:00");
    assert.equal(await value(page, "ticket-state"), "paused");
    assert.equal(await page.getAttribute(item("SLA.FAULT.CONTACT"), "data-due"), "2025-03-03T19:00:00+08:00");
    assert.equal(await page.getAttribute(item("SLA.FAULT.CONTACT"), "data-remaining"), "3600");
    assert.match(await page.textContent(`${item("SLA.FAULT.CONTACT")} .left`), /恢复计时后还剩 1 小时 0 分/);
    // The call made at 12:30: met.
    await page.fill('[id="f-done.SLA.FAULT.CONTACT"]', "2025-03-03T12:30");
    assert.equal(await state("SLA.FAULT.CONTACT"), "met");
    assert.equal(
      query(page),
      "?tab=ticket&incident=fault&customer_class=ordinary&start=2025-03-03T09:00&done.SLA.FAULT.CONTACT=2025-03-03T12:30" +
        "&pauses=[{%22from%22:%222025-03-03T12:00%22,%22to%22:%222025-03-03T18:00%22}]&at=2025-03-03T13:00",
    );
    // Rules by hand start from the policy's targets.
    await page.selectOption("#f-incident", "");
    assert.match(query(page), /^\?tab=ticket&rules=SLA.FAULT.CONTACT,SLA.FAULT.ORDINARY&/);
    await page.uncheck('[id="rules-SLA.FAULT.ORDINARY"]');
    assert.deepEqual(
      (await ticketTargets(page)).map((x) => x.rule),
      ["SLA.FAULT.CONTACT"],
    );
    await page.context().close();
  });

  test("an open pause leaves the due unknown; a pause that ends before it starts points at its field", async () => {
    const page = await open(vectorLink(vector("ticket-complaint-ordinary-open-pause")));
    assert.equal(await value(page, "ticket-state"), "paused");
    assert.equal(await page.getAttribute(item("SLA.COMPLAINT.ORDINARY"), "data-due"), "unknown");
    assert.match(await page.textContent(`${item("SLA.COMPLAINT.ORDINARY")} .target-times`), /到期时间未知/);
    assert.ok(await page.$('[data-testid="pause-lane"] .seg.paused.open'));
    await follow(page, vectorLink(vector("ticket-pause-backwards")));
    assert.equal(await value(page, "ticket-state"), "error");
    assert.deepEqual(await errorKinds(page), ["invalid_input"]);
    assert.match(await text(page, "error"), /pauses\[2\]\.to/);
    assert.equal(await page.getAttribute("#pause-2-to", "aria-invalid"), "true");
    assert.equal(await page.getAttribute("#pause-1-to", "aria-invalid"), null);
    await page.context().close();
  });
});

describe("unknown years are unknown, never guessed", () => {
  test("a working-day deadline in 2027", async () => {
    const page = await open("?tab=deadline&rule=SLA.COMPLAINT.ORDINARY&start=2027-03-01T10:00");
    assert.equal(await value(page, "due"), "unknown");
    assert.match(await text(page, "due"), /未知/);
    assert.deepEqual(await errorKinds(page), ["calendar_year_unknown"]);
    assert.match(await text(page, "error"), /2027 年的官方节假日安排未知/);
    // Clock hours need no calendar: the same start is answered.
    await follow(page, "?tab=deadline&rule=SLA.FAULT.ORDINARY&start=2027-03-01T10:00");
    assert.equal(await value(page, "due"), "2027-03-02T10:00:00+08:00");
    await page.context().close();
  });

  test("the calendar month 2027-03, beside a known month", async () => {
    const page = await open("?tab=calendar&date=2027-03");
    const kinds = await page.$$eval('[data-testid^="day-"]', (els) => els.map((e) => e.dataset.kind));
    assert.equal(kinds.length, 31);
    assert.ok(
      kinds.every((k) => k === "unknown"),
      kinds.join(),
    );
    assert.match(await text(page, "unknown"), /2027/);
    await follow(page, "?tab=calendar&date=2025-10");
    const kind = (d) => page.getAttribute(`[data-testid="day-${d}"]`, "data-kind");
    assert.equal(await kind("2025-10-01"), "holiday");
    assert.equal(await kind("2025-10-09"), "workday");
    assert.equal(await kind("2025-10-11"), "makeup_workday");
    assert.equal(await kind("2025-10-12"), "weekend");
    assert.match(await page.textContent('[data-testid="day-2025-10-06"]'), /中秋节/);
    assert.equal(await page.$('[data-testid="unknown"]'), null);
    await page.context().close();
  });

  test("the calendar marks the days the current deadline counted", async () => {
    const page = await open(COMPLAINT);
    await page.click("text=在日历中查看");
    assert.equal(query(page), "?tab=calendar&date=2025-10&rule=SLA.COMPLAINT.ORDINARY&start=2025-09-30T10:00");
    const counted = await page.$$eval('[data-counted="true"][data-testid^="day-"]', (els) => els.map((e) => e.dataset.testid));
    assert.deepEqual(counted, ["day-2025-10-09", "day-2025-10-10", "day-2025-10-11"]);
    await page.context().close();
  });
});

describe("the calendar tab says what is known, and adds to it", () => {
  const notice2026 = readFileSync(new URL("../../../spec-tests/notices/2026.txt", import.meta.url), "utf8");

  test("the known years with their sources, and the warning 60 days ahead", async () => {
    const page = await open("?tab=calendar&date=2026-12&today=2026-12-02");
    assert.equal(await page.getAttribute('[data-testid="year-ahead"]', "data-year"), "2027");
    assert.match(await text(page, "year-ahead"), /2027 年.*30 天后开始/);
    const years = await page.$$eval('[data-testid="sources"] li', (els) => els.map((e) => e.dataset.year));
    assert.equal(years.length, 23);
    assert.deepEqual([years[0], years.at(-1)], ["2004", "2026"]);
    assert.match(await page.textContent('[data-testid="sources"] li[data-year="2026"]'), /国务院办公厅关于2026年部分节假日安排的通知/);
    // Two months earlier: nothing to warn about.
    await follow(page, "?tab=calendar&date=2026-10&today=2026-10-01");
    assert.equal(await page.$('[data-testid="year-ahead"]'), null);
    await page.context().close();
  });

  test("provisional answers on request: marked days, and every tab answers on them", async () => {
    const page = await open("?tab=calendar&date=2027-01&today=2026-12-02");
    assert.equal(await page.getAttribute('[data-testid="day-2027-01-01"]', "data-kind"), "unknown");
    await page.check("#f-provisional");
    assert.equal(query(page), "?tab=calendar&date=2027-01&provisional=true&today=2026-12-02");
    const day = (d, a) => page.getAttribute(`[data-testid="day-${d}"]`, a);
    assert.deepEqual([await day("2027-01-01", "data-kind"), await day("2027-01-01", "data-provisional")], ["holiday", "true"]);
    assert.deepEqual([await day("2027-01-04", "data-kind"), await day("2027-01-04", "data-provisional")], ["workday", "true"]);
    assert.equal(await page.$('[data-testid="unknown"]'), null);
    assert.match(await page.getAttribute('[data-testid="day-2027-01-01"]', "aria-label"), /临时/);
    // The option stays in the URL of the other tabs.
    await page.click("#tab-deadline");
    assert.match(query(page), /^\?tab=deadline.*&provisional=true/);
    await follow(page, "?tab=deadline&rule=SLA.COMPLAINT.ORDINARY&start=2026-12-29T10:00&provisional=true");
    assert.equal(await value(page, "due"), "2027-01-05T00:00:00+08:00");
    await follow(page, "?tab=deadline&rule=SLA.COMPLAINT.ORDINARY&start=2026-12-29T10:00");
    assert.equal(await value(page, "due"), "unknown");
    await page.context().close();
  });

  test("a pasted notice is read and loaded; a broken one is refused with its problems", async () => {
    const page = await open("?tab=calendar&date=2026-10&today=2026-12-02");
    await page.fill("#f-notice", notice2026);
    await page.click("#notice-load");
    assert.ok(await page.$('[data-testid="notice-loaded"]'));
    assert.match(query(page), /&notice=/);
    assert.equal(await page.getAttribute('[data-testid="day-2026-10-01"]', "data-kind"), "holiday");
    // The link holds the notice: opened afresh, the page reads it again.
    const again = await open(query(page));
    assert.equal(await again.inputValue("#f-notice"), notice2026.trim());
    assert.ok(await again.$('[data-testid="notice-loaded"]'));
    await again.context().close();
    await page.fill("#f-notice", notice2026.split("\n").slice(0, 6).join("\n"));
    await page.click("#notice-load");
    assert.equal(await page.getAttribute('[data-testid="notice-problem"] [data-testid="error"]', "data-kind"), "invalid_input");
    assert.ok((await page.$$('[data-testid="notice-problem"] li')).length >= 1);
    // The page goes on answering on the built-in calendar.
    assert.equal(await page.getAttribute('[data-testid="day-2026-10-01"]', "data-kind"), "holiday");
    await page.click("#notice-clear");
    assert.doesNotMatch(query(page), /notice=/);
    await page.context().close();
  });
});

describe("links", () => {
  const LINKS = [
    COMPLAINT,
    REPAIR_16,
    "?tab=deadline&rule=SLA.FAULT.ORDINARY&area=rural&start=2025-09-30T19:50&done=2025-10-01T23:50",
    "?tab=deadline&clock=working_minutes&amount=30&start=2025-09-30T19:50",
    "?tab=calendar&date=2025-10-11&rule=SLA.COMPLAINT.ORDINARY&start=2025-09-30T10:00",
    "?tab=calendar&date=2027-03",
    "?tab=ticket&incident=fault&customer_class=ordinary&start=2025-03-03T09:00&done.SLA.FAULT.CONTACT=2025-03-03T12:00&pauses=[{%22from%22:%222025-03-03T12:00%22,%22to%22:%222025-03-03T18:00%22}]&at=2025-03-04T10:00",
    "?tab=ticket&rules=SLA.ACCEPT.REVIEW,SLA.ACCEPT.NOTIFY&area=rural&start=2025-03-07T16:00&pauses=[{%22from%22:%222025-03-08T00:00%22}]&at=2025-03-09T10:00&lang=en",
    "?tab=tier&kind=personal&brand=e_home&annual_spend=3359.99",
    "?tab=tier&kind=personal&brand=tianyi&annual_spend=100&monthly_fee=180&subscribed_on=2025-06-30&rating_year=2025",
    "?tab=tier&kind=personal&brand=e_home&annual_spend=2200&previous_tier=diamond&override=diamond&approval_ref=MKT-1",
    "?tab=tier&kind=enterprise&annual_revenue=300000",
    "?tab=tier&kind=government&rank=division&lang=en",
    "?tab=status&as_of=2025-06-01&lines=[{%22id%22:%22L1%22,%22active%22:false},{%22id%22:%22L2%22,%22arrears_since%22:%222025-01-15%22,%22reminded%22:true}]&cancel_requested=true",
    "?tab=points&customer_id=C1&as_of=2025-06-01&accounts=[{%22account_id%22:%22a%22,%22customer_id%22:%22C1%22,%22lots%22:[{%22id%22:%22x%22,%22points%22:10,%22earned_on%22:%222025-01-01%22}]}]&points=4&frozen=true",
  ];

  test("every link opens to itself and the same result", async () => {
    const page = await open("?");
    for (const link of LINKS) {
      await page.goto(server.url + link);
      await page.waitForSelector("#panel[data-tab]");
      assert.equal(query(page), link);
      const shown = await page.$$eval("[data-value]", (els) => els.map((e) => `${e.dataset.testid}=${e.dataset.value}`));
      await page.reload();
      await page.waitForSelector("#panel[data-tab]");
      assert.equal(query(page), link);
      assert.deepEqual(await page.$$eval("[data-value]", (els) => els.map((e) => `${e.dataset.testid}=${e.dataset.value}`)), shown);
    }
    await page.context().close();
  });

  test("tabs keep their inputs and write them to the link", async () => {
    const page = await open(COMPLAINT);
    await page.click("#tab-tier");
    assert.equal(query(page), "?tab=tier&kind=personal&brand=e_home&annual_spend=3359.99");
    await page.click("#tab-deadline");
    assert.equal(query(page), COMPLAINT);
    await page.goBack();
    assert.equal(query(page), "?tab=tier&kind=personal&brand=e_home&annual_spend=3359.99");
    assert.equal(await value(page, "tier"), "gold");
    await page.context().close();
  });
});

describe("errors are readable messages", () => {
  const CASES = [
    ["?tab=tier&kind=personal&brand=e_home&annual_spend=abc", "invalid_input", /输入有误.*customer\.annual_spend/],
    ["?tab=tier&kind=personal&brand=e_home&annual_spend=-1", "negative_amount", /不能是负数/],
    [
      "?tab=tier&kind=personal&brand=e_home&annual_spend=2200&previous_tier=diamond&override=diamond",
      "override_needs_approval",
      /审批编号/,
    ],
    ["?tab=deadline&rule=SLA.NOPE&start=2025-01-02T10:00", "unknown_rule", /没有这条规则/],
    ["?tab=deadline&rule=SLA.FEEDBACK&start=yesterday", "invalid_input", /yesterday/],
    ["?tab=status&as_of=2025-06-01&lines=not-json", "invalid_input", /lines/],
    ["?tab=points&customer_id=C1&as_of=2025-06-01&accounts=[]&points=5", "insufficient_points", /积分不足/],
    ["?tab=calendar&date=2025-13", "invalid_input", /2025-13/],
    [
      '?tab=ticket&rules=SLA.FAULT.CONTACT&start=2025-03-03T09:00&pauses=[{"from":"2025-03-03T10:00"},{"from":"2025-03-03T15:00","to":"2025-03-03T14:00"}]&at=2025-03-03T09:00',
      "invalid_input",
      /输入有误.*pauses\[1\]\.to/,
    ],
    ["?tab=ticket&incident=fault&customer_class=gold&start=2025-03-03T09:00&at=2025-03-03T09:00", "invalid_input", /customer_class/],
  ];

  test("each error names what is wrong", async () => {
    const page = await open("?");
    for (const [link, kind, said] of CASES) {
      await follow(page, link);
      assert.ok((await errorKinds(page)).includes(kind), `${link}: ${await errorKinds(page)}`);
      assert.match(await page.textContent(`[data-testid="error"][data-kind="${kind}"]`), said, link);
    }
    await page.context().close();
  });

  test("a page whose WebAssembly cannot load says so", async () => {
    const broken = await serve({ block: (path) => path.endsWith(".wasm") });
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(broken.url);
    await page.waitForSelector('[data-testid="fatal"]');
    assert.match(await page.textContent('[data-testid="fatal"]'), /guifan/);
    await context.close();
    await broken.close();
  });
});

describe("use", () => {
  test("keyboard: arrows move between tabs, a calendar day is a button", async () => {
    const page = await open("?tab=deadline");
    await page.focus("#tab-deadline");
    await page.keyboard.press("ArrowRight");
    assert.equal(await page.evaluate(() => document.activeElement.id), "tab-ticket");
    assert.match(query(page), /^\?tab=ticket/);
    await page.keyboard.press("ArrowRight");
    assert.equal(await page.evaluate(() => document.activeElement.id), "tab-calendar");
    assert.match(query(page), /^\?tab=calendar/);
    await page.keyboard.press("End");
    assert.equal(await page.getAttribute("#tab-points", "aria-selected"), "true");
    await page.keyboard.press("Home");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await page.focus('[data-testid="day-2025-10-11"]');
    await page.keyboard.press("Enter");
    assert.match(await text(page, "selected-day"), /调休上班日/);
    assert.match(query(page), /date=2025-10-11/);
    await page.context().close();
  });

  test("English switch: words change, values do not", async () => {
    const page = await open(COMPLAINT);
    await page.click('[data-testid="lang"]');
    assert.equal(query(page), `${COMPLAINT}&lang=en`);
    assert.equal(await page.getAttribute("html", "lang"), "en");
    assert.match(await text(page, "due"), /Sat 11 Oct 2025, 24:00/);
    assert.equal(await value(page, "due"), "2025-10-12T00:00:00+08:00");
    assert.match(await page.textContent("#tab-deadline"), /Deadline/);
    await page.click('[data-testid="lang"]');
    assert.equal(query(page), COMPLAINT);
    await page.context().close();
  });

  test("offline once loaded, and nothing fetched from elsewhere", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const requests = [];
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(server.url + COMPLAINT);
    await page.waitForSelector("#panel[data-tab]");
    await context.setOffline(true);
    await page.fill("#f-start", "2025-03-03T16:00");
    await page.check('[id="rule-SLA.REPAIR.SAMEDAY"]');
    assert.equal(await value(page, "due"), "2025-03-05T00:00:00+08:00");
    assert.deepEqual(
      requests.filter((u) => !u.startsWith(server.url)),
      [],
    );
    await context.close();
  });
});

test("screenshots of every tab at desktop and phone widths", async () => {
  mkdirSync(screenshots, { recursive: true });
  const TABS = {
    deadline: `${COMPLAINT}&done=2025-10-11T18:00`,
    ticket: "?tab=ticket",
    calendar: "?tab=calendar&date=2025-10-11&rule=SLA.COMPLAINT.ORDINARY&start=2025-09-30T10:00",
    tier: "?tab=tier&kind=personal&brand=e_home&annual_spend=3359.99&previous_tier=diamond",
    status: "?tab=status",
    points: "?tab=points",
  };
  for (const [name, viewport] of [
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ]) {
    const page = await open("?", { viewport });
    for (const [tab, link] of Object.entries(TABS)) {
      await follow(page, link);
      const path = fileURLToPath(new URL(`${tab}-${name}.png`, screenshots));
      await page.screenshot({ path, fullPage: true });
      assert.ok(statSync(path).size > 10_000);
      // Nothing wider than the screen.
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), `${tab} at ${name} scrolls sideways`);
    }
    await page.context().close();
  }
});

test("no uncaught errors in any page", () => {
  assert.deepEqual(pageErrors, []);
});

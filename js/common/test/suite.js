// The test suite both npm packages run against themselves (`runSuite(api, name)`): every spec
// vector through `evaluate` and through the typed API (on an `Engine` built from the vector's
// pack and calendar files when it names them), the shared hostile-input table, the values only
// JavaScript has, errors, batch calls, calendars, engines and the points ledger.

import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { test } from "node:test";

const repo = new URL("../../../", import.meta.url);
const specDir = new URL("spec-tests/", repo);

/** A file of `spec-tests/` (or of the repository, from `../`) as text. */
export const specFile = (path) => readFileSync(new URL(path, specDir), "utf8");

/** Every spec vector, with the file it came from. */
export function vectors() {
  return readdirSync(specDir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .flatMap((f) => JSON.parse(specFile(f)).map((v) => ({ file: f, ...v })));
}

/** What a vector runs on: the package's module-level functions, or an `Engine` whose only pack
 * is the vector's `pack` file, whose calendar has its `calendar` file loaded on top of the
 * built-in one (paths under `spec-tests/`) and which answers unknown years provisionally when the
 * vector is `provisional`. Engines are built once per combination. */
export function runnerFor(api) {
  const engines = new Map();
  return (v) => {
    if (!v.pack && !v.calendar && !v.provisional) return api;
    const key = `${v.pack}|${v.calendar}|${Boolean(v.provisional)}`;
    if (!engines.has(key)) {
      const options = { pack: v.pack && specFile(v.pack), calendar: v.calendar && specFile(v.calendar), provisional: Boolean(v.provisional) };
      engines.set(key, new api.Engine(options));
    }
    return engines.get(key);
  };
}

/** The shared hostile-input table, each case as the request evaluate receives. */
export function hostile() {
  const cases = JSON.parse(readFileSync(new URL("spec-tests/hostile/requests.json", repo), "utf8"));
  return cases.map((c) => {
    let request = c.request;
    if ("text" in c) request = c.text;
    if ("nested_depth" in c) request = `{"op":"dunning","input":${"[".repeat(c.nested_depth)}${"]".repeat(c.nested_depth)}}`;
    if ("lots" in c) {
      const lots = Array.from({ length: c.lots }, (_, i) => ({ id: `l${i}`, points: 1, earned_on: "2025-01-01" }));
      request = { op: "points.redeem", input: { lots, as_of: "2025-06-01", points: c.lots + 1 } };
    }
    return { ...c, request };
  });
}

const camel = (s) => s.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
const camelize = (v) =>
  Array.isArray(v)
    ? v.map(camelize)
    : v && typeof v === "object"
      ? Object.fromEntries(Object.entries(v).map(([k, x]) => [camel(k), camelize(x)]))
      : v;

/** Instants compare as instants; everything else exactly; a null expected is an absent key too. */
function same(want, got) {
  if (want === null && got === undefined) return true;
  const iso = /^\d{4}-\d{2}-\d{2}T/;
  if (typeof want === "string" && typeof got === "string" && iso.test(want) && iso.test(got)) {
    return Date.parse(want) === Date.parse(got);
  }
  try {
    assert.deepStrictEqual(got, want);
    return true;
  } catch {
    return false;
  }
}

function expectKeys(want, got, label) {
  for (const [k, v] of Object.entries(want)) assert.ok(same(v, got?.[k]), `${label}: ${k} want ${JSON.stringify(v)}, got ${JSON.stringify(got?.[k])}`);
}

/** The vector's request through the typed API, or undefined when no typed function takes it. */
function typedCall(api, op, input) {
  const tierOptions = ({ customer, package: pkg, rating_year: ratingYear, ...rest }) => ({
    ...camelize(rest),
    ...camelize(customer),
    package: pkg && camelize(pkg),
    ratingYear,
  });
  switch (op) {
    case "tier":
      return () => api.tier(tierOptions(input));
    case "review":
      return () => api.review({ ...camelize({ ...input, current: undefined }), current: tierOptions(input.current) });
    case "status":
      return () => api.status(camelize(input));
    case "deadline":
      return () => api.deadline(camelize(input));
    case "ticket":
      return () => api.ticket({ ...camelize({ ...input, done: undefined }), done: input.done });
    case "points.merge":
      return () => api.mergePoints(camelize(input));
    case "points.redeem":
      return () => api.redeemPoints(camelize(input));
    case "calendar.day":
      return () => api.calendarDay(input.date);
    case "calendar.count_working_days":
      return () => ({ count: api.countWorkingDays(input.from, input.to) });
    case "calendar.add_working_days":
      return () => ({ date: api.addWorkingDays(input.date, input.days) });
    case "notify":
      return () => api.notifyWindow(input.at, input.region);
    case "visit":
      return () => api.visit(camelize(input));
    case "cutover":
      return () => api.cutover(camelize(input));
    case "dunning":
      return () => api.dunning(input.arrears_count);
    case "punctuality":
      return () => api.punctuality(camelize(input));
    case "calendar.from_notice":
      // A module-level function: the document is the same on every engine.
      return api.calendarFromNotice && (() => api.calendarFromNotice(input.text));
    case "rules":
      return () => (input.id === undefined ? { rules: api.rules(undefined, { asOf: input.as_of }) } : api.rules(input.id, { asOf: input.as_of }));
    default:
      return undefined;
  }
}

export function runSuite(api, name) {
  const all = vectors();
  const on = runnerFor(api);

  test(`${name}: the TOML pack reader is loaded on demand, by Engine.create`, async () => {
    const toml = specFile("packs/sample-province.toml");
    // Not loaded at import: the synchronous constructor says how to get it.
    assert.throws(
      () => new api.Engine({ pack: toml }),
      (e) => e instanceof api.GuifanError && e.kind === "invalid_input" && e.field === "pack" && e.value === "TOML" && /Engine\.create/.test(e.message),
    );
    // JSON packs need no reader.
    const json = await api.Engine.create({ pack: specFile("packs/sample-province.json") });
    assert.throws(() => new api.Engine({ pack: toml }), (e) => e.field === "pack" && e.value === "TOML");
    const engine = await api.Engine.create({ pack: [specFile("../crates/guifan-core/data/pack-builtin.json"), toml] });
    assert.deepStrictEqual(engine.packs().at(-1), json.packs()[0]);
    await assert.rejects(api.Engine.create({ pack: "name = " }), (e) => e.kind === "invalid_input" && /not valid TOML/.test(e.message));
    // Once loaded, the constructor reads TOML too (the tests below rely on it).
    assert.deepStrictEqual(new api.Engine({ pack: toml }).packs(), json.packs());
  });

  test(`${name}: every spec vector through evaluate`, () => {
    assert.ok(all.length >= 250, `${all.length} vectors`);
    assert.ok(all.filter((v) => v.pack).length >= 50 && all.filter((v) => v.calendar).length >= 10);
    const plain = new api.Engine();
    for (const v of all) {
      const out = on(v).evaluate({ op: v.op, input: v.input });
      const label = `${v.file} ${v.id}`;
      if (v.expect_error) assert.equal(out.error?.kind, v.expect_error, `${label}: ${JSON.stringify(out)}`);
      else {
        assert.equal(out.error, undefined, `${label}: ${JSON.stringify(out.error)}`);
        expectKeys(v.expect, out, label);
      }
      // The same request as JSON text gives the same answer; a vector without files answers
      // the same on the module-level functions and on a new Engine.
      assert.deepStrictEqual(on(v).evaluate(JSON.stringify({ op: v.op, input: v.input })), out, label);
      if (on(v) === api) assert.deepStrictEqual(plain.evaluate({ op: v.op, input: v.input }), out, label);
    }
  });

  test(`${name}: every spec vector through the typed API`, () => {
    let typed = 0;
    for (const v of all) {
      const call = typedCall(on(v), v.op, v.input);
      if (!call) continue;
      typed += 1;
      const label = `${v.file} ${v.id}`;
      if (v.expect_error) {
        assert.throws(call, (e) => e instanceof api.GuifanError && e.kind === v.expect_error, label);
      } else {
        // countWorkingDays and addWorkingDays answer the number or date alone; the provisional
        // flags of their answers are checked through evaluate above.
        const scalar = v.op === "calendar.count_working_days" || v.op === "calendar.add_working_days";
        const want = scalar ? { ...v.expect, provisional: undefined, provisional_years: undefined } : v.expect;
        // A calendar document keeps the snake_case keys every loader reads.
        const keyed = v.op === "calendar.from_notice" ? (x) => x : camelize;
        expectKeys(keyed(JSON.parse(JSON.stringify(want))), call(), label);
      }
    }
    assert.ok(typed >= all.length - 3, `${typed} of ${all.length} typed`);
  });

  test(`${name}: the hostile-input table`, () => {
    for (const c of hostile()) {
      const out = api.evaluate(c.request);
      if (c.expect_error) assert.equal(out.error?.kind, c.expect_error, `${c.id}: ${JSON.stringify(out).slice(0, 300)}`);
      else expectKeys(c.expect, out, c.id);
      if (c.expect_field) assert.equal(out.error?.field, c.expect_field, c.id);
      if (out.error) assert.ok(out.error.message.length > 0, c.id);
    }
  });

  test(`${name}: values only JavaScript has`, () => {
    const spend = (annualSpend) => () => api.tier({ brand: "e_home", annualSpend });
    for (const bad of [NaN, Infinity, -Infinity]) {
      assert.throws(spend(bad), (e) => e instanceof api.GuifanError && e.kind === "invalid_input" && e.field === "customer.annual_spend");
      const out = api.evaluate({ op: "tier", input: { customer: { kind: "personal", brand: "e_home", annual_spend: bad } } });
      assert.equal(out.error.kind, "invalid_input");
    }
    assert.throws(spend(undefined), (e) => e.kind === "invalid_input");
    assert.throws(spend(null), (e) => e.kind === "invalid_input");
    assert.throws(spend(-0.01), (e) => e.kind === "negative_amount");
    assert.throws(spend(10n ** 40n), (e) => e.kind === "invalid_input");
    assert.throws(spend(Symbol("x")), (e) => e.kind === "invalid_input");
    assert.throws(spend(() => 1), (e) => e.kind === "invalid_input");
    assert.equal(spend(-0)().tier, "none");
    assert.equal(spend(0.1 + 0.2)().tier, "none");
    assert.equal(spend(3359.99)().tier, "gold");
    assert.equal(spend(3360n)().tier, "diamond");
    assert.equal(spend("3360")().tier, "diamond");
    // Points are exact: a bigint lot is read exactly, and a remaining balance past 2^53 − 1,
    // which no JS number holds exactly, is an error rather than a rounded number.
    const big = { lots: [{ id: "a", points: 2n ** 53n + 1n, earnedOn: "2025-01-01" }], asOf: "2025-01-02" };
    assert.deepEqual(api.redeemPoints({ ...big, points: 3n }).consumed, [{ id: "a", points: 3 }]);
    assert.throws(() => api.redeemPoints({ ...big, points: 1n }), (e) => e.kind === "invalid_input" && e.field === "output");
    assert.throws(() => api.deadline({ rule: "SLA.FEEDBACK", start: new Date(Number.NaN) }), (e) => e.kind === "invalid_input");
    assert.throws(() => api.deadline({ clock: "working_days", amount: 1e9, start: "2025-01-01T00:00" }), (e) => e.kind === "calendar_year_unknown");
    // undefined fields are left out, as if not given.
    assert.equal(api.deadline({ rule: "SLA.FEEDBACK", area: undefined, start: "2025-01-01T00:00", done: undefined }).met, undefined);
  });

  test(`${name}: evaluate answers every request as data`, () => {
    const answered = (request) => {
      const out = api.evaluate(request);
      assert.ok(out && typeof out === "object", "an answer");
      return out;
    };
    const customer = { kind: "personal", brand: "e_home", annual_spend: "3360" };
    // A getter that throws: refused at its field.
    const getter = answered({
      op: "tier",
      input: {
        customer: {
          ...customer,
          get annual_spend() {
            throw new Error("no spend today");
          },
        },
      },
    });
    assert.deepEqual([getter.error.kind, getter.error.field], ["invalid_input", "customer.annual_spend"]);
    assert.match(getter.error.message, /no spend today/);
    // Proxies whose traps throw, anywhere in the request, and a revoked one.
    const trap = (name) => new Proxy({}, { [name]: () => { throw new Error(`${name} trap`); } });
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    for (const [request, field] of [
      [{ op: "dunning", input: trap("ownKeys") }, "input"],
      [{ op: "dunning", input: { arrears_count: trap("getPrototypeOf") } }, "arrears_count"],
      [trap("get"), "input"],
      [revoked.proxy, "request"],
    ]) {
      const out = answered(request);
      assert.deepEqual([out.error.kind, out.error.field], ["invalid_input", field], JSON.stringify(out));
    }
    // Cyclic objects and arrays: named cyclic, at the field where the cycle closes.
    const looped = { arrears_count: 1 };
    looped.again = looped;
    const cyclic = answered({ op: "dunning", input: looped });
    assert.deepEqual([cyclic.error.kind, cyclic.error.field], ["invalid_input", "again"]);
    assert.match(cyclic.error.message, /cyclic/);
    const list = [];
    list.push(list);
    assert.match(answered({ op: "status", input: { as_of: "2025-06-01", lines: list } }).error.message, /cyclic/);
    // The same object twice is not a cycle.
    const lot = { id: "a", points: 5, earned_on: "2025-01-01" };
    assert.deepEqual(answered({ op: "points.redeem", input: { lots: [lot, lot], as_of: "2025-02-01", points: 5 } }).consumed, [{ id: "a", points: 5 }]);
    // Deep but not cyclic: refused, not a stack overflow.
    let deep = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    assert.match(answered({ op: "dunning", input: { arrears_count: deep } }).error.message, /nested too deeply/);
    // Objects without a prototype are plain data.
    const bare = (o) => Object.assign(Object.create(null), o);
    const plain = answered({ op: "tier", input: { customer } });
    assert.equal(plain.tier, "diamond");
    assert.deepStrictEqual(answered({ op: "tier", input: bare({ customer: bare(customer) }) }), plain);
    assert.deepStrictEqual(answered(bare({ op: "tier", input: bare({ customer }) })), plain);
    // The typed calls throw a GuifanError for the same inputs.
    assert.equal(api.tier(bare({ brand: "e_home", annualSpend: 3360 })).tier, "diamond");
    const throwing = { brand: "e_home", get annualSpend() { throw new Error("no"); } };
    assert.throws(() => api.tier(throwing), (e) => e instanceof api.GuifanError && e.kind === "invalid_input");
    const loop = { id: "L1" };
    loop.self = loop;
    assert.throws(() => api.status({ asOf: "2025-06-01", lines: [loop] }), (e) => e instanceof api.GuifanError && /cyclic/.test(e.message));
    const lotC = { id: "a", points: 5, earnedOn: "2025-01-01" };
    assert.deepEqual(api.redeemPoints({ lots: [lotC, lotC], asOf: "2025-02-01", points: 5 }).consumed, [{ id: "a", points: 5 }]);
  });

  test(`${name}: instants and dates in JS types`, () => {
    const d = api.deadline({ rule: "SLA.COMPLAINT.ORDINARY", start: new Date("2025-09-30T02:00:00Z") });
    assert.equal(d.due, "2025-10-12T00:00:00+08:00");
    assert.equal(api.deadline({ rule: "SLA.COMPLAINT.ORDINARY", start: "2025-09-30T07:45:00+05:45" }).due, d.due);
    assert.equal(api.isWorkingDay(new Date("2025-10-10T17:00:00Z")), true); // Saturday 11 Oct in Beijing
    assert.equal(api.addWorkingDays("2025-09-30", 3), "2025-10-11");
    assert.equal(api.countWorkingDays("2025-10-01", "2025-10-12"), 3);
    // A ticket's `asOf` and a pause's `from` and `to` are instants: a Date is its instant, not its day
    // (ticket-fault-ordinary-inside-pause).
    const at = (hhmm) => new Date(`2025-03-03T${hhmm}:00+08:00`);
    const paused = api.ticket({
      incident: "fault",
      customerClass: "ordinary",
      start: at("09:00"),
      pauses: [{ from: at("12:00"), to: at("18:00") }],
      asOf: at("13:00"),
    });
    assert.deepEqual(
      paused.targets.map((t) => [t.due, t.state, t.remaining]),
      [
        ["2025-03-03T19:00:00+08:00", "paused", 3600],
        ["2025-03-04T15:00:00+08:00", "paused", 75600],
      ],
    );
    const call = { rule: "SLA.FAULT.CONTACT", start: at("09:00"), pauses: [{ from: at("12:00"), to: at("18:00") }] };
    assert.equal(api.deadline(call).due, "2025-03-03T19:00:00+08:00");
    assert.deepEqual(api.notifyWindow("2025-03-03T21:00", "xinjiang"), {
      allowed: true,
      nextAllowed: "2025-03-03T21:00:00+08:00",
      pack: { name: "guifan-builtin", version: "2026.1" },
      rule: "NOTIFY.WINDOW",
    });
  });

  test(`${name}: the common calls answer as the general path does`, () => {
    // deadline({ rule, start: Date }) goes without JSON; the same instant as text goes the general
    // way. Starts with milliseconds give clock-hour deadlines with fractions (written as the core
    // writes them), and the first call of a rule is the general one.
    const starts = [0, 1, 10, 120, 999].map((ms) => new Date(Date.parse("2025-09-30T10:00:00+08:00") + ms));
    for (const rule of ["SLA.FAULT.ORDINARY", "SLA.COMPLAINT.ORDINARY", "SLA.FAULT.CONTACT"]) {
      for (const engine of [api, new api.Engine()]) {
        for (const start of starts) {
          assert.deepEqual(engine.deadline({ rule, start }), engine.deadline({ rule, start: start.toISOString() }));
        }
      }
    }
    assert.match(api.deadline({ rule: "SLA.FAULT.ORDINARY", start: starts[3] }).due, /T\d\d:00:00\.12\+08:00$/);
    assert.throws(() => api.deadline({ rule: "SLA.NOPE", start: starts[0] }), (e) => e.kind === "unknown_rule" || e.field === "rule");
    const late = new Date("2026-12-29T10:00:00+08:00");
    api.deadline({ rule: "SLA.COMPLAINT.ORDINARY", start: starts[0] });
    assert.throws(() => api.deadline({ rule: "SLA.COMPLAINT.ORDINARY", start: late }), (e) => e.kind === "calendar_year_unknown");
    const provisional = new api.Engine({ provisional: true });
    for (let i = 0; i < 2; i++) assert.deepEqual(provisional.deadline({ rule: "SLA.COMPLAINT.ORDINARY", start: late }).provisionalYears, [2027]);
    // The fast path holds the calendar it was made with: loadCalendar drops it.
    const yearEnd = new Date("2025-12-29T10:00:00+08:00");
    try {
      const before = api.deadline({ rule: "SLA.COMPLAINT.ORDINARY", start: yearEnd }).due;
      api.loadCalendar({ overlay: "acme", years: { 2025: { holidays: [{ date: "2025-12-30", name: "acme", name_zh: "停业" }] } } });
      const after = api.deadline({ rule: "SLA.COMPLAINT.ORDINARY", start: yearEnd });
      assert.notEqual(after.due, before);
      assert.deepEqual(after, api.deadline({ rule: "SLA.COMPLAINT.ORDINARY", start: yearEnd.toISOString() }));
    } finally {
      api.resetCalendar();
    }
    // isWorkingDay reads the core's table of the known years: every day of them as calendarDay
    // says, Dates by their Beijing day, and what is not a real date refused by the core.
    const engine = new api.Engine({ calendar: { years: { 2028: { holidays: [{ date: "2028-01-03", name: "x", name_zh: "x" }], makeup_workdays: [] } } } });
    for (let t = Date.UTC(2004, 0, 1); t < Date.UTC(2029, 0, 1); t += 86_400_000) {
      const date = new Date(t).toISOString().slice(0, 10);
      if (date.startsWith("2027")) continue;
      const working = engine.calendarDay(date).workingDay;
      assert.equal(engine.isWorkingDay(date), working, date);
      assert.equal(engine.isWorkingDay(new Date(`${date}T23:59:59+08:00`)), working, date);
    }
    assert.throws(() => engine.isWorkingDay("2027-01-04"), (e) => e.kind === "calendar_year_unknown");
    assert.equal(provisional.isWorkingDay("2027-01-04"), true);
    for (const bad of ["2025-02-29", "2025-13-01", "2025-1-01", "2025/01/01", new Date(NaN), 20250101]) {
      assert.throws(() => engine.isWorkingDay(bad), (e) => e instanceof api.GuifanError && e.kind === "invalid_input");
    }
    // The module-level table follows loadCalendar and resetCalendar.
    try {
      assert.equal(api.isWorkingDay("2025-12-31"), true);
      api.loadCalendar({ overlay: "acme", years: { 2025: { holidays: [{ date: "2025-12-31", name: "acme", name_zh: "停业" }] } } });
      assert.equal(api.isWorkingDay("2025-12-31"), false);
    } finally {
      api.resetCalendar();
    }
    assert.equal(api.isWorkingDay("2025-12-31"), true);
  });

  test(`${name}: errors carry kind, field and value`, () => {
    try {
      api.tier({ brand: "ctnet", annualSpend: "100" });
      assert.fail("no error");
    } catch (e) {
      assert.ok(e instanceof api.GuifanError && e instanceof Error);
      assert.equal(e.name, "GuifanError");
      assert.deepEqual([e.kind, e.field, e.value], ["unknown_brand", "customer.brand", "ctnet"]);
      assert.match(e.message, /e_home, tianyi, other/);
    }
    assert.throws(() => api.isWorkingDay("2027-01-04"), (e) => e.kind === "calendar_year_unknown" && e.value === "2027");
    assert.throws(() => api.explain("nope"), (e) => e.kind === "invalid_input");
  });

  test(`${name}: explanations and the catalogue`, () => {
    const e = api.explain("deadline", { rule: "SLA.COMPLAINT.ORDINARY", start: "2025-09-30T10:00" });
    assert.equal(e.rules[0].id, "SLA.COMPLAINT.ORDINARY");
    assert.match(e.rules[0].words, /3个工作日/);
    const days = e.steps.filter((s) => s.type === "day");
    assert.deepEqual(days.filter((s) => s.counted).map((s) => s.date), ["2025-10-09", "2025-10-10", "2025-10-11"]);
    assert.equal(days.find((s) => s.date === "2025-10-01").holiday.key, "national_day");
    const catalogue = api.rules();
    assert.ok(catalogue.length >= 60);
    assert.deepEqual(api.rules("SLA.FAULT.ORDINARY").params, { clock: "clock_hours", urban: "24", rural: "28" });
  });

  test(`${name}: batch deadlines and tiers`, () => {
    const starts = ["2025-09-30T10:00", null, new Date("2025-03-03T08:00:00Z"), "2025-03-03T16:00:00+08:00"];
    assert.deepEqual(api.deadlines(starts, { rule: "SLA.REPAIR.SAMEDAY" }), [
      "2025-10-01T00:00:00+08:00",
      null,
      "2025-03-05T00:00:00+08:00",
      "2025-03-05T00:00:00+08:00",
    ]);
    const ms = new Float64Array([Date.parse("2025-09-30T02:00:00Z"), Number.NaN]);
    const due = api.deadlines(ms, { clock: "working_days", amount: 3 });
    assert.ok(due instanceof Float64Array);
    assert.equal(due[0], Date.parse("2025-10-12T00:00:00+08:00"));
    assert.ok(Number.isNaN(due[1]));
    assert.deepEqual(
      api.deadlines(["2025-03-03T09:00", "2025-03-03T09:00"], { rule: "SLA.FAULT.ORDINARY", area: ["urban", "rural"] }),
      ["2025-03-04T09:00:00+08:00", "2025-03-04T13:00:00+08:00"],
    );
    assert.throws(() => api.deadlines(["2025-01-02T10:00", "2026-12-30T10:00"], { rule: "SLA.COMPLAINT.ORDINARY" }), (e) => e.kind === "calendar_year_unknown" && e.row === 1);
    assert.deepEqual(api.deadlines(["2026-12-30T10:00"], { rule: "SLA.COMPLAINT.ORDINARY", errors: "null" }), [null]);
    assert.throws(() => api.deadlines(["yesterday"], { rule: "SLA.FEEDBACK" }), (e) => e.kind === "invalid_input" && e.row === 0);
    assert.deepEqual(api.tiers("e_home", [3360, "3359.99", null, 0.1 + 0.2]), ["diamond", "gold", null, "none"]);
    assert.deepEqual(api.tiers(["enterprise", "other"], new Float64Array([300000, Number.NaN])), ["diamond", null]);
    assert.throws(() => api.tiers("e_home", [-1]), (e) => e.kind === "negative_amount" && e.row === 0);
    assert.deepEqual(api.tiers("e_home", [-1, "x", 1080], { errors: "null" }), [null, null, "silver"]);
    assert.throws(() => api.tiers("family", [1]), (e) => e.kind === "unknown_brand");
  });

  test(`${name}: calendars load, replace nothing on error, and reset`, () => {
    const doc = { years: { 2027: { holidays: [{ date: "2027-01-01", name: "new_years_day", name_zh: "元旦" }], makeup_workdays: [] } } };
    try {
      assert.throws(() => api.isWorkingDay("2027-01-04"), (e) => e.kind === "calendar_year_unknown");
      assert.deepEqual(api.loadCalendar(doc), [2027]);
      assert.equal(api.deadline({ rule: "SLA.COMPLAINT.ORDINARY", start: "2026-12-31T10:00" }).due, "2027-01-07T00:00:00+08:00");
      assert.throws(
        () => api.loadCalendar(JSON.stringify({ years: { 2028: { holidays: [], makeup_workdays: [{ date: "2028-01-03", for: "new_years_day" }] } } })),
        (e) => e.kind === "invalid_input" && e.field === "years.2028.makeup_workdays[0].date",
      );
      assert.deepEqual(api.knownYears().slice(-2), [2026, 2027]);
    } finally {
      api.resetCalendar();
    }
    assert.equal(api.knownYears().at(-1), 2026);
  });

  test(`${name}: engines: the sample pack as JSON text, as an object and as TOML text answers alike`, () => {
    const json = specFile("packs/sample-province.json");
    const toml = specFile("packs/sample-province.toml");
    const engines = [json, JSON.parse(json), toml].map((pack) => new api.Engine({ pack }));
    const requests = vectors().filter((v) => v.pack).map((v) => ({ op: v.op, input: v.input, explain: true }));
    assert.ok(requests.length >= 50);
    for (const request of requests) {
      const [a, b, c] = engines.map((e) => e.evaluate(request));
      assert.deepStrictEqual(b, a, request.op);
      assert.deepStrictEqual(c, a, request.op);
    }
    assert.deepStrictEqual(engines[1].packs(), engines[0].packs());
    assert.deepStrictEqual(engines[2].packs(), engines[0].packs());
    // And the pack is what answers: the built-in tables say otherwise.
    const spend = { brand: "e_home", annualSpend: "1000.01" };
    assert.equal(api.tier(spend).tier, "none");
    assert.deepEqual([engines[2].tier(spend).tier, engines[2].tier(spend).pack], ["silver", { name: "sample-province", version: "1.0" }]);
    assert.deepEqual(engines[0].tiers(["family_plus", "e_home", "tianyi"], [5000, 1000.01, 1], { errors: "null" }), ["diamond", "silver", null]);
    assert.throws(() => api.tiers("family_plus", [5000]), (e) => e.kind === "unknown_brand");
    assert.equal(engines[0].rules("SAMPLE.BILLING.REFUND").words, "退费7天内到账");
  });

  test(`${name}: engines: TOML packs are checked by the core as JSON packs are`, () => {
    const toml = specFile("packs/sample-province.toml");
    // Not TOML: refused as the core refuses it, with the one problem at `pack`.
    for (const bad of ["name = ", "a = 1\na = 2", "big = 9223372036854775808"]) {
      assert.throws(
        () => new api.Engine({ pack: bad }),
        (e) => e instanceof api.GuifanError && e.kind === "invalid_input" && e.field === "pack" && e.value === "TOML" && e.problems.length === 1 && /not valid TOML/.test(e.message),
        bad,
      );
    }
    assert.throws(() => new api.Engine({ pack: [specFile("packs/sample-province.json"), "x = ["] }), (e) => e.field === "pack" && e.value === "TOML");
    // What the pack says is the core's to check, with the same paths as for JSON.
    const broken = toml.replace('install_after_hours = 48', "install_after_hours = -1").replace("clock = \"working_days\"", "clock = \"weeks\"");
    assert.notEqual(broken, toml);
    const json = JSON.parse(specFile("packs/sample-province.json"));
    json.visit.install_after_hours = -1;
    json.sla[json.sla.findIndex((r) => r.clock === "working_days")].clock = "weeks";
    const refusal = (pack) => {
      try {
        new api.Engine({ pack });
      } catch (e) {
        return [e.kind, e.field, e.value, e.problems];
      }
    };
    assert.deepStrictEqual(refusal(broken), refusal(json));
    assert.ok(refusal(broken)[3].length >= 2);
    // A float where the pack wants a whole number is refused as the core's TOML reader refuses
    // it (the float as Rust writes it: 48.0), and a time literal is a time with seconds.
    const floats = refusal(toml.replace("install_after_hours = 48", "install_after_hours = 48.0"));
    assert.deepStrictEqual(floats.slice(0, 3), ["invalid_input", "visit.install_after_hours", "48.0"]);
    const time = refusal(toml.replace('open = "09:00"', "open = 09:00:00"));
    assert.deepStrictEqual(time.slice(0, 3), ["invalid_input", "office_hours.open", "09:00:00"]);
  });

  test(`${name}: engines: a 2027 calendar answers what the built-in one cannot`, () => {
    const complaint = { rule: "SLA.COMPLAINT.ORDINARY", start: "2026-12-30T10:00" };
    assert.throws(() => api.deadline(complaint), (e) => e.kind === "calendar_year_unknown" && e.value === "2027");
    const doc = specFile("calendars/2027-sample.json");
    for (const calendar of [doc, JSON.parse(doc), [doc]]) {
      const engine = new api.Engine({ calendar });
      // 31 Dec, then 4 and 5 Jan: 1–3 Jan 2027 are the sample's New Year holiday.
      assert.equal(engine.deadline(complaint).due, "2027-01-06T00:00:00+08:00");
      assert.deepEqual(engine.knownYears().slice(-2), [2026, 2027]);
      assert.deepEqual(engine.deadlines([complaint.start, null], { rule: complaint.rule }), ["2027-01-06T00:00:00+08:00", null]);
    }
    // Engines never change the module-level functions, nor they the engines.
    assert.throws(() => api.deadline(complaint), (e) => e.kind === "calendar_year_unknown");
    const engine = new api.Engine();
    try {
      api.loadCalendar(doc);
      assert.equal(api.deadline(complaint).due, "2027-01-06T00:00:00+08:00");
      assert.throws(() => engine.deadline(complaint), (e) => e.kind === "calendar_year_unknown");
    } finally {
      api.resetCalendar();
    }
  });

  test(`${name}: engines: unknown years answered provisionally on request, and flagged`, () => {
    const complaint = { rule: "SLA.COMPLAINT.ORDINARY", start: "2026-12-29T10:00" };
    // Without the option: an error that says how to go on in JavaScript.
    assert.throws(
      () => api.deadline(complaint),
      (e) => e.kind === "calendar_year_unknown" && e.field === "start" && e.value === "2027" && /new Engine\(\{ calendar \}\)/.test(e.message) && /provisional: true/.test(e.message) && /calendarFromNotice/.test(e.message),
    );
    assert.throws(() => new api.Engine({ provisional: "yes" }), (e) => e instanceof api.GuifanError && e.kind === "invalid_input" && e.field === "provisional");
    const engine = new api.Engine({ provisional: true });
    // 30, 31 Dec; 1 Jan 2027 元旦, 2–3 Jan a weekend; 4 Jan: due at its end.
    assert.deepEqual(engine.deadline(complaint), {
      ...engine.deadline(complaint),
      due: "2027-01-05T00:00:00+08:00",
      provisional: true,
      provisionalYears: [2027],
    });
    const day = engine.calendarDay("2027-01-01");
    assert.deepEqual([day.workingDay, day.holidayName, day.provisional, day.provisionalYears], [false, "new_years_day", true, [2027]]);
    // A published year is answered as ever, without the flag.
    assert.deepEqual(engine.calendarDay("2026-10-01"), api.calendarDay("2026-10-01"));
    assert.equal(engine.deadline({ ...complaint, start: "2026-09-01T10:00" }).provisional, undefined);
    assert.equal(engine.knownYears().at(-1), 2026);
    assert.deepEqual(engine.deadlines([complaint.start], { rule: complaint.rule }), ["2027-01-05T00:00:00+08:00"]);
    assert.match(JSON.stringify(engine.explain("deadline", complaint)), /INTERP.PROVISIONAL/);
    // The published schedule, once loaded, replaces the provisional days.
    const loaded = new api.Engine({ provisional: true, calendar: specFile("calendars/2027-sample.json") });
    assert.equal(loaded.deadline(complaint).provisional, undefined);
  });

  test(`${name}: calendarFromNotice reads the State Council's notice into a calendar document`, () => {
    const doc = api.calendarFromNotice(specFile("notices/2026.txt"));
    assert.match(doc.years["2026"].source, /^国务院办公厅关于2026年部分节假日安排的通知/);
    assert.deepEqual(doc.years["2026"].makeup_workdays[0], { date: "2026-01-04", for: "new_years_day" });
    // Accepted as it is, as an object or its JSON text, and the same as the built-in 2026.
    for (const calendar of [doc, JSON.stringify(doc)]) {
      const engine = new api.Engine({ calendar });
      for (let d = new Date(Date.UTC(2026, 0, 1)); d.getUTCFullYear() === 2026; d.setUTCDate(d.getUTCDate() + 1)) {
        const date = d.toISOString().slice(0, 10);
        assert.deepEqual(engine.calendarDay(date), api.calendarDay(date), date);
      }
    }
    // A supplementary notice goes after its year's.
    const extended = api.calendarFromNotice([specFile("notices/2020.txt"), specFile("notices/2020-extension.txt")]);
    const engine = new api.Engine({ calendar: extended });
    assert.equal(engine.isWorkingDay("2020-01-31"), false);
    assert.equal(engine.countWorkingDays("2020-01-01", "2020-12-31"), api.countWorkingDays("2020-01-01", "2020-12-31"));
    // A text that disagrees with itself is refused, with every problem and its line.
    const cut = specFile("notices/2026.txt").split("\n").slice(0, 6).join("\n");
    assert.throws(
      () => api.calendarFromNotice(cut),
      (e) => e instanceof api.GuifanError && e.kind === "invalid_input" && typeof e.field === "string" && e.value !== null && e.problems.length >= 1,
    );
    const twice = specFile("notices/2026.txt").replace("共3天", "共4天");
    assert.throws(() => api.calendarFromNotice(twice), (e) => e.kind === "invalid_input" && e.problems.some((p) => /line \d+/.test(p.field)));
    assert.throws(() => api.calendarFromNotice([specFile("notices/2026.txt"), cut]), (e) => e.kind === "invalid_input" && e.problems.every((p) => p.field.startsWith("notices[1]")));
    assert.throws(() => api.calendarFromNotice(42), (e) => e.kind === "invalid_input" && e.field === "text");
    assert.throws(() => api.calendarFromNotice([]), (e) => e.kind === "invalid_input");
  });

  test(`${name}: what the calendar knows: sources and the year ahead`, () => {
    const sources = api.calendarSources();
    assert.deepEqual(sources.map((s) => s.year), api.knownYears());
    assert.match(sources.at(-1).sources[0], /^国务院办公厅关于2026年部分节假日安排的通知/);
    assert.deepEqual(api.unknownYearAhead("2026-12-02"), { year: 2027, daysUntil: 30 });
    // A Date counts by its Beijing day: 16:00 UTC on 1 Dec is 2 Dec in Beijing.
    assert.deepEqual(api.unknownYearAhead(new Date("2026-12-01T16:00:00Z")), { year: 2027, daysUntil: 30 });
    assert.equal(api.unknownYearAhead("2026-11-01"), null);
    assert.deepEqual(api.unknownYearAhead("2027-03-01"), { year: 2027, daysUntil: -59 });
    assert.throws(() => api.unknownYearAhead("1 Dec"), (e) => e.kind === "invalid_input" && e.field === "today");
    const engine = new api.Engine({ calendar: specFile("calendars/2027-sample.json") });
    assert.equal(engine.unknownYearAhead("2026-12-02"), null);
    assert.equal(engine.calendarSources().at(-1).year, 2027);
  });

  test(`${name}: engines: a calendar layer closes and opens days`, () => {
    const layer = specFile("calendars/company-layer-sample.json");
    const engine = new api.Engine({ calendar: [specFile("calendars/2027-sample.json"), layer] });
    assert.equal(api.isWorkingDay("2025-12-31"), true);
    assert.deepEqual(
      [engine.isWorkingDay("2025-12-31"), engine.calendarDay("2025-12-31").holidayName, engine.isWorkingDay("2025-10-08")],
      [false, "company_closure", true],
    );
    assert.equal(engine.countWorkingDays("2025-01-01", "2025-12-31"), api.countWorkingDays("2025-01-01", "2025-12-31"));
    assert.deepEqual(engine.knownYears().slice(-1), [2027]);
    // A layer needs its year's national schedule; a bad calendar is refused with its path.
    assert.throws(
      () => new api.Engine({ calendar: { overlay: "x", years: { 2030: { holidays: [] } } } }),
      (e) => e instanceof api.GuifanError && e.kind === "invalid_input" && e.field === "years.2030",
    );
    // Every problem of a calendar document is listed, the first one heading the error.
    assert.throws(
      () => new api.Engine({ calendar: [layer, { years: { 2027: { makeup_workdays: [{ date: "2027-01-04", for: "x" }] } } }] }),
      (e) =>
        e.kind === "invalid_input" &&
        e.field === "years.2027.holidays" &&
        e.problems.map((p) => p.field).join(" ") ===
          "years.2027.holidays years.2027.makeup_workdays[0].date years.2027.makeup_workdays[0].for",
    );
  });

  test(`${name}: engines: an invalid pack is refused with every problem's path`, () => {
    const pack = JSON.parse(specFile("packs/sample-province.json"));
    pack.tiers.personal.e_home.bands[1].min = "> 2100";
    pack.sla[0].clock = "fortnights";
    pack.sla[1].amount = -3;
    pack.notify.blocked.west[0].to = "22:00";
    const paths = ["tiers.personal.e_home.bands[1].min", "sla[0].clock", "sla[1].amount", "notify.blocked.west[0].to"];
    for (const form of [pack, JSON.stringify(pack), [JSON.parse(specFile("packs/sample-province.json")), pack]]) {
      try {
        new api.Engine({ pack: form });
        assert.fail("no error");
      } catch (e) {
        assert.ok(e instanceof api.GuifanError, String(e));
        assert.deepEqual([e.kind, e.field, e.value], ["invalid_input", paths[0], "> 2100"]);
        assert.deepEqual(e.problems.map((p) => p.field), paths);
        assert.deepEqual(e.problems.map((p) => p.value), ["> 2100", "fortnights", "-3", "22:00"]);
        assert.ok(e.problems.every((p) => p.message.includes(p.field)));
        assert.match(e.message, /4 problem/);
      }
    }
    assert.throws(
      () => new api.Engine({ pack: "name = " }),
      (e) => e.kind === "invalid_input" && e.field === "pack" && e.value === "TOML" && e.problems.length === 1,
    );
    assert.throws(() => new api.Engine({ pack: [pack.tiers] }), (e) => e.kind === "invalid_input" && e.problems.length > 0);
    assert.throws(() => new api.Engine({ pack: { name: "x", version: 1n ** 99n, effective_from: new Date(Number.NaN) } }), (e) => e.kind === "invalid_input" && e.field === "pack.effective_from");
  });

  test(`${name}: engines: packs answer by effective date`, () => {
    const builtin = specFile("../crates/guifan-core/data/pack-builtin.json");
    const sample = specFile("packs/sample-province.json");
    const engine = new api.Engine({ pack: [sample, builtin] });
    assert.deepEqual(
      engine.packs().map((p) => [p.name, p.version, p.effectiveFrom]),
      [["guifan-builtin", "2026.1", null], ["sample-province", "1.0", "2025-01-01"]],
    );
    assert.deepEqual(api.packs().map((p) => p.name), ["guifan-builtin"]);
    const complaint = (start) => engine.deadline({ rule: "SLA.COMPLAINT.ORDINARY", start });
    // 3 working days before 1 January 2025, 5 from then on (Beijing dates of the start).
    assert.deepEqual([complaint("2024-12-31T10:00").due, complaint("2024-12-31T10:00").pack.name], ["2025-01-07T00:00:00+08:00", "guifan-builtin"]);
    assert.deepEqual([complaint("2024-12-31T16:00:00Z").due, complaint("2024-12-31T16:00:00Z").pack.name], ["2025-01-09T00:00:00+08:00", "sample-province"]);
    const starts = ["2024-12-31T10:00", "2024-12-31T16:00:00Z", "2025-01-02T10:00"];
    assert.deepEqual(engine.deadlines(starts, { rule: "SLA.COMPLAINT.ORDINARY" }), starts.map((s) => complaint(s).due));
    const spend = (asOf) => engine.tier({ brand: "e_home", annualSpend: 1050, asOf });
    assert.deepEqual([spend("2024-12-31").tier, spend("2025-01-01").tier, spend().tier], ["none", "silver", "silver"]);
    assert.equal(engine.rules("SLA.COMPLAINT.ORDINARY", { asOf: "2024-12-31" }).params.amount, "3");
    assert.equal(engine.rules("SLA.COMPLAINT.ORDINARY").params.amount, "5");
    assert.equal(engine.rules(undefined, { asOf: "2024-06-01" }).length, api.rules().length);
    // With only the sample pack, nothing is in force before its first day.
    const only = new api.Engine({ pack: sample });
    assert.throws(() => only.deadline({ rule: "SLA.COMPLAINT.ORDINARY", start: "2024-12-31T10:00" }), (e) => e.kind === "invalid_input" && e.field === "start" && e.value === "2024-12-31");
    assert.throws(() => new api.Engine({ pack: [sample, sample] }), (e) => e.kind === "invalid_input" && e.field === "effective_from");
  });

  test(`${name}: engines: per-row batch columns answer as single calls do`, () => {
    const engine = new api.Engine({ pack: specFile("packs/sample-province.json") });
    const rules = ["SLA.FAULT.ORDINARY", "SAMPLE.BILLING.REFUND", null, "SLA.FAULT.ORDINARY", "SLA.NOPE", "SLA.COMPLAINT.BRAND", "SLA.FAULT.BRAND"];
    const areas = ["rural", "urban", "rural", null, "urban", "rural", "rural"];
    const starts = ["2025-03-03T09:00", "2025-03-03T09:00", "2025-03-03T09:00", null, "2025-03-03T09:00", "2025-09-30T10:00", "2025-03-03T23:00"];
    const single = (i) => {
      if (rules[i] === null || starts[i] === null) return null;
      try {
        return engine.deadline({ rule: rules[i], area: areas[i] ?? undefined, start: starts[i] }).due;
      } catch {
        return null;
      }
    };
    const due = engine.deadlines(starts, { rule: rules, area: areas, errors: "null" });
    assert.deepEqual(due, starts.map((_, i) => single(i)));
    assert.equal(due[0], "2025-03-04T21:00:00+08:00"); // rural 36 clock hours in this pack
    assert.throws(() => engine.deadlines(starts, { rule: rules, area: areas }), (e) => e.kind === "unknown_rule" && e.row === 4);
    const clocks = ["clock_hours", "working_days", "clock_hours", "calendar_days"];
    const amounts = [4, 2, 4, null];
    const free = engine.deadlines(starts.slice(0, 4).fill("2025-09-30T10:00"), { clock: clocks, amount: amounts });
    assert.deepEqual(free, ["2025-09-30T14:00:00+08:00", "2025-10-11T00:00:00+08:00", "2025-09-30T14:00:00+08:00", null]);
    assert.throws(() => engine.deadlines(["2025-09-30T10:00"], { clock: ["same_day_cutoff"], amount: 1 }), (e) => e.kind === "invalid_input" && e.field === "clock[0]");
    // Bad values are named by the first row holding them; lengths must match.
    const field = (options) => {
      try {
        engine.deadlines(starts.slice(0, 3), options);
      } catch (e) {
        return [e.kind, e.field];
      }
    };
    assert.deepEqual(field({ rule: rules.slice(0, 3), area: ["urban", "suburb", "suburb"] }), ["invalid_input", "area[1]"]);
    assert.deepEqual(field({ rule: rules.slice(0, 3), area: ["urban"] }), ["invalid_input", "area"]);
    // The core holds each per-row field's length against the rows, shorter or longer.
    for (const [options, name, given] of [
      [{ rule: rules.slice(0, 3), area: ["urban"] }, "area", 1],
      [{ rule: rules.slice(0, 4) }, "rule", 4],
      [{ clock: "clock_hours", amount: new Float64Array([1, 2]) }, "amount", 2],
    ]) {
      assert.throws(
        () => engine.deadlines(starts.slice(0, 3), options),
        (e) => e.kind === "invalid_input" && e.field === name && e.value === `${given} values` && /expected 3, one per row/.test(e.message),
      );
    }
    assert.throws(() => engine.tiers(["e_home", "e_home"], [1, 2, 3]), (e) => e.field === "kindOrBrand" && e.value === "2 values");
    // Rule or clock is the core's policy (batch::Given), as in Python and Spark.
    assert.deepEqual(field({ clock: "clock_hours", amount: 4, area: "rural" }), ["invalid_input", "area"]);
    assert.deepEqual(field({ rule: "SLA.FAULT.CONTACT", amount: 4 }), ["invalid_input", "amount"]);
    assert.deepEqual(field({ clock: "clock_hours" }), ["invalid_input", "amount"]);
    assert.deepEqual(field({ rule: "SLA.FAULT.CONTACT", clock: "clock_hours", amount: 4 }), ["invalid_input", "clock"]);
    assert.deepEqual(field({}), ["invalid_input", "rule"]);
    // So is the errors option: raise or null, nothing else taken for either.
    assert.deepEqual(field({ rule: "SLA.FAULT.CONTACT", errors: "ignore" }), ["invalid_input", "errors"]);
    assert.throws(() => engine.tiers("e_home", [1], { errors: null }), (e) => e.kind === "invalid_input" && e.field === "errors" && e.value === "null");
    assert.deepEqual(engine.tiers("e_home", [1, "x"], { errors: "null" }), ["none", null]);
    assert.deepEqual(field({ clock: "clock_hours", amount: [1, 2.5, 2.5] }), ["invalid_input", "amount[1]"]);
    assert.deepEqual(field({ clock: "clock_hours", amount: [1, Number.NaN, 2] }), ["invalid_input", "amount[1]"]);
    assert.deepEqual(field({ clock: "clock_hours", amount: new Float64Array([1, 2, 3]) }), undefined);
    assert.deepEqual(field({ rule: 7 }), ["invalid_input", "rule"]);
    assert.deepEqual(engine.deadlines([], { rule: [], area: [] }), []);
  });

  test(`${name}: engines: free() releases one, and later calls throw`, () => {
    const engine = new api.Engine({ calendar: specFile("calendars/2027-sample.json") });
    assert.equal(engine.isWorkingDay("2027-01-04"), true);
    const complaint = { rule: "SLA.COMPLAINT.ORDINARY", start: new Date("2026-12-30T10:00:00+08:00") };
    for (let i = 0; i < 2; i++) assert.equal(engine.deadline(complaint).due, "2027-01-06T00:00:00+08:00");
    engine.free();
    engine.free();
    assert.throws(() => engine.isWorkingDay("2027-01-04"), TypeError);
    assert.throws(() => engine.deadline(complaint), TypeError);
    assert.equal(api.isWorkingDay("2025-10-11"), true);
  });

  test(`${name}: the points ledger`, () => {
    const ledger = new api.PointsLedger("C1");
    ledger.merge([
      { accountId: "mobile", customerId: "C1", lots: [{ id: "p", points: 100, earnedOn: "2025-01-10", expiresOn: "2025-03-31", kind: "promotional" }] },
      { accountId: "home", customerId: "C1", lots: [{ id: "r", points: 50, earnedOn: "2025-02-01" }] },
    ]);
    assert.equal(ledger.customerId, "C1");
    assert.deepEqual(ledger.redeem("2025-03-01", 120), { consumed: [{ id: "p", points: 100 }, { id: "r", points: 20 }], remaining: 30 });
    assert.throws(() => ledger.redeem("2025-03-02", 31), (e) => e.kind === "insufficient_points");
    assert.throws(() => ledger.redeem("2025-03-02", 1, { frozen: true }), (e) => e.kind === "points_frozen");
    assert.deepEqual(ledger.balance("2025-03-02"), { total: 30, expired: 0, order: ["r"] });
    assert.deepEqual(ledger.history("2025-03-01", "2025-03-01").map((c) => c.what), ["redeemed", "redeemed"]);
    assert.throws(() => ledger.merge([{ accountId: "x", customerId: "C2", lots: [] }]), (e) => e.kind === "customer_mismatch");
  });
}

/** The TOML reader of the packages (`toml.js` in dist/) against what the core's own TOML reader
 * makes of the same text: the sample pack's TOML form is its JSON form, and floats, dates and
 * times come out as the core writes them (the values `guifan pack` reports for them). */
export function runTomlSuite(tomlToJson, name) {
  test(`${name}: TOML packs convert to the JSON the core's TOML reader makes`, () => {
    const { json, error } = tomlToJson(specFile("packs/sample-province.toml"));
    assert.equal(error, undefined);
    assert.deepStrictEqual(JSON.parse(json), JSON.parse(specFile("packs/sample-province.json")));
    const value = (toml) => tomlToJson(`v = ${toml}`).json?.slice('{"v":'.length, -1) ?? tomlToJson(`v = ${toml}`).error;
    const core = {
      "48": "48",
      "48.0": "48.0",
      "3e2": "300.0",
      "1e21": "1e+21",
      "1e16": "1e+16",
      "123456789012345678.0": "1.2345678901234568e+17",
      "1.5e-7": "1.5e-7",
      "0.001": "0.001",
      "1e-5": "0.00001",
      "0.1": "0.1",
      "3359.99": "3359.99",
      "-0.0": "-0.0",
      "0.0": "0.0",
      "-1.5": "-1.5",
      "12345.678e3": "12345678.0",
      "9007199254740993.0": "9007199254740992.0",
      "9007199254740993": "9007199254740993",
      "-9223372036854775808": "-9223372036854775808",
      "5e-324": "5e-324",
      "1.7976931348623157e308": "1.7976931348623157e+308",
      "0x10": "16",
      "2025-01-01": '"2025-01-01"',
      "2025-01-01T10:00:00+05:30": '"2025-01-01T10:00:00+05:30"',
      "2025-01-01T10:00:00Z": '"2025-01-01T10:00:00Z"',
      "2025-01-01 10:00:00.5": '"2025-01-01T10:00:00.5"',
      "09:00:00": '"09:00:00"',
      "true": "true",
      '"a\\"b"': '"a\\"b"',
    };
    for (const [toml, want] of Object.entries(core)) assert.equal(value(toml), want, toml);
    // What the core's reader refuses, or would read as null: refused.
    for (const toml of ["9223372036854775808", "1e400", "inf", "nan", "", "[1,"]) assert.match(value(toml), /./, toml);
    for (const toml of ["9223372036854775808", "1e400", "inf", "nan"]) assert.equal(tomlToJson(`v = ${toml}`).json, undefined, toml);
  });
}

/** A real panic (or, with `trap`, a WebAssembly trap) in the native layer through the package:
 * an `internal` GuifanError. The napi addon `survives` it; after one, the WebAssembly module
 * refuses every call with the same error (`evaluate` answers it as data). One per process: a
 * module that trapped stays so. */
export function runPanicTest(api, name, { trap = false, survives }) {
  test(`${name}: a ${trap ? "trap" : "panic"} is an internal error${survives ? "" : ", and then every call is refused"}`, () => {
    const spend = { brand: "e_home", annualSpend: 3360 };
    const engine = new api.Engine();
    assert.equal(engine.tier(spend).tier, "diamond");
    assert.throws(
      () => api._panicForTests("a panic for tests", { trap }),
      (e) =>
        e instanceof api.GuifanError &&
        e.kind === "internal" &&
        e.field === null &&
        e.value === null &&
        e.message.startsWith("a bug in guifan: ") &&
        (trap ? /RuntimeError: unreachable/ : /a panic for tests/).test(e.message),
    );
    const calls = [
      () => api.tier(spend).tier,
      () => engine.tier(spend).tier,
      () => new api.Engine().isWorkingDay("2025-10-11"),
      () => new api.PointsLedger("C").customerId,
      () => api.knownYears().length,
      () => api.deadlines(["2025-09-30T10:00"], { rule: "SLA.COMPLAINT.ORDINARY" })[0],
    ];
    const request = { op: "dunning", input: { arrears_count: 1 } };
    if (survives) {
      assert.deepEqual(calls.map((call) => call()), ["diamond", "diamond", true, "C", 23, "2025-10-12T00:00:00+08:00"]);
      assert.equal(typeof api.evaluate(request).voice_allowed, "boolean");
      return;
    }
    const refused = [];
    for (const call of calls) {
      assert.throws(call, (e) => {
        refused.push(e);
        return e instanceof api.GuifanError && e.kind === "internal" && /trapped earlier .*; reload it$/.test(e.message);
      });
    }
    assert.ok(refused.every((e) => e === refused[0]), "the same error every time");
    assert.deepEqual(api.evaluate(request).error, { kind: "internal", message: refused[0].message, field: null, value: null });
    engine.free();
  });
}

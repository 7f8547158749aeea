// The JavaScript API of guifan, shared word for word by `guifan` (WebAssembly) and
// `@guifan/node` (napi): each package's build places this file next to its own `native.js`.
//
// Conversion only. Options arrive in camelCase with JS types (Date, number, bigint, string) and
// leave as the JSON text of the contract (VECTORS.md), written here so that every number is its
// shortest decimal string and read exactly by the core; answers come back as JSON text and are
// camelCased. Every rule is computed by guifan-core, on an `Engine`: rule packs and a calendar.

import { day, GuifanError } from "./shared.js";
import * as native from "./native.js";

/** The TOML pack reader (toml.js with smol-toml), loaded on demand by `Engine.create`: a page that
 * gives no TOML pack never downloads it. */
let toml = null;
const loadToml = async () => (toml ??= await import("./toml.js"));
const isToml = (document) => typeof document === "string" && !document.trimStart().startsWith("{");

export { GuifanError };

const invalid = (field, value, why, row) =>
  new GuifanError("invalid_input", `invalid ${field}: ${value} (${why})`, { field, value: String(value), row });

/** Once the WebAssembly module has panicked or trapped, the error every later call throws: the
 * module's state can no longer be trusted. (The native addon catches panics and goes on.) */
let broken = null;

/** How to go on from a `calendar_year_unknown` error in JavaScript. */
const UNKNOWN_YEAR_HINT =
  " (load the year's schedule with new Engine({ calendar }), calendarFromNotice(text) reads it from the State Council's notice;" +
  " or answer it provisionally from the statutory holidays with new Engine({ provisional: true }))";

/** Runs a native call; what it throws becomes a GuifanError: the error of the contract its JSON
 * text holds, or, for anything else (a panic, a trap), an `internal` error: a bug in guifan. */
function guarded(f) {
  if (broken) throw broken;
  // An entry that loads the module on request (`guifan/manual`) refuses calls before it has.
  native.checkLoaded();
  try {
    return f();
  } catch (thrown) {
    const text = typeof thrown === "string" ? thrown : String(thrown?.message ?? thrown);
    let body;
    try {
      body = JSON.parse(text)?.error;
    } catch {}
    if (typeof body?.kind === "string") {
      const { kind, message, field, value, row, problems } = body;
      throw new GuifanError(kind, kind === "calendar_year_unknown" ? `${message}${UNKNOWN_YEAR_HINT}` : message, { field: field ?? null, value: value ?? null, row, problems });
    }
    // A panic's message, or a trap's (`RuntimeError: unreachable`).
    const what = thrown instanceof Error && thrown.name !== "Error" ? `${thrown.name}: ${text}` : text;
    if (native.trapsOnPanic) broken = new GuifanError("internal", `a bug in guifan: the WebAssembly module trapped earlier (${what}); reload it`);
    throw new GuifanError("internal", `a bug in guifan: ${what}`);
  }
}

/** An error as `evaluate` answers it: as data. */
const asData = ({ kind, message, field, value, problems }) => ({ error: { kind, message, field, value, ...(problems && { problems }) } });

/** Plain data: an object of the Object prototype or of none (`Object.create(null)`). */
const isPlainObject = (v) => {
  if (v === null || typeof v !== "object") return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

const join = (path, key) => (path ? `${path}.${key}` : key);
const scalar = (v) => v === null || v === undefined || typeof v === "string" || typeof v === "boolean" || Number.isFinite(v);

/** Deeper than this, a value is refused (the core refuses far less deep JSON; this keeps the
 * JavaScript stack safe). */
const MAX_DEPTH = 1000;

/** The contract's JSON text of a JS value: exact numbers, Dates as instants, undefined dropped.
 * `path` names the value in errors, as the core names fields (`customer.annual_spend`); a value
 * that cannot be read (a getter or a Proxy that throws) or that contains itself is refused
 * there. `within` holds the objects being written, outermost first. */
function encode(value, path, within = new Set()) {
  switch (typeof value) {
    case "number":
      if (!Number.isFinite(value)) throw invalid(path, value, "expected a finite number");
      return JSON.stringify(value);
    case "bigint":
      return value.toString();
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "object":
      if (value === null) return "null";
      if (within.has(value)) throw invalid(path || "input", "a cyclic value", "it contains itself");
      if (within.size >= MAX_DEPTH) throw invalid(path || "input", "nested value", "nested too deeply");
      within.add(value);
      try {
        return encodeObject(value, path, within);
      } catch (e) {
        if (e instanceof GuifanError) throw e;
        throw invalid(path || "input", "an unreadable value", `reading it threw ${e}`);
      } finally {
        within.delete(value);
      }
  }
  throw invalid(path, typeof value, "not a JSON value");
}

function encodeObject(value, path, within) {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw invalid(path, value, "an invalid Date");
    return JSON.stringify(value.toISOString());
  }
  if (Array.isArray(value)) {
    // Strings, booleans, finite numbers and nulls are written by JSON.stringify alike, at once.
    if (value.every(scalar)) return JSON.stringify(value);
    return `[${value.map((v, i) => encode(v ?? null, `${path}[${i}]`, within)).join(",")}]`;
  }
  if (!isPlainObject(value)) throw invalid(path, typeof value, "not a JSON value");
  const parts = [];
  for (const k of Object.keys(value)) {
    const v = read(value, k, join(path, k));
    if (v !== undefined) parts.push(`${JSON.stringify(k)}:${encode(v, join(path, k), within)}`);
  }
  return `{${parts.join(",")}}`;
}

/** A property, or a GuifanError naming it when reading it throws. */
function read(object, key, path) {
  try {
    return object[key];
  } catch (e) {
    throw invalid(path, "an unreadable value", `reading it threw ${e}`);
  }
}

const text = (value, path = "") => encode(value, path);

/** A typed call's options converted by `f`; options that cannot be read (a getter or a Proxy
 * that throws) are a GuifanError. */
function converted(f) {
  try {
    return f();
  } catch (e) {
    if (e instanceof GuifanError) throw e;
    throw invalid("input", "an unreadable value", `reading it threw ${e}`);
  }
}

const camel = (s) => s.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
const snake = (s) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Object keys renamed recursively (values untouched; a value inside itself is left as it is,
 * for `encode` to refuse). */
function rekey(value, rename, within = new Set()) {
  return walk(value, within, (k, v) => [rename(k), rekey(v, rename, within)]);
}

/** A copy of plain objects and arrays with each entry mapped by `entry(key, value)` (arrays by
 * value), for the conversions above; a value inside itself is left as it is. */
function walk(value, within, entry) {
  const array = Array.isArray(value);
  if ((!array && !isPlainObject(value)) || within.has(value)) return value;
  within.add(value);
  try {
    if (array) return value.map((v, i) => entry(String(i), v)[1]);
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      const [key, mapped] = entry(k, v);
      out[key] = mapped;
    }
    return out;
  } finally {
    within.delete(value);
  }
}

const DATE_FIELDS = new Set(["as_of", "arrears_since", "card_expires_on", "earned_on", "expires_on", "subscribed_on", "date", "from", "to"]);

/** camelCase options with Dates to the contract's snake_case input. */
function input(options) {
  return rekeyDates(rekey(options ?? {}, snake));
}

function rekeyDates(value, within = new Set()) {
  return walk(value, within, (k, v) => [k, DATE_FIELDS.has(k) ? day(v) : rekeyDates(v, within)]);
}

/** camelCase options of an op whose times are all instants (a ticket's `as_of`, a pause's
 * `from` and `to`): Dates go as instants, not as days. */
const instants = (options) => rekey(options ?? {}, snake);

function tierInput({ kind, brand, annualSpend, annualRevenue, rank, package: pkg, ratingYear, ...rest } = {}) {
  const customer = { kind: kind ?? "personal", brand, annual_spend: annualSpend, annual_revenue: annualRevenue, rank };
  return { ...input(rest), customer: input(customer), package: pkg && input(pkg), rating_year: ratingYear };
}

// Each typed method (and module-level function): its op, how its arguments become the
// contract's input, and the part of the answer it returns (the whole answer without one).
// `explain(name, ...args)` takes the same names.
const OPS = {
  tier: ["tier", (options) => tierInput(options)],
  review: ["review", ({ current, ...rest } = {}) => ({ ...input(rest), current: tierInput(current) })],
  status: ["status", (options) => input(options)],
  deadline: ["deadline", (options) => instants(options)],
  // `done` is keyed by rule id: its keys are not renamed.
  ticket: ["ticket", ({ done, ...rest } = {}) => ({ ...instants(rest), done })],
  mergePoints: ["points.merge", (options) => input(options)],
  redeemPoints: ["points.redeem", (options) => input(options)],
  calendarDay: ["calendar.day", (date) => ({ date: day(date) })],
  isWorkingDay: ["calendar.day", (date) => ({ date: day(date) }), (out) => out.workingDay],
  addWorkingDays: ["calendar.add_working_days", (date, days) => ({ date: day(date), days }), (out) => out.date],
  countWorkingDays: ["calendar.count_working_days", (from, to) => ({ from: day(from), to: day(to) }), (out) => out.count],
  notifyWindow: ["notify", (at, region) => ({ at, region })],
  visit: ["visit", (options) => input(options)],
  cutover: ["cutover", (options) => input(options)],
  dunning: ["dunning", (arrearsCount) => ({ arrears_count: arrearsCount })],
  punctuality: ["punctuality", (options) => input(options)],
};

const camelAnswer = (json) => rekey(JSON.parse(json), camel);

/** Documents as the native layer takes them: text as it is (JSON), objects as JSON; one
 * document or an array of them. */
function documents(value, name, read = (d) => d) {
  if (value === undefined || value === null) return [];
  const many = Array.isArray(value);
  return (many ? value : [value]).map((d, i) => (typeof d === "string" ? read(d) : text(d, many ? `${name}[${i}]` : name)));
}

/** A pack's text as JSON: JSON text (it starts with `{`, as the core tells the two apart) as it
 * is, TOML text converted (toml.js); TOML that does not parse is refused as the core refuses it. */
function packJson(document) {
  if (!isToml(document)) return document;
  if (!toml) {
    const message = "a TOML pack needs the TOML reader, which is loaded on demand: build the engine with `await Engine.create({ pack })`, or give the pack as JSON (`guifan pack --json`)";
    throw new GuifanError("invalid_input", message, { field: "pack", value: "TOML" });
  }
  const { json, error } = toml.tomlToJson(document);
  if (json !== undefined) return json;
  const problem = { field: "pack", value: "TOML", message: `the pack is not valid TOML: ${error}` };
  throw new GuifanError("invalid_input", `invalid rule pack, 1 problem(s): ${problem.message}`, { ...problem, problems: [problem] });
}

/** The engine of the module-level functions (made on first use: an entry may load the module
 * on request), and how `loadCalendar` adds years to it. */
let defaults;
const builtin = () => (defaults ??= new Engine());
let loadIntoDefaults;
let runOnDefaults;

/** Rule packs and a working-day calendar; every call runs on one. Immutable once built. */
export class Engine {
  #native;
  /** `deadline`'s answer for each rule apart from its due instant (the clock and pack), from the
   * core's first answer, and the rule's native fast path (`deadlineRule`); null for a rule the
   * engine answers only the general way. The engine's pack and a rule's clock do not change. */
  #deadlineParts = new Map();
  /** The core's working days of the known years ({ first, days }, see `dayTable`), read once. */
  #days = null;

  /** `pack`: a pack document (object, JSON or TOML text) or an array of them, each in force
   * from its `effective_from` (default: the built-in pack). `calendar`: calendar documents
   * (object or JSON text, e.g. from `calendarFromNotice`), loaded in order on top of the
   * built-in calendar. `provisional`: years without a published schedule (2025–2100) are
   * answered from the statutory holidays, and every answer resting on one says so
   * (`provisional`, `provisionalYears`); without it they are a `calendar_year_unknown` error. */
  constructor({ pack, calendar, provisional = false } = {}) {
    if (typeof provisional !== "boolean") throw invalid("provisional", provisional, "expected true or false");
    const packs = documents(pack, "pack", packJson);
    const calendars = documents(calendar, "calendar");
    this.#native = guarded(() => new native.Engine(packs, calendars, provisional));
  }

  /** The same engine as `new Engine(options)`, once the TOML reader is loaded when a pack is
   * TOML text (a page that gives no TOML pack never loads it). */
  static async create(options = {}) {
    const pack = options?.pack;
    if ((Array.isArray(pack) ? pack : [pack]).some(isToml)) await loadToml();
    return new Engine(options);
  }

  get #engine() {
    if (!this.#native) throw new TypeError("guifan: this Engine was freed");
    return this.#native;
  }

  /** `f` on the native engine inside the error edge; the engine is taken first, so a freed one
   * is the caller's TypeError, not a guifan bug. */
  #call(f) {
    const engine = this.#engine;
    return guarded(() => f(engine));
  }

  #run(op, contractInput, explain = false) {
    const body = text(contractInput);
    return JSON.parse(this.#call((engine) => engine.call(op, body, explain)));
  }

  #answer(op, contractInput) {
    return rekey(this.#run(op, contractInput), camel);
  }

  /** One request of the JSON contract (VECTORS.md), as an object or JSON text; errors are
   * answered as data (`{error: {kind, message, field, value}}`), never thrown. */
  evaluate(request) {
    const engine = this.#engine;
    try {
      let body = request;
      if (typeof request !== "string") {
        const fields = isPlainObject(request) ? read(request, "input", "input") : undefined;
        if (isPlainObject(fields)) {
          // Fields are named inside `input`, as the core names them.
          const rest = { ...request, input: undefined };
          const head = text(rest, "request").slice(1, -1);
          body = `{${head}${head ? "," : ""}"input":${text(fields)}}`;
        } else {
          body = text(request ?? null, "request");
        }
      }
      return JSON.parse(guarded(() => engine.evaluate(body)));
    } catch (e) {
      return asData(e instanceof GuifanError ? e : invalid("request", "an unreadable value", `reading it threw ${e}`));
    }
  }

  /** The rules and steps behind a typed call: `explain("deadline", {rule, start})`. */
  explain(name, ...args) {
    const op = OPS[name];
    if (!op) throw invalid("function", name, `accepted: ${Object.keys(OPS).join(", ")}`);
    return rekey(this.#run(op[0], converted(() => op[1](...args)), true).explanation, camel);
  }

  /** The rule catalogue, or one rule with its clause, original words and parameters, as the
   * pack in force on `asOf` cites it (the latest pack without one). */
  rules(id, { asOf } = {}) {
    const answer = this.#answer("rules", { id, as_of: day(asOf) });
    return id === undefined ? answer.rules : answer;
  }

  /** The rule packs, in the order they take effect. */
  packs() {
    return camelAnswer(this.#call((engine) => engine.packs()));
  }

  /** The years whose working-day schedule is known. */
  knownYears() {
    return Array.from(this.#call((engine) => engine.knownYears()));
  }

  /** Each year whose schedule is known, with where it comes from: `[{ year, sources }]`. */
  calendarSources() {
    return JSON.parse(this.#call((engine) => engine.sources()));
  }

  /** The year without a known schedule to warn about on `today` (default: now, in Beijing):
   * this year when it is unknown, or next year when it starts within 60 days and is unknown,
   * as `{ year, daysUntil }`; null when there is none. */
  unknownYearAhead(today = new Date()) {
    const date = day(today);
    if (typeof date !== "string") throw invalid("today", date, "expected a Date or YYYY-MM-DD");
    return camelAnswer(this.#call((engine) => engine.unknownYearAhead(date)));
  }

  /** Due instants for many tickets in one call, each under the pack in force on its start.
   * `starts` is a Float64Array of epoch milliseconds (answered with a Float64Array, NaN for
   * null) or an array of Dates / ISO strings / nulls (answered with ISO strings at +08:00 or
   * null). `rule`, `area`, `clock`, `amount` are one value or an array per row; `errors: "null"`
   * answers a bad row with null instead of throwing. */
  deadlines(starts, { rule, area, clock, amount, errors = "raise" } = {}) {
    const typedIn = starts instanceof Float64Array;
    const ms = typedIn ? starts : Float64Array.from(starts, (v, i) => epochMs(v, i));
    const { spec, codes } = batchArgs({ rule, area, clock, amount }, ms.length);
    const due = this.#call((engine) => engine.deadlines(ms, spec, codes, errorsOption(errors)));
    if (typedIn) return due instanceof Float64Array ? due : Float64Array.from(due);
    return Array.from(due, (d) => (Number.isNaN(d) ? null : beijingIso(d)));
  }

  /** Tiers of many amounts in one call, on the latest pack: `kindOrBrand` is a brand of the
   * pack or `enterprise` (or an array per row); `amounts` numbers, decimal strings or nulls (or
   * a Float64Array, NaN for null). */
  tiers(kindOrBrand, amounts, { errors = "raise" } = {}) {
    const values = amounts instanceof Float64Array ? Array.from(amounts, (a) => (Number.isNaN(a) ? null : a)) : amounts;
    const amountsText = text(values, "amounts");
    const { spec, codes } = batchArgs({ kindOrBrand }, values.length, { single: true });
    return JSON.parse(this.#call((engine) => engine.tiers(spec, codes, amountsText, errorsOption(errors))));
  }

  /** `deadline({ rule, start })` with a rule id and a Date alone, its commonest shape: the due
   * instant from the core without JSON either way, the rest of the answer as the core gave it
   * for the rule before. Anything else, or anything the core does not answer this way (an error,
   * several packs, a provisional calendar), goes the general way. */
  #deadline(options) {
    // Options are read as the general way reads them: what throws is an invalid input.
    const common = converted(() => {
      if (!isPlainObject(options) || Object.keys(options).length !== 2) return null;
      const { rule, start } = options;
      return typeof rule === "string" && start instanceof Date ? { rule, ms: start.getTime() } : null;
    });
    const parts = common && this.#deadlineParts.get(common.rule);
    if (parts) {
      // The rule's fast path holds the engine: `free` and `loadCalendar` drop it.
      const due = guarded(() => native.dueMs(parts.rule, common.ms));
      if (!Number.isNaN(due)) return { clock: parts.clock, due: beijingIso(due), pack: { ...parts.pack }, rule: common.rule };
    }
    const answer = this.#answer("deadline", converted(() => instants(options)));
    if (common && !this.#deadlineParts.has(common.rule) && Object.keys(answer).join() === "clock,due,pack,rule") {
      const engine = this.#engine;
      const rule = guarded(() => engine.deadlineRule(common.rule));
      this.#deadlineParts.set(common.rule, rule ? { clock: answer.clock, pack: { ...answer.pack }, rule } : null);
    }
    return answer;
  }

  /** `isWorkingDay` of a known year's day, from the core's table of them (read once per engine);
   * other days, and dates that are not a Date or a real `YYYY-MM-DD`, ask the core. */
  #isWorkingDay(date) {
    const engine = this.#engine;
    if (broken) throw broken;
    const n = dayNumber(date);
    if (n !== undefined) {
      const table = (this.#days ??= guarded(() => ({ first: Date.UTC(engine.knownYears()[0], 0, 1) / DAY, days: engine.dayTable() })));
      const known = table.days[n - table.first];
      if (known === 0 || known === 1) return known === 1;
    }
    return this.#answer("calendar.day", converted(() => ({ date: day(date) }))).workingDay;
  }

  /** Releases the engine's memory now rather than when it is garbage-collected (WebAssembly;
   * a no-op for the native addon beyond dropping the reference). Later calls throw. */
  free() {
    // A module that trapped is left alone: its memory goes with it.
    if (!broken) {
      this.#native?.free?.();
      // The rules' fast paths share the engine's packs and calendar.
      for (const parts of this.#deadlineParts.values()) parts?.rule.free?.();
    }
    this.#deadlineParts.clear();
    this.#native = null;
  }

  static {
    // The typed methods, one per entry of OPS (their types and docs are in index.d.ts).
    for (const [name, [op, toInput, pick = (out) => out]] of Object.entries(OPS)) {
      Object.defineProperty(Engine.prototype, name, {
        value: function (...args) {
          return pick(this.#answer(op, converted(() => toInput(...args))));
        },
        writable: true,
        configurable: true,
      });
    }
    Engine.prototype.deadline = function (options) {
      return this.#deadline(options);
    };
    Engine.prototype.isWorkingDay = function (date) {
      return this.#isWorkingDay(date);
    };
    runOnDefaults = (op, contractInput) => builtin().#run(op, contractInput);
    loadIntoDefaults = (document) => {
      const defaults = builtin();
      const engine = defaults.#engine;
      const years = Array.from(guarded(() => engine.loadCalendar(document)));
      defaults.#days = null;
      // The rules' fast paths hold the calendar before.
      defaults.#deadlineParts.clear();
      return years;
    };
  }
}
if (Symbol.dispose) Engine.prototype[Symbol.dispose] = Engine.prototype.free;

const onDefaults = (name) => (...args) => builtin()[name](...args);

// The module-level functions: the methods of an engine on the built-in pack and calendar plus
// whatever `loadCalendar` added.
export const evaluate = (request) => {
  // Errors are data here, making the built-in engine's included (after a trap, say).
  try {
    builtin();
  } catch (e) {
    if (e instanceof GuifanError) return asData(e);
    throw e;
  }
  return defaults.evaluate(request);
};
export const tier = onDefaults("tier");
export const review = onDefaults("review");
export const status = onDefaults("status");
export const deadline = onDefaults("deadline");
export const ticket = onDefaults("ticket");
export const mergePoints = onDefaults("mergePoints");
export const redeemPoints = onDefaults("redeemPoints");
export const calendarDay = onDefaults("calendarDay");
export const isWorkingDay = onDefaults("isWorkingDay");
export const addWorkingDays = onDefaults("addWorkingDays");
export const countWorkingDays = onDefaults("countWorkingDays");
export const notifyWindow = onDefaults("notifyWindow");
export const visit = onDefaults("visit");
export const cutover = onDefaults("cutover");
export const dunning = onDefaults("dunning");
export const punctuality = onDefaults("punctuality");
export const explain = onDefaults("explain");
export const rules = onDefaults("rules");
export const packs = onDefaults("packs");
export const knownYears = onDefaults("knownYears");
export const calendarSources = onDefaults("calendarSources");
export const unknownYearAhead = onDefaults("unknownYearAhead");
export const deadlines = onDefaults("deadlines");
export const tiers = onDefaults("tiers");

/** Adds or replaces calendar years (e.g. 2027), or a layer (`overlay`), in the module-level
 * engine from a document in the built-in format, as an object or JSON text; returns the years
 * loaded. A document with a problem changes nothing. `Engine` values are not affected. */
export function loadCalendar(document) {
  return loadIntoDefaults(typeof document === "string" ? document : text(document, "calendar"));
}

/** The calendar document of one State Council notice on the holiday arrangements (its text as
 * published), or of several in the order they were published (a supplementary notice after its
 * year's): ready for `new Engine({ calendar })` and `loadCalendar` as it is. A text that
 * disagrees with itself is refused with every problem and its line (`invalid_input`, with `problems`). */
export function calendarFromNotice(text) {
  const texts = Array.isArray(text) ? text : [text];
  texts.forEach((t, i) => {
    if (typeof t !== "string") throw invalid(Array.isArray(text) ? `text[${i}]` : "text", typeof t, "expected the notice's text");
  });
  return runOnDefaults("calendar.from_notice", { text: texts });
}

/** A real panic in the native layer (a trap instead, with `trap`, in WebAssembly), for the tests
 * of what a bug in guifan looks like: not part of the API. */
export function _panicForTests(message, { trap = false } = {}) {
  return guarded(() => native._panicForTests(String(message), trap));
}

/** Back to the built-in official schedule (2004–2026) for the module-level functions. */
export function resetCalendar() {
  defaults = new Engine();
}

/** A customer's points over time: merged accounts, earned lots, redemptions and history. */
export class PointsLedger {
  #inner;
  constructor(customerId) {
    const id = String(customerId);
    this.#inner = guarded(() => new native.Ledger(id));
  }
  get customerId() {
    return guarded(() => this.#inner.customerId);
  }
  /** Merges accounts of the customer (POINTS.MERGE). */
  merge(accounts) {
    const body = text(converted(() => input(accounts)), "accounts");
    guarded(() => this.#inner.merge(body));
  }
  /** Adds earned lots. */
  earn(lots) {
    const body = text(converted(() => input(lots)), "lots");
    guarded(() => this.#inner.earn(body));
  }
  /** Spendable and expired points on a date. */
  balance(asOf) {
    return camelAnswer(guarded(() => this.#inner.balance(day(asOf))));
  }
  /** Redeems points on a date, soonest expiry first. */
  redeem(on, points, { frozen = false } = {}) {
    const amount = text(points, "points");
    return camelAnswer(guarded(() => this.#inner.redeem(day(on), amount, frozen)));
  }
  /** Every change between two dates, both included. */
  history(from, to) {
    return camelAnswer(guarded(() => this.#inner.history(day(from), day(to))));
  }
}

const HOUR = 3600_000;
const DAY = 86_400_000;

/** Days since 1970-01-01 of a valid Date's Beijing day or of a real `YYYY-MM-DD` date;
 * undefined for anything else (the core reads it, or refuses it with its own error). Plain
 * arithmetic: a Date object per call would cost more than the lookup it serves. */
function dayNumber(date) {
  if (date instanceof Date) {
    const ms = date.getTime();
    return Number.isNaN(ms) ? undefined : Math.floor((ms + 8 * HOUR) / DAY);
  }
  if (typeof date !== "string" || date.length !== 10 || date[4] !== "-" || date[7] !== "-") return undefined;
  const y = digits(date, 0, 4);
  const m = digits(date, 5, 2);
  const d = digits(date, 8, 2);
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
  return daysFromCivil(y, m, d);
}

/** The number written by `length` ASCII digits of `text` from `at`, or -1. */
function digits(text, at, length) {
  let n = 0;
  for (let i = at; i < at + length; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

const daysInMonth = (y, m) => (m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : 30 + ((m + (m >> 3)) & 1));

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`). */
function daysFromCivil(y, m, d) {
  const year = m <= 2 ? y - 1 : y;
  const era = Math.floor(year / 400);
  const yoe = year - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

/** `00` to `99`: two digits looked up, not formatted. */
const TWO = Array.from({ length: 100 }, (_, n) => (n < 10 ? `0${n}` : `${n}`));

/** The day numbers of 1000-01-01 and 10000-01-01: the days `isoDate` writes. */
const FOUR_DIGIT_YEARS = [daysFromCivil(1000, 1, 1), daysFromCivil(10000, 1, 1)];

/** A day number of a four-digit year as `YYYY-MM-DD` (`civil_from_days`). Int32 arithmetic
 * (`| 0` truncates, as floor does for the positive numbers here): Math.floor on doubles and an
 * array of the parts cost more than the rest of a fast deadline call. */
function isoDate(days) {
  const z = days + 719468;
  const era = (z / 146097) | 0;
  const doe = z - era * 146097;
  const yoe = ((doe - ((doe / 1460) | 0) + ((doe / 36524) | 0) - ((doe / 146096) | 0)) / 365) | 0;
  const doy = doe - (365 * yoe + ((yoe / 4) | 0) - ((yoe / 100) | 0));
  const mp = ((5 * doy + 2) / 153) | 0;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return `${yoe + era * 400 + (m <= 2 ? 1 : 0)}-${TWO[m]}-${TWO[doy - (((153 * mp + 2) / 5) | 0) + 1]}`;
}

/** Epoch milliseconds of an instant given as a Date, an ISO string (no offset = Beijing time)
 * or epoch milliseconds; NaN for null. */
function epochMs(value, row) {
  if (value === null || value === undefined) return Number.NaN;
  if (value instanceof Date) return value.getTime();
  if (typeof value === "number") return value;
  if (typeof value === "string") {
    const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/i;
    if (iso.test(value)) {
      const withOffset = /(Z|[+-]\d{2}:\d{2})$/i.test(value) ? value : `${value}+08:00`;
      const ms = Date.parse(withOffset);
      if (!Number.isNaN(ms)) return ms;
    }
  }
  throw invalid("start", value, `row ${row}: expected an instant`, row);
}

/** An instant in epoch milliseconds as ISO text at +08:00, as the core writes it: fractions
 * only when present, without trailing zeros. Plain arithmetic: a Date per call would cost more
 * than the call it answers. */
function beijingIso(ms) {
  // Whole milliseconds, as a Date holds them.
  const local = Math.trunc(ms) + 8 * HOUR;
  const days = Math.floor(local / DAY);
  const date = days >= FOUR_DIGIT_YEARS[0] && days < FOUR_DIGIT_YEARS[1] ? isoDate(days) : new Date(local).toISOString().slice(0, 10);
  // Milliseconds into the day: a whole number below 86 400 000.
  const rest = local - days * DAY;
  // Midnight, where most deadlines fall.
  if (rest === 0) return `${date}T00:00:00+08:00`;
  const frac = rest % 1000;
  const time = `${TWO[(rest / HOUR) | 0]}:${TWO[((rest / 60_000) | 0) % 60]}:${TWO[((rest / 1000) | 0) % 60]}`;
  return `${date}T${time}${frac === 0 ? "" : `.${String(frac).padStart(3, "0").replace(/0+$/, "")}`}+08:00`;
}

/** A batch call's `errors` option as JSON text, for the core to read: a value that is not a name
 * (null included) is refused there, as it is written. */
function errorsOption(errors) {
  return JSON.stringify(errors) ?? String(errors);
}

/** One argument of a batch call as the native layer takes it: `{"one": value}`, the value of every
 * row, or `{"each": [distinct values]}` and one code per row (-1: null). The value is made of
 * `fields` (option values, each one value or an array per row): an object of them, or with
 * `single` the one field itself. Fields are dictionary-encoded one by one, then their
 * combinations, so each distinct value is written once and each distinct combination read once
 * by the core. */
function batchArgs(fields, rows, { single = false } = {}) {
  const keys = Object.keys(fields);
  // Each field's distinct values as JSON text (null: left out), and per row an index into them.
  const columns = keys.map((k) => column(fields[k], rows, k));
  // The length of each per-row field, for the core to hold against the rows.
  const lengths = `"lengths":${JSON.stringify(columns.flatMap((c, j) => (c.codes ? [[keys[j], c.length]] : [])))}`;
  // A value from its fields' JSON texts: a field left out is absent, a per-row null is null.
  const value = (parts) => (single ? (parts[0] ?? "null") : `{${parts.flatMap((p, j) => (p === null ? [] : [`${JSON.stringify(keys[j])}:${p}`])).join(",")}}`);
  if (columns.every((c) => !c.codes)) return { spec: `{"one":${value(columns.map((c) => c.distinct[0]))},${lengths}}`, codes: new Int32Array(0) };

  // A combination's number: its fields' codes (+1, so null is 0) in mixed radix.
  const radix = columns.map((c) => c.distinct.length + 1);
  const numbered = radix.reduce((a, b) => a * b, 1) <= Number.MAX_SAFE_INTEGER;
  const combos = new Map();
  const values = [];
  const codes = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    let key = numbered ? 0 : "";
    for (let j = 0; j < columns.length; j++) {
      const code = columns[j].codes ? columns[j].codes[i] + 1 : 1;
      key = numbered ? key * radix[j] + code : `${key}${code},`;
    }
    // A row whose only field is null is a null row.
    if (single && key === (numbered ? 0 : "0,")) {
      codes[i] = -1;
      continue;
    }
    let code = combos.get(key);
    if (code === undefined) {
      combos.set(key, (code = values.length));
      values.push(value(columns.map((c) => (c.codes ? (c.codes[i] < 0 ? "null" : c.distinct[c.codes[i]]) : c.distinct[0]))));
    }
    codes[i] = code;
  }
  return { spec: `{"each":[${values.join(",")}],${lengths}}`, codes };
}

/** A field of a batch call: one value (`codes` null; the value's JSON text, or null when it is
 * left out) or one per row, dictionary-encoded (distinct values' JSON texts, a code per row, -1
 * for null; the `length` given, which the core holds against the rows). */
function column(value, rows, name) {
  if (!Array.isArray(value) && !ArrayBuffer.isView(value)) {
    return { distinct: [value === undefined || value === null ? null : text(value, name)], codes: null };
  }
  const seen = new Map();
  const distinct = [];
  const codes = new Int32Array(rows).fill(-1);
  for (let i = 0; i < Math.min(rows, value.length); i++) {
    const v = value[i];
    let code = -1;
    if (v !== null && v !== undefined) {
      code = seen.get(v);
      if (code === undefined) {
        seen.set(v, (code = distinct.length));
        distinct.push(text(v, `${name}[${i}]`));
      }
    }
    codes[i] = code;
  }
  return { distinct, codes, length: value.length };
}

// The JavaScript API of guifan, shared word for word by `guifan` (WebAssembly) and
// `@guifan/node` (napi): each package's build places this file next to its own `native.js`.
//
// Conversion only. Options arrive in camelCase with JS types (Date, number, bigint, string) and
// leave as the JSON text of the contract (VECTORS.md), written here so that every number is its
// shortest decimal string and read exactly by the core; answers come back as JSON text and are
// camelCased. Every rule is computed by guifan-core, on an `Engine`: rule packs and a calendar.

import * as native from "./native.js";

/** An error of guifan: `kind` is the stable error kind of the contract. */
export class GuifanError extends Error {
  constructor(kind, message, { field = null, value = null, row, problems } = {}) {
    super(message);
    this.name = "GuifanError";
    this.kind = kind;
    this.field = field;
    this.value = value;
    if (row !== undefined) this.row = row;
    if (problems !== undefined) this.problems = problems;
  }
}

const invalid = (field, value, why, row) =>
  new GuifanError("invalid_input", `invalid ${field}: ${value} (${why})`, { field, value: String(value), row });

/** Runs a native call; what it throws (the error's JSON text) becomes a GuifanError. */
function guarded(f) {
  try {
    return f();
  } catch (thrown) {
    const text = typeof thrown === "string" ? thrown : thrown?.message;
    let body;
    try {
      body = JSON.parse(text)?.error;
    } catch {
      throw thrown;
    }
    if (!body) throw thrown;
    const { kind, message, field, value, row, problems } = body;
    throw new GuifanError(kind, message, { field: field ?? null, value: value ?? null, row, problems });
  }
}

const isPlainObject = (v) => v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype;

const join = (path, key) => (path ? `${path}.${key}` : key);
const scalar = (v) => v === null || v === undefined || typeof v === "string" || typeof v === "boolean" || Number.isFinite(v);

/** The contract's JSON text of a JS value: exact numbers, Dates as instants, undefined dropped.
 * `path` names the value in errors, as the core names fields (`customer.annual_spend`). */
function encode(value, path) {
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
      if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) throw invalid(path, value, "an invalid Date");
        return JSON.stringify(value.toISOString());
      }
      // Strings, booleans, finite numbers and nulls are written by JSON.stringify alike, at once.
      if (Array.isArray(value) && value.every(scalar)) return JSON.stringify(value);
      if (Array.isArray(value)) return `[${value.map((v, i) => encode(v ?? null, `${path}[${i}]`)).join(",")}]`;
      if (isPlainObject(value)) {
        const parts = [];
        for (const [k, v] of Object.entries(value)) {
          if (v !== undefined) parts.push(`${JSON.stringify(k)}:${encode(v, join(path, k))}`);
        }
        return `{${parts.join(",")}}`;
      }
      break;
  }
  throw invalid(path, typeof value, "not a JSON value");
}

function text(value, path = "") {
  try {
    return encode(value, path);
  } catch (e) {
    if (e instanceof RangeError) throw invalid(path || "input", "nested value", "nested too deeply");
    throw e;
  }
}

const camel = (s) => s.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
const snake = (s) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Object keys renamed recursively (values untouched). */
function rekey(value, rename) {
  if (Array.isArray(value)) return value.map((v) => rekey(v, rename));
  if (isPlainObject(value)) {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[rename(k)] = rekey(v, rename);
    return out;
  }
  return value;
}

/** A date field: `YYYY-MM-DD` as is; a Date by its Beijing calendar day. */
function day(value) {
  if (value instanceof Date && !Number.isNaN(value.getTime())) {
    return new Date(value.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  }
  return value;
}

const DATE_FIELDS = new Set(["as_of", "arrears_since", "card_expires_on", "earned_on", "expires_on", "subscribed_on", "date", "from", "to"]);

/** camelCase options with Dates to the contract's snake_case input. */
function input(options) {
  return rekeyDates(rekey(options ?? {}, snake));
}

function rekeyDates(value) {
  if (Array.isArray(value)) return value.map(rekeyDates);
  if (isPlainObject(value)) {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = DATE_FIELDS.has(k) ? day(v) : rekeyDates(v);
    return out;
  }
  return value;
}

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
  deadline: ["deadline", (options) => input(options)],
  mergePoints: ["points.merge", (options) => input(options)],
  redeemPoints: ["points.redeem", (options) => input(options)],
  calendarDay: ["calendar.day", (date) => ({ date: day(date) })],
  isWorkingDay: ["calendar.day", (date) => ({ date: day(date) }), (out) => out.workingDay],
  addWorkingDays: ["calendar.add_working_days", (date, days) => ({ date: day(date), days }), (out) => out.date],
  countWorkingDays: ["calendar.count_working_days", (from, to) => ({ from: day(from), to: day(to) }), (out) => out.count],
  notifyWindow: ["notify", (at, region) => ({ at, region })],
  cutover: ["cutover", (options) => input(options)],
  dunning: ["dunning", (arrearsCount) => ({ arrears_count: arrearsCount })],
  punctuality: ["punctuality", (options) => input(options)],
};

const camelAnswer = (json) => rekey(JSON.parse(json), camel);

/** Documents as the native layer takes them: text as it is (JSON), objects as JSON; one
 * document or an array of them. */
function documents(value, name) {
  if (value === undefined || value === null) return [];
  const many = Array.isArray(value);
  return (many ? value : [value]).map((d, i) => (typeof d === "string" ? d : text(d, many ? `${name}[${i}]` : name)));
}

/** The engine of the module-level functions, and how `loadCalendar` adds years to it. */
let defaults;
let loadIntoDefaults;

/** Rule packs and a working-day calendar; every call runs on one. Immutable once built. */
export class Engine {
  #native;

  /** `pack`: a pack document (object or JSON text) or an array of them, each in force
   * from its `effective_from` (default: the built-in pack). `calendar`: calendar documents
   * (object or JSON text), loaded in order on top of the built-in calendar. */
  constructor({ pack, calendar } = {}) {
    const packs = documents(pack, "pack");
    const calendars = documents(calendar, "calendar");
    this.#native = guarded(() => new native.Engine(packs, calendars));
  }

  get #engine() {
    if (!this.#native) throw new TypeError("guifan: this Engine was freed");
    return this.#native;
  }

  #run(op, contractInput, explain = false) {
    const body = text(contractInput);
    return JSON.parse(guarded(() => this.#engine.call(op, body, explain)));
  }

  #answer(op, contractInput) {
    return rekey(this.#run(op, contractInput), camel);
  }

  /** One request of the JSON contract (VECTORS.md), as an object or JSON text; errors are
   * answered as data (`{error: {kind, message, field, value}}`), never thrown. */
  evaluate(request) {
    if (typeof request === "string") return JSON.parse(this.#engine.evaluate(request));
    let body;
    try {
      if (isPlainObject(request) && isPlainObject(request.input)) {
        // Fields are named inside `input`, as the core names them.
        const { input: fields, ...rest } = request;
        const head = text(rest, "request").slice(1, -1);
        body = `{${head}${head ? "," : ""}"input":${text(fields)}}`;
      } else {
        body = text(request ?? null, "request");
      }
    } catch (e) {
      if (e instanceof GuifanError) return { error: { kind: e.kind, message: e.message, field: e.field, value: e.value } };
      throw e;
    }
    return JSON.parse(this.#engine.evaluate(body));
  }

  /** The rules and steps behind a typed call: `explain("deadline", {rule, start})`. */
  explain(name, ...args) {
    const op = OPS[name];
    if (!op) throw invalid("function", name, `accepted: ${Object.keys(OPS).join(", ")}`);
    return rekey(this.#run(op[0], op[1](...args), true).explanation, camel);
  }

  /** The rule catalogue, or one rule with its clause, original words and parameters, as the
   * pack in force on `asOf` cites it (the latest pack without one). */
  rules(id, { asOf } = {}) {
    const answer = this.#answer("rules", { id, as_of: day(asOf) });
    return id === undefined ? answer.rules : answer;
  }

  /** The rule packs, in the order they take effect. */
  packs() {
    return camelAnswer(this.#engine.packs());
  }

  /** The years whose working-day schedule is known. */
  knownYears() {
    return Array.from(this.#engine.knownYears());
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
    const due = guarded(() => this.#engine.deadlines(ms, spec, codes, errors === "null"));
    if (typedIn) return due instanceof Float64Array ? due : Float64Array.from(due);
    return Array.from(due, (d) => (Number.isNaN(d) ? null : beijingIso(d)));
  }

  /** Tiers of many amounts in one call, on the latest pack: `kindOrBrand` is a brand of the
   * pack or `enterprise` (or an array per row); `amounts` numbers, decimal strings or nulls (or
   * a Float64Array, NaN for null). */
  tiers(kindOrBrand, amounts, { errors = "raise" } = {}) {
    const values = amounts instanceof Float64Array ? Array.from(amounts, (a) => (Number.isNaN(a) ? null : a)) : amounts;
    const amountsText = text(values, "amounts");
    const { spec, codes } = batchArgs({ kind_or_brand: kindOrBrand }, values.length, { kind_or_brand: "kindOrBrand" });
    return JSON.parse(guarded(() => this.#engine.tiers(spec, codes, amountsText, errors === "null")));
  }

  /** Releases the engine's memory now rather than when it is garbage-collected (WebAssembly;
   * a no-op for the native addon beyond dropping the reference). Later calls throw. */
  free() {
    this.#native?.free?.();
    this.#native = null;
  }

  static {
    // The typed methods, one per entry of OPS (their types and docs are in index.d.ts).
    for (const [name, [op, toInput, pick = (out) => out]] of Object.entries(OPS)) {
      Object.defineProperty(Engine.prototype, name, {
        value: function (...args) {
          return pick(this.#answer(op, toInput(...args)));
        },
        writable: true,
        configurable: true,
      });
    }
    loadIntoDefaults = (document) => Array.from(guarded(() => defaults.#engine.loadCalendar(document)));
  }
}
if (Symbol.dispose) Engine.prototype[Symbol.dispose] = Engine.prototype.free;

defaults = new Engine();

const onDefaults = (name) => (...args) => defaults[name](...args);

// The module-level functions: the methods of an engine on the built-in pack and calendar plus
// whatever `loadCalendar` added.
export const evaluate = onDefaults("evaluate");
export const tier = onDefaults("tier");
export const review = onDefaults("review");
export const status = onDefaults("status");
export const deadline = onDefaults("deadline");
export const mergePoints = onDefaults("mergePoints");
export const redeemPoints = onDefaults("redeemPoints");
export const calendarDay = onDefaults("calendarDay");
export const isWorkingDay = onDefaults("isWorkingDay");
export const addWorkingDays = onDefaults("addWorkingDays");
export const countWorkingDays = onDefaults("countWorkingDays");
export const notifyWindow = onDefaults("notifyWindow");
export const cutover = onDefaults("cutover");
export const dunning = onDefaults("dunning");
export const punctuality = onDefaults("punctuality");
export const explain = onDefaults("explain");
export const rules = onDefaults("rules");
export const packs = onDefaults("packs");
export const knownYears = onDefaults("knownYears");
export const deadlines = onDefaults("deadlines");
export const tiers = onDefaults("tiers");

/** Adds or replaces calendar years (e.g. 2027), or a layer (`overlay`), in the module-level
 * engine from a document in the built-in format, as an object or JSON text; returns the years
 * loaded. A document with a problem changes nothing. `Engine` values are not affected. */
export function loadCalendar(document) {
  return loadIntoDefaults(typeof document === "string" ? document : text(document, "calendar"));
}

/** Back to the built-in official schedule (2004–2026) for the module-level functions. */
export function resetCalendar() {
  defaults = new Engine();
}

/** A customer's points over time: merged accounts, earned lots, redemptions and history. */
export class PointsLedger {
  #inner;
  constructor(customerId) {
    this.#inner = new native.Ledger(String(customerId));
  }
  get customerId() {
    return this.#inner.customerId;
  }
  /** Merges accounts of the customer (POINTS.MERGE). */
  merge(accounts) {
    const body = text(input(accounts), "accounts");
    guarded(() => this.#inner.merge(body));
  }
  /** Adds earned lots. */
  earn(lots) {
    const body = text(input(lots), "lots");
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

/** An instant in epoch milliseconds as ISO text at +08:00. */
function beijingIso(ms) {
  const t = new Date(ms + 8 * HOUR).toISOString();
  return `${t.endsWith(".000Z") ? t.slice(0, -5) : t.slice(0, -1)}+08:00`;
}


/** The arguments of a batch call as the native layer takes them: fields with one value for
 * every row as JSON (`one`), per-row fields (arrays or typed arrays) dictionary-encoded — their
 * distinct values as JSON (`each`) and one block of `rows` codes each in `codes` (-1: null).
 * `names` are the option names errors use, where they differ from the fields'. */
function batchArgs(fields, rows, names = {}) {
  const perRow = Object.values(fields).filter((v) => Array.isArray(v) || ArrayBuffer.isView(v));
  const codes = new Int32Array(rows * perRow.length);
  const one = [];
  const each = [];
  for (const [key, value] of Object.entries(fields)) {
    const name = names[key] ?? key;
    if (!Array.isArray(value) && !ArrayBuffer.isView(value)) {
      if (value !== undefined) one.push(`${JSON.stringify(key)}:${text(value, name)}`);
      continue;
    }
    if (value.length !== rows) throw invalid(name, `${value.length} values`, `expected ${rows}, one per row`);
    const seen = new Map();
    const distinct = [];
    const at = each.length * rows;
    for (let i = 0; i < rows; i++) {
      const v = value[i];
      let code = -1;
      if (v !== null && v !== undefined) {
        code = seen.get(v);
        if (code === undefined) {
          seen.set(v, (code = distinct.length));
          distinct.push(text(v, `${name}[${i}]`));
        }
      }
      codes[at + i] = code;
    }
    each.push(`${JSON.stringify(key)}:[${distinct.join(",")}]`);
  }
  return { spec: `{"one":{${one.join(",")}},"each":{${each.join(",")}}}`, codes };
}


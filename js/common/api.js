// The JavaScript API of guifan, shared word for word by `guifan` (WebAssembly) and
// `@guifan/node` (napi): each package's build places this file next to its own `native.js`.
//
// Conversion only. Options arrive in camelCase with JS types (Date, number, bigint, string) and
// leave as the JSON text of the contract (VECTORS.md), written here so that every number is its
// shortest decimal string and read exactly by the core; answers come back camelCased. Every rule
// is computed by guifan-core.

import * as native from "./native.js";

/** An error of guifan: `kind` is the stable error kind of the contract. */
export class GuifanError extends Error {
  constructor(kind, message, field = null, value = null, row = undefined) {
    super(message);
    this.name = "GuifanError";
    this.kind = kind;
    this.field = field;
    this.value = value;
    if (row !== undefined) this.row = row;
  }
}

const invalid = (field, value, why) =>
  new GuifanError("invalid_input", `invalid ${field}: ${value} (${why})`, field, String(value));

/** Turns what the native layer threw (the error's JSON text) into a GuifanError. */
function rethrow(thrown) {
  const text = typeof thrown === "string" ? thrown : thrown?.message;
  let body;
  try {
    body = JSON.parse(text)?.error;
  } catch {
    throw thrown;
  }
  if (!body) throw thrown;
  throw new GuifanError(body.kind, body.message, body.field ?? null, body.value ?? null, body.row);
}

const isPlainObject = (v) => v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype;

const join = (path, key) => (path ? `${path}.${key}` : key);

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

function run(op, contractInput, explain = false) {
  const body = text(contractInput);
  try {
    return native.call(op, body, explain);
  } catch (e) {
    rethrow(e);
  }
}

const answer = (op, contractInput) => rekey(run(op, contractInput), camel);

/** One request of the JSON contract (VECTORS.md), as an object or JSON text; errors are
 * answered as data (`{error: {kind, message, field, value}}`), never thrown. */
export function evaluate(request) {
  if (typeof request === "string") return native.evaluate(request);
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
  return native.evaluate(body);
}

function tierInput({ kind, brand, annualSpend, annualRevenue, rank, package: pkg, ratingYear, ...rest } = {}) {
  const customer = { kind: kind ?? "personal", brand, annual_spend: annualSpend, annual_revenue: annualRevenue, rank };
  return { ...input(rest), customer: input(customer), package: pkg && input(pkg), rating_year: ratingYear };
}

// Each typed function: its op and how its arguments become the contract's input.
const OPS = {
  tier: ["tier", (options) => tierInput(options)],
  review: ["review", ({ current, ...rest } = {}) => ({ ...input(rest), current: tierInput(current) })],
  status: ["status", (options) => input(options)],
  deadline: ["deadline", (options) => input(options)],
  mergePoints: ["points.merge", (options) => input(options)],
  redeemPoints: ["points.redeem", (options) => input(options)],
  calendarDay: ["calendar.day", (date) => ({ date: day(date) })],
  isWorkingDay: ["calendar.day", (date) => ({ date: day(date) })],
  addWorkingDays: ["calendar.add_working_days", (date, days) => ({ date: day(date), days })],
  countWorkingDays: ["calendar.count_working_days", (from, to) => ({ from: day(from), to: day(to) })],
  notifyWindow: ["notify", (at, region) => ({ at, region })],
  cutover: ["cutover", (options) => input(options)],
  dunning: ["dunning", (arrearsCount) => ({ arrears_count: arrearsCount })],
  punctuality: ["punctuality", (options) => input(options)],
};

const typed = (name) => (...args) => answer(OPS[name][0], OPS[name][1](...args));

/** The membership tier of a customer (TIER.*). */
export const tier = typed("tier");
/** The yearly review against the previous tier, with an optional approved override. */
export const review = typed("review");
/** Membership status: active, frozen or cancelled, with every reason. */
export const status = typed("status");
/** A deadline under a rule (or a free clock), and whether `done` met it. */
export const deadline = typed("deadline");
/** A customer's accounts merged into one balance (POINTS.MERGE). */
export const mergePoints = typed("mergePoints");
/** Points redeemed from lots, soonest expiry first (POINTS.REDEEM_ORDER). */
export const redeemPoints = typed("redeemPoints");
/** What the official calendar says about a date. */
export const calendarDay = typed("calendarDay");
/** Whether a date is a working day of the official calendar. */
export const isWorkingDay = (date) => typed("isWorkingDay")(date).workingDay;
/** The `days`-th working day after `date` (the date itself not counted), as `YYYY-MM-DD`. */
export const addWorkingDays = (date, days) => typed("addWorkingDays")(date, days).date;
/** Working days from `from` to `to`, both included. */
export const countWorkingDays = (from, to) => typed("countWorkingDays")(from, to).count;
/** Whether a call or SMS may go out at `at`, and the next instant it may (NOTIFY.WINDOW). */
export const notifyWindow = typed("notifyWindow");
/** What a planned outage needs: approval, or the notice deadline (SLA.CUTOVER). */
export const cutover = typed("cutover");
/** Whether recorded voice dunning is allowed for a customer's n-th arrears (DUNNING.CHANNEL). */
export const dunning = typed("dunning");
/** Whether an installer arrived within 10 minutes of the agreed time. */
export const punctuality = typed("punctuality");

/** The rules and steps behind a typed call: `explain("deadline", {rule, start})`. */
export function explain(name, ...args) {
  const op = OPS[name];
  if (!op) throw invalid("function", name, `accepted: ${Object.keys(OPS).join(", ")}`);
  return rekey(run(op[0], op[1](...args), true).explanation, camel);
}

/** The rule catalogue, or one rule with its clause, original words and parameters. */
export function rules(id) {
  return id === undefined ? answer("rules", {}).rules : answer("rules", { id });
}

/** Adds or replaces calendar years (e.g. 2027) from a document in the built-in format, as an
 * object or JSON text; returns the years loaded. A document with a problem changes nothing. */
export function loadCalendar(document) {
  try {
    return Array.from(native.loadCalendar(typeof document === "string" ? document : text(document, "calendar")));
  } catch (e) {
    rethrow(e);
  }
}

/** Back to the built-in official schedule (2004–2026). */
export const resetCalendar = () => native.resetCalendar();
/** The years whose schedule is known. */
export const knownYears = () => Array.from(native.knownYears());

/** A customer's points over time: merged accounts, earned lots, redemptions and history. */
export class PointsLedger {
  #inner;
  constructor(customerId) {
    this.#inner = new native.Ledger(String(customerId));
  }
  get customerId() {
    return this.#inner.customerId;
  }
  #do(f) {
    try {
      return f();
    } catch (e) {
      rethrow(e);
    }
  }
  /** Merges accounts of the customer (POINTS.MERGE). */
  merge(accounts) {
    this.#do(() => this.#inner.merge(text(input(accounts), "accounts")));
  }
  /** Adds earned lots. */
  earn(lots) {
    this.#do(() => this.#inner.earn(text(input(lots), "lots")));
  }
  /** Spendable and expired points on a date. */
  balance(asOf) {
    return rekey(this.#do(() => this.#inner.balance(day(asOf))), camel);
  }
  /** Redeems points on a date, soonest expiry first. */
  redeem(on, points, { frozen = false } = {}) {
    return rekey(this.#do(() => this.#inner.redeem(day(on), Number(points), frozen)), camel);
  }
  /** Every change between two dates, both included. */
  history(from, to) {
    return rekey(this.#do(() => this.#inner.history(day(from), day(to))), camel);
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
  throw new GuifanError("invalid_input", `invalid start: ${value} (row ${row}: expected an instant)`, "start", String(value), row);
}

/** An instant in epoch milliseconds as ISO text at +08:00. */
function beijingIso(ms) {
  const t = new Date(ms + 8 * HOUR).toISOString();
  return `${t.endsWith(".000Z") ? t.slice(0, -5) : t.slice(0, -1)}+08:00`;
}

const column = (v) => (ArrayBuffer.isView(v) ? Array.from(v) : v);

/** Due instants for many tickets in one call. `starts` is a Float64Array of epoch milliseconds
 * (answered with a Float64Array, NaN for null) or an array of Dates / ISO strings / nulls
 * (answered with ISO strings at +08:00 or null). `rule`, `area`, `clock`, `amount` are one value
 * or an array per row; `errors: "null"` answers a bad row with null instead of throwing. */
export function deadlines(starts, { rule, area, clock, amount, errors = "raise" } = {}) {
  const typedIn = starts instanceof Float64Array;
  const ms = typedIn ? starts : Float64Array.from(starts, (v, i) => epochMs(v, i));
  const spec = text({ rule: column(rule), area: column(area), clock: column(clock), amount: column(amount) }, "options");
  let due;
  try {
    due = native.deadlines(ms, spec, errors === "null");
  } catch (e) {
    rethrow(e);
  }
  if (typedIn) return due instanceof Float64Array ? due : Float64Array.from(due);
  return Array.from(due, (d) => (Number.isNaN(d) ? null : beijingIso(d)));
}

/** Tiers of many amounts in one call: `kindOrBrand` is `e_home`, `tianyi`, `other` or
 * `enterprise` (or an array per row); `amounts` numbers, decimal strings or nulls (or a
 * Float64Array, NaN for null). */
export function tiers(kindOrBrand, amounts, { errors = "raise" } = {}) {
  const values = amounts instanceof Float64Array ? Array.from(amounts, (a) => (Number.isNaN(a) ? null : a)) : amounts;
  try {
    return native.tiers(text(column(kindOrBrand), "kindOrBrand"), text(values, "amounts"), errors === "null");
  } catch (e) {
    rethrow(e);
  }
}

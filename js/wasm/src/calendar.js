// `guifan/calendar`: the official working-day calendar of mainland China on its own, without
// the WebAssembly module — working days, adding and counting them, holiday names — answering
// exactly as the full package does (tested against it for every day of the data).
//
// The schedule is ./data.js, written by the package's build from guifan-core's built-in
// calendar (through the built WebAssembly module), with the core's own error texts. It knows
// the years the core has built in and no others: a question about another year throws
// `calendar_year_unknown`, never a guess. Later years are loaded into the full package
// (`loadCalendar` or an `Engine` of `guifan`).

import { FIRST_YEAR, LAST_YEAR, MARKS, NAMES, TEXTS } from "./data.js";
import { day, GuifanError } from "./shared.js";

export { GuifanError };

const KINDS = ["workday", "weekend", "holiday", "makeup_workday"];
const [WORKDAY, WEEKEND, HOLIDAY, MAKEUP] = [0, 1, 2, 3];
const MS_PER_DAY = 86_400_000;
/** Days since 1970-01-01 (any year: `setUTCFullYear` reads 0–99 as they are). */
function dayNumber(y, m, d) {
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  return t.getTime() / MS_PER_DAY;
}
const BASE = dayNumber(FIRST_YEAR, 1, 1);
const DAYS = dayNumber(LAST_YEAR + 1, 1, 1) - BASE;

// Per day of the data: its kind, the holiday it belongs to (-1: none), and how many working
// days come before it (so a count or a step over any span is two look-ups).
const kind = new Uint8Array(DAYS);
const name = new Int8Array(DAYS).fill(-1);
const before = new Uint32Array(DAYS + 1);
for (let i = 0; i < DAYS; i++) kind[i] = (new Date((BASE + i) * MS_PER_DAY).getUTCDay() + 6) % 7 >= 5 ? WEEKEND : WORKDAY;
// MARKS: runs of [days since the previous run's end, length, name index × 2 + (1 if make-up
// working days, 0 if holidays)].
for (let r = 0, at = 0; r < MARKS.length; r += 3) {
  at += MARKS[r];
  for (let j = 0; j < MARKS[r + 1]; j++, at++) {
    kind[at] = MARKS[r + 2] & 1 ? MAKEUP : HOLIDAY;
    name[at] = MARKS[r + 2] >> 1;
  }
}
for (let i = 0; i < DAYS; i++) before[i + 1] = before[i] + (kind[i] === WORKDAY || kind[i] === MAKEUP ? 1 : 0);

const fill = (text, values) => text.replace(/\{(\w+)\}/g, (_, k) => values[k]);
const invalid = (field, value, reason) =>
  new GuifanError("invalid_input", fill(TEXTS.invalid, { field, value, reason }), { field, value: String(value) });
const yearUnknown = (field, year) =>
  new GuifanError("calendar_year_unknown", fill(TEXTS.yearUnknown, { field, year }), { field, value: String(year) });

/** Why `value` is refused, as the core (or the JS layer, for what JSON cannot hold) says it:
 * `reasons` has one text per kind of value; a string is shown as it is, the rest as JSON. */
function refused(field, value, reasons) {
  if (value === undefined || value === null) return invalid(field, "missing", reasons.missing);
  if (value instanceof Date) return invalid(field, String(value), reasons.invalidDate);
  if (typeof value === "number" && !Number.isFinite(value)) return invalid(field, value, reasons.nonFinite);
  const kind = Array.isArray(value) ? "array" : typeof value === "bigint" ? "number" : typeof value;
  return invalid(field, typeof value === "string" || typeof value === "bigint" ? value : JSON.stringify(value), reasons[kind]);
}

/** A date argument as a day number, as the core reads `YYYY-MM-DD` (a real date, years 1–9999). */
function read(value, field) {
  const text = day(value);
  if (typeof text !== "string") throw refused(field, text, TEXTS.date);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const [y, mo, d] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [];
  const n = m && y >= 1 && mo >= 1 && mo <= 12 && d >= 1 ? dayNumber(y, mo, d) : NaN;
  // A day past the month's end rolls over into the next month; a real date keeps its day.
  if (Number.isNaN(n) || new Date(n * MS_PER_DAY).getUTCDate() !== d) throw invalid(field, text, TEXTS.date.real);
  return n;
}

/** A count of days: a whole number of 64 bits, read from the JSON text the full package would
 * send the core (`1e+21` is not a whole number there; 2 ** 63 is out of range). */
function count(value, field) {
  if (typeof value !== "number" || !Number.isFinite(value)) throw refused(field, value, TEXTS.days);
  const text = JSON.stringify(value);
  if (!/^-?\d+$/.test(text)) throw invalid(field, text, TEXTS.days.whole);
  if (BigInt(text) < -(2n ** 63n) || BigInt(text) >= 2n ** 63n) throw invalid(field, text, TEXTS.days.outOfRange);
  return value;
}

const yearOf = (n) => new Date(n * MS_PER_DAY).getUTCFullYear();
const iso = (n) => new Date(n * MS_PER_DAY).toISOString().slice(0, 10);

/** The offset of day number `n` in the data, or `calendar_year_unknown` at `field`. */
function index(n, field) {
  const i = n - BASE;
  if (i < 0 || i >= DAYS) throw yearUnknown(field, yearOf(n));
  return i;
}

/** What the calendar says about a date: the same answer as `calendarDay` of `guifan`. */
export function calendarDay(date) {
  const i = index(read(date, "date"), "date");
  const k = kind[i];
  const [holidayName, holidayNameZh] = name[i] >= 0 ? NAMES[name[i]] : [null, null];
  return {
    workingDay: k === WORKDAY || k === MAKEUP,
    makeupWorkday: k === MAKEUP,
    holiday: k === HOLIDAY,
    holidayName: k === HOLIDAY ? holidayName : null,
    holidayNameZh: k === HOLIDAY ? holidayNameZh : null,
    makeupFor: k === MAKEUP ? holidayName : null,
    kind: KINDS[k],
    rule: "INTERP.CALENDAR",
  };
}

/** Whether a date is a working day. */
export function isWorkingDay(date) {
  const i = index(read(date, "date"), "date");
  return kind[i] === WORKDAY || kind[i] === MAKEUP;
}

/** The `days`-th working day after `date` (the date itself not counted; negative: before it). */
export function addWorkingDays(date, days) {
  const start = read(date, "date");
  count(days, "days");
  if (days === 0) return iso(start);
  const forward = days > 0;
  const first = index(start + (forward ? 1 : -1), "date");
  // The working day wanted, counted from the first of the data (0-based).
  const k = forward ? before[first] + days - 1 : before[first + 1] + days;
  if (k < 0 || k >= before[DAYS]) throw yearUnknown("date", forward ? LAST_YEAR + 1 : FIRST_YEAR - 1);
  // The day at which `before` first exceeds k.
  let [lo, hi] = [0, DAYS - 1];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before[mid + 1] > k) hi = mid;
    else lo = mid + 1;
  }
  return iso(BASE + lo);
}

/** Working days from `from` to `to`, both included (0 when `to` is before `from`). */
export function countWorkingDays(from, to) {
  const [a, b] = [read(from, "from"), read(to, "to")];
  // As the core checks a span: the first unknown year walking from `from`'s year to `to`'s.
  const [ya, yb] = [yearOf(a), yearOf(b)];
  if (ya < FIRST_YEAR || ya > LAST_YEAR) throw yearUnknown("from", ya);
  if (yb < FIRST_YEAR || yb > LAST_YEAR) throw yearUnknown("to", yb > LAST_YEAR ? LAST_YEAR + 1 : FIRST_YEAR - 1);
  if (b < a) return 0;
  return before[b - BASE + 1] - before[a - BASE];
}

/** The years whose schedule this entry knows. */
export function knownYears() {
  return Array.from({ length: LAST_YEAR - FIRST_YEAR + 1 }, (_, i) => FIRST_YEAR + i);
}

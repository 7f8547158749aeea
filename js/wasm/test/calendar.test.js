// `guifan/calendar` against the core (the WebAssembly package on the same built-in calendar):
// every day of the data, add and count over a sample of spans, and the same errors — kind,
// field, value and message — for years outside the data and for bad input.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as core from "guifan";
import * as calendar from "guifan/calendar";

const years = core.knownYears();
const iso = (t) => new Date(t).toISOString().slice(0, 10);
const everyDay = [];
for (let t = Date.UTC(years[0], 0, 1); t < Date.UTC(years.at(-1) + 1, 0, 1); t += 86_400_000) everyDay.push(iso(t));

/** The answer or the error of a call, comparable across the two. */
const outcome = (f) => {
  try {
    return { ok: f() };
  } catch (e) {
    return { error: [e.constructor.name, e.kind, e.field, e.value, e.message] };
  }
};
const same = (f, what) => assert.deepStrictEqual(outcome(() => f(calendar)), outcome(() => f(core)), what);

/** Deterministic pseudo-random integers (a fixed sample, the same on every run). */
function* sample(seed, n, below) {
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    yield x % below;
  }
}

test("the calendar entry knows the core's years", () => {
  assert.deepStrictEqual(calendar.knownYears(), years);
  assert.ok(years.includes(2004) && years.includes(2026));
});

test("every day 2004–2026: the day, its holiday, whether it is a working day", () => {
  for (const date of everyDay) {
    assert.deepStrictEqual(calendar.calendarDay(date), core.calendarDay(date), date);
    assert.equal(calendar.isWorkingDay(date), core.isWorkingDay(date), date);
  }
  // The data names holidays in both languages.
  assert.equal(calendar.calendarDay("2025-10-01").holidayNameZh, "国庆节");
  assert.equal(calendar.calendarDay("2025-10-11").makeupFor, "national_day");
});

test("adding working days: every day by ±1, ±10 and ±250, and a sample of amounts", () => {
  for (const date of everyDay) {
    for (const days of [1, -1, 10, -10, 250, -250]) same((g) => g.addWorkingDays(date, days), `${date} ${days}`);
  }
  const amounts = [...sample(7, 2000, 12_000)].map((n) => n - 6000);
  const starts = [...sample(11, 2000, everyDay.length)];
  starts.forEach((s, i) => same((g) => g.addWorkingDays(everyDay[s], amounts[i]), `${everyDay[s]} ${amounts[i]}`));
  // Off either end of the data, from its edges, and zero days anywhere.
  for (const [date, days] of [["2026-12-31", 1], ["2026-12-30", 2], ["2004-01-01", -1], ["2003-12-31", 1], ["2027-01-01", -1], ["2030-05-05", 0], ["2026-06-01", 10 ** 9], ["2026-06-01", -(10 ** 9)]]) {
    same((g) => g.addWorkingDays(date, days), `${date} ${days}`);
  }
});

test("counting working days: a sample of spans, reversed spans, spans leaving the data", () => {
  const a = [...sample(3, 3000, everyDay.length)];
  const b = [...sample(5, 3000, everyDay.length)];
  a.forEach((x, i) => same((g) => g.countWorkingDays(everyDay[x], everyDay[b[i]]), `${everyDay[x]} ${everyDay[b[i]]}`));
  for (const date of everyDay.filter((_, i) => i % 7 === 0)) same((g) => g.countWorkingDays(date, date), date);
  for (const [from, to] of [["2003-12-31", "2025-01-01"], ["2025-01-01", "2027-01-01"], ["2025-01-01", "2003-06-01"], ["2030-01-01", "2025-01-01"], ["2027-01-01", "2003-01-01"], ["2004-01-01", "2026-12-31"]]) {
    same((g) => g.countWorkingDays(from, to), `${from} ${to}`);
  }
});

test("years outside the data are refused with the core's typed error, never guessed", () => {
  for (const date of ["2003-12-31", "2027-01-01", "1999-06-01", "2100-02-28", "0001-01-01", "9999-12-31"]) {
    same((g) => g.isWorkingDay(date), date);
    same((g) => g.calendarDay(date), date);
  }
  assert.throws(() => calendar.isWorkingDay("2027-01-01"), (e) => e instanceof calendar.GuifanError && e.kind === "calendar_year_unknown" && e.field === "date" && e.value === "2027");
});

test("bad input: the core's errors", () => {
  for (const date of ["2025-02-29", "2024-02-30", "2025-13-01", "2025-00-10", "2025-1-05", "2025-01-05T00:00", " 2025-01-05", "0000-01-01", "", "20250105", 42, Number.NaN, null, undefined, true, [1], { a: 1 }, new Date(Number.NaN)]) {
    same((g) => g.isWorkingDay(date), `date ${String(date)}`);
  }
  for (const days of [1.5, 1e21, 2 ** 63, -(2 ** 63), 2 ** 53, Number.NaN, Infinity, "3", null, undefined, true, [1], { a: 1 }]) same((g) => g.addWorkingDays("2025-01-05", days), `days ${String(days)}`);
  // A Date is read as its Beijing calendar day, as everywhere in guifan.
  const evening = new Date("2025-09-30T20:00:00Z"); // 1 October in Beijing
  same((g) => g.calendarDay(evening), "a Date");
  assert.equal(calendar.calendarDay(evening).holidayName, "national_day");
});

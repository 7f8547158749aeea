// Dates and instants as people read them. Pure formatting: every date here comes from a guifan
// answer or from the user; the calendar arithmetic below is only for laying out and naming days.

const DAY = 86_400_000;
const WEEK_ZH = "日一二三四五六";
const WEEK_EN = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTH_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const utc = (ymd) => Date.parse(`${ymd}T00:00:00Z`);
const iso = (ms) => new Date(ms).toISOString().slice(0, 10);

/** `YYYY-MM-DD` shifted by whole days. */
export const shiftDate = (ymd, days) => iso(utc(ymd) + days * DAY);
/** 0 = Sunday … 6 = Saturday. */
export const weekday = (ymd) => new Date(utc(ymd)).getUTCDay();

/** The dates of a month `YYYY-MM`, or null when it is not one. */
export function monthDates(ym) {
  const m = /^(\d{4})-(\d{2})$/.exec(ym);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) return null;
  const length = new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate();
  return Array.from({ length }, (_, i) => `${ym}-${String(i + 1).padStart(2, "0")}`);
}

/** The month `YYYY-MM` `n` months after `ym`. */
export function shiftMonth(ym, n) {
  const [y, m] = ym.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1 + n, 1)).toISOString().slice(0, 7);
}

/** `2025年10月11日 周六` / `Sat 11 Oct 2025`. */
export function dateLabel(ymd, lang, { year = true, week = true } = {}) {
  const [y, m, d] = ymd.split("-").map(Number);
  const w = weekday(ymd);
  if (lang === "en") return [week && WEEK_EN[w], d, MONTH_EN[m - 1], year && y].filter(Boolean).join(" ");
  return `${year ? `${y}年` : ""}${m}月${d}日${week ? ` 周${WEEK_ZH[w]}` : ""}`;
}

export const weekdayName = (w, lang) => (lang === "en" ? WEEK_EN[w] : WEEK_ZH[w]);
export const monthLabel = (ym, lang) => {
  const [y, m] = ym.split("-").map(Number);
  return lang === "en" ? `${MONTH_EN[m - 1]} ${y}` : `${y}年${m}月`;
};

/** An instant of guifan (`…+08:00`) as people say it: the day and the wall-clock time, with
 * midnight told as 24:00 of the day before ("due at 24:00 on 11 Oct"). */
export function spoken(instant) {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?\+08:00$/.exec(instant);
  if (!m) return null;
  const [, date, hh, mm, ss, frac] = m;
  const midnight = hh === "00" && mm === "00" && ss === "00" && !frac;
  return {
    date: midnight ? shiftDate(date, -1) : date,
    time: `${midnight ? "24" : hh}:${mm}${ss !== "00" || frac ? `:${ss}${frac ?? ""}` : ""}`,
  };
}

/** `2025年10月11日 周六 24:00` / `Sat 11 Oct 2025, 24:00`. */
export function said(instant, lang, options) {
  const s = spoken(instant);
  if (!s) return instant;
  return `${dateLabel(s.date, lang, options)}${lang === "en" ? "," : ""} ${s.time}`;
}

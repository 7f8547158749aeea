// `guifan/calendar`: the official working-day calendar of mainland China for the years built
// into guifan, without the WebAssembly module. The same functions and answers as `guifan`'s;
// a date in any other year throws a `GuifanError` of kind `calendar_year_unknown`. To load a
// later year's schedule, use the full package (`loadCalendar`, or an `Engine` with `calendar`).
import type { CalendarDay, DateLike, IsoDate } from "./index.js";
export type { CalendarDay, DateLike, DayKind, IsoDate } from "./index.js";
export { GuifanError } from "./index.js";

/** What the calendar says about a date: its kind, and the holiday it belongs to. */
export function calendarDay(date: DateLike): CalendarDay;
/** Whether a date is a working day. */
export function isWorkingDay(date: DateLike): boolean;
/** The `days`-th working day after `date` (the date itself not counted; negative: before it). */
export function addWorkingDays(date: DateLike, days: number): IsoDate;
/** Working days from `from` to `to`, both included (0 when `to` is before `from`). */
export function countWorkingDays(from: DateLike, to: DateLike): number;
/** The years this entry knows (the built-in official schedule). */
export function knownYears(): number[];

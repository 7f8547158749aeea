// Types of the guifan JavaScript API, shared by `guifan` (WebAssembly) and `@guifan/node` (napi).

/** An instant: a Date, or ISO 8601 text (`2025-09-30T10:00` is Beijing time; offsets and `Z` are converted). */
export type Instant = Date | string;
/** A calendar date, `YYYY-MM-DD` (a Date counts by its Beijing calendar day). */
export type DateLike = string | Date;
/** Money: a decimal string, or a number read through its shortest decimal string. */
export type Money = string | number;
/** An instant as returned: ISO 8601 text at +08:00, e.g. `2025-10-12T00:00:00+08:00`. */
export type IsoInstant = string;
/** A date as returned, `YYYY-MM-DD`. */
export type IsoDate = string;

export type Tier = "none" | "silver" | "gold" | "diamond";
export type Brand = "e_home" | "tianyi" | "other";
export type Rank = "bureau" | "division" | "section" | "none";
export type TierBasis = "spend" | "package" | "revenue" | "rank";
export type Change = "upgrade" | "downgrade" | "unchanged" | "joined" | "left";
export type Status = "active" | "frozen" | "cancelled";
export type Clock =
  | "immediate"
  | "clock_hours"
  | "calendar_days"
  | "working_days"
  | "working_minutes"
  | "same_day_cutoff"
  | "day_end";
export type FreeClock = "clock_hours" | "calendar_days" | "working_days" | "working_minutes";
export type Area = "urban" | "rural";
export type Region = "default" | "xinjiang" | "tibet";
export type LotKind = "regular" | "promotional";
export type DayKind = "workday" | "makeup_workday" | "weekend" | "holiday";
export type DeadlineRule =
  | "SLA.COMPLAINT.ORDINARY"
  | "SLA.COMPLAINT.BRAND"
  | "SLA.COMPLAINT.VIP"
  | "SLA.FAULT.ORDINARY"
  | "SLA.FAULT.BRAND"
  | "SLA.FAULT.VIP"
  | "SLA.REPAIR.SAMEDAY"
  | "SLA.INSTALL.SAMEDAY"
  | "SLA.HOTLINE.ORDER"
  | "SLA.VIP.HARD_ISSUE"
  | "SLA.FEEDBACK"
  | "SLA.APPOINTMENT.CONFIRM"
  | "SLA.FAULT.CONTACT"
  | "SLA.ACCEPT.REVIEW"
  | "SLA.ACCEPT.NOTIFY"
  | "SLA.DISPUTE.INITIAL";
export type ErrorKind =
  | "invalid_input"
  | "unknown_op"
  | "unknown_rule"
  | "unknown_brand"
  | "negative_amount"
  | "calendar_year_unknown"
  | "insufficient_points"
  | "points_frozen"
  | "customer_mismatch"
  | "duplicate_lot_conflict"
  | "override_needs_approval"
  | "override_without_downgrade"
  | "override_not_higher"
  | "override_above_previous";

/** An error of guifan; `kind` is the stable error kind of the contract. */
export class GuifanError extends Error {
  readonly name: "GuifanError";
  readonly kind: ErrorKind;
  /** The input field at fault, e.g. `customer.annual_spend` or `lines[2].arrears_since`. */
  readonly field: string | null;
  /** The offending value as text. */
  readonly value: string | null;
  /** The bad row of a batch call. */
  readonly row?: number;
}

export interface Package {
  monthlyFee: Money;
  /** Needed when `ratingYear` is given: a package subscribed by 30 June counts. */
  subscribedOn?: DateLike;
}
interface TierCommon {
  package?: Package;
  ratingYear?: number;
}
export type TierInput =
  | ({ kind?: "personal"; brand: Brand; annualSpend: Money } & TierCommon)
  | { kind: "enterprise"; annualRevenue: Money }
  | { kind: "government"; rank: Rank };
export interface TierResult {
  tier: Tier;
  basis: TierBasis | null;
  rule: "TIER.PERSONAL.EHOME" | "TIER.PERSONAL.TIANYI" | "TIER.PERSONAL.OTHER" | "TIER.ENTERPRISE.REVENUE" | "TIER.ENTERPRISE.GOV";
  /** TIER.PROVISIONAL: a provisional (non-card) member; only when the tier is none. */
  provisionalMember: boolean;
}

export interface ReviewInput {
  previousTier: Tier;
  current: TierInput;
  override?: { tier: Tier; approvalRef: string };
}
export interface ReviewResult {
  tier: Tier;
  change: Change;
  overridden: boolean;
  evaluatedTier: Tier;
  rule: "TIER.REVIEW";
}

export interface Line {
  id: string;
  active?: boolean;
  arrearsSince?: DateLike;
  reminded?: boolean;
}
export interface StatusInput {
  asOf: DateLike;
  lines: Line[];
  cancelRequested?: boolean;
  cardExpiresOn?: DateLike;
  misconduct?: boolean;
}
export type StatusReason =
  | "STATUS.CANCEL.NO_SERVICE"
  | "STATUS.CANCEL.ARREARS"
  | "STATUS.CANCEL.REQUEST"
  | "STATUS.CANCEL.EXPIRED"
  | "STATUS.CANCEL.MISCONDUCT"
  | "STATUS.FREEZE";
export interface StatusResult {
  status: Status;
  reasons: StatusReason[];
  pointsFrozen: boolean;
}

export type DeadlineInput =
  | { rule: DeadlineRule; area?: Area; start: Instant; done?: Instant }
  | { clock: FreeClock; amount: number | bigint; start: Instant; done?: Instant };
export interface DeadlineResult {
  due: IsoInstant;
  clock: Clock;
  rule?: DeadlineRule;
  /** `done <= due`, when `done` was given. */
  met?: boolean;
}

export interface Lot {
  id: string;
  points: number | bigint;
  earnedOn: DateLike;
  expiresOn?: DateLike;
  kind?: LotKind;
}
export interface Account {
  accountId: string;
  customerId: string;
  lots: Lot[];
}
export interface PointsBalance {
  total: number;
  expired: number;
  order: string[];
  rule?: "POINTS.MERGE";
}
export interface Redemption {
  consumed: { id: string; points: number }[];
  remaining: number;
  rule?: "POINTS.REDEEM_ORDER";
}
export interface PointsChange {
  date: IsoDate;
  what: "earned" | "redeemed" | "expired";
  lot: string;
  points: number;
}

export interface HolidayName {
  key: string;
  zh: string;
}
export interface CalendarDay {
  workingDay: boolean;
  makeupWorkday: boolean;
  holiday: boolean;
  holidayName: string | null;
  holidayNameZh: string | null;
  makeupFor: string | null;
  kind: DayKind;
  rule: "INTERP.CALENDAR";
}
export interface NotifyResult {
  allowed: boolean;
  nextAllowed: IsoInstant;
  rule: "NOTIFY.WINDOW";
}
export interface CutoverInput {
  start: Instant;
  outageHours: Money;
  keyCustomers: boolean;
}
export interface CutoverResult {
  requiresApproval: boolean;
  /** `start − 72 h`, when no approval is required. */
  notifyBy?: IsoInstant;
  rule: "SLA.CUTOVER";
}
export interface DunningResult {
  voiceAllowed: boolean;
  rule: "DUNNING.CHANNEL";
}
export interface PunctualityResult {
  onTime: boolean;
  deviationSeconds: number;
  rule: "SLA.APPOINTMENT.PUNCTUAL";
}

export interface Document {
  short: string;
  file: string | null;
  title: string;
}
export interface Rule {
  id: string;
  document: Document;
  clause: string;
  words: string;
  summary: string;
  computed: boolean;
  params: Record<string, string>;
}
export type Step =
  | { type: "note"; text: string }
  | { type: "day"; date: IsoDate; kind: DayKind; counted: boolean; holiday: HolidayName | null };
export interface Explanation {
  rules: Rule[];
  steps: Step[];
}

/** One request of the JSON contract (VECTORS.md) with its snake_case input. */
export interface Request {
  op: string;
  input?: Record<string, unknown>;
  explain?: boolean;
}
export type Response = Record<string, unknown> & {
  error?: { kind: ErrorKind; message: string; field: string | null; value: string | null };
};

export function evaluate(request: Request | string): Response;
export function tier(input: TierInput): TierResult;
export function review(input: ReviewInput): ReviewResult;
export function status(input: StatusInput): StatusResult;
export function deadline(input: DeadlineInput): DeadlineResult;
export function mergePoints(input: { customerId: string; asOf: DateLike; accounts: Account[] }): PointsBalance;
export function redeemPoints(input: { lots: Lot[]; asOf: DateLike; points: number | bigint; frozen?: boolean }): Redemption;
export function calendarDay(date: DateLike): CalendarDay;
export function isWorkingDay(date: DateLike): boolean;
export function addWorkingDays(date: DateLike, days: number): IsoDate;
export function countWorkingDays(from: DateLike, to: DateLike): number;
export function notifyWindow(at: Instant, region?: Region): NotifyResult;
export function cutover(input: CutoverInput): CutoverResult;
export function dunning(arrearsCount: number): DunningResult;
export function punctuality(input: { agreed: Instant; arrived: Instant }): PunctualityResult;

export interface ExplainArgs {
  tier: [TierInput];
  review: [ReviewInput];
  status: [StatusInput];
  deadline: [DeadlineInput];
  mergePoints: [{ customerId: string; asOf: DateLike; accounts: Account[] }];
  redeemPoints: [{ lots: Lot[]; asOf: DateLike; points: number | bigint; frozen?: boolean }];
  calendarDay: [DateLike];
  isWorkingDay: [DateLike];
  addWorkingDays: [DateLike, number];
  countWorkingDays: [DateLike, DateLike];
  notifyWindow: [Instant, Region?];
  cutover: [CutoverInput];
  dunning: [number];
  punctuality: [{ agreed: Instant; arrived: Instant }];
}
/** The rules and steps behind a typed call, e.g. `explain("deadline", { rule, start })`. */
export function explain<F extends keyof ExplainArgs>(fn: F, ...args: ExplainArgs[F]): Explanation;

export function rules(): Rule[];
export function rules(id: string): Rule;

/** A calendar document in the built-in format. */
export interface CalendarDocument {
  years: Record<
    string,
    {
      holidays?: { date: IsoDate; name: string; name_zh: string }[];
      makeup_workdays?: { date: IsoDate; for: string }[];
    }
  >;
}
export function loadCalendar(document: CalendarDocument | string): number[];
export function resetCalendar(): void;
export function knownYears(): number[];

export class PointsLedger {
  constructor(customerId: string);
  readonly customerId: string;
  merge(accounts: Account[]): void;
  earn(lots: Lot[]): void;
  balance(asOf: DateLike): PointsBalance;
  redeem(on: DateLike, points: number, options?: { frozen?: boolean }): Redemption;
  history(from: DateLike, to: DateLike): PointsChange[];
}

type PerRow<T> = T | readonly (T | null)[];
export interface DeadlinesOptions {
  rule?: PerRow<DeadlineRule>;
  area?: PerRow<Area>;
  clock?: PerRow<FreeClock>;
  amount?: PerRow<number>;
  /** `"null"` answers a bad row with null instead of throwing. */
  errors?: "raise" | "null";
}
export function deadlines(starts: Float64Array, options: DeadlinesOptions): Float64Array;
export function deadlines(starts: readonly (Instant | number | null)[], options: DeadlinesOptions): (IsoInstant | null)[];
export function tiers(
  kindOrBrand: PerRow<Brand | "enterprise">,
  amounts: Float64Array | readonly (Money | null)[],
  options?: { errors?: "raise" | "null" },
): (Tier | null)[];

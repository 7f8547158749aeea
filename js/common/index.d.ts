// Types of the guifan JavaScript API, shared by `guifan` (WebAssembly) and `@guifan/node` (napi).
// The ticket types come from the generated contract (./contract.d.ts, from the core's types):
// here they only take the JS forms of instants and the rule ids of a pack.
import type * as Contract from "./contract.js";

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

// The enumerations come from the core's types and the built-in pack (contract.d.ts, generated).
export type Tier = Contract.Tier;
export type Brand = Contract.BuiltinBrand;
export type Rank = Contract.BuiltinRank;
export type TierBasis = Contract.Basis;
export type Change = Contract.Change;
export type Status = Contract.Status;
export type Clock = Contract.Clock;
/** The clocks a deadline without a rule may name (those with an amount of their own). */
export type FreeClock = Extract<Clock, "clock_hours" | "calendar_days" | "working_days" | "working_minutes">;
export type Area = Contract.Area;
export type Region = Contract.BuiltinRegion;
export type LotKind = Contract.LotKind;
export type DayKind = Contract.DayKind;
export type DeadlineRule = Contract.BuiltinDeadlineRule;
export type TierRule = Contract.BuiltinTierRule;

/** The names a rule pack defines, which calls name: personal brands, government ranks, regions
 * of the notification windows, deadline rule ids and tier table rule ids. */
export interface PackKeys {
  brand: string;
  rank: string;
  region: string;
  deadlineRule: string;
  tierRule: string;
}
/** The names of the built-in pack: what the module-level functions take and answer with. */
export interface BuiltinKeys extends PackKeys {
  brand: Brand;
  rank: Rank;
  region: Region;
  deadlineRule: DeadlineRule;
  tierRule: TierRule;
}
/** The names of any pack, as an `Engine` takes them: the built-in names are suggested, any
 * other name a loaded pack defines is accepted (and checked by the pack when called). */
export interface AnyKeys extends PackKeys {
  brand: Brand | (string & {});
  rank: Rank | (string & {});
  region: Region | (string & {});
  deadlineRule: DeadlineRule | (string & {});
  tierRule: TierRule | (string & {});
}

/** The contract's error kinds, from the core (`internal`: a bug in guifan — a panic in the native
 * layer, or a trapped WebAssembly module, after which every call of that module throws it; never an
 * answer about the input). */
export type ErrorKind = Contract.ErrorKind;

/** One problem of an invalid rule pack: where (`tiers.personal.e_home.bands[1].min`), what was
 * there, and what is wrong. */
export interface Problem {
  field: string;
  value: string;
  message: string;
}

/** An error of guifan; `kind` is the stable error kind of the contract. */
export class GuifanError extends Error {
  readonly name: "GuifanError";
  readonly kind: ErrorKind;
  /** The input field at fault, e.g. `customer.annual_spend`, `lines[2].arrears_since`, or for
   * an invalid pack the path of its first problem. */
  readonly field: string | null;
  /** The offending value as text. */
  readonly value: string | null;
  /** The bad row of a batch call. */
  readonly row?: number;
  /** Every problem of an invalid rule pack (`kind` is `invalid_input`); absent otherwise. */
  readonly problems?: Problem[];
}

/** The rule pack a result came from. */
export interface PackRef {
  name: string;
  version: string;
}
/** A rule pack of an engine. */
export interface PackInfo extends PackRef {
  /** The first day it is in force; null: every date before the next pack. */
  effectiveFrom: IsoDate | null;
  description: string;
}

export interface Package {
  monthlyFee: Money;
  /** Needed when `ratingYear` is given: a package subscribed by 30 June counts. */
  subscribedOn?: DateLike;
}
interface TierCommon {
  package?: Package;
  ratingYear?: number;
  /** The date whose rule pack rates the customer (an engine with several packs); default: the
   * latest pack. */
  asOf?: DateLike;
}
export type TierInput<K extends PackKeys = BuiltinKeys> =
  | ({ kind?: "personal"; brand: K["brand"]; annualSpend: Money } & TierCommon)
  | ({ kind: "enterprise"; annualRevenue: Money } & Pick<TierCommon, "asOf">)
  | ({ kind: "government"; rank: K["rank"] } & Pick<TierCommon, "asOf">);
/** A band of a tier table, its ends as the pack writes them (`>= 3360`, `< 3600`). */
export interface Band {
  tier: Tier;
  min: string;
  max: string | null;
}
export interface TierResult<K extends PackKeys = BuiltinKeys> {
  tier: Tier;
  basis: TierBasis | null;
  rule: K["tierRule"];
  /** TIER.PROVISIONAL: a provisional (non-card) member; only when the tier is none. */
  provisionalMember: boolean;
  /** The band the amount fell in, when rated on a table. */
  band: Band | null;
  pack: PackRef;
}

export interface ReviewInput<K extends PackKeys = BuiltinKeys> {
  previousTier: Tier;
  current: TierInput<K>;
  override?: { tier: Tier; approvalRef: string };
}
export interface ReviewResult {
  tier: Tier;
  change: Change;
  overridden: boolean;
  evaluatedTier: Tier;
  rule: "TIER.REVIEW";
  pack: PackRef;
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

/** A deadline under a rule of the pack in force on the start's Beijing date, or a free clock. */
export type DeadlineInput<K extends PackKeys = BuiltinKeys> =
  | { rule: K["deadlineRule"]; area?: Area; start: Instant; done?: Instant; pauses?: Pause[]; region?: string }
  | { clock: FreeClock; amount: number | bigint; start: Instant; done?: Instant; pauses?: Pause[]; region?: string };

export type { CustomerClass, Incident, RemainingUnit, TargetState } from "./contract.js";

/** A contract shape as the typed calls take it: its fields `K` hold instants, given as a Date
 * or ISO text (the contract's are ISO text). */
type TakingInstants<T, K extends keyof T> = { [P in keyof T]: P extends K ? InstantIn<T[P]> : T[P] };
type InstantIn<V> = V extends string ? Instant : V;

/** A span `[from, to)` in which a deadline's clock stops (INTERP.PAUSE); open while `to` is
 * absent or null. */
export type Pause = TakingInstants<Contract.Pause, "from" | "to">;

/** A ticket measured against several targets at once (SLA.TICKET): the pack's policy for an
 * incident and customer class, or the rules given. */
export type TicketInput<K extends PackKeys = BuiltinKeys> = TakingInstants<
  Omit<Contract.TicketInput, "incident" | "customerClass" | "rules" | "done" | "pauses">,
  "start" | "asOf"
> & {
  /** When each finished target was done: rule id → instant. */
  done?: { [rule: string]: Instant };
  pauses?: Pause[];
} & (
    | { incident: Contract.Incident; customerClass: Contract.CustomerClass }
    | { rules: K["deadlineRule"][] }
  );
/** One target of a ticket: its due and state at `asOf`. */
export type TicketTarget<K extends PackKeys = BuiltinKeys> = Omit<Contract.Target, "rule"> & { rule: K["deadlineRule"] };
export type TicketResult<K extends PackKeys = BuiltinKeys> = Omit<Contract.TicketOutput, "targets" | "explanation"> & {
  targets: TicketTarget<K>[];
  /** On an engine with `provisional: true`: a target rests on a year without a published
   * schedule (INTERP.PROVISIONAL), listed in `provisionalYears`. Absent otherwise. */
  provisional?: true;
};
export interface DeadlineResult<K extends PackKeys = BuiltinKeys> {
  /** null while an open pause leaves it unknown (INTERP.PAUSE). */
  due: IsoInstant | null;
  clock: Clock;
  rule?: K["deadlineRule"];
  /** `done <= due`, when `done` was given. */
  met?: boolean;
  pack: PackRef;
  /** On an engine with `provisional: true`: the answer rests on a year without a published
   * schedule (INTERP.PROVISIONAL), listed in `provisionalYears`. Absent otherwise. */
  provisional?: true;
  provisionalYears?: number[];
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
export interface MergeInput {
  customerId: string;
  asOf: DateLike;
  accounts: Account[];
}
export interface RedeemInput {
  lots: Lot[];
  asOf: DateLike;
  points: number | bigint;
  frozen?: boolean;
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
  /** On an engine with `provisional: true`, for a day of a year without a published schedule
   * (INTERP.PROVISIONAL): its rest days are the statutory holidays only. Absent otherwise. */
  provisional?: true;
  provisionalYears?: number[];
}
export interface NotifyResult {
  allowed: boolean;
  nextAllowed: IsoInstant;
  rule: "NOTIFY.WINDOW";
  pack: PackRef;
}
export interface VisitInput<K extends PackKeys = BuiltinKeys> {
  at: Instant;
  /** A region of the pack (built in: `default`, `xinjiang`, `tibet`); default `default`. */
  region?: K["region"];
  /** When the installation was booked: a visit must also wait the pack's lead time after it. */
  booked?: Instant;
}
export interface VisitResult {
  allowed: boolean;
  nextAllowed: IsoInstant;
  /** `booked` plus the pack's installation lead time, moved into the visit hours. */
  earliestInstall?: IsoInstant;
  rule: "VISIT.WINDOW";
  pack: PackRef;
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
export interface PunctualityInput {
  agreed: Instant;
  arrived: Instant;
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
/** A step of an explanation: a note, a day counted or skipped (`paused`: skipped as a pause
 * covered all of it), where a ticket's target begins, a pause as counted. */
export type Step = Contract.Step;
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
/** An error as `evaluate` answers it. */
export interface ErrorAnswer {
  error: { kind: ErrorKind; message: string; field: string | null; value: string | null; problems?: Problem[] };
}
export type Response = Record<string, unknown> & Partial<ErrorAnswer>;

/** The `visit` op (VISIT.WINDOW): whether an on-site visit may happen at `at` in a region of the
 * pack, and the next instant one may; with `booked`, the earliest installation visit too. */
export interface VisitRequest {
  op: "visit";
  input: { at: Instant; region?: string; booked?: Instant };
  explain?: boolean;
}
export interface VisitAnswer {
  allowed: boolean;
  next_allowed: IsoInstant;
  /** `booked` plus the pack's installation lead time, when `booked` was given. */
  earliest_install?: IsoInstant;
  rule: "VISIT.WINDOW";
  pack: PackRef;
  explanation?: Explanation;
}

/** The arguments of each typed call, for `explain`. */
export interface ExplainArgs<K extends PackKeys = BuiltinKeys> {
  tier: [TierInput<K>];
  review: [ReviewInput<K>];
  status: [StatusInput];
  deadline: [DeadlineInput<K>];
  ticket: [TicketInput<K>];
  mergePoints: [MergeInput];
  redeemPoints: [RedeemInput];
  calendarDay: [DateLike];
  isWorkingDay: [DateLike];
  addWorkingDays: [DateLike, number];
  countWorkingDays: [DateLike, DateLike];
  notifyWindow: [Instant, K["region"]?];
  visit: [VisitInput<K>];
  cutover: [CutoverInput];
  dunning: [number];
  punctuality: [PunctualityInput];
}

type PerRow<T> = T | readonly (T | null)[];
export interface DeadlinesOptions<K extends PackKeys = BuiltinKeys> {
  rule?: PerRow<K["deadlineRule"]>;
  area?: PerRow<Area>;
  clock?: PerRow<FreeClock>;
  amount?: PerRow<number>;
  /** `"null"` answers a bad row with null instead of throwing. */
  errors?: "raise" | "null";
}

/** What every call runs on: the methods of an `Engine`, and the module-level functions (on the
 * built-in pack and calendar plus what `loadCalendar` added). */
export interface Calls<K extends PackKeys = BuiltinKeys> {
  /** One request of the JSON contract, as an object or JSON text; errors are answered as data. */
  evaluate(request: VisitRequest): VisitAnswer | ErrorAnswer;
  evaluate(request: Request | string): Response;
  /** The membership tier of a customer (TIER.*). */
  tier(input: TierInput<K>): TierResult<K>;
  /** The yearly review against the previous tier, with an optional approved override. */
  review(input: ReviewInput<K>): ReviewResult;
  /** Membership status: active, frozen or cancelled, with every reason. */
  status(input: StatusInput): StatusResult;
  /** A deadline under a rule (or a free clock), and whether `done` met it. */
  deadline(input: DeadlineInput<K>): DeadlineResult<K>;
  /** Each target of a ticket, its due and state at `asOf`, and the ticket's state (SLA.TICKET). */
  ticket(input: TicketInput<K>): TicketResult<K>;
  /** A customer's accounts merged into one balance (POINTS.MERGE). */
  mergePoints(input: MergeInput): PointsBalance;
  /** Points redeemed from lots, soonest expiry first (POINTS.REDEEM_ORDER). */
  redeemPoints(input: RedeemInput): Redemption;
  /** What the calendar says about a date. */
  calendarDay(date: DateLike): CalendarDay;
  /** Whether a date is a working day. */
  isWorkingDay(date: DateLike): boolean;
  /** The `days`-th working day after `date` (the date itself not counted). */
  addWorkingDays(date: DateLike, days: number): IsoDate;
  /** Working days from `from` to `to`, both included. */
  countWorkingDays(from: DateLike, to: DateLike): number;
  /** Whether a call or SMS may go out at `at`, and the next instant it may (NOTIFY.WINDOW). */
  notifyWindow(at: Instant, region?: K["region"]): NotifyResult;
  /** Whether a technician may call at `at` (the pack's on-site hours; with `booked`, not before
   * the installation lead time), and the next instant one may (VISIT.WINDOW). */
  visit(input: VisitInput<K>): VisitResult;
  /** What a planned outage needs: approval, or the notice deadline (SLA.CUTOVER). */
  cutover(input: CutoverInput): CutoverResult;
  /** Whether recorded voice dunning is allowed for a customer's n-th arrears (DUNNING.CHANNEL). */
  dunning(arrearsCount: number): DunningResult;
  /** Whether an installer arrived within 10 minutes of the agreed time. */
  punctuality(input: PunctualityInput): PunctualityResult;
  /** The rules and steps behind a typed call, e.g. `explain("deadline", { rule, start })`. */
  explain<F extends keyof ExplainArgs<K>>(fn: F, ...args: ExplainArgs<K>[F]): Explanation;
  /** The rule catalogue as the pack in force on `asOf` cites it (default: the latest pack). */
  rules(id?: undefined, options?: { asOf?: DateLike }): Rule[];
  /** One rule with its clause, original words and parameters. */
  rules(id: string, options?: { asOf?: DateLike }): Rule;
  /** The rule packs, in the order they take effect. */
  packs(): PackInfo[];
  /** The years whose working-day schedule is known (published). */
  knownYears(): number[];
  /** Each known year with where its schedule comes from (the notices' titles, numbers, dates). */
  calendarSources(): YearSources[];
  /** The year without a known schedule to warn about on `today` (default: now): this year, or
   * next year when it starts within 60 days; null when there is none. */
  unknownYearAhead(today?: DateLike): UnknownYear | null;
  /** Due instants for many tickets, each under the pack in force on its start: a Float64Array
   * of epoch milliseconds in and out (NaN for null)… */
  deadlines(starts: Float64Array, options: DeadlinesOptions<K>): Float64Array;
  /** …or Dates / ISO strings / nulls in, ISO strings at +08:00 (or null) out. */
  deadlines(starts: readonly (Instant | number | null)[], options: DeadlinesOptions<K>): (IsoInstant | null)[];
  /** Tiers of many amounts on the latest pack: a brand or `enterprise`, or one per row. */
  tiers(
    kindOrBrand: PerRow<K["brand"] | "enterprise">,
    amounts: Float64Array | readonly (Money | null)[],
    options?: { errors?: "raise" | "null" },
  ): (Tier | null)[];
}

/** An end of a tier band: `>= 3360`, `> 1000` (lower ends), `< 3600`, `<= 2000` (upper ends). */
export type BoundText = `${">" | ">=" | "<" | "<="}${string}`;
/** Where an entry of a pack comes from. */
export interface SourceDocument {
  document: string;
  clause: string;
  words: string;
  summary?: string;
}
export interface TierTableDocument {
  rule: string;
  source: SourceDocument;
  bands: { tier: Exclude<Tier, "none">; min: BoundText; max?: BoundText }[];
}
export interface SlaRuleDocument {
  id: string;
  incident?: Contract.Incident;
  class?: Contract.CustomerClass;
  clock: Clock;
  /** Hours, days or minutes; per area when they differ. */
  amount?: number | { urban: number; rural: number };
  /** `HH:MM`, for `same_day_cutoff`. */
  cutoff?: string;
  source: SourceDocument;
}
export interface SpanDocument {
  from: string;
  to: string;
}
/** A rule pack (see `spec-tests/packs/sample-province.json`; the built-in pack is
 * `crates/guifan-core/data/pack-builtin.json`). */
export interface PackDocument {
  name: string;
  version: string;
  /** `YYYY-MM-DD`; absent: in force for every date before the next pack. */
  effective_from?: IsoDate;
  description?: string;
  tiers: {
    personal: Record<string, TierTableDocument>;
    enterprise: TierTableDocument;
    government: { rule: string; source: SourceDocument; ranks: Record<string, Tier> };
    provisional: { rule: string; source: SourceDocument; min_monthly_fee: Money };
    /** Left out: the built-in pack's. */
    package?: { rule: "TIER.PACKAGE"; source: SourceDocument; months: number; subscribed_by: string };
  };
  sla: SlaRuleDocument[];
  office_hours: { open: string; close: string; source: SourceDocument };
  notify: { rule: string; source: SourceDocument; blocked: Record<string, SpanDocument[]> };
  visit: { rule: string; source: SourceDocument; blocked: Record<string, SpanDocument[]>; install_after_hours: number };
  /** The limits below may be left out: the built-in pack's apply. */
  arrears?: { rule: "STATUS.CANCEL.ARREARS"; source: SourceDocument; months: number };
  cutover?: { rule: "SLA.CUTOVER"; source: SourceDocument; max_notice_only_hours: number; notice_hours: number };
  counter?: {
    rule: "SLA.COUNTER";
    source: SourceDocument;
    nat_single_item: number;
    nat_wait: number;
    cu_wait: number;
    cu_single_item: number;
    cu_vip_wait: number;
    cu_appointment_wait: number;
  };
  punctuality?: { rule: "SLA.APPOINTMENT.PUNCTUAL"; source: SourceDocument; tolerance_minutes: number; misses_for_breach: number };
  dunning?: { rule: "DUNNING.CHANNEL"; source: SourceDocument; voice_from_arrears: number };
  benefits?: {
    diamond: {
      rule: "BENEFIT.DIAMOND";
      source: SourceDocument;
      credit_uplift_cap: Money;
      onsite_payment_from: Money;
      small_balance_max: Money;
      reopenings_per_month: number;
    };
  };
  /** The targets of each incident and customer class (SLA.TICKET), in the order the work meets them. */
  tickets?: {
    rule: "SLA.TICKET";
    source: SourceDocument;
    policies: { incident: Contract.Incident; class: Contract.CustomerClass; targets: string[] }[];
  };
}

/** A calendar document in the built-in format: national years, or with `overlay` a layer on
 * top of them whose holidays close days and whose make-up working days open them. */
export interface CalendarDocument {
  calendar?: string;
  overlay?: string;
  description?: string;
  years: Record<string, CalendarYear>;
  /** Days set on top of a year's schedule: a supplementary notice, or days a notice sets in the
   * previous year (a New Year block starting in December). */
  amends?: Record<string, CalendarYear>;
}
export interface CalendarYear {
  /** Where the year's schedule comes from (a notice's title, number and date). */
  source?: string;
  holidays?: { date: IsoDate; name: string; name_zh: string }[];
  makeup_workdays?: { date: IsoDate; for: string }[];
}

export interface EngineOptions {
  /** A pack as an object, JSON text or TOML text (TOML: through `Engine.create`); or several,
   * each in force from its `effective_from`. Default: the built-in pack. */
  pack?: PackDocument | string | readonly (PackDocument | string)[];
  /** Calendar documents (objects or JSON text), loaded in order on top of the built-in
   * calendar. */
  calendar?: CalendarDocument | string | readonly (CalendarDocument | string)[];
  /** Answer years without a published schedule (2025–2100) from the statutory holidays of
   * 全国年节及纪念日放假办法, flagging every answer that rests on one (`provisional`,
   * `provisionalYears`). Default false: such years are a `calendar_year_unknown` error. */
  provisional?: boolean;
}

/** A known year and where its schedule comes from. */
export interface YearSources {
  year: number;
  sources: string[];
}
/** A year without a known schedule, `daysUntil` its 1 January (0 or less: it has started). */
export interface UnknownYear {
  year: number;
  daysUntil: number;
}

/** Rule packs and a working-day calendar; every call runs on one. Immutable once built. In
 * WebAssembly its memory is released when it is garbage-collected, or at once with `free()`. */
export interface Engine extends Calls<AnyKeys> {}
export class Engine {
  /** Throws a `GuifanError` for an invalid pack (with `problems`) or calendar, and for a TOML
   * pack before the TOML reader is loaded (use `Engine.create`). */
  constructor(options?: EngineOptions);
  /** The same engine, loading the TOML reader first when a pack is TOML text. */
  static create(options?: EngineOptions): Promise<Engine>;
  /** Releases the engine now; later calls throw a TypeError. */
  free(): void;
}

export const evaluate: Calls["evaluate"];
export const tier: Calls["tier"];
export const review: Calls["review"];
export const status: Calls["status"];
export const deadline: Calls["deadline"];
export const ticket: Calls["ticket"];
export const mergePoints: Calls["mergePoints"];
export const redeemPoints: Calls["redeemPoints"];
export const calendarDay: Calls["calendarDay"];
export const isWorkingDay: Calls["isWorkingDay"];
export const addWorkingDays: Calls["addWorkingDays"];
export const countWorkingDays: Calls["countWorkingDays"];
export const notifyWindow: Calls["notifyWindow"];
export const visit: Calls["visit"];
export const cutover: Calls["cutover"];
export const dunning: Calls["dunning"];
export const punctuality: Calls["punctuality"];
export const explain: Calls["explain"];
export const rules: Calls["rules"];
export const packs: Calls["packs"];
export const knownYears: Calls["knownYears"];
export const calendarSources: Calls["calendarSources"];
export const unknownYearAhead: Calls["unknownYearAhead"];
export const deadlines: Calls["deadlines"];
export const tiers: Calls["tiers"];

/** Adds or replaces calendar years, or a layer, in the engine of the module-level functions;
 * returns the years loaded. `Engine` values are not affected. */
export function loadCalendar(document: CalendarDocument | string): number[];
/** The calendar document of a State Council notice on the holiday arrangements (its text as
 * published), or of several in publication order (a supplementary notice after its year's),
 * ready for `new Engine({ calendar })` and `loadCalendar`. A text that disagrees with itself
 * throws a `GuifanError` (`invalid_input`) listing every problem with its line. */
export function calendarFromNotice(text: string | readonly string[]): CalendarDocument;
/** Back to the built-in schedule (2004–2026) for the module-level functions. */
export function resetCalendar(): void;

export class PointsLedger {
  constructor(customerId: string);
  readonly customerId: string;
  merge(accounts: Account[]): void;
  earn(lots: Lot[]): void;
  balance(asOf: DateLike): PointsBalance;
  redeem(on: DateLike, points: number | bigint, options?: { frozen?: boolean }): Redemption;
  history(from: DateLike, to: DateLike): PointsChange[];
}

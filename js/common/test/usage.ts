// A typed use of the API, checked by `tsc --noEmit` in both packages: the calls below compile,
// the ones marked @ts-expect-error must not.
import type * as Guifan from "../index.js";

export function usage(g: typeof Guifan): void {
  const t: Guifan.TierResult = g.tier({ brand: "e_home", annualSpend: "3359.99" });
  const tier: "none" | "silver" | "gold" | "diamond" = t.tier;
  g.tier({ kind: "enterprise", annualRevenue: 300000 });
  g.tier({ kind: "government", rank: "bureau" });
  g.tier({ brand: "tianyi", annualSpend: 1000, package: { monthlyFee: 86, subscribedOn: "2025-06-30" }, ratingYear: 2025 });
  // @ts-expect-error not a brand
  g.tier({ brand: "ctnet", annualSpend: 1 });
  // @ts-expect-error enterprise customers have revenue, not spend
  g.tier({ kind: "enterprise", annualSpend: 1 });

  const d = g.deadline({ rule: "SLA.COMPLAINT.ORDINARY", start: new Date(), done: "2025-10-11T18:00" });
  const met: boolean | undefined = d.met;
  const clock: Guifan.Clock = d.clock;
  g.deadline({ clock: "working_minutes", amount: 30, start: "2025-09-30T19:50" });
  // @ts-expect-error same_day_cutoff is not a free clock
  g.deadline({ clock: "same_day_cutoff", amount: 1, start: "2025-09-30T19:50" });
  // @ts-expect-error not a deadline rule
  g.deadline({ rule: "SLA.CUTOVER", start: "2025-09-30T10:00" });

  // A ticket: a policy (incident and customer class) or rules, instants as Dates or text.
  const ticket: Guifan.TicketResult = g.ticket({
    incident: "fault",
    customerClass: "vip",
    start: new Date(),
    done: { "SLA.FAULT.VIP": "2025-03-03T09:00" },
    pauses: [{ from: new Date(), to: "2025-03-03T18:00" }, { from: "2025-03-03T20:00", to: null }, { from: "2025-03-04T08:00" }],
    asOf: new Date(),
    area: "rural",
    region: "xinjiang",
  });
  const ticketState: Guifan.TargetState = ticket.state;
  const target: Guifan.TicketTarget = ticket.targets[0];
  const targetRule: Guifan.DeadlineRule = target.rule;
  const targetDue: string | null = target.due;
  const unit: Guifan.RemainingUnit | null | undefined = target.remainingUnit;
  const left: number | null | undefined = target.remaining;
  const policyInput: Guifan.TicketInput = { incident: "complaint", customerClass: "ordinary", start: "2025-09-30T10:00" };
  const incident: Guifan.Incident = "complaint";
  const customerClass: Guifan.CustomerClass = "brand";
  const pause: Guifan.Pause = { from: new Date() };
  g.ticket({ rules: ["SLA.ACCEPT.REVIEW", "SLA.ACCEPT.NOTIFY"], start: "2025-03-07T16:00", asOf: "2025-03-09T10:00" });
  const ticketSteps: Guifan.Explanation = g.explain("ticket", policyInput);
  // @ts-expect-error not a customer class
  g.ticket({ incident: "fault", customerClass: "gold", start: "2025-03-03T09:00" });
  // @ts-expect-error a policy needs its customer class
  g.ticket({ incident: "fault", start: "2025-03-03T09:00" });
  // @ts-expect-error not a deadline rule
  g.ticket({ rules: ["SLA.CUTOVER"], start: "2025-03-03T09:00" });
  // @ts-expect-error a pause starts somewhere
  g.ticket({ rules: ["SLA.FAULT.CONTACT"], start: "2025-03-03T09:00", pauses: [{ to: "2025-03-03T10:00" }] });
  // @ts-expect-error not a state
  const notState: Guifan.TargetState = "late";
  // @ts-expect-error remaining time is seconds or days
  const notUnit: Guifan.RemainingUnit = "hours";
  void [ticketState, targetRule, targetDue, unit, left, incident, customerClass, pause, ticketSteps, notState, notUnit];

  const r: Guifan.ReviewResult = g.review({ previousTier: "gold", current: { brand: "other", annualSpend: 100 }, override: { tier: "gold", approvalRef: "A" } });
  const change: "upgrade" | "downgrade" | "unchanged" | "joined" | "left" = r.change;
  const s = g.status({ asOf: "2025-06-01", lines: [{ id: "L1", arrearsSince: "2025-01-31", reminded: true }] });
  const reasons: Guifan.StatusReason[] = s.reasons;
  const n: Guifan.NotifyResult = g.notifyWindow(new Date(), "tibet");
  // @ts-expect-error not a region
  g.notifyWindow(new Date(), "hainan");
  const v: Guifan.VisitResult = g.visit({ at: "2025-03-03T21:30", booked: new Date() });
  const earliest: string | undefined = v.earliestInstall;
  // @ts-expect-error at is required
  g.visit({ region: "tibet" });
  const working: boolean = g.isWorkingDay("2025-10-11");
  const next: string = g.addWorkingDays("2025-09-30", 3);
  const count: number = g.countWorkingDays("2025-10-01", "2025-10-12");
  const c: Guifan.CutoverResult = g.cutover({ start: "2025-06-10T01:00", outageHours: "24", keyCustomers: false });
  const e: Guifan.Explanation = g.explain("deadline", { rule: "SLA.REPAIR.SAMEDAY", start: "2025-03-03T16:00" });
  const step = e.steps[0];
  if (step?.type === "day") {
    const kind: Guifan.DayKind = step.kind;
    void kind;
  }
  // @ts-expect-error explain takes the function's own arguments
  g.explain("dunning", "two");

  const ledger = new g.PointsLedger("C1");
  ledger.earn([{ id: "a", points: 10, earnedOn: "2025-01-01", expiresOn: "2025-06-30", kind: "promotional" }]);
  const red: Guifan.Redemption = ledger.redeem("2025-03-01", 4, { frozen: false });

  const dues: Float64Array = g.deadlines(new Float64Array([Date.now()]), { rule: "SLA.FEEDBACK" });
  const isoDues: (string | null)[] = g.deadlines(["2025-09-30T10:00", null], { rule: "SLA.FAULT.ORDINARY", area: ["urban", "rural"] });
  const tiers: (Guifan.Tier | null)[] = g.tiers("e_home", [3360, "3359.99", null]);
  const years: number[] = g.loadCalendar({ years: { "2027": { holidays: [], makeup_workdays: [] } } });
  g.loadCalendar({ overlay: "acme", years: { "2025": { holidays: [{ date: "2025-12-31", name: "acme", name_zh: "停业" }] } } });

  // An engine over other packs and calendars takes the names its packs define.
  const pack: Guifan.PackDocument = {
    name: "province",
    version: "1",
    effective_from: "2027-01-01",
    tiers: {
      personal: { family_plus: { rule: "P.FAMILY", source: { document: "P", clause: "1", words: "…" }, bands: [{ tier: "gold", min: ">= 1500" }] } },
      enterprise: { rule: "P.ENT", source: { document: "P", clause: "2", words: "…" }, bands: [{ tier: "silver", min: "> 0", max: "<= 10" }] },
      government: { rule: "P.GOV", source: { document: "P", clause: "3", words: "…" }, ranks: { bureau: "diamond" } },
      provisional: { rule: "P.PROV", source: { document: "P", clause: "4", words: "…" }, min_monthly_fee: "60" },
    },
    sla: [{ id: "P.REFUND", clock: "calendar_days", amount: 7, source: { document: "P", clause: "5", words: "…" } }],
    office_hours: { open: "09:00", close: "18:00", source: { document: "P", clause: "6", words: "…" } },
    notify: { rule: "NOTIFY.WINDOW", source: { document: "P", clause: "7", words: "…" }, blocked: { default: [{ from: "21:00", to: "09:00" }] } },
    visit: { rule: "VISIT.WINDOW", source: { document: "P", clause: "8", words: "…" }, blocked: {}, install_after_hours: 48 },
  };
  const engine = new g.Engine({ pack: [pack, "name = \"toml\""], calendar: [{ years: {} }, "{}"] });
  new g.Engine();
  new g.Engine({ calendar: { overlay: "acme", years: {} } });
  // The new year: a notice read into a calendar, provisional answers, what is known.
  const read: Guifan.CalendarDocument = g.calendarFromNotice(["国务院办公厅关于2027年部分节假日安排的通知 …"]);
  const provisional = new g.Engine({ calendar: read, provisional: true });
  const flagged: true | undefined = provisional.deadline({ rule: "SLA.FEEDBACK", start: "2026-12-29T10:00" }).provisional;
  const provisionalYears: number[] | undefined = provisional.calendarDay("2027-01-01").provisionalYears;
  const sources: string[] = g.calendarSources()[0].sources;
  const ahead: number | undefined = g.unknownYearAhead(new Date())?.daysUntil;
  const created: Promise<Guifan.Engine> = g.Engine.create({ pack: "name = \"toml\"" });
  // @ts-expect-error the option is a boolean
  new g.Engine({ provisional: "yes" });
  const rated: Guifan.TierResult<Guifan.AnyKeys> = engine.tier({ brand: "family_plus", annualSpend: 1500, asOf: new Date() });
  const from: Guifan.PackRef = rated.pack;
  const due: Guifan.DeadlineResult<Guifan.AnyKeys> = engine.deadline({ rule: "P.REFUND", start: "2027-01-04T10:00" });
  const packTicket: Guifan.TicketResult<Guifan.AnyKeys> = engine.ticket({ rules: ["P.REFUND"], start: "2027-01-04T10:00", asOf: new Date() });
  const packRule: string = packTicket.targets[0].rule;
  const info: (string | null)[] = engine.packs().map((p) => p.effectiveFrom);
  const known: number[] = engine.knownYears();
  const many: (string | null)[] = engine.deadlines(["2027-01-04T10:00"], { rule: ["P.REFUND"], area: "rural" });
  const catalogue: Guifan.Rule[] = engine.rules(undefined, { asOf: "2027-01-01" });
  const one: Guifan.Rule = engine.rules("P.REFUND");
  engine.notifyWindow(new Date(), "west");
  engine.free();
  // @ts-expect-error enterprise customers have revenue, not spend, on any pack
  engine.tier({ kind: "enterprise", annualSpend: 1 });
  // @ts-expect-error a band never gives `none`
  const noBand: Guifan.TierTableDocument = { rule: "x", source: { document: "d", clause: "c", words: "w" }, bands: [{ tier: "none", min: ">= 0" }] };
  // @ts-expect-error a pack is a document or its text
  new g.Engine({ pack: 42 });
  const out: Guifan.Response = g.evaluate({ op: "dunning", input: { arrears_count: 2 } });
  // The `visit` op has typed answers.
  const visit = g.evaluate({ op: "visit", input: { at: "2025-03-03T22:00", region: "default", booked: new Date() } });
  if (!("error" in visit)) {
    const allowed: boolean = visit.allowed;
    const nextVisit: string = visit.next_allowed;
    const install: string | undefined = visit.earliest_install;
    void [allowed, nextVisit, install];
  }
  try {
    g.dunning(0);
  } catch (err) {
    if (err instanceof g.GuifanError) {
      const k: Guifan.ErrorKind = err.kind;
      const f: string | null = err.field;
      const paths: string[] | undefined = err.problems?.map((p) => p.field);
      void [k, f, paths];
    }
  }
  void [tier, met, clock, change, reasons, n, v, earliest, working, next, count, c, red, dues, isoDues, tiers, years, out];
  void [packRule];
  void [rated, from, due, info, known, many, catalogue, one, noBand];
}

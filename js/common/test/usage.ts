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

  const r: Guifan.ReviewResult = g.review({ previousTier: "gold", current: { brand: "other", annualSpend: 100 }, override: { tier: "gold", approvalRef: "A" } });
  const change: "upgrade" | "downgrade" | "unchanged" | "joined" | "left" = r.change;
  const s = g.status({ asOf: "2025-06-01", lines: [{ id: "L1", arrearsSince: "2025-01-31", reminded: true }] });
  const reasons: Guifan.StatusReason[] = s.reasons;
  const n: Guifan.NotifyResult = g.notifyWindow(new Date(), "tibet");
  // @ts-expect-error not a region
  g.notifyWindow(new Date(), "hainan");
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
  const out: Guifan.Response = g.evaluate({ op: "dunning", input: { arrears_count: 2 } });
  try {
    g.dunning(0);
  } catch (err) {
    if (err instanceof g.GuifanError) {
      const k: Guifan.ErrorKind = err.kind;
      const f: string | null = err.field;
      void [k, f];
    }
  }
  void [tier, met, clock, change, reasons, n, working, next, count, c, red, dues, isoDues, tiers, years, out];
}

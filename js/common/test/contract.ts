// The generated declarations of the contract (../contract.d.ts, from the core's types), checked
// by `tsc --noEmit` in both packages: the values below fit them, the ones marked as expected
// errors must not.
import type { DeadlineInput, ErrorKind, Ops, RuleId, Tier, TierInput, TierOutput, Wire } from "../contract.js";

export const tierInput: TierInput = { customer: { brand: "e_home", annualSpend: "3360" }, asOf: "2025-01-01" };
export const enterprise: TierInput = { customer: { kind: "enterprise", annualRevenue: 300000 } };
export const deadline: DeadlineInput = { start: "2025-09-30T10:00:00+08:00", rule: "SLA.COMPLAINT.ORDINARY" };
export const request: Wire.Request = { op: "deadline", input: { start: "2025-09-30T10:00", clock: "working_days", amount: 3 } };
export const merge: Ops["points.merge"]["input"] = {
  customerId: "c1",
  asOf: "2025-06-01",
  accounts: [{ accountId: "a", customerId: "c1", lots: [{ id: "l", points: 3, earnedOn: "2025-01-01" }] }],
};
export const tier: Tier = "gold";
export const kind: ErrorKind = "calendar_year_unknown";
// A rule id of a loaded pack is a rule id too.
export const own: RuleId = "PACK.OWN.RULE";
export const band = (o: TierOutput): string => (o.band ? o.band.min : o.tier);
// @ts-expect-error snake_case keys are the wire's
export const snake: TierInput = { customer: { brand: "e_home", annual_spend: "1" } };
// @ts-expect-error an op that does not exist
export const unknownOp: Wire.Request = { op: "deadlines" };
// @ts-expect-error not an error kind
export const notKind: ErrorKind = "not_found";

import { describe, expect, it } from "vitest";
import { evaluationActions, mayRaiseDispute, type EvaluationActor } from "./dispute-actions";
import { scopeFor, type OrganizationKind, type Role } from "./permissions";

const VENDOR = "v-1";
const actor = (role: Role, kind: OrganizationKind = "vendor", agentId: string | null = null): EvaluationActor => ({
  id: `${role}-user`,
  role,
  organizationKind: kind,
  scope: scopeFor({ role, organizationId: kind === "vendor" ? VENDOR : "client", organizationKind: kind, agentId }),
});
const evaluation = { agentId: "agent-1", reviewerId: "reviewer-user", acknowledgedAt: null };
const actions = (user: EvaluationActor, over: Partial<{ windowOpen: boolean; hasOpenDispute: boolean }> = {}) =>
  evaluationActions({ user, evaluation, windowOpen: true, hasOpenDispute: false, ...over });

describe("evaluationActions", () => {
  it("gives the evaluated agent acknowledge and dispute, nothing else", () => {
    expect(actions(actor("agent", "vendor", "agent-1"))).toEqual({
      acknowledge: true,
      dispute: { allowed: true },
      rescore: false,
    });
    const done = evaluationActions({
      user: actor("agent", "vendor", "agent-1"),
      evaluation: { ...evaluation, acknowledgedAt: "2025-01-01T00:00:00Z" },
      windowOpen: true,
      hasOpenDispute: false,
    });
    expect(done.acknowledge).toBe(false);
  });

  it("gives another agent nothing (and the page would 404 anyway)", () => {
    expect(actions(actor("agent", "vendor", "agent-2"))).toEqual({ acknowledge: false, dispute: null, rescore: false });
  });

  it("lets a team lead dispute but not acknowledge", () => {
    expect(actions(actor("team_lead"))).toEqual({ acknowledge: false, dispute: { allowed: true }, rescore: false });
  });

  it("says why a dispute cannot be raised now", () => {
    expect(actions(actor("team_lead"), { windowOpen: false }).dispute).toEqual({
      allowed: false,
      why: "window_closed",
    });
    expect(actions(actor("team_lead"), { hasOpenDispute: true }).dispute).toEqual({
      allowed: false,
      why: "open_dispute",
    });
  });

  it("offers re-score to leads and admins other than the original reviewer", () => {
    expect(actions(actor("qa_lead", "client")).rescore).toBe(true);
    expect(actions(actor("admin", "vendor")).rescore).toBe(true);
    expect(actions({ ...actor("qa_lead", "vendor"), id: evaluation.reviewerId }).rescore).toBe(false);
    expect(actions(actor("qa_specialist", "client")).rescore).toBe(false);
  });

  it("never lets client users or vendor QA staff raise disputes", () => {
    for (const user of [actor("qa_lead", "client"), actor("admin", "client"), actor("qa_lead"), actor("trainer")]) {
      expect(mayRaiseDispute(user, evaluation)).toBe(false);
    }
  });
});

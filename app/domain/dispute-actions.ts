/**
 * Who may do what on one submitted evaluation. Pure, so the page shows exactly the buttons the actions
 * accept; the actions still check again on the server (permission, scope, window, open dispute).
 */
import { can, type OrganizationKind, type Role, type Scope } from "./permissions";

export type EvaluationActor = { id: string; role: Role; organizationKind: OrganizationKind; scope: Scope };

/** The agent whose evaluation it is: an agent-role user linked to the evaluated agent record. */
export function isEvaluatedAgent(user: EvaluationActor, evaluation: { agentId: string }): boolean {
  return user.role === "agent" && user.scope.kind === "vendor" && user.scope.agentId === evaluation.agentId;
}

/** The agent themself, or a team lead of the agent's vendor (vendor scope is checked by the caller's query). */
export function mayRaiseDispute(user: EvaluationActor, evaluation: { agentId: string }): boolean {
  if (!can(user, "dispute:raise")) return false;
  return user.role === "team_lead" || isEvaluatedAgent(user, evaluation);
}

export type EvaluationActions = {
  acknowledge: boolean;
  /** null when the user may not dispute at all; otherwise whether now, and if not, why. */
  dispute: { allowed: true } | { allowed: false; why: "window_closed" | "open_dispute" } | null;
  rescore: boolean;
};

export function evaluationActions(input: {
  user: EvaluationActor;
  evaluation: { agentId: string; reviewerId: string; acknowledgedAt: Date | string | null };
  windowOpen: boolean;
  hasOpenDispute: boolean;
}): EvaluationActions {
  const { user, evaluation } = input;
  let dispute: EvaluationActions["dispute"] = null;
  if (mayRaiseDispute(user, evaluation)) {
    if (input.hasOpenDispute) dispute = { allowed: false, why: "open_dispute" };
    else if (!input.windowOpen) dispute = { allowed: false, why: "window_closed" };
    else dispute = { allowed: true };
  }
  return {
    acknowledge: isEvaluatedAgent(user, evaluation) && evaluation.acknowledgedAt === null,
    dispute,
    // Nobody re-scores their own evaluation.
    rescore: can(user, "evaluation:rescore") && user.id !== evaluation.reviewerId,
  };
}

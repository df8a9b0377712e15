/**
 * Spreads sampled interactions over a plan's reviewers. Pure and deterministic.
 *
 * Rules: a vendor reviewer only gets interactions of their own vendor (client reviewers any vendor's), and
 * nobody gets interactions of the agent record linked to their own user. Within those rules the counts are
 * as even as they can be: the result minimises the sum of squared counts, so reviewers who could take
 * each other's work differ by at most one. What nobody may take is reported, never dropped.
 */

export type AssignablePick = { interactionId: string; agentId: string; vendorId: string };

/** What limits one reviewer: their vendor (null for client users) and the agent record linked to their user. */
export type ReviewerConstraint = { vendorId: string | null; agentId: string | null };

export type UnassignableReason = "no_reviewers" | "no_reviewer_for_vendor" | "own_agent_only";
export type BalanceResult = {
  assignments: { interactionId: string; reviewerId: string }[];
  unassignable: (AssignablePick & { reason: UnassignableReason })[];
  /** Every reviewer, including those who got nothing. */
  countsByReviewer: Record<string, number>;
};

export function canReview(reviewer: ReviewerConstraint, pick: AssignablePick): boolean {
  if (reviewer.vendorId !== null && reviewer.vendorId !== pick.vendorId) return false;
  return reviewer.agentId !== pick.agentId;
}

function unassignableReason(pick: AssignablePick, reviewers: ReviewerConstraint[]): UnassignableReason {
  if (reviewers.length === 0) return "no_reviewers";
  const sameVendor = reviewers.some((r) => r.vendorId === null || r.vendorId === pick.vendorId);
  return sameVendor ? "own_agent_only" : "no_reviewer_for_vendor";
}

export function balanceAssignments(
  picks: readonly AssignablePick[],
  reviewers: readonly string[],
  constraints: Readonly<Record<string, ReviewerConstraint>>,
): BalanceResult {
  const ids = [...new Set(reviewers)].sort();
  const rules = ids.map((id) => {
    const rule = constraints[id];
    if (!rule) throw new Error(`no constraints given for reviewer ${id}`);
    return rule;
  });
  const sorted = [...picks].sort((a, b) => (a.interactionId < b.interactionId ? -1 : 1));
  const eligible = sorted.map((p) => rules.flatMap((rule, r) => (canReview(rule, p) ? [r] : [])));
  const load = ids.map(() => 0);
  const owner: number[] = sorted.map(() => -1);
  const unassignable: BalanceResult["unassignable"] = [];

  // Greedy start: the most constrained picks first, each to the least loaded reviewer who may take it.
  const order = sorted.map((_, i) => i).sort((a, b) => eligible[a].length - eligible[b].length || a - b);
  for (const i of order) {
    if (eligible[i].length === 0) {
      unassignable.push({ ...sorted[i], reason: unassignableReason(sorted[i], rules) });
      continue;
    }
    const r = eligible[i].reduce((best, candidate) => (load[candidate] < load[best] ? candidate : best));
    owner[i] = r;
    load[r]++;
  }

  // Then move work along chains (A hands a pick to B, B one to C, ...) from any reviewer to one holding at
  // least two fewer, until no such chain exists: the standard optimality condition for balanced loads.
  for (let improved = true; improved;) {
    improved = false;
    const byLoad = ids.map((_, r) => r).sort((a, b) => load[b] - load[a] || a - b);
    for (const source of byLoad) {
      const path = findChain(source, load, owner, eligible);
      if (!path) continue;
      for (const { pick, to } of path) {
        load[owner[pick]]--;
        owner[pick] = to;
        load[to]++;
      }
      improved = true;
      break;
    }
  }

  return {
    assignments: sorted.flatMap((p, i) =>
      owner[i] < 0 ? [] : [{ interactionId: p.interactionId, reviewerId: ids[owner[i]] }],
    ),
    unassignable: unassignable.sort((a, b) => (a.interactionId < b.interactionId ? -1 : 1)),
    countsByReviewer: Object.fromEntries(ids.map((id, r) => [id, load[r]])),
  };
}

/** Breadth-first search from `source` for a reviewer with at least two fewer picks, via picks others may take. */
function findChain(source: number, load: number[], owner: number[], eligible: number[][]) {
  const held: number[][] = load.map(() => []);
  owner.forEach((r, pick) => r >= 0 && held[r].push(pick));
  const via = new Map<number, { from: number; pick: number }>();
  const queue = [source];
  const seen = new Set([source]);
  let target = -1;
  while (queue.length > 0) {
    const r = queue.shift()!;
    if (load[r] <= load[source] - 2 && (target < 0 || load[r] < load[target])) target = r;
    for (const pick of held[r]) {
      for (const next of eligible[pick]) {
        if (seen.has(next)) continue;
        seen.add(next);
        via.set(next, { from: r, pick });
        queue.push(next);
      }
    }
  }
  if (target < 0) return null;
  const steps: { pick: number; to: number }[] = [];
  for (let r = target; r !== source; r = via.get(r)!.from) steps.unshift({ pick: via.get(r)!.pick, to: r });
  return steps;
}

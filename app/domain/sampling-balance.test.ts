import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { balanceAssignments, canReview, type AssignablePick, type ReviewerConstraint } from "./sampling-balance";

const picks = (n: number, over: Partial<AssignablePick> = {}, prefix = "i"): AssignablePick[] =>
  Array.from({ length: n }, (_, i) => ({
    interactionId: `${prefix}-${String(i).padStart(3, "0")}`,
    agentId: `agent-${i % 5}`,
    vendorId: "vendor-a",
    ...over,
  }));
const client: ReviewerConstraint = { vendorId: null, agentId: null };
const counts = (result: ReturnType<typeof balanceAssignments>) => Object.values(result.countsByReviewer);

type Value<A> = A extends fc.Arbitrary<infer T> ? T : never;

describe("balanceAssignments", () => {
  it("spreads picks evenly: counts differ by at most one", () => {
    const result = balanceAssignments(picks(10), ["r1", "r2", "r3"], { r1: client, r2: client, r3: client });
    expect(counts(result).sort()).toEqual([3, 3, 4]);
    expect(result.assignments).toHaveLength(10);
    expect(result.unassignable).toEqual([]);
  });

  it("gives a vendor reviewer only their own vendor's interactions", () => {
    const all = [...picks(6, { vendorId: "vendor-a" }, "a"), ...picks(6, { vendorId: "vendor-b" }, "b")];
    const constraints = { acme: { vendorId: "vendor-a", agentId: null }, lead: client };
    const result = balanceAssignments(all, ["acme", "lead"], constraints);
    const acme = result.assignments.filter((a) => a.reviewerId === "acme").map((a) => a.interactionId);
    expect(acme.every((id) => id.startsWith("a-"))).toBe(true);
    // Balanced as the rule allows: the client lead takes all of vendor B and the vendor reviewer takes vendor A.
    expect(result.countsByReviewer).toEqual({ acme: 6, lead: 6 });
  });

  it("balances through chains of reassignments when the greedy start is uneven", () => {
    // The greedy start gives "beacon" both vendor-B picks and "acme" nothing; only moving work along a
    // chain (a B pick to the agent-x lead, that lead's A pick to acme) evens it out.
    const all: AssignablePick[] = [
      { interactionId: "i-0", vendorId: "vendor-a", agentId: "agent-y" },
      { interactionId: "i-1", vendorId: "vendor-b", agentId: "agent-y" },
      { interactionId: "i-2", vendorId: "vendor-b", agentId: "agent-z" },
      { interactionId: "i-3", vendorId: "vendor-c", agentId: "agent-x" },
    ];
    // Ids sort in this order, which is the greedy start's tie-break.
    const constraints = {
      "1-beacon": { vendorId: "vendor-b", agentId: null },
      "2-lead": client,
      "3-lead-x": { vendorId: null, agentId: "agent-x" },
      "4-acme": { vendorId: "vendor-a", agentId: null },
    };
    const result = balanceAssignments(all, Object.keys(constraints), constraints);
    expect(result.countsByReviewer).toEqual({ "1-beacon": 1, "2-lead": 1, "3-lead-x": 1, "4-acme": 1 });
  });

  it("never gives reviewers their own agent record's interactions", () => {
    const own = picks(6, { agentId: "agent-self" });
    const constraints = {
      self: { vendorId: "vendor-a", agentId: "agent-self" },
      other: { vendorId: "vendor-a", agentId: null },
    };
    const result = balanceAssignments(own, ["self", "other"], constraints);
    expect(result.countsByReviewer).toEqual({ self: 0, other: 6 });
  });

  it("reports what no reviewer can take, with the reason, instead of dropping it", () => {
    const beacon = picks(2, { vendorId: "vendor-b" }, "b");
    const self = picks(1, { agentId: "agent-self" }, "s");
    const constraints = { self: { vendorId: "vendor-a", agentId: "agent-self" } };
    const result = balanceAssignments([...beacon, ...self], ["self"], constraints);
    expect(result.assignments).toEqual([]);
    expect(result.unassignable.map((u) => [u.interactionId, u.reason])).toEqual([
      ["b-000", "no_reviewer_for_vendor"],
      ["b-001", "no_reviewer_for_vendor"],
      ["s-000", "own_agent_only"],
    ]);
    expect(balanceAssignments(beacon, [], {}).unassignable.every((u) => u.reason === "no_reviewers")).toBe(true);
  });

  it("is deterministic whatever the order of picks and reviewers", () => {
    const all = picks(17);
    const constraints = { r1: client, r2: client, r3: { vendorId: "vendor-a", agentId: "agent-1" } };
    const first = balanceAssignments(all, ["r1", "r2", "r3"], constraints);
    expect(balanceAssignments([...all].reverse(), ["r3", "r1", "r2"], constraints)).toEqual(first);
  });

  it("refuses a reviewer without constraints rather than guessing", () => {
    expect(() => balanceAssignments(picks(1), ["ghost"], {})).toThrow(/ghost/);
  });
});

describe("balanceAssignments properties", () => {
  const reviewerArb = fc.record({
    vendorId: fc.constantFrom(null, "vendor-a", "vendor-b"),
    agentId: fc.constantFrom(null, "agent-0", "agent-1"),
  });
  const caseArb = fc.record({
    picks: fc.array(
      fc.record({
        vendorId: fc.constantFrom("vendor-a", "vendor-b", "vendor-c"),
        agentId: fc.constantFrom("agent-0", "agent-1", "agent-2"),
      }),
      { maxLength: 7 },
    ),
    reviewers: fc.array(reviewerArb, { maxLength: 4 }),
  });
  const build = (c: Value<typeof caseArb>) => {
    const ps = c.picks.map((p, i) => ({ ...p, interactionId: `i-${i}` }));
    const ids = c.reviewers.map((_, i) => `r${i}`);
    const constraints = Object.fromEntries(c.reviewers.map((r, i) => [`r${i}`, r]));
    return { ps, ids, constraints };
  };

  /** The smallest possible sum of squared counts, by trying every valid assignment (small cases only). */
  function bruteForceBest(ps: AssignablePick[], ids: string[], constraints: Record<string, ReviewerConstraint>) {
    const options = ps.map((p) => ids.filter((id) => canReview(constraints[id], p))).filter((o) => o.length > 0);
    let best = Infinity;
    const load = new Map(ids.map((id) => [id, 0]));
    const walk = (i: number) => {
      if (i === options.length) {
        best = Math.min(
          best,
          [...load.values()].reduce((s, x) => s + x * x, 0),
        );
        return;
      }
      for (const id of options[i]) {
        load.set(id, load.get(id)! + 1);
        walk(i + 1);
        load.set(id, load.get(id)! - 1);
      }
    };
    walk(0);
    return best;
  }

  it("assigns only allowed pairs, every pick exactly once, and is as balanced as the rules allow", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { ps, ids, constraints } = build(c);
        const result = balanceAssignments(ps, ids, constraints);
        expect(result.assignments.length + result.unassignable.length).toBe(ps.length);
        for (const a of result.assignments) {
          expect(
            canReview(
              constraints[a.reviewerId],
              ps.find((p) => p.interactionId === a.interactionId)!,
            ),
          ).toBe(true);
        }
        for (const u of result.unassignable) expect(ids.some((id) => canReview(constraints[id], u))).toBe(false);
        const sumOfSquares = counts(result).reduce((s, x) => s + x * x, 0);
        expect(sumOfSquares).toBe(bruteForceBest(ps, ids, constraints));
      }),
    );
  });

  it("keeps counts within one of each other when every reviewer may take every pick", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 7 }), (n, r) => {
        const ids = Array.from({ length: r }, (_, i) => `r${i}`);
        const result = balanceAssignments(picks(n), ids, Object.fromEntries(ids.map((id) => [id, client])));
        expect(Math.max(...counts(result)) - Math.min(...counts(result))).toBeLessThanOrEqual(1);
      }),
    );
  });
});

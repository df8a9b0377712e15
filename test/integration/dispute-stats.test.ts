import { beforeAll, describe, expect, it } from "vitest";
import type { Organization, User } from "../../db/schema";
import { scopeFor } from "~/domain/permissions";
import {
  listReviewerDisputeStats,
  reviewerRowsFromBaseTables,
  reviewerRowsFromRollups,
} from "~/models/dispute-stats.server";
import { rebuildKpiRollups } from "~/models/kpi-rollup.server";
import { loader as disputesLoader } from "~/routes/disputes._index";
import { action as resolveAction } from "~/routes/disputes.$disputeId";
import { action as raiseAction } from "~/routes/evaluations.$evaluationId_.dispute";
import { createAgent, createOrganization, createTeam, createUser } from "../factories";
import { createDisputeScorecard, createScoredEvaluation, get, post } from "./dispute-fixtures";

let client: Organization;
let vendorA: Organization;
let vendorB: Organization;
let ann: User;
let ben: User;
let clientLead: User;

// Ann scores 4 evaluations: one dispute accepted, one still open. Ben scores 2: one dispute rejected.
// Another vendor's reviewer scores 1, undisputed.
beforeAll(async () => {
  client = await createOrganization({ kind: "client" });
  vendorA = await createOrganization({ kind: "vendor" });
  vendorB = await createOrganization({ kind: "vendor" });
  const agentUser = await createUser({ organization: vendorA, role: "agent" });
  const agent = await createAgent({ team: await createTeam({ vendor: vendorA }), user: agentUser });
  const agentB = await createAgent({ team: await createTeam({ vendor: vendorB }) });
  ann = await createUser({ organization: vendorA, role: "qa_specialist", name: "Ann" });
  ben = await createUser({ organization: client, role: "qa_specialist", name: "Ben" });
  const vendorBReviewer = await createUser({ organization: vendorB, role: "qa_specialist", name: "Cleo" });
  clientLead = await createUser({ organization: client, role: "qa_lead" });
  const version = await createDisputeScorecard();
  const make = (reviewer: User) => createScoredEvaluation({ agent, reviewer, version });
  const [a1, a2] = [await make(ann), await make(ann), await make(ann), await make(ann)];
  const [b1] = [await make(ben), await make(ben)];
  await createScoredEvaluation({ agent: agentB, reviewer: vendorBReviewer, version });

  const raise = async (evaluationId: string) => {
    const fields: [string, string][] = [
      ["criterion", "greeting"],
      ["proposed.greeting", "1"],
      ["reason", "Greeted in the first message."],
    ];
    const response = await post(
      raiseAction,
      agentUser,
      `/evaluations/${evaluationId}/dispute`,
      { evaluationId },
      fields,
    );
    return response.headers.get("Location");
  };
  const decide = async (evaluationId: string, decision: "accept" | "reject") => {
    await raise(evaluationId);
    const rows = (await (await get(disputesLoader, clientLead, "/disputes?status=open", {})).json()).rows as {
      id: string;
      evaluationId: string;
    }[];
    const disputeId = rows.find((r) => r.evaluationId === evaluationId)!.id;
    const fields: [string, string][] = [
      ["decision.greeting", decision],
      ["note", "Decided."],
      ["lockVersion", "1"],
    ];
    expect((await post(resolveAction, clientLead, `/disputes/${disputeId}`, { disputeId }, fields)).status).toBe(302);
  };
  await decide(a1.id, "accept");
  await raise(a2.id);
  await decide(b1.id, "reject");
  // The factories write evaluations without the rollups; the page reads the rollups.
  await rebuildKpiRollups();
});

describe("dispute and overturn rates per reviewer", () => {
  const since = new Date(Math.floor((Date.now() - 7 * 86_400_000) / 3_600_000) * 3_600_000);

  it("reads the reviewer rollups, which give the base tables' counts in every scope", async () => {
    const scopes = [
      scopeFor({ role: "qa_lead", organizationId: client.id, organizationKind: "client", agentId: null }),
      scopeFor({ role: "qa_lead", organizationId: vendorA.id, organizationKind: "vendor", agentId: null }),
      scopeFor({ role: "qa_lead", organizationId: vendorB.id, organizationKind: "vendor", agentId: null }),
    ];
    for (const scope of scopes) {
      const fromRollups = await reviewerRowsFromRollups(scope, since);
      expect(fromRollups).not.toBeNull();
      expect(fromRollups!.length).toBeGreaterThan(0);
      const normalise = (rows: Awaited<ReturnType<typeof reviewerRowsFromBaseTables>>) =>
        rows.map((r) => ({
          ...r,
          evaluations: Number(r.evaluations),
          disputed: Number(r.disputed),
          decided: Number(r.decided),
          overturned: Number(r.overturned),
        }));
      expect(normalise(fromRollups!)).toEqual(normalise(await reviewerRowsFromBaseTables(scope, since)));
    }
  });

  it("counts per evaluation, with the overturn rate over decided disputes only", async () => {
    const scope = scopeFor({ role: "qa_lead", organizationId: client.id, organizationKind: "client", agentId: null });
    const stats = await listReviewerDisputeStats(scope, since);
    expect(stats).toEqual([
      {
        reviewerId: ann.id,
        reviewerName: "Ann",
        evaluations: 4,
        disputed: 2,
        decided: 1,
        overturned: 1,
        disputeRate: 0.5,
        overturnRate: 1,
      },
      expect.objectContaining({
        reviewerName: "Ben",
        evaluations: 2,
        disputed: 1,
        decided: 1,
        overturned: 0,
        disputeRate: 0.5,
        overturnRate: 0,
      }),
      expect.objectContaining({
        reviewerName: "Cleo",
        evaluations: 1,
        disputed: 0,
        disputeRate: 0,
        overturnRate: null,
      }),
    ]);
  });

  it("is scoped: a vendor sees only reviewers of its own evaluations", async () => {
    const vendorAScope = scopeFor({
      role: "qa_lead",
      organizationId: vendorA.id,
      organizationKind: "vendor",
      agentId: null,
    });
    expect((await listReviewerDisputeStats(vendorAScope, since)).map((s) => s.reviewerName)).toEqual(["Ann", "Ben"]);
    const vendorBScope = scopeFor({
      role: "qa_lead",
      organizationId: vendorB.id,
      organizationKind: "vendor",
      agentId: null,
    });
    expect((await listReviewerDisputeStats(vendorBScope, since)).map((s) => s.reviewerName)).toEqual(["Cleo"]);
  });

  it("is shown to resolvers on /disputes", async () => {
    const data = await (await get(disputesLoader, clientLead, "/disputes", {})).json();
    expect(data.stats.map((s: { reviewerName: string }) => s.reviewerName)).toEqual(["Ann", "Ben", "Cleo"]);
    expect(data.rows).toHaveLength(1); // the one still open
    expect(data.filter).toBe("open");
  });
});

import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkDisputeProposals } from "../../app/domain/dispute-items";
import { disputeOutcome } from "../../app/domain/dispute-status";
import { parseScorecardFile } from "../../app/domain/scorecard-file.server";
import { findCriterion, isMet, type ScorecardDefinition } from "../../app/domain/scorecard-definition";
import { scoreEvaluation, type Answers } from "../../app/domain/scoring";
import { DISPUTE_SHARE, OPEN_DISPUTE_SHARE, planDisputes, type SeededEvaluation } from "./disputes";
import {
  chooseReviewer,
  generateEvaluation,
  pickVersion,
  reviewerBias,
  SCORECARD_BY_CHANNEL,
  type PublishedVersion,
  type Reviewer,
} from "./evaluations";
import { generateInteractions, generateWorld, type DemoWorld } from "./generate";
import { Random } from "./random";

const now = new Date("2025-06-02T09:30:00Z");
const DAY = 86_400_000;

function loadVersions(): Map<string, PublishedVersion[]> {
  const dir = path.resolve("scorecards");
  const bySlug = new Map<string, PublishedVersion[]>();
  for (const slug of fs.readdirSync(dir).filter((f) => fs.statSync(path.join(dir, f)).isDirectory())) {
    const versions = fs
      .readdirSync(path.join(dir, slug))
      .filter((f) => /^v\d+\.ya?ml$/.test(f))
      .map((file) => {
        const parsed = parseScorecardFile(
          `scorecards/${slug}/${file}`,
          fs.readFileSync(path.join(dir, slug, file), "utf8"),
        );
        if (!parsed.ok) throw new Error(`${slug}/${file} does not parse`);
        const definition: ScorecardDefinition = parsed.definition;
        return { id: `${slug}-v${definition.version}`, slug, number: definition.version, definition };
      });
    bySlug.set(
      slug,
      versions.sort((a, b) => a.number - b.number),
    );
  }
  return bySlug;
}

const versions = loadVersions();

/** Submitted standard evaluations of every `every`-th scoreable interaction, as the seed generates them. */
function seededEvaluations(world: DemoWorld, count: number, every: number): SeededEvaluation[] {
  const reviewersOf = (orgId: string, vendor: boolean): Reviewer[] =>
    world.users
      .filter((u) => u.organizationId === orgId && ["qa_lead", "qa_specialist"].includes(u.role))
      .map((u) => ({ ...u, bias: reviewerBias(u, vendor) }));
  const client = reviewersOf(world.client.id, false);
  const agents = new Map(world.agents.map((a) => [a.id, a]));
  const rng = new Random(17);
  return [...generateInteractions(world, { count })]
    .flat()
    .filter((_, n) => n % every === 0)
    .map((interaction) => {
      const version = pickVersion(versions.get(SCORECARD_BY_CHANNEL[interaction.channel]), interaction.startedAt, now)!;
      const g = generateEvaluation(rng, {
        interaction,
        version,
        agent: agents.get(interaction.agentId)!,
        reviewer: chooseReviewer(rng, reviewersOf(interaction.vendorId, true), client),
        now,
      });
      return {
        id: g.evaluation.id,
        agentId: g.evaluation.agentId,
        vendorId: g.evaluation.vendorId,
        reviewerId: g.evaluation.reviewerId,
        submittedAt: g.evaluation.submittedAt!,
        passed: g.evaluation.passed ?? null,
        finalScore: g.evaluation.finalScore ?? null,
        version,
        answers: g.answers.map((a) => ({ criterionKey: a.criterionKey, value: a.value ?? null, na: a.na ?? false })),
      };
    })
    .sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime());
}

describe("planDisputes", () => {
  const world = generateWorld({ seed: 9, now });
  const evaluations = seededEvaluations(world, 12_000, 8);
  const plan = planDisputes(new Random(5).fork("disputes"), { world, evaluations });
  const byId = new Map(evaluations.map((e) => [e.id, e]));
  const users = new Map(world.users.map((u) => [u.id, u]));
  const withLogin = new Set(world.agents.filter((a) => a.userId).map((a) => a.id));

  it("disputes about 3% of the evaluations of agents without a login, a few of them still open", () => {
    const eligible = evaluations.filter((e) => !withLogin.has(e.agentId));
    expect(eligible.length).toBeGreaterThan(1000);
    // Nearly every evaluation has something to argue; the few that have not are not counted.
    const expected = Math.round(eligible.length * DISPUTE_SHARE);
    expect(plan.disputes.length).toBeGreaterThanOrEqual(expected - 1);
    expect(plan.disputes.length).toBeLessThanOrEqual(expected);
    for (const d of plan.disputes) expect(withLogin.has(byId.get(d.evaluationId)!.agentId)).toBe(false);
    const open = plan.disputes.filter((d) => d.status === "open");
    expect(open.length).toBe(Math.floor(plan.disputes.length * OPEN_DISPUTE_SHARE));
    expect(open.length).toBeGreaterThan(0);
    const statuses = new Set(plan.disputes.map((d) => d.status));
    expect([...statuses].sort()).toEqual(["accepted", "open", "partially_accepted", "rejected"]);
    const rejected = plan.disputes.filter((d) => d.status === "rejected").length;
    expect(rejected / (plan.disputes.length - open.length)).toBeGreaterThan(0.3);
    expect(rejected / (plan.disputes.length - open.length)).toBeLessThan(0.7);
  });

  it("disputes each evaluation at most once, so never two open ones", () => {
    const ids = plan.disputes.map((d) => d.evaluationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("is raised by the vendor's team lead within the window, and decided later by a lead who did not score it", () => {
    for (const d of plan.disputes) {
      const e = byId.get(d.evaluationId)!;
      const raiser = users.get(d.raisedBy)!;
      expect(raiser).toMatchObject({ role: "team_lead", organizationId: e.vendorId });
      expect(d.vendorId).toBe(e.vendorId);
      const raised = d.raisedAt!.getTime();
      const window = (e.version.definition.disputeWindowDays ?? 14) * DAY;
      expect(raised).toBeGreaterThan(e.submittedAt.getTime());
      expect(raised).toBeLessThanOrEqual(e.submittedAt.getTime() + window);
      expect(raised).toBeLessThan(now.getTime());
      if (d.status === "open") {
        expect(d).toMatchObject({ resolverId: null, resolvedAt: null, resolutionNote: null, lockVersion: 1 });
        continue;
      }
      const resolver = users.get(d.resolverId!)!;
      expect(resolver.id).not.toBe(e.reviewerId);
      expect(["qa_lead", "admin"]).toContain(resolver.role);
      expect([e.vendorId, world.client.id]).toContain(resolver.organizationId);
      expect(d.resolvedAt!.getTime()).toBeGreaterThan(raised);
      expect(d.resolvedAt!.getTime()).toBeLessThanOrEqual(now.getTime());
      expect(d.resolutionNote).toEqual(expect.any(String));
      expect(d.lockVersion).toBe(2);
    }
  });

  it("proposes valid changes, records the outcome the item decisions give, and applies accepted ones consistently", () => {
    for (const d of plan.disputes) {
      const e = byId.get(d.evaluationId)!;
      const def = e.version.definition;
      const stored = Object.fromEntries(e.answers.map((a) => [a.criterionKey, a.na ? ("na" as const) : a.value]));
      const items = plan.items.filter((i) => i.disputeId === d.id);
      expect(items.length).toBeGreaterThan(0);
      expect(items.length).toBeLessThanOrEqual(3);
      if (d.status === "open") for (const i of items) expect(i.accepted).toBeNull();
      else expect(d.status).toBe(disputeOutcome(items.map((i) => i.accepted!)));
      const revisions = plan.revisions.filter((r) => r.evaluationId === e.id);
      const accepted = items.filter((i) => i.accepted);
      for (const item of items) {
        const proposed = item.proposedNa ? ("na" as const) : item.proposedValue!;
        if (item.accepted) {
          // Already applied: the evaluation holds the proposed answer.
          expect(stored[item.criterionKey]).toBe(proposed);
        } else {
          expect(checkDisputeProposals(def, [{ criterionKey: item.criterionKey, proposed }], stored)).toEqual([]);
        }
      }
      if (accepted.length === 0) {
        expect(revisions).toEqual([]);
        continue;
      }
      expect(revisions).toHaveLength(1);
      const [revision] = revisions;
      expect(revision).toMatchObject({
        kind: "dispute_resolution",
        number: 1,
        actorUserId: d.resolverId,
        at: d.resolvedAt,
        reason: d.resolutionNote,
        finalScoreAfter: e.finalScore,
      });
      expect(revision.changes!.map((c) => c.criterionKey).sort()).toEqual(accepted.map((i) => i.criterionKey).sort());
      const before: Answers = { ...stored };
      for (const change of revision.changes!) {
        expect(change.after).toBe(stored[change.criterionKey]);
        const criterion = findCriterion(def, change.criterionKey)!;
        expect(isMet(criterion, change.before as number)).toBe(false);
        before[change.criterionKey] = change.before;
      }
      expect(revision.finalScoreBefore).toBe(scoreEvaluation(def, before).finalScore);
      expect(scoreEvaluation(def, stored).finalScore).toBe(e.finalScore);
    }
  });

  it("is deterministic", () => {
    expect(planDisputes(new Random(5).fork("disputes"), { world, evaluations })).toEqual(plan);
  });

  it("leaves nothing open in a small demo (the dispute e2e expects an empty open queue)", () => {
    // 800 and 1,500 interactions: the e2e and the default e2e app.
    for (const count of [800, 1500]) {
      const small = seededEvaluations(world, count, 33);
      const smallPlan = planDisputes(new Random(5).fork("disputes"), { world, evaluations: small });
      expect(smallPlan.disputes.filter((d) => d.status === "open")).toEqual([]);
    }
  });
});

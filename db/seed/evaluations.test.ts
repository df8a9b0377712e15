import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseScorecardFile } from "../../app/domain/scorecard-file.server";
import { isMet, listCriteria, type ScorecardDefinition } from "../../app/domain/scorecard-definition";
import { scoreEvaluation, type Answers } from "../../app/domain/scoring";
import {
  chooseReviewer,
  defaultEvaluationCount,
  generateEvaluation,
  pickVersion,
  Reservoir,
  reviewerBias,
  SCORECARD_BY_CHANNEL,
  type PublishedVersion,
  type Reviewer,
} from "./evaluations";
import { generateInteractions, generateWorld } from "./generate";
import { Random } from "./random";

const now = new Date("2025-06-02T09:30:00Z");
const DAY = 86_400_000;

function loadVersions(): Map<string, PublishedVersion[]> {
  const dir = path.resolve("scorecards");
  const bySlug = new Map<string, PublishedVersion[]>();
  for (const slug of fs.readdirSync(dir).filter((f) => fs.statSync(path.join(dir, f)).isDirectory())) {
    const files = fs.readdirSync(path.join(dir, slug)).filter((f) => /^v\d+\.ya?ml$/.test(f));
    const versions = files.map((file) => {
      const parsed = parseScorecardFile(
        `scorecards/${slug}/${file}`,
        fs.readFileSync(path.join(dir, slug, file), "utf8"),
      );
      if (!parsed.ok) throw new Error(`${slug}/${file} does not parse: ${JSON.stringify(parsed.errors)}`);
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

describe("pickVersion", () => {
  const chat = versions.get("chat-support")!;
  it("uses the version before the newest for interactions older than six weeks", () => {
    expect(pickVersion(chat, new Date(now.getTime() - 50 * DAY), now)?.number).toBe(1);
    expect(pickVersion(chat, new Date(now.getTime() - 10 * DAY), now)?.number).toBe(2);
  });
  it("uses the only version when there is one, and null when there is none", () => {
    expect(pickVersion(versions.get("voice-call"), new Date(now.getTime() - 50 * DAY), now)?.number).toBe(1);
    expect(pickVersion(undefined, now, now)).toBeNull();
  });
});

describe("defaultEvaluationCount", () => {
  it("is 3% up to 10,000 interactions, 14% at 100,000 and 25% at a million and above", () => {
    expect(defaultEvaluationCount(1_500)).toBe(45);
    expect(defaultEvaluationCount(10_000)).toBe(300);
    expect(defaultEvaluationCount(100_000)).toBe(14_000);
    expect(defaultEvaluationCount(1_000_000)).toBe(250_000);
    expect(defaultEvaluationCount(2_000_000)).toBe(500_000);
  });
  it("never shrinks as the data set grows", () => {
    let previous = 0;
    for (let n = 1_000; n <= 3_000_000; n = Math.ceil(n * 1.3)) {
      const count = defaultEvaluationCount(n);
      expect(count).toBeGreaterThanOrEqual(previous);
      previous = count;
    }
  });
});

describe("generateEvaluation", () => {
  const world = generateWorld({ seed: 3, now });
  const interactions = [...generateInteractions(world, { count: 3000 })].flat();
  const agents = new Map(world.agents.map((a) => [a.id, a]));
  const reviewersOf = (orgId: string, vendor: boolean): Reviewer[] =>
    world.users
      .filter((u) => u.organizationId === orgId && ["qa_lead", "qa_specialist"].includes(u.role))
      .map((u) => ({ ...u, bias: reviewerBias(u, vendor) }));
  const client = reviewersOf(world.client.id, false);
  const rng = new Random(11);
  const generated = interactions
    .filter((_, n) => n % 5 === 0)
    .map((interaction) => {
      const version = pickVersion(versions.get(SCORECARD_BY_CHANNEL[interaction.channel]), interaction.startedAt, now)!;
      const reviewer = chooseReviewer(rng, reviewersOf(interaction.vendorId, true), client);
      return {
        interaction,
        version,
        ...generateEvaluation(rng, { interaction, version, agent: agents.get(interaction.agentId)!, reviewer, now }),
      };
    });

  it("answers every criterion validly and stores what the scoring engine computes", () => {
    for (const g of generated) {
      const answers: Answers = Object.fromEntries(
        g.answers.map((a) => [a.criterionKey, a.na ? ("na" as const) : a.value]),
      );
      const result = scoreEvaluation(g.version.definition, answers);
      expect(result.complete).toBe(true);
      expect(g.evaluation).toMatchObject({
        rawScore: result.rawScore,
        finalScore: result.finalScore,
        passed: result.passed,
        criticalFailed: result.criticalFailures.length > 0,
        kind: "standard",
        status: "submitted",
        vendorId: g.interaction.vendorId,
        agentId: g.interaction.agentId,
        interactionId: g.interaction.id,
        scorecardVersionId: g.version.id,
      });
      expect(g.answers).toHaveLength(listCriteria(g.version.definition).length);
    }
  });

  it("uses N/A only where allowed and gives unmet answers an allowed root cause and a comment", () => {
    let unmet = 0;
    for (const g of generated) {
      const criteria = new Map(listCriteria(g.version.definition).map((c) => [c.key, c]));
      for (const answer of g.answers) {
        const criterion = criteria.get(answer.criterionKey)!;
        if (answer.na) {
          expect(criterion.naAllowed).toBe(true);
          expect(answer.value).toBeNull();
          continue;
        }
        if (!isMet(criterion, answer.value!)) {
          unmet += 1;
          expect(answer.comment).toBeTruthy();
          if (criterion.rootCauses.length > 0) expect(criterion.rootCauses).toContain(answer.rootCause);
        } else {
          expect(answer.rootCause).toBeNull();
        }
      }
    }
    expect(unmet).toBeGreaterThan(0);
  });

  it("submits after the interaction ended and before now", () => {
    for (const g of generated) {
      const submitted = g.evaluation.submittedAt!.getTime();
      expect(submitted).toBeGreaterThan(g.interaction.endedAt.getTime());
      expect(submitted).toBeLessThanOrEqual(now.getTime());
    }
  });

  it("scores stronger agents higher, with a realistic spread of passes and critical failures", () => {
    const scored = generated.filter((g) => g.evaluation.rawScore != null);
    const mean = (xs: typeof scored) => xs.reduce((s, g) => s + g.evaluation.rawScore!, 0) / xs.length;
    const skill = (g: (typeof scored)[number]) => agents.get(g.interaction.agentId)!.skill;
    expect(mean(scored.filter((g) => skill(g) >= 0.8)) - mean(scored.filter((g) => skill(g) < 0.6))).toBeGreaterThan(5);
    const passRate = scored.filter((g) => g.evaluation.passed).length / scored.length;
    expect(passRate).toBeGreaterThan(0.4);
    expect(passRate).toBeLessThan(0.95);
    const criticalRate = scored.filter((g) => g.evaluation.criticalFailed).length / scored.length;
    expect(criticalRate).toBeGreaterThan(0);
    expect(criticalRate).toBeLessThan(0.2);
  });
});

describe("Reservoir", () => {
  it("keeps exactly the requested number of items, spread over the stream", () => {
    const reservoir = new Reservoir<number>(500, new Random(1));
    for (let i = 0; i < 20_000; i++) reservoir.offer(i);
    expect(reservoir.items).toHaveLength(500);
    expect(new Set(reservoir.items).size).toBe(500);
    const firstHalf = reservoir.items.filter((i) => i < 10_000).length;
    expect(firstHalf).toBeGreaterThan(200);
    expect(firstHalf).toBeLessThan(300);
  });
});

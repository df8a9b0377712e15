import { describe, expect, it } from "vitest";
import { ROOT_CAUSES } from "../../app/domain/scorecard-definition";
import { createDsatTagger, DSAT_MAX_CSAT, DSAT_TAG_SHARE } from "./dsat-tags";
import { generateInteractions, generateWorld } from "./generate";
import { Random } from "./random";

const now = new Date("2025-06-02T09:30:00Z");

describe("createDsatTagger", () => {
  const world = generateWorld({ seed: 4, now });
  const interactions = [...generateInteractions(world, { count: 20_000 })].flat();
  const tagAll = () => {
    const tag = createDsatTagger(new Random(8).fork("dsat-tags"), world);
    return interactions.map((i) => tag(i)).filter((t) => t !== null);
  };
  const tags = tagAll();
  const byId = new Map(interactions.map((i) => [i.id, i]));
  const users = new Map(world.users.map((u) => [u.id, u]));

  it("tags about 30% of the DSAT interactions and nothing else", () => {
    const dsat = interactions.filter((i) => i.csat !== null && i.csat! <= DSAT_MAX_CSAT);
    expect(dsat.length).toBeGreaterThan(500);
    expect(tags.length / dsat.length).toBeGreaterThan(DSAT_TAG_SHARE - 0.05);
    expect(tags.length / dsat.length).toBeLessThan(DSAT_TAG_SHARE + 0.03);
    for (const tag of tags) expect(byId.get(tag.interactionId)!.csat).toBeLessThanOrEqual(DSAT_MAX_CSAT);
    expect(new Set(tags.map((t) => t.interactionId)).size).toBe(tags.length);
  });

  it("is tagged by a trainer or QA lead of the client or the interaction's vendor, after the contact", () => {
    for (const tag of tags) {
      const interaction = byId.get(tag.interactionId)!;
      const tagger = users.get(tag.taggedBy)!;
      expect(tag.vendorId).toBe(interaction.vendorId);
      expect(["trainer", "qa_lead"]).toContain(tagger.role);
      expect([world.client.id, interaction.vendorId]).toContain(tagger.organizationId);
      expect(tag.taggedAt.getTime()).toBeGreaterThan(interaction.endedAt.getTime());
      expect(tag.taggedAt.getTime()).toBeLessThanOrEqual(now.getTime());
      expect(ROOT_CAUSES).toContain(tag.rootCause);
    }
    expect(new Set(tags.map((t) => t.rootCause)).size).toBe(ROOT_CAUSES.length);
    expect(tags.some((t) => users.get(t.taggedBy)!.role === "trainer")).toBe(true);
    expect(tags.some((t) => users.get(t.taggedBy)!.organizationId === world.client.id)).toBe(true);
  });

  it("is deterministic", () => {
    expect(tagAll()).toEqual(tags);
  });
});

/**
 * Demo DSAT tags: a root cause on about 30% of the dissatisfied contacts (CSAT 1 or 2), the way trainers
 * tag them on the DSAT page, so the training-share figures and the tagged list have data. Pure: no
 * database, no clock. Tagged a day or two after the contact by a trainer (mostly) or QA lead of the
 * interaction's vendor or of the client; contacts too recent for that are left for the untagged queue.
 */
import { ROOT_CAUSES, type RootCause } from "../../app/domain/scorecard-definition";
import type { interactionRootCauses } from "../schema";
import type { DemoAgent, DemoInteraction, DemoUser, DemoWorld } from "./generate";
import type { Random } from "./random";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Same threshold as the app's DSAT (app/models/root-cause-tag.server.ts). */
export const DSAT_MAX_CSAT = 2;
export const DSAT_TAG_SHARE = 0.3;

export type DsatTag = typeof interactionRootCauses.$inferInsert & { taggedAt: Date };

const NOTES: Record<RootCause, string[]> = {
  training_gap: ["Didn't know the current returns policy.", "New hire; unsure of the refund steps."],
  process_gap: ["Process doesn't cover split shipments.", "Customer had to contact us twice: no handover step."],
  product_defect: ["Checkout bug; nothing the agent could do.", "Known app crash, no workaround yet."],
  agent_behaviour: ["Rushed the customer and closed early.", "Tone was curt in the last replies."],
  tooling: ["CRM timed out mid-contact.", "Wrong macro inserted."],
  customer_driven: ["Customer wanted a refund outside policy.", "Angry before the contact started."],
};

type Candidate = Pick<
  DemoInteraction,
  "id" | "vendorId" | "agentId" | "csat" | "startedAt" | "endedAt" | "contactReason" | "queue" | "escalated"
>;

/**
 * A function to offer every interaction to, in stream order: it returns the tag for the ones it tags. It
 * draws from `rng` only for DSAT interactions, so the rest of the seed is unaffected.
 */
export function createDsatTagger(rng: Random, world: DemoWorld): (interaction: Candidate) => DsatTag | null {
  const now = world.now.getTime();
  const agents = new Map<string, DemoAgent>(world.agents.map((a) => [a.id, a]));
  const taggers = (organizationId: string) =>
    world.users.filter((u) => u.organizationId === organizationId && (u.role === "trainer" || u.role === "qa_lead"));
  const clientTaggers = taggers(world.client.id);
  const byVendor = new Map(world.vendors.map((v) => [v.id, [...taggers(v.id), ...clientTaggers]]));
  const weightOf = (u: DemoUser) => (u.organizationId === world.client.id ? 1 : 2.5) * (u.role === "trainer" ? 2 : 1);

  return (interaction) => {
    if (interaction.csat === null || interaction.csat === undefined || interaction.csat > DSAT_MAX_CSAT) return null;
    if (!rng.chance(DSAT_TAG_SHARE)) return null;
    const taggedAt = interaction.endedAt.getTime() + rng.logNormal(30 * HOUR, 0.8, 2 * HOUR, 12 * DAY);
    if (taggedAt > now) return null;
    const agent = agents.get(interaction.agentId);
    const tenureYears = agent ? (interaction.startedAt.getTime() - Date.parse(agent.hireDate)) / (365 * DAY) : 1;
    const skill = agent?.skill ?? 0.7;
    const crash = /crash|error|bug/i.test(interaction.contactReason);
    const weights: Record<RootCause, number> = {
      training_gap: tenureYears < 0.5 ? 4 : 1.4,
      process_gap: interaction.escalated ? 1.8 : 1.1,
      product_defect: crash ? 5 : interaction.queue === "technical" ? 1.2 : 0.4,
      agent_behaviour: skill < 0.6 ? 2.6 : 1.1,
      tooling: 0.6,
      customer_driven: 1.2,
    };
    const rootCause = rng.weighted(ROOT_CAUSES, (c) => weights[c]);
    const pool = byVendor.get(interaction.vendorId) ?? clientTaggers;
    const tagger = rng.weighted(pool, weightOf);
    return {
      interactionId: interaction.id,
      vendorId: interaction.vendorId,
      rootCause,
      note: rng.chance(0.55) ? rng.pick(NOTES[rootCause]) : null,
      taggedBy: tagger.id,
      taggedAt: new Date(taggedAt),
    };
  };
}

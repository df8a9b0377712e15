/**
 * Shared setup for the dispute, acknowledgement and re-score integration tests: a scorecard with an N/A-able
 * criterion, evaluations whose misses carry root causes (as submitted ones do), and form posts with
 * repeated fields (the dispute form sends one `criterion` per picked criterion).
 */
import { and, eq } from "drizzle-orm";
import { db } from "../../db/client.server";
import {
  evaluationAnswers,
  scorecards,
  scorecardVersions,
  type Agent,
  type ScorecardVersion,
  type User,
} from "../../db/schema";
import type { Answers } from "~/domain/scoring";
import { syncScorecards } from "~/models/scorecard-sync.server";
import {
  BASE_URL,
  context,
  createEvaluation,
  createInteraction,
  makeScorecardsDir,
  requestAs,
  signIn,
  unique,
  writeScorecardFile,
} from "../factories";

/** greeting: binary (weight 1); accuracy: 5-point, pass at 3 (weight 2); empathy: 3-point, N/A allowed (weight 1). */
export async function createDisputeScorecard(options: { disputeWindowDays?: number } = {}): Promise<ScorecardVersion> {
  const slug = unique("dispute-card");
  const dir = makeScorecardsDir();
  writeScorecardFile(
    dir,
    slug,
    1,
    `scorecard: ${slug}
name: Dispute test card
channel: chat
version: 1
pass_threshold: 80
${options.disputeWindowDays ? `dispute_window_days: ${options.disputeWindowDays}\n` : ""}sections:
  - key: basics
    label: Basics
    weight: 1
    criteria:
      - key: greeting
        label: Greeted the customer
        guideline: Said hello and offered help.
        scale: binary
      - key: accuracy
        label: Gave accurate information
        guideline: Every fact matched the knowledge base.
        scale: { type: 5-point, labels: [Poor, Weak, Adequate, Good, Excellent] }
        weight: 2
      - key: empathy
        label: Showed empathy
        guideline: Acknowledged the customer's situation.
        scale: { type: 3-point, labels: [Cold, Polite, Warm] }
        na_allowed: true
`,
  );
  const report = await syncScorecards(dir);
  if (report.refused.length > 0) throw new Error(`dispute test scorecard refused: ${JSON.stringify(report.refused)}`);
  const [row] = await db
    .select({ version: scorecardVersions })
    .from(scorecardVersions)
    .innerJoin(scorecards, eq(scorecards.id, scorecardVersions.scorecardId))
    .where(eq(scorecards.slug, slug));
  return row.version;
}

/** Default answers score 37.5: greeting 0 (miss), accuracy 2 (miss), empathy 3. */
export const MIXED_ANSWERS: Answers = { greeting: 0, accuracy: 2, empathy: 3 };

/** A submitted evaluation of the agent; every miss gets a root cause, as the scoring page requires. */
export async function createScoredEvaluation(input: {
  agent: Agent;
  reviewer: User;
  version: ScorecardVersion;
  answers?: Answers;
  submittedAt?: Date;
}) {
  const interaction = await createInteraction({ agent: input.agent });
  const evaluation = await createEvaluation({
    interaction,
    version: input.version,
    reviewer: input.reviewer,
    answers: input.answers ?? MIXED_ANSWERS,
    submittedAt: input.submittedAt,
  });
  await db
    .update(evaluationAnswers)
    .set({ rootCause: "training_gap" })
    .where(and(eq(evaluationAnswers.evaluationId, evaluation.id), eq(evaluationAnswers.met, false)));
  return evaluation;
}

type Handler = (args: {
  request: Request;
  params: Record<string, string>;
  context: ReturnType<typeof context>;
}) => Promise<unknown>;

/** Runs a loader or action and returns its Response, thrown (404, 403, redirect) or returned. */
async function respond(run: () => Promise<unknown>): Promise<Response> {
  try {
    const result = await run();
    if (result instanceof Response) return result;
    throw new Error("expected a Response");
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
}

/** POSTs a form as `user`; fields may repeat, in order. */
export async function post(
  handler: Handler,
  user: User,
  pathname: string,
  params: Record<string, string>,
  fields: [string, string][],
): Promise<Response> {
  const headers = new Headers({
    "Content-Type": "application/x-www-form-urlencoded",
    Cookie: (await signIn(user)).cookie,
  });
  const request = new Request(new URL(pathname, BASE_URL), {
    method: "POST",
    headers,
    body: new URLSearchParams(fields).toString(),
  });
  return respond(() => handler({ request, params, context: context() }));
}

/** GETs a page's loader as `user`. */
export async function get(handler: Handler, user: User, pathname: string, params: Record<string, string>) {
  const request = await requestAs(user, pathname);
  return respond(() => handler({ request, params, context: context() }));
}

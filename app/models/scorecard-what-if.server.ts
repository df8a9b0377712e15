import { and, desc, eq, inArray, isNotNull } from "drizzle-orm";
import { db } from "../../db/client.server";
import { evaluationAnswers, evaluations, organizations, scorecardVersions } from "../../db/schema";
import type { ScorecardDefinition } from "~/domain/scorecard-definition";
import type { Answers } from "~/domain/scoring";
import type { WhatIfEvaluation } from "~/domain/what-if";

export const WHAT_IF_SAMPLE = 200;

/**
 * The scorecard's most recent submitted standard evaluations (any version), with the definition each was
 * scored on and its stored answers: the input of whatIfRescore. Client authors only (every vendor).
 */
export async function listWhatIfEvaluations(scorecardId: string, limit = WHAT_IF_SAMPLE): Promise<WhatIfEvaluation[]> {
  const rows = await db
    .select({
      id: evaluations.id,
      vendorId: evaluations.vendorId,
      vendorName: organizations.name,
      definition: scorecardVersions.definition,
    })
    .from(evaluations)
    .innerJoin(scorecardVersions, eq(scorecardVersions.id, evaluations.scorecardVersionId))
    .innerJoin(organizations, eq(organizations.id, evaluations.vendorId))
    .where(
      and(
        eq(scorecardVersions.scorecardId, scorecardId),
        eq(evaluations.status, "submitted"),
        eq(evaluations.kind, "standard"),
        isNotNull(evaluations.submittedAt),
      ),
    )
    .orderBy(desc(evaluations.submittedAt), desc(evaluations.id))
    .limit(limit);
  if (rows.length === 0) return [];
  const answers = await db
    .select({
      evaluationId: evaluationAnswers.evaluationId,
      key: evaluationAnswers.criterionKey,
      value: evaluationAnswers.value,
      na: evaluationAnswers.na,
    })
    .from(evaluationAnswers)
    .where(
      inArray(
        evaluationAnswers.evaluationId,
        rows.map((r) => r.id),
      ),
    );
  const byEvaluation = new Map<string, Answers>();
  for (const a of answers) {
    const map = byEvaluation.get(a.evaluationId) ?? {};
    map[a.key] = a.na ? "na" : a.value;
    byEvaluation.set(a.evaluationId, map);
  }
  return rows.map((r) => ({
    id: r.id,
    vendorId: r.vendorId,
    vendorName: r.vendorName,
    definition: r.definition as ScorecardDefinition,
    answers: byEvaluation.get(r.id) ?? {},
  }));
}

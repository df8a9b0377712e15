import type { LoaderFunctionArgs } from "@remix-run/node";
import { isUuid } from "~/domain/ids";
import { ROOT_CAUSES } from "~/domain/scorecard-definition";
import {
  BEFORE_AFTER_WEEKS,
  COACHING_FILTERS,
  DEFAULT_BEFORE_AFTER_WEEKS,
  NO_ROOT_CAUSE,
  type CoachingFilter,
} from "~/domain/trainer-analysis";
import { getCoachingBeforeAfter, getCoachingTask, listCoachingTasks } from "~/models/coaching.server";
import { iterateTaggedDsat, iterateUntaggedDsat } from "~/models/root-cause-tag.server";
import {
  getErrorPareto,
  getTrainingShare,
  listAgentsMissingCriterion,
  listCohortComparisons,
} from "~/models/trainer.server";
import { requirePermission } from "~/utils/auth.server";
import { csvResponse, csvStreamResponse } from "~/utils/csv.server";
import { readTrainerQuery, requireCoachingReader } from "~/utils/trainer-form.server";

// Every table of /trainer, /trainer/dsat and /coaching as CSV: ?table=pareto|agents|training|cohorts (with the
// page's weeks, vendor and drill), dsat, coaching (status), before-after (task, weeks).
const CAUSES = [...ROOT_CAUSES, NO_ROOT_CAUSE];

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const table = url.searchParams.get("table");
  const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

  if (table === "coaching" || table === "before-after") {
    const user = await requireCoachingReader(request);
    if (table === "coaching") {
      const asked = url.searchParams.get("status") as CoachingFilter;
      const filter = COACHING_FILTERS.includes(asked) ? asked : "active";
      const tasks = await listCoachingTasks(user.scope, filter);
      return csvResponse(
        `coaching-tasks-${filter}.csv`,
        [
          "task_id",
          "agent",
          "team",
          "vendor",
          "scorecard",
          "criterion_key",
          "criterion",
          "due_date",
          "status",
          "linked_evaluations",
          "created_by",
          "created_at",
          "completed_at",
          "notes",
        ],
        tasks.map((t) => [
          t.id,
          t.agentName,
          t.teamName,
          t.vendorName,
          t.scorecardName,
          t.criterionKey,
          t.criterionLabel,
          t.dueDate,
          t.status,
          t.linkedEvaluations,
          t.createdByName,
          iso(t.createdAt),
          iso(t.completedAt),
          t.notes,
        ]),
      );
    }
    const task = await getCoachingTask(user.scope, url.searchParams.get("task") ?? "");
    if (!task) throw new Response("Not Found", { status: 404 });
    const weeks =
      BEFORE_AFTER_WEEKS.find((w) => String(w) === url.searchParams.get("weeks")) ?? DEFAULT_BEFORE_AFTER_WEEKS;
    const view = await getCoachingBeforeAfter(user.scope, task, weeks);
    const c = view.comparison;
    return csvResponse(
      `coaching-${task.id}-before-after.csv`,
      ["window", "from", "to", "answers", "failures", "failure_rate", "difference", "z", "p_value", "verdict"],
      [
        [
          "before",
          iso(view.windows.before.from),
          iso(view.windows.before.to),
          c.otherAnswers,
          c.otherFailures,
          c.otherRate,
          null,
          null,
          null,
          null,
        ],
        [
          "after",
          iso(view.windows.after.from),
          iso(view.windows.after.to),
          c.answers,
          c.failures,
          c.rate,
          c.difference,
          c.z,
          c.pValue,
          c.verdict,
        ],
      ],
    );
  }

  if (table === "dsat") {
    const user = await requirePermission(request, "root_cause:tag");
    const q = await readTrainerQuery(url, user);
    const header = ["interaction_id", "started_at", "agent", "team", "vendor", "channel", "queue", "contact_reason"];
    const common = (r: {
      interactionId: string;
      startedAt: Date;
      agentName: string;
      teamName: string;
      vendorName: string;
      channel: string;
      queue: string;
      contactReason: string;
    }) => [
      r.interactionId,
      iso(r.startedAt),
      r.agentName,
      r.teamName,
      r.vendorName,
      r.channel,
      r.queue,
      r.contactReason,
    ];
    // Streamed in keyset batches: tagged cases (all time), then the untagged ones of the window.
    async function* rows() {
      for await (const batch of iterateTaggedDsat({ scope: user.scope, vendorId: q.vendorId }))
        yield batch.map((r) => [...common(r), r.csat, r.rootCause, r.note, r.taggedByName, iso(r.taggedAt)]);
      for await (const batch of iterateUntaggedDsat({ scope: user.scope, since: q.window.from, vendorId: q.vendorId }))
        yield batch.map((r) => [...common(r), r.csat, null, null, null, null]);
    }
    return csvStreamResponse(
      "dsat-cases.csv",
      [...header, "csat", "root_cause", "note", "tagged_by", "tagged_at"],
      rows(),
    );
  }

  const user = await requirePermission(request, "trainer:view");
  const q = await readTrainerQuery(url, user);
  const since = q.window.starts[0];
  if (table === "pareto") {
    const rows = await getErrorPareto(q.filter);
    return csvResponse(
      `error-pareto-${since}.csv`,
      [
        "rank",
        "scorecard",
        "criterion_key",
        "criterion",
        "errors",
        "answers",
        "failure_rate",
        "share",
        "cumulative_share",
        "vital_few",
        ...CAUSES.map((c) => `root_cause_${c}`),
      ],
      rows.map((r, i) => [
        i + 1,
        r.scorecardName,
        r.criterionKey,
        r.label,
        r.errors,
        r.answers,
        r.failureRate,
        r.share,
        r.cumulativeShare,
        r.vitalFew,
        ...CAUSES.map((c) => r.byRootCause[c] ?? 0),
      ]),
    );
  }
  if (table === "agents") {
    const drill = url.searchParams.get("drill") ?? "";
    const at = drill.indexOf(":");
    const scorecardId = drill.slice(0, at);
    const criterionKey = drill.slice(at + 1);
    if (at < 0 || !isUuid(scorecardId) || !criterionKey) throw new Response("Not Found", { status: 404 });
    const rows = await listAgentsMissingCriterion({ ...q.filter, scorecardId, criterionKey, limit: 1000 });
    return csvResponse(
      `agents-missing-${criterionKey}-${since}.csv`,
      ["agent_id", "agent", "team", "vendor", "training_cohort", "misses", "answers", "failure_rate"],
      rows.map((r) => [
        r.agentId,
        r.agentName,
        r.teamName,
        r.vendorName,
        r.trainingCohort,
        r.errors,
        r.answers,
        r.failureRate,
      ]),
    );
  }
  if (table === "training") {
    const t = await getTrainingShare(q.filter);
    const rows = [
      ...t.byVendor.map((r) => ["vendor", r] as const),
      ...t.byTeam.map((r) => ["team", r] as const),
      ...t.byCohort.map((r) => ["cohort", r] as const),
    ];
    return csvResponse(
      `training-share-${since}.csv`,
      ["dimension", "name", "vendor", "errors", "dsat_errors", "training_errors", "dsat_training_errors", "share"],
      [
        [
          "total",
          "All",
          null,
          t.total.errors,
          t.total.dsatErrors,
          t.total.trainingErrors,
          t.total.dsatTrainingErrors,
          t.total.share,
        ],
        ...rows.map(([dimension, r]) => [
          dimension,
          r.label,
          r.vendorName,
          r.errors,
          r.dsatErrors,
          r.trainingErrors,
          r.dsatTrainingErrors,
          r.share,
        ]),
      ],
    );
  }
  if (table === "cohorts") {
    const rows = await listCohortComparisons(q.filter);
    return csvResponse(
      `cohorts-vs-peers-${since}.csv`,
      [
        "cohort",
        "scorecard",
        "criterion_key",
        "criterion",
        "failures",
        "answers",
        "failure_rate",
        "peer_failures",
        "peer_answers",
        "peer_failure_rate",
        "difference",
        "z",
        "p_value",
        "significant",
        "verdict",
      ],
      rows.map((r) => [
        r.cohort,
        r.scorecardName,
        r.criterionKey,
        r.label,
        r.failures,
        r.answers,
        r.comparison.rate,
        r.peerFailures,
        r.peerAnswers,
        r.comparison.otherRate,
        r.comparison.difference,
        r.comparison.z,
        r.comparison.pValue,
        r.comparison.verdict === "higher" || r.comparison.verdict === "lower",
        r.comparison.verdict,
      ]),
    );
  }
  throw new Response("Not Found", { status: 404 });
}

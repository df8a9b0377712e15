import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { ScoreBadge } from "~/components/score-badge";
import { evaluationActions } from "~/domain/dispute-actions";
import { can } from "~/domain/permissions";
import { scoreEvaluation } from "~/domain/scoring";
import { acknowledgeEvaluation } from "~/models/acknowledgement.server";
import { getDisputeWindow, getEvaluationFollowUp } from "~/models/dispute.server";
import { getEvaluation } from "~/models/evaluation.server";
import { requirePermission } from "~/utils/auth.server";
import { IntentSchema } from "~/utils/dispute-forms.server";
import { formatDateTime, formatScore } from "~/utils/format";
import { AnswersBySection } from "~/components/evaluation/answers-by-section";
import { FollowUp } from "~/components/evaluation/follow-up";
import { RevisionHistory } from "~/components/evaluation/revision-history";

export const meta: MetaFunction = () => [{ title: "Evaluation · QA Workbench" }];

const NOTICES: Record<string, string> = {
  submitted: "Evaluation submitted.",
  disputed: "Dispute raised. A QA lead who did not score this evaluation will decide it.",
  rescored: "Re-score saved: the score was recomputed and the change is in the history.",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "evaluation:view");
  const evaluationId = params.evaluationId ?? "";
  const [evaluation, followUp] = await Promise.all([
    getEvaluation(user.scope, evaluationId),
    getEvaluationFollowUp(user.scope, evaluationId),
  ]);
  if (!evaluation || !followUp) throw new Response("Not Found", { status: 404 });
  // Section scores are not stored: the engine recomputes them from the stored answers.
  const answers = Object.fromEntries(evaluation.answers.map((a) => [a.criterionKey, a.na ? ("na" as const) : a.value]));
  const sectionScores = Object.fromEntries(
    scoreEvaluation(evaluation.definition, answers).sections.map((s) => [s.key, s]),
  );
  const window = getDisputeWindow({ submittedAt: followUp.submittedAt, definition: evaluation.definition });
  const actions = evaluationActions({
    user,
    evaluation: {
      agentId: evaluation.agentId,
      reviewerId: followUp.reviewerId,
      acknowledgedAt: followUp.acknowledgedAt,
    },
    windowOpen: window.open,
    hasOpenDispute: followUp.disputes.some((d) => d.status === "open"),
  });
  return json({
    evaluation,
    sectionScores,
    acknowledgedAt: followUp.acknowledgedAt,
    disputes: followUp.disputes,
    window: { open: window.open, closesAt: window.closesAt.toISOString() },
    actions,
    canOpenDisputes: can(user, "dispute:resolve") || can(user, "dispute:raise"),
    timeZone: user.timeZone,
    canSeeAgent: can(user, "agent:view"),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "evaluation:view");
  const parsed = IntentSchema.safeParse({ intent: (await request.formData()).get("intent") });
  if (!parsed.success) return json({ message: "Unknown action." }, { status: 400 });
  const result = await acknowledgeEvaluation({
    scope: user.scope,
    actorUserId: user.id,
    evaluationId: params.evaluationId ?? "",
  });
  if (!result.ok && result.reason === "not_found") throw new Response("Not Found", { status: 404 });
  if (!result.ok) {
    return json({ message: "Only the agent whose evaluation this is can acknowledge it." }, { status: 403 });
  }
  return json({ message: null });
}

export default function EvaluationPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const { evaluation: e, timeZone } = data;
  const notice = Object.keys(NOTICES).find((key) => searchParams.get(key));
  return (
    <>
      <div className="page-head">
        <div>
          <h1>
            Evaluation of {data.canSeeAgent ? <Link to={`/agents/${e.agentId}`}>{e.agentName}</Link> : e.agentName}
          </h1>
          <p className="muted">
            {e.scorecardName} <Link to={`/scorecards/${e.scorecardSlug}/v/${e.versionNumber}`}>v{e.versionNumber}</Link>{" "}
            · {e.vendorName} · reviewed by {e.reviewerName} · submitted {formatDateTime(e.submittedAt, timeZone)} ·{" "}
            <Link to={`/interactions/${e.interactionId}`}>interaction</Link>
          </p>
        </div>
        <div style={{ textAlign: "right" }}>
          <div>
            Final <ScoreBadge score={e.finalScore} passed={e.passed} />
          </div>
          <div className="small muted">raw {formatScore(e.rawScore)}</div>
          {e.criticalFailed ? <span className="badge bad">Critical failure</span> : null}
        </div>
      </div>
      {notice && !actionData ? (
        <p className="form-ok" role="status">
          {NOTICES[notice]}
        </p>
      ) : null}
      {actionData?.message ? (
        <p className="form-error" role="alert">
          {actionData.message}
        </p>
      ) : null}
      <FollowUp
        evaluationId={e.id}
        acknowledgedAt={data.acknowledgedAt}
        window={data.window}
        actions={data.actions}
        disputes={data.disputes}
        canOpenDisputes={data.canOpenDisputes}
        busy={navigation.state !== "idle"}
        timeZone={timeZone}
      />
      <AnswersBySection definition={e.definition} answers={e.answers} sectionScores={data.sectionScores} />
      <RevisionHistory definition={e.definition} revisions={e.revisions} timeZone={timeZone} />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

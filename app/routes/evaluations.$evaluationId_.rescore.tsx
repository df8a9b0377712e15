import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { RescoreForm } from "~/components/evaluation/rescore-form";
import type { AnswerEntries, AnswerProblem } from "~/domain/evaluation-answers";
import { getEvaluationFollowUp } from "~/models/dispute.server";
import { getEvaluation } from "~/models/evaluation.server";
import { reviseSubmittedEvaluation } from "~/models/evaluation-write.server";
import { requirePermission } from "~/utils/auth.server";
import { RescoreMetaSchema } from "~/utils/dispute-forms.server";
import { parseEntries } from "~/utils/evaluation-form.server";
import { toFieldErrors, type FieldErrors } from "~/utils/form.server";
import { formatDateTime } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "Re-score an evaluation · QA Workbench" }];

async function load(request: Request, evaluationId: string) {
  const user = await requirePermission(request, "evaluation:rescore");
  const [evaluation, followUp] = await Promise.all([
    getEvaluation(user.scope, evaluationId),
    getEvaluationFollowUp(user.scope, evaluationId),
  ]);
  if (!evaluation || !followUp) throw new Response("Not Found", { status: 404 });
  return { user, evaluation, ownEvaluation: followUp.reviewerId === user.id };
}

const storedEntries = (
  answers: {
    criterionKey: string;
    value: number | null;
    na: boolean;
    comment: string | null;
    rootCause: string | null;
  }[],
): AnswerEntries =>
  Object.fromEntries(
    answers.map((a) => [
      a.criterionKey,
      { value: a.na ? "na" : a.value, comment: a.comment ?? "", rootCause: a.rootCause },
    ]),
  );

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, evaluation, ownEvaluation } = await load(request, params.evaluationId ?? "");
  return json({ evaluation, ownEvaluation, entries: storedEntries(evaluation.answers), timeZone: user.timeZone });
}

type ActionData = {
  message: string;
  fieldErrors: FieldErrors;
  problems: AnswerProblem[];
  entries?: AnswerEntries;
  reason?: string;
  /** The lock version the form was built with: a refused form must not pick up a newer one silently. */
  lockVersion?: string;
};

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, evaluation, ownEvaluation } = await load(request, params.evaluationId ?? "");
  const form = await request.formData();
  const reply = (status: number, data: Omit<ActionData, "fieldErrors" | "problems"> & Partial<ActionData>) =>
    json<ActionData>(
      {
        fieldErrors: {},
        problems: [],
        reason: String(form.get("reason") ?? ""),
        lockVersion: String(form.get("lockVersion") ?? ""),
        ...data,
      },
      { status },
    );
  if (ownEvaluation)
    return reply(403, { message: "You scored this evaluation: another QA lead or admin re-scores it." });
  const meta = RescoreMetaSchema.safeParse({
    reason: form.get("reason") ?? undefined,
    lockVersion: form.get("lockVersion") ?? undefined,
  });
  const parsed = parseEntries(evaluation.definition, form);
  if (!meta.success || parsed.problems.length > 0) {
    return reply(400, {
      message: "Not saved: fix the marked fields.",
      fieldErrors: meta.success ? {} : toFieldErrors(meta.error),
      problems: parsed.problems,
      entries: parsed.entries,
    });
  }
  const before = storedEntries(evaluation.answers);
  const changed = Object.entries(parsed.entries).some(
    ([key, e]) => (before[key]?.value ?? null) !== e.value || (before[key]?.rootCause ?? null) !== e.rootCause,
  );
  if (!changed) {
    return reply(400, {
      message: "Nothing to re-score: change at least one answer or root cause.",
      entries: parsed.entries,
    });
  }
  const result = await reviseSubmittedEvaluation({
    scope: user.scope,
    actorUserId: user.id,
    evaluationId: evaluation.id,
    kind: "rescore",
    reason: meta.data.reason,
    changes: parsed.entries,
    expectedLockVersion: meta.data.lockVersion,
  });
  if (result.ok) return redirect(`/evaluations/${evaluation.id}?rescored=1`);
  switch (result.reason) {
    case "not_found":
      throw new Response("Not Found", { status: 404 });
    case "own_evaluation":
      return reply(403, { message: "You scored this evaluation: another QA lead or admin re-scores it." });
    case "conflict":
      return reply(409, {
        message:
          "Not saved: this evaluation changed since you opened it (another re-score or a dispute resolution). Your answers are still on this page; reload to see the current answers, then apply your change again.",
        entries: parsed.entries,
      });
    case "invalid":
      return reply(400, {
        message: "Not saved: every criterion needs an answer, and each miss a root cause.",
        problems: result.problems,
        entries: parsed.entries,
      });
  }
}

export default function RescorePage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const { evaluation: e, timeZone } = data;
  const entries = actionData?.entries ?? data.entries;
  return (
    <>
      <p className="small">
        <Link to={`/evaluations/${e.id}`}>Evaluation of {e.agentName}</Link> /
      </p>
      <div className="page-head">
        <div>
          <h1>Re-score this evaluation</h1>
          <p className="muted">
            {e.scorecardName} v{e.versionNumber} · reviewed by {e.reviewerName} · submitted{" "}
            {formatDateTime(e.submittedAt, timeZone)}
          </p>
        </div>
      </div>
      {data.ownEvaluation ? (
        <p className="form-error" role="alert">
          You scored this evaluation: another QA lead or admin re-scores it.
        </p>
      ) : (
        <RescoreForm
          evaluationId={e.id}
          definition={e.definition}
          entries={entries}
          lockVersion={actionData?.lockVersion ?? e.lockVersion}
          problems={actionData?.problems ?? []}
          reason={actionData?.reason ?? ""}
          reasonError={actionData?.fieldErrors.reason}
          message={actionData?.message}
          busy={busy}
        />
      )}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

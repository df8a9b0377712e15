import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { ScoringForm, type ScoringActionData } from "~/components/scoring/scoring-form";
import { Transcript } from "~/components/transcript";
import { getAssignmentForReviewer } from "~/models/assignment.server";
import { saveAssignmentEvaluation } from "~/models/evaluation-write.server";
import { requirePermission } from "~/utils/auth.server";
import { readScoringForm, scoringFailure } from "~/utils/evaluation-form.server";
import { formatDate, formatDateTime, formatDuration } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "Score · QA Workbench" }];

// Autosaves answer with the new lock version; reloading the whole page data after each would be waste.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get("intent") === "save" ? false : defaultShouldRevalidate;

async function loadAssignment(request: Request, assignmentId: string | undefined) {
  const user = await requirePermission(request, "evaluation:score");
  const assignment = await getAssignmentForReviewer({
    scope: user.scope,
    reviewerId: user.id,
    assignmentId: assignmentId ?? "",
  });
  if (!assignment) throw new Response("Not Found", { status: 404 });
  return { user, assignment };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, assignment } = await loadAssignment(request, params.assignmentId);
  if (assignment.evaluation?.status === "submitted") throw redirect(`/evaluations/${assignment.evaluation.id}`);
  if (assignment.assignment.status === "skipped") throw redirect("/queue?status=skipped");
  return json({ ...assignment, timeZone: user.timeZone });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, assignment } = await loadAssignment(request, params.assignmentId);
  const form = readScoringForm(assignment.definition, await request.formData());
  if (!form.ok) return form.response;
  const result = await saveAssignmentEvaluation({
    scope: user.scope,
    reviewerId: user.id,
    assignmentId: assignment.assignment.id,
    entries: form.entries,
    expectedLockVersion: form.lockVersion,
    submit: form.intent === "submit",
  });
  if (result.ok) {
    if (result.status === "submitted") return redirect(`/evaluations/${result.evaluationId}?submitted=1`);
    return json<ScoringActionData>({ ok: true, lockVersion: result.lockVersion, savedAt: new Date().toISOString() });
  }
  return scoringFailure(result, form, {
    closed: "This assignment is already submitted or skipped.",
    conflict:
      "Not saved: this evaluation was changed elsewhere (another tab or window, or it was reassigned) since you opened it. Your answers are still on this page; copy anything you need, then reload to see the latest version.",
  });
}

export default function ScoringPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { interaction, assignment, timeZone } = data;
  return (
    <>
      <p className="small">
        <Link to="/queue">My queue</Link> /
      </p>
      <div className="page-head">
        <div>
          <h1>{interaction.subject ?? `${interaction.channel}: ${interaction.contactReason}`}</h1>
          <p className="muted">
            {data.agentName} · {data.vendorName} · {data.scorecardName} v{data.versionNumber} · due{" "}
            {formatDate(assignment.dueAt, timeZone)}
          </p>
        </div>
      </div>
      <div className="scoring-layout">
        <section className="panel transcript-pane" aria-labelledby="transcript-heading">
          <h2 id="transcript-heading" style={{ marginTop: 0 }}>
            Transcript
          </h2>
          <dl className="meta-list small">
            <dt>Started</dt>
            <dd>{formatDateTime(interaction.startedAt, timeZone)}</dd>
            <dt>Queue / reason</dt>
            <dd>
              {interaction.queue} / {interaction.contactReason}
            </dd>
            <dt>Handle time</dt>
            <dd>{formatDuration(interaction.handleTimeSeconds)}</dd>
            <dt>CSAT</dt>
            <dd>{interaction.csat ?? "—"}</dd>
            <dt>Escalated / FCR</dt>
            <dd>
              {interaction.escalated ? "yes" : "no"} / {interaction.fcr === null ? "—" : interaction.fcr ? "yes" : "no"}
            </dd>
          </dl>
          <Transcript turns={interaction.transcript} />
        </section>
        <div>
          <ScoringForm
            definition={data.definition}
            storedEntries={
              actionData && !actionData.ok && actionData.kind === "invalid"
                ? (actionData.entries ?? data.entries)
                : data.entries
            }
            lockVersion={data.evaluation?.lockVersion ?? 0}
            serverProblems={actionData && !actionData.ok && actionData.kind === "invalid" ? actionData.problems : []}
          />
          <details className="panel small">
            <summary>Skip this interaction</summary>
            <form method="post" action="/queue" className="stack">
              <input type="hidden" name="assignmentId" value={assignment.id} />
              <input type="hidden" name="lockVersion" value={assignment.lockVersion} />
              <div className="field">
                <label htmlFor="skip-reason">Reason</label>
                <textarea id="skip-reason" name="reason" rows={2} required minLength={3} />
              </div>
              <button type="submit" className="button secondary">
                Skip assignment
              </button>
            </form>
          </details>
        </div>
      </div>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

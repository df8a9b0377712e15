import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { mayRaiseDispute } from "~/domain/dispute-actions";
import { answerLabel, MAX_DISPUTE_REASON_LENGTH } from "~/domain/dispute-items";
import { raiseDispute } from "~/models/dispute-raise.server";
import { getDisputeWindow, getEvaluationFollowUp } from "~/models/dispute.server";
import type { ScorecardDefinition } from "~/domain/scorecard-definition";
import { getEvaluation } from "~/models/evaluation.server";
import { requirePermission, type CurrentUser } from "~/utils/auth.server";
import { readRaiseDisputeForm } from "~/utils/dispute-forms.server";
import type { FieldErrors } from "~/utils/form.server";
import { formatDate, formatDateTime } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "Dispute an evaluation · QA Workbench" }];

async function load(request: Request, evaluationId: string) {
  const user = await requirePermission(request, "dispute:raise");
  const [evaluation, followUp] = await Promise.all([
    getEvaluation(user.scope, evaluationId),
    getEvaluationFollowUp(user.scope, evaluationId),
  ]);
  if (!evaluation || !followUp || !mayRaiseDispute(user, evaluation)) {
    throw new Response("Not Found", { status: 404 });
  }
  return { user, evaluation, followUp };
}

/** Why the form is not offered, in words; null when it is. */
function refusal(
  followUp: { submittedAt: Date; disputes: { status: string }[] },
  definition: ScorecardDefinition,
  user: CurrentUser,
) {
  const window = getDisputeWindow({ submittedAt: followUp.submittedAt, definition });
  if (followUp.disputes.some((d) => d.status === "open")) {
    return "This evaluation already has an open dispute. Wait for its decision before raising another.";
  }
  if (!window.open) {
    return `The dispute window for this evaluation closed on ${formatDate(window.closesAt, user.timeZone)} (${window.days} days after it was submitted).`;
  }
  return null;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, evaluation, followUp } = await load(request, params.evaluationId ?? "");
  return json({ evaluation, refusal: refusal(followUp, evaluation.definition, user), timeZone: user.timeZone });
}

type Values = { criteria: string[]; proposed: Record<string, string>; reason: string };
type ActionData = { fieldErrors: FieldErrors; formError: string | null; values: Values };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "dispute:raise");
  const evaluationId = params.evaluationId ?? "";
  const form = await request.formData();
  // Echoed so a refused form keeps what was typed, even without JavaScript.
  const values: Values = {
    criteria: form.getAll("criterion").map(String),
    proposed: Object.fromEntries(
      [...form.entries()].filter(([k]) => k.startsWith("proposed.")).map(([k, v]) => [k.slice(9), String(v)]),
    ),
    reason: String(form.get("reason") ?? ""),
  };
  const fail = (status: number, fieldErrors: FieldErrors, formError: string | null = null) =>
    json<ActionData>({ fieldErrors, formError, values }, { status });
  const parsed = readRaiseDisputeForm(form);
  if (!parsed.ok) return fail(400, parsed.fieldErrors);
  const result = await raiseDispute({
    scope: user.scope,
    actorUserId: user.id,
    evaluationId,
    proposals: parsed.data.proposals,
    reason: parsed.data.reason,
  });
  if (result.ok) return redirect(`/evaluations/${evaluationId}?disputed=1`);
  switch (result.reason) {
    case "not_found":
      throw new Response("Not Found", { status: 404 });
    case "invalid":
      return fail(400, Object.fromEntries(result.problems.map((p) => [p.field, p.message])));
    case "window_closed":
      return fail(
        409,
        {},
        `Not raised: the dispute window closed on ${formatDate(result.closesAt, user.timeZone)}. Disputes must be raised within the window after an evaluation is submitted.`,
      );
    case "already_open":
      return fail(
        409,
        {},
        "Not raised: this evaluation already has an open dispute (perhaps raised by someone else just now). Wait for its decision.",
      );
  }
}

export default function DisputeEvaluationPage() {
  const { evaluation: e, refusal, timeZone } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const errors = data?.fieldErrors ?? {};
  const answers = new Map(e.answers.map((a) => [a.criterionKey, a.na ? ("na" as const) : a.value]));
  return (
    <>
      <p className="small">
        <Link to={`/evaluations/${e.id}`}>Evaluation of {e.agentName}</Link> /
      </p>
      <div className="page-head">
        <div>
          <h1>Dispute this evaluation</h1>
          <p className="muted">
            {e.scorecardName} v{e.versionNumber} · reviewed by {e.reviewerName} · submitted{" "}
            {formatDateTime(e.submittedAt, timeZone)}
          </p>
        </div>
      </div>
      {refusal ? (
        <p className="form-error" role="alert">
          {refusal}
        </p>
      ) : (
        <Form method="post" className="dispute-form" aria-label="Dispute">
          <p className="muted">
            Pick the criteria you disagree with, propose the answer you think is right for each, and explain why. A QA
            lead who did not score this evaluation decides.
          </p>
          {data?.formError ? (
            <p className="form-error" role="alert">
              {data.formError}
            </p>
          ) : null}
          {errors.criteria ? (
            <p className="form-error" role="alert">
              {errors.criteria}
            </p>
          ) : null}
          {e.definition.sections.map((section) => (
            <fieldset key={section.key} className="panel dispute-section">
              <legend>{section.label}</legend>
              {section.criteria.map((criterion) => {
                const error = errors[`proposed.${criterion.key}`];
                const id = `proposed-${criterion.key}`;
                return (
                  <div key={criterion.key} className={`dispute-row${error ? " has-problem" : ""}`}>
                    <label className="checkbox">
                      <input
                        type="checkbox"
                        name="criterion"
                        value={criterion.key}
                        defaultChecked={data?.values.criteria.includes(criterion.key)}
                      />
                      <span>
                        <strong>{criterion.label}</strong>
                        <span className="small muted">
                          {" "}
                          · current: {answerLabel(criterion, answers.get(criterion.key) ?? null)}
                        </span>
                      </span>
                    </label>
                    <div className="field">
                      <label htmlFor={id} className="small">
                        Proposed answer<span className="visually-hidden"> for {criterion.label}</span>
                      </label>
                      <select
                        id={id}
                        name={`proposed.${criterion.key}`}
                        defaultValue={data?.values.proposed[criterion.key] ?? ""}
                        aria-invalid={error ? true : undefined}
                        aria-describedby={error ? `${id}-error` : undefined}
                      >
                        <option value="">Choose…</option>
                        {criterion.scale.options.map((o) => (
                          <option key={o.value} value={o.value}>
                            {o.label} ({o.value})
                          </option>
                        ))}
                        {criterion.naAllowed ? <option value="na">N/A</option> : null}
                      </select>
                      {error ? (
                        <span id={`${id}-error`} className="error">
                          {error}
                        </span>
                      ) : null}
                    </div>
                  </div>
                );
              })}
            </fieldset>
          ))}
          <div className="field">
            <label htmlFor="reason">Reason</label>
            <textarea
              id="reason"
              name="reason"
              rows={4}
              required
              minLength={3}
              maxLength={MAX_DISPUTE_REASON_LENGTH}
              defaultValue={data?.values.reason}
              aria-invalid={errors.reason ? true : undefined}
              aria-describedby={errors.reason ? "reason-error" : undefined}
            />
            {errors.reason ? (
              <span id="reason-error" className="error">
                {errors.reason}
              </span>
            ) : null}
          </div>
          <div className="form-actions">
            <Link to={`/evaluations/${e.id}`} className="button secondary">
              Cancel
            </Link>
            <button type="submit" className="button" disabled={busy}>
              Raise dispute
            </button>
          </div>
        </Form>
      )}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

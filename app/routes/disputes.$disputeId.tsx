import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { DisputeStatusBadge } from "~/components/dispute-status-badge";
import { ScoreBadge } from "~/components/score-badge";
import { answerLabel, MAX_DISPUTE_REASON_LENGTH } from "~/domain/dispute-items";
import { can } from "~/domain/permissions";
import { findCriterion, isMet } from "~/domain/scorecard-definition";
import { resolveDispute } from "~/models/dispute-resolve.server";
import { getDispute } from "~/models/dispute.server";
import { requirePermission, requireUser } from "~/utils/auth.server";
import { readResolveDisputeForm } from "~/utils/dispute-forms.server";
import type { FieldErrors } from "~/utils/form.server";
import { formatDateTime } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "Dispute · QA Workbench" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const resolves = can(user, "dispute:resolve");
  if (!resolves && !can(user, "dispute:raise")) {
    throw new Response("You do not have permission to do this (dispute:resolve).", { status: 403 });
  }
  const dispute = await getDispute(user.scope, params.disputeId ?? "");
  if (!dispute) throw new Response("Not Found", { status: 404 });
  const ownEvaluation = dispute.reviewerId === user.id;
  return json({
    dispute,
    canResolve: resolves && dispute.status === "open" && !ownEvaluation,
    ownEvaluation: resolves && dispute.status === "open" && ownEvaluation,
    timeZone: user.timeZone,
  });
}

type Values = {
  decisions: Record<string, string>;
  rootCauses: Record<string, string>;
  note: string;
  lockVersion: string;
};
type ActionData = { fieldErrors: FieldErrors; formError: string | null; values: Values };

const prefixed = (form: FormData, prefix: string) =>
  Object.fromEntries(
    [...form.entries()].filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), String(v)]),
  );

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "dispute:resolve");
  const dispute = await getDispute(user.scope, params.disputeId ?? "");
  if (!dispute) throw new Response("Not Found", { status: 404 });
  const form = await request.formData();
  // Echoed so a refused form keeps the decisions, and the lock version it was built with.
  const values: Values = {
    decisions: prefixed(form, "decision."),
    rootCauses: prefixed(form, "rootCause."),
    note: String(form.get("note") ?? ""),
    lockVersion: String(form.get("lockVersion") ?? ""),
  };
  const fail = (status: number, fieldErrors: FieldErrors, formError: string | null = null) =>
    json<ActionData>({ fieldErrors, formError, values }, { status });
  const parsed = readResolveDisputeForm(
    form,
    dispute.items.map((i) => i.criterionKey),
  );
  if (!parsed.ok) return fail(400, parsed.fieldErrors, "Not resolved: fix the marked fields.");
  const result = await resolveDispute({
    scope: user.scope,
    actorUserId: user.id,
    disputeId: dispute.id,
    decisions: parsed.data.decisions,
    note: parsed.data.note,
    expectedLockVersion: parsed.data.lockVersion,
  });
  if (result.ok) return redirect(`/disputes/${dispute.id}?resolved=1`);
  switch (result.reason) {
    case "not_found":
      throw new Response("Not Found", { status: 404 });
    case "own_evaluation":
      return fail(
        403,
        {},
        "You scored this evaluation, so you cannot decide its dispute: another QA lead or admin does.",
      );
    case "closed":
      return fail(409, {}, "This dispute has already been decided. Reload to see the decision.");
    case "conflict":
      return fail(
        409,
        {},
        "Not resolved: this dispute or its evaluation changed since you opened it (someone else may be deciding it, or the evaluation was re-scored). Reload to see the current state.",
      );
    case "invalid": {
      const fieldErrors = Object.fromEntries(
        result.problems.filter((p) => p.field !== "form").map((p) => [p.field, p.message]),
      );
      const formProblem = result.problems.find((p) => p.field === "form");
      return fail(400, fieldErrors, formProblem?.message ?? "Not resolved: fix the marked fields.");
    }
  }
}

export default function DisputePage() {
  const { dispute: d, canResolve, ownEvaluation, timeZone } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const [searchParams] = useSearchParams();
  const errors = data?.fieldErrors ?? {};
  const answers = new Map(d.answers.map((a) => [a.criterionKey, a]));
  const itemsTable = (
    <div className="table-wrap">
      <table aria-label="Disputed criteria">
        <thead>
          <tr>
            <th>Criterion</th>
            <th>{d.status === "open" ? "Current answer" : "Answer now"}</th>
            <th>Proposed answer</th>
            <th>{canResolve ? "Decision" : "Outcome"}</th>
          </tr>
        </thead>
        <tbody>
          {d.items.map((item) => {
            const criterion = findCriterion(d.definition, item.criterionKey);
            const current = answers.get(item.criterionKey);
            const proposed = item.proposedNa ? ("na" as const) : item.proposedValue;
            // Accepting a value that is still a miss needs a root cause, as scoring does.
            const needsCause =
              criterion !== null &&
              criterion.rootCauses.length > 0 &&
              typeof proposed === "number" &&
              !isMet(criterion, proposed);
            const decisionError = errors[`decision.${item.criterionKey}`];
            const causeError = errors[`rootCause.${item.criterionKey}`];
            const label = criterion?.label ?? item.criterionKey;
            return (
              <tr key={item.criterionKey}>
                <td>
                  <strong>{label}</strong>
                </td>
                <td>{answerLabel(criterion, current ? (current.na ? "na" : current.value) : null)}</td>
                <td>{answerLabel(criterion, proposed)}</td>
                <td>
                  {canResolve ? (
                    <div role="radiogroup" aria-label={`Decision on ${label}`} className="decision">
                      {(["accept", "reject"] as const).map((choice) => (
                        <label key={choice} className="option">
                          <input
                            type="radio"
                            name={`decision.${item.criterionKey}`}
                            value={choice}
                            required
                            defaultChecked={data?.values.decisions[item.criterionKey] === choice}
                          />
                          {choice === "accept" ? "Accept" : "Reject"}
                        </label>
                      ))}
                      {needsCause ? (
                        <select
                          name={`rootCause.${item.criterionKey}`}
                          aria-label={`Root cause if accepted: ${label}`}
                          defaultValue={data?.values.rootCauses[item.criterionKey] ?? current?.rootCause ?? ""}
                        >
                          <option value="">Root cause if accepted…</option>
                          {criterion.rootCauses.map((cause) => (
                            <option key={cause} value={cause}>
                              {cause.replaceAll("_", " ")}
                            </option>
                          ))}
                        </select>
                      ) : null}
                      {decisionError || causeError ? (
                        <span className="error small">{decisionError ?? causeError}</span>
                      ) : null}
                    </div>
                  ) : item.accepted === null ? (
                    <span className="badge warn">undecided</span>
                  ) : item.accepted ? (
                    <span className="badge good">Accepted</span>
                  ) : (
                    <span className="badge neutral">Rejected</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
  return (
    <>
      <p className="small">
        <Link to="/disputes">Disputes</Link> /
      </p>
      <div className="page-head">
        <div>
          <h1>
            Dispute of {d.agentName}&apos;s evaluation <DisputeStatusBadge status={d.status} />
          </h1>
          <p className="muted">
            {d.vendorName} · {d.scorecardName} v{d.versionNumber} · reviewed by {d.reviewerName} ·{" "}
            <Link to={`/evaluations/${d.evaluationId}`}>open the evaluation</Link>
          </p>
        </div>
        <div style={{ textAlign: "right" }}>
          Current score <ScoreBadge score={d.finalScore} passed={d.passed} />
        </div>
      </div>
      {searchParams.get("resolved") && !data ? (
        <p className="form-ok" role="status">
          Dispute resolved.
        </p>
      ) : null}
      <section className="panel">
        <p style={{ marginTop: 0 }}>
          Raised by <strong>{d.raisedByName}</strong> on {formatDateTime(d.raisedAt, timeZone)}:
        </p>
        <blockquote className="quote">{d.reason}</blockquote>
        {d.resolvedAt ? (
          <>
            <p>
              Decided by <strong>{d.resolverName}</strong> on {formatDateTime(d.resolvedAt, timeZone)}:
            </p>
            <blockquote className="quote">{d.resolutionNote}</blockquote>
          </>
        ) : null}
      </section>
      {ownEvaluation ? (
        <p className="form-error" role="alert">
          You scored this evaluation, so you cannot decide its dispute: another QA lead or admin does.
        </p>
      ) : null}
      {data?.formError ? (
        <p className="form-error" role="alert">
          {data.formError}
        </p>
      ) : null}
      {canResolve ? (
        <Form method="post" aria-label="Resolve dispute">
          <input type="hidden" name="lockVersion" value={data?.values.lockVersion ?? d.lockVersion} />
          {itemsTable}
          <div className="stack-narrow">
            <div className="field">
              <label htmlFor="note">Note on the decision</label>
              <textarea
                id="note"
                name="note"
                rows={3}
                required
                minLength={3}
                maxLength={MAX_DISPUTE_REASON_LENGTH}
                defaultValue={data?.values.note}
                aria-invalid={errors.note ? true : undefined}
                aria-describedby={errors.note ? "note-error" : "note-hint"}
              />
              {errors.note ? (
                <span id="note-error" className="error">
                  {errors.note}
                </span>
              ) : (
                <span id="note-hint" className="small muted">
                  Shown to the agent and team lead, and recorded as the reason for every changed answer.
                </span>
              )}
            </div>
            <div className="form-actions">
              <button type="submit" className="button" disabled={busy}>
                Resolve dispute
              </button>
            </div>
          </div>
        </Form>
      ) : (
        itemsTable
      )}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ScoreBadge } from "~/components/score-badge";
import { can } from "~/domain/permissions";
import { scoreEvaluation } from "~/domain/scoring";
import { getEvaluation } from "~/models/evaluation.server";
import { requirePermission } from "~/utils/auth.server";
import { formatDateTime, formatScore } from "~/utils/format";

const REVISION_LABELS = {
  submitted: "Submitted",
  dispute_resolution: "Dispute resolved",
  rescore: "Re-scored",
} as const;

export const meta: MetaFunction = () => [{ title: "Evaluation · QA Workbench" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "evaluation:view");
  const evaluation = await getEvaluation(user.scope, params.evaluationId ?? "");
  if (!evaluation) throw new Response("Not Found", { status: 404 });
  // Section scores are not stored: the engine recomputes them from the stored answers.
  const answers = Object.fromEntries(evaluation.answers.map((a) => [a.criterionKey, a.na ? ("na" as const) : a.value]));
  const sectionScores = Object.fromEntries(
    scoreEvaluation(evaluation.definition, answers).sections.map((s) => [s.key, s]),
  );
  return json({ evaluation, sectionScores, timeZone: user.timeZone, canSeeAgent: can(user, "agent:view") });
}

export default function EvaluationPage() {
  const { evaluation: e, sectionScores, timeZone, canSeeAgent } = useLoaderData<typeof loader>();
  const answers = new Map(e.answers.map((a) => [a.criterionKey, a]));
  const labels = Object.fromEntries(e.definition.sections.flatMap((s) => s.criteria.map((c) => [c.key, c.label])));
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Evaluation of {canSeeAgent ? <Link to={`/agents/${e.agentId}`}>{e.agentName}</Link> : e.agentName}</h1>
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
      {e.definition.sections.map((section) => (
        <section key={section.key} className="panel section-block" aria-labelledby={`s-${section.key}`}>
          <div className="section-head">
            <h2 id={`s-${section.key}`} style={{ margin: 0 }}>
              {section.label}
            </h2>
            <span className="small">
              {sectionScores[section.key]?.criticalFailed ? (
                <span className="badge bad">critical: section counts 0</span>
              ) : null}{" "}
              section score <strong>{formatScore(sectionScores[section.key]?.score ?? null)}</strong>
            </span>
          </div>
          {section.criteria.map((criterion) => {
            const answer = answers.get(criterion.key);
            const option =
              answer && !answer.na ? criterion.scale.options.find((o) => o.value === answer.value) : undefined;
            return (
              <div key={criterion.key} className="criterion">
                <div>
                  <strong>{criterion.label}</strong>
                  {answer?.comment ? <p className="guideline">“{answer.comment}”</p> : null}
                  {answer?.rootCause ? (
                    <div className="small muted">Root cause: {answer.rootCause.replaceAll("_", " ")}</div>
                  ) : null}
                </div>
                <div>
                  {!answer ? (
                    <span className="badge neutral">unanswered</span>
                  ) : answer.na ? (
                    <span className="badge neutral">N/A</span>
                  ) : (
                    <span className={`badge ${answer.met ? "good" : "bad"}`}>
                      {option?.label ?? answer.value} ({answer.value})
                    </span>
                  )}
                </div>
              </div>
            );
          })}
        </section>
      ))}
      <section className="panel" aria-labelledby="history-heading">
        <h2 id="history-heading" style={{ marginTop: 0 }}>
          History
        </h2>
        {e.revisions.length === 0 ? (
          <p className="muted">No recorded revisions (imported or seeded evaluation).</p>
        ) : (
          <ol className="history">
            {e.revisions.map((r) => (
              <li key={r.number}>
                <strong>{REVISION_LABELS[r.kind]}</strong> by {r.actorName}, {formatDateTime(r.at, timeZone)}
                {r.kind !== "submitted" ? (
                  <>
                    {" "}
                    · score {formatScore(r.finalScoreBefore)} → {formatScore(r.finalScoreAfter)}
                    {r.reason ? <div className="small">Why: {r.reason}</div> : null}
                    <ul className="small">
                      {r.changes.map((c) => (
                        <li key={c.criterionKey}>
                          {labels[c.criterionKey] ?? c.criterionKey}: <del>{String(c.before ?? "unanswered")}</del> →{" "}
                          <ins>{String(c.after ?? "unanswered")}</ins>
                        </li>
                      ))}
                    </ul>
                  </>
                ) : (
                  <> · final score {formatScore(r.finalScoreAfter)}</>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { can } from "~/domain/permissions";
import { listEvaluations } from "~/models/evaluation.server";
import { getInteraction } from "~/models/interaction.server";
import { ScoreBadge } from "~/components/score-badge";
import { Transcript } from "~/components/transcript";
import { requirePermission } from "~/utils/auth.server";
import { formatDateTime, formatDuration } from "~/utils/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.interaction.externalId ?? "Interaction"} · QA Workbench` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "interaction:view");
  const interaction = await getInteraction(user.scope, params.interactionId ?? "");
  if (!interaction) throw new Response("Not Found", { status: 404 });
  const evaluations = await listEvaluations(user.scope, { interactionId: interaction.id });
  return json({ interaction, evaluations, timeZone: user.timeZone, canSeeAgent: can(user, "agent:view") });
}

export default function InteractionPage() {
  const { interaction: i, evaluations, timeZone, canSeeAgent } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>
        {i.subject ?? i.contactReason} <span className="muted small">{i.externalId}</span>
      </h1>
      <div className="diff-cols">
        <section className="panel" aria-labelledby="transcript-heading">
          <h2 id="transcript-heading" style={{ marginTop: 0 }}>
            Transcript
          </h2>
          <Transcript turns={i.transcript} />
        </section>
        <section className="panel" aria-labelledby="details-heading">
          <h2 id="details-heading" style={{ marginTop: 0 }}>
            Details
          </h2>
          <dl className="meta-list">
            <dt>Agent</dt>
            <dd>{canSeeAgent ? <Link to={`/agents/${i.agentId}`}>{i.agentName}</Link> : i.agentName}</dd>
            <dt>Vendor / team</dt>
            <dd>
              {i.vendorName} / {i.teamName}
            </dd>
            <dt>Channel</dt>
            <dd>{i.channel}</dd>
            <dt>Queue</dt>
            <dd>{i.queue}</dd>
            <dt>Contact reason</dt>
            <dd>{i.contactReason}</dd>
            <dt>Customer</dt>
            <dd>{i.customerName ?? "—"}</dd>
            <dt>Started</dt>
            <dd>{formatDateTime(i.startedAt, timeZone)}</dd>
            <dt>Handle time</dt>
            <dd>{formatDuration(i.handleTimeSeconds)}</dd>
            <dt>First response</dt>
            <dd>{formatDuration(i.firstResponseSeconds)}</dd>
            <dt>Resolution time</dt>
            <dd>{formatDuration(i.resolutionSeconds)}</dd>
            <dt>CSAT</dt>
            <dd>{i.csat ?? "—"}</dd>
            <dt>NPS / CES</dt>
            <dd>
              {i.nps ?? "—"} / {i.ces ?? "—"}
            </dd>
            <dt>First contact resolution</dt>
            <dd>{i.fcr === null ? "—" : i.fcr ? "yes" : "no"}</dd>
            <dt>Escalated</dt>
            <dd>{i.escalated ? "yes" : "no"}</dd>
          </dl>
          <h3>Evaluations</h3>
          {evaluations.length === 0 ? (
            <p className="muted">Not evaluated.</p>
          ) : (
            <ul>
              {evaluations.map((e) => (
                <li key={e.id}>
                  <Link to={`/evaluations/${e.id}`}>
                    {e.scorecardName} v{e.versionNumber}
                  </Link>{" "}
                  by {e.reviewerName} <ScoreBadge score={e.finalScore} passed={e.passed} />
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Pager } from "~/components/pager";
import { ScoreBadge } from "~/components/score-badge";
import { computeSampleSize } from "~/domain/margin-of-error";
import { getAgent } from "~/models/agent.server";
import { listAgentEvaluations } from "~/models/evaluation.server";
import { listInteractionsForAgent } from "~/models/interaction.server";
import { getAgentScoreStats } from "~/models/sampling-stats.server";
import { requirePermission } from "~/utils/auth.server";
import { formatDate, formatDateTime, formatScore } from "~/utils/format";
import { firstPageHref, InstantIdCursorSchema, nextPageHref, requirePageCursor } from "~/utils/page-cursor.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.agent.name ?? "Agent"} · QA Workbench` },
];

const PAGE_SIZE = 50;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "agent:view");
  const agent = await getAgent(user.scope, params.agentId ?? "");
  if (!agent) throw new Response("Not Found", { status: 404 });
  const url = new URL(request.url);
  const after = requirePageCursor(url, InstantIdCursorSchema);
  const [page, interactions, scoreStats] = await Promise.all([
    listAgentEvaluations(user.scope, { agentId: agent.id, limit: PAGE_SIZE, after }),
    listInteractionsForAgent(user.scope, agent.id, 15),
    getAgentScoreStats(user.scope, agent.id),
  ]);
  const sampleSize = computeSampleSize({ n: scoreStats.n, sd: scoreStats.sd });
  return json({
    agent,
    evaluations: page.rows,
    nextHref: nextPageHref(url, page.next),
    firstHref: firstPageHref(url),
    interactions,
    scoreStats,
    sampleSize,
    timeZone: user.timeZone,
  });
}

export default function AgentPage() {
  const { agent, evaluations, nextHref, firstHref, interactions, scoreStats, sampleSize, timeZone } =
    useLoaderData<typeof loader>();
  return (
    <>
      <p className="small">
        <Link to="/agents">Agents</Link> /
      </p>
      <h1>{agent.name}</h1>
      <div className="panel">
        <dl className="meta-list">
          <dt>Vendor</dt>
          <dd>{agent.vendorName}</dd>
          <dt>Team</dt>
          <dd>{agent.teamName}</dd>
          <dt>External id</dt>
          <dd>{agent.externalId}</dd>
          <dt>Email</dt>
          <dd>{agent.email}</dd>
          <dt>Hire date</dt>
          <dd>{formatDate(agent.hireDate)}</dd>
          <dt>Training cohort</dt>
          <dd>{agent.trainingCohort}</dd>
        </dl>
      </div>
      <section className="panel" aria-labelledby="sample-size-heading">
        <h2 id="sample-size-heading" style={{ marginTop: 0 }}>
          Sample size
        </h2>
        <dl className="meta-list">
          <dt>QA score (mean)</dt>
          <dd>{formatScore(scoreStats.mean)}</dd>
          <dt>Evaluations (n)</dt>
          <dd>{scoreStats.n}</dd>
          <dt>Standard deviation (s)</dt>
          <dd>{formatScore(scoreStats.sd)}</dd>
          <dt>Margin of error (95%)</dt>
          <dd>{sampleSize.status === "ok" ? `± ${sampleSize.margin.toFixed(1)} points` : sampleSize.reason}</dd>
          <dt>To reach ± 5 points</dt>
          <dd>
            {sampleSize.status !== "ok"
              ? "—"
              : sampleSize.additionalNeeded === 0
                ? "Reached"
                : `${sampleSize.additionalNeeded} more evaluations`}
          </dd>
        </dl>
      </section>
      <h2>Evaluations</h2>
      {evaluations.length === 0 ? (
        <p className="muted">No submitted evaluations yet.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Submitted</th>
                <th>Channel</th>
                <th>Scorecard</th>
                <th>Reviewer</th>
                <th className="num">Raw</th>
                <th className="num">Final</th>
              </tr>
            </thead>
            <tbody>
              {evaluations.map((e) => (
                <tr key={e.id}>
                  <td>
                    <Link to={`/evaluations/${e.id}`}>{formatDate(e.submittedAt, timeZone)}</Link>
                  </td>
                  <td>{e.channel}</td>
                  <td>
                    {e.scorecardName} v{e.versionNumber}
                  </td>
                  <td>{e.reviewerName}</td>
                  <td className="num">{e.rawScore?.toFixed(1) ?? "—"}</td>
                  <td className="num">
                    <ScoreBadge score={e.finalScore} passed={e.passed} />
                    {e.criticalFailed ? <span className="badge bad"> critical</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager firstHref={firstHref} nextHref={nextHref} label="Evaluation pages" />
      <h2>Recent interactions</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Started</th>
              <th>Channel</th>
              <th>Queue</th>
              <th>Contact reason</th>
              <th className="num">CSAT</th>
              <th>Escalated</th>
            </tr>
          </thead>
          <tbody>
            {interactions.map((i) => (
              <tr key={i.id}>
                <td>
                  <Link to={`/interactions/${i.id}`}>{formatDateTime(i.startedAt, timeZone)}</Link>
                </td>
                <td>{i.channel}</td>
                <td>{i.queue}</td>
                <td>{i.contactReason}</td>
                <td className="num">{i.csat ?? "—"}</td>
                <td>{i.escalated ? "yes" : "no"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

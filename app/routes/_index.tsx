import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ScoreBadge } from "~/components/score-badge";
import { ScoreTrend } from "~/components/score-trend";
import { can, ROLE_LABELS } from "~/domain/permissions";
import { countUnacknowledged } from "~/models/acknowledgement.server";
import { listAgents } from "~/models/agent.server";
import { listPendingCalibrations } from "~/models/calibration.server";
import { getBacklogAging } from "~/models/assignment.server";
import { listEvaluations } from "~/models/evaluation.server";
import { countUsersByOrganization, getVendorSummaries, listWeakestCriteria } from "~/models/overview.server";
import { listWeeklyScores } from "~/models/score-trend.server";
import { requireUser } from "~/utils/auth.server";
import { formatDate, formatDateTime, formatNumber, formatPercent, formatScore } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "Home · QA Workbench" }];

const WINDOW_DAYS = 84;

/** Each role's home loads only the panels it shows. */
async function when<T>(condition: boolean, load: () => Promise<T[]>): Promise<T[]> {
  return condition ? load() : [];
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const since = new Date(Date.now() - WINDOW_DAYS * 24 * 3600 * 1000);
  const { scope, role } = user;
  const reviews = role === "qa_specialist" || role === "qa_lead";
  // Each role's home shows its own panels, always (with an empty state), so people know what to expect.
  const panels = {
    weakest: role === "trainer" || role === "qa_lead",
    coaching: role === "team_lead" || (role === "ops_manager" && scope.kind === "vendor"),
    users: role === "admin",
    backlog: can(user, "assignment:manage"),
    // The agent's own weekly trend and what they have not acknowledged yet (scope narrows both to them).
    trend: role === "agent",
  };
  const [vendors, evaluations, weakest, agents, usersByOrg, backlog, trend, unacknowledged, calibrations] =
    await Promise.all([
      // For an agent-role user the scope narrows these figures to their own agent record.
      getVendorSummaries(scope, since),
      listEvaluations(scope, { reviewerId: reviews ? user.id : undefined, limit: 10 }),
      when(panels.weakest, () => listWeakestCriteria(scope, since)),
      when(panels.coaching, () => listAgents(scope)),
      when(panels.users, () => countUsersByOrganization(scope)),
      when(panels.backlog, () => getBacklogAging(scope)),
      when(panels.trend, () => listWeeklyScores(scope, { weeks: WINDOW_DAYS / 7, timeZone: user.timeZone })),
      panels.trend ? countUnacknowledged(scope) : Promise.resolve(0),
      when(can(user, "calibration:participate"), () => listPendingCalibrations(user.id)),
    ]);
  const needsCoaching = agents
    .filter((a) => a.averageScore !== null && a.evaluations >= 2)
    .sort((a, b) => (a.averageScore ?? 0) - (b.averageScore ?? 0))
    .slice(0, 8);
  return json({
    user: {
      name: user.name,
      role: user.role,
      organizationName: user.organizationName,
      organizationKind: user.organizationKind,
      timeZone: user.timeZone,
    },
    canSeeAgents: can(user, "agent:view"),
    reviews,
    panels,
    vendors,
    evaluations,
    weakest,
    needsCoaching,
    usersByOrg,
    trend,
    unacknowledged,
    calibrations,
    backlog: {
      open: backlog.reduce((n, r) => n + r.open, 0),
      overdue: backlog.reduce((n, r) => n + r.overdue, 0),
      older: backlog.reduce((n, r) => n + r.older, 0),
    },
  });
}

type VendorNumbers = {
  interactions: number;
  evaluations: number;
  averageScore: number | null;
  passRate: number | null;
};

/** Scope-wide figures from the per-vendor rows, weighting rates by evaluation counts. */
function totals(vendors: VendorNumbers[]) {
  const interactions = vendors.reduce((n, v) => n + v.interactions, 0);
  const evaluations = vendors.reduce((n, v) => n + v.evaluations, 0);
  const weighted = (pick: (v: VendorNumbers) => number | null) => {
    const rows = vendors.filter((v) => pick(v) !== null && v.evaluations > 0);
    const n = rows.reduce((s, v) => s + v.evaluations, 0);
    return n === 0 ? null : rows.reduce((s, v) => s + (pick(v) ?? 0) * v.evaluations, 0) / n;
  };
  return {
    interactions,
    evaluations,
    averageScore: weighted((v) => v.averageScore),
    passRate: weighted((v) => v.passRate),
  };
}

export default function Home() {
  const data = useLoaderData<typeof loader>();
  const { user } = data;
  const sum = totals(data.vendors);
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Welcome, {user.name}</h1>
          <p className="muted">
            {ROLE_LABELS[user.role]} at {user.organizationName} · last {WINDOW_DAYS / 7} weeks
          </p>
        </div>
      </div>

      {data.calibrations.length > 0 ? (
        <section aria-labelledby="calibrations-heading" className="panel">
          <h2 id="calibrations-heading" style={{ marginTop: 0 }}>
            Calibrations waiting for you
          </h2>
          <ul className="plain-list">
            {data.calibrations.map((c) => (
              <li key={c.id}>
                <Link to={`/calibrations/${c.id}`}>{c.title}</Link> ·{" "}
                <span className={new Date(c.deadline) < new Date() ? "badge bad" : "badge warn"}>
                  due {formatDateTime(c.deadline, user.timeZone)}
                </span>{" "}
                <span className="small muted">
                  {c.submitted} of {c.items} interactions submitted
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {sum.interactions > 0 || sum.evaluations > 0 ? (
        <div className="grid" style={{ marginBottom: "1rem" }}>
          <Stat label="Interactions" value={formatNumber(sum.interactions)} />
          <Stat label="Evaluations submitted" value={formatNumber(sum.evaluations)} />
          <Stat
            label="Average QA score"
            value={formatScore(sum.averageScore)}
            hint="final score, after critical rules"
          />
          <Stat label="Pass rate" value={formatPercent(sum.passRate)} />
        </div>
      ) : null}

      {data.panels.backlog ? (
        <section aria-labelledby="backlog-heading" className="panel">
          <h2 id="backlog-heading" style={{ marginTop: 0 }}>
            Review backlog
          </h2>
          <p>
            {data.backlog.open} open assignments ·{" "}
            {data.backlog.overdue > 0 ? (
              <span className="badge bad">{data.backlog.overdue} overdue</span>
            ) : (
              "none overdue"
            )}{" "}
            · {data.backlog.older} assigned more than a week ago · <Link to="/queue/team">Team queue</Link>
          </p>
        </section>
      ) : null}

      {data.panels.trend ? (
        <section aria-labelledby="trend-heading">
          <h2 id="trend-heading">Your score trend</h2>
          <p className="small muted">
            Weekly average final score of your evaluations.{" "}
            {data.unacknowledged > 0 ? (
              <strong>
                {data.unacknowledged} {data.unacknowledged === 1 ? "evaluation" : "evaluations"} not acknowledged yet:
                open one to acknowledge it or raise a dispute.
              </strong>
            ) : (
              "You have acknowledged all your evaluations."
            )}
          </p>
          <ScoreTrend weeks={data.trend} />
        </section>
      ) : null}

      {data.vendors.length > 0 && user.role !== "agent" ? (
        <section aria-labelledby="vendors-heading">
          <h2 id="vendors-heading">{user.organizationKind === "client" ? "Vendors side by side" : "Your vendor"}</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Vendor</th>
                  <th className="num">Interactions</th>
                  <th className="num">Avg CSAT</th>
                  <th className="num">Escalation rate</th>
                  <th className="num">Evaluations</th>
                  <th className="num">QA score</th>
                  <th className="num">Pass rate</th>
                  <th className="num">Critical-fail rate</th>
                </tr>
              </thead>
              <tbody>
                {data.vendors.map((v) => (
                  <tr key={v.id}>
                    <td>{data.canSeeAgents ? <Link to={`/agents?vendor=${v.id}`}>{v.name}</Link> : v.name}</td>
                    <td className="num">{formatNumber(v.interactions)}</td>
                    <td className="num">{formatNumber(v.averageCsat, 2)}</td>
                    <td className="num">{formatPercent(v.escalationRate, 1)}</td>
                    <td className="num">{formatNumber(v.evaluations)}</td>
                    <td className="num">{formatScore(v.averageScore)}</td>
                    <td className="num">{formatPercent(v.passRate)}</td>
                    <td className="num">{formatPercent(v.criticalFailRate, 1)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      {data.panels.weakest ? (
        <section aria-labelledby="weakest-heading">
          <h2 id="weakest-heading">Criteria failed most often</h2>
          {data.weakest.length === 0 ? (
            <p className="muted">
              Not enough evaluations in the last {WINDOW_DAYS / 7} weeks (at least 10 answers per criterion).
            </p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>Criterion</th>
                    <th>Scorecard</th>
                    <th className="num">Answers</th>
                    <th className="num">Not met</th>
                    <th className="num">Of failures: training gap</th>
                  </tr>
                </thead>
                <tbody>
                  {data.weakest.map((c) => (
                    <tr key={`${c.scorecardId}:${c.criterionKey}`}>
                      <td>{c.criterionLabel}</td>
                      <td>{c.scorecardName}</td>
                      <td className="num">{formatNumber(c.answers)}</td>
                      <td className="num">{formatPercent(c.failRate)}</td>
                      <td className="num">{formatPercent(c.trainingGapShare)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ) : null}

      {data.panels.coaching ? (
        <section aria-labelledby="coaching-heading">
          <h2 id="coaching-heading">Agents with the lowest QA scores</h2>
          {data.needsCoaching.length === 0 ? (
            <p className="muted">No agent has two or more evaluations yet.</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>Agent</th>
                    <th>Team</th>
                    <th className="num">Evaluations</th>
                    <th className="num">QA score</th>
                    <th className="num">Pass rate</th>
                  </tr>
                </thead>
                <tbody>
                  {data.needsCoaching.map((a) => (
                    <tr key={a.id}>
                      <td>
                        <Link to={`/agents/${a.id}`}>{a.name}</Link>
                      </td>
                      <td>{a.teamName}</td>
                      <td className="num">{a.evaluations}</td>
                      <td className="num">{formatScore(a.averageScore)}</td>
                      <td className="num">{formatPercent(a.passRate)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ) : null}

      {data.panels.users ? (
        <section aria-labelledby="users-heading">
          <h2 id="users-heading">Users</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Organisation</th>
                  <th>Kind</th>
                  <th className="num">Active</th>
                  <th className="num">Deactivated</th>
                </tr>
              </thead>
              <tbody>
                {data.usersByOrg.map((o) => (
                  <tr key={o.organizationName}>
                    <td>{o.organizationName}</td>
                    <td>{o.kind}</td>
                    <td className="num">{o.active}</td>
                    <td className="num">{o.inactive}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p>
            <Link to="/admin/users">Manage users</Link>
          </p>
        </section>
      ) : null}

      <section aria-labelledby="evaluations-heading">
        <h2 id="evaluations-heading">
          {user.role === "agent" ? "Your evaluations" : data.reviews ? "Your recent evaluations" : "Recent evaluations"}
        </h2>
        {data.evaluations.length === 0 ? (
          <p className="muted">No submitted evaluations yet.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Submitted</th>
                  <th>Agent</th>
                  <th>Vendor</th>
                  <th>Scorecard</th>
                  <th>Reviewer</th>
                  <th className="num">Score</th>
                </tr>
              </thead>
              <tbody>
                {data.evaluations.map((e) => (
                  <tr key={e.id}>
                    <td>
                      <Link to={`/evaluations/${e.id}`}>{formatDate(e.submittedAt, user.timeZone)}</Link>
                    </td>
                    <td>{e.agentName}</td>
                    <td>{e.vendorName}</td>
                    <td>
                      {e.scorecardName} v{e.versionNumber}
                    </td>
                    <td>{e.reviewerName}</td>
                    <td className="num">
                      <ScoreBadge score={e.finalScore} passed={e.passed} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="stat">
      <div className="label">{label}</div>
      <div className="value">{value}</div>
      {hint ? <div className="hint">{hint}</div> : null}
    </div>
  );
}

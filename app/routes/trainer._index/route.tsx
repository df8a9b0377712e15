import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { isUuid } from "~/domain/ids";
import { can } from "~/domain/permissions";
import {
  COHORT_VERDICT_LABELS,
  MIN_ANSWERS_PER_SIDE,
  SIGNIFICANCE_ALPHA,
  type Verdict,
} from "~/domain/trainer-analysis";
import {
  criterionId,
  getErrorPareto,
  getTrainingShare,
  listAgentsMissingCriterion,
  listCohortComparisons,
  type TrainingShareRow,
} from "~/models/trainer.server";
import { requirePermission } from "~/utils/auth.server";
import { formatDate, formatNumber, formatPercent } from "~/utils/format";
import { readTrainerQuery } from "~/utils/trainer-form.server";
import { CAUSE_KEYS, CAUSE_SHORT_LABELS, causeLabel, ParetoChart } from "./pareto-chart";
import { TrainerFilters } from "./trainer-filters";

export const meta: MetaFunction = () => [{ title: "Trainer view · QA Workbench" }];

/** `drill=<scorecardId>:<criterionKey>`: the Pareto row whose agents are listed. */
function parseDrill(value: string | null) {
  const at = value?.indexOf(":") ?? -1;
  if (!value || at < 0) return null;
  const scorecardId = value.slice(0, at);
  const criterionKey = value.slice(at + 1);
  return isUuid(scorecardId) && criterionKey ? { scorecardId, criterionKey } : null;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "trainer:view");
  const url = new URL(request.url);
  const q = await readTrainerQuery(url, user);
  const drill = parseDrill(url.searchParams.get("drill"));
  const [pareto, training, cohorts, drillAgents] = await Promise.all([
    getErrorPareto(q.filter),
    getTrainingShare(q.filter),
    listCohortComparisons(q.filter),
    drill ? listAgentsMissingCriterion({ ...q.filter, ...drill, limit: 10 }) : Promise.resolve(null),
  ]);
  return json({
    weeks: q.weeks,
    vendorId: q.vendorId,
    vendors: q.vendors,
    from: q.window.starts[0],
    timeZone: user.timeZone,
    pareto: pareto.map((r) => ({ ...r, id: criterionId(r) })),
    training,
    cohorts,
    drill: drill ? { id: criterionId(drill), agents: drillAgents ?? [] } : null,
    canCoach: can(user, "coaching:manage"),
    canTag: can(user, "root_cause:tag"),
    showVendor: user.scope.kind === "client",
  });
}

const VERDICT_BADGE: Record<Verdict, string> = {
  higher: "badge bad",
  lower: "badge good",
  not_significant: "badge neutral",
  untestable: "badge neutral",
};

const points = (difference: number | null) =>
  difference === null
    ? "—"
    : `${difference > 0 ? "+" : difference < 0 ? "−" : ""}${Math.abs(difference * 100).toFixed(1)} pts`;

function CsvLink({ table, query, label }: { table: string; query: URLSearchParams; label: string }) {
  const params = new URLSearchParams(query);
  params.set("table", table);
  return (
    <a href={`/trainer/export.csv?${params}`} className="button secondary small-button" download>
      CSV<span className="visually-hidden"> of {label}</span>
    </a>
  );
}

export default function TrainerPage() {
  const data = useLoaderData<typeof loader>();
  const base = new URLSearchParams({ weeks: String(data.weeks), ...(data.vendorId ? { vendor: data.vendorId } : {}) });
  const withParams = (change: Record<string, string | null>) => {
    const next = new URLSearchParams(base);
    for (const [k, v] of Object.entries(change)) v === null ? next.delete(k) : next.set(k, v);
    return `/trainer?${next}`;
  };
  const drillRow = data.drill ? data.pareto.find((r) => r.id === data.drill!.id) : null;
  const total = data.training.total;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Trainer view</h1>
          <p className="muted">
            The last {data.weeks} weeks (since {formatDate(`${data.from}T12:00:00Z`)}, your time zone {data.timeZone}).
            Errors are unmet answers of submitted evaluations, by submission date, plus DSAT cases tagged with a root
            cause.
          </p>
        </div>
        <div className="form-actions head-actions" style={{ margin: 0 }}>
          {data.canTag ? (
            <Link to="/trainer/dsat" className="button secondary">
              Tag DSAT cases
            </Link>
          ) : null}
          <Link to="/coaching" className="button secondary">
            Coaching tasks
          </Link>
        </div>
      </div>

      <TrainerFilters
        weeks={data.weeks}
        weekHref={(w) => withParams({ weeks: String(w), drill: null })}
        vendors={data.showVendor ? data.vendors : null}
        vendorId={data.vendorId}
      />

      <div className="grid stats-row">
        <div className="stat">
          <div className="label">Errors</div>
          <div className="value">{formatNumber(total.errors)}</div>
          <div className="hint">
            {formatNumber(total.errors - total.dsatErrors)} unmet answers, {formatNumber(total.dsatErrors)} tagged DSAT
          </div>
        </div>
        <div className="stat">
          <div className="label">Traceable to training</div>
          <div className="value">{formatPercent(total.share, 1)}</div>
          <div className="hint">{formatNumber(total.trainingErrors)} errors with root cause “training gap”</div>
        </div>
        <div className="stat">
          <div className="label">Criteria with errors</div>
          <div className="value">{formatNumber(data.pareto.length)}</div>
          <div className="hint">{data.pareto.filter((r) => r.vitalFew).length} of them make up 80% of the errors</div>
        </div>
        <div className="stat">
          <div className="label">Cohort gaps</div>
          <div className="value">{data.cohorts.filter((c) => c.comparison.verdict === "higher").length}</div>
          <div className="hint">cohort × criterion significantly worse than peers</div>
        </div>
      </div>

      <section className="panel" aria-labelledby="pareto-heading">
        <div className="panel-head">
          <h2 id="pareto-heading">Error Pareto by criterion and root cause</h2>
          <CsvLink table="pareto" query={base} label="the error Pareto" />
        </div>
        <p className="small muted">
          Criteria ordered by errors; criteria are matched by key across a scorecard&apos;s versions. The highlighted
          rows together make up the first 80% of errors: coaching them pays most.
        </p>
        {data.pareto.length === 0 ? (
          <p className="muted">No unmet answers in this window.</p>
        ) : (
          <>
            <ParetoChart rows={data.pareto} />
            <div className="table-wrap scroll-x">
              <table className="compact pareto-table" aria-label="Error Pareto">
                <thead>
                  <tr>
                    <th className="num">#</th>
                    <th>Criterion</th>
                    <th className="num">Errors</th>
                    <th className="num" title="Errors ÷ answers to the criterion (N/A excluded)">
                      Fail rate
                    </th>
                    <th className="num">Share</th>
                    <th className="num">Cumulative</th>
                    {CAUSE_KEYS.map((k) => (
                      <th key={k} className="num cause-col">
                        <abbr title={`Root cause: ${causeLabel(k)}`}>{CAUSE_SHORT_LABELS[k]}</abbr>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {data.pareto.map((r, i) => (
                    <tr
                      key={r.id}
                      className={[r.vitalFew ? "vital-few" : "", data.drill?.id === r.id ? "selected-row" : ""]
                        .join(" ")
                        .trim()}
                    >
                      <td className="num">{i + 1}</td>
                      <td>
                        <div>{r.label}</div>
                        <div className="small row-actions">
                          <span className="muted">{r.scorecardName}</span>
                          {data.canCoach ? (
                            <Link to={`/coaching?${new URLSearchParams({ new: "1", criterion: r.id })}`}>
                              Assign coaching
                            </Link>
                          ) : null}
                          <Link
                            to={`${withParams({ drill: r.id })}#drill`}
                            preventScrollReset
                            aria-label={`Agents with most misses on ${r.label}`}
                          >
                            Agents
                          </Link>
                        </div>
                      </td>
                      <td className="num">{r.errors}</td>
                      <td className="num">
                        {formatPercent(r.failureRate, 1)}
                        <div className="small muted">of {r.answers}</div>
                      </td>
                      <td className="num">{formatPercent(r.share, 1)}</td>
                      <td className="num">{formatPercent(r.cumulativeShare, 1)}</td>
                      {CAUSE_KEYS.map((k) => (
                        <td key={k} className="num">
                          {r.byRootCause[k] || <span className="muted">0</span>}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
        {data.drill ? (
          <div id="drill" className="drill">
            <div className="panel-head">
              <h3>
                Agents with most misses on{" "}
                {drillRow ? `“${drillRow.label}” (${drillRow.scorecardName})` : "this criterion"}
              </h3>
              <div className="form-actions" style={{ margin: 0 }}>
                <CsvLink
                  table="agents"
                  query={new URLSearchParams({ ...Object.fromEntries(base), drill: data.drill.id })}
                  label="these agents"
                />
                <Link to={withParams({ drill: null })} className="button secondary small-button">
                  Close
                </Link>
              </div>
            </div>
            {data.drill.agents.length === 0 ? (
              <p className="muted">No agent missed this criterion in the window.</p>
            ) : (
              <div className="table-wrap">
                <table className="compact" aria-label="Agents with most misses">
                  <thead>
                    <tr>
                      <th>Agent</th>
                      <th>Team</th>
                      {data.showVendor ? <th>Vendor</th> : null}
                      <th>Cohort</th>
                      <th className="num">Misses</th>
                      <th className="num">Answers</th>
                      <th className="num">Failure rate</th>
                      <th>
                        <span className="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.drill.agents.map((a) => (
                      <tr key={a.agentId}>
                        <td>
                          <Link to={`/agents/${a.agentId}`}>{a.agentName}</Link>
                        </td>
                        <td>{a.teamName}</td>
                        {data.showVendor ? <td>{a.vendorName}</td> : null}
                        <td>{a.trainingCohort}</td>
                        <td className="num">{a.errors}</td>
                        <td className="num">{a.answers}</td>
                        <td className="num">{formatPercent(a.failureRate, 1)}</td>
                        <td className="row-actions">
                          {data.canCoach ? (
                            <Link
                              to={`/coaching?${new URLSearchParams({ new: "1", criterion: data.drill!.id, agentId: a.agentId })}`}
                            >
                              Assign coaching
                            </Link>
                          ) : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </div>
        ) : null}
      </section>

      <section className="panel" aria-labelledby="training-heading">
        <div className="panel-head">
          <h2 id="training-heading">Errors traceable to training</h2>
          <CsvLink table="training" query={base} label="errors traceable to training" />
        </div>
        <p className="small muted">
          Errors whose root cause is “training gap” ÷ all errors (unmet answers and tagged DSAT cases). Overall:{" "}
          <strong>{formatPercent(total.share, 1)}</strong> ({total.trainingErrors} of {total.errors}).
        </p>
        <div className="training-grid">
          <TrainingTable title="By vendor" rows={data.training.byVendor} />
          <TrainingTable title="By training cohort" rows={data.training.byCohort} />
          <div className="training-wide">
            <TrainingTable title="By team" rows={data.training.byTeam} showVendor={data.showVendor} />
          </div>
        </div>
      </section>

      <section className="panel" aria-labelledby="cohorts-heading">
        <div className="panel-head">
          <h2 id="cohorts-heading">Cohorts versus peers</h2>
          <CsvLink table="cohorts" query={base} label="cohorts versus peers" />
        </div>
        <p className="small muted">
          Each training cohort&apos;s failure rate on a criterion against every other agent in view, where both sides
          have at least {MIN_ANSWERS_PER_SIDE} answers. A two-proportion z-test tells real gaps from noise: only p &lt;{" "}
          {SIGNIFICANCE_ALPHA} counts as significant. Significantly worse cohorts come first.
        </p>
        {data.cohorts.length === 0 ? (
          <p className="muted">
            No cohort has {MIN_ANSWERS_PER_SIDE} answers on a criterion (with {MIN_ANSWERS_PER_SIDE} for its peers) in
            this window. Try a longer window.
          </p>
        ) : (
          <div className="table-wrap scroll-x">
            <table className="compact" aria-label="Cohorts versus peers">
              <thead>
                <tr>
                  <th>Cohort</th>
                  <th>Criterion</th>
                  <th className="num">Cohort failure rate</th>
                  <th className="num">Peers&apos; failure rate</th>
                  <th className="num">Difference</th>
                  <th className="num">z</th>
                  <th className="num">p</th>
                  <th>Verdict</th>
                </tr>
              </thead>
              <tbody>
                {data.cohorts.map((c) => (
                  <tr key={`${c.cohort}:${c.scorecardId}:${c.criterionKey}`} data-verdict={c.comparison.verdict}>
                    <td>{c.cohort}</td>
                    <td>
                      <div>{c.label}</div>
                      <div className="small muted">{c.scorecardName}</div>
                    </td>
                    <td className="num">
                      {formatPercent(c.comparison.rate, 1)}
                      <div className="small muted">
                        {c.failures} of {c.answers}
                      </div>
                    </td>
                    <td className="num">
                      {formatPercent(c.comparison.otherRate, 1)}
                      <div className="small muted">
                        {c.peerFailures} of {c.peerAnswers}
                      </div>
                    </td>
                    <td className="num">{points(c.comparison.difference)}</td>
                    <td className="num">{c.comparison.z === null ? "—" : c.comparison.z.toFixed(2)}</td>
                    <td className="num nowrap">{formatPValue(c.comparison.pValue)}</td>
                    <td>
                      <span className={VERDICT_BADGE[c.comparison.verdict]}>
                        {COHORT_VERDICT_LABELS[c.comparison.verdict]}
                      </span>
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

function formatPValue(p: number | null): string {
  if (p === null) return "—";
  return p < 0.001 ? "< 0.001" : p.toFixed(3);
}

function TrainingTable({ title, rows, showVendor }: { title: string; rows: TrainingShareRow[]; showVendor?: boolean }) {
  return (
    <div>
      <h3>{title}</h3>
      {rows.length === 0 ? (
        <p className="muted small">No errors.</p>
      ) : (
        <div className="table-wrap">
          <table className="compact" aria-label={`Errors traceable to training ${title.toLowerCase()}`}>
            <thead>
              <tr>
                <th>{title.replace("By ", "")}</th>
                {showVendor ? <th>Vendor</th> : null}
                <th className="num">Errors</th>
                <th className="num" title="Of which tagged DSAT cases">
                  DSAT
                </th>
                <th className="num">Training</th>
                <th className="num">Share</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>{r.label}</td>
                  {showVendor ? <td>{r.vendorName}</td> : null}
                  <td className="num">{r.errors}</td>
                  <td className="num">{r.dsatErrors}</td>
                  <td className="num">{r.trainingErrors}</td>
                  <td className="num">
                    <span className="share-cell">
                      <span className="bar" aria-hidden="true">
                        <span style={{ width: `${Math.round((r.share ?? 0) * 100)}%` }} />
                      </span>
                      {formatPercent(r.share, 1)}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

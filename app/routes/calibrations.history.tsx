import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { AlignmentChart } from "~/components/alignment-chart";
import { ALPHA_SOURCE, alphaBand } from "~/domain/calibration-bands";
import {
  ambiguityList,
  historyScopeFor,
  partyAlignmentSeries,
  reviewerAlignmentSeries,
  summarizeAlignment,
  type TrendDirection,
} from "~/domain/calibration-history";
import { listFinalizedSnapshots } from "~/models/calibration-history.server";
import { requireUser } from "~/utils/auth.server";
import { formatDate, formatPercent, formatScore } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "Calibration history · QA Workbench" }];

const TARGET = 85;
const TREND_LABELS: Record<TrendDirection, string> = {
  improving: "↑ improving",
  worsening: "↓ worsening",
  flat: "→ flat",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (!historyScopeFor(user))
    throw new Response("You do not have permission to do this (calibration:participate).", { status: 403 });
  const snapshots = await listFinalizedSnapshots(user);
  const parties = partyAlignmentSeries(snapshots);
  const reviewers = reviewerAlignmentSeries(snapshots).map((r) => ({ ...r, summary: summarizeAlignment(r.points) }));
  const asked = new URL(request.url).searchParams.get("reviewer");
  const selected = reviewers.find((r) => r.id === asked) ?? null;
  return json({
    sessions: snapshots.length,
    parties,
    reviewers,
    selectedReviewerId: selected?.id ?? null,
    ambiguity: ambiguityList(snapshots),
    timeZone: user.timeZone,
  });
}

export default function CalibrationHistoryPage() {
  const { sessions, parties, reviewers, selectedReviewerId, ambiguity, timeZone } = useLoaderData<typeof loader>();
  const selected = reviewers.find((r) => r.id === selectedReviewerId) ?? null;
  return (
    <>
      <p className="small">
        <Link to="/calibrations">Calibration</Link> /
      </p>
      <div className="page-head">
        <div>
          <h1>Calibration history</h1>
          <p className="muted">
            Alignment with the reference across finalized sessions, per party and per reviewer, and the criteria
            reviewers agree on least.
          </p>
        </div>
      </div>
      {sessions === 0 ? (
        <p className="panel muted">Finalize a calibration session to start the history.</p>
      ) : (
        <>
          <section className="panel" aria-labelledby="parties-heading">
            <h2 id="parties-heading" className="panel-title">
              Alignment per party
            </h2>
            <p className="small muted">
              Mean alignment of each party&apos;s reviewers with the reference, per finalized session ({sessions} most
              recent). Dashed line: the practitioners&apos; target of {TARGET}.
            </p>
            {parties.length === 0 ? (
              <p className="muted">No session has an alignment yet (no consensus or benchmark recorded).</p>
            ) : (
              <AlignmentChart
                series={parties}
                label="Alignment per party over time"
                target={TARGET}
                timeZone={timeZone}
              />
            )}
          </section>

          <section aria-labelledby="reviewers-heading">
            <h2 id="reviewers-heading">Alignment per reviewer</h2>
            {reviewers.length === 0 ? (
              <p className="muted">No reviewer has an alignment yet.</p>
            ) : (
              <>
                <div className="table-wrap">
                  <table aria-label="Alignment per reviewer">
                    <thead>
                      <tr>
                        <th>Reviewer</th>
                        <th>Party</th>
                        <th className="num">Sessions</th>
                        <th className="num">Latest</th>
                        <th className="num">Mean</th>
                        <th>Trend</th>
                        <th />
                      </tr>
                    </thead>
                    <tbody>
                      {reviewers.map((r) => (
                        <tr key={r.id} className={r.id === selectedReviewerId ? "selected-row" : undefined}>
                          <td>{r.name}</td>
                          <td>{r.partyLabel}</td>
                          <td className="num">{r.summary.sessions}</td>
                          <td className="num">{formatScore(r.summary.latest)}</td>
                          <td className="num">{formatScore(r.summary.mean)}</td>
                          <td title="Least-squares slope over the sessions, in order; needs 3 sessions">
                            {r.summary.trend ? TREND_LABELS[r.summary.trend] : "—"}
                          </td>
                          <td>
                            <Link to={`?reviewer=${r.id}#reviewer-chart`} preventScrollReset>
                              Chart
                            </Link>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                <Form method="get" className="filters reviewer-picker" id="reviewer-chart">
                  <label htmlFor="reviewer">Reviewer</label>
                  <select
                    id="reviewer"
                    name="reviewer"
                    // Remount on navigation so the select shows the reviewer the URL asks for.
                    key={selectedReviewerId ?? ""}
                    defaultValue={selectedReviewerId ?? ""}
                  >
                    <option value="">Choose a reviewer…</option>
                    {reviewers.map((r) => (
                      <option key={r.id} value={r.id}>
                        {r.name} ({r.partyLabel})
                      </option>
                    ))}
                  </select>
                  <button type="submit" className="button secondary">
                    Show
                  </button>
                </Form>
                {selected ? (
                  <div className="panel">
                    <h3 className="panel-title">
                      {selected.name} · {selected.partyLabel}
                    </h3>
                    <AlignmentChart
                      key={selected.id}
                      series={[{ key: selected.id, label: selected.name, points: selected.points }]}
                      label={`Alignment of ${selected.name} over time`}
                      target={TARGET}
                      timeZone={timeZone}
                    />
                  </div>
                ) : null}
              </>
            )}
          </section>

          <section aria-labelledby="ambiguity-heading">
            <h2 id="ambiguity-heading">Ambiguous criteria</h2>
            <p className="small muted">
              Criteria with the lowest agreement (Krippendorff&apos;s alpha) across these sessions: candidates for a
              clearer guideline. Bands: {ALPHA_SOURCE}.
            </p>
            {ambiguity.length === 0 ? (
              <p className="muted">No criterion has an agreement coefficient yet.</p>
            ) : (
              <div className="table-wrap">
                <table aria-label="Ambiguous criteria">
                  <thead>
                    <tr>
                      <th>Scorecard</th>
                      <th>Criterion</th>
                      <th className="num">Mean alpha</th>
                      <th className="num">Lowest</th>
                      <th className="num">Agreement</th>
                      <th className="num">Sessions</th>
                      <th>Sessions (alpha)</th>
                    </tr>
                  </thead>
                  <tbody>
                    {ambiguity.map((c) => {
                      const band = alphaBand(c.meanAlpha);
                      return (
                        <tr key={`${c.scorecardName}/${c.key}`}>
                          <td>{c.scorecardName}</td>
                          <td>
                            {c.label} <span className="small muted">{c.key}</span>
                          </td>
                          <td className="num">
                            {c.meanAlpha.toFixed(3)} <span className={`badge ${band.tone}`}>{band.label}</span>
                          </td>
                          <td className="num">{c.lowestAlpha.toFixed(3)}</td>
                          <td className="num" title="Mean percent agreement">
                            {formatPercent(c.meanPercentAgreement)}
                          </td>
                          <td className="num">{c.sessions}</td>
                          <td>
                            <ul className="session-links">
                              {c.sessionList.map((s) => (
                                <li key={s.sessionId}>
                                  <Link to={`/calibrations/${s.sessionId}/results`} title={s.title}>
                                    {formatDate(s.date, timeZone)}
                                  </Link>{" "}
                                  <span className="small muted">{s.alpha === null ? "—" : s.alpha.toFixed(2)}</span>
                                </li>
                              ))}
                            </ul>
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      )}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

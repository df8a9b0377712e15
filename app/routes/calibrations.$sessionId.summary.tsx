import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ResultsView } from "~/components/calibration/results-view";
import { findCriterion } from "~/domain/scorecard-definition";
import { getSessionResults, listConsensus } from "~/models/calibration-results.server";
import { HIDDEN_RESULTS, itemLabels, requireCalibrationSession } from "~/utils/calibration-guard.server";
import { formatDateTime } from "~/utils/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Summary · ${data?.title ?? "Calibration"} · QA Workbench` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, loaded } = await requireCalibrationSession(request, params.sessionId);
  const metrics = await getSessionResults(loaded);
  if (!metrics) throw new Response(HIDDEN_RESULTS, { status: 403 });
  const labels = itemLabels(loaded);
  const consensus = (await listConsensus(loaded.session.id))
    .filter((c) => c.rationale)
    .map((c) => ({
      item: labels[c.interactionId] ?? "",
      criterion: findCriterion(loaded.definition, c.criterionKey)?.label ?? c.criterionKey,
      answer: c.na ? "N/A" : String(c.value),
      rationale: c.rationale,
    }));
  return json({
    sessionId: loaded.session.id,
    title: loaded.session.title,
    status: loaded.session.status,
    scorecard: `${loaded.scorecardName} v${loaded.versionNumber}`,
    facilitator: loaded.facilitatorName,
    revealedAt: loaded.session.revealedAt,
    finalizedAt: loaded.session.finalizedAt,
    participants: loaded.participants.map((p) => `${p.name} (${p.partyLabel})`),
    metrics,
    itemLabels: labels,
    consensus,
    timeZone: user.timeZone,
  });
}

/** A print-friendly page: the app's header and buttons are hidden by the print stylesheet. */
export default function CalibrationSummaryPage() {
  const data = useLoaderData<typeof loader>();
  return (
    <article className="print-summary">
      <h1>Calibration summary: {data.title}</h1>
      <p>
        {data.scorecard} · facilitated by {data.facilitator} ·{" "}
        {data.finalizedAt
          ? `finalized ${formatDateTime(data.finalizedAt, data.timeZone)}`
          : `revealed ${formatDateTime(data.revealedAt, data.timeZone)} (not finalized: numbers may still change)`}
      </p>
      <p className="small">Participants: {data.participants.join(", ")}</p>
      <p className="no-print">
        <button type="button" className="button" onClick={() => window.print()}>
          Print
        </button>
      </p>
      <ResultsView metrics={data.metrics} sessionId={data.sessionId} itemLabels={data.itemLabels} />
      {data.consensus.length > 0 ? (
        <section>
          <h2>Consensus rationales</h2>
          <table aria-label="Consensus rationales">
            <thead>
              <tr>
                <th>Interaction</th>
                <th>Criterion</th>
                <th>Answer</th>
                <th>Rationale</th>
              </tr>
            </thead>
            <tbody>
              {data.consensus.map((c, i) => (
                <tr key={i}>
                  <td>{c.item}</td>
                  <td>{c.criterion}</td>
                  <td>{c.answer}</td>
                  <td>{c.rationale}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </article>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ResultsView } from "~/components/calibration/results-view";
import { CalibrationStatusBadge } from "~/components/calibration/status-badge";
import { getSessionResults } from "~/models/calibration-results.server";
import { HIDDEN_RESULTS, itemLabels, requireCalibrationSession } from "~/utils/calibration-guard.server";
import { formatDateTime } from "~/utils/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Results · ${data?.title ?? "Calibration"} · QA Workbench` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, loaded } = await requireCalibrationSession(request, params.sessionId);
  const metrics = await getSessionResults(loaded);
  if (!metrics) throw new Response(HIDDEN_RESULTS, { status: 403 });
  return json({
    sessionId: loaded.session.id,
    title: loaded.session.title,
    status: loaded.session.status,
    finalizedAt: loaded.session.finalizedAt,
    scorecard: `${loaded.scorecardName} v${loaded.versionNumber}`,
    metrics,
    itemLabels: itemLabels(loaded),
    timeZone: user.timeZone,
  });
}

export default function CalibrationResultsPage() {
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <p className="small">
        <Link to="/calibrations">Calibration</Link> / <Link to={`/calibrations/${data.sessionId}`}>{data.title}</Link> /
      </p>
      <div className="page-head">
        <div>
          <h1>Results</h1>
          <p className="muted">
            <CalibrationStatusBadge status={data.status} /> · {data.scorecard} ·{" "}
            {data.finalizedAt
              ? `frozen at finalize, ${formatDateTime(data.finalizedAt, data.timeZone)}`
              : "live: these change as the consensus is recorded, until the session is finalized"}
          </p>
        </div>
        <div className="form-actions" style={{ margin: 0 }}>
          <a href={`/calibrations/${data.sessionId}/answers.csv`} className="button secondary" download>
            Answers CSV
          </a>
          <a href={`/calibrations/${data.sessionId}/results.csv`} className="button secondary" download>
            Results CSV
          </a>
          <Link to={`/calibrations/${data.sessionId}/summary`} className="button secondary">
            Printable summary
          </Link>
        </div>
      </div>
      <ResultsView metrics={data.metrics} sessionId={data.sessionId} itemLabels={data.itemLabels} />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

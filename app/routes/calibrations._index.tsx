import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CalibrationStatusBadge } from "~/components/calibration/status-badge";
import { can } from "~/domain/permissions";
import { listCalibrationSessions } from "~/models/calibration.server";
import { requireUser } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "Calibration · QA Workbench" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const facilitates = can(user, "calibration:facilitate");
  if (!facilitates && !can(user, "calibration:participate"))
    throw new Response("You do not have permission to do this (calibration:participate).", { status: 403 });
  const sessions = await listCalibrationSessions(user);
  return json({ sessions, facilitates, timeZone: user.timeZone });
}

export default function CalibrationsPage() {
  const { sessions, facilitates, timeZone } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Calibration</h1>
          <p className="muted">
            Client QA, vendor QA and client reviewers score the same interactions blind, then compare answers, agree a
            consensus and see how aligned everyone is.
          </p>
        </div>
        <div className="form-actions" style={{ margin: 0 }}>
          <Link to="/calibrations/history" className="button secondary">
            Alignment history
          </Link>
          {facilitates ? (
            <Link to="/calibrations/new" className="button">
              New session
            </Link>
          ) : null}
        </div>
      </div>
      {sessions.length === 0 ? (
        <p className="panel muted">
          {facilitates
            ? "No calibration sessions yet. Start one with New session."
            : "You have not been invited to a calibration session yet."}
        </p>
      ) : (
        <div className="table-wrap">
          <table aria-label="Calibration sessions">
            <thead>
              <tr>
                <th>Session</th>
                <th>Status</th>
                <th>Scorecard</th>
                <th>Interactions</th>
                <th>Participants</th>
                <th>Deadline</th>
                <th>Facilitator</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link to={`/calibrations/${s.id}`}>{s.title}</Link>
                  </td>
                  <td>
                    <CalibrationStatusBadge status={s.status} />
                  </td>
                  <td>
                    {s.scorecardName} v{s.versionNumber}
                  </td>
                  <td className="num">{s.items}</td>
                  <td className="num">{s.participants}</td>
                  <td>{formatDateTime(s.deadline, timeZone)}</td>
                  <td>{s.facilitatorName}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

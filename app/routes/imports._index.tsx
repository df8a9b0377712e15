import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { describeImportOutcome, listImportBatches } from "~/models/interaction-import-batches.server";
import { requirePermission } from "~/utils/auth.server";
import { formatDateTime, formatNumber } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "Imports · QA Workbench" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "interaction:import");
  const batches = await listImportBatches(user.scope);
  return json({
    batches: batches.map((b) => ({ ...b, outcome: describeImportOutcome(b) })),
    timeZone: user.timeZone,
  });
}

export default function ImportsPage() {
  const { batches, timeZone } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Imports</h1>
          <p className="muted">
            Interactions from helpdesk exports (CSV or JSON Lines). Re-importing a file changes only the rows that
            changed.
          </p>
        </div>
        <Link to="/imports/new" className="button">
          New import
        </Link>
      </div>
      {batches.length === 0 ? (
        <p className="panel muted">No imports yet.</p>
      ) : (
        <div className="table-wrap">
          <table aria-label="Past imports">
            <thead>
              <tr>
                <th>Started</th>
                <th>File</th>
                <th>Status</th>
                <th className="num">Rows</th>
                <th className="num">Inserted</th>
                <th className="num">Updated</th>
                <th className="num">Unchanged</th>
                <th className="num">Rejected</th>
                <th>By</th>
              </tr>
            </thead>
            <tbody>
              {batches.map((b) => (
                <tr key={b.id}>
                  <td style={{ whiteSpace: "nowrap" }}>
                    <Link to={`/imports/${b.id}`}>{formatDateTime(b.startedAt, timeZone)}</Link>
                  </td>
                  <td>
                    {b.fileName}{" "}
                    <span className="muted small">{b.format === "jsonl" ? "JSON Lines" : b.format.toUpperCase()}</span>
                  </td>
                  <td style={{ whiteSpace: "nowrap" }}>
                    <span className={`badge ${b.outcome.tone}`}>{b.outcome.label}</span>{" "}
                    {b.dryRun ? <span className="badge neutral">dry run</span> : null}
                  </td>
                  <td className="num">{formatNumber(b.rowsRead)}</td>
                  <td className="num">{formatNumber(b.inserted)}</td>
                  <td className="num">{formatNumber(b.updated)}</td>
                  <td className="num">{formatNumber(b.unchanged)}</td>
                  <td className="num">{formatNumber(b.rejected)}</td>
                  <td style={{ whiteSpace: "nowrap" }}>
                    {b.startedByName ?? <span className="muted">command line</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };

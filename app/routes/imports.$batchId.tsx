import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { describeImportOutcome, getImportBatch, listImportErrors } from "~/models/interaction-import-batches.server";
import { MAX_STORED_ERRORS } from "~/models/interaction-import.server";
import { requirePermission } from "~/utils/auth.server";
import { formatDateTime, formatNumber } from "~/utils/format";

const ERRORS_SHOWN = 100;
const POLL_MS = 1000;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.batch.fileName ?? "Import"} · Imports · QA Workbench` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "interaction:import");
  const batch = await getImportBatch(user.scope, params.batchId ?? "");
  if (!batch) throw new Response("Not Found", { status: 404 });
  const errors = await listImportErrors(batch.id, ERRORS_SHOWN);
  return json({
    batch: { ...batch, outcome: describeImportOutcome(batch) },
    errors,
    maxStoredErrors: MAX_STORED_ERRORS,
    timeZone: user.timeZone,
  });
}

function seconds(from: string, to: string | null): string {
  if (!to) return "—";
  const s = (Date.parse(to) - Date.parse(from)) / 1000;
  if (s < 0.1) return "under 0.1 s";
  return s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

export default function ImportPage() {
  const { batch, errors, maxStoredErrors, timeZone } = useLoaderData<typeof loader>();
  const would = (verb: string) => (batch.dryRun ? `Would be ${verb}` : verb.charAt(0).toUpperCase() + verb.slice(1));
  const stored = batch.inserted + batch.updated;
  const waiting = batch.status === "queued" || batch.status === "running";
  // While the job is queued or running, reload the batch every second (no JavaScript: reload the page).
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [waiting, revalidator]);
  return (
    <>
      <p className="small">
        <Link to="/imports">Imports</Link> /
      </p>
      <div className="page-head">
        <div>
          <h1>{batch.fileName}</h1>
          <p className="muted">
            <span className={`badge ${batch.outcome.tone}`}>{batch.outcome.label}</span>{" "}
            {batch.dryRun ? <span className="badge neutral">dry run</span> : null}{" "}
            {batch.format === "jsonl" ? "JSON Lines" : batch.format.toUpperCase()} · default source “{batch.source}” ·
            started {formatDateTime(batch.startedAt, timeZone)} by {batch.startedByName ?? "the command line"} · took{" "}
            {seconds(batch.startedAt, batch.finishedAt)}
          </p>
        </div>
        <Link to="/imports/new" className="button secondary">
          New import
        </Link>
      </div>

      {waiting ? <JobProgress batch={batch} /> : null}
      {!waiting && batch.attempts > 1 ? (
        <p className="muted small">
          This import was started {batch.attempts} times (a worker stopped and the job was retried); rows stored by an
          earlier attempt count as unchanged.
        </p>
      ) : null}

      {batch.status === "failed" ? (
        <div className="form-error panel" role="alert">
          <strong>
            {stored > 0
              ? `The import stopped after storing ${formatNumber(stored)} rows.`
              : batch.dryRun
                ? "The file was refused; nothing would be imported."
                : "The file was refused; nothing was imported."}
          </strong>{" "}
          {batch.failure}
        </div>
      ) : null}

      {batch.status !== "failed" || stored > 0 ? (
        <div
          className="grid"
          style={{ gridTemplateColumns: "repeat(auto-fit, minmax(170px, 1fr))", marginBottom: "1rem" }}
        >
          <Stat label="Rows read" value={batch.rowsRead} />
          <Stat label={would("inserted")} value={batch.inserted} />
          <Stat label={would("updated")} value={batch.updated} />
          <Stat label="Unchanged" value={batch.unchanged} />
          <Stat label="Rejected" value={batch.rejected} hint="rows with errors, not stored" />
        </div>
      ) : null}

      {batch.status === "completed" && !batch.dryRun && stored === 0 && batch.unchanged > 0 ? (
        <p className="form-ok" role="status">
          Nothing changed: all {formatNumber(batch.unchanged)} valid rows were already imported with the same content.
        </p>
      ) : null}

      {batch.dryRun && batch.status === "completed" ? (
        <div className="panel">
          {stored > 0 ? (
            <>
              <p>
                This was a preview: nothing was written. Files are not kept after a preview, so importing for real means
                choosing the same file again.
              </p>
              <Link to={`/imports/new?preview=${batch.id}`} className="button">
                Import for real
              </Link>
            </>
          ) : (
            <p>This was a preview: nothing was written, and importing this file would change nothing.</p>
          )}
        </div>
      ) : null}

      {batch.storedErrors > 0 ? (
        <>
          <div className="page-head">
            <div>
              <h2>Row errors</h2>
              <p className="muted small">
                Rejected rows were not stored; the other rows were{batch.dryRun ? " checked" : ""}. Showing{" "}
                {batch.storedErrors > errors.length
                  ? `the first ${formatNumber(errors.length)} of ${formatNumber(batch.storedErrors)}`
                  : `all ${formatNumber(errors.length)}`}{" "}
                errors
                {batch.storedErrors >= maxStoredErrors
                  ? `; only the first ${formatNumber(maxStoredErrors)} errors of an import are stored`
                  : ""}
                .
              </p>
            </div>
            <a href={`/imports/${batch.id}/errors.csv`} className="button secondary" download>
              Download error report (CSV)
            </a>
          </div>
          <div className="table-wrap">
            <table aria-label="Row errors">
              <thead>
                <tr>
                  <th className="num">Row</th>
                  <th>Column</th>
                  <th>Message</th>
                </tr>
              </thead>
              <tbody>
                {errors.map((e, i) => (
                  <tr key={i}>
                    <td className="num">{e.row}</td>
                    <td>{e.column ? <code>{e.column}</code> : <span className="muted">whole row</span>}</td>
                    <td>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted small">
            Rows are numbered as in a spreadsheet (the header is row 1); in JSON Lines, by line.
          </p>
        </>
      ) : null}
    </>
  );
}

const PHASES: Record<string, string> = {
  queued: "Waiting for a worker",
  retrying: "Waiting to be retried",
  checking: "Pass 1 of 2: checking the file",
  importing: "Pass 2 of 2: importing the rows",
  previewing: "Checking the rows (dry run)",
};

function JobProgress({
  batch,
}: {
  batch: {
    phase: string | null;
    progressRows: number;
    progressBytes: number;
    totalBytes: number;
    attempts: number;
    failure: string | null;
    status: string;
  };
}) {
  const percent = batch.totalBytes > 0 ? Math.min(100, Math.round((100 * batch.progressBytes) / batch.totalBytes)) : 0;
  const phase = PHASES[batch.phase ?? "queued"] ?? batch.phase;
  return (
    <div className="panel" role="status" aria-live="polite" aria-label="Import progress">
      <p>
        <strong>{phase}</strong>
        {batch.status === "running" ? ` · ${formatNumber(batch.progressRows)} rows read · ${percent}%` : null}
        {batch.attempts > 1 ? ` · attempt ${batch.attempts}` : null}
      </p>
      {batch.status === "running" ? (
        <progress max={100} value={percent} aria-label="Rows processed" style={{ width: "100%" }} />
      ) : (
        <progress aria-label="Waiting" style={{ width: "100%" }} />
      )}
      {batch.phase === "retrying" && batch.failure ? <p className="muted small">{batch.failure}</p> : null}
      <p className="muted small">This page updates by itself; you can leave it, the import carries on.</p>
    </div>
  );
}

function Stat({ label, value, hint }: { label: string; value: number; hint?: string }) {
  return (
    <div className="stat">
      <div className="label">{label}</div>
      <div className="value">{formatNumber(value)}</div>
      {hint ? <div className="hint">{hint}</div> : null}
    </div>
  );
}

export { RouteErrorBoundary as ErrorBoundary };

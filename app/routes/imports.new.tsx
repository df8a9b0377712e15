import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  json,
  MaxPartSizeExceededError,
  redirect,
  unstable_composeUploadHandlers,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigate, useNavigation } from "@remix-run/react";
import { useState, type FormEvent } from "react";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { TextField } from "~/components/field";
import { AGENT_COLUMNS, DEFAULT_SOURCE, IMPORT_COLUMNS, REQUIRED_COLUMNS } from "~/domain/interaction-row.server";
import { getImportBatch } from "~/models/interaction-import-batches.server";
import {
  createImportUploadHandler,
  ImportUploadFieldsSchema,
  MAX_UPLOAD_BYTES,
  MAX_UPLOAD_LABEL,
} from "~/models/interaction-import-upload.server";
import { queueInteractionImport } from "~/models/interaction-import-job.server";
import { requirePermission } from "~/utils/auth.server";
import { formToObject, toFieldErrors } from "~/utils/form.server";
import { formatNumber } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "New import · QA Workbench" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "interaction:import");
  // After a dry run: the same form, to import the same file for real.
  const previewId = new URL(request.url).searchParams.get("preview");
  const batch = previewId ? await getImportBatch(user.scope, previewId) : null;
  const preview = batch?.dryRun && batch.status === "completed" ? batch : null;
  return json({
    preview,
    columns: IMPORT_COLUMNS.map((name) => ({
      name,
      required: REQUIRED_COLUMNS.includes(name),
      agent: AGENT_COLUMNS.includes(name),
    })),
    defaultSource: preview?.source ?? DEFAULT_SOURCE,
    maxUploadBytes: MAX_UPLOAD_BYTES,
    maxUploadLabel: MAX_UPLOAD_LABEL,
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "interaction:import");
  const fail = (status: number, fieldErrors: Record<string, string>) => json({ fieldErrors }, { status });
  // The file streams to a temporary file as it arrives, then into the database for the import job;
  // the page for the batch follows the job's progress.
  const upload = createImportUploadHandler();
  try {
    let form: FormData;
    try {
      form = await unstable_parseMultipartFormData(
        request,
        unstable_composeUploadHandlers(upload.handler, unstable_createMemoryUploadHandler({ maxPartSize: 10_000 })),
      );
    } catch (error) {
      if (error instanceof TypeError || error instanceof MaxPartSizeExceededError) {
        return fail(400, { file: "The upload could not be read. Choose the file and send the form again." });
      }
      throw error;
    }
    const fields = ImportUploadFieldsSchema.safeParse(formToObject(form));
    if (!fields.success) return fail(400, toFieldErrors(fields.error));
    if (upload.tooLarge()) {
      return fail(413, {
        file: `The file is larger than ${MAX_UPLOAD_LABEL}. Split it, or import it on the server with npm run import.`,
      });
    }
    const saved = upload.saved();
    if (!saved) return fail(400, { file: "Choose a file to import." });
    const batchId = await queueInteractionImport({
      upload: saved,
      dryRun: fields.data.dryRun,
      defaultSource: fields.data.source,
      startedBy: user.id,
    });
    return redirect(`/imports/${batchId}`);
  } finally {
    await upload.cleanup();
  }
}

type UploadState = { phase: "uploading" | "processing"; loaded: number; total: number };

const fileSize = (bytes: number) =>
  bytes < 1024 * 1024 ? `${formatNumber(bytes / 1024)} KB` : `${formatNumber(bytes / 1024 / 1024, 1)} MB`;

export default function NewImportPage() {
  const { preview, columns, defaultSource, maxUploadBytes, maxUploadLabel } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const navigate = useNavigate();
  const submitting = useNavigation().state === "submitting";
  const [upload, setUpload] = useState<UploadState | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const errors: Record<string, string> = { ...data?.fieldErrors };
  if (uploadError) errors.file = uploadError;

  // With JavaScript: send the same multipart form with XMLHttpRequest for its upload progress events,
  // then go where the server redirected (the result page). Without JavaScript the form posts as usual.
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    const form = event.currentTarget;
    const file = (form.elements.namedItem("file") as HTMLInputElement | null)?.files?.[0];
    if (!file) return;
    event.preventDefault();
    setUploadError(null);
    if (file.size > maxUploadBytes) {
      setUploadError(
        `The file is larger than ${maxUploadLabel}. Split it, or import it on the server with npm run import.`,
      );
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.upload.onprogress = (e) =>
      setUpload({ phase: "uploading", loaded: e.loaded, total: e.lengthComputable ? e.total : file.size });
    xhr.upload.onload = () => setUpload({ phase: "processing", loaded: file.size, total: file.size });
    xhr.onload = () => {
      const landed = new URL(xhr.responseURL || form.action);
      if (xhr.status < 400 && landed.pathname !== new URL(form.action).pathname) {
        navigate(`${landed.pathname}${landed.search}`);
        return;
      }
      setUpload(null);
      const page = new DOMParser().parseFromString(xhr.responseText, "text/html");
      setUploadError(page.querySelector("#field-file-error")?.textContent ?? `The upload failed (HTTP ${xhr.status}).`);
    };
    xhr.onerror = () => {
      setUpload(null);
      setUploadError("The upload failed: the connection was interrupted. Try again.");
    };
    setUpload({ phase: "uploading", loaded: 0, total: file.size });
    xhr.send(new FormData(form));
  }

  const busy = submitting || upload !== null;
  return (
    <>
      <p className="small">
        <Link to="/imports">Imports</Link> /
      </p>
      <h1>New import</h1>
      {preview ? (
        <p className="form-ok" role="status">
          Preview of <strong>{preview.fileName}</strong>: {formatNumber(preview.inserted)} would be inserted,{" "}
          {formatNumber(preview.updated)} updated, {formatNumber(preview.unchanged)} unchanged,{" "}
          {formatNumber(preview.rejected)} rejected. Files are not kept after a preview: choose the same file again to
          import it.
        </p>
      ) : null}
      <form
        method="post"
        action="/imports/new"
        encType="multipart/form-data"
        className="stack panel"
        onSubmit={onSubmit}
      >
        <TextField
          label="File"
          name="file"
          type="file"
          accept=".csv,.jsonl,.ndjson"
          required
          error={errors.file}
          hint={`CSV or JSON Lines, UTF-8, up to ${maxUploadLabel}.`}
        />
        <TextField
          label="Source"
          name="source"
          defaultValue={defaultSource}
          error={errors.source}
          hint="For rows without a source column. Source and external id identify an interaction, so a re-import updates rather than duplicates."
        />
        <label className="checkbox">
          <input type="checkbox" name="dryRun" defaultChecked={false} /> Preview only (dry run): check every row and
          report what would change, without writing
        </label>
        <button type="submit" className="button" disabled={busy}>
          Upload and import
        </button>
        {upload ? <UploadProgress upload={upload} /> : null}
      </form>
      <details className="panel">
        <summary>File format</summary>
        <p className="small">
          A header line (CSV) or one JSON object per line (JSON Lines) with these snake_case names. Required ones are
          marked; give the agent by external id or email. Times are ISO 8601 with a UTC offset.
        </p>
        <p className="small">
          {columns.map((c, i) => (
            <span key={c.name}>
              {i > 0 ? ", " : null}
              <code>{c.name}</code>
              {c.required ? " (required)" : c.agent ? " (one of the two)" : null}
            </span>
          ))}
        </p>
      </details>
    </>
  );
}

function UploadProgress({ upload }: { upload: UploadState }) {
  const percent = upload.total > 0 ? Math.round((100 * upload.loaded) / upload.total) : 0;
  return (
    <div className="field" role="status" aria-live="polite">
      {upload.phase === "uploading" ? (
        <>
          <progress max={100} value={percent} aria-label="Upload progress" style={{ width: "100%" }} />
          <span className="small">
            Uploading: {percent}% of {fileSize(upload.total)}
          </span>
        </>
      ) : (
        <>
          <progress aria-label="Import progress" style={{ width: "100%" }} />
          <span className="small">Uploaded. Storing the file and queuing the import…</span>
        </>
      )}
    </div>
  );
}

export { RouteErrorBoundary as ErrorBoundary };

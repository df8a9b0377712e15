import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  json,
  MaxPartSizeExceededError,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { fileContentToDraft } from "~/domain/scorecard-draft";
import { parseScorecardFile, readScorecardYaml } from "~/domain/scorecard-file.server";
import { createDraftFromFile } from "~/models/scorecard-draft.server";
import { importScorecardVersion } from "~/models/scorecard-sync.server";
import { requirePermission } from "~/utils/auth.server";
import { readDraftShape } from "~/utils/scorecard-draft-form.server";

export const meta: MetaFunction = () => [{ title: "Import a scorecard file · QA Workbench" }];

const MAX_FILE_BYTES = 512 * 1024;

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "scorecard:author");
  return json({});
}

type Outcome =
  | { kind: "imported" | "unchanged"; slug: string; version: number; file: string }
  | { kind: "refused"; file: string; errors: { file: string; path: string; message: string }[] }
  | { kind: "missing"; message: string };

/**
 * Publishes a version from a file in the scorecards/ format, by the same rules as `npm run scorecards:sync`:
 * the one file schema, and an existing version is never changed. Or opens the file as a draft, to fix or
 * change it in the editor before publishing.
 */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "scorecard:author");
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: MAX_FILE_BYTES }),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError)
      return json<Outcome>(
        { kind: "missing", message: "The file is larger than 512 KB; a scorecard file is a few KB." },
        413,
      );
    throw error;
  }
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0)
    return json<Outcome>({ kind: "missing", message: "Choose a scorecard file (.yaml) to import." }, 400);
  const name = file.name || "upload.yaml";
  const text = await file.text();
  if (form.get("intent") === "draft") {
    const yaml = readScorecardYaml(name, text);
    if (!yaml.ok) return json<Outcome>({ kind: "refused", file: name, errors: yaml.errors }, 422);
    const raw = yaml.raw;
    if (typeof raw !== "object" || raw === null || Array.isArray(raw))
      return json<Outcome>({ kind: "missing", message: `${name} does not hold a scorecard (a YAML mapping).` }, 422);
    const shaped = readDraftShape(fileContentToDraft(raw as Record<string, unknown>));
    if (!shaped.ok) return json<Outcome>({ kind: "missing", message: `${name}: ${shaped.message}` }, 422);
    return redirect(`/scorecards/drafts/${await createDraftFromFile(shaped.content, user.id, name)}`);
  }
  const outcome = await importScorecardVersion(parseScorecardFile(name, text, { checkLocation: false }), text, {
    file: name,
    publishedBy: user.id,
    sourcePath: `uploaded: ${name}`,
  });
  if (outcome.kind === "refused") return json<Outcome>({ kind: "refused", file: name, errors: outcome.errors }, 422);
  return json<Outcome>({ ...outcome, file: name });
}

export default function ImportScorecardPage() {
  const outcome = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <>
      <p className="small">
        <Link to="/scorecards">Scorecards</Link> /
      </p>
      <h1>Import a scorecard file</h1>
      <p className="muted">
        A version file in the <code>scorecards/</code> format (for example one downloaded from a version page). It is
        checked exactly as <code>npm run scorecards:sync</code> checks the repository&apos;s files and published as the
        version it names; a version that exists already is never changed. Open it as a draft instead to review, fix or
        change it in the editor (with the what-if) before publishing it as the next version.
      </p>
      {outcome?.kind === "imported" ? (
        <p className="form-ok" role="status">
          Imported {outcome.file} as{" "}
          <Link to={`/scorecards/${outcome.slug}/v/${outcome.version}`}>
            {outcome.slug} v{outcome.version}
          </Link>
          .
        </p>
      ) : outcome?.kind === "unchanged" ? (
        <p className="form-ok" role="status">
          {outcome.file} is already published as{" "}
          <Link to={`/scorecards/${outcome.slug}/v/${outcome.version}`}>
            {outcome.slug} v{outcome.version}
          </Link>{" "}
          with the same content; nothing changed.
        </p>
      ) : outcome?.kind === "refused" ? (
        <div className="form-error" role="alert">
          <p style={{ marginTop: 0 }}>
            {outcome.file} was not imported ({outcome.errors.length}{" "}
            {outcome.errors.length === 1 ? "problem" : "problems"}
            ); nothing was written:
          </p>
          <ul className="small">
            {outcome.errors.map((e, i) => (
              <li key={i}>{[e.path, e.message].filter(Boolean).join(": ")}</li>
            ))}
          </ul>
        </div>
      ) : outcome?.kind === "missing" ? (
        <p className="form-error" role="alert">
          {outcome.message}
        </p>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="stack">
        <div className="field">
          <label htmlFor="file">Scorecard file</label>
          <input id="file" name="file" type="file" accept=".yaml,.yml,application/yaml,text/yaml" required />
        </div>
        <div className="form-actions">
          <button type="submit" name="intent" value="publish" className="button" disabled={busy}>
            {busy ? "Importing…" : "Import and publish"}
          </button>
          <button type="submit" name="intent" value="draft" className="button secondary" disabled={busy}>
            Open as a draft
          </button>
        </div>
      </Form>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

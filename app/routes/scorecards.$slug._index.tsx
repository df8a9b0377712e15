import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { can } from "~/domain/permissions";
import { createDraftFromVersion, listDrafts, setVersionRetired } from "~/models/scorecard-draft.server";
import { getScorecardWithVersions } from "~/models/scorecard.server";
import { requirePermission } from "~/utils/auth.server";
import { formatDate, formatDateTime } from "~/utils/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.scorecard.name ?? "Scorecard"} · QA Workbench` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "scorecard:view");
  const scorecard = await getScorecardWithVersions(params.slug ?? "", user.scope);
  if (!scorecard) throw new Response("Not Found", { status: 404 });
  const canAuthor = can(user, "scorecard:author");
  const drafts = canAuthor ? await listDrafts(scorecard.slug) : [];
  return json({
    scorecard,
    canAuthor,
    drafts: drafts.map((d) => ({
      id: d.id,
      basedOnVersion: d.basedOnVersion,
      version: d.content.version,
      updatedAt: d.updatedAt,
      updatedByName: d.updatedByName,
    })),
    discarded: new URL(request.url).searchParams.has("discarded"),
  });
}

/** Authors start a draft from a version, or retire / reinstate a version. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "scorecard:author");
  const scorecard = await getScorecardWithVersions(params.slug ?? "", user.scope);
  if (!scorecard) throw new Response("Not Found", { status: 404 });
  const form = await request.formData();
  const version = scorecard.versions.find((v) => v.id === form.get("versionId"));
  if (!version) return json({ message: "That version is not part of this scorecard." }, 400);
  const intent = form.get("intent");
  if (intent === "draft") {
    const id = await createDraftFromVersion(version.id, user.id);
    return redirect(`/scorecards/drafts/${id}`);
  }
  if (intent === "retire" || intent === "reinstate") {
    const done = await setVersionRetired({ versionId: version.id, retired: intent === "retire", userId: user.id });
    if (!done) return json({ message: `v${version.number} is ${version.status}; reload the page.` }, 409);
    return json({ message: null });
  }
  return json({ message: "Unknown request." }, 400);
}

export default function ScorecardPage() {
  const { scorecard, canAuthor, drafts, discarded } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const versions = scorecard.versions;
  return (
    <>
      <p className="small">
        <Link to="/scorecards">Scorecards</Link> /
      </p>
      <h1>{scorecard.name}</h1>
      <p className="muted">{scorecard.description}</p>
      {discarded ? (
        <p className="form-ok" role="status">
          Draft discarded.
        </p>
      ) : null}
      {actionData?.message ? (
        <p className="form-error" role="alert">
          {actionData.message}
        </p>
      ) : null}
      {canAuthor ? (
        <section className="panel" aria-labelledby="drafts-heading">
          <h2 id="drafts-heading" style={{ marginTop: 0 }}>
            Drafts
          </h2>
          {drafts.length === 0 ? (
            <p className="small muted">No drafts. Start one from any version below; a draft never affects scoring.</p>
          ) : (
            <ul className="plain-list">
              {drafts.map((d) => (
                <li key={d.id}>
                  <Link to={`/scorecards/drafts/${d.id}`}>
                    Draft of v{d.version}
                    {d.basedOnVersion ? ` (from v${d.basedOnVersion})` : ""}
                  </Link>{" "}
                  <span className="small muted">
                    saved {formatDateTime(d.updatedAt)} by {d.updatedByName}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Version</th>
              <th>Status</th>
              <th>Published</th>
              <th>Source</th>
              <th className="num">Evaluations</th>
              {canAuthor ? <th>Actions</th> : null}
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.id}>
                <td>
                  <Link to={`/scorecards/${scorecard.slug}/v/${v.number}`}>v{v.number}</Link>
                </td>
                <td>
                  <span className={`badge ${v.status === "published" ? "good" : "neutral"}`}>{v.status}</span>
                </td>
                <td>
                  {formatDate(v.publishedAt)}
                  {v.publishedByName ? <span className="small muted"> by {v.publishedByName}</span> : null}
                </td>
                <td className="small muted">{v.sourcePath ?? (v.publishedByName ? "editor" : "")}</td>
                <td className="num">{v.evaluations}</td>
                {canAuthor ? (
                  <td>
                    <Form method="post" className="form-actions" style={{ margin: 0 }}>
                      <input type="hidden" name="versionId" value={v.id} />
                      <button type="submit" name="intent" value="draft" className="link-button">
                        Start a draft from v{v.number}
                      </button>
                      <button
                        type="submit"
                        name="intent"
                        value={v.status === "retired" ? "reinstate" : "retire"}
                        className="link-button"
                      >
                        {v.status === "retired" ? `Reinstate v${v.number}` : `Retire v${v.number}`}
                      </button>
                    </Form>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {versions.length >= 2 ? (
        <section className="panel" aria-labelledby="compare-heading">
          <h2 id="compare-heading" style={{ marginTop: 0 }}>
            Compare versions
          </h2>
          <Form method="get" action={`/scorecards/${scorecard.slug}/diff`} className="checkbox" style={{ gap: "1rem" }}>
            <label>
              From{" "}
              <select name="from" defaultValue={versions[1].number}>
                {versions.map((v) => (
                  <option key={v.id} value={v.number}>
                    v{v.number}
                  </option>
                ))}
              </select>
            </label>
            <label>
              To{" "}
              <select name="to" defaultValue={versions[0].number}>
                {versions.map((v) => (
                  <option key={v.id} value={v.number}>
                    v{v.number}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" className="button">
              Compare
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

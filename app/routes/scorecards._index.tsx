import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { can } from "~/domain/permissions";
import { listDrafts } from "~/models/scorecard-draft.server";
import { listScorecards } from "~/models/scorecard.server";
import { requirePermission } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "Scorecards · QA Workbench" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "scorecard:view");
  const canAuthor = can(user, "scorecard:author");
  const drafts = canAuthor ? (await listDrafts()).filter((d) => d.scorecardId === null) : [];
  return json({
    scorecards: await listScorecards(user.scope),
    canAuthor,
    newDrafts: drafts.map((d) => ({
      id: d.id,
      name: d.content.name || d.slug,
      updatedAt: d.updatedAt,
      updatedByName: d.updatedByName,
    })),
    discarded: new URL(request.url).searchParams.has("discarded"),
  });
}

export default function ScorecardsPage() {
  const { scorecards, canAuthor, newDrafts, discarded } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Scorecards</h1>
          <p className="muted">
            Each published version is immutable; evaluations stay on the version they were scored with.
          </p>
        </div>
        {canAuthor ? (
          <div className="form-actions" style={{ margin: 0 }}>
            <Link to="/scorecards/new" className="button">
              New scorecard
            </Link>
            <Link to="/scorecards/import" className="button secondary">
              Import a file
            </Link>
          </div>
        ) : null}
      </div>
      {discarded ? (
        <p className="form-ok" role="status">
          Draft discarded.
        </p>
      ) : null}
      {newDrafts.length > 0 ? (
        <section className="panel" aria-labelledby="new-drafts-heading">
          <h2 id="new-drafts-heading" style={{ marginTop: 0 }}>
            Drafts of new scorecards
          </h2>
          <ul className="plain-list">
            {newDrafts.map((d) => (
              <li key={d.id}>
                <Link to={`/scorecards/drafts/${d.id}`}>{d.name}</Link>{" "}
                <span className="small muted">
                  saved {formatDateTime(d.updatedAt)} by {d.updatedByName}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Scorecard</th>
              <th>Channel</th>
              <th className="num">Versions</th>
              <th>Latest</th>
            </tr>
          </thead>
          <tbody>
            {scorecards.map((s) => (
              <tr key={s.id}>
                <td>
                  <Link to={`/scorecards/${s.slug}`}>{s.name}</Link>
                  <div className="muted small">{s.description}</div>
                </td>
                <td>{s.channel}</td>
                <td className="num">{s.versions}</td>
                <td>
                  <Link to={`/scorecards/${s.slug}/v/${s.latestVersion}`}>v{s.latestVersion}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

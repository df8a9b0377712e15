import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listScorecards } from "~/models/scorecard.server";
import { requirePermission } from "~/utils/auth.server";

export const meta: MetaFunction = () => [{ title: "Scorecards · QA Workbench" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "scorecard:view");
  return json({ scorecards: await listScorecards() });
}

export default function ScorecardsPage() {
  const { scorecards } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Scorecards</h1>
          <p className="muted">
            Each published version is immutable; evaluations stay on the version they were scored with.
          </p>
        </div>
      </div>
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

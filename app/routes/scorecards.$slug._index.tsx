import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { getScorecardWithVersions } from "~/models/scorecard.server";
import { requirePermission } from "~/utils/auth.server";
import { formatDate } from "~/utils/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.scorecard.name ?? "Scorecard"} · QA Workbench` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "scorecard:view");
  const scorecard = await getScorecardWithVersions(params.slug ?? "");
  if (!scorecard) throw new Response("Not Found", { status: 404 });
  return json({ scorecard });
}

export default function ScorecardPage() {
  const { scorecard } = useLoaderData<typeof loader>();
  const versions = scorecard.versions;
  return (
    <>
      <p className="small">
        <Link to="/scorecards">Scorecards</Link> /
      </p>
      <h1>{scorecard.name}</h1>
      <p className="muted">{scorecard.description}</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Version</th>
              <th>Status</th>
              <th>Published</th>
              <th>File</th>
              <th className="num">Evaluations</th>
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
                <td>{formatDate(v.publishedAt)}</td>
                <td className="small muted">{v.sourcePath}</td>
                <td className="num">{v.evaluations}</td>
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

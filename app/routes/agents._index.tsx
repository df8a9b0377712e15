import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { isUuid } from "~/domain/ids";
import { listAgents } from "~/models/agent.server";
import { requirePermission } from "~/utils/auth.server";
import { formatPercent, formatScore } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "Agents · QA Workbench" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "agent:view");
  const vendor = new URL(request.url).searchParams.get("vendor");
  const agents = await listAgents(user.scope, { vendorId: vendor && isUuid(vendor) ? vendor : undefined });
  return json({ agents, showVendor: user.scope.kind === "client" });
}

export default function AgentsPage() {
  const { agents, showVendor } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Agents</h1>
          <p className="muted">{agents.length} agents · QA scores from submitted evaluations</p>
        </div>
      </div>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Agent</th>
              {showVendor ? <th>Vendor</th> : null}
              <th>Team</th>
              <th>Cohort</th>
              <th className="num">Evaluations</th>
              <th className="num">QA score</th>
              <th className="num">Pass rate</th>
            </tr>
          </thead>
          <tbody>
            {agents.map((a) => (
              <tr key={a.id}>
                <td>
                  <Link to={`/agents/${a.id}`}>{a.name}</Link> <span className="muted small">{a.externalId}</span>
                </td>
                {showVendor ? <td>{a.vendorName}</td> : null}
                <td>{a.teamName}</td>
                <td>{a.trainingCohort}</td>
                <td className="num">{a.evaluations}</td>
                <td className="num">{formatScore(a.averageScore)}</td>
                <td className="num">{formatPercent(a.passRate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatPeriod, periodContaining, type SamplingPeriod } from "~/domain/sampling-period";
import { listSamplingPlans } from "~/models/sampling.server";
import { requirePermission } from "~/utils/auth.server";

export const meta: MetaFunction = () => [{ title: "Sampling plans · QA Workbench" }];

const PERIOD_LABELS: Record<SamplingPeriod, string> = { day: "Daily", week: "Weekly", month: "Monthly" };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "sampling:manage");
  return json({ plans: await listSamplingPlans(user.scope), isVendor: user.scope.kind === "vendor" });
}

export default function SamplingPlansPage() {
  const { plans, isVendor } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Sampling plans</h1>
          <p className="muted">
            Rules that pick interactions for review each period and spread them over reviewers.
            {isVendor ? " Your plans cover your own agents only." : null}
          </p>
        </div>
        <Link to="/sampling/new" className="button">
          New plan
        </Link>
      </div>
      {plans.length === 0 ? (
        <p className="panel muted">No sampling plans yet. Create one to start sending interactions to reviewers.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Plan</th>
                <th>Period</th>
                <th className="num">Quota per agent</th>
                <th>Vendors</th>
                <th>Channels</th>
                <th className="num">Reviewers</th>
                <th>Last generated</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {plans.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/sampling/${p.id}`}>{p.name}</Link>
                    <div className="small">
                      <Link to={`/sampling/${p.id}/preview`}>Preview</Link>
                    </div>
                  </td>
                  <td>{PERIOD_LABELS[p.period]}</td>
                  <td className="num">{p.quotaPerAgent}</td>
                  <td>{p.vendorNames.length > 0 ? p.vendorNames.join(", ") : "All vendors"}</td>
                  <td>{p.channels.length > 0 ? p.channels.join(", ") : "All channels"}</td>
                  <td className="num">{p.reviewers}</td>
                  <td>
                    {p.lastPeriodStart
                      ? formatPeriod(periodContaining(p.period, new Date(p.lastPeriodStart)))
                      : "Never"}
                  </td>
                  <td>
                    {p.active ? (
                      <span className="badge good">active</span>
                    ) : (
                      <span className="badge neutral">paused</span>
                    )}
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

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

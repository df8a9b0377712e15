import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DisputeStatusBadge } from "~/components/dispute-status-badge";
import { Pager } from "~/components/pager";
import { ScoreBadge } from "~/components/score-badge";
import { DISPUTE_STATUS_LABELS, type DisputeStatus } from "~/domain/dispute-status";
import { can } from "~/domain/permissions";
import { listReviewerDisputeStats } from "~/models/dispute-stats.server";
import { listDisputes } from "~/models/dispute.server";
import { requireUser } from "~/utils/auth.server";
import { formatDate, formatPercent } from "~/utils/format";
import {
  firstPageHref,
  InstantIdCursorSchema,
  nextPageHref,
  requestedPageSize,
  requirePageCursor,
} from "~/utils/page-cursor.server";

export const meta: MetaFunction = () => [{ title: "Disputes · QA Workbench" }];

const STATS_DAYS = 84;
const FILTERS = ["open", "accepted", "partially_accepted", "rejected", "all"] as const;
type Filter = (typeof FILTERS)[number];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const resolves = can(user, "dispute:resolve");
  if (!resolves && !can(user, "dispute:raise")) {
    throw new Response("You do not have permission to do this (dispute:resolve).", { status: 403 });
  }
  const url = new URL(request.url);
  const asked = url.searchParams.get("status");
  // Resolvers work the open queue; agents and team leads mostly follow what they raised.
  const filter: Filter = FILTERS.includes(asked as Filter) ? (asked as Filter) : resolves ? "open" : "all";
  const after = requirePageCursor(url, InstantIdCursorSchema);
  const now = new Date();
  const [page, stats] = await Promise.all([
    listDisputes(user.scope, {
      status: filter === "all" ? undefined : filter,
      limit: requestedPageSize(url),
      after,
      now,
    }),
    resolves
      ? listReviewerDisputeStats(user.scope, new Date(now.getTime() - STATS_DAYS * 86_400_000))
      : Promise.resolve([] as Awaited<ReturnType<typeof listReviewerDisputeStats>>),
  ]);
  return json({
    rows: page.rows,
    nextHref: nextPageHref(url, page.next),
    firstHref: firstPageHref(url),
    stats,
    filter,
    resolves,
    isAgent: user.role === "agent",
    showVendor: user.scope.kind === "client",
    userId: user.id,
    timeZone: user.timeZone,
  });
}

export default function DisputesPage() {
  const { rows, nextHref, firstHref, stats, filter, resolves, isAgent, showVendor, userId, timeZone } =
    useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Disputes</h1>
          <p className="muted">
            {resolves
              ? "Challenges of evaluations by agents and team leads. Someone other than the original reviewer decides each one."
              : isAgent
                ? "Disputes of your evaluations and their outcome."
                : "Disputes of your vendor's evaluations and their outcome."}
          </p>
        </div>
      </div>
      <nav className="tabs" aria-label="Dispute status">
        {FILTERS.map((f) => (
          // A plain Link: NavLink ignores the query string and would mark every tab active.
          <Link
            key={f}
            to={`/disputes?status=${f}`}
            className={filter === f ? "active" : undefined}
            aria-current={filter === f ? "page" : undefined}
          >
            {f === "all" ? "All" : DISPUTE_STATUS_LABELS[f as DisputeStatus]}
          </Link>
        ))}
      </nav>
      {rows.length === 0 ? (
        <p className="panel muted">No disputes here.</p>
      ) : (
        <div className="table-wrap">
          <table aria-label="Disputes">
            <thead>
              <tr>
                <th>Raised</th>
                <th className="num">Days open</th>
                {isAgent ? null : <th>Agent</th>}
                {showVendor ? <th>Vendor</th> : null}
                <th>Raised by</th>
                <th>Reviewer</th>
                <th className="num">Criteria</th>
                <th className="num">Score</th>
                <th>Status</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => (
                <tr key={d.id}>
                  <td>{formatDate(d.raisedAt, timeZone)}</td>
                  <td className="num" title={d.status === "open" ? "days open so far" : "days it took to decide"}>
                    {d.ageDays}
                  </td>
                  {isAgent ? null : <td>{d.agentName}</td>}
                  {showVendor ? <td>{d.vendorName}</td> : null}
                  <td>{d.raisedByName}</td>
                  <td>{d.reviewerName}</td>
                  <td className="num">{d.itemCount}</td>
                  <td className="num">
                    <ScoreBadge score={d.finalScore} passed={null} />
                  </td>
                  <td>
                    <DisputeStatusBadge status={d.status} />
                  </td>
                  <td>
                    <Link to={`/disputes/${d.id}`}>
                      {resolves && d.status === "open" && d.reviewerId !== userId ? "Resolve" : "View"}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager firstHref={firstHref} nextHref={nextHref} label="Dispute pages" />
      {resolves ? (
        <section aria-labelledby="stats-heading">
          <h2 id="stats-heading">Dispute and overturn rates per reviewer</h2>
          <p className="small muted">
            Evaluations submitted in the last {STATS_DAYS / 7} weeks. Dispute rate: share of a reviewer&apos;s
            evaluations disputed. Overturn rate: of the disputed evaluations already decided, the share accepted in full
            or in part.
          </p>
          {stats.length === 0 ? (
            <p className="muted">No evaluations in this period.</p>
          ) : (
            <div className="table-wrap">
              <table aria-label="Dispute and overturn rates per reviewer">
                <thead>
                  <tr>
                    <th>Reviewer</th>
                    <th className="num">Evaluations</th>
                    <th className="num">Disputed</th>
                    <th className="num">Dispute rate</th>
                    <th className="num">Decided</th>
                    <th className="num">Overturned</th>
                    <th className="num">Overturn rate</th>
                  </tr>
                </thead>
                <tbody>
                  {stats.map((s) => (
                    <tr key={s.reviewerId}>
                      <td>{s.reviewerName}</td>
                      <td className="num">{s.evaluations}</td>
                      <td className="num">{s.disputed}</td>
                      <td className="num">{formatPercent(s.disputeRate, 1)}</td>
                      <td className="num">{s.decided}</td>
                      <td className="num">{s.overturned}</td>
                      <td className="num">{formatPercent(s.overturnRate)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ) : null}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import {
  getBacklogAging,
  listAssignmentsInScope,
  listReviewersInScope,
  reassignAssignment,
} from "~/models/assignment.server";
import { Pager } from "~/components/pager";
import { requirePermission } from "~/utils/auth.server";
import { formToObject, toFieldErrors } from "~/utils/form.server";
import { formatDate } from "~/utils/format";
import {
  firstPageHref,
  InstantIdCursorSchema,
  nextPageHref,
  requestedPageSize,
  requirePageCursor,
} from "~/utils/page-cursor.server";
import { ReassignSchema } from "~/utils/skip-form.server";

export const meta: MetaFunction = () => [{ title: "Team queue · QA Workbench" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "assignment:manage");
  const url = new URL(request.url);
  const overdueOnly = url.searchParams.get("overdue") === "1";
  const after = requirePageCursor(url, InstantIdCursorSchema);
  const now = new Date();
  const [page, aging, reviewers] = await Promise.all([
    listAssignmentsInScope(user.scope, {
      statuses: ["pending", "in_progress"],
      dueBefore: overdueOnly ? now : undefined,
      limit: requestedPageSize(url),
      after,
    }),
    getBacklogAging(user.scope, now),
    listReviewersInScope(user.scope),
  ]);
  const nowIso = now.toISOString();
  return json({
    rows: page.rows,
    nextHref: nextPageHref(url, page.next),
    firstHref: firstPageHref(url),
    aging,
    reviewers,
    now: nowIso,
    overdueOnly,
    timeZone: user.timeZone,
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "assignment:manage");
  const parsed = ReassignSchema.safeParse(formToObject(await request.formData()));
  if (!parsed.success) return json({ message: Object.values(toFieldErrors(parsed.error))[0] }, { status: 400 });
  const result = await reassignAssignment({
    scope: user.scope,
    actorUserId: user.id,
    assignmentId: parsed.data.assignmentId,
    reviewerId: parsed.data.reviewerId,
    expectedLockVersion: parsed.data.lockVersion,
  });
  if (result.ok) return redirect("/queue/team?reassigned=1");
  switch (result.reason) {
    case "not_found":
      throw new Response("Not Found", { status: 404 });
    case "ineligible":
      return json({ message: result.message ?? "That reviewer cannot take this assignment." }, { status: 400 });
    case "closed":
      return json({ message: "That assignment is already submitted or skipped." }, { status: 409 });
    case "conflict":
      return json(
        { message: "That assignment changed since you loaded the page. Reload and try again." },
        { status: 409 },
      );
  }
}

export default function TeamQueuePage() {
  const { rows, nextHref, firstHref, aging, reviewers, now, overdueOnly, timeZone } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const overdueCount = aging.reduce((n, r) => n + r.overdue, 0);
  const openCount = aging.reduce((n, r) => n + r.open, 0);
  return (
    <>
      <p className="small">
        <Link to="/queue">My queue</Link> /
      </p>
      <div className="page-head">
        <div>
          <h1>Team queue</h1>
          <p className="muted">
            Open assignments in your scope: {openCount}, of which {overdueCount} overdue; {rows.length} on this page.
          </p>
        </div>
        <Link to={overdueOnly ? "/queue/team" : "/queue/team?overdue=1"} className="button secondary">
          {overdueOnly ? "Show all open" : "Show overdue only"}
        </Link>
      </div>
      {searchParams.get("reassigned") && !data ? (
        <p className="form-ok" role="status">
          Assignment reassigned.
        </p>
      ) : null}
      {data?.message ? (
        <p className="form-error" role="alert">
          {data.message}
        </p>
      ) : null}
      <h2>Backlog aging</h2>
      <div className="table-wrap">
        <table aria-label="Backlog aging">
          <thead>
            <tr>
              <th>Reviewer</th>
              <th className="num">Open</th>
              <th className="num">Overdue</th>
              <th className="num">≤ 2 days old</th>
              <th className="num">3–7 days</th>
              <th className="num">Older</th>
            </tr>
          </thead>
          <tbody>
            {aging.map((r) => (
              <tr key={r.reviewerId}>
                <td>{r.reviewerName}</td>
                <td className="num">{r.open}</td>
                <td className="num">{r.overdue > 0 ? <span className="badge bad">{r.overdue}</span> : 0}</td>
                <td className="num">{r.upTo2Days}</td>
                <td className="num">{r.upTo7Days}</td>
                <td className="num">{r.older}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Open assignments</h2>
      <div className="table-wrap">
        <table aria-label="Open assignments">
          <thead>
            <tr>
              <th>Due</th>
              <th>Interaction</th>
              <th>Agent</th>
              <th>Reviewer</th>
              <th>Reassign to</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <td>
                  {formatDate(row.dueAt, timeZone)}{" "}
                  {row.dueAt < now ? <span className="badge bad">overdue</span> : null}
                </td>
                <td>
                  {row.channel} · {row.contactReason}
                  <div className="small muted">{row.externalId}</div>
                </td>
                <td>
                  {row.agentName}
                  <div className="small muted">{row.vendorName}</div>
                </td>
                <td>
                  {row.reviewerName}
                  <div className="small muted">{row.status.replace("_", " ")}</div>
                </td>
                <td>
                  <Form method="post" className="checkbox">
                    <input type="hidden" name="assignmentId" value={row.id} />
                    <input type="hidden" name="lockVersion" value={row.lockVersion} />
                    <select name="reviewerId" aria-label={`New reviewer for ${row.externalId}`} defaultValue="">
                      <option value="" disabled>
                        Choose…
                      </option>
                      {reviewers
                        .filter(
                          (r) => r.id !== row.reviewerId && (r.kind === "client" || r.organizationId === row.vendorId),
                        )
                        .map((r) => (
                          <option key={r.id} value={r.id}>
                            {r.name} ({r.organizationName})
                          </option>
                        ))}
                    </select>
                    <button type="submit" className="button secondary">
                      Move
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager firstHref={firstHref} nextHref={nextHref} label="Team queue pages" />
    </>
  );
}

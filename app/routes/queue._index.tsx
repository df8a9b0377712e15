import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ModalDialog } from "~/components/modal-dialog";
import { Pager } from "~/components/pager";
import { can } from "~/domain/permissions";
import { listAssignmentsForReviewer, skipAssignment, type AssignmentStatus } from "~/models/assignment.server";
import { requirePermission } from "~/utils/auth.server";
import { formToObject, toFieldErrors } from "~/utils/form.server";
import { formatDate, formatDateTime } from "~/utils/format";
import {
  firstPageHref,
  InstantIdCursorSchema,
  nextPageHref,
  requestedPageSize,
  requirePageCursor,
} from "~/utils/page-cursor.server";
import { SkipSchema } from "~/utils/skip-form.server";

export const meta: MetaFunction = () => [{ title: "My queue · QA Workbench" }];

const TABS: Record<string, { label: string; statuses: AssignmentStatus[] }> = {
  open: { label: "To do", statuses: ["pending", "in_progress"] },
  submitted: { label: "Submitted", statuses: ["submitted"] },
  skipped: { label: "Skipped", statuses: ["skipped"] },
};

const CHANNELS = ["call", "chat", "email"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "evaluation:score");
  const url = new URL(request.url);
  const tab = url.searchParams.get("status") ?? "open";
  const channel = url.searchParams.get("channel") ?? "";
  const overdueOnly = url.searchParams.get("overdue") === "1";
  const statuses = (TABS[tab] ?? TABS.open).statuses;
  const after = requirePageCursor(url, InstantIdCursorSchema);
  const now = new Date();
  const page = await listAssignmentsForReviewer(user.id, {
    statuses,
    channel: CHANNELS.find((c) => c === channel),
    dueBefore: overdueOnly ? now : undefined,
    limit: requestedPageSize(url),
    after,
  });
  return json({
    rows: page.rows,
    nextHref: nextPageHref(url, page.next),
    firstHref: firstPageHref(url),
    channel,
    overdueOnly,
    tab: TABS[tab] ? tab : "open",
    now: now.toISOString(),
    timeZone: user.timeZone,
    isLead: can(user, "assignment:manage"),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "evaluation:score");
  const parsed = SkipSchema.safeParse(formToObject(await request.formData()));
  if (!parsed.success) return json({ fieldErrors: toFieldErrors(parsed.error), formError: null }, { status: 400 });
  const result = await skipAssignment({
    scope: user.scope,
    reviewerId: user.id,
    assignmentId: parsed.data.assignmentId,
    reason: parsed.data.reason,
    expectedLockVersion: parsed.data.lockVersion,
  });
  if (!result.ok && result.reason === "not_found") throw new Response("Not Found", { status: 404 });
  if (!result.ok) {
    const message =
      result.reason === "closed"
        ? "This assignment is already submitted or skipped."
        : "This assignment changed since you loaded the page (saved or reassigned). Reload and try again.";
    return json({ fieldErrors: {} as Record<string, string>, formError: message }, { status: 409 });
  }
  return redirect("/queue?skipped=1");
}

export default function QueuePage() {
  const { rows, nextHref, firstHref, tab, channel, overdueOnly, now, timeZone, isLead } =
    useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>My queue</h1>
          <p className="muted">Interactions assigned to you for review, soonest due first.</p>
        </div>
        {isLead ? (
          <Link to="/queue/team" className="button secondary">
            Team queue and backlog
          </Link>
        ) : null}
      </div>
      <nav className="tabs" aria-label="Assignment status">
        {Object.entries(TABS).map(([key, t]) => (
          // Link, not NavLink: every tab has the same path, and NavLink ignores the query string.
          <Link
            key={key}
            to={`/queue?status=${key}`}
            className={tab === key ? "active" : undefined}
            aria-current={tab === key ? "page" : undefined}
          >
            {t.label}
          </Link>
        ))}
      </nav>
      <Form method="get" className="filters" aria-label="Filters">
        <input type="hidden" name="status" value={tab} />
        <label>
          Channel{" "}
          <select name="channel" defaultValue={channel}>
            <option value="">All</option>
            <option value="call">Call</option>
            <option value="chat">Chat</option>
            <option value="email">Email</option>
          </select>
        </label>
        <label className="checkbox">
          <input type="checkbox" name="overdue" value="1" defaultChecked={overdueOnly} /> Overdue only
        </label>
        <button type="submit" className="button secondary">
          Filter
        </button>
      </Form>
      {searchParams.get("skipped") && !data ? (
        <p className="form-ok" role="status">
          Assignment skipped.
        </p>
      ) : null}
      {data?.formError || data?.fieldErrors?.reason ? (
        <p className="form-error" role="alert">
          {data.formError ?? data.fieldErrors.reason}
        </p>
      ) : null}
      {rows.length === 0 ? (
        <p className="panel muted">Nothing here.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Due</th>
                <th>Interaction</th>
                <th>Agent</th>
                <th>Scorecard</th>
                <th>Status</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const overdue = (row.status === "pending" || row.status === "in_progress") && row.dueAt < now;
                return (
                  <tr key={row.id}>
                    <td>
                      {formatDate(row.dueAt, timeZone)} {overdue ? <span className="badge bad">overdue</span> : null}
                    </td>
                    <td>
                      {row.channel} · {row.queue} · {row.contactReason}
                      <div className="small muted">
                        {row.externalId} · {formatDateTime(row.startedAt, timeZone)}
                        {row.escalated ? " · escalated" : ""}
                        {row.csat ? ` · CSAT ${row.csat}` : ""}
                      </div>
                    </td>
                    <td>
                      {row.agentName}
                      <div className="small muted">{row.vendorName}</div>
                    </td>
                    <td>
                      {row.scorecardName} v{row.versionNumber}
                    </td>
                    <td>
                      <span
                        className={`badge ${row.status === "submitted" ? "good" : row.status === "skipped" ? "neutral" : ""}`}
                      >
                        {row.status.replace("_", " ")}
                      </span>
                      {row.skipReason ? <div className="small muted">{row.skipReason}</div> : null}
                    </td>
                    <td style={{ whiteSpace: "nowrap" }}>
                      {row.status === "submitted" && row.evaluationId ? (
                        <Link to={`/evaluations/${row.evaluationId}`}>View</Link>
                      ) : row.status !== "skipped" ? (
                        <>
                          <Link to={`/queue/${row.id}`} className="button">
                            {row.status === "in_progress" ? "Continue" : "Score"}
                          </Link>{" "}
                          <ModalDialog
                            title="Skip this interaction"
                            trigger={
                              <button type="button" className="button secondary">
                                Skip
                              </button>
                            }
                          >
                            <Form method="post" className="stack">
                              <input type="hidden" name="assignmentId" value={row.id} />
                              <input type="hidden" name="lockVersion" value={row.lockVersion} />
                              <div className="field">
                                <label htmlFor={`reason-${row.id}`}>Reason</label>
                                <textarea id={`reason-${row.id}`} name="reason" rows={3} required minLength={3} />
                              </div>
                              <button type="submit" className="button">
                                Skip assignment
                              </button>
                            </Form>
                          </ModalDialog>
                        </>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <Pager firstHref={firstHref} nextHref={nextHref} label="Queue pages" />
    </>
  );
}

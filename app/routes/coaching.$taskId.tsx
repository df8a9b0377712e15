import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { can } from "~/domain/permissions";
import { utcToZonedLocal } from "~/domain/time-zone";
import {
  BEFORE_AFTER_WEEKS,
  COACHING_STATUS_LABELS,
  COACHING_TRANSITIONS,
  COACHING_VERDICT_LABELS,
  DEFAULT_BEFORE_AFTER_WEEKS,
  isOverdue,
  MAX_COACHING_NOTES,
  ROOT_CAUSE_LABELS,
  SIGNIFICANCE_ALPHA,
  type CoachingStatus,
  type Verdict,
} from "~/domain/trainer-analysis";
import {
  getCoachingBeforeAfter,
  getCoachingTask,
  listTaskEvaluations,
  updateCoachingTask,
} from "~/models/coaching.server";
import { requirePermission } from "~/utils/auth.server";
import { formatDate, formatDateTime, formatPercent, formatScore } from "~/utils/format";
import { readCoachingUpdateForm, requireCoachingReader } from "~/utils/trainer-form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Coaching: ${data.task.agentName}` : "Coaching task"} · QA Workbench` },
];

const STATUS_BADGE: Record<CoachingStatus, string> = {
  open: "badge",
  in_progress: "badge warn",
  done: "badge good",
  cancelled: "badge neutral",
};

const ACTION_LABELS: Record<CoachingStatus, string> = {
  open: "Reopen",
  in_progress: "Start coaching",
  done: "Mark done",
  cancelled: "Cancel task",
};

// After vs before: fewer failures after coaching is the good direction.
const VERDICT_BADGE: Record<Verdict, string> = {
  higher: "badge bad",
  lower: "badge good",
  not_significant: "badge neutral",
  untestable: "badge neutral",
};

const CONFLICT_MESSAGE =
  "Someone else changed this task while you had it open. Reload the page to see their changes, then try again.";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireCoachingReader(request);
  const task = await getCoachingTask(user.scope, params.taskId ?? "");
  if (!task) throw new Response("Not Found", { status: 404 });
  const url = new URL(request.url);
  const weeks =
    BEFORE_AFTER_WEEKS.find((w) => String(w) === url.searchParams.get("weeks")) ?? DEFAULT_BEFORE_AFTER_WEEKS;
  const [evaluations, beforeAfter] = await Promise.all([
    listTaskEvaluations(user.scope, task),
    getCoachingBeforeAfter(user.scope, task, weeks),
  ]);
  return json({
    task,
    evaluations,
    beforeAfter,
    weeks,
    today: utcToZonedLocal(new Date(), user.timeZone).slice(0, 10),
    timeZone: user.timeZone,
    canManage: can(user, "coaching:manage"),
    showVendor: user.scope.kind === "client",
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "coaching:manage");
  const parsed = readCoachingUpdateForm(await request.formData());
  if (!parsed.ok) return json({ fieldErrors: parsed.fieldErrors, formError: null }, { status: 400 });
  const input = parsed.data;
  const result = await updateCoachingTask({
    scope: user.scope,
    actorUserId: user.id,
    taskId: params.taskId ?? "",
    expectedLockVersion: input.lockVersion,
    ...(input.intent === "status" ? { status: input.status } : { notes: input.notes }),
  });
  if (!result.ok && result.reason === "not_found") throw new Response("Not Found", { status: 404 });
  if (!result.ok) {
    const formError =
      result.reason === "invalid_transition"
        ? `A task that is ${COACHING_STATUS_LABELS[result.from].toLowerCase()} cannot change to that status.`
        : CONFLICT_MESSAGE;
    return json({ fieldErrors: {} as Record<string, string>, formError }, { status: 409 });
  }
  const url = new URL(request.url);
  const weeks = url.searchParams.get("weeks");
  return redirect(
    `/coaching/${params.taskId}?${new URLSearchParams({ saved: input.intent, ...(weeks ? { weeks } : {}) })}`,
  );
}

export default function CoachingTaskPage() {
  const { task, evaluations, beforeAfter, weeks, today, timeZone, canManage, showVendor } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const overdue = isOverdue(task, today);
  const saved = searchParams.get("created")
    ? "Coaching task created."
    : searchParams.get("saved") === "status"
      ? "Status changed."
      : searchParams.get("saved") === "notes"
        ? "Notes saved."
        : null;
  const c = beforeAfter.comparison;
  const range = (r: { from: string; to: string }) => `${formatDate(r.from, timeZone)} – ${formatDate(r.to, timeZone)}`;
  return (
    <>
      <p className="small">
        <Link to="/coaching">Coaching tasks</Link> /
      </p>
      <div className="page-head">
        <div>
          <h1>
            Coaching {task.agentName} on “{task.criterionLabel}”
          </h1>
          <p className="muted">
            {task.scorecardName} · assigned by {task.createdByName} on {formatDate(task.createdAt, timeZone)}
          </p>
        </div>
        <div>
          <span className={STATUS_BADGE[task.status]}>{COACHING_STATUS_LABELS[task.status]}</span>
          {overdue ? (
            <>
              {" "}
              <span className="badge bad">Overdue</span>
            </>
          ) : null}
        </div>
      </div>

      {saved && !actionData ? (
        <p className="form-ok" role="status">
          {saved}
        </p>
      ) : null}
      {actionData?.formError ? (
        <p className="form-error" role="alert">
          {actionData.formError} <a href={`/coaching/${task.id}`}>Reload</a>
        </p>
      ) : null}

      <div className="coaching-layout">
        <section className="panel" aria-labelledby="task-heading">
          <h2 id="task-heading" style={{ marginTop: 0 }}>
            Task
          </h2>
          <dl className="meta-list">
            <dt>Agent</dt>
            <dd>
              <Link to={`/agents/${task.agentId}`}>{task.agentName}</Link> · {task.teamName}
              {showVendor ? ` · ${task.vendorName}` : ""}
            </dd>
            <dt>Criterion</dt>
            <dd>
              {task.criterionLabel} <span className="small muted">({task.criterionKey})</span>
            </dd>
            <dt>Due</dt>
            <dd>{formatDate(`${task.dueDate}T12:00:00Z`)}</dd>
            <dt>Status</dt>
            <dd>{COACHING_STATUS_LABELS[task.status]}</dd>
            {task.completedAt ? (
              <>
                <dt>Completed</dt>
                <dd>{formatDateTime(task.completedAt, timeZone)}</dd>
              </>
            ) : null}
            <dt>Last change</dt>
            <dd>{formatDateTime(task.updatedAt, timeZone)}</dd>
          </dl>
          {canManage && COACHING_TRANSITIONS[task.status].length > 0 ? (
            <Form method="post" className="form-actions" style={{ justifyContent: "flex-start" }}>
              <input type="hidden" name="intent" value="status" />
              <input type="hidden" name="lockVersion" value={task.lockVersion} />
              {COACHING_TRANSITIONS[task.status].map((status) => (
                <button
                  key={status}
                  type="submit"
                  name="status"
                  value={status}
                  className={status === "cancelled" ? "button secondary" : "button"}
                  disabled={busy}
                >
                  {ACTION_LABELS[status]}
                </button>
              ))}
            </Form>
          ) : null}
          <h3>Notes</h3>
          {canManage ? (
            // key: a fresh form after each save so the textarea shows what was stored.
            <Form method="post" key={task.lockVersion} className="notes-form">
              <input type="hidden" name="intent" value="notes" />
              <input type="hidden" name="lockVersion" value={task.lockVersion} />
              <label htmlFor="task-notes" className="visually-hidden">
                Notes
              </label>
              <textarea
                id="task-notes"
                name="notes"
                rows={5}
                maxLength={MAX_COACHING_NOTES}
                defaultValue={task.notes}
              />
              {actionData?.fieldErrors.notes ? <span className="error">{actionData.fieldErrors.notes}</span> : null}
              <div className="form-actions" style={{ justifyContent: "flex-start", marginBottom: 0 }}>
                <button type="submit" className="button secondary" disabled={busy}>
                  Save notes
                </button>
              </div>
            </Form>
          ) : (
            <p className="quote">{task.notes || "No notes."}</p>
          )}
        </section>

        <section className="panel" aria-labelledby="before-after-heading">
          <div className="panel-head">
            <h2 id="before-after-heading" style={{ marginTop: 0 }}>
              Before and after
            </h2>
            <a
              href={`/trainer/export.csv?${new URLSearchParams({ table: "before-after", task: task.id, weeks: String(weeks) })}`}
              className="button secondary small-button"
              download
            >
              CSV<span className="visually-hidden"> of before and after</span>
            </a>
          </div>
          <p className="small muted">
            {task.agentName}&apos;s failure rate on this criterion in interactions handled in the {weeks} weeks before
            the task was created, and since then
            {task.completedAt ? " until it was completed" : " until now"}. N/A answers do not count.
          </p>
          <nav className="tabs compact-tabs" aria-label="Weeks before the task">
            {BEFORE_AFTER_WEEKS.map((w) => (
              <Link
                key={w}
                to={`/coaching/${task.id}?weeks=${w}`}
                className={w === weeks ? "active" : undefined}
                aria-current={w === weeks ? "page" : undefined}
                preventScrollReset
              >
                {w} weeks
              </Link>
            ))}
          </nav>
          <div className="table-wrap">
            <table className="compact" aria-label="Before and after">
              <thead>
                <tr>
                  <th>Window</th>
                  <th>Dates</th>
                  <th className="num">Answers</th>
                  <th className="num">Failures</th>
                  <th className="num">Failure rate</th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <th scope="row">Before</th>
                  <td>{range(beforeAfter.windows.before)}</td>
                  <td className="num">{c.otherAnswers}</td>
                  <td className="num">{c.otherFailures}</td>
                  <td className="num">{formatPercent(c.otherRate, 1)}</td>
                </tr>
                <tr>
                  <th scope="row">After</th>
                  <td>{range(beforeAfter.windows.after)}</td>
                  <td className="num">{c.answers}</td>
                  <td className="num">{c.failures}</td>
                  <td className="num">{formatPercent(c.rate, 1)}</td>
                </tr>
              </tbody>
            </table>
          </div>
          <p className="verdict">
            <span className={VERDICT_BADGE[c.verdict]}>{COACHING_VERDICT_LABELS[c.verdict]}</span>{" "}
            {c.difference !== null ? (
              <span className="small muted">
                Change {c.difference > 0 ? "+" : c.difference < 0 ? "−" : ""}
                {Math.abs(c.difference * 100).toFixed(1)} points
                {c.z !== null && c.pValue !== null
                  ? ` (two-proportion test: z = ${c.z.toFixed(2)}, p = ${c.pValue < 0.001 ? "< 0.001" : c.pValue.toFixed(3)}; significant below ${SIGNIFICANCE_ALPHA})`
                  : ""}
                .
              </span>
            ) : (
              <span className="small muted">
                {c.answers === 0 ? "No evaluations of this criterion since the task yet." : "No evaluations before."}
              </span>
            )}
          </p>
        </section>
      </div>

      <section aria-labelledby="evaluations-heading">
        <h2 id="evaluations-heading">Linked evaluations</h2>
        {evaluations.length === 0 ? (
          <p className="panel muted">No evaluations are linked to this task.</p>
        ) : (
          <div className="table-wrap">
            <table aria-label="Linked evaluations">
              <thead>
                <tr>
                  <th>Submitted</th>
                  <th>Channel</th>
                  <th>Subject</th>
                  <th className="num">Score</th>
                  <th>This criterion</th>
                  <th>
                    <span className="visually-hidden">Open</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {evaluations.map((e) => (
                  <tr key={e.id}>
                    <td>{formatDate(e.submittedAt, timeZone)}</td>
                    <td>{e.channel}</td>
                    <td>{e.subject ?? "—"}</td>
                    <td className="num">{formatScore(e.finalScore)}</td>
                    <td>
                      {e.met === false ? (
                        <span className="badge bad">Not met</span>
                      ) : e.met === true ? (
                        <span className="badge good">Met</span>
                      ) : (
                        <span className="badge neutral">N/A</span>
                      )}
                      {e.rootCause ? (
                        <span className="small muted">
                          {" "}
                          {ROOT_CAUSE_LABELS[e.rootCause as keyof typeof ROOT_CAUSE_LABELS] ?? e.rootCause}
                        </span>
                      ) : null}
                    </td>
                    <td>
                      <Link to={`/evaluations/${e.id}`}>View evaluation</Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

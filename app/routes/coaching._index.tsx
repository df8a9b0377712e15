import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigate, useNavigation } from "@remix-run/react";
import type { ChangeEvent } from "react";
import { periodWindow } from "~/domain/kpi-period";
import { can } from "~/domain/permissions";
import { utcToZonedLocal } from "~/domain/time-zone";
import {
  COACHING_FILTERS,
  COACHING_STATUS_LABELS,
  MAX_COACHING_NOTES,
  type CoachingFilter,
  DEFAULT_TRAINER_WEEKS,
  isOverdue,
  ROOT_CAUSE_LABELS,
  type CoachingStatus,
} from "~/domain/trainer-analysis";
import {
  createCoachingTask,
  listCoachableAgents,
  listCoachingTasks,
  listCriterionChoices,
  listMissedEvaluations,
} from "~/models/coaching.server";
import { listAgentsMissingCriterion } from "~/models/trainer.server";
import { requirePermission } from "~/utils/auth.server";
import { formatDate, formatScore } from "~/utils/format";
import { readCoachingTaskForm, requireCoachingReader } from "~/utils/trainer-form.server";

export const meta: MetaFunction = () => [{ title: "Coaching tasks · QA Workbench" }];

const FILTER_LABELS: Record<CoachingFilter, string> = {
  active: "To do",
  open: "Open",
  in_progress: "In progress",
  done: "Done",
  cancelled: "Cancelled",
  all: "All",
};

const STATUS_BADGE: Record<CoachingStatus, string> = {
  open: "badge",
  in_progress: "badge warn",
  done: "badge good",
  cancelled: "badge neutral",
};

function localToday(timeZone: string, now = new Date()) {
  return utcToZonedLocal(now, timeZone).slice(0, 10);
}

function addDays(day: string, days: number) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireCoachingReader(request);
  const url = new URL(request.url);
  const params = url.searchParams;
  const asked = params.get("status") as CoachingFilter;
  const filter: CoachingFilter = COACHING_FILTERS.includes(asked) ? asked : "active";
  const today = localToday(user.timeZone);
  const canCreate = can(user, "coaching:manage");
  const tasks = await listCoachingTasks(user.scope, filter);

  const wantsForm = canCreate && (params.has("new") || params.has("criterion") || params.has("agentId"));
  let form = null;
  if (wantsForm) {
    const [agents, criteria] = await Promise.all([listCoachableAgents(user.scope), listCriterionChoices()]);
    const criterion =
      criteria
        .flatMap((s) => s.criteria.map((c) => ({ scorecardId: s.scorecardId, criterionKey: c.key })))
        .find((c) => `${c.scorecardId}:${c.criterionKey}` === params.get("criterion")) ?? null;
    const agentId = agents.find((a) => a.id === params.get("agentId"))?.id ?? null;
    const window = periodWindow(new Date(), user.timeZone, "week", DEFAULT_TRAINER_WEEKS);
    const [missed, mostMisses] = await Promise.all([
      agentId && criterion ? listMissedEvaluations(user.scope, { agentId, ...criterion }) : Promise.resolve([]),
      criterion
        ? listAgentsMissingCriterion({ scope: user.scope, from: window.from, to: window.to, ...criterion, limit: 8 })
        : Promise.resolve([]),
    ]);
    form = {
      agents,
      criteria,
      criterion: criterion ? `${criterion.scorecardId}:${criterion.criterionKey}` : "",
      agentId: agentId ?? "",
      missed,
      mostMisses,
      dueDate: params.get("dueDate") ?? addDays(today, 7),
      notes: params.get("notes") ?? "",
    };
  }
  return json({
    tasks,
    filter,
    today,
    canCreate,
    form,
    showVendor: user.scope.kind === "client",
    timeZone: user.timeZone,
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "coaching:manage");
  const parsed = readCoachingTaskForm(await request.formData(), localToday(user.timeZone));
  if (!parsed.ok) return json({ fieldErrors: parsed.fieldErrors }, { status: 400 });
  const result = await createCoachingTask({ scope: user.scope, actorUserId: user.id, ...parsed.data });
  if (!result.ok && result.reason === "not_found") throw new Response("Not Found", { status: 404 });
  if (!result.ok) return json({ fieldErrors: { [result.field]: result.message } }, { status: 400 });
  return redirect(`/coaching/${result.id}?created=1`);
}

export default function CoachingPage() {
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Coaching tasks</h1>
          <p className="muted">
            Coaching an agent on one criterion, tied to the evaluations that showed the gap. Each task shows the
            agent&apos;s failure rate on the criterion before and after it.
          </p>
        </div>
        <div className="form-actions head-actions" style={{ margin: 0 }}>
          <a
            href={`/trainer/export.csv?${new URLSearchParams({ table: "coaching", status: data.filter })}`}
            className="button secondary"
            download
          >
            CSV
          </a>
          {data.canCreate && !data.form ? (
            <Link to="/coaching?new=1" className="button">
              New coaching task
            </Link>
          ) : null}
        </div>
      </div>
      {data.form ? <NewTaskForm form={data.form} filter={data.filter} /> : null}
      <nav className="tabs" aria-label="Task status">
        {COACHING_FILTERS.map((f) => (
          <Link
            key={f}
            to={`/coaching?status=${f}`}
            className={data.filter === f ? "active" : undefined}
            aria-current={data.filter === f ? "page" : undefined}
          >
            {FILTER_LABELS[f]}
          </Link>
        ))}
      </nav>
      {data.tasks.length === 0 ? (
        <p className="panel muted">No coaching tasks here.</p>
      ) : (
        <div className="table-wrap">
          <table aria-label="Coaching tasks">
            <thead>
              <tr>
                <th>Agent</th>
                {data.showVendor ? <th>Vendor</th> : null}
                <th>Criterion</th>
                <th>Due</th>
                <th>Status</th>
                <th className="num">Evaluations</th>
                <th>Assigned by</th>
                <th>
                  <span className="visually-hidden">Open</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.tasks.map((t) => {
                const overdue = isOverdue(t, data.today);
                return (
                  <tr key={t.id} className={overdue ? "overdue" : undefined}>
                    <td>
                      {t.agentName}
                      <div className="small muted">{t.teamName}</div>
                    </td>
                    {data.showVendor ? <td>{t.vendorName}</td> : null}
                    <td>
                      {t.criterionLabel}
                      <div className="small muted">{t.scorecardName}</div>
                    </td>
                    <td>
                      {formatDate(`${t.dueDate}T12:00:00Z`)}
                      {overdue ? (
                        <>
                          {" "}
                          <span className="badge bad">Overdue</span>
                        </>
                      ) : null}
                    </td>
                    <td>
                      <span className={STATUS_BADGE[t.status]}>{COACHING_STATUS_LABELS[t.status]}</span>
                    </td>
                    <td className="num">{t.linkedEvaluations}</td>
                    <td>
                      {t.createdByName}
                      <div className="small muted">{formatDate(t.createdAt, data.timeZone)}</div>
                    </td>
                    <td>
                      <Link to={`/coaching/${t.id}`} aria-label={`Open the task for ${t.agentName}`}>
                        Open
                      </Link>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

type FormData_ = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["form"]>;

function NewTaskForm({ form, filter }: { form: FormData_; filter: CoachingFilter }) {
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string> = actionData?.fieldErrors ?? {};
  const navigate = useNavigate();
  const busy = useNavigation().state === "submitting";
  // Choosing an agent or a criterion reloads the evaluations to link (typed due date and notes stay).
  const reload = (event: ChangeEvent<HTMLSelectElement>) => {
    const fields = new FormData(event.currentTarget.form!);
    const params = new URLSearchParams({ new: "1" });
    for (const name of ["agentId", "criterion"]) {
      const value = String(fields.get(name) ?? "");
      if (value) params.set(name, value);
    }
    if (filter !== "active") params.set("status", filter);
    navigate(`/coaching?${params}`, { replace: true, preventScrollReset: true });
  };
  const vendors = [...new Set(form.agents.map((a) => a.vendorName))];
  return (
    <section className="panel" aria-labelledby="new-task-heading" id="new">
      <h2 id="new-task-heading" style={{ marginTop: 0 }}>
        New coaching task
      </h2>
      <Form method="post" className="coaching-form" noValidate>
        <div className="coaching-form-grid">
          <div className="field">
            <label htmlFor="task-criterion">Criterion</label>
            <select
              id="task-criterion"
              name="criterion"
              defaultValue={form.criterion}
              onChange={reload}
              aria-invalid={errors.criterion ? true : undefined}
            >
              <option value="">Choose a criterion…</option>
              {form.criteria.map((s) => (
                <optgroup key={s.scorecardId} label={s.scorecardName}>
                  {s.criteria.map((c) => (
                    <option key={c.key} value={`${s.scorecardId}:${c.key}`}>
                      {c.label}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
            {errors.criterion ? <span className="error">{errors.criterion}</span> : null}
          </div>
          <div className="field">
            <label htmlFor="task-agent">Agent</label>
            <select
              id="task-agent"
              name="agentId"
              defaultValue={form.agentId}
              onChange={reload}
              aria-invalid={errors.agentId ? true : undefined}
            >
              <option value="">Choose an agent…</option>
              {form.mostMisses.length > 0 ? (
                <optgroup label={`Most misses on this criterion (last ${DEFAULT_TRAINER_WEEKS} weeks)`}>
                  {form.mostMisses.map((a) => (
                    <option key={`top-${a.agentId}`} value={a.agentId}>
                      {a.agentName} · {a.errors} of {a.answers} missed
                    </option>
                  ))}
                </optgroup>
              ) : null}
              {vendors.map((vendor) => (
                <optgroup key={vendor} label={vendor}>
                  {form.agents
                    .filter((a) => a.vendorName === vendor)
                    .map((a) => (
                      <option key={a.id} value={a.id}>
                        {a.name} ({a.teamName})
                      </option>
                    ))}
                </optgroup>
              ))}
            </select>
            {errors.agentId ? <span className="error">{errors.agentId}</span> : null}
          </div>
          <div className="field">
            <label htmlFor="task-due">Due date</label>
            <input
              id="task-due"
              type="date"
              name="dueDate"
              defaultValue={form.dueDate}
              aria-invalid={errors.dueDate ? true : undefined}
            />
            {errors.dueDate ? <span className="error">{errors.dueDate}</span> : null}
          </div>
        </div>
        <div className="field">
          <label htmlFor="task-notes">Notes</label>
          <textarea id="task-notes" name="notes" rows={3} maxLength={MAX_COACHING_NOTES} defaultValue={form.notes} />
          {errors.notes ? <span className="error">{errors.notes}</span> : null}
        </div>
        <fieldset className="linked-evaluations">
          <legend>Linked evaluations</legend>
          {!form.agentId || !form.criterion ? (
            <p className="small muted">Choose a criterion and an agent to see the evaluations where it was missed.</p>
          ) : form.missed.length === 0 ? (
            <p className="small muted">None of this agent&apos;s evaluations missed this criterion.</p>
          ) : (
            form.missed.map((e) => (
              <label key={e.id} className="checkbox">
                <input type="checkbox" name="evaluationId" value={e.id} />
                <span>
                  {formatDate(e.submittedAt)} · {e.channel} · {e.subject ?? "No subject"} · score{" "}
                  {formatScore(e.finalScore)}
                  {e.rootCause ? (
                    <span className="muted">
                      {" "}
                      · {ROOT_CAUSE_LABELS[e.rootCause as keyof typeof ROOT_CAUSE_LABELS] ?? e.rootCause}
                    </span>
                  ) : null}
                </span>
              </label>
            ))
          )}
          {errors.evaluationIds ? <span className="error">{errors.evaluationIds}</span> : null}
        </fieldset>
        <div className="form-actions" style={{ justifyContent: "flex-start" }}>
          <button type="submit" className="button" disabled={busy}>
            Create task
          </button>
          {/* Without JavaScript, this reloads the form for the chosen agent and criterion. */}
          <button type="submit" className="button secondary" formMethod="get" name="new" value="1">
            Show missed evaluations
          </button>
          <Link to="/coaching" className="button secondary">
            Cancel
          </Link>
        </div>
      </Form>
    </section>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

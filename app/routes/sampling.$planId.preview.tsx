import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { CHANNELS } from "~/domain/sampling";
import { GenerateRunSchema, PeriodQuerySchema } from "~/domain/sampling-plan-form.server";
import {
  formatPeriod,
  parseDay,
  periodContaining,
  previousCompletePeriod,
  shiftPeriod,
  type PeriodBounds,
} from "~/domain/sampling-period";
import { getSamplingPlan } from "~/models/sampling.server";
import {
  generateSampleRun,
  getSampleRun,
  previewSampleRun,
  type RunSummary,
  type RunUnassignableReason,
} from "~/models/sampling-run.server";
import { requirePermission } from "~/utils/auth.server";
import { formToObject } from "~/utils/form.server";
import { formatDateTime, formatNumber } from "~/utils/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.period.label ?? "Preview"} · ${data?.plan.name ?? "Sampling plan"} · QA Workbench` },
];

async function loadPlan(request: Request, planId: string | undefined) {
  const user = await requirePermission(request, "sampling:manage");
  const plan = await getSamplingPlan(user.scope, planId ?? "");
  if (!plan) throw new Response("Not Found", { status: 404 });
  return { user, plan };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, plan } = await loadPlan(request, params.planId);
  const query = PeriodQuerySchema.safeParse({ period: new URL(request.url).searchParams.get("period") ?? undefined });
  const day = query.success && query.data.period ? parseDay(query.data.period) : null;
  // Without a period (or with a bad one) show the last complete period: usually the one to sample.
  const bounds: PeriodBounds = day
    ? periodContaining(plan.period, day)
    : previousCompletePeriod(plan.period, new Date());
  const run = await getSampleRun(user.scope, plan.id, bounds.start);
  const preview = run ? null : await previewSampleRun(user.scope, plan, bounds);
  return json(
    {
      plan: {
        id: plan.id,
        name: plan.name,
        period: plan.period,
        active: plan.active,
        quotaPerAgent: plan.quotaPerAgent,
      },
      period: {
        key: bounds.key,
        label: formatPeriod(bounds),
        previous: shiftPeriod(bounds, -1).key,
        next: shiftPeriod(bounds, 1).key,
        over: bounds.end.getTime() <= Date.now(),
      },
      periodError: query.success ? null : "Use a date like 2026-11-16; showing the last complete period instead.",
      run,
      preview,
      showVendor: user.scope.kind === "client",
      timeZone: user.timeZone,
    },
    { status: query.success ? 200 : 400 },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, plan } = await loadPlan(request, params.planId);
  const parsed = GenerateRunSchema.safeParse(formToObject(await request.formData()));
  if (!parsed.success) return json({ formError: "Choose the period to generate." }, { status: 400 });
  const bounds = periodContaining(plan.period, parseDay(parsed.data.period)!);
  const result = await generateSampleRun({ scope: user.scope, actorUserId: user.id, planId: plan.id, bounds });
  if (!result.ok && result.reason === "not_found") throw new Response("Not Found", { status: 404 });
  if (!result.ok) return json({ formError: result.message }, { status: 409 });
  return redirect(`/sampling/${plan.id}/preview?period=${bounds.key}&generated=1`);
}

const REASONS: Record<RunUnassignableReason, string> = {
  no_reviewers: "The plan has no active reviewers.",
  no_reviewer_for_vendor: "No reviewer on the plan works for this vendor or the client.",
  own_agent_only: "The only reviewers who could take it are this agent themself.",
  no_scorecard: "No published scorecard for this channel on the plan.",
};

export default function SamplingPreviewPage() {
  const { plan, period, periodError, run, preview, showVendor, timeZone } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const [searchParams] = useSearchParams();
  const summary = run ? run.summary : preview;
  return (
    <>
      <p className="small">
        <Link to="/sampling">Sampling plans</Link> / <Link to={`/sampling/${plan.id}`}>{plan.name}</Link> /
      </p>
      <h1>{period.label}</h1>
      <nav className="page-head" aria-label="Period">
        <p className="small">
          <Link to={`?period=${period.previous}`}>← Previous {plan.period}</Link> ·{" "}
          <Link to={`?period=${period.next}`}>Next {plan.period} →</Link>
        </p>
        <Form method="get" className="checkbox">
          <label htmlFor="period-day" className="small">
            Any day in the {plan.period}
          </label>
          <input id="period-day" name="period" type="date" defaultValue={period.key} />
          <button type="submit" className="button secondary">
            Show
          </button>
        </Form>
      </nav>
      {periodError ? (
        <p className="form-error" role="alert">
          {periodError}
        </p>
      ) : null}
      {data?.formError ? (
        <p className="form-error" role="alert">
          {data.formError}
        </p>
      ) : null}
      {run ? (
        <section className="panel" aria-labelledby="run-heading">
          <h2 id="run-heading" style={{ marginTop: 0 }}>
            Generated
          </h2>
          {searchParams.get("generated") ? (
            <p className="form-ok" role="status">
              Assignments generated.
            </p>
          ) : null}
          <p>
            {formatDateTime(run.createdAt, timeZone)} by {run.createdByName}:{" "}
            <strong>{run.reviewers.reduce((n, r) => n + r.assignments, 0)} assignments</strong> for{" "}
            {run.summary.totals.agents} agents.
          </p>
          <ReviewerTable
            caption="Assignments per reviewer"
            rows={run.reviewers.map((r) => ({
              id: r.reviewerId,
              name: r.name,
              organizationName: r.organizationName,
              count: r.assignments,
              open: r.open,
            }))}
          />
        </section>
      ) : preview ? (
        <section className="panel" aria-labelledby="preview-heading">
          <h2 id="preview-heading" style={{ marginTop: 0 }}>
            Preview
          </h2>
          <p className="muted">
            Nothing is saved until you generate. The same plan and period always pick the same interactions.
          </p>
          <ReviewerTable
            caption="Assignments per reviewer if generated now"
            rows={preview.reviewers.map((r) => ({ ...r, name: r.usable ? r.name : `${r.name} (inactive, skipped)` }))}
          />
          {!period.over ? (
            <p className="muted">This {plan.period} is not over yet: assignments can be generated once it has ended.</p>
          ) : plan.active ? (
            <Form method="post">
              <input type="hidden" name="period" value={period.key} />
              <button
                type="submit"
                name="intent"
                value="generate"
                className="button"
                disabled={busy || preview.totals.assignable === 0}
              >
                Generate assignments
              </button>
            </Form>
          ) : (
            <p className="muted">This plan is paused: mark it active to generate assignments.</p>
          )}
        </section>
      ) : null}
      {summary ? <SampleDetails summary={summary} showVendor={showVendor} /> : null}
    </>
  );
}

function ReviewerTable(props: {
  caption: string;
  rows: { id: string; name: string; organizationName: string; count: number; open?: number }[];
}) {
  const hasOpen = props.rows.some((r) => r.open !== undefined);
  return (
    <div className="table-wrap">
      <table>
        <caption className="small muted" style={{ textAlign: "left", padding: "0.4rem 0.6rem" }}>
          {props.caption}
        </caption>
        <thead>
          <tr>
            <th>Reviewer</th>
            <th>Organisation</th>
            <th className="num">Assignments</th>
            {hasOpen ? <th className="num">Still open</th> : null}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr key={r.id}>
              <td>{r.name}</td>
              <td>{r.organizationName}</td>
              <td className="num">{r.count}</td>
              {hasOpen ? <td className="num">{r.open}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SampleDetails({ summary, showVendor }: { summary: RunSummary; showVendor: boolean }) {
  const { totals, excluded } = summary;
  return (
    <>
      <div className="grid">
        <Stat label="Agents" value={totals.agents} />
        <Stat label="Eligible interactions" value={totals.eligible} />
        <Stat label="Picked" value={totals.picked} hint={`quota ${summary.quotaPerAgent} per agent`} />
        <Stat label="Agents short of quota" value={totals.shortfallAgents} />
      </div>
      <p className="small muted">
        Left out: {excluded.assigned} already assigned, {excluded.evaluated} already evaluated
        {summary.handleTimeThreshold !== null
          ? `, ${excluded.handleTime} at or below the handle-time threshold of ${formatNumber(summary.handleTimeThreshold)} s`
          : ""}
        .
      </p>
      {summary.unassignable.length > 0 ? (
        <>
          <h2>Picked but not assignable ({summary.unassignable.length})</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Interaction</th>
                  <th>Agent</th>
                  <th>Channel</th>
                  <th>Why</th>
                </tr>
              </thead>
              <tbody>
                {summary.unassignable.map((u) => (
                  <tr key={u.interactionId}>
                    <td>
                      <Link to={`/interactions/${u.interactionId}`}>{u.interactionId.slice(0, 8)}</Link>
                    </td>
                    <td>
                      {u.agentName}
                      {showVendor ? <span className="small muted"> · {u.vendorName}</span> : null}
                    </td>
                    <td>{u.channel}</td>
                    <td>{REASONS[u.reason]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      <h2>Per agent</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Agent</th>
              <th>Team</th>
              {showVendor ? <th>Vendor</th> : null}
              <th className="num">In period</th>
              <th className="num">Eligible</th>
              <th className="num">Picked</th>
              {CHANNELS.map((c) => (
                <th key={c} className="num">
                  {c}
                </th>
              ))}
              <th className="num">Hard cases</th>
              <th>Shortfall</th>
            </tr>
          </thead>
          <tbody>
            {summary.agents.map((a) => (
              <tr key={a.agentId}>
                <td>
                  <Link to={`/agents/${a.agentId}`}>{a.name}</Link>
                </td>
                <td>{a.teamName}</td>
                {showVendor ? <td>{a.vendorName}</td> : null}
                <td className="num">{a.inPeriod}</td>
                <td className="num">{a.eligible}</td>
                <td className="num">{a.picked}</td>
                {CHANNELS.map((c) => (
                  <td key={c} className="num">
                    {a.byChannel[c] ?? 0}
                  </td>
                ))}
                <td className="num">{a.mustInclude}</td>
                <td>
                  {a.shortfall > 0 ? <span className="badge warn">{a.shortfall} short</span> : null}
                  {Object.entries(a.stratumShortfalls).map(([stratum, n]) => (
                    <span key={stratum} className="small muted">
                      {" "}
                      {stratum}: {n} below minimum
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Stat({ label, value, hint }: { label: string; value: number; hint?: string }) {
  return (
    <div className="stat">
      <div className="label">{label}</div>
      <div className="value">{formatNumber(value)}</div>
      {hint ? <div className="hint">{hint}</div> : null}
    </div>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

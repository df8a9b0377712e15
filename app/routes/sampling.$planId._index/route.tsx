import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import {
  CreateSamplingPlanSchema,
  planFieldErrors,
  readPlanForm,
  UpdateSamplingPlanSchema,
  type FieldErrors,
  type PlanFormValues,
} from "~/domain/sampling-plan-form.server";
import { formatPeriod, periodContaining } from "~/domain/sampling-period";
import {
  checkSamplingPlanReferences,
  createSamplingPlan,
  getSamplingPlan,
  getSamplingPlanFormOptions,
  listSampleRuns,
  newSamplingPlanDefaults,
  updateSamplingPlan,
} from "~/models/sampling.server";
import { requirePermission } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/format";
import { newPlanValues, PlanFields, planToFormValues } from "./plan-form";

// One module for /sampling/new (no planId; sampling.new.tsx re-exports it) and /sampling/:planId;
// the form's fields live beside it in plan-form.tsx.

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.plan?.name ?? "New sampling plan"} · QA Workbench` },
];

async function loadPlan(request: Request, planId: string | undefined) {
  const user = await requirePermission(request, "sampling:manage");
  if (planId === undefined) return { user, plan: null };
  const plan = await getSamplingPlan(user.scope, planId);
  if (!plan) throw new Response("Not Found", { status: 404 });
  return { user, plan };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, plan } = await loadPlan(request, params.planId);
  const [options, runs] = await Promise.all([
    getSamplingPlanFormOptions(user.scope),
    plan ? listSampleRuns(user.scope, plan.id) : Promise.resolve([]),
  ]);
  return json({
    plan,
    runs,
    options,
    initial: plan ? planToFormValues(plan) : newPlanValues(newSamplingPlanDefaults().seed),
    vendorName: user.scope.kind === "vendor" ? user.organizationName : null,
    timeZone: user.timeZone,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, plan } = await loadPlan(request, params.planId);
  const values = readPlanForm(await request.formData());
  // Echo what was typed so a rejected form loses nothing, even without JavaScript.
  const fail = (fieldErrors: FieldErrors, formError: string | null = null, status = 400) =>
    json({ fieldErrors, formError, values }, { status });
  const parsed = (
    plan ? UpdateSamplingPlanSchema : CreateSamplingPlanSchema.transform((v) => ({ ...v, lockVersion: 0 }))
  ).safeParse(values);
  if (!parsed.success) return fail(planFieldErrors(parsed.error));
  const checked = checkSamplingPlanReferences(user.scope, parsed.data, await getSamplingPlanFormOptions(user.scope));
  if (!checked.ok) return fail(checked.fieldErrors);
  if (!plan) {
    const created = await createSamplingPlan({ scope: user.scope, actorUserId: user.id, input: checked.input });
    return redirect(`/sampling/${created.id}?created=1`);
  }
  const result = await updateSamplingPlan({
    scope: user.scope,
    actorUserId: user.id,
    planId: plan.id,
    expectedLockVersion: parsed.data.lockVersion,
    input: checked.input,
  });
  if (!result.ok && result.reason === "not_found") throw new Response("Not Found", { status: 404 });
  if (!result.ok) {
    return fail(
      {},
      "Someone else changed this plan while you were editing. Reload the page to see their changes, then apply yours again.",
      409,
    );
  }
  return redirect(`/sampling/${plan.id}?saved=1`);
}

export default function SamplingPlanPage() {
  const { plan, runs, options, initial, vendorName, timeZone } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors: FieldErrors = data?.fieldErrors ?? {};
  const values: PlanFormValues = data?.values ?? initial;
  const busy = useNavigation().state !== "idle";
  const [searchParams] = useSearchParams();
  const notice = searchParams.get("created") ? "Plan created." : searchParams.get("saved") ? "Changes saved." : null;
  return (
    <>
      <p className="small">
        <Link to="/sampling">Sampling plans</Link> /
      </p>
      <div className="page-head">
        <h1>{plan ? plan.name : "New sampling plan"}</h1>
        {plan ? (
          <Link to={`/sampling/${plan.id}/preview`} className="button secondary">
            Preview and generate
          </Link>
        ) : null}
      </div>
      {/* key: a fresh form after each save so inputs show what was stored */}
      <Form method="post" className="stack panel" style={{ maxWidth: 760 }} noValidate key={plan?.lockVersion ?? "new"}>
        {notice && !data ? (
          <p className="form-ok" role="status">
            {notice}
          </p>
        ) : null}
        {data?.formError ? (
          <p className="form-error" role="alert">
            {data.formError}
          </p>
        ) : Object.keys(errors).length > 0 ? (
          <p className="form-error" role="alert">
            Please correct the fields marked below.
          </p>
        ) : null}
        {plan ? <input type="hidden" name="lockVersion" value={plan.lockVersion} /> : null}
        <PlanFields options={options} values={values} errors={errors} vendorName={vendorName} />
        <button type="submit" className="button" disabled={busy}>
          {plan ? "Save plan" : "Create plan"}
        </button>
      </Form>
      {plan && runs.length > 0 ? (
        <section aria-labelledby="runs-heading">
          <h2 id="runs-heading">Generated periods</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Period</th>
                  <th>Generated</th>
                  <th className="num">Assignments</th>
                </tr>
              </thead>
              <tbody>
                {runs.map((r) => {
                  const bounds = periodContaining(plan.period, new Date(r.periodStart));
                  return (
                    <tr key={r.id}>
                      <td>
                        <Link to={`/sampling/${plan.id}/preview?period=${bounds.key}`}>{formatPeriod(bounds)}</Link>
                      </td>
                      <td>
                        {formatDateTime(r.createdAt, timeZone)} by {r.createdByName}
                      </td>
                      <td className="num">{r.assignments}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

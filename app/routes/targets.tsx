import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { KPI_DEFINITIONS, KPI_KEYS, type KpiKey } from "~/domain/kpi-definitions";
import { formatKpiValue } from "~/domain/kpi-formulas";
import { can } from "~/domain/permissions";
import { utcToZonedLocal } from "~/domain/time-zone";
import { listScopedVendors } from "~/models/kpi.server";
import { createKpiTarget, listKpiTargets } from "~/models/kpi-target.server";
import { requirePermission } from "~/utils/auth.server";
import { formatDate } from "~/utils/format";
import { toFieldErrors } from "~/utils/form.server";
import { KpiTargetSchema } from "~/utils/kpi-form.server";

export const meta: MetaFunction = () => [{ title: "Targets · QA Workbench" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "kpi:view");
  const [targets, vendors] = await Promise.all([listKpiTargets(user.scope), listScopedVendors(user.scope)]);
  return json({
    targets: targets.map((t) => ({ ...t, effectiveFrom: String(t.effectiveFrom) })),
    vendors,
    canEdit: can(user, "target:edit"),
    today: utcToZonedLocal(new Date(), user.timeZone).slice(0, 10),
    timeZone: user.timeZone,
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "target:edit");
  const values = Object.fromEntries(await request.formData()) as Record<string, string>;
  const parsed = KpiTargetSchema.safeParse(values);
  if (!parsed.success)
    return json({ ok: false as const, fieldErrors: toFieldErrors(parsed.error), values }, { status: 400 });
  const result = await createKpiTarget({ actorUserId: user.id, organizationId: user.organizationId, ...parsed.data });
  if (!result.ok)
    return json({ ok: false as const, fieldErrors: { [result.field]: result.message }, values }, { status: 400 });
  return json({ ok: true as const, fieldErrors: {} as Record<string, string>, values: {} as Record<string, string> });
}

export default function TargetsPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const errors = actionData?.fieldErrors ?? {};
  const values = actionData && !actionData.ok ? actionData.values : {};
  // The newest row per KPI and vendor is the one in effect from its date; older rows are the history.
  const groups = new Map<string, typeof data.targets>();
  for (const t of data.targets) {
    const key = `${t.kpi}|${t.vendorId ?? ""}`;
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  const show = (kpi: string, v: number) => formatKpiValue(kpi as KpiKey, { ok: true, value: v });
  return (
    <>
      <p className="small">
        <Link to="/dashboards/vendors">Dashboards</Link> /
      </p>
      <div className="page-head">
        <div>
          <h1>Targets</h1>
          <p className="muted">
            Contractual targets per KPI, for every vendor or for one. A change takes effect from its date; earlier weeks
            keep being judged against the target that applied then.
          </p>
        </div>
      </div>
      {data.canEdit ? (
        <section className="panel" aria-labelledby="new-target-heading">
          <h2 id="new-target-heading" style={{ marginTop: 0 }}>
            Set a target
          </h2>
          {actionData?.ok ? (
            <p className="form-ok" role="status">
              Target saved.
            </p>
          ) : null}
          <Form
            method="post"
            className="form-actions"
            style={{ justifyContent: "flex-start", alignItems: "end", flexWrap: "wrap" }}
          >
            <div className="field">
              <label htmlFor="t-kpi">KPI</label>
              <select id="t-kpi" name="kpi" defaultValue={values.kpi ?? "qa_score"}>
                {KPI_KEYS.filter((k) => KPI_DEFINITIONS[k].source === "aggregate" || k === "qa_alignment").map((k) => (
                  <option key={k} value={k}>
                    {KPI_DEFINITIONS[k].name} ({KPI_DEFINITIONS[k].better === "higher" ? "at least" : "at most"}
                    {KPI_DEFINITIONS[k].unit === "percent"
                      ? ", in %"
                      : KPI_DEFINITIONS[k].unit === "seconds"
                        ? ", in seconds"
                        : ""}
                    )
                  </option>
                ))}
              </select>
              {errors.kpi ? <span className="error">{errors.kpi}</span> : null}
            </div>
            <div className="field">
              <label htmlFor="t-vendor">Vendor</label>
              <select id="t-vendor" name="vendorId" defaultValue={values.vendorId ?? ""}>
                <option value="">Every vendor</option>
                {data.vendors.map((v) => (
                  <option key={v.id} value={v.id}>
                    {v.name}
                  </option>
                ))}
              </select>
              {errors.vendorId ? <span className="error">{errors.vendorId}</span> : null}
            </div>
            <div className="field">
              <label htmlFor="t-threshold">Threshold</label>
              <input
                id="t-threshold"
                name="threshold"
                inputMode="decimal"
                defaultValue={values.threshold ?? ""}
                style={{ width: 110 }}
              />
              {errors.threshold ? <span className="error">{errors.threshold}</span> : null}
            </div>
            <div className="field">
              <label htmlFor="t-band">Warning band</label>
              <input
                id="t-band"
                name="warningBand"
                inputMode="decimal"
                defaultValue={values.warningBand ?? "0"}
                style={{ width: 110 }}
              />
              {errors.warningBand ? <span className="error">{errors.warningBand}</span> : null}
            </div>
            <div className="field">
              <label htmlFor="t-from">Effective from</label>
              <input id="t-from" type="date" name="effectiveFrom" defaultValue={values.effectiveFrom ?? data.today} />
              {errors.effectiveFrom ? <span className="error">{errors.effectiveFrom}</span> : null}
            </div>
            <button type="submit" className="button" disabled={busy}>
              Save target
            </button>
          </Form>
        </section>
      ) : null}
      {groups.size === 0 ? (
        <p className="panel muted">No targets yet.</p>
      ) : (
        <div className="table-wrap">
          <table aria-label="Targets and their history">
            <thead>
              <tr>
                <th>KPI</th>
                <th>Vendor</th>
                <th className="num">Threshold</th>
                <th className="num">Warning band</th>
                <th>From</th>
                <th>History</th>
              </tr>
            </thead>
            <tbody>
              {[...groups.values()].map((rows) => {
                const current = rows.filter((r) => r.effectiveFrom <= data.today).at(-1) ?? rows[0];
                const def = KPI_DEFINITIONS[current.kpi as KpiKey];
                return (
                  <tr key={`${current.kpi}|${current.vendorId}`}>
                    <td>{def?.name ?? current.kpi}</td>
                    <td>{current.vendorName ?? "Every vendor"}</td>
                    <td className="num">
                      {def?.better === "higher" ? "≥ " : "≤ "}
                      {show(current.kpi, current.threshold)}
                    </td>
                    <td className="num">{show(current.kpi, current.warningBand)}</td>
                    <td>{formatDate(`${current.effectiveFrom}T12:00:00Z`)}</td>
                    <td className="small">
                      {rows
                        .map(
                          (r) =>
                            `${show(r.kpi, r.threshold)} from ${formatDate(`${r.effectiveFrom}T12:00:00Z`)} (${r.createdByName})`,
                        )
                        .join(" · ")}
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

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

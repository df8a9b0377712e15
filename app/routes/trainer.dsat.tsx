import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useFetcher, useLoaderData } from "@remix-run/react";
import { ROOT_CAUSES } from "~/domain/scorecard-definition";
import { MAX_DSAT_NOTE, ROOT_CAUSE_LABELS } from "~/domain/trainer-analysis";
import { listTaggedDsat, listUntaggedDsat, tagDsatCase } from "~/models/root-cause-tag.server";
import { requirePermission } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/format";
import { readDsatTagForm, readTrainerQuery } from "~/utils/trainer-form.server";
import { TrainerFilters } from "./trainer._index/trainer-filters";

export const meta: MetaFunction = () => [{ title: "DSAT root causes · QA Workbench" }];

const SHOWN = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "root_cause:tag");
  const q = await readTrainerQuery(new URL(request.url), user);
  const [untagged, tagged] = await Promise.all([
    listUntaggedDsat({ scope: user.scope, since: q.window.from, vendorId: q.vendorId, limit: SHOWN }),
    listTaggedDsat({ scope: user.scope, vendorId: q.vendorId, limit: SHOWN }),
  ]);
  return json({
    untagged,
    tagged,
    weeks: q.weeks,
    vendorId: q.vendorId,
    vendors: q.vendors,
    timeZone: user.timeZone,
    showVendor: user.scope.kind === "client",
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "root_cause:tag");
  const parsed = readDsatTagForm(await request.formData());
  if (!parsed.ok) return json({ ok: false as const, fieldErrors: parsed.fieldErrors }, { status: 400 });
  const result = await tagDsatCase({ scope: user.scope, actorUserId: user.id, ...parsed.data });
  if (!result.ok && result.reason === "not_found") throw new Response("Not Found", { status: 404 });
  if (!result.ok)
    return json(
      { ok: false as const, fieldErrors: { rootCause: "Only DSAT cases (CSAT 1 or 2) are tagged here." } },
      { status: 400 },
    );
  return json({ ok: true as const, replaced: result.replaced, fieldErrors: {} as Record<string, string> });
}

const causeLabel = (cause: string) => ROOT_CAUSE_LABELS[cause as keyof typeof ROOT_CAUSE_LABELS] ?? cause;

/** One row's tag form; a fetcher, so tagging a case does not reload the page or lose the scroll position. */
function TagForm({
  interactionId,
  current,
  note,
  label,
}: {
  interactionId: string;
  current?: string;
  note?: string | null;
  label: string;
}) {
  const fetcher = useFetcher<typeof action>();
  const errors: Record<string, string | undefined> = fetcher.data && !fetcher.data.ok ? fetcher.data.fieldErrors : {};
  const id = `${interactionId}-${current ? "retag" : "tag"}`;
  return (
    <fetcher.Form method="post" className="tag-form">
      <input type="hidden" name="interactionId" value={interactionId} />
      <label htmlFor={`cause-${id}`} className="visually-hidden">
        Root cause for {label}
      </label>
      <select id={`cause-${id}`} name="rootCause" defaultValue={current ?? ""} required>
        <option value="" disabled>
          Root cause…
        </option>
        {ROOT_CAUSES.map((c) => (
          <option key={c} value={c}>
            {ROOT_CAUSE_LABELS[c]}
          </option>
        ))}
      </select>
      <label htmlFor={`note-${id}`} className="visually-hidden">
        Note for {label}
      </label>
      <input
        id={`note-${id}`}
        name="note"
        placeholder="Note (optional)"
        maxLength={MAX_DSAT_NOTE}
        defaultValue={note ?? ""}
      />
      <button type="submit" className="button secondary small-button" disabled={fetcher.state !== "idle"}>
        {current ? "Re-tag" : "Tag"}
      </button>
      {errors.rootCause || errors.note ? (
        <span className="error small" role="alert">
          {errors.rootCause ?? errors.note}
        </span>
      ) : null}
    </fetcher.Form>
  );
}

export default function DsatPage() {
  const data = useLoaderData<typeof loader>();
  const csv = new URLSearchParams({
    table: "dsat",
    weeks: String(data.weeks),
    ...(data.vendorId ? { vendor: data.vendorId } : {}),
  });
  return (
    <>
      <p className="small">
        <Link to="/trainer">Trainer view</Link> /
      </p>
      <div className="page-head">
        <div>
          <h1>DSAT root causes</h1>
          <p className="muted">
            Dissatisfied customers (CSAT 1 or 2) without a full evaluation: tag each case with its root cause. Tagged
            cases count as errors in the trainer view and the “errors traceable to training” KPI.
          </p>
        </div>
        <div className="form-actions head-actions" style={{ margin: 0 }}>
          <a href={`/trainer/export.csv?${csv}`} className="button secondary" download>
            CSV
          </a>
        </div>
      </div>
      <TrainerFilters
        weeks={data.weeks}
        weekHref={(w) =>
          `?${new URLSearchParams({ weeks: String(w), ...(data.vendorId ? { vendor: data.vendorId } : {}) })}`
        }
        vendors={data.showVendor ? data.vendors : null}
        vendorId={data.vendorId}
      />

      <section aria-labelledby="untagged-heading">
        <h2 id="untagged-heading">
          Waiting for a root cause <span className="badge neutral">{data.untagged.total}</span>
        </h2>
        <p className="small muted">
          The last {data.weeks} weeks, newest first
          {data.untagged.total > data.untagged.rows.length ? ` (the ${data.untagged.rows.length} newest shown)` : ""}.
        </p>
        {data.untagged.rows.length === 0 ? (
          <p className="panel muted">Every DSAT case in this window has a root cause.</p>
        ) : (
          <div className="table-wrap scroll-x">
            <table className="compact" aria-label="DSAT cases without a root cause">
              <thead>
                <tr>
                  <th>Started</th>
                  <th>Agent</th>
                  {data.showVendor ? <th>Vendor</th> : null}
                  <th>Interaction</th>
                  <th className="num">CSAT</th>
                  <th>Root cause</th>
                </tr>
              </thead>
              <tbody>
                {data.untagged.rows.map((r) => (
                  <tr key={r.interactionId}>
                    <td>{formatDateTime(r.startedAt, data.timeZone)}</td>
                    <td>
                      {r.agentName}
                      <div className="small muted">{r.teamName}</div>
                    </td>
                    {data.showVendor ? <td>{r.vendorName}</td> : null}
                    <td>
                      <Link to={`/interactions/${r.interactionId}`}>{r.subject ?? "Interaction"}</Link>
                      <div className="small muted">
                        {r.channel} · {r.queue} · {r.contactReason.replaceAll("_", " ")}
                        {r.escalated ? " · escalated" : ""}
                      </div>
                    </td>
                    <td className="num">{r.csat}</td>
                    <td>
                      <TagForm interactionId={r.interactionId} label={r.subject ?? r.interactionId} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="tagged-heading">
        <h2 id="tagged-heading">Tagged</h2>
        <p className="small muted">
          Most recently tagged first. Re-tagging replaces the root cause; the audit log keeps the old one.
        </p>
        {data.tagged.length === 0 ? (
          <p className="panel muted">No DSAT case has been tagged yet.</p>
        ) : (
          <div className="table-wrap scroll-x">
            <table className="compact" aria-label="Tagged DSAT cases">
              <thead>
                <tr>
                  <th>Started</th>
                  <th>Agent</th>
                  {data.showVendor ? <th>Vendor</th> : null}
                  <th>Interaction</th>
                  <th>Root cause</th>
                  <th>Tagged</th>
                  <th>Change</th>
                </tr>
              </thead>
              <tbody>
                {data.tagged.map((r) => (
                  <tr key={r.interactionId}>
                    <td>{formatDateTime(r.startedAt, data.timeZone)}</td>
                    <td>{r.agentName}</td>
                    {data.showVendor ? <td>{r.vendorName}</td> : null}
                    <td>
                      <Link to={`/interactions/${r.interactionId}`}>{r.subject ?? "Interaction"}</Link>
                      <div className="small muted">CSAT {r.csat}</div>
                    </td>
                    <td>
                      <span className={r.rootCause === "training_gap" ? "badge warn" : "badge neutral"}>
                        {causeLabel(r.rootCause)}
                      </span>
                      {r.note ? <div className="small">{r.note}</div> : null}
                    </td>
                    <td>
                      {r.taggedByName}
                      <div className="small muted">{formatDateTime(r.taggedAt, data.timeZone)}</div>
                    </td>
                    <td>
                      <TagForm
                        interactionId={r.interactionId}
                        current={r.rootCause}
                        note={r.note}
                        label={r.subject ?? r.interactionId}
                      />
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

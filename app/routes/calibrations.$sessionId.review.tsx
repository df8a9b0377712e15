import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AnswerHeatmap } from "~/components/calibration/answer-heatmap";
import { CalibrationStatusBadge } from "~/components/calibration/status-badge";
import {
  addCalibrationNote,
  adoptBenchmarkAnswers,
  recordCalibrationConsensus,
} from "~/models/calibration-lifecycle.server";
import { listConsensus, listNotes, listVisibleAnswers } from "~/models/calibration-results.server";
import { manageStatus, requireCalibrationSession } from "~/utils/calibration-guard.server";
import { ConsensusSchema, NoteSchema } from "~/utils/calibration-form.server";
import { toFieldErrors } from "~/utils/form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Answers · ${data?.title ?? "Calibration"} · QA Workbench` },
];

const HIDDEN = "Answers are hidden until the facilitator reveals them.";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, loaded } = await requireCalibrationSession(request, params.sessionId);
  if (!loaded.access.seesAll) throw new Response(HIDDEN, { status: 403 });
  const requested = new URL(request.url).searchParams.get("item");
  const current = loaded.items.find((i) => i.interactionId === requested) ?? loaded.items[0] ?? null;
  const [answers, consensus, notes] = await Promise.all([
    listVisibleAnswers(user, loaded),
    listConsensus(loaded.session.id),
    listNotes(loaded.session.id),
  ]);
  const names = new Map(loaded.participants.map((p) => [p.userId, p.name]));
  const forItem = <T extends { interactionId: string }>(rows: T[]) =>
    rows.filter((r) => r.interactionId === current?.interactionId);
  return json({
    sessionId: loaded.session.id,
    title: loaded.session.title,
    status: loaded.session.status,
    canDecide: loaded.access.manage && loaded.session.status === "revealed",
    canDiscuss: loaded.session.status === "revealed",
    hasBenchmark: loaded.session.benchmarkUserId !== null,
    definition: loaded.definition,
    items: loaded.items,
    current,
    participants: loaded.participants.map((p) => ({
      userId: p.userId,
      name: p.name,
      partyLabel: p.partyLabel,
      isBenchmark: p.isBenchmark,
    })),
    answers: forItem(answers),
    consensus: forItem(consensus),
    // Notes show their author the way the viewer may see them (another vendor's people stay anonymous).
    notes: forItem(notes).map(({ authorId, ...n }) => ({ ...n, authorName: names.get(authorId) ?? "Facilitator" })),
    decided: consensus.length,
    timeZone: user.timeZone,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, loaded } = await requireCalibrationSession(request, params.sessionId);
  if (!loaded.access.seesAll) throw new Response(HIDDEN, { status: 403 });
  const form = Object.fromEntries(await request.formData()) as Record<string, string>;
  const sessionId = loaded.session.id;
  const fail = (message: string, status: number, fieldErrors: Record<string, string> = {}) =>
    json({ ok: false as const, message, fieldErrors, key: `${form.interactionId}:${form.criterionKey}` }, { status });
  const ok = (message: string) => json({ ok: true as const, message, fieldErrors: {}, key: "" });
  switch (form.intent) {
    case "consensus": {
      const parsed = ConsensusSchema.safeParse(form);
      if (!parsed.success) return fail("The consensus was not saved.", 400, toFieldErrors(parsed.error));
      const result = await recordCalibrationConsensus(user, sessionId, parsed.data);
      return result.ok ? ok("Consensus saved.") : fail(result.message, manageStatus(result.reason));
    }
    case "adopt-benchmark": {
      const result = await adoptBenchmarkAnswers(user, sessionId, form.interactionId || null);
      return result.ok
        ? ok(`The benchmark reviewer's ${result.value} answers are now the consensus.`)
        : fail(result.message, manageStatus(result.reason));
    }
    case "note": {
      const parsed = NoteSchema.safeParse(form);
      if (!parsed.success) return fail("The note was not saved.", 400, toFieldErrors(parsed.error));
      const result = await addCalibrationNote(user, { sessionId, ...parsed.data });
      if (result.ok) return ok("Note added.");
      return fail(result.message, { not_found: 404, conflict: 409, invalid: 400 }[result.reason]);
    }
    default:
      return fail("Unknown action.", 400);
  }
}

export default function CalibrationReviewPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const { current } = data;
  return (
    <>
      <p className="small">
        <Link to="/calibrations">Calibration</Link> / <Link to={`/calibrations/${data.sessionId}`}>{data.title}</Link> /
      </p>
      <div className="page-head">
        <div>
          <h1>Answers and consensus</h1>
          <p className="muted">
            <CalibrationStatusBadge status={data.status} /> · {data.decided} consensus answers recorded. Rows where
            participants disagree are highlighted.
          </p>
        </div>
        <div className="form-actions" style={{ margin: 0 }}>
          <Link to={`/calibrations/${data.sessionId}/results`} className="button">
            Results
          </Link>
        </div>
      </div>
      {actionData ? (
        <p className={actionData.ok ? "form-ok" : "form-error"} role={actionData.ok ? "status" : "alert"}>
          {actionData.message}
        </p>
      ) : null}
      <nav className="tabs" aria-label="Interactions">
        {data.items.map((item) => (
          <Link
            key={item.interactionId}
            to={`?item=${item.interactionId}`}
            className={item.interactionId === current?.interactionId ? "active" : undefined}
            aria-current={item.interactionId === current?.interactionId ? "page" : undefined}
          >
            #{item.position} {item.channel}
          </Link>
        ))}
      </nav>
      {current ? (
        <>
          <p className="small muted">
            {current.subject ?? current.contactReason} · {current.externalId} · {current.agentName ?? "agent hidden"}
          </p>
          {data.canDecide && data.hasBenchmark ? (
            <Form method="post" className="form-actions" style={{ justifyContent: "flex-start" }}>
              <input type="hidden" name="intent" value="adopt-benchmark" />
              <input type="hidden" name="interactionId" value={current.interactionId} />
              <button type="submit" className="button secondary" disabled={busy}>
                Adopt the benchmark&apos;s answers as consensus
              </button>
            </Form>
          ) : null}
          <AnswerHeatmap
            key={current.interactionId}
            definition={data.definition}
            interactionId={current.interactionId}
            participants={data.participants}
            answers={data.answers}
            consensus={data.consensus}
            notes={data.notes}
            canDecide={data.canDecide}
            canDiscuss={data.canDiscuss}
            errors={actionData && !actionData.ok ? { key: actionData.key, fieldErrors: actionData.fieldErrors } : null}
          />
        </>
      ) : (
        <p className="panel muted">This session has no interactions.</p>
      )}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

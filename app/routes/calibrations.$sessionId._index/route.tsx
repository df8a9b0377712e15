import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CalibrationStatusBadge } from "~/components/calibration/status-badge";
import { checkReveal } from "~/domain/calibration-session";
import { utcToZonedLocal } from "~/domain/time-zone";
import { listEligibleParticipants } from "~/models/calibration.server";
import {
  extendCalibrationDeadline,
  finalizeCalibrationSession,
  openCalibrationSession,
  removeCalibrationParticipant,
  reopenCalibrationSession,
  revealCalibrationSession,
} from "~/models/calibration-lifecycle.server";
import { listOwnCalibrationProgress } from "~/models/calibration-scoring.server";
import {
  addCalibrationItems,
  addCalibrationParticipants,
  addRandomCalibrationItems,
  listCandidateInteractions,
  listVendorOptions,
  removeCalibrationItem,
  updateCalibrationSettings,
} from "~/models/calibration-setup.server";
import { manageStatus, requireCalibrationSession } from "~/utils/calibration-guard.server";
import {
  CandidateFilterSchema,
  DeadlineSchema,
  RandomItemsSchema,
  SettingsSchema,
} from "~/utils/calibration-form.server";
import { formatDateTime } from "~/utils/format";
import { toFieldErrors } from "~/utils/form.server";
import { ParticipantsTable } from "./participants-table";
import { OpenPanel, SetupPanel } from "./setup-panel";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.session.title ?? "Calibration session"} · QA Workbench` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, loaded } = await requireCalibrationSession(request, params.sessionId);
  const { session, access } = loaded;
  const setup = access.manage && session.status === "draft";
  const search = new URL(request.url).searchParams;
  // Until the facilitator filters, offer interactions of the scorecard's channel.
  if (!search.has("channel") && loaded.definition.channel !== "any") search.set("channel", loaded.definition.channel);
  const filter = CandidateFilterSchema.parse(Object.fromEntries(search));
  const [progress, candidates, eligible, vendors] = await Promise.all([
    access.participate ? listOwnCalibrationProgress(session.id, user.id) : Promise.resolve([]),
    setup ? listCandidateInteractions(session.id, filter) : Promise.resolve([]),
    access.manage && session.status !== "finalized" && session.status !== "revealed"
      ? listEligibleParticipants()
      : Promise.resolve([]),
    setup ? listVendorOptions() : Promise.resolve([]),
  ]);
  const now = new Date();
  const pending = loaded.participants.filter((p) => p.submitted < loaded.items.length).length;
  const reveal = checkReveal({
    status: session.status,
    deadline: session.deadline,
    now,
    participants: loaded.participants.length,
    pendingParticipants: pending,
  });
  const inSession = new Set(loaded.participants.map((p) => p.userId));
  return json({
    session: {
      id: session.id,
      title: session.title,
      status: session.status,
      deadline: session.deadline,
      deadlineLocal: utcToZonedLocal(session.deadline, user.timeZone),
      hideAgentNames: session.hideAgentNames,
      reference: session.reference,
      benchmarkUserId: session.benchmarkUserId,
      lockVersion: session.lockVersion,
      deadlinePassed: session.deadline <= now,
    },
    access,
    scorecard: { name: loaded.scorecardName, slug: loaded.scorecardSlug, version: loaded.versionNumber },
    facilitatorName: loaded.facilitatorName,
    // `party` stays on the server: its label is another vendor's real name for vendor viewers.
    participants: loaded.participants.map(({ party: _party, ...p }) => p),
    items: loaded.items,
    progress,
    candidates,
    filter: Object.fromEntries(search) as Record<string, string | undefined>,
    vendors,
    eligible: eligible.filter((u) => !inSession.has(u.id)),
    reveal: reveal.ok ? { ok: true as const, message: "" } : reveal,
    userId: user.id,
    timeZone: user.timeZone,
  });
}

type ActionData = { ok: boolean; message: string; fieldErrors?: Record<string, string> };

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, loaded } = await requireCalibrationSession(request, params.sessionId);
  if (!loaded.access.manage) throw new Response("Only the facilitator can change this session.", { status: 403 });
  const form = await request.formData();
  const values = Object.fromEntries([...form].filter(([, v]) => typeof v === "string")) as Record<string, string>;
  const id = loaded.session.id;
  const fail = (message: string, status = 400, fieldErrors?: Record<string, string>) =>
    json<ActionData>({ ok: false, message, fieldErrors }, { status });

  let result: { ok: true } | { ok: false; reason: "not_found" | "forbidden" | "conflict" | "invalid"; message: string };
  let done = "Saved.";
  switch (values.intent) {
    case "settings": {
      const parsed = SettingsSchema(user.timeZone).safeParse(values);
      if (!parsed.success) return fail("Please correct the fields marked below.", 400, toFieldErrors(parsed.error));
      const { lockVersion, intent: _intent, ...settings } = parsed.data;
      result = await updateCalibrationSettings(user, id, settings, lockVersion);
      break;
    }
    case "add-items":
      result = await addCalibrationItems(user, id, form.getAll("interactionId").map(String));
      done = "Interactions added.";
      break;
    case "add-random": {
      const parsed = RandomItemsSchema.safeParse(values);
      if (!parsed.success) return fail("Please correct the fields marked below.", 400, toFieldErrors(parsed.error));
      const { count, intent: _intent, ...filter } = parsed.data;
      result = await addRandomCalibrationItems(user, id, filter, count);
      done = "Random interactions added.";
      break;
    }
    case "remove-item":
      result = await removeCalibrationItem(user, id, values.interactionId ?? "");
      done = "Interaction removed.";
      break;
    case "add-participants":
      result = await addCalibrationParticipants(user, id, form.getAll("userId").map(String));
      done = "Participants added.";
      break;
    case "remove-participant":
      result = await removeCalibrationParticipant(user, id, values.userId ?? "");
      done = "Participant removed.";
      break;
    case "open":
      result = await openCalibrationSession(user, id);
      done = "The session is open: participants can score now.";
      break;
    case "deadline": {
      const parsed = DeadlineSchema(user.timeZone).safeParse(values);
      if (!parsed.success) return fail("Please correct the fields marked below.", 400, toFieldErrors(parsed.error));
      result = await extendCalibrationDeadline(user, id, parsed.data.deadline, parsed.data.lockVersion);
      done = "Deadline extended.";
      break;
    }
    case "reveal":
      result = await revealCalibrationSession(user, id);
      if (result.ok) return redirect(`/calibrations/${id}/review`);
      break;
    case "reopen":
      result = await reopenCalibrationSession(user, id);
      done = "Reopened for scoring; answers are hidden again until you reveal.";
      break;
    case "finalize":
      result = await finalizeCalibrationSession(user, id);
      if (result.ok) return redirect(`/calibrations/${id}/results`);
      break;
    default:
      return fail("Unknown action.");
  }
  if (!result.ok) return fail(result.message, manageStatus(result.reason));
  return json<ActionData>({ ok: true, message: done });
}

export default function CalibrationSessionPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const { session, access, items, progress, timeZone } = data;
  const own = new Map(progress.map((p) => [p.interactionId, p]));
  const seesAll = session.status === "revealed" || session.status === "finalized";
  return (
    <>
      <p className="small">
        <Link to="/calibrations">Calibration</Link> /
      </p>
      <div className="page-head">
        <div>
          <h1>{session.title}</h1>
          <p className="muted">
            <CalibrationStatusBadge status={session.status} /> · {data.scorecard.name} v{data.scorecard.version} ·
            facilitated by {data.facilitatorName} · deadline {formatDateTime(session.deadline, timeZone)}
            {session.hideAgentNames ? " · agent names hidden" : ""}
          </p>
        </div>
        {seesAll ? (
          <div className="form-actions" style={{ margin: 0 }}>
            <Link to={`/calibrations/${session.id}/review`} className="button secondary">
              Answers and consensus
            </Link>
            <Link to={`/calibrations/${session.id}/results`} className="button">
              Results
            </Link>
          </div>
        ) : null}
      </div>
      {actionData ? (
        <p className={actionData.ok ? "form-ok" : "form-error"} role={actionData.ok ? "status" : "alert"}>
          {actionData.message}
        </p>
      ) : null}

      {access.manage && session.status === "draft" ? <SetupPanel /> : null}

      {session.status !== "draft" ? (
        <section aria-labelledby="items-heading" className="panel">
          <h2 id="items-heading" style={{ marginTop: 0 }}>
            Interactions
          </h2>
          <div className="table-wrap">
            <table aria-label="Session interactions">
              <thead>
                <tr>
                  <th>#</th>
                  <th>Interaction</th>
                  <th>Agent</th>
                  {access.participate ? <th>Your evaluation</th> : null}
                </tr>
              </thead>
              <tbody>
                {items.map((item) => {
                  const mine = own.get(item.interactionId);
                  return (
                    <tr key={item.interactionId}>
                      <td className="num">{item.position}</td>
                      <td>
                        {item.channel}: {item.subject ?? item.contactReason}{" "}
                        <span className="small muted">{item.externalId}</span>
                      </td>
                      <td>{item.agentName ?? <span className="muted">hidden</span>}</td>
                      {access.participate ? (
                        <td>
                          {mine?.status === "submitted" ? (
                            <span className="badge good">Submitted</span>
                          ) : session.status === "open" ? (
                            <Link to={`/calibrations/${session.id}/score/${item.interactionId}`} className="button">
                              {mine ? "Continue scoring" : "Score"}
                            </Link>
                          ) : (
                            <span className="badge neutral">Not submitted</span>
                          )}
                        </td>
                      ) : null}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      <ParticipantsTable />
      {access.manage && session.status === "draft" ? <OpenPanel /> : null}

      {access.manage && session.status === "open" ? (
        <section className="panel stack" aria-labelledby="facilitate-heading">
          <h2 id="facilitate-heading" style={{ marginTop: 0 }}>
            Facilitate
          </h2>
          <Form method="post" className="form-actions" style={{ justifyContent: "flex-start" }}>
            <input type="hidden" name="intent" value="reveal" />
            <button type="submit" className="button" disabled={busy || !data.reveal.ok}>
              Reveal answers
            </button>
            {!data.reveal.ok ? <span className="small muted">{data.reveal.message}</span> : null}
          </Form>
          <Form method="post" className="form-actions" style={{ justifyContent: "flex-start", alignItems: "end" }}>
            <input type="hidden" name="intent" value="deadline" />
            <input type="hidden" name="lockVersion" value={session.lockVersion} />
            <div className="field">
              <label htmlFor="new-deadline">New deadline</label>
              <input id="new-deadline" type="datetime-local" name="deadline" defaultValue={session.deadlineLocal} />
              {actionData?.fieldErrors?.deadline ? (
                <span className="error">{actionData.fieldErrors.deadline}</span>
              ) : null}
            </div>
            <button type="submit" className="button secondary" disabled={busy}>
              Extend deadline
            </button>
          </Form>
        </section>
      ) : null}

      {access.manage && session.status === "revealed" ? (
        <section className="panel" aria-labelledby="finish-heading">
          <h2 id="finish-heading" style={{ marginTop: 0 }}>
            Finish
          </h2>
          <p className="small muted">
            Finalizing freezes the results and makes the session read-only. Reopen sends it back to scoring (answers
            hidden again) so latecomers can finish.
          </p>
          <div className="form-actions" style={{ justifyContent: "flex-start" }}>
            <Form method="post">
              <input type="hidden" name="intent" value="finalize" />
              <button type="submit" className="button" disabled={busy}>
                Finalize
              </button>
            </Form>
            <Form method="post">
              <input type="hidden" name="intent" value="reopen" />
              <button type="submit" className="button secondary" disabled={busy}>
                Reopen scoring
              </button>
            </Form>
          </div>
        </section>
      ) : null}
      {session.status === "finalized" ? (
        <p className="panel small">
          Finalized: this session is read-only. Export{" "}
          <a href={`/calibrations/${session.id}/answers.csv`} download>
            every answer (CSV)
          </a>
          ,{" "}
          <a href={`/calibrations/${session.id}/results.csv`} download>
            the results (CSV)
          </a>{" "}
          or open the <Link to={`/calibrations/${session.id}/summary`}>printable summary</Link>.
        </p>
      ) : null}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

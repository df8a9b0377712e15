import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { ScoringForm, type ScoringActionData } from "~/components/scoring/scoring-form";
import { Transcript } from "~/components/transcript";
import { getCalibrationInteraction, saveCalibrationEvaluation } from "~/models/calibration-scoring.server";
import { requireUser } from "~/utils/auth.server";
import { readScoringForm, scoringFailure } from "~/utils/evaluation-form.server";
import { formatDateTime, formatDuration } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "Calibration scoring · QA Workbench" }];

export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get("intent") === "save" ? false : defaultShouldRevalidate;

async function loadItem(request: Request, params: LoaderFunctionArgs["params"]) {
  const user = await requireUser(request);
  const item = await getCalibrationInteraction(user, params.sessionId ?? "", params.interactionId ?? "");
  if (!item) throw new Response("Not Found", { status: 404 });
  if (!item.access.participate) throw new Response("Only participants score in this session.", { status: 403 });
  return { user, item };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, item } = await loadItem(request, params);
  if (item.session.status !== "open" || item.evaluation?.status === "submitted")
    throw redirect(`/calibrations/${item.session.id}`);
  return json({
    sessionId: item.session.id,
    sessionTitle: item.session.title,
    deadline: item.session.deadline,
    definition: item.definition,
    interaction: item.interaction,
    agentName: item.agentName,
    entries: item.entries,
    lockVersion: item.evaluation?.lockVersion ?? 0,
    timeZone: user.timeZone,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, item } = await loadItem(request, params);
  const form = readScoringForm(item.definition, await request.formData());
  if (!form.ok) return form.response;
  const result = await saveCalibrationEvaluation({
    viewer: user,
    sessionId: item.session.id,
    interactionId: item.interaction.id,
    entries: form.entries,
    expectedLockVersion: form.lockVersion,
    submit: form.intent === "submit",
  });
  if (result.ok) {
    if (result.status === "submitted") return redirect(`/calibrations/${item.session.id}?submitted=1`);
    return json<ScoringActionData>({ ok: true, lockVersion: result.lockVersion, savedAt: new Date().toISOString() });
  }
  return scoringFailure(result, form, {
    closed: "Not saved: this session is no longer open for scoring, or you already submitted this interaction.",
    conflict:
      "Not saved: you changed this evaluation in another tab or window since opening it. Your answers are still on this page; copy anything you need, then reload.",
  });
}

export default function CalibrationScoringPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { interaction, timeZone } = data;
  return (
    <>
      <p className="small">
        <Link to="/calibrations">Calibration</Link> /{" "}
        <Link to={`/calibrations/${data.sessionId}`}>{data.sessionTitle}</Link> /
      </p>
      <div className="page-head">
        <div>
          <h1>{interaction.subject ?? `${interaction.channel}: ${interaction.contactReason}`}</h1>
          <p className="muted">
            Calibration · {data.agentName ?? "agent hidden"} · {data.definition.name} v{data.definition.version} · due{" "}
            {formatDateTime(data.deadline, timeZone)} · you score blind: nobody sees your answers until the reveal
          </p>
        </div>
      </div>
      <div className="scoring-layout">
        <section className="panel transcript-pane" aria-labelledby="transcript-heading">
          <h2 id="transcript-heading" style={{ marginTop: 0 }}>
            Transcript
          </h2>
          <dl className="meta-list small">
            <dt>Started</dt>
            <dd>{formatDateTime(interaction.startedAt, timeZone)}</dd>
            <dt>Queue / reason</dt>
            <dd>
              {interaction.queue} / {interaction.contactReason}
            </dd>
            <dt>Handle time</dt>
            <dd>{formatDuration(interaction.handleTimeSeconds)}</dd>
          </dl>
          <Transcript turns={interaction.transcript} />
        </section>
        <div>
          <ScoringForm
            definition={data.definition}
            storedEntries={
              actionData && !actionData.ok && actionData.kind === "invalid"
                ? (actionData.entries ?? data.entries)
                : data.entries
            }
            lockVersion={data.lockVersion}
            serverProblems={actionData && !actionData.ok && actionData.kind === "invalid" ? actionData.problems : []}
          />
        </div>
      </div>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

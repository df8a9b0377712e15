import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { DraftEditor, type AmbiguityHint } from "~/components/scorecard-editor/draft-editor";
import { ambiguityList } from "~/domain/calibration-history";
import type { ScorecardDefinition } from "~/domain/scorecard-definition";
import type { DraftError } from "~/domain/scorecard-draft";
import { listFinalizedSnapshots } from "~/models/calibration-history.server";
import { discardDraft, getDraft, publishDraft, saveDraft, validateDraft } from "~/models/scorecard-draft.server";
import { requirePermission } from "~/utils/auth.server";
import { readDraftForm, toDraftErrors } from "~/utils/scorecard-draft-form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Draft of ${data.draft.content.name || data.draft.slug} · QA Workbench` : "Scorecard draft" },
];

function checked(
  draft: NonNullable<Awaited<ReturnType<typeof getDraft>>>,
  content: unknown = draft.content,
): { errors: DraftError[]; definition: ScorecardDefinition | null } {
  const result = validateDraft(draft, content);
  return result.ok
    ? { errors: [], definition: result.definition }
    : { errors: toDraftErrors(result.errors), definition: null };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "scorecard:author");
  const draft = await getDraft(params.draftId ?? "");
  if (!draft)
    throw new Response("This draft does not exist (it may have been published or discarded).", { status: 404 });
  const hints: Record<string, AmbiguityHint> = {};
  if (draft.scorecardId) {
    const snapshots = await listFinalizedSnapshots(user, { scorecardId: draft.scorecardId, limit: 20 });
    // One scorecard: group by criterion key even if the scorecard was renamed between sessions.
    const sameName = snapshots.map((s) => ({ ...s, scorecardName: draft.slug }));
    for (const c of ambiguityList(sameName, { limit: Infinity }))
      hints[c.key] = { meanAlpha: c.meanAlpha, sessions: c.sessions, meanPercentAgreement: c.meanPercentAgreement };
  }
  return json({ draft, ...checked(draft), hints });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "scorecard:author");
  const draft = await getDraft(params.draftId ?? "");
  if (!draft) return json({ ok: false as const, kind: "gone" as const, message: "This draft no longer exists." }, 404);
  const form = readDraftForm(await request.formData());
  if (!form.ok) return json({ ok: false as const, kind: "bad_request" as const, message: form.message }, 400);
  const input = form.value;

  if (input.intent === "save") {
    const saved = await saveDraft({
      id: draft.id,
      lockVersion: input.lockVersion,
      content: input.content,
      userId: user.id,
    });
    if (saved.ok)
      return json({
        ok: true as const,
        kind: "saved" as const,
        lockVersion: saved.lockVersion,
        savedAt: saved.updatedAt.toISOString(),
        ...checked(draft, input.content),
      });
    if (saved.reason === "not_found")
      return json({ ok: false as const, kind: "gone" as const, message: "This draft no longer exists." }, 404);
    return json(
      { ok: false as const, kind: "conflict" as const, current: saved.current, ...checked(saved.current) },
      409,
    );
  }

  if (input.intent === "discard") {
    if (!(await discardDraft({ id: draft.id, lockVersion: input.lockVersion, userId: user.id })))
      return json(
        {
          ok: false as const,
          kind: "stale" as const,
          message: "Someone saved this draft since you loaded it; reload before discarding.",
        },
        409,
      );
    return redirect(draft.scorecardId ? `/scorecards/${draft.slug}?discarded=1` : "/scorecards?discarded=1");
  }

  const published = await publishDraft({ id: draft.id, lockVersion: input.lockVersion, userId: user.id });
  if (published.ok) return redirect(`/scorecards/${published.slug}/v/${published.number}?published=1`);
  if (published.reason === "invalid")
    return json(
      {
        ok: false as const,
        kind: "invalid" as const,
        message: "Fix the problems listed before publishing.",
        errors: toDraftErrors(published.errors),
      },
      422,
    );
  return json(
    {
      ok: false as const,
      kind: "stale" as const,
      message:
        published.reason === "conflict"
          ? "The draft changed since your last save; wait for it to save (or resolve the conflict) and publish again."
          : "This draft no longer exists.",
    },
    409,
  );
}

export default function ScorecardDraftPage() {
  const data = useLoaderData<typeof loader>();
  return <DraftEditor key={data.draft.id} {...data} />;
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { whatIfRescore } from "~/domain/what-if";
import { getDraft, validateDraft } from "~/models/scorecard-draft.server";
import { listWhatIfEvaluations, WHAT_IF_SAMPLE } from "~/models/scorecard-what-if.server";
import { requirePermission } from "~/utils/auth.server";

// The saved draft re-scored over the scorecard's most recent evaluations; the editor saves before it asks.
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "scorecard:author");
  const draft = await getDraft(params.draftId ?? "");
  if (!draft) throw new Response("This draft no longer exists.", { status: 404 });
  const checked = validateDraft(draft, draft.content);
  if (!checked.ok)
    return json({
      ok: false as const,
      message: `The draft has ${checked.errors.length} problem(s); fix them to run the what-if.`,
    });
  const evaluations = draft.scorecardId ? await listWhatIfEvaluations(draft.scorecardId) : [];
  return json({
    ok: true as const,
    limit: WHAT_IF_SAMPLE,
    sample: evaluations.length,
    result: whatIfRescore(evaluations, checked.definition),
  });
}

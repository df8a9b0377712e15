import type { LoaderFunctionArgs } from "@remix-run/node";
import { serializeScorecardDefinition } from "~/domain/scorecard-file.server";
import { getScorecardVersion } from "~/models/scorecard.server";
import { requirePermission } from "~/utils/auth.server";

// A version as a file in the scorecards/ format: importing it (npm run scorecards:sync) gives back the
// same definition. Comments and layout of the original file are not kept; the definition is.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "scorecard:view");
  const version = await getScorecardVersion(params.slug ?? "", Number(params.number), user.scope);
  if (!version) throw new Response("Not Found", { status: 404 });
  return new Response(serializeScorecardDefinition(version.definition), {
    headers: {
      "Content-Type": "application/yaml; charset=utf-8",
      "Content-Disposition": `attachment; filename="${version.scorecardSlug}-v${version.number}.yaml"`,
      "Cache-Control": "private, no-store",
    },
  });
}

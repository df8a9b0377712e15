import type { LoaderFunctionArgs } from "@remix-run/node";
import { decodeEvaluationCursor, listApiEvaluations } from "~/models/api-evaluations.server";
import {
  apiError,
  apiJson,
  dayRangeInZone,
  EvaluationsQuerySchema,
  parseApiQuery,
  requireApiUser,
} from "~/utils/api-auth.server";

// GET /api/v1/evaluations: submitted standard evaluations in the token user's scope, newest first, paged
// with an opaque cursor. Dates are calendar days in the user's time zone (see /api/v1/me). README: "JSON API".
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireApiUser(request);
  const query = parseApiQuery(request, EvaluationsQuerySchema);
  const after = query.cursor ? decodeEvaluationCursor(query.cursor) : undefined;
  if (after === null) {
    throw apiError(400, "Invalid query parameters.", {
      fields: { cursor: "Unknown cursor: pass nextCursor from the previous page unchanged." },
    });
  }
  const days = dayRangeInZone(query, user.timeZone);
  const page = await listApiEvaluations(user.scope, {
    submittedFrom: days.from,
    submittedBefore: days.before,
    vendorId: query.vendorId,
    agentId: query.agentId,
    limit: query.limit,
    after,
  });
  return apiJson(page);
}

import { json } from "@remix-run/node";
import { z } from "zod";
import { can, scopeFor, type Scope } from "~/domain/permissions";
import { zonedLocalToUtc } from "~/domain/time-zone";
import { findApiTokenUser, type ApiTokenUser } from "~/models/api-token.server";

// Plumbing for the read-only JSON API under /api/v1: the bearer-token guard, JSON responses, and the
// schemas for what API clients and the token settings page send.

export type ApiUser = ApiTokenUser & { scope: Scope };

/** JSON that no browser or proxy keeps: API answers are per token and often confidential. */
export function apiJson<Data>(data: Data, init: ResponseInit = {}) {
  const headers = new Headers(init.headers);
  headers.set("Cache-Control", "no-store");
  return json(data, { ...init, headers });
}

/** `{ error, ...extra }` with a status; what every API failure looks like. */
export function apiError(status: number, error: string, extra: Record<string, unknown> = {}, headers?: HeadersInit) {
  return apiJson({ error, ...extra }, { status, headers });
}

const BEARER = /^Bearer[ ]+([^\s]+)[ ]*$/i;

/**
 * The user behind the request's `Authorization: Bearer <token>` header, with their scope. Throws a JSON
 * 401 when the header is missing or the token is unknown, revoked or belongs to an inactive user, and a
 * JSON 403 when the user's role may not use the API. Session cookies are ignored on purpose: a page on
 * another site must not be able to read the API with a signed-in browser's cookie.
 */
export async function requireApiUser(request: Request): Promise<ApiUser> {
  const header = request.headers.get("Authorization");
  if (!header) {
    throw apiError(
      401,
      "Send an API token in the Authorization header: `Authorization: Bearer <token>`. Session cookies are not accepted.",
      {},
      { "WWW-Authenticate": 'Bearer realm="qa-workbench"' },
    );
  }
  const token = BEARER.exec(header)?.[1];
  const user = token ? await findApiTokenUser(token) : null;
  if (!user) {
    throw apiError(
      401,
      "The API token is invalid or has been revoked.",
      {},
      { "WWW-Authenticate": 'Bearer realm="qa-workbench", error="invalid_token"' },
    );
  }
  if (!can(user, "api:use")) throw apiError(403, "Your role may not use the API (api:use).");
  return { ...user, scope: scopeFor(user) };
}

/**
 * The request's query string parsed with `schema`, or a thrown JSON 400 naming each bad field:
 * `{ error: "Invalid query parameters.", fields: { limit: "..." } }`.
 */
export function parseApiQuery<Schema extends z.ZodType>(request: Request, schema: Schema): z.output<Schema> {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = schema.safeParse(params);
  if (parsed.success) return parsed.data;
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    // A strict schema reports unknown parameters in one issue without a path: name each one instead.
    if (issue.code === "unrecognized_keys") for (const key of issue.keys) fields[key] ??= "Unknown parameter.";
    else fields[issue.path.join(".") || "query"] ??= issue.message;
  }
  throw apiError(400, "Invalid query parameters.", { fields });
}

const day = z.iso.date({ error: "Use a calendar date like 2026-01-31." });
const uuid = (what: string) => z.uuid({ error: `Use the ${what}'s id (a UUID).` });

/** Query of GET /api/v1/evaluations. Unknown parameters are refused so a typo does not widen the result. */
export const EvaluationsQuerySchema = z
  .strictObject({
    from: day.optional(),
    to: day.optional(),
    vendorId: uuid("vendor").optional(),
    agentId: uuid("agent").optional(),
    limit: z.coerce
      .number({ error: "Use a whole number from 1 to 1000." })
      .int("Use a whole number from 1 to 1000.")
      .min(1, "Use a whole number from 1 to 1000.")
      .max(1000, "Use a whole number from 1 to 1000.")
      .default(100),
    cursor: z.string().min(1, "Pass nextCursor from the previous page unchanged.").optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ["to"], error: "Must be on or after from." });

/**
 * A calendar-day range in the user's time zone as instants: `from` at the start of its day (inclusive),
 * `to` through the end of its day (exclusive bound at the next midnight).
 */
export function dayRangeInZone(range: { from?: string; to?: string }, timeZone: string) {
  const midnight = (date: string) => zonedLocalToUtc(`${date}T00:00`, timeZone) ?? undefined;
  const nextDay = (date: string) => {
    const d = new Date(`${date}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1);
    return d.toISOString().slice(0, 10);
  };
  return {
    from: range.from ? midnight(range.from) : undefined,
    before: range.to ? midnight(nextDay(range.to)) : undefined,
  };
}

/** The form on /settings/api-tokens that creates a token. */
export const CreateApiTokenSchema = z.object({
  name: z
    .string({ error: "Enter a name." })
    .trim()
    .min(1, "Enter a name, e.g. the tool that will use the token.")
    .max(60, "Use at most 60 characters."),
});

/** The revoke button on /settings/api-tokens. */
export const RevokeApiTokenSchema = z.object({ tokenId: z.uuid({ error: "Unknown token." }) });

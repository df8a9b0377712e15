import { z } from "zod";
import { isUuid } from "~/domain/ids";

// Keyset paging for the list pages: a page ends at its last row's sort key and id, and the next page
// starts strictly after them (`(sort_key, id) > ($1, $2)`), so rows arriving between pages are neither
// skipped nor repeated, and page 1,000 costs what page 1 costs (no OFFSET).

/** A timestamp to the microsecond, as `instantText` in app/models/keyset.server.ts writes it. */
export const CursorInstantSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
export const CursorIdSchema = z.string().refine(isUuid);
/** The usual cursor: the last row's sort instant and its id. */
export const InstantIdCursorSchema = z.tuple([CursorInstantSchema, CursorIdSchema]);
export type InstantIdCursor = z.infer<typeof InstantIdCursorSchema>;

/** The opaque text of a cursor for a URL: base64url of its JSON. */
export function encodePageCursor(values: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString("base64url");
}

/** The cursor inside `text`, or null when it is not one `encodePageCursor` wrote for this schema. */
export function decodePageCursor<T>(text: string, schema: z.ZodType<T>): T | null {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/**
 * The `after` cursor of a list page's URL (`?after=...`): undefined on the first page. A cursor this app
 * did not hand out is a 400 with a message, not a silent first page (a bookmarked page 3 that quietly
 * shows page 1 would mislead).
 */
export function requirePageCursor<T>(url: URL, schema: z.ZodType<T>): T | undefined {
  const text = url.searchParams.get("after");
  if (!text) return undefined;
  const cursor = decodePageCursor(text, schema);
  if (cursor === null) {
    throw new Response("Invalid page cursor: follow the Next page link again, or go back to the first page.", {
      status: 400,
    });
  }
  return cursor;
}

/** The URL of the page after the key `next` (null on the last page): the current one with `after` set, filters kept. */
export function nextPageHref(url: URL, next: readonly unknown[] | null): string | null {
  if (next === null) return null;
  const params = new URLSearchParams(url.searchParams);
  params.set("after", encodePageCursor(next));
  return `${url.pathname}?${params.toString()}`;
}

/** The URL of the first page: the current one without `after`, or null when already on it. */
export function firstPageHref(url: URL): string | null {
  if (!url.searchParams.has("after")) return null;
  const first = new URLSearchParams(url.searchParams);
  first.delete("after");
  const query = first.toString();
  return query ? `${url.pathname}?${query}` : url.pathname;
}

/** The rows per page a list URL asks for (`?size=`), one of PAGE_SIZES; anything else gets the default. */
export const PAGE_SIZES = [10, 25, 50, 100] as const;
export function requestedPageSize(url: URL, fallback: (typeof PAGE_SIZES)[number] = 50): number {
  const asked = Number(url.searchParams.get("size"));
  return (PAGE_SIZES as readonly number[]).includes(asked) ? asked : fallback;
}

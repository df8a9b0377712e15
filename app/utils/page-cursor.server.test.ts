import { describe, expect, it } from "vitest";
import {
  decodePageCursor,
  encodePageCursor,
  firstPageHref,
  requestedPageSize,
  InstantIdCursorSchema,
  nextPageHref,
  requirePageCursor,
} from "./page-cursor.server";

const ID = "0b9b0f3e-6f0a-4a52-9d3c-1c2b3a4d5e6f";
const AT = "2026-12-07T01:02:03.123456Z";

describe("page cursors", () => {
  it("round-trips through an opaque base64url string", () => {
    const text = encodePageCursor([AT, ID]);
    expect(text).toMatch(/^[\w-]+$/);
    expect(decodePageCursor(text, InstantIdCursorSchema)).toEqual([AT, ID]);
  });

  it("refuses text it did not write", () => {
    for (const text of ["", "not base64 json", encodePageCursor([AT]), encodePageCursor(["2026-12-07", ID])])
      expect(decodePageCursor(text, InstantIdCursorSchema)).toBeNull();
    expect(decodePageCursor(encodePageCursor([AT, "not-a-uuid"]), InstantIdCursorSchema)).toBeNull();
  });

  it("reads ?after from a URL, undefined on the first page, a 400 Response when malformed", () => {
    expect(requirePageCursor(new URL("http://x/queue"), InstantIdCursorSchema)).toBeUndefined();
    const after = encodePageCursor([AT, ID]);
    expect(requirePageCursor(new URL(`http://x/queue?after=${after}`), InstantIdCursorSchema)).toEqual([AT, ID]);
    let thrown: unknown;
    try {
      requirePageCursor(new URL("http://x/queue?after=zzz"), InstantIdCursorSchema);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(400);
  });

  it("builds next and first page links that keep the other parameters", () => {
    const url = new URL("http://x/queue?status=open&after=old");
    expect(nextPageHref(url, null)).toBeNull();
    const next = new URL(nextPageHref(url, [AT, ID])!, "http://x");
    expect(next.pathname).toBe("/queue");
    expect(next.searchParams.get("status")).toBe("open");
    expect(decodePageCursor(next.searchParams.get("after")!, InstantIdCursorSchema)).toEqual([AT, ID]);
    expect(firstPageHref(url)).toBe("/queue?status=open");
    expect(firstPageHref(new URL("http://x/queue?after=old"))).toBe("/queue");
    expect(firstPageHref(new URL("http://x/queue?status=open"))).toBeNull();
  });

  it("takes a page size from the URL only when it is one of the offered sizes", () => {
    const size = (q: string) => requestedPageSize(new URL(`http://x/queue${q}`));
    expect([
      size(""),
      size("?size=10"),
      size("?size=100"),
      size("?size=7"),
      size("?size=1e6"),
      size("?size=abc"),
    ]).toEqual([50, 10, 100, 50, 50, 50]);
  });
});

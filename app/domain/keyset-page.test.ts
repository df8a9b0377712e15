import { describe, expect, it } from "vitest";
import { takeKeysetPage } from "./keyset-page";

describe("takeKeysetPage", () => {
  const rows = [1, 2, 3].map((n) => ({ id: `id${n}`, at: `t${n}` }));
  it("keeps limit rows and gives the last kept row's key when there is one more", () => {
    expect(takeKeysetPage(rows, 2, (r) => [r.at, r.id])).toEqual({ rows: rows.slice(0, 2), next: ["t2", "id2"] });
  });
  it("has no next key on the last page", () => {
    expect(takeKeysetPage(rows, 3, (r) => r.id)).toEqual({ rows, next: null });
    expect(takeKeysetPage([], 3, (r: { id: string }) => r.id)).toEqual({ rows: [], next: null });
  });
});

import { describe, expect, it } from "vitest";
import { disputeOutcome, isOverturned } from "./dispute-status";

describe("disputeOutcome", () => {
  it("is accepted when every item is, rejected when none is, partially accepted otherwise", () => {
    expect(disputeOutcome([true])).toBe("accepted");
    expect(disputeOutcome([true, true, true])).toBe("accepted");
    expect(disputeOutcome([false])).toBe("rejected");
    expect(disputeOutcome([false, false])).toBe("rejected");
    expect(disputeOutcome([true, false])).toBe("partially_accepted");
    expect(disputeOutcome([false, false, true])).toBe("partially_accepted");
  });

  it("refuses a dispute without items", () => {
    expect(() => disputeOutcome([])).toThrow(RangeError);
  });

  it("counts accepted and partially accepted as overturned", () => {
    expect(isOverturned("accepted")).toBe(true);
    expect(isOverturned("partially_accepted")).toBe(true);
    expect(isOverturned("rejected")).toBe(false);
    expect(isOverturned("open")).toBe(false);
  });
});

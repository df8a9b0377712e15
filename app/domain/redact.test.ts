import { describe, expect, it } from "vitest";
import { redactName } from "./redact";

describe("redactName", () => {
  it("hides the full name and its parts as whole words, in any case", () => {
    expect(redactName("Hi, this is Beatriz Becker. BEATRIZ here.", "Beatriz Becker")).toBe(
      "Hi, this is [agent]. [agent] here.",
    );
    expect(redactName("Ask beatriz or Becker's team", "Beatriz Becker")).toBe("Ask [agent] or [agent]'s team");
  });
  it("leaves words that only contain the name alone", () => {
    expect(redactName("Annabel and Ann", "Ann")).toBe("Annabel and [agent]");
    expect(redactName("Zoë called", "Zo")).toBe("Zoë called");
  });
  it("treats names with regex characters literally", () => {
    expect(redactName("Talk to J.R. (J.R.) now", "J.R.")).toBe("Talk to [agent] ([agent]) now");
  });
});

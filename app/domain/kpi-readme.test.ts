import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { KPI_DEFINITIONS, KPI_KEYS } from "./kpi-definitions";

// README's KPI table is the users' reference: it must list every KPI with the formula the code uses.
describe("README KPI table", () => {
  const readme = fs.readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  it.each(KPI_KEYS)("lists %s with its formula", (key) => {
    const line = readme
      .split("\n")
      .find((l) => l.startsWith("|") && l.split("|").some((cell) => cell.trim() === `\`${key}\``));
    expect(line, `README has no row for ${key}`).toBeDefined();
    expect(line).toContain(KPI_DEFINITIONS[key].formula);
  });
});

import type { Page } from "@playwright/test";
import { expect, logout, test } from "./fixtures";

/**
 * Every page hydrates without a browser error. This catches what server tests cannot: a component that
 * imports a value from a *.server.ts module (it is undefined in the browser bundle), or markup that differs
 * between the server render and hydration.
 */
function watch(page: Page) {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  return errors;
}

async function visitAll(page: Page, paths: string[], errors: string[]) {
  for (const path of paths) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    await expect(page.locator("h1").first()).toBeVisible();
    await page.waitForLoadState("networkidle");
    expect(errors, `browser errors on ${path}`).toEqual([]);
  }
}

test("a client QA lead's pages render and hydrate cleanly", async ({ page, loginAs }) => {
  test.setTimeout(90_000);
  const errors = watch(page);
  await loginAs("qa-lead@northwind.example");
  await page.goto("/calibrations");
  const table = page.getByRole("table", { name: "Calibration sessions" });
  const hrefs = (rows: ReturnType<typeof table.getByRole>) =>
    rows.getByRole("link").evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
  // Other specs add sessions too: pick by status, not position.
  const finalized = (await hrefs(table.getByRole("row").filter({ hasText: "Finalized" })))[0];
  const sessions = (await hrefs(table.getByRole("row").filter({ hasNotText: "Finalized" }))).slice(0, 2);
  await visitAll(
    page,
    [
      "/",
      "/dashboards/vendors",
      "/dashboards/segments?by=channel",
      "/dashboards/segments?by=hour",
      "/dashboards/segments?by=queue",
      "/dashboards/segments?by=cohort",
      "/dashboards/me",
      "/targets",
      "/settings/api-tokens",
      "/calibrations",
      "/calibrations/new",
      "/calibrations/history",
      ...sessions,
      finalized,
      `${finalized}/review`,
      `${finalized}/results`,
      `${finalized}/summary`,
      "/queue",
      "/disputes",
      "/scorecards",
      "/scorecards/chat-support",
      "/scorecards/chat-support/v/2",
      "/scorecards/chat-support/diff?from=1&to=2",
      "/scorecards/new",
      "/scorecards/import",
      "/agents",
      "/sampling",
      "/imports",
      "/trainer",
      "/trainer/dsat",
      "/coaching",
    ],
    errors,
  );
  // The scorecard editor, each of its views, and the what-if chart.
  await page.goto("/scorecards/voice-call");
  await page.getByRole("button", { name: "Start a draft from v1" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Draft");
  await page.getByRole("link", { name: "Preview" }).click();
  await expect(page.getByText("Live score")).toBeVisible();
  await page.getByRole("link", { name: "What-if" }).click();
  await page.getByRole("button", { name: "Run what-if" }).click();
  await expect(page.getByRole("region", { name: "What-if results" })).toBeVisible();
  await page.waitForLoadState("networkidle");
  expect(errors, "browser errors in the scorecard editor").toEqual([]);
});

test("a vendor manager's and an agent's pages render and hydrate cleanly", async ({ page, loginAs }) => {
  test.setTimeout(90_000);
  const errors = watch(page);
  await loginAs("ops-manager@acme.example");
  await visitAll(page, ["/", "/dashboards/vendors", "/dashboards/segments?by=hour", "/targets"], errors);
  await logout(page);
  await loginAs("agent@acme.example");
  await visitAll(page, ["/", "/dashboards/me"], errors);
});

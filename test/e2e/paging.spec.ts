import { expect, test } from "./fixtures";

// Keyset-paged lists: the client QA lead's team queue holds every reviewer's open assignments, with
// First/Next links carrying an opaque cursor. Ten rows a page, so the demo data (what earlier specs left
// open) always fills more than one.

test("the team queue pages forward and back to the first page", async ({ page, loginAs }) => {
  await loginAs("qa-lead@acme.example");
  await page.goto("/queue/team?size=10");
  const rows = page.getByRole("table", { name: "Open assignments" }).locator("tbody tr");
  await expect(rows).toHaveCount(10);
  const firstPage = await rows.first().textContent();
  const pager = page.getByRole("navigation", { name: "Team queue pages" });
  await expect(pager.getByRole("link", { name: "First page" })).toHaveCount(0);

  await pager.getByRole("link", { name: "Next page" }).click();
  await expect(page).toHaveURL(/\/queue\/team\?size=10&after=[\w-]+$/);
  await expect(pager.getByRole("link", { name: "First page" })).toBeVisible();
  await expect(rows.first()).not.toHaveText(firstPage ?? "");
  await page.screenshot({ path: "test-results/team-queue-page-2.png", fullPage: true });

  await pager.getByRole("link", { name: "First page" }).click();
  await expect(page).toHaveURL(/\/queue\/team\?size=10$/);
  await expect(rows.first()).toHaveText(firstPage ?? "");
});

test("a tampered page cursor gets a clear 400", async ({ page, loginAs }) => {
  await loginAs("qa-lead@acme.example");
  const response = await page.goto("/queue/team?after=not-a-cursor");
  expect(response?.status()).toBe(400);
  await expect(page.getByRole("alert")).toContainText("Invalid page cursor");
});

import { expect, test } from "./fixtures";

test("the diff between two versions shows a changed criterion", async ({ page, loginAs }) => {
  await loginAs("qa-lead@northwind.example");
  await page.goto("/scorecards");
  await page
    .getByRole("link", { name: /chat support/i })
    .first()
    .click();
  await page.getByRole("button", { name: "Compare" }).click();
  await expect(page).toHaveURL(/\/diff\?from=1&to=2/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Compare v1 → v2");
  const changes = page.getByRole("table", { name: "Criterion changes" });
  // verify_identity became critical for the whole evaluation in v2.
  const row = changes.getByRole("row").filter({ hasText: "Critical" }).filter({ hasText: "evaluation" });
  await expect(row.first()).toBeVisible();
  await expect(changes.getByText("Added").first()).toBeVisible();
  await expect(changes.getByText("Removed").first()).toBeVisible();
});

test("a version page shows sections, criteria, guidelines, scales and weights", async ({ page, loginAs }) => {
  await loginAs("qa-specialist@acme.example");
  await page.goto("/scorecards/voice-call/v/1");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("v1");
  await expect(page.getByText(/section weight/).first()).toBeVisible();
  await expect(page.getByRole("list", { name: /^Scale for/ }).first()).toBeVisible();
  await expect(page.getByText(/Pass threshold/)).toBeVisible();
});

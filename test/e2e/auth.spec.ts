import { ROLE_LABELS } from "../../app/domain/permissions";
import { DEMO_LOGINS } from "../../db/seed/generate";
import { expect, login, logout, test } from "./fixtures";

// What each role's home shows beyond the greeting: the panel that makes it that role's page.
const HOME_PANEL: Record<string, RegExp> = {
  admin: /^Users$/,
  ops_manager: /Vendors side by side|Your vendor/,
  qa_lead: /Your recent evaluations/,
  qa_specialist: /Your recent evaluations/,
  trainer: /Criteria failed most often/,
  team_lead: /Agents with the lowest QA scores/,
  agent: /Your evaluations/,
  client_reviewer: /Vendors side by side/,
};

test.describe("every seeded role lands on its home", () => {
  for (const account of DEMO_LOGINS) {
    test(`${account.email} (${account.role})`, async ({ page }) => {
      await login(page, account.email);
      await expect(page).toHaveURL(/\/$/);
      await expect(page.getByRole("heading", { level: 1, name: /welcome/i })).toBeVisible();
      await expect(page.getByText(`${ROLE_LABELS[account.role]} at ${account.organizationName}`)).toBeVisible();
      await expect(page.getByRole("heading", { level: 2, name: HOME_PANEL[account.role] })).toBeVisible();
      await logout(page);
    });
  }
});

test("a wrong password shows the generic error and does not sign in", async ({ page }) => {
  await login(page, "qa-lead@northwind.example", "definitely-wrong");
  await expect(page.getByRole("alert")).toHaveText("Email or password is incorrect.");
  await expect(page).toHaveURL(/\/login/);
  await login(page, "nobody@nowhere.example", "definitely-wrong");
  await expect(page.getByRole("alert")).toHaveText("Email or password is incorrect.");
});

test("signed-out visitors are sent to sign in and come back afterwards", async ({ page }) => {
  await page.goto("/scorecards");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fscorecards/);
  await page.getByLabel("Email").fill("qa-lead@northwind.example");
  await page.getByLabel("Password").fill("workbench-demo");
  await page.getByRole("button", { name: /sign in/i }).click();
  await expect(page).toHaveURL(/\/scorecards$/);
  await expect(page.getByRole("heading", { level: 1, name: "Scorecards" })).toBeVisible();
});

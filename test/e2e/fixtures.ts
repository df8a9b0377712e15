import { expect, test as base, type Page } from "@playwright/test";
import { DEMO_PASSWORD } from "../../db/seed/generate";

export async function login(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: /sign in/i }).click();
}

export async function logout(page: Page) {
  await page.getByRole("button", { name: /sign out/i }).click();
  await expect(page).toHaveURL(/\/login/);
}

export const test = base.extend<{ loginAs: (email: string) => Promise<void> }>({
  loginAs: async ({ page }, use) => {
    await use(async (email) => {
      await login(page, email);
      await expect(page.getByRole("heading", { level: 1, name: /welcome/i })).toBeVisible();
    });
  },
});

export { expect };

import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

/** Presses Tab until the focused element's text matches, like a keyboard user would. */
async function tabTo(page: Page, text: RegExp) {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => document.activeElement?.textContent?.trim() ?? "");
    if (text.test(focused)) return;
  }
  throw new Error(`never reached ${text} with Tab`);
}

test("a specialist scores from queue to submit using only the keyboard", async ({ page, loginAs }) => {
  await loginAs("qa-specialist@acme.example");
  await page.goto("/queue");
  await expect(page.getByRole("heading", { level: 1, name: "My queue" })).toBeVisible();
  await tabTo(page, /^Score$/);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("form", { name: "Scorecard" })).toBeVisible();
  await expect(page.getByText(/Keys:/)).toBeVisible(); // hydrated: keyboard scoring is live

  const criteria = page.locator("fieldset.score-criterion");
  const count = await criteria.count();
  expect(count).toBeGreaterThan(5);
  await criteria.first().focus();
  for (let i = 0; i < count; i++) {
    const criterion = criteria.nth(i);
    const options = await criterion.locator('input[type="radio"]:not([value="na"])').count();
    if (i === 1) {
      // Miss this one on purpose: lowest option, then the first root cause with Shift+1.
      await page.keyboard.press("1");
      await page.keyboard.press("Shift+Digit1");
      await expect(criterion.getByRole("combobox")).not.toHaveValue("");
    } else {
      await page.keyboard.press(String(options));
    }
    await expect(criterion.locator('input[type="radio"]:checked')).toHaveCount(1);
    await page.keyboard.press("j");
  }
  const live = (await page.getByTestId("live-final-score").textContent())?.trim();
  expect(live).toMatch(/^\d+\.\d$/);

  await page.keyboard.press("Control+Enter");
  await expect(page).toHaveURL(/\/evaluations\/[0-9a-f-]{36}\?submitted=1$/);
  await expect(page.getByText(`Final ${live}`)).toBeVisible();
  await expect(page.getByRole("heading", { name: "History" })).toBeVisible();
  await expect(page.getByText(/Submitted by/)).toBeVisible();
});

test("a draft survives a reload", async ({ page, loginAs }) => {
  await loginAs("qa-specialist-2@acme.example");
  await page.goto("/queue");
  await page.getByRole("link", { name: "Score", exact: true }).first().click();
  const criteria = page.locator("fieldset.score-criterion");
  await criteria.first().focus();
  await page.keyboard.press("2");
  await page.keyboard.press("j");
  await page.keyboard.press("1");
  await page
    .getByLabel(/^Comment on/)
    .nth(1)
    .fill("Missed the point entirely.");
  await expect(page.getByRole("status").filter({ hasText: "Draft saved" })).toBeVisible({ timeout: 10_000 });
  await page.reload();
  // Key 2 chose the second option of the first criterion, key 1 the first option of the second.
  await expect(criteria.nth(0).locator('input[type="radio"]').nth(1)).toBeChecked();
  await expect(criteria.nth(1).locator('input[type="radio"]').nth(0)).toBeChecked();
  await expect(page.getByLabel(/^Comment on/).nth(1)).toHaveValue("Missed the point entirely.");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the basic submit works and a bad submit explains itself", async ({ page, loginAs }) => {
    await loginAs("qa-lead@acme.example");
    await page.goto("/queue");
    await page.getByRole("link", { name: "Score", exact: true }).first().click();
    const criteria = page.locator("fieldset.score-criterion");
    // Submitting an empty form is refused with a message per criterion.
    await page.getByRole("button", { name: "Submit evaluation" }).click();
    await expect(page.getByText("Answer this criterion.").first()).toBeVisible();
    const count = await criteria.count();
    for (let i = 0; i < count; i++) {
      await criteria.nth(i).locator('input[type="radio"]:not([value="na"])').last().check();
    }
    await page.getByRole("button", { name: "Submit evaluation" }).click();
    await expect(page).toHaveURL(/\/evaluations\/[0-9a-f-]{36}\?submitted=1$/);
    await expect(page.getByText("Final 100.0")).toBeVisible();
  });
});

import type { Page } from "@playwright/test";
import { expect, login, logout, test } from "./fixtures";

const FACILITATOR = "qa-lead@northwind.example";
const PARTICIPANTS = [
  "qa-specialist@northwind.example",
  "qa-specialist@acme.example",
  "client-reviewer@northwind.example",
];

/**
 * Scores the open interaction with the keyboard: the best answer everywhere, except that `miss` of them
 * (from the first) get the lowest answer and a root cause, so participants disagree.
 */
async function scoreAll(page: Page, miss: number) {
  await expect(page.getByText(/Keys:/)).toBeVisible();
  const criteria = page.locator("fieldset.score-criterion");
  const count = await criteria.count();
  await criteria.first().focus();
  for (let i = 0; i < count; i++) {
    const options = await criteria.nth(i).locator('input[type="radio"]:not([value="na"])').count();
    if (i < miss) {
      await page.keyboard.press("1");
      await page.keyboard.press("Shift+Digit1");
    } else {
      await page.keyboard.press(String(options));
    }
    await page.keyboard.press("j");
  }
  await page.keyboard.press("Control+Enter");
}

test("client QA, vendor QA and a client reviewer calibrate blind; the facilitator reveals and agrees a consensus", async ({
  page,
  loginAs,
}) => {
  test.setTimeout(120_000);
  const title = `Chat calibration ${Date.now()}`;
  await loginAs(FACILITATOR);
  await page.goto("/calibrations/new");
  await page.getByLabel("Title").fill(title);
  await page.getByRole("button", { name: "Create draft" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();

  await page.getByLabel("Pick at random from the filter").fill("2");
  await page.getByRole("button", { name: "Add at random" }).click();
  await expect(page.getByText("Random interactions added.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Interactions (2)" })).toBeVisible();

  await page.getByText("Add participants").click();
  for (const email of PARTICIPANTS) await page.getByLabel(new RegExp(`\\(${email.replace(".", "\\.")},`)).check();
  await page.getByRole("button", { name: "Add selected" }).click();
  await expect(page.getByRole("heading", { name: "Participants (3)" })).toBeVisible();
  await page.getByRole("button", { name: "Open session" }).click();
  await expect(page.getByText("The session is open")).toBeVisible();
  const sessionUrl = page.url().replace(/\?.*$/, "");
  await logout(page);

  for (const [n, email] of PARTICIPANTS.entries()) {
    await login(page, email);
    // The inbox on the home page leads to the session.
    await page.getByRole("link", { name: title }).click();
    await expect(page).toHaveURL(sessionUrl);
    for (let item = 0; item < 2; item++) {
      await page
        .getByRole("link", { name: /^(Score|Continue scoring)$/ })
        .first()
        .click();
      await expect(page.getByText(/you score blind/)).toBeVisible();
      await scoreAll(page, n);
      await expect(page).toHaveURL(/\?submitted=1$/);
    }
    await expect(page.getByRole("table", { name: "Session interactions" }).getByText("Submitted")).toHaveCount(2);
    // Blind: the answers page is closed to participants until the reveal.
    const hidden = await page.goto(`${sessionUrl}/review`);
    expect(hidden?.status()).toBe(403);
    await page.goto("/");
    await logout(page);
  }

  await loginAs(FACILITATOR);
  await page.goto(sessionUrl);
  await page.getByRole("button", { name: "Reveal answers" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Answers and consensus" })).toBeVisible();
  const heatmap = page.getByRole("table", { name: "Answers per criterion and participant" });
  await expect(heatmap.locator("tr.disagree").first()).toBeVisible();

  const firstRow = heatmap.locator("tr.disagree").first();
  await firstRow.getByText("Record consensus").click();
  await firstRow.getByRole("combobox").selectOption({ index: 1 });
  await firstRow.getByPlaceholder("Rationale").fill("The guideline asks for this explicitly.");
  await firstRow.getByRole("button", { name: "Save consensus" }).click();
  await expect(page.getByText("Consensus saved.")).toBeVisible();

  await page.getByRole("link", { name: "Results" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Results" })).toBeVisible();
  await expect(page.getByTestId("overall-alpha")).toHaveText(/^-?\d\.\d{3}$/);
  const reviewers = page.getByRole("table", { name: "Reviewer alignment" });
  await expect(reviewers.locator("tbody tr")).toHaveCount(3);
  for (let i = 0; i < 3; i++)
    await expect(reviewers.locator("tbody tr").nth(i).locator("td").nth(2)).toHaveText(/^\d+(\.\d)?$/);
  const parties = page.getByRole("table", { name: "Party alignment" });
  await expect(parties.getByRole("cell", { name: "Client QA" })).toBeVisible();
  await expect(parties.getByRole("cell", { name: "Client reviewers" })).toBeVisible();
  await expect(parties.getByRole("cell", { name: /Acme/ })).toBeVisible();
});

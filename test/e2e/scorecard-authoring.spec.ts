import { expect, login, logout, test } from "./fixtures";

// Works on the email scorecard so the chat scorecard's versions, which other specs compare, stay as seeded.
const SCORECARD = "/scorecards/email-support";
const NEW_GUIDELINE = "Met when the agent greets the customer by first name in the opening line of the reply.";

test("a lead drafts, previews, runs the what-if, publishes, and the diff shows the change", async ({
  page,
  loginAs,
}, testInfo) => {
  test.setTimeout(90_000);
  const shot = (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
  await loginAs("qa-lead@northwind.example");
  await page.goto(SCORECARD);
  await page.getByRole("button", { name: "Start a draft from v1" }).click();
  await expect(page).toHaveURL(/\/scorecards\/drafts\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("publishes as v2");
  const status = page.getByRole("status").filter({ hasText: /Saved|Saving|Unsaved/ });

  await test.step("rewrites a guideline, changes a weight, makes a criterion critical, adds a root cause, splits one", async () => {
    const greeting = page.getByRole("group", { name: "Criterion personalised_greeting" });
    await greeting.getByLabel("Guideline").fill(NEW_GUIDELINE);
    await greeting.getByLabel("Weight").fill("2");
    await greeting.getByLabel("Critical").selectOption("evaluation");
    const links = page.getByRole("group", { name: "Criterion useful_links" });
    await links.getByRole("checkbox", { name: "customer driven" }).check();
    await links.getByRole("button", { name: "Split in two" }).click();
    await expect(page.getByRole("group", { name: "Criterion useful_links_2" })).toBeVisible();
    await expect(status).toContainText("no problems");
  });

  await test.step("a bad value is located and blocks publishing until fixed", async () => {
    const split = page.getByRole("group", { name: "Criterion useful_links_2" });
    await split.getByLabel("Weight").fill("ten");
    await expect(page.getByRole("heading", { name: "1 problem to fix before publishing" })).toBeVisible();
    await expect(page.getByText('expected a number, got "ten"').first()).toBeVisible();
    await expect(page.getByRole("button", { name: "Publish v2" })).toBeDisabled();
    await shot("draft-with-problem");
    await split.getByLabel("Weight").fill("1");
    await split.getByLabel("Label", { exact: true }).fill("Links were current and public");
    await expect(status).toContainText("no problems");
    await expect(page.getByRole("button", { name: "Publish v2" })).toBeEnabled();
  });

  await test.step("the preview shows the scorecard as reviewers will", async () => {
    await page.getByRole("link", { name: "Preview" }).click();
    const preview = page.getByRole("form", { name: "Scorecard" });
    await expect(preview.getByText(NEW_GUIDELINE)).toBeVisible();
    await expect(preview.getByText("Links were current and public")).toBeVisible();
    await expect(preview.getByText("critical (evaluation)").first()).toBeVisible();
    await shot("draft-preview");
  });

  await test.step("the what-if re-scores recent evaluations per vendor", async () => {
    await page.getByRole("link", { name: "What-if" }).click();
    await page.getByRole("button", { name: "Run what-if" }).click();
    const results = page.getByRole("region", { name: "What-if results" });
    await expect(results.getByText(/Re-scored the \d+ most recent evaluations/)).toBeVisible();
    await expect(results.getByRole("row").filter({ hasText: "All vendors" })).toBeVisible();
    await expect(
      results
        .getByRole("row")
        .filter({ hasText: /Acme|Beacon|Cobalt/ })
        .first(),
    ).toBeVisible();
    await expect(results.getByRole("row").filter({ hasText: "useful_links_2" })).toContainText("new");
    await expect(page.getByRole("img", { name: /distribution/i })).toBeVisible();
    await shot("draft-what-if");
  });

  await test.step("publishing makes v2 and the diff shows what changed", async () => {
    await page.getByRole("button", { name: "Publish v2" }).click();
    await expect(page).toHaveURL(/\/scorecards\/email-support\/v\/2\?published=1$/);
    await expect(page.getByText(/Published v2\. New assignments/)).toBeVisible();
    await expect(page.locator("dl.meta-list")).toContainText(/Published\s*\d+ \w+ \d{4} by \S+/);
    await page.getByRole("link", { name: "See what changed since v1" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Compare v1 → v2");
    const changes = page.getByRole("table", { name: "Criterion changes" });
    await expect(changes.getByRole("row").filter({ hasText: "Links were current and public" })).toContainText("Added");
    await expect(changes.getByText(NEW_GUIDELINE)).toBeVisible();
    await expect(changes.getByRole("row").filter({ hasText: "Root causes" })).toContainText("customer_driven");
    await shot("published-diff");
  });
});

test("two leads on one draft: the second save is stopped, not silently applied", async ({
  browser,
  page,
  loginAs,
  baseURL,
}) => {
  await loginAs("qa-lead@northwind.example");
  await page.goto("/scorecards/voice-call");
  await page.getByRole("button", { name: "Start a draft from v1" }).click();
  await expect(page).toHaveURL(/\/scorecards\/drafts\//);
  const url = page.url();
  const other = await browser.newPage({ baseURL });
  await login(other, "admin@northwind.example");
  await expect(other.getByRole("heading", { level: 1, name: /welcome/i })).toBeVisible();
  await other.goto(url);
  await expect(other.getByLabel("Name").first()).toHaveValue(/./);

  await page.getByLabel("Name").first().fill("Voice call (lead's edit)");
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toContainText("no problems");
  await other.getByLabel("Description").fill("The admin's description.");
  const alert = other.getByRole("alert").filter({ hasText: "saved this draft" });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText("nothing of theirs was overwritten");
  await other.getByRole("button", { name: /Load their version/ }).click();
  await expect(other.getByLabel("Name").first()).toHaveValue("Voice call (lead's edit)");
  await other.close();

  await page.reload();
  await expect(page.getByLabel("Name").first()).toHaveValue("Voice call (lead's edit)");
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Discard draft" }).click();
  await expect(page).toHaveURL(/\/scorecards\/voice-call\?discarded=1$/);
  await expect(page.getByText("Draft discarded.")).toBeVisible();
});

test("a vendor QA lead can view versions but cannot open the editor", async ({ page, loginAs }) => {
  await loginAs("qa-lead@northwind.example");
  await page.goto("/scorecards/chat-support");
  await page.getByRole("button", { name: "Start a draft from v2" }).click();
  await expect(page).toHaveURL(/\/scorecards\/drafts\//);
  const draftUrl = page.url();
  await logout(page);

  await login(page, "qa-lead@acme.example");
  await expect(page.getByRole("heading", { level: 1, name: /welcome/i })).toBeVisible();
  await page.goto("/scorecards/chat-support");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Chat support");
  await expect(page.getByRole("button", { name: /Start a draft/ })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Drafts" })).toHaveCount(0);
  for (const path of [new URL(draftUrl).pathname, "/scorecards/new", "/scorecards/import"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
  }
});

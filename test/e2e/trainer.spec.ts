import { expect, test } from "./fixtures";

function daysFromNow(days: number) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

test("a trainer assigns a coaching task from the Pareto and follows it before and after", async ({ page, loginAs }) => {
  await loginAs("trainer@northwind.example");
  await page.goto("/trainer");
  await expect(page.getByRole("heading", { level: 1, name: "Trainer view" })).toBeVisible();
  const pareto = page.getByRole("table", { name: "Error Pareto" });
  const firstRow = pareto.getByRole("row").nth(1);
  const criterion = (await firstRow.getByRole("cell").nth(1).locator("div").first().innerText()).trim();
  // The chart is drawn once the page is hydrated.
  await expect(page.locator(".pareto-chart svg").first()).toBeVisible();

  await firstRow.getByRole("link", { name: "Assign coaching" }).click();
  await expect(page.getByRole("heading", { name: "New coaching task" })).toBeVisible();
  await expect(page.getByLabel("Criterion")).toHaveValue(/:/);

  // The first agent offered is the one with most misses on this criterion.
  const agent = page.getByLabel("Agent");
  const option = agent.locator("option").nth(1);
  const agentId = (await option.getAttribute("value"))!;
  const agentName = (await option.innerText()).split(" · ")[0].split(" (")[0].trim();
  await agent.selectOption(agentId);
  await expect(page).toHaveURL(new RegExp(`agentId=${agentId}`));
  await expect(page.getByRole("group", { name: "Linked evaluations" })).toBeVisible();
  const evaluations = page.getByRole("group", { name: "Linked evaluations" }).getByRole("checkbox");
  if ((await evaluations.count()) > 0) await evaluations.first().check();
  await page.getByLabel("Due date").fill(daysFromNow(14));
  await page.getByLabel("Notes").fill("Role-play the opening twice, then listen to two calls together.");
  await page.getByRole("button", { name: "Create task" }).click();

  await expect(page).toHaveURL(/\/coaching\/[0-9a-f-]{36}\?created=1/);
  await expect(page.getByText("Coaching task created.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(agentName);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(criterion);
  const beforeAfter = page.getByRole("table", { name: "Before and after" });
  await expect(beforeAfter.getByRole("rowheader", { name: "Before" })).toBeVisible();
  await expect(beforeAfter.getByRole("rowheader", { name: "After" })).toBeVisible();

  // The task is in the list; opening it shows the before/after panel again.
  await page.getByRole("link", { name: "Coaching tasks" }).click();
  const tasks = page.getByRole("table", { name: "Coaching tasks" });
  const row = tasks.getByRole("row").filter({ hasText: agentName }).filter({ hasText: criterion });
  await expect(row).toBeVisible();
  await expect(row.locator(".badge", { hasText: "Open" })).toBeVisible();
  await row.getByRole("link", { name: `Open the task for ${agentName}` }).click();
  await expect(page.getByRole("heading", { name: "Before and after" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Before and after" })).toBeVisible();

  // Start coaching: the status moves on.
  await page.getByRole("button", { name: "Start coaching" }).click();
  await expect(page.getByText("Status changed.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Mark done" })).toBeVisible();
});

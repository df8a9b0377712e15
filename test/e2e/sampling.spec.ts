import { expect, test } from "./fixtures";

// The client QA lead's sampling loop: create a plan (after one rejected attempt), preview last week
// (demo data covers the 12 weeks before today), generate, and see the assignments per reviewer.
test("a client QA lead creates a plan, previews a recent week and generates assignments", async ({ page, loginAs }) => {
  await loginAs("qa-lead@northwind.example");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sampling" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Sampling plans" })).toBeVisible();
  await page.getByRole("link", { name: "New plan" }).click();

  const name = `Weekly chat and call sample ${Date.now()}`;
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Quota per agent").fill("2");
  const channels = page.getByRole("group", { name: "Channels" });
  await channels.getByLabel("chat", { exact: true }).check();
  await channels.getByLabel("call", { exact: true }).check();
  await page.getByLabel("Minimum chats").fill("1");
  await page.getByLabel(/Always include escalations/).check();
  await page.getByLabel("Call scorecard").selectOption({ label: "Voice calls" });
  await page.getByLabel("Chat scorecard").selectOption({ label: "Chat support" });

  // Without reviewers the form comes back with the field marked and the typed values kept.
  await page.getByRole("button", { name: "Create plan" }).click();
  await expect(page.getByText("Choose at least one reviewer.")).toBeVisible();
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue(name);
  await expect(page.getByRole("group", { name: "Channels" }).getByLabel("call", { exact: true })).toBeChecked();

  const reviewers = page.getByRole("group", { name: "Reviewers on this plan" });
  for (const who of [/QA specialist, Northwind Retail/, /QA specialist, Acme Contact Solutions/]) {
    const boxes = reviewers.getByRole("checkbox", { name: who });
    for (let i = 0; i < (await boxes.count()); i++) await boxes.nth(i).check();
  }
  await page.getByRole("button", { name: "Create plan" }).click();
  await expect(page.getByRole("status")).toHaveText("Plan created.");
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();

  await page.getByRole("link", { name: "Preview and generate" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /^Week of / })).toBeVisible();
  const projected = page.getByRole("table", { name: "Assignments per reviewer if generated now" });
  await expect(projected.getByRole("row")).toHaveCount(5); // header + 2 Northwind + 2 Acme specialists
  await expect(page.getByRole("heading", { level: 2, name: "Per agent" })).toBeVisible();

  await page.getByRole("button", { name: "Generate assignments" }).click();
  await expect(page.getByRole("status")).toHaveText("Assignments generated.");
  const perReviewer = page.getByRole("table", { name: "Assignments per reviewer", exact: true });
  const rows = perReviewer.getByRole("row").filter({ has: page.getByRole("cell") });
  expect(await rows.count()).toBeGreaterThanOrEqual(2);
  const counts: number[] = [];
  for (let i = 0; i < (await rows.count()); i++)
    counts.push(Number(await rows.nth(i).getByRole("cell").nth(2).innerText()));
  const total = counts.reduce((a, b) => a + b, 0);
  expect(total).toBeGreaterThan(0);
  await expect(page.getByText(`${total} assignments`)).toBeVisible();
  // The two Northwind specialists may take any vendor's work, so their counts differ by at most one.
  const northwind = await rows.filter({ hasText: "Northwind Retail" }).all();
  const northwindCounts = await Promise.all(
    northwind.map(async (r) => Number(await r.getByRole("cell").nth(2).innerText())),
  );
  expect(Math.max(...northwindCounts) - Math.min(...northwindCounts)).toBeLessThanOrEqual(1);

  // The period is generated once: the button is gone and the plan page lists the run.
  await expect(page.getByRole("button", { name: "Generate assignments" })).toHaveCount(0);
  await page.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Generated periods" })).toBeVisible();
});

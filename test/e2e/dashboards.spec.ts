import { expect, test } from "./fixtures";

test("the operations manager compares vendors and a context note appears on the chart", async ({ page, loginAs }) => {
  await loginAs("ops-manager@northwind.example");
  await page.getByRole("link", { name: "Dashboards" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Vendor comparison" })).toBeVisible();
  const board = page.getByRole("table", { name: "KPI board" });
  for (const vendor of ["Acme", "Beacon", "Cobalt"])
    await expect(board.getByRole("link", { name: new RegExp(vendor) })).toBeVisible();
  // Seeded targets colour the cells.
  await expect(board.locator("[data-status=green], [data-status=amber], [data-status=red]").first()).toBeVisible();

  const note = `Holiday peak ${Date.now() % 10000}`;
  await page.getByRole("textbox", { name: "Note" }).fill(note);
  await page.getByRole("button", { name: "Add note" }).click();
  await expect(page.getByText("Note added.")).toBeVisible();
  // On the chart (an SVG label on this week's line) and in the table beneath it.
  await expect(page.locator(".kpi-chart svg text", { hasText: note.slice(0, 28) })).toBeVisible();
  await expect(page.getByRole("table", { name: "QA score per week: values" }).getByText(note)).toBeVisible();

  // Another KPI, same notes.
  await page.getByLabel("KPI", { exact: true }).selectOption("csat");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.getByRole("heading", { name: "CSAT per week" })).toBeVisible();
  await expect(page.locator(".kpi-chart svg text", { hasText: note.slice(0, 28) })).toBeVisible();

  // Segments: the same KPIs by hour of day (a page with its own tabs, drawn in the browser).
  await page.getByRole("link", { name: "Segments" }).click();
  await page.getByRole("navigation", { name: "Segment" }).getByRole("link", { name: "Hour of day" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "KPIs by hour of day" })).toBeVisible();
  await expect(
    page.getByRole("table", { name: "KPI board" }).getByRole("columnheader", { name: "09:00" }),
  ).toBeVisible();
  await page.goto("/dashboards/vendors");

  // Drill down: vendor, then a team, then an agent's page with the evaluations behind the numbers.
  await board.getByRole("link", { name: /Acme/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Acme.*teams/ })).toBeVisible();
  await page.getByRole("table", { name: "KPI board" }).getByRole("columnheader").nth(1).getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1, name: /agents/ })).toBeVisible();
  await page.getByRole("table", { name: "KPI board" }).getByRole("columnheader").nth(1).getByRole("link").click();
  await expect(page).toHaveURL(/\/agents\/[0-9a-f-]{36}$/);
});

test("a vendor manager sees only their vendor", async ({ page, loginAs }) => {
  await loginAs("ops-manager@beacon.example");
  await page.goto("/dashboards/vendors");
  const board = page.getByRole("table", { name: "KPI board" });
  await expect(board.getByRole("columnheader")).toHaveCount(2);
  await expect(board.getByRole("link", { name: /Beacon/ })).toBeVisible();
  await expect(page.getByText(/Acme|Cobalt/)).toHaveCount(0);
});

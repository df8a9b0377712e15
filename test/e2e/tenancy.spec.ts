import { expect, logout, test } from "./fixtures";

test("a vendor user cannot open another vendor's agent page", async ({ page, loginAs }) => {
  // A client user sees every vendor: find one of Beacon's agents.
  await loginAs("ops-manager@northwind.example");
  await page.goto("/agents");
  const beaconRow = page.getByRole("row").filter({ hasText: "Beacon BPO" }).first();
  const href = await beaconRow.getByRole("link").first().getAttribute("href");
  expect(href).toMatch(/^\/agents\/[0-9a-f-]{36}$/);
  await page.goto(href!);
  await expect(page.getByRole("heading", { level: 1 })).not.toHaveText(/not found/i);
  await logout(page);

  // Acme's QA lead asks for that agent by id.
  await loginAs("qa-lead@acme.example");
  const response = await page.goto(href!);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/404 · Not found/);
  // And Acme's own agents list holds no Beacon agent.
  await page.goto("/agents");
  await expect(page.getByText("Beacon BPO")).toHaveCount(0);
});

import { expect, test } from "./fixtures";

type Me = { email: string; scope: { kind: string; vendorId?: string } };
type EvaluationsPage = { data: { id: string; vendorId: string }[]; nextCursor: string | null };

test("an API token created in the UI reads the API until it is revoked there", async ({ page, loginAs }) => {
  await loginAs("qa-lead@acme.example");
  await page.goto("/settings/api-tokens");
  await expect(page.getByRole("heading", { level: 1, name: "API tokens" })).toBeVisible();

  const name = `BI e2e ${Date.now()}`;
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByRole("status")).toContainText("shown only this once");
  const tokenField = page.getByLabel("New API token");
  await expect(tokenField).toHaveValue(/^qaw_[A-Za-z0-9_-]{43}$/);
  const token = await tokenField.inputValue();
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText(token.slice(0, 12));
  await expect(row).toContainText("active");

  // page.request shares the browser's cookies: only the Bearer header may count.
  const auth = { Authorization: `Bearer ${token}` };
  const me = await page.request.get("/api/v1/me", { headers: auth });
  expect(me.status()).toBe(200);
  expect(me.headers()["cache-control"]).toBe("no-store");
  expect(me.headers()["set-cookie"]).toBeUndefined();
  const meBody = (await me.json()) as Me;
  expect(meBody).toMatchObject({ email: "qa-lead@acme.example", scope: { kind: "vendor" } });

  const first = await page.request.get("/api/v1/evaluations?limit=5", { headers: auth });
  expect(first.status()).toBe(200);
  const firstPage = (await first.json()) as EvaluationsPage;
  expect(firstPage.data).toHaveLength(5);
  expect(firstPage.data.every((e) => e.vendorId === meBody.scope.vendorId)).toBe(true);
  expect(firstPage.nextCursor).toEqual(expect.any(String));
  const second = await page.request.get(
    `/api/v1/evaluations?limit=5&cursor=${encodeURIComponent(firstPage.nextCursor!)}`,
    { headers: auth },
  );
  const secondPage = (await second.json()) as EvaluationsPage;
  expect(secondPage.data).toHaveLength(5);
  expect(secondPage.data.some((e) => firstPage.data.some((f) => f.id === e.id))).toBe(false);

  const kpis = await page.request.get("/api/v1/kpis?groupBy=vendor,period&kpis=qa_score,csat", { headers: auth });
  expect(kpis.status()).toBe(200);
  const kpiBody = (await kpis.json()) as { data: { vendor: string; qa_score: number | null }[] };
  expect(kpiBody.data.length).toBeGreaterThan(0);
  expect(kpiBody.data.every((g) => g.vendor === meBody.scope.vendorId)).toBe(true);
  expect(kpiBody.data.some((g) => typeof g.qa_score === "number")).toBe(true);

  const badLimit = await page.request.get("/api/v1/evaluations?limit=0", { headers: auth });
  expect(badLimit.status()).toBe(400);
  expect(await badLimit.json()).toMatchObject({ fields: { limit: expect.any(String) } });

  // The signed-in browser's session cookie alone is not accepted.
  expect((await page.request.get("/api/v1/me")).status()).toBe(401);

  // Using the token shows on the page.
  await page.reload();
  await expect(row.getByRole("cell").nth(3)).not.toHaveText("—");

  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke token" }).click();
  await expect(page.getByRole("status")).toContainText("Token revoked");
  await expect(row).toContainText("revoked");
  await expect(row.getByRole("button", { name: /revoke/i })).toHaveCount(0);

  for (const path of ["/api/v1/me", "/api/v1/evaluations", "/api/v1/kpis"]) {
    const refused = await page.request.get(path, { headers: auth });
    expect(refused.status()).toBe(401);
    expect(refused.headers()["www-authenticate"]).toMatch(/^Bearer /);
    expect(await refused.json()).toEqual({ error: expect.stringMatching(/revoked/) });
  }
});

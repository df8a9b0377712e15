import fs from "node:fs";
import path from "node:path";
import { expect, logout, test } from "./fixtures";

const CSV_FIXTURE = path.resolve("test/fixtures/import/interactions.csv");

test("a client QA lead uploads a CSV, watches the progress, reads the summary and downloads the errors", async ({
  page,
  loginAs,
}) => {
  await loginAs("qa-lead@northwind.example");
  await page.getByRole("link", { name: "Import", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Imports" })).toBeVisible();
  await page.getByRole("link", { name: "New import" }).click();

  // A slow uplink (about 3 s for the 50 KB file) so the progress bar has time to show.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 20,
    downloadThroughput: -1,
    uploadThroughput: 16_000,
  });
  await page.getByLabel("File").setInputFiles(CSV_FIXTURE);
  await page.getByRole("button", { name: "Upload and import" }).click();
  const progress = page.getByRole("progressbar", { name: "Upload progress" });
  await expect(progress).toBeVisible();
  await expect(page.getByText(/Uploading: \d+% of 50 KB/)).toBeVisible();

  await expect(page).toHaveURL(/\/imports\/[0-9a-f-]{36}$/, { timeout: 20_000 });
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });
  await expect(page.getByRole("heading", { level: 1, name: "interactions.csv" })).toBeVisible();
  await expect(page.getByText("completed with errors")).toBeVisible();
  const stat = (label: string) => page.locator(".stat").filter({ hasText: label }).locator(".value");
  await expect(stat("Rows read")).toHaveText("30");
  await expect(stat("Inserted")).toHaveText("28");
  await expect(stat("Rejected")).toHaveText("2");
  const errors = page.getByRole("table", { name: "Row errors" });
  await expect(errors.getByRole("row").filter({ hasText: "agent_external_id" })).toContainText("13");
  await expect(errors.getByRole("row").filter({ hasText: "csat" })).toContainText("26");

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download error report (CSV)" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("interactions-errors.csv");
  const report = fs.readFileSync((await download.path())!, "utf8");
  expect(report.split("\r\n")).toEqual([
    "row,column,message",
    '13,agent_external_id,"no agent with external id ""AC-9999"""',
    "26,csat,must be a whole number from 1 to 5",
    "",
  ]);

  // The import is listed.
  await page.getByRole("link", { name: "Imports" }).first().click();
  await expect(page.getByRole("table", { name: "Past imports" }).getByText("interactions.csv")).toBeVisible();
});

test("a vendor user gets 403 on the import pages", async ({ page, loginAs }) => {
  await loginAs("qa-lead@acme.example");
  await expect(page.getByRole("link", { name: "Import", exact: true })).toHaveCount(0);
  for (const pathname of ["/imports", "/imports/new"]) {
    const response = await page.goto(pathname);
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("403 · Forbidden");
  }
  await logout(page);
});

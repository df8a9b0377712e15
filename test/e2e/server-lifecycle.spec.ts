import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";

// The built server as `npm start` runs it: a fresh (nested, missing) PGlite directory is created and
// migrated, the lock is held while it runs, and SIGTERM/SIGINT close the database and exit cleanly.
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  test(`the server starts on a missing data directory and exits cleanly on ${signal}`, async () => {
    test.setTimeout(90_000);
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "qaw-lifecycle-"));
    const dir = path.join(root, "nested", "pglite");
    const port = 3200 + (signal === "SIGTERM" ? 1 : 2);
    const server = spawn("node", ["server.js"], {
      env: {
        ...process.env,
        PORT: String(port),
        PGLITE_DIR: dir,
        SEED_DEMO_DATA: "false",
        SESSION_SECRET: "x",
        DATABASE_URL: "",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    server.stdout.on("data", (chunk) => (output += chunk));
    server.stderr.on("data", (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => server.on("exit", (code) => resolve(code)));

    await expect.poll(() => output, { timeout: 60_000 }).toContain("listening");
    const response = await fetch(`http://localhost:${port}/login`);
    expect(response.status).toBe(200);
    expect(fs.existsSync(`${dir}.lock`)).toBe(true);

    server.kill(signal);
    const code = await Promise.race([
      exited,
      new Promise<string>((resolve) => setTimeout(() => resolve("timeout"), 15_000)),
    ]);
    expect(code).toBe(0);
    expect(fs.existsSync(`${dir}.lock`)).toBe(false);
    fs.rmSync(root, { recursive: true, force: true });
  });
}

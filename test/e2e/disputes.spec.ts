import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, desc, eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { openDatabase } from "../../db/client.server";
import {
  agents,
  evaluationAnswers,
  evaluationRevisions,
  evaluations,
  interactions,
  scorecardVersions,
  scorecards,
  users,
} from "../../db/schema";
import { SCORECARD_BY_CHANNEL } from "../../db/seed/evaluations";
import { isMet, listCriteria, type Criterion, type ScorecardDefinition } from "../../app/domain/scorecard-definition";
import { scoreEvaluation } from "../../app/domain/scoring";
import { expect, login, logout, test as base } from "./fixtures";

/**
 * Disputes end to end. This spec runs its own app on its own small demo database, marks the evaluations the
 * seed gave agent@acme.example's agent as acknowledged and moves them back 60 days (so they are neither
 * counted nor listed first), then adds two evaluations of that agent submitted an hour ago, scored by
 * qa-specialist@acme.example: one all met, one missing two criteria. PostgreSQL when E2E_DATABASE_URL is set
 * (a database of its own), else PGlite.
 */

type Missed = { label: string; proposal: string };
type DisputeApp = { url: string; missed: Missed[]; stop: () => Promise<void> };

const AGENT = "agent@acme.example";
const REVIEWER = "qa-specialist@acme.example";

function optionText(criterion: Criterion, value: number) {
  return `${criterion.scale.options.find((o) => o.value === value)!.label} (${value})`;
}

/** Two submitted evaluations of the agent linked to agent@acme.example; returns the missed criteria of the second. */
async function addAgentEvaluations(env: Record<string, string | undefined>): Promise<Missed[]> {
  const handle = openDatabase(env);
  try {
    const { db } = handle;
    const [agent] = await db
      .select({ id: agents.id })
      .from(agents)
      .innerJoin(users, eq(users.id, agents.userId))
      .where(eq(users.email, AGENT));
    const [reviewer] = await db.select({ id: users.id }).from(users).where(eq(users.email, REVIEWER));
    await db
      .update(evaluations)
      .set({ acknowledgedAt: new Date(), submittedAt: sql`${evaluations.submittedAt} - interval '60 days'` })
      .where(eq(evaluations.agentId, agent.id));
    const recent = await db
      .select()
      .from(interactions)
      .where(
        and(
          eq(interactions.agentId, agent.id),
          sql`not exists (select 1 from evaluations e where e.interaction_id = ${interactions.id})`,
        ),
      )
      .orderBy(desc(interactions.startedAt))
      .limit(2);
    if (recent.length < 2) throw new Error(`${AGENT}'s agent has fewer than 2 unevaluated interactions`);
    let missed: Missed[] = [];
    for (const [index, interaction] of recent.entries()) {
      const [version] = await db
        .select({ id: scorecardVersions.id, definition: scorecardVersions.definition })
        .from(scorecardVersions)
        .innerJoin(scorecards, eq(scorecards.id, scorecardVersions.scorecardId))
        .where(eq(scorecards.slug, SCORECARD_BY_CHANNEL[interaction.channel]))
        .orderBy(desc(scorecardVersions.number))
        .limit(1);
      const def = version.definition as ScorecardDefinition;
      const criteria = listCriteria(def);
      const top = (c: Criterion) => c.scale.options.at(-1)!.value;
      // The second evaluation misses the first two non-critical criteria (lowest option, with a root cause).
      const misses = index === 0 ? [] : criteria.filter((c) => c.critical === "none").slice(0, 2);
      const value = (c: Criterion) => (misses.includes(c) ? c.scale.options[0].value : top(c));
      const result = scoreEvaluation(def, Object.fromEntries(criteria.map((c) => [c.key, value(c)])));
      const submittedAt = new Date(Date.now() - (index + 1) * 3_600_000);
      const [evaluation] = await db
        .insert(evaluations)
        .values({
          interactionId: interaction.id,
          scorecardVersionId: version.id,
          reviewerId: reviewer.id,
          vendorId: interaction.vendorId,
          agentId: agent.id,
          status: "submitted",
          rawScore: result.rawScore,
          finalScore: result.finalScore,
          passed: result.passed,
          criticalFailed: result.criticalFailures.length > 0,
          submittedAt,
        })
        .returning({ id: evaluations.id });
      await db.insert(evaluationAnswers).values(
        criteria.map((c) => ({
          evaluationId: evaluation.id,
          criterionKey: c.key,
          value: value(c),
          met: isMet(c, value(c)),
          rootCause: misses.includes(c) ? (c.rootCauses[0] ?? null) : null,
          comment: misses.includes(c) ? "Missed." : null,
        })),
      );
      await db.insert(evaluationRevisions).values({
        evaluationId: evaluation.id,
        number: 1,
        kind: "submitted",
        actorUserId: reviewer.id,
        at: submittedAt,
        changes: criteria.map((c) => ({ criterionKey: c.key, before: null, after: value(c) })),
        finalScoreAfter: result.finalScore,
      });
      if (misses.length > 0) missed = misses.map((c) => ({ label: c.label, proposal: optionText(c, top(c)) }));
    }
    return missed;
  } finally {
    await handle.close();
  }
}

async function waitForServer(url: string, child: ChildProcess) {
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`dispute e2e server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/login`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("dispute e2e server did not start");
}

async function startDisputeApp(): Promise<DisputeApp> {
  const root = path.resolve(import.meta.dirname, "../..");
  const port = Number(process.env.E2E_PORT ?? 3100) + 17;
  const env: Record<string, string | undefined> = {
    ...process.env,
    SESSION_SECRET: "e2e-only-secret",
    PORT: String(port),
  };
  let dropDatabase = async () => {};
  let tmp: string | null = null;
  if (process.env.E2E_DATABASE_URL) {
    const name = `qaw_e2e_disputes_${process.pid}`;
    const admin = postgres(process.env.E2E_DATABASE_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
    const url = new URL(process.env.E2E_DATABASE_URL);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    delete env.PGLITE_DIR;
    dropDatabase = async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
  } else {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "qaw-e2e-disputes-"));
    env.PGLITE_DIR = path.join(tmp, "pglite");
    delete env.DATABASE_URL;
  }
  const seed = spawnSync("npx", ["tsx", "db/cli/seed.ts", "--interactions", "800"], {
    cwd: root,
    env: env as NodeJS.ProcessEnv,
    encoding: "utf8",
  });
  if (seed.status !== 0) throw new Error(`seeding failed: ${seed.stderr || seed.stdout}`);
  const missed = await addAgentEvaluations(env);
  const child = spawn("node", ["server.js"], { cwd: root, env: env as NodeJS.ProcessEnv, stdio: "ignore" });
  const url = `http://localhost:${port}`;
  await waitForServer(url, child);
  return {
    url,
    missed,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
      await dropDatabase();
      if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

const test = base.extend<object, { disputeApp: DisputeApp }>({
  disputeApp: [
    async ({}, use) => {
      const app = await startDisputeApp();
      await use(app);
      await app.stop();
    },
    { scope: "worker", timeout: 240_000 },
  ],
  baseURL: async ({ disputeApp }, use) => use(disputeApp.url),
});

test("an agent acknowledges and disputes; a QA lead who did not score it partially accepts", async ({
  page,
  disputeApp,
}, testInfo) => {
  test.setTimeout(120_000);
  const shot = (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
  const [first, second] = disputeApp.missed;
  const reason = "I did greet the customer and confirmed the order; please look again.";
  const note = "Greeting confirmed in the transcript; the second point stands.";

  await test.step("the agent's home lists the evaluations, the score trend and what is unacknowledged", async () => {
    await login(page, AGENT);
    await expect(page.getByRole("heading", { level: 1, name: /welcome/i })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Your score trend" })).toBeVisible();
    await expect(page.getByText("2 evaluations not acknowledged yet")).toBeVisible();
    await shot("agent-home");
  });

  const evaluations = page.getByRole("region", { name: "Your evaluations" });
  await test.step("the agent acknowledges the evaluation that met everything", async () => {
    // The list is newest first; the seed's own evaluations of this agent were moved 60 days back.
    await evaluations.getByRole("row").filter({ hasText: "100.0" }).getByRole("link").first().click();
    await expect(page.getByText("Not acknowledged by the agent yet")).toBeVisible();
    await page.getByRole("button", { name: "Acknowledge" }).click();
    await expect(page.getByText(/Acknowledged on \d/)).toBeVisible();
    await expect(page.getByRole("button", { name: "Acknowledge" })).toHaveCount(0);
    await shot("evaluation-acknowledged");
  });

  let scoreBefore = "";
  let evaluationUrl = "";
  await test.step("the agent disputes two criteria of the other with a reason", async () => {
    await page.goto("/");
    await evaluations.getByRole("row").filter({ hasNotText: "100.0" }).getByRole("link").first().click();
    await expect(page).toHaveURL(/\/evaluations\/[0-9a-f-]{36}$/);
    evaluationUrl = page.url();
    scoreBefore = (await page.getByText(/^Final /).textContent())!.replace("Final", "").trim();
    await page.getByRole("link", { name: "Dispute", exact: true }).click();
    await expect(page.getByRole("heading", { name: "Dispute this evaluation" })).toBeVisible();
    // Submitting with nothing picked explains itself.
    await page.getByLabel("Reason").fill(reason);
    await page.getByRole("button", { name: "Raise dispute" }).click();
    await expect(page.getByText("Pick at least one criterion to dispute.")).toBeVisible();
    for (const item of [first, second]) {
      await page.getByRole("checkbox", { name: new RegExp(item.label) }).check();
      await page.getByLabel(`Proposed answer for ${item.label}`).selectOption({ label: item.proposal });
    }
    await shot("dispute-form");
    await page.getByRole("button", { name: "Raise dispute" }).click();
    await expect(page).toHaveURL(/\?disputed=1$/);
    await expect(page.getByText("Dispute raised.")).toBeVisible();
    await expect(page.getByText(/A dispute is open/)).toBeVisible();
    await expect(page.getByRole("link", { name: "Dispute", exact: true })).toHaveCount(0);
    await shot("evaluation-disputed");
    await logout(page);
  });

  let resolverName = "";
  await test.step("a QA lead who did not score it accepts one item and rejects the other", async () => {
    // The resolver must not be the original reviewer: fall back to the client admin if the lead scored it.
    for (const email of ["qa-lead@northwind.example", "admin@northwind.example"]) {
      await login(page, email);
      resolverName = (await page.locator(".who-name").textContent())!.trim();
      await page.getByRole("link", { name: "Disputes", exact: true }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Disputes" })).toBeVisible();
      await expect(page.getByRole("heading", { name: "Dispute and overturn rates per reviewer" })).toBeVisible();
      await shot("disputes-queue");
      await page
        .getByRole("link", { name: /Resolve|View/ })
        .first()
        .click();
      if ((await page.getByText("You scored this evaluation").count()) === 0) break;
      await logout(page);
    }
    await expect(page.getByText(reason)).toBeVisible();
    await page
      .getByRole("radiogroup", { name: `Decision on ${first.label}` })
      .getByLabel("Accept")
      .check();
    await page
      .getByRole("radiogroup", { name: `Decision on ${second.label}` })
      .getByLabel("Reject")
      .check();
    await page.getByLabel("Note on the decision").fill(note);
    await shot("dispute-resolve-form");
    await page.getByRole("button", { name: "Resolve dispute" }).click();
    await expect(page.getByText("Dispute resolved.")).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 }).getByText("Partially accepted")).toBeVisible();
    await shot("dispute-resolved");
  });

  await test.step("the score changed and the history shows who changed what and why", async () => {
    await page.goto(evaluationUrl);
    const scoreAfter = (await page.getByText(/^Final /).textContent())!.replace("Final", "").trim();
    expect(Number(scoreAfter)).toBeGreaterThan(Number(scoreBefore));
    const history = page.getByRole("region", { name: "History" });
    await expect(history.getByText(`Dispute resolved by ${resolverName}`)).toBeVisible();
    await expect(history.getByText(`Why: ${note}`)).toBeVisible();
    await expect(history.getByText(new RegExp(`${first.label}:`))).toBeVisible();
    await expect(history.getByText(new RegExp(`${second.label}:`))).toHaveCount(0);
    await shot("evaluation-after-resolution");
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { db, onQuery } from "../../db/client.server";
import { assignments, disputes, type Agent, type Team, type User } from "../../db/schema";
import { createApiToken } from "~/models/api-token.server";
import { loader as homeLoader } from "~/routes/_index";
import { loader as agentLoader } from "~/routes/agents.$agentId";
import { loader as apiEvaluationsLoader } from "~/routes/api.v1.evaluations";
import { loader as apiKpisLoader } from "~/routes/api.v1.kpis";
import { loader as calibrationHistoryLoader } from "~/routes/calibrations.history";
import { loader as coachingLoader } from "~/routes/coaching._index";
import { loader as myKpisLoader } from "~/routes/dashboards.me";
import { loader as segmentsLoader } from "~/routes/dashboards.segments";
import { loader as teamLoader } from "~/routes/dashboards.teams.$teamId";
import { loader as vendorLoader } from "~/routes/dashboards.vendors.$vendorId";
import { loader as vendorsLoader } from "~/routes/dashboards.vendors._index/route";
import { loader as disputesLoader } from "~/routes/disputes._index";
import { loader as queueLoader } from "~/routes/queue._index";
import { loader as teamQueueLoader } from "~/routes/queue.team";
import { loader as trainerLoader } from "~/routes/trainer._index/route";
import {
  BASE_URL,
  context,
  createAgent,
  createEvaluation,
  createInteraction,
  createTeam,
  requestAs,
} from "../factories";
import { createWorld, type World } from "./calibration-fixtures";

// No N+1 queries: every main page runs the same number of SQL statements whatever the number of
// agents, teams, evaluations, disputes and assignments behind it. Each loader runs once on a small data
// set and again after many more rows are added; the counts must be equal (and under a fixed ceiling).

type Loader = (args: {
  request: Request;
  params: Record<string, string>;
  context: ReturnType<typeof context>;
}) => Promise<unknown>;
type Page = {
  name: string;
  loader: Loader;
  user: () => User;
  path: () => string;
  params?: () => Record<string, string>;
  api?: boolean;
};

/** Most statements any main page may run for one request (guards included). */
const CEILING = 40;

let w: World;
let teamA: Team;
let token: string;

const pages: Page[] = [
  { name: "home", loader: homeLoader, user: () => w.facilitator, path: () => "/" },
  { name: "home (vendor lead)", loader: homeLoader, user: () => w.vendorALead, path: () => "/" },
  { name: "vendor comparison", loader: vendorsLoader, user: () => w.clientOps, path: () => "/dashboards/vendors" },
  {
    name: "vendor drill-down",
    loader: vendorLoader,
    user: () => w.clientOps,
    path: () => `/dashboards/vendors/${w.vendorA.id}`,
    params: () => ({ vendorId: w.vendorA.id }),
  },
  {
    name: "team drill-down",
    loader: teamLoader,
    user: () => w.clientOps,
    path: () => `/dashboards/teams/${teamA.id}`,
    params: () => ({ teamId: teamA.id }),
  },
  {
    name: "agent page",
    loader: agentLoader,
    user: () => w.facilitator,
    path: () => `/agents/${w.agentA.id}`,
    params: () => ({ agentId: w.agentA.id }),
  },
  { name: "my KPIs", loader: myKpisLoader, user: () => w.vendorAAgentUser, path: () => "/dashboards/me" },
  { name: "segments", loader: segmentsLoader, user: () => w.clientOps, path: () => "/dashboards/segments" },
  { name: "trainer", loader: trainerLoader, user: () => w.facilitator, path: () => "/trainer" },
  { name: "queue", loader: queueLoader, user: () => w.facilitator, path: () => "/queue" },
  { name: "team queue", loader: teamQueueLoader, user: () => w.facilitator, path: () => "/queue/team" },
  { name: "disputes", loader: disputesLoader, user: () => w.facilitator, path: () => "/disputes?status=all" },
  { name: "coaching", loader: coachingLoader, user: () => w.facilitator, path: () => "/coaching" },
  {
    name: "calibration history",
    loader: calibrationHistoryLoader,
    user: () => w.facilitator,
    path: () => "/calibrations/history",
  },
  { name: "API KPIs", loader: apiKpisLoader, user: () => w.facilitator, path: () => "/api/v1/kpis", api: true },
  {
    name: "API evaluations",
    loader: apiEvaluationsLoader,
    user: () => w.facilitator,
    path: () => "/api/v1/evaluations",
    api: true,
  },
];

/** Runs the page's loader as its user and returns the SQL statements it ran (sign-in not counted). */
async function statementsOf(page: Page): Promise<string[]> {
  const request = page.api
    ? new Request(new URL(page.path(), BASE_URL), { headers: { Authorization: `Bearer ${token}` } })
    : await requestAs(page.user(), page.path());
  const statements: string[] = [];
  const stop = onQuery((query) => statements.push(query));
  try {
    const result = await page.loader({ request, params: page.params?.() ?? {}, context: context() });
    const response = result as Response;
    expect(response.status, `${page.name}: ${await response.clone().text()}`).toBe(200);
    await response.text();
  } finally {
    stop();
  }
  return statements;
}

/** One agent of team A with an evaluation, an open dispute of it and an open assignment for the facilitator. */
async function addAgentWithWork(team: Team, index: number): Promise<Agent> {
  const agent = await createAgent({ team });
  const submittedAt = new Date(Date.now() - (index + 1) * 3_600_000);
  const interaction = await createInteraction({ agent, startedAt: new Date(submittedAt.getTime() - 3_600_000) });
  const evaluation = await createEvaluation({ interaction, version: w.version, reviewer: w.facilitator, submittedAt });
  await db.insert(disputes).values({
    evaluationId: evaluation.id,
    vendorId: agent.vendorId,
    raisedBy: w.vendorAAgentUser.id,
    reason: "Please look again",
  });
  const toScore = await createInteraction({ agent });
  await db.insert(assignments).values({
    interactionId: toScore.id,
    reviewerId: w.facilitator.id,
    scorecardVersionId: w.version.id,
    vendorId: agent.vendorId,
    agentId: agent.id,
    dueAt: new Date(Date.now() + (index - 3) * 86_400_000),
  });
  // Agent A's own page grows too.
  const own = await createInteraction({ agent: w.agentA });
  await createEvaluation({ interaction: own, version: w.version, reviewer: w.facilitator, submittedAt });
  return agent;
}

const small = new Map<string, string[]>();
const large = new Map<string, string[]>();

beforeAll(async () => {
  w = await createWorld();
  teamA = { id: w.agentA.teamId, vendorId: w.vendorA.id } as Team;
  const created = await createApiToken({ userId: w.facilitator.id, name: "query counts" });
  if (!created.ok) throw new Error("token not created");
  token = created.token;
  // Enough on the small data set for every panel to have rows (the weakest criteria need 10 answers),
  // so a batched follow-up query that only runs when there are rows is counted both times.
  for (let i = 0; i < 5; i++) await addAgentWithWork(teamA, i);
  // A first request may do one-off work (an API token's last-used stamp); warm every page up first.
  for (const page of pages) await statementsOf(page);
  for (const page of pages) small.set(page.name, await statementsOf(page));
  // Many more rows behind every page: agents in new teams and in team A, evaluations, disputes, assignments.
  for (let i = 0; i < 4; i++) {
    const team = await createTeam({ vendor: w.vendorA });
    for (let j = 0; j < 3; j++) await addAgentWithWork(i % 2 === 0 ? team : teamA, 5 + i * 3 + j);
  }
  for (const page of pages) large.set(page.name, await statementsOf(page));
}, 300_000);

describe("statements per request do not grow with the data", () => {
  it.each(pages.map((p) => p.name))("%s", (name) => {
    const before = small.get(name) ?? [];
    const statements = large.get(name) ?? [];
    const extra = statements.filter((q) => !before.includes(q));
    expect(statements.length, `${name} ran these statements on the larger data only:\n${extra.join("\n\n")}`).toBe(
      before.length,
    );
    expect(statements.length).toBeLessThanOrEqual(CEILING);
  });
});

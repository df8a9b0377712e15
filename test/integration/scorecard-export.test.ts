import path from "node:path";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import { scorecards, scorecardVersions } from "../../db/schema";
import { parseScorecardFile } from "~/domain/scorecard-file.server";
import { syncScorecards } from "~/models/scorecard-sync.server";
import { loader as exportLoader } from "~/routes/scorecards.$slug.v.$number[.]yaml";
import {
  context,
  createOrganization,
  createUser,
  makeScorecardsDir,
  requestAs,
  thrownResponse,
  writeScorecardFile,
} from "../factories";

let user: Awaited<ReturnType<typeof createUser>>;
const REPO_FILES = [
  ["chat-support", 1],
  ["chat-support", 2],
  ["email-support", 1],
  ["voice-call", 1],
] as const;

beforeAll(async () => {
  await syncScorecards(path.resolve("scorecards"));
  user = await createUser({ organization: await createOrganization({ kind: "client" }), role: "qa_lead" });
});

async function exported(slug: string, number: number) {
  const response = (await exportLoader({
    request: await requestAs(user, `/scorecards/${slug}/v/${number}.yaml`),
    params: { slug, number: String(number) },
    context: context(),
  })) as Response;
  return { response, text: await response.text() };
}

async function stored(slug: string, number: number) {
  const [row] = await db
    .select({ definition: scorecardVersions.definition })
    .from(scorecardVersions)
    .innerJoin(scorecards, eq(scorecards.id, scorecardVersions.scorecardId))
    .where(and(eq(scorecards.slug, slug), eq(scorecardVersions.number, number)));
  return row.definition;
}

describe("exporting a scorecard version", () => {
  it.each(REPO_FILES)("gives back %s v%i exactly when the file is read again", async (slug, number) => {
    const { response, text } = await exported(slug, number);
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="${slug}-v${number}.yaml"`);
    const parsed = parseScorecardFile(`${slug}/v${number}.yaml`, text);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(parsed.definition).toEqual(await stored(slug, number));
  });

  it("imports through the same sync as the scorecards/ folder, into an identical version", async () => {
    // Under a new slug, so the repository's own published version is not touched.
    const { text } = await exported("chat-support", 2);
    const dir = makeScorecardsDir();
    writeScorecardFile(dir, "chat-copy", 2, text.replace(/^scorecard: chat-support$/m, "scorecard: chat-copy"));
    const report = await syncScorecards(dir);
    expect(report.refused).toEqual([]);
    const original = (await stored("chat-support", 2)) as Record<string, unknown>;
    expect(await stored("chat-copy", 2)).toEqual({ ...original, scorecard: "chat-copy" });
  });

  it("answers 404 for a version that does not exist, and sends signed-out visitors to sign in", async () => {
    const missing = await thrownResponse(async () =>
      exportLoader({
        request: await requestAs(user, "/scorecards/chat-support/v/99.yaml"),
        params: { slug: "chat-support", number: "99" },
        context: context(),
      }),
    );
    expect(missing.status).toBe(404);
    const anonymous = await thrownResponse(async () =>
      exportLoader({
        request: await requestAs(null, "/scorecards/chat-support/v/1.yaml"),
        params: { slug: "chat-support", number: "1" },
        context: context(),
      }),
    );
    expect(anonymous.status).toBe(302);
  });
});

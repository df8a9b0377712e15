import fs from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import { scorecards, scorecardVersions } from "../../db/schema";
import { formatSyncReport, syncScorecards, type SyncReport } from "~/models/scorecard-sync.server";
import { makeScorecardsDir, scorecardYaml, writeScorecardFile } from "../factories";

// The repository's scorecard files, imported from a temporary copy so the tests can edit them.
const repoScorecards = path.resolve(process.cwd(), "scorecards");
const repoFiles = fs
  .readdirSync(repoScorecards, { recursive: true, encoding: "utf8" })
  .filter((f) => /^[^/]+\/v\d+\.yaml$/.test(f))
  .map((f) => `scorecards/${f}`)
  .sort();

let dir: string;
let firstSync: SyncReport;

beforeAll(async () => {
  dir = makeScorecardsDir();
  fs.cpSync(repoScorecards, dir, { recursive: true });
  firstSync = await syncScorecards(dir);
});

const versionCount = async () =>
  Number((await db.select({ n: sql<number>`count(*)::int` }).from(scorecardVersions))[0].n);

async function storedVersion(slug: string, number: number) {
  const rows = await db
    .select({ contentHash: scorecardVersions.contentHash, definition: scorecardVersions.definition })
    .from(scorecardVersions)
    .innerJoin(scorecards, eq(scorecards.id, scorecardVersions.scorecardId))
    .where(sql`${scorecards.slug} = ${slug} and ${scorecardVersions.number} = ${number}`);
  return rows[0] ?? null;
}

describe("syncing the scorecards folder", () => {
  it("imports every version file the first time", async () => {
    expect(repoFiles.length).toBeGreaterThan(0);
    expect(firstSync.refused).toEqual([]);
    expect(firstSync.imported.map((i) => i.file).sort()).toEqual(repoFiles);
    expect(await versionCount()).toBe(repoFiles.length);
  });

  it("reports every file unchanged the second time and writes nothing", async () => {
    const before = await versionCount();
    const report = await syncScorecards(dir);
    expect(report.imported).toEqual([]);
    expect(report.refused).toEqual([]);
    expect(report.unchanged.map((u) => u.file).sort()).toEqual(repoFiles);
    expect(await versionCount()).toBe(before);
  });
});

describe("published versions are immutable", () => {
  it("refuses an edited published file, writes nothing for it, and still imports other new files", async () => {
    const file = path.join(dir, "chat-support", "v1.yaml");
    const original = fs.readFileSync(file, "utf8");
    const stored = await storedVersion("chat-support", 1);
    const edited = original.replace(/^( {4}weight: )10$/m, (_, key) => `${key}15`); // the first section's weight
    expect(edited).not.toBe(original);
    fs.writeFileSync(file, edited);
    writeScorecardFile(dir, "brand-new", 1, scorecardYaml("brand-new"));
    const before = await versionCount();
    try {
      const report = await syncScorecards(dir);
      expect(report.refused).toHaveLength(1);
      const [refusal] = report.refused;
      expect(refusal.file).toBe("scorecards/chat-support/v1.yaml");
      expect(refusal.errors[0].file).toBe("scorecards/chat-support/v1.yaml");
      expect(refusal.errors[0].message).toMatch(/published/);
      expect(refusal.errors[0].message).toMatch(/immutable/);
      // What the server log shows at boot names the file and the reason together.
      expect(formatSyncReport(report)).toMatch(
        /REFUSED scorecards\/chat-support\/v1\.yaml:\n.*published versions are immutable/,
      );
      expect(report.imported).toEqual([{ file: "scorecards/brand-new/v1.yaml", slug: "brand-new", version: 1 }]);
      expect(await versionCount()).toBe(before + 1);
      expect(await storedVersion("chat-support", 1)).toEqual(stored);
    } finally {
      fs.writeFileSync(file, original);
    }
  });
});

describe("invalid files are refused with located messages and write nothing", () => {
  const duplicateKeys = scorecardYaml("dup-keys").replace("- key: accuracy", "- key: greeting");
  const wordyWeight = scorecardYaml("wordy-weight").replace("weight: 2", "weight: ten");
  const badYaml = scorecardYaml("bad-yaml").replace("sections:", "sections: [unclosed");

  it.each([
    ["bad-yaml", badYaml, "", /invalid YAML at line \d+, column \d+/],
    ["dup-keys", duplicateKeys, "sections[0].criteria[1].key", /duplicate criterion key "greeting"/],
    ["wordy-weight", wordyWeight, "sections[0].criteria[1].weight", /expected a number, got "ten"/],
  ])("%s", async (slug, text, fieldPath, message) => {
    const cardsDir = makeScorecardsDir();
    writeScorecardFile(cardsDir, slug, 1, text);
    const versionsBefore = await versionCount();
    const report = await syncScorecards(cardsDir);
    expect(report.imported).toEqual([]);
    expect(report.refused).toHaveLength(1);
    const { file, errors } = report.refused[0];
    expect(file).toBe(`scorecards/${slug}/v1.yaml`);
    expect(errors).toContainEqual({ file, path: fieldPath, message: expect.stringMatching(message) });
    expect(await versionCount()).toBe(versionsBefore);
    expect(await db.select().from(scorecards).where(eq(scorecards.slug, slug))).toEqual([]);
  });
});

describe("the database guards published versions too", () => {
  // drizzle wraps driver errors; the trigger's message is on the cause.
  async function failure(run: () => Promise<unknown>): Promise<string> {
    try {
      await run();
    } catch (error) {
      const messages: string[] = [];
      for (let e: unknown = error; e instanceof Error; e = e.cause) messages.push(e.message);
      return messages.join(" | ");
    }
    return "no error";
  }

  const chatV1 = async () => {
    const [row] = await db
      .select({ id: scorecardVersions.id, definition: scorecardVersions.definition })
      .from(scorecardVersions)
      .innerJoin(scorecards, eq(scorecards.id, scorecardVersions.scorecardId))
      .where(sql`${scorecards.slug} = 'chat-support' and ${scorecardVersions.number} = 1`);
    return row;
  };

  it("rejects an UPDATE of a published version's definition", async () => {
    const version = await chatV1();
    const changed = { ...(version.definition as object), passThreshold: 1 };
    const message = await failure(() =>
      db.update(scorecardVersions).set({ definition: changed }).where(eq(scorecardVersions.id, version.id)),
    );
    expect(message).toMatch(/is published and immutable/);
    expect((await chatV1()).definition).toEqual(version.definition);
  });

  it("rejects a DELETE of a published version", async () => {
    const version = await chatV1();
    const message = await failure(() => db.delete(scorecardVersions).where(eq(scorecardVersions.id, version.id)));
    expect(message).toMatch(/is published and cannot be deleted/);
    expect(await chatV1()).toBeDefined();
  });

  it("still allows retiring a published version (status only)", async () => {
    const version = await chatV1();
    await db.update(scorecardVersions).set({ status: "retired" }).where(eq(scorecardVersions.id, version.id));
    const [row] = await db
      .select({ status: scorecardVersions.status })
      .from(scorecardVersions)
      .where(eq(scorecardVersions.id, version.id));
    expect(row.status).toBe("retired");
  });
});

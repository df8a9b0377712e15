import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { db } from "../../db/client.server";
import { scorecards, scorecardVersions } from "../../db/schema";
import { formatScorecardErrors, parseScorecardFile, type ScorecardFileError } from "~/domain/scorecard-file.server";

export type SyncReport = {
  imported: { file: string; slug: string; version: number }[];
  unchanged: { file: string }[];
  refused: { file: string; errors: ScorecardFileError[] }[];
};

const VERSION_FILE = /^v(\d+)\.ya?ml$/;

export function contentHash(text: string): string {
  return crypto.createHash("sha256").update(text).digest("hex");
}

/** scorecards/<slug>/v<N>.yaml files, in slug then version order. */
function listScorecardFiles(dir: string): { file: string; version: number }[] {
  if (!fs.existsSync(dir)) return [];
  const files: { file: string; version: number }[] = [];
  for (const slug of fs.readdirSync(dir).sort()) {
    const folder = path.join(dir, slug);
    if (!fs.statSync(folder).isDirectory()) continue;
    for (const name of fs.readdirSync(folder)) {
      const match = VERSION_FILE.exec(name);
      if (match) files.push({ file: path.join(folder, name), version: Number(match[1]) });
    }
  }
  return files.sort((a, b) => a.file.localeCompare(b.file) || a.version - b.version);
}

/**
 * Imports new scorecard versions from files. A file whose version is already published with the same
 * content is left alone; one whose content changed is refused (published versions are immutable), and so is
 * an invalid file. Each file imports in its own transaction: nothing of a refused file is written.
 */
export async function syncScorecards(dir: string): Promise<SyncReport> {
  const report: SyncReport = { imported: [], unchanged: [], refused: [] };
  const root = path.dirname(path.resolve(dir));
  for (const { file } of listScorecardFiles(path.resolve(dir))) {
    const display = path.relative(root, file);
    const text = fs.readFileSync(file, "utf8");
    const parsed = parseScorecardFile(display, text);
    if (!parsed.ok) {
      report.refused.push({ file: display, errors: parsed.errors });
      continue;
    }
    const definition = parsed.definition;
    const hash = contentHash(text);
    const [existing] = await db
      .select({ hash: scorecardVersions.contentHash })
      .from(scorecardVersions)
      .innerJoin(scorecards, eq(scorecards.id, scorecardVersions.scorecardId))
      .where(and(eq(scorecards.slug, definition.scorecard), eq(scorecardVersions.number, definition.version)))
      .limit(1);
    if (existing) {
      if (existing.hash === hash) report.unchanged.push({ file: display });
      else
        report.refused.push({
          file: display,
          errors: [
            {
              file: display,
              path: "(file)",
              message: `version ${definition.version} of "${definition.scorecard}" is already published and its file has changed since; published versions are immutable. Restore the file and add v${definition.version + 1}.yaml instead.`,
            },
          ],
        });
      continue;
    }
    await db.transaction(async (tx) => {
      const [card] = await tx
        .insert(scorecards)
        .values({
          slug: definition.scorecard,
          name: definition.name,
          channel: definition.channel,
          description: definition.description,
        })
        .onConflictDoNothing({ target: scorecards.slug })
        .returning({ id: scorecards.id });
      const scorecardId =
        card?.id ??
        (await tx.select({ id: scorecards.id }).from(scorecards).where(eq(scorecards.slug, definition.scorecard)))[0]
          .id;
      await tx.insert(scorecardVersions).values({
        scorecardId,
        number: definition.version,
        definition,
        contentHash: hash,
        sourcePath: display,
        status: "published",
        publishedAt: new Date(),
      });
      // The scorecard's name and description follow its newest version.
      const versions = await tx
        .select({ number: scorecardVersions.number })
        .from(scorecardVersions)
        .where(eq(scorecardVersions.scorecardId, scorecardId));
      if (Math.max(...versions.map((v) => v.number)) === definition.version) {
        await tx
          .update(scorecards)
          .set({ name: definition.name, channel: definition.channel, description: definition.description })
          .where(eq(scorecards.id, scorecardId));
      }
    });
    report.imported.push({ file: display, slug: definition.scorecard, version: definition.version });
  }
  return report;
}

export function formatSyncReport(report: SyncReport): string {
  const lines = [
    `Scorecards: ${report.imported.length} imported, ${report.unchanged.length} unchanged, ${report.refused.length} refused.`,
    ...report.imported.map((i) => `  imported ${i.file}`),
    ...report.refused.map((r) => `  REFUSED ${r.file}:\n${formatScorecardErrors(r.errors).replace(/^/gm, "    ")}`),
  ];
  return lines.join("\n");
}

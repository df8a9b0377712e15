import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { and, eq } from "drizzle-orm";
import { db, type Database } from "../../db/client.server";
import { scorecards, scorecardVersions } from "../../db/schema";
import type { ScorecardDefinition } from "~/domain/scorecard-definition";
import {
  formatScorecardErrors,
  parseScorecardFile,
  type ParseScorecardResult,
  type ScorecardFileError,
} from "~/domain/scorecard-file.server";
import { recordAudit } from "./audit.server";

type Exec = Pick<Database, "insert" | "select" | "update">;

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
    const outcome = await importScorecardVersion(parseScorecardFile(display, text), text, {
      file: display,
      publishedBy: null,
    });
    if (outcome.kind === "imported")
      report.imported.push({ file: display, slug: outcome.slug, version: outcome.version });
    else if (outcome.kind === "unchanged") report.unchanged.push({ file: display });
    else report.refused.push({ file: display, errors: outcome.errors });
  }
  return report;
}

export type ImportOutcome =
  | { kind: "imported"; slug: string; version: number }
  | { kind: "unchanged"; slug: string; version: number }
  | { kind: "refused"; errors: ScorecardFileError[] };

/**
 * Publishes one parsed scorecard file as a version: the rule shared by the folder sync and the upload page.
 * An existing version with the same text or the same definition is unchanged; with different content it is
 * refused, because published versions are immutable.
 */
export async function importScorecardVersion(
  parsed: ParseScorecardResult,
  text: string,
  source: { file: string; publishedBy: string | null; sourcePath?: string | null },
): Promise<ImportOutcome> {
  if (!parsed.ok) return { kind: "refused", errors: parsed.errors };
  const definition = parsed.definition;
  const hash = contentHash(text);
  const [existing] = await db
    .select({ hash: scorecardVersions.contentHash, definition: scorecardVersions.definition })
    .from(scorecardVersions)
    .innerJoin(scorecards, eq(scorecards.id, scorecardVersions.scorecardId))
    .where(and(eq(scorecards.slug, definition.scorecard), eq(scorecardVersions.number, definition.version)))
    .limit(1);
  const slug = definition.scorecard;
  if (existing) {
    if (existing.hash === hash || isDeepStrictEqual(existing.definition, definition))
      return { kind: "unchanged", slug, version: definition.version };
    return {
      kind: "refused",
      errors: [
        {
          file: source.file,
          path: "(file)",
          message: `version ${definition.version} of "${slug}" is already published with different content; published versions are immutable. Restore the file and add v${definition.version + 1}.yaml instead.`,
        },
      ],
    };
  }
  await db.transaction(async (tx) => {
    const scorecardId = await ensureScorecard(tx, definition);
    const [version] = await tx
      .insert(scorecardVersions)
      .values({
        scorecardId,
        number: definition.version,
        definition,
        contentHash: hash,
        sourcePath: source.sourcePath === undefined ? source.file : source.sourcePath,
        status: "published",
        publishedAt: new Date(),
        publishedBy: source.publishedBy,
      })
      .returning({ id: scorecardVersions.id });
    await followNewestVersion(tx, scorecardId, definition);
    if (source.publishedBy)
      await recordAudit(
        {
          actorUserId: source.publishedBy,
          organizationId: null,
          action: "scorecard.import",
          entity: "scorecard_version",
          entityId: version.id,
          details: { slug, version: definition.version, file: source.file },
        },
        tx,
      );
  });
  return { kind: "imported", slug, version: definition.version };
}

/** The scorecard row for a definition's slug, created on its first version. */
export async function ensureScorecard(tx: Exec, definition: ScorecardDefinition): Promise<string> {
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
  if (card) return card.id;
  return (await tx.select({ id: scorecards.id }).from(scorecards).where(eq(scorecards.slug, definition.scorecard)))[0]
    .id;
}

/** The scorecard's name, channel and description follow its newest version. */
export async function followNewestVersion(tx: Exec, scorecardId: string, definition: ScorecardDefinition) {
  const versions = await tx
    .select({ number: scorecardVersions.number })
    .from(scorecardVersions)
    .where(eq(scorecardVersions.scorecardId, scorecardId));
  if (Math.max(...versions.map((v) => v.number)) !== definition.version) return;
  await tx
    .update(scorecards)
    .set({ name: definition.name, channel: definition.channel, description: definition.description })
    .where(eq(scorecards.id, scorecardId));
}

export function formatSyncReport(report: SyncReport): string {
  const lines = [
    `Scorecards: ${report.imported.length} imported, ${report.unchanged.length} unchanged, ${report.refused.length} refused.`,
    ...report.imported.map((i) => `  imported ${i.file}`),
    ...report.refused.map((r) => `  REFUSED ${r.file}:\n${formatScorecardErrors(r.errors).replace(/^/gm, "    ")}`),
  ];
  return lines.join("\n");
}

/**
 * Receives an uploaded import file: the multipart part streams to a temporary file (never whole in
 * memory) and stops being stored past the size cap. The rest of an oversized body is still read and
 * discarded, so the browser gets the answer instead of a reset connection.
 */
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { once } from "node:events";
import { finished } from "node:stream/promises";
import type { UploadHandler } from "@remix-run/node";
import { z } from "zod";
import { DEFAULT_SOURCE } from "~/domain/interaction-row.server";

export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;
export const MAX_UPLOAD_LABEL = "200 MB";

/** The upload form's text fields (the file part is handled by the upload handler). */
export const ImportUploadFieldsSchema = z.object({
  source: z
    .string()
    .trim()
    .max(100, "Use at most 100 characters.")
    .transform((s) => s || DEFAULT_SOURCE)
    .default(DEFAULT_SOURCE),
  dryRun: z
    .literal("on")
    .optional()
    .transform((v) => v === "on"),
});

export type SavedUpload = { path: string; fileName: string; bytes: number };

/** Handles the part named "file"; other file parts are discarded; text fields fall through (undefined). */
export function createImportUploadHandler(options: { maxBytes?: number } = {}) {
  const maxBytes = options.maxBytes ?? MAX_UPLOAD_BYTES;
  const dirs: string[] = [];
  let saved: SavedUpload | null = null;
  let tooLarge = false;

  const handler: UploadHandler = async ({ name, filename, data }) => {
    if (filename === undefined) return undefined;
    if (name !== "file" || filename === "" || saved) {
      for await (const _chunk of data); // not ours, or no file chosen: read past it
      return undefined;
    }
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "qaw-import-"));
    dirs.push(dir);
    const target = path.join(dir, "upload");
    const out = createWriteStream(target);
    let bytes = 0;
    try {
      for await (const chunk of data) {
        bytes += chunk.byteLength;
        if (bytes > maxBytes) tooLarge = true;
        else if (!out.write(chunk)) await once(out, "drain");
      }
    } finally {
      out.end();
      await finished(out);
    }
    if (!tooLarge) saved = { path: target, fileName: filename.slice(0, 255), bytes };
    return filename;
  };

  return {
    handler,
    saved: () => saved,
    tooLarge: () => tooLarge,
    /** Deletes the temporary files; call when the import is done (or failed). */
    cleanup: async () => {
      for (const dir of dirs.splice(0)) await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Reads an import file as a stream of records, never the whole file: CSV through csv-parse, JSON Lines
 * through a byte-level line splitter (readline would buffer an arbitrarily long line; this one stops at
 * MAX_RECORD_BYTES). Problems with the file itself throw ImportFileError with a located message; problems
 * with one record come out as that record's issue.
 */
import { isUtf8 } from "node:buffer";
import fs from "node:fs";
import path from "node:path";
import { pipeline, Transform, type Readable } from "node:stream";
import { parse } from "csv-parse";
import { describeColumnProblems, normaliseColumnName, type RowIssue } from "~/domain/interaction-row.server";

export const MAX_RECORD_BYTES = 1024 * 1024;
const MAX_RECORD_LABEL = "1 MB";

export type ImportFormat = "csv" | "jsonl";
export type ImportFile = { fileName: string; open: () => Readable };
/** `row` is the spreadsheet row (the header is row 1) for CSV, the line number for JSON Lines. */
export type RawRecord = { row: number; values: Record<string, unknown> } | { row: number; issue: RowIssue };

/** A problem with the file as a whole: nothing of it is imported. */
export class ImportFileError extends Error {
  override name = "ImportFileError";
}

/** A file on disk; `fileName` is what reports show (an upload's original name), by default the path's last part. */
export function importFileFromPath(filePath: string, fileName = path.basename(filePath)): ImportFile {
  return { fileName, open: () => fs.createReadStream(filePath) };
}

export function formatFromFileName(fileName: string): ImportFormat | null {
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (extension === "csv") return "csv";
  if (extension === "jsonl" || extension === "ndjson") return "jsonl";
  return null;
}

export function readRecords(
  file: ImportFile,
  format: ImportFormat,
  onBytes?: (bytes: number) => void,
): AsyncGenerator<RawRecord> {
  return format === "csv" ? readCsv(file, onBytes) : readJsonLines(file, onBytes);
}

// ---------------------------------------------------------------------------------------------
// Encoding: UTF-8 only (a UTF-8 byte-order mark is fine). Checked as the bytes stream past.

const fileError = (line: number, message: string) => new ImportFileError(`Line ${line}: ${message}`);

/** Bytes pass through unchanged; throws on UTF-16, NUL bytes, invalid UTF-8 or an empty file. */
function createEncodingGuard(onBytes?: (bytes: number) => void): Transform {
  let bytes = 0;
  let lines = 1;
  let pending = Buffer.alloc(0); // an incomplete UTF-8 sequence at the end of the previous chunk
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      try {
        if (bytes === 0) checkSignature(chunk);
        const nul = chunk.indexOf(0);
        if (nul >= 0) {
          throw fileError(
            lines + countNewlines(chunk, 0, nul),
            "the file contains NUL bytes. It is probably UTF-16 (without a byte-order mark) or not a text file; save it as UTF-8.",
          );
        }
        const data = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
        const cut = completeLength(data);
        if (!isUtf8(data.subarray(0, cut))) {
          throw fileError(
            lines + invalidLineOffset(data.subarray(0, cut)),
            "the file is not valid UTF-8; save it as UTF-8.",
          );
        }
        pending = Buffer.from(data.subarray(cut));
        bytes += chunk.length;
        lines += countNewlines(chunk, 0, chunk.length);
        onBytes?.(bytes);
        callback(null, chunk);
      } catch (error) {
        callback(error as Error);
      }
    },
    flush(callback) {
      if (bytes === 0) return callback(new ImportFileError("The file is empty."));
      if (pending.length > 0) return callback(fileError(lines, "the file is not valid UTF-8 (it ends mid-character)."));
      callback();
    },
  });
}

function checkSignature(chunk: Buffer) {
  if ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff)) {
    throw new ImportFileError("The file is UTF-16; save it as UTF-8 (in Excel: CSV UTF-8).");
  }
  if (chunk[0] === 0x50 && chunk[1] === 0x4b && chunk[2] === 0x03 && chunk[3] === 0x04) {
    throw new ImportFileError("This is a ZIP or Excel file, not text; export it as CSV (UTF-8) or JSON Lines.");
  }
}

function countNewlines(buffer: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = buffer.indexOf(10, from); i >= 0 && i < to; i = buffer.indexOf(10, i + 1)) n += 1;
  return n;
}

/** Length of `data` without a trailing, incomplete multi-byte sequence (completed by the next chunk). */
function completeLength(data: Buffer): number {
  for (let back = 1; back <= Math.min(3, data.length); back++) {
    const byte = data[data.length - back];
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? data.length - back : data.length;
  }
  return data.length;
}

/** Which line (0-based, within `data`) holds the invalid bytes. A newline never occurs inside a UTF-8 sequence. */
function invalidLineOffset(data: Buffer): number {
  let start = 0;
  for (let line = 0; ; line++) {
    const newline = data.indexOf(10, start);
    const end = newline < 0 ? data.length : newline;
    if (!isUtf8(data.subarray(start, end)) || newline < 0) return line;
    start = newline + 1;
  }
}

// ---------------------------------------------------------------------------------------------
// CSV

async function* readCsv(file: ImportFile, onBytes?: (bytes: number) => void): AsyncGenerator<RawRecord> {
  let sawHeader = false;
  const parser = parse({
    bom: true,
    info: true,
    max_record_size: MAX_RECORD_BYTES,
    // Blank lines carry nothing; any other irregularity (field count, quotes) stops the import.
    skip_empty_lines: true,
    columns: (header: string[]) => {
      sawHeader = true;
      const names = header.map(normaliseColumnName);
      if (names.every((n) => n === "")) throw new ImportFileError("Line 1: the first line must name the columns.");
      const problem = describeColumnProblems(names);
      if (problem) throw new ImportFileError(`Line 1: ${problem}`);
      return names;
    },
  });
  pipeline(file.open(), createEncodingGuard(onBytes), parser, () => {});
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { records: number; empty_lines: number };
    }>) {
      yield { row: info.records + info.empty_lines + 1, values: record };
    }
  } catch (error) {
    throw toFileError(error);
  } finally {
    parser.destroy();
  }
  if (!sawHeader) throw new ImportFileError("The file is empty.");
}

type CsvError = Error & { code?: string; lines?: number };

function toFileError(error: unknown): Error {
  if (error instanceof ImportFileError) return error;
  const e = error as CsvError;
  // csv-parse wraps errors thrown by the `columns` callback.
  const cause = (e as { cause?: unknown }).cause;
  if (cause instanceof ImportFileError) return cause;
  if (!e.code?.startsWith("CSV_")) return e;
  const line = e.lines ?? 0;
  switch (e.code) {
    case "CSV_MAX_RECORD_SIZE":
      return fileError(line, `a row is longer than ${MAX_RECORD_LABEL}; is a quote missing?`);
    case "CSV_RECORD_INCONSISTENT_COLUMNS":
    case "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH": {
      const got = /got (\d+)/.exec(e.message)?.[1];
      return fileError(
        line,
        `this row has ${got ?? "a different number of"} fields, the header has a different number.`,
      );
    }
    case "CSV_QUOTE_NOT_CLOSED":
      return fileError(line, "a quoted field is never closed.");
    case "CSV_INVALID_CLOSING_QUOTE":
      return fileError(line, 'unexpected text after a closing quote (quotes inside a field are written twice: "").');
    case "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE":
      return fileError(line, "unexpected text after a closing quote.");
    case "CSV_INVALID_OPENING_QUOTE":
      return fileError(line, 'a quote inside an unquoted field; quote the field and write inner quotes twice ("").');
    default:
      return fileError(line, e.message);
  }
}

// ---------------------------------------------------------------------------------------------
// JSON Lines: one object per line. The first object stands in for a header: unknown or missing
// fields there refuse the whole file (the usual cause is a camelCase export).

async function* readJsonLines(file: ImportFile, onBytes?: (bytes: number) => void): AsyncGenerator<RawRecord> {
  let sawRecord = false;
  for await (const { line, text } of splitLines(file, onBytes)) {
    if (text.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      yield { row: line, issue: { column: null, message: `is not valid JSON (${(error as Error).message})` } };
      continue;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      yield { row: line, issue: { column: null, message: "must be a JSON object" } };
      continue;
    }
    // Keys are taken as they are: JSON is written by programs, so snake_case exactly.
    const values = value as Record<string, unknown>;
    if (!sawRecord) {
      const problem = describeColumnProblems(Object.keys(values));
      if (problem) throw fileError(line, problem.replace(/column/g, "field"));
      sawRecord = true;
    }
    yield { row: line, values };
  }
  if (!sawRecord) throw new ImportFileError("The file is empty: it holds no JSON objects.");
}

async function* splitLines(
  file: ImportFile,
  onBytes?: (bytes: number) => void,
): AsyncGenerator<{ line: number; text: string }> {
  const stream = file.open();
  const guarded = pipeline(stream, createEncodingGuard(onBytes), () => {});
  let parts: Buffer[] = [];
  let length = 0;
  let line = 0;
  const tooLong = () => fileError(line + 1, `the line is longer than ${MAX_RECORD_LABEL}.`);
  const take = (last: Buffer) => {
    const bytes = parts.length > 0 ? Buffer.concat([...parts, last]) : last;
    parts = [];
    length = 0;
    line += 1;
    let text = bytes.toString("utf8");
    if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { line, text: text.endsWith("\r") ? text.slice(0, -1) : text };
  };
  try {
    for await (const chunk of guarded as AsyncIterable<Buffer>) {
      let start = 0;
      for (;;) {
        const newline = chunk.indexOf(10, start);
        const piece = chunk.subarray(start, newline < 0 ? chunk.length : newline);
        if (length + piece.length > MAX_RECORD_BYTES) throw tooLong();
        if (newline < 0) {
          if (piece.length > 0) parts.push(piece);
          length += piece.length;
          break;
        }
        yield take(piece);
        start = newline + 1;
      }
    }
    if (length > 0) yield take(Buffer.alloc(0));
  } finally {
    guarded.destroy();
    stream.destroy();
  }
}

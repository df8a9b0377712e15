import { stringify } from "csv-stringify/sync";

/** A leading = + - @ (or tab, CR) is defused so spreadsheets show the text rather than run it. */
function defuse(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export type CsvCell = string | number | boolean | null | undefined;

function csvText(rows: CsvCell[][]): string {
  return stringify(rows, {
    record_delimiter: "windows",
    cast: { string: defuse, boolean: (b) => (b ? "true" : "false") },
  });
}

function csvHeaders(fileName: string): HeadersInit {
  const safeName = fileName.replace(/[^\w.-]+/g, "_");
  return {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="${safeName}"`,
    "Cache-Control": "private, no-store",
  };
}

/** A downloadable CSV (RFC 4180, CRLF) with a header row; never cached, since it holds tenant data. */
export function csvResponse(fileName: string, header: string[], rows: CsvCell[][]): Response {
  return new Response(csvText([header, ...rows]), { headers: csvHeaders(fileName) });
}

/**
 * A CSV like `csvResponse` whose rows come in batches (keyset pages from a model) and are written to the
 * response as each batch arrives, so a long list is never held in memory at once. A batch is fetched only
 * when the client has read the previous one; a client that goes away stops the queries.
 */
export function csvStreamResponse(fileName: string, header: string[], batches: AsyncIterable<CsvCell[][]>): Response {
  const encoder = new TextEncoder();
  const iterator = batches[Symbol.asyncIterator]();
  let headerSent = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(csvText([header])));
        return;
      }
      const next = await iterator.next();
      if (next.done) controller.close();
      else if (next.value.length > 0) controller.enqueue(encoder.encode(csvText(next.value)));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
  return new Response(body, { headers: csvHeaders(fileName) });
}

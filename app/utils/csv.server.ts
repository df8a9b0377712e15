import { stringify } from "csv-stringify/sync";

/** A leading = + - @ (or tab, CR) is defused so spreadsheets show the text rather than run it. */
function defuse(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export type CsvCell = string | number | boolean | null | undefined;

/** A downloadable CSV (RFC 4180, CRLF) with a header row; never cached, since it holds tenant data. */
export function csvResponse(fileName: string, header: string[], rows: CsvCell[][]): Response {
  const text = stringify([header, ...rows], {
    record_delimiter: "windows",
    cast: { string: defuse, boolean: (b) => (b ? "true" : "false") },
  });
  const safeName = fileName.replace(/[^\w.-]+/g, "_");
  return new Response(text, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${safeName}"`,
      "Cache-Control": "private, no-store",
    },
  });
}

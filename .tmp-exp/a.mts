import { parse } from "csv-parse";
import { Readable, Transform, pipeline } from "node:stream";
async function run(input: string, opts: object = {}) {
  const parser = parse({ columns: (h: string[]) => { if (h.includes("bad")) throw new Error("bad header"); return h; }, bom: true, max_record_size: 50, skip_empty_lines: true, info: true, ...opts });
  const check = new Transform({ transform(c, _e, cb) { if (c.includes("BOOM")) cb(new Error("boom from check")); else cb(null, c); } });
  pipeline(Readable.from([Buffer.from(input)]), check, parser, () => {});
  try { for await (const r of parser) console.log(JSON.stringify(r)); } catch (e: any) { console.log("ERR", e.message, e.code, e.lines, e.records, e.constructor.name); }
}
await run("a,b\n1,2\n\n3,\"x\ny\"\n4,5");
await run("a,bad\n1,2");
await run("a,b\n1,2\n3,4,5\n");
await run("a,b\n1," + "x".repeat(100) + "\n");
await run("a,b\n1,2\nBOOM\n");
await run("a,b\n1,\"unclosed\n2,3\n");
await run("\ufeffa,b\n1,2\n");
await run("");
await run("a,a\n1,2\n", {columns: true});

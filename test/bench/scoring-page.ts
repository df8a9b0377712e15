/**
 * The scoring page (`/queue/<assignmentId>`) for npm run bench: the JavaScript a browser downloads for it
 * (gzip, from the production build's manifest) and the server time of a full document request (loader and
 * React render) through the built request handler. Needs `remix build` first (the bench runs it).
 */
import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";

const ROUTE_ID = "routes/queue.$assignmentId";

type ManifestEntry = { module: string; imports?: string[] };
type Manifest = { entry: ManifestEntry; routes: Record<string, ManifestEntry & { parentId?: string }> };

function readManifest(): Manifest {
  const dir = path.resolve("public/build");
  const file = fs.readdirSync(dir).find((f) => /^manifest-.*\.js$/.test(f));
  if (!file) throw new Error("no public/build/manifest-*.js: run remix build first");
  const text = fs.readFileSync(path.join(dir, file), "utf8");
  return JSON.parse(text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1)) as Manifest;
}

/** Every script the document loads for the route (entry, root and the route with their imports), gzip bytes. */
export function scoringPageScripts(): { files: number; rawKb: number; gzipKb: number } {
  const manifest = readManifest();
  const modules = new Set<string>();
  const add = (e: ManifestEntry) => [e.module, ...(e.imports ?? [])].forEach((m) => modules.add(m));
  add(manifest.entry);
  for (let id: string | undefined = ROUTE_ID; id; id = manifest.routes[id]?.parentId) {
    if (!manifest.routes[id]) throw new Error(`route ${id} is not in the build manifest`);
    add(manifest.routes[id]);
  }
  // The manifest script itself is loaded by every document too.
  const files = [
    ...modules,
    ...fs
      .readdirSync("public/build")
      .filter((f) => /^manifest-.*\.js$/.test(f))
      .map((f) => `/build/${f}`),
  ];
  let raw = 0;
  let gzip = 0;
  for (const url of files) {
    const bytes = fs.readFileSync(path.join("public", url.replace(/^\//, "")));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { files: files.length, rawKb: raw / 1024, gzipKb: gzip / 1024 };
}

/** A function that renders the scoring page once through the production build, checking it answered 200. */
export async function scoringPageRequest(origin: string, cookie: string, assignmentId: string) {
  const build = (await import(path.resolve("build/index.js"))) as ServerBuild;
  const handle = createRequestHandler(build, "production");
  return async () => {
    const response = await handle(new Request(`${origin}/queue/${assignmentId}`, { headers: { Cookie: cookie } }), {
      clientIp: "127.0.0.1",
    });
    const html = await response.text();
    if (response.status !== 200 || !html.includes("<form")) {
      throw new Error(`scoring page: ${response.status} ${html.slice(0, 200)}`);
    }
  };
}

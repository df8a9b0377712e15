// Production server: boots the database (migrate, sync scorecards, seed on first start), then serves Remix.
// A custom server (rather than remix-serve) gives loaders the client IP for login throttling and closes
// the database cleanly on SIGTERM/SIGINT.
import { createRequestHandler } from "@remix-run/express";
import { broadcastDevReady } from "@remix-run/node";
import express from "express";
import * as build from "./build/index.js";

const app = express();
app.disable("x-powered-by");
if (process.env.TRUST_PROXY) app.set("trust proxy", process.env.TRUST_PROXY);
app.use((_req, res, next) => {
  res.set({ "X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin" });
  next();
});
app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));

await build.entry.module.bootServer();

app.all(
  "*",
  createRequestHandler({ build, mode: build.mode, getLoadContext: (req) => ({ clientIp: req.ip ?? null }) }),
);

const port = Number(process.env.PORT ?? 3000);
const server = app.listen(port, () => {
  console.log(`QA Workbench listening on http://localhost:${port}`);
  // Under `npm run dev`, tell the Remix dev server this build is live (it restarts us on each change).
  if (build.mode === "development") broadcastDevReady(build);
});

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: closing`);
    server.close();
    server.closeAllConnections?.();
    await build.entry.module.shutdownServer();
    process.exit(0);
  });
}

import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, inject } from "vitest";
import { closeDatabase } from "../db/client.server";

// Runs before each integration test file: points the app's database module at a fresh copy of the
// migrated template through the same environment variables the app reads (no mocks).
const target = inject("testDatabase");
const name = `qaw_t_${crypto.randomBytes(6).toString("hex")}`;

if (target.kind === "postgres") {
  const admin = postgres(target.serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name} template ${target.template}`);
  const url = new URL(target.serverUrl);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  delete process.env.PGLITE_DIR;
  afterAll(async () => {
    await closeDatabase();
    await admin.unsafe(`drop database if exists ${name}`);
    await admin.end();
  });
} else {
  const dir = path.join(os.tmpdir(), name);
  fs.cpSync(target.template, dir, { recursive: true });
  process.env.PGLITE_DIR = dir;
  delete process.env.DATABASE_URL;
  afterAll(async () => {
    await closeDatabase();
    fs.rmSync(dir, { recursive: true, force: true });
  });
}

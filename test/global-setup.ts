import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../db/client.server";
import { migrateDatabase } from "../db/migrate";

// Builds one migrated template per run; each integration test file then gets a cheap copy of it
// (a copied PGlite directory, or CREATE DATABASE ... TEMPLATE on PostgreSQL).
export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const template = `qaw_template_${process.pid}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${template}`);
    await admin.unsafe(`create database ${template}`);
    const url = new URL(serverUrl);
    url.pathname = `/${template}`;
    const handle = openDatabase({ DATABASE_URL: url.toString() });
    await migrateDatabase(handle);
    await handle.close();
    project.provide("testDatabase", { kind: "postgres", serverUrl, template });
    return async () => {
      await admin.unsafe(`drop database if exists ${template}`);
      await admin.end();
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qaw-template-"));
  const handle = openDatabase({ PGLITE_DIR: dir });
  await migrateDatabase(handle);
  await handle.close();
  project.provide("testDatabase", { kind: "pglite", template: dir });
  return () => fs.rmSync(dir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    testDatabase: { kind: "postgres"; serverUrl: string; template: string } | { kind: "pglite"; template: string };
  }
}

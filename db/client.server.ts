import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import postgres from "postgres";
import * as schema from "./schema";

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
type Env = Record<string, string | undefined>;
export type DatabaseKind = "postgres" | "pglite";

export type DatabaseHandle = {
  db: Database;
  kind: DatabaseKind;
  /** Where the data lives, for messages: a PGlite directory or the server's host/database. */
  location: string;
  /** The PGlite engine itself (PGlite only), for the job queue (app/models/jobs.server.ts). */
  pglite?: PGlite;
  close: () => Promise<void>;
};

type QueryListener = (query: string) => void;
const queryListeners = new Set<QueryListener>();

/**
 * Calls `listener` with the SQL text of every statement drizzle runs until the returned function is called.
 * Only wired when running under vitest (tests count the statements a request runs); a no-op elsewhere.
 */
export function onQuery(listener: QueryListener): () => void {
  queryListeners.add(listener);
  return () => queryListeners.delete(listener);
}

function queryLogger(env: Env) {
  if (!env.VITEST) return undefined;
  return { logQuery: (query: string) => queryListeners.forEach((listener) => listener(query)) };
}

export function defaultPgliteDir(env: Env = process.env): string {
  return path.resolve(env.PGLITE_DIR ?? path.join(process.cwd(), ".data", "pglite"));
}

/**
 * The postgres.js client with every statement prepared (named, cached per connection). Drizzle sends its
 * unnamed queries with prepare: false, and postgres.js then describes each one with parameters first and
 * waits for the answer: two round trips per statement, and no pipelining behind it. Prepared, a statement
 * seen before on the connection is one round trip and pipelines. Connections retire after postgres.js's
 * max_lifetime (30 to 60 minutes), which bounds the cache.
 */
function preparing(client: postgres.Sql): postgres.Sql {
  return new Proxy(client, {
    get(target, property) {
      if (property === "unsafe")
        return (query: string, params?: postgres.ParameterOrJSON<never>[], options?: postgres.UnsafeQueryOptions) =>
          target.unsafe(query, params, { ...options, prepare: true });
      if (property === "begin" || property === "savepoint")
        return (...args: unknown[]) => {
          const callback = args.pop() as (sql: postgres.Sql) => unknown;
          const method = Reflect.get(target, property, target) as (...a: unknown[]) => unknown;
          return method.call(target, ...args, (sql: postgres.Sql) => callback(preparing(sql)));
        };
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** Opens PostgreSQL when DATABASE_URL is set, otherwise PGlite persisted on disk. */
export function openDatabase(env: Env = process.env): DatabaseHandle {
  const url = env.DATABASE_URL;
  if (url) {
    const client = postgres(url, {
      max: Number(env.DATABASE_POOL_SIZE ?? 10),
      onnotice: () => {},
      // Prepared statements are only for the round trips (see preparing): plan each execution anew as an
      // unnamed statement would be, so a skewed window never runs on a generic plan.
      connection: { plan_cache_mode: "force_custom_plan" },
    });
    const db = drizzlePostgres(preparing(client), {
      schema,
      casing: "snake_case",
      logger: queryLogger(env),
    }) as unknown as Database;
    const parsed = new URL(url);
    return {
      db,
      kind: "postgres",
      location: `${parsed.host}${parsed.pathname}`,
      close: () => client.end({ timeout: 5 }),
    };
  }
  const dir = defaultPgliteDir(env);
  // PGlite does not create missing parent folders.
  fs.mkdirSync(dir, { recursive: true });
  const client = new PGlite(dir);
  const db = drizzlePglite(client, { schema, casing: "snake_case", logger: queryLogger(env) }) as unknown as Database;
  return { db, kind: "pglite", location: dir, pglite: client, close: () => client.close() };
}

// One instance per process; kept on globalThis so `remix dev` reloads reuse it.
const holder = globalThis as typeof globalThis & { __qawDatabase?: DatabaseHandle };

export function getDatabase(): DatabaseHandle {
  holder.__qawDatabase ??= openDatabase();
  return holder.__qawDatabase;
}

export async function closeDatabase(): Promise<void> {
  const handle = holder.__qawDatabase;
  holder.__qawDatabase = undefined;
  if (handle) await handle.close();
}

/** The process-wide database. Models import this. */
export const db: Database = new Proxy({} as Database, {
  get(_target, property) {
    const target = getDatabase().db as unknown as Record<PropertyKey, unknown>;
    const value = target[property];
    return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
  },
});

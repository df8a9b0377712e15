/**
 * Background jobs on a PostgreSQL queue (pg-boss 10, its own schema "pgboss" in our database).
 *
 * One interface on both engines: `enqueueJob(name, payload)`, `startWorkers(handlers)`, `stopJobQueue()`.
 * - PostgreSQL (DATABASE_URL): pg-boss opens its own small pool; any number of worker processes on any
 *   number of machines share the queue (jobs are taken with FOR UPDATE SKIP LOCKED, so one job runs once
 *   at a time).
 * - PGlite: the same pg-boss, its SQL run on the process's one PGlite engine. Only that process can open
 *   the data directory, so the web server runs the workers itself.
 *
 * A handler that throws is retried (retryLimit). expireInSeconds is a bound on silence, not on run time:
 * a handler calls `context.heartbeat()` as it makes progress, which moves the job's expiry forward; a worker
 * that dies mid-job stops beating, the job expires, pg-boss's maintenance fails it and it is retried.
 * Handlers must therefore be safe to run again (the import resets its batch; the rollup rebuild is one
 * transaction).
 */
import { sql } from "drizzle-orm";
import PgBoss from "pg-boss";
import { getDatabase, type DatabaseHandle } from "../../db/client.server";

export type JobPayloads = {
  "import-interactions": { batchId: string };
  "rebuild-rollups": Record<string, never>;
};
export type JobName = keyof JobPayloads;
export type JobContext = {
  jobId: string;
  attempt: number;
  lastAttempt: boolean;
  /**
   * Tells the queue this attempt is alive: pushes its expiry to expireInSeconds from now. False when the
   * attempt no longer owns the job (it expired and was handed to another worker): stop without writing.
   */
  heartbeat(): Promise<boolean>;
};
export type JobHandlers = {
  [K in JobName]?: (payload: JobPayloads[K], context: JobContext) => Promise<unknown>;
};
export type EnqueueOptions = { retryLimit?: number; retryDelaySeconds?: number };

type Env = Record<string, string | undefined>;
const envNumber = (env: Env, name: string, fallback: number) => {
  const n = Number(env[name]);
  return env[name] !== undefined && env[name] !== "" && Number.isFinite(n) ? n : fallback;
};

/** Per-job settings. expireInSeconds is how long an attempt may go without a heartbeat before it counts as crashed. */
function jobDefaults(name: JobName, env: Env): Required<EnqueueOptions> & { expireInSeconds: number } {
  const retryDelaySeconds = envNumber(env, "JOB_RETRY_DELAY_SECONDS", 10);
  if (name === "import-interactions")
    return { retryLimit: 3, retryDelaySeconds, expireInSeconds: envNumber(env, "IMPORT_JOB_EXPIRE_SECONDS", 120) };
  return { retryLimit: 2, retryDelaySeconds, expireInSeconds: 60 * 60 };
}

export const JOB_NAMES: readonly JobName[] = ["import-interactions", "rebuild-rollups"];

export type JobQueue = {
  /** Creates or upgrades the queue's schema and queues (also done on first use). */
  start(): Promise<void>;
  enqueue<K extends JobName>(name: K, payload: JobPayloads[K], options?: EnqueueOptions): Promise<string>;
  startWorkers(handlers: JobHandlers): Promise<void>;
  stop(): Promise<void>;
  /** For tests and the batch page: a job's state as pg-boss keeps it. */
  getJob(name: JobName, id: string): Promise<{ state: string; retryCount: number } | null>;
};

/** Runs pg-boss's SQL on PGlite: statements with parameters through query, scripts through exec. */
function pgliteExecutor(handle: DatabaseHandle) {
  const pglite = handle.pglite!;
  return {
    async executeSql(text: string, values?: unknown[]) {
      if (values && values.length > 0) return { rows: (await pglite.query(text, values)).rows };
      const results = await pglite.exec(text);
      return { rows: results.at(-1)?.rows ?? [] };
    },
  };
}

/**
 * Moves an active job's expiry to `seconds` from now, if this attempt (known by its start time, to the millisecond
 * a JS Date keeps: a retry keeps the job id) still holds it. pg-boss 10 has no heartbeat of its own; this writes its job table's
 * expire_in, which its maintenance compares with started_on.
 */
async function extendActiveJob(handle: DatabaseHandle, id: string, startedOn: Date, seconds: number) {
  const rows = await handle.db.execute<{ id: string }>(sql`
    update pgboss.job set expire_in = (now() - started_on) + make_interval(secs => ${seconds})
    where id = ${id}::uuid and state = 'active' and abs(extract(epoch from started_on - ${startedOn.toISOString()}::timestamptz)) < 0.001
    returning id`);
  const list = Array.isArray(rows) ? rows : (rows as unknown as { rows: unknown[] }).rows;
  return list.length > 0;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Thrown by a handler whose attempt lost the job (its heartbeat found another attempt holding it). */
export class JobLost extends Error {
  constructor() {
    super("This attempt lost its job to a newer one and stopped.");
  }
}

type WorkLoop = { name: JobName; wake(): void; stop(): Promise<void> };

/**
 * One job at a time of one queue, fetched with pg-boss (FOR UPDATE SKIP LOCKED). Our own loop rather than
 * boss.work(): pg-boss's worker caps a handler's run time at the job's expiry, where we want the expiry
 * to bound only silence between heartbeats.
 */
function workLoop(
  boss: PgBoss,
  handle: DatabaseHandle,
  name: JobName,
  handler: (payload: unknown, context: JobContext) => Promise<unknown>,
  expireInSeconds: number,
  pollMs: number,
): WorkLoop {
  let stopping = false;
  let wake: () => void = () => {};
  const idle = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, pollMs);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const runOne = async (): Promise<boolean> => {
    const [job] = await boss.fetch<unknown>(name, { includeMetadata: true });
    if (!job) return false;
    const heartbeat = () => extendActiveJob(handle, job.id, job.startedOn, expireInSeconds);
    try {
      await heartbeat();
      const output = await handler(job.data, {
        jobId: job.id,
        attempt: job.retryCount + 1,
        lastAttempt: job.retryCount >= job.retryLimit,
        heartbeat,
      });
      await boss.complete(name, job.id, output && typeof output === "object" ? output : undefined);
    } catch (error) {
      // A lost job belongs to the attempt that holds it now: failing it here would fail that one.
      if (!(error instanceof JobLost)) await boss.fail(name, job.id, { message: (error as Error).message });
    }
    return true;
  };
  const running = (async () => {
    while (!stopping) {
      let worked = false;
      try {
        worked = await runOne();
      } catch (error) {
        console.error(`Job queue (${name}): ${(error as Error).message}`);
      }
      if (!worked && !stopping) await idle();
    }
  })();
  return {
    name,
    wake: () => wake(),
    async stop() {
      stopping = true;
      wake();
      await running;
    },
  };
}

/** A queue over the given database (the process's own by default). */
export function createJobQueue(handle: DatabaseHandle = getDatabase(), env: Env = process.env): JobQueue {
  const common = {
    schema: "pgboss",
    schedule: false,
    maintenanceIntervalSeconds: envNumber(env, "JOB_MAINTENANCE_SECONDS", 60),
  };
  const boss =
    handle.kind === "pglite"
      ? new PgBoss({ ...common, db: pgliteExecutor(handle) })
      : new PgBoss({ ...common, connectionString: env.DATABASE_URL, max: envNumber(env, "JOB_POOL_SIZE", 4) });
  boss.on("error", (error) => console.error(`Job queue: ${error.message}`));
  const loops: WorkLoop[] = [];
  let started: Promise<unknown> | null = null;
  const ready = () =>
    (started ??= (async () => {
      await boss.start();
      const existing = new Set((await boss.getQueues()).map((q) => q.name));
      for (const name of JOB_NAMES) if (!existing.has(name)) await boss.createQueue(name);
    })());

  return {
    async start() {
      await ready();
    },
    async enqueue(name, payload, options = {}) {
      await ready();
      const o = { ...jobDefaults(name, env), ...options };
      const id = await boss.send(name, payload, {
        retryLimit: o.retryLimit,
        retryDelay: o.retryDelaySeconds,
        retryBackoff: o.retryDelaySeconds > 0,
        expireInSeconds: o.expireInSeconds,
      });
      if (!id) throw new Error(`The job queue refused a ${name} job.`);
      // Wake this process's idle workers at once rather than at their next poll.
      for (const loop of loops) if (loop.name === name) loop.wake();
      return id;
    },
    async startWorkers(handlers) {
      await ready();
      const pollMs = envNumber(env, "JOB_POLL_SECONDS", 2) * 1000;
      for (const name of JOB_NAMES) {
        const handler = handlers[name] as ((payload: unknown, context: JobContext) => Promise<unknown>) | undefined;
        if (handler) loops.push(workLoop(boss, handle, name, handler, jobDefaults(name, env).expireInSeconds, pollMs));
      }
    },
    async stop() {
      if (!started) return;
      await started.catch(() => {});
      // Lets running jobs finish (up to 30 s), then stops pg-boss (it closes only the pool it opened itself).
      await Promise.race([Promise.all(loops.map((loop) => loop.stop())), delay(30_000)]);
      await boss.stop({ graceful: true, wait: true, timeout: 5_000 });
    },
    async getJob(name, id) {
      await ready();
      const job = await boss.getJobById(name, id);
      return job ? { state: job.state, retryCount: job.retryCount } : null;
    },
  };
}

// One queue per process, on globalThis like the database handle.
const holder = globalThis as typeof globalThis & { __qawJobQueue?: JobQueue };

export function getJobQueue(): JobQueue {
  holder.__qawJobQueue ??= createJobQueue();
  return holder.__qawJobQueue;
}

export function enqueueJob<K extends JobName>(name: K, payload: JobPayloads[K], options?: EnqueueOptions) {
  return getJobQueue().enqueue(name, payload, options);
}

export function startWorkers(handlers: JobHandlers): Promise<void> {
  return getJobQueue().startWorkers(handlers);
}

/** Stops the process's queue (workers finish their job first). Call before closing the database. */
export async function stopJobQueue(): Promise<void> {
  const queue = holder.__qawJobQueue;
  holder.__qawJobQueue = undefined;
  if (queue) await queue.stop();
}

/** Whether this process should run workers: yes unless WORKERS=0 (always on PGlite: one process only). */
export function shouldRunWorkers(env: Env = process.env): boolean {
  return !env.DATABASE_URL || env.WORKERS !== "0";
}

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { unstable_parseMultipartFormData } from "@remix-run/node";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createImportUploadHandler } from "~/models/interaction-import-upload.server";
import { importInteractions } from "~/models/interaction-import.server";
import { jobHandlers } from "~/models/job-handlers.server";
import { startWorkers, stopJobQueue } from "~/models/jobs.server";
import { loader as batchLoader } from "~/routes/imports.$batchId";
import { loader as errorsCsvLoader } from "~/routes/imports.$batchId.errors[.]csv";
import { loader as listLoader } from "~/routes/imports._index";
import { action as newAction, loader as newLoader } from "~/routes/imports.new";
import { db } from "../../db/client.server";
import { interactions, organizations, type User, type UserRole } from "../../db/schema";
import { CSV_FIXTURE, demoWorld, insertDemoWorld, JSONL_FIXTURE } from "../fixtures/import/demo-world";
import { BASE_URL, context, createUser, requestAs, signIn, thrownResponse } from "../factories";
import { useFastJobQueue, waitForBatch } from "../jobs";

// The import pages through their real loaders and actions: who may use them, the multipart upload,
// the result page and the error report.

const world = demoWorld();
const users: Record<string, User> = {};
useFastJobQueue();

beforeAll(async () => {
  // The upload action queues the import; this process's worker runs it (as the web server's does).
  await startWorkers(jobHandlers);
  await insertDemoWorld(world);
  const org = async (slug: string) => (await db.select().from(organizations).where(eq(organizations.slug, slug)))[0];
  const client = await org(world.client.slug);
  const vendor = await org(world.vendors[0].slug);
  const make = async (key: string, organization: typeof client, role: UserRole) =>
    (users[key] = await createUser({ organization, role }));
  await make("clientQaLead", client, "qa_lead");
  await make("clientAdmin", client, "admin");
  await make("clientTrainer", client, "trainer");
  await make("vendorAdmin", vendor, "admin");
  await make("vendorQaLead", vendor, "qa_lead");
});

afterAll(async () => {
  await stopJobQueue();
});

async function uploadRequest(user: User, file: File | null, fields: Record<string, string> = {}): Promise<Request> {
  const form = new FormData();
  form.append("file", file ?? new File([], ""));
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const { cookie } = await signIn(user);
  return new Request(`${BASE_URL}/imports/new`, { method: "POST", body: form, headers: { Cookie: cookie } });
}

const fixtureFile = () => new File([fs.readFileSync(CSV_FIXTURE)], "interactions.csv", { type: "text/csv" });
const post = (request: Request) => newAction({ request, params: {}, context: context() });
const uploadDirs = () => fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith("qaw-import-"));
const countInteractions = async () =>
  Number((await db.select({ n: sql<number>`count(*)::int` }).from(interactions))[0].n);

describe("upload, result page and error report", () => {
  let batchId: string;

  it("queues an uploaded file, redirects to its result page, and the job imports it", async () => {
    const dirsBefore = uploadDirs();
    const response = await post(await uploadRequest(users.clientQaLead, fixtureFile()));
    expect(response.status).toBe(302);
    batchId = response.headers.get("Location")!.replace("/imports/", "");
    expect(batchId).toMatch(/^[0-9a-f-]{36}$/);
    const batch = await waitForBatch(batchId);
    expect(batch).toMatchObject({
      fileName: "interactions.csv",
      format: "csv",
      dryRun: false,
      status: "completed",
      startedBy: users.clientQaLead.id,
      inserted: 28,
      rejected: 2,
    });
    // The temporary copy of the upload is gone.
    expect(uploadDirs()).toEqual(dirsBefore);
  });

  it("shows the counts and the first errors", async () => {
    const request = await requestAs(users.clientAdmin, `/imports/${batchId}`);
    const data = await (await batchLoader({ request, params: { batchId }, context: context() })).json();
    expect(data.batch).toMatchObject({ id: batchId, rowsRead: 30, inserted: 28, rejected: 2, storedErrors: 2 });
    expect(data.batch.outcome).toEqual({ label: "completed with errors", tone: "warn" });
    expect(data.errors).toEqual([
      { row: 13, column: "agent_external_id", message: 'no agent with external id "AC-9999"' },
      { row: 26, column: "csat", message: "must be a whole number from 1 to 5" },
    ]);
  });

  it("lists the import", async () => {
    const request = await requestAs(users.clientQaLead, "/imports");
    const data = await (await listLoader({ request, params: {}, context: context() })).json();
    expect(data.batches.map((b: { id: string }) => b.id)).toContain(batchId);
  });

  it("serves the error report as CSV", async () => {
    const request = await requestAs(users.clientQaLead, `/imports/${batchId}/errors.csv`);
    const response = await errorsCsvLoader({ request, params: { batchId }, context: context() });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="interactions-errors.csv"');
    expect(await response.text()).toBe(
      'row,column,message\r\n13,agent_external_id,"no agent with external id ""AC-9999"""\r\n26,csat,must be a whole number from 1 to 5\r\n',
    );
  });

  it("defuses spreadsheet formulas in the report", async () => {
    const first = fs.readFileSync(JSONL_FIXTURE, "utf8").split("\n")[0];
    const second = JSON.stringify({ ...JSON.parse(first), external_id: "F-2", "=HYPERLINK(1)": "x" });
    const summary = await importInteractions({
      file: { fileName: "formula.jsonl", open: () => Readable.from([`${first}\n${second}\n`]) },
      dryRun: true,
      startedBy: null,
    });
    const request = await requestAs(users.clientQaLead, `/imports/${summary.batchId}/errors.csv`);
    const response = await errorsCsvLoader({ request, params: { batchId: summary.batchId }, context: context() });
    expect(await response.text()).toBe("row,column,message\r\n2,'=HYPERLINK(1),is not a known column\r\n");
  });

  it("runs a dry run from the form without writing interactions", async () => {
    const before = await countInteractions();
    const response = await post(
      await uploadRequest(users.clientQaLead, fixtureFile(), { dryRun: "on", source: "crm" }),
    );
    expect(response.status).toBe(302);
    const id = response.headers.get("Location")!.replace("/imports/", "");
    const batch = await waitForBatch(id);
    expect(batch).toMatchObject({ dryRun: true, source: "crm", inserted: 28, status: "completed" });
    expect(await countInteractions()).toBe(before);
    // The form offers to import the previewed file for real.
    const request = await requestAs(users.clientQaLead, `/imports/new?preview=${id}`);
    const data = await (await newLoader({ request, params: {}, context: context() })).json();
    expect(data.preview).toMatchObject({ id, fileName: "interactions.csv" });
    expect(data.defaultSource).toBe("crm");
  });

  it("records a refused file as a failed import with the reason", async () => {
    const response = await post(await uploadRequest(users.clientQaLead, new File(["\ufeff"], "empty.csv")));
    const id = response.headers.get("Location")!.replace("/imports/", "");
    const batch = await waitForBatch(id);
    expect(batch).toMatchObject({ status: "failed", failure: "The file is empty.", inserted: 0 });
  });

  it("asks for a file when none was chosen", async () => {
    const response = await post(await uploadRequest(users.clientQaLead, null));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ fieldErrors: { file: "Choose a file to import." } });
  });
});

describe("the upload handler", () => {
  it("stops storing past the size cap, reads the rest of the body and cleans up", async () => {
    const dirsBefore = uploadDirs();
    const upload = createImportUploadHandler({ maxBytes: 1000 });
    const form = new FormData();
    form.append("file", new File(["x".repeat(5000)], "big.csv"));
    form.append("source", "helpdesk");
    const request = new Request(`${BASE_URL}/imports/new`, { method: "POST", body: form });
    const parsed = await unstable_parseMultipartFormData(request, upload.handler);
    expect(upload.tooLarge()).toBe(true);
    expect(upload.saved()).toBeNull();
    expect(parsed.get("source")).toBeNull(); // text fields are the memory handler's job
    await upload.cleanup();
    expect(uploadDirs()).toEqual(dirsBefore);
  });

  it("keeps the original file name and the bytes", async () => {
    const upload = createImportUploadHandler({ maxBytes: 1000 });
    const form = new FormData();
    form.append("file", new File(["a,b\n1,2\n"], "export.csv"));
    await unstable_parseMultipartFormData(
      new Request(`${BASE_URL}/imports/new`, { method: "POST", body: form }),
      upload.handler,
    );
    const saved = upload.saved()!;
    expect(saved).toMatchObject({ fileName: "export.csv", bytes: 8 });
    expect(fs.readFileSync(saved.path, "utf8")).toBe("a,b\n1,2\n");
    expect(path.basename(saved.path)).toBe("upload");
    await upload.cleanup();
    expect(fs.existsSync(saved.path)).toBe(false);
  });
});

describe("access", () => {
  let batchId: string;
  beforeAll(async () => {
    const summary = await importInteractions({
      file: { fileName: "x.csv", open: () => Readable.from(["external_id\n"]) },
      dryRun: true,
      startedBy: null,
    });
    batchId = summary.batchId;
  });

  const pages = (id: string) =>
    [
      ["/imports", (request: Request) => listLoader({ request, params: {}, context: context() })],
      ["/imports/new", (request: Request) => newLoader({ request, params: {}, context: context() })],
      [`/imports/${id}`, (request: Request) => batchLoader({ request, params: { batchId: id }, context: context() })],
      [
        `/imports/${id}/errors.csv`,
        (request: Request) => errorsCsvLoader({ request, params: { batchId: id }, context: context() }),
      ],
    ] as const;

  it.each(["vendorAdmin", "vendorQaLead", "clientTrainer"])(
    "answers 403 to a %s on every import route",
    async (key) => {
      for (const [pathname, load] of pages(batchId)) {
        const response = await thrownResponse(async () => load(await requestAs(users[key], pathname)));
        expect(response.status, pathname).toBe(403);
      }
      const before = await countInteractions();
      const refused = await thrownResponse(async () => post(await uploadRequest(users[key], fixtureFile())));
      expect(refused.status).toBe(403);
      expect(await countInteractions()).toBe(before);
    },
  );

  it("sends signed-out visitors to the sign-in page", async () => {
    const response = await thrownResponse(async () =>
      listLoader({ request: await requestAs(null, "/imports"), params: {}, context: context() }),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(/^\/login\?redirectTo=%2Fimports/);
  });

  it.each(["00000000-0000-0000-0000-000000000000", "not-a-uuid"])("answers 404 for the batch %s", async (id) => {
    for (const [pathname, load] of pages(id).slice(2)) {
      const response = await thrownResponse(async () => load(await requestAs(users.clientQaLead, pathname)));
      expect(response.status, pathname).toBe(404);
    }
  });
});

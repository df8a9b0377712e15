import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  customType,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";
import { ROLES } from "../app/domain/permissions";

// Vocabulary (see README glossary). Enum values are stored as they appear in code.
export const organizationKind = pgEnum("organization_kind", ["client", "vendor"]);
export const userRole = pgEnum("user_role", ROLES);
export const channel = pgEnum("channel", ["call", "chat", "email"]);
export const scorecardVersionStatus = pgEnum("scorecard_version_status", ["draft", "published", "retired"]);
export const evaluationKind = pgEnum("evaluation_kind", ["standard", "calibration"]);
export const evaluationStatus = pgEnum("evaluation_status", ["draft", "submitted"]);
// "queued": the upload is stored and a job waits on the queue (see app/models/jobs.server.ts).
export const importStatus = pgEnum("import_status", ["running", "completed", "failed", "queued"]);
export const samplingPeriod = pgEnum("sampling_period", ["day", "week", "month"]);
export const assignmentStatus = pgEnum("assignment_status", ["pending", "in_progress", "submitted", "skipped"]);
export const revisionKind = pgEnum("revision_kind", ["submitted", "dispute_resolution", "rescore"]);
export const disputeStatus = pgEnum("dispute_status", ["open", "accepted", "partially_accepted", "rejected"]);
export const calibrationStatus = pgEnum("calibration_status", ["draft", "open", "revealed", "finalized"]);
export const calibrationReference = pgEnum("calibration_reference", ["consensus", "benchmark"]);
export const coachingStatus = pgEnum("coaching_status", ["open", "in_progress", "done", "cancelled"]);

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

export const organizations = pgTable("organizations", {
  id: uuid("id").primaryKey().defaultRandom(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  kind: organizationKind("kind").notNull(),
  createdAt: createdAt(),
});

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: userRole("role").notNull(),
    passwordHash: text("password_hash").notNull(),
    active: boolean("active").notNull().default(true),
    timeZone: text("time_zone").notNull().default("UTC"),
    // Optimistic concurrency for admin edits.
    lockVersion: integer("lock_version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("users_email_unique").on(sql`lower(${t.email})`),
    index("users_organization_idx").on(t.organizationId),
  ],
);

// Server-side sessions: the cookie carries only the signed id; deleting the row revokes it.
export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    ip: text("ip"),
    userAgent: text("user_agent"),
  },
  (t) => [index("sessions_user_idx").on(t.userId), index("sessions_expires_idx").on(t.expiresAt)],
);

// Failed sign-in attempts, keyed by "email:<address>" or "ip:<address>", for throttling.
export const loginFailures = pgTable(
  "login_failures",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    key: text("key").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("login_failures_key_at_idx").on(t.key, t.at)],
);

export const teams = pgTable(
  "teams",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    vendorId: uuid("vendor_id")
      .notNull()
      .references(() => organizations.id),
    name: text("name").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("teams_vendor_name_unique").on(t.vendorId, t.name)],
);

export const agents = pgTable(
  "agents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    vendorId: uuid("vendor_id")
      .notNull()
      .references(() => organizations.id),
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id),
    externalId: text("external_id").notNull(),
    name: text("name").notNull(),
    email: text("email").notNull(),
    hireDate: date("hire_date").notNull(),
    trainingCohort: text("training_cohort").notNull(),
    userId: uuid("user_id")
      .references(() => users.id)
      .unique(),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("agents_external_id_unique").on(t.externalId),
    index("agents_vendor_idx").on(t.vendorId),
    index("agents_team_idx").on(t.teamId),
  ],
);

// One run of an interaction import (UI upload or `npm run import`); dry runs are recorded too.
export const importBatches = pgTable("import_batches", {
  id: uuid("id").primaryKey().defaultRandom(),
  fileName: text("file_name").notNull(),
  format: text("format").notNull(),
  source: text("source").notNull(),
  dryRun: boolean("dry_run").notNull().default(false),
  status: importStatus("status").notNull().default("running"),
  startedBy: uuid("started_by").references(() => users.id),
  startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp("finished_at", { withTimezone: true }),
  rowsRead: integer("rows_read").notNull().default(0),
  inserted: integer("inserted").notNull().default(0),
  updated: integer("updated").notNull().default(0),
  unchanged: integer("unchanged").notNull().default(0),
  rejected: integer("rejected").notNull().default(0),
  failure: text("failure"),
  // Live progress, written by the import job as it goes: phase, rows and bytes read of totalBytes.
  phase: text("phase"),
  progressRows: integer("progress_rows").notNull().default(0),
  progressBytes: bigint("progress_bytes", { mode: "number" }).notNull().default(0),
  totalBytes: bigint("total_bytes", { mode: "number" }).notNull().default(0),
  /** How many times a worker started this import (more than 1 after a crash and retry). */
  attempts: integer("attempts").notNull().default(0),
});

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => "bytea" });

/** An uploaded import file waiting for its job, in 1 MB chunks: any worker machine can read it. */
export const importUploadChunks = pgTable(
  "import_upload_chunks",
  {
    batchId: uuid("batch_id")
      .notNull()
      .references(() => importBatches.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    data: bytea("data").notNull(),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.seq] })],
);

export const importErrors = pgTable(
  "import_errors",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    batchId: uuid("batch_id")
      .notNull()
      .references(() => importBatches.id, { onDelete: "cascade" }),
    row: integer("row").notNull(),
    column: text("column"),
    message: text("message").notNull(),
  },
  (t) => [index("import_errors_batch_row_idx").on(t.batchId, t.row)],
);

export type TranscriptTurn = { speaker: "agent" | "customer" | "system"; atSeconds: number; text: string };

export const interactions = pgTable(
  "interactions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    source: text("source").notNull(),
    externalId: text("external_id").notNull(),
    channel: channel("channel").notNull(),
    vendorId: uuid("vendor_id")
      .notNull()
      .references(() => organizations.id),
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id),
    agentId: uuid("agent_id")
      .notNull()
      .references(() => agents.id),
    queue: text("queue").notNull(),
    contactReason: text("contact_reason").notNull(),
    customerName: text("customer_name"),
    subject: text("subject"),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true }).notNull(),
    handleTimeSeconds: integer("handle_time_seconds").notNull(),
    firstResponseSeconds: integer("first_response_seconds"),
    resolutionSeconds: integer("resolution_seconds"),
    csat: smallint("csat"),
    nps: smallint("nps"),
    ces: smallint("ces"),
    fcr: boolean("fcr"),
    escalated: boolean("escalated").notNull().default(false),
    transcript: jsonb("transcript").$type<TranscriptTurn[]>().notNull().default([]),
    // Hash of the imported row's normalised content: re-importing an unchanged row is a no-op.
    contentHash: text("content_hash"),
    importBatchId: uuid("import_batch_id").references(() => importBatches.id),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("interactions_source_external_unique").on(t.source, t.externalId),
    index("interactions_vendor_started_idx").on(t.vendorId, t.startedAt),
    index("interactions_agent_started_idx").on(t.agentId, t.startedAt),
    index("interactions_started_idx").on(t.startedAt),
    index("interactions_team_started_idx").on(t.teamId, t.startedAt),
    check("interactions_csat_range", sql`${t.csat} between 1 and 5`),
    check("interactions_nps_range", sql`${t.nps} between 0 and 10`),
    check("interactions_ces_range", sql`${t.ces} between 1 and 7`),
    check("interactions_handle_time_nonneg", sql`${t.handleTimeSeconds} >= 0`),
  ],
);

export const scorecards = pgTable("scorecards", {
  id: uuid("id").primaryKey().defaultRandom(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  channel: text("channel").notNull(),
  description: text("description").notNull().default(""),
  createdAt: createdAt(),
});

export const scorecardVersions = pgTable(
  "scorecard_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    scorecardId: uuid("scorecard_id")
      .notNull()
      .references(() => scorecards.id, { onDelete: "restrict" }),
    number: integer("number").notNull(),
    // The validated ScorecardDefinition (app/domain/scorecard-definition.ts).
    definition: jsonb("definition").notNull(),
    // sha256 of the source file text; a published version's file may never change.
    contentHash: text("content_hash").notNull(),
    sourcePath: text("source_path"),
    status: scorecardVersionStatus("status").notNull().default("published"),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    publishedBy: uuid("published_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("scorecard_versions_number_unique").on(t.scorecardId, t.number)],
);

/**
 * A scorecard being edited in the browser. Never read by scoring, sampling or calibration: it becomes a
 * version only when published. content is the file format as an object (scorecards/README.md), possibly
 * invalid while the author works; the editor and publish validate it with the file schema.
 */
export const scorecardDrafts = pgTable(
  "scorecard_drafts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    // Null for a draft of a new scorecard; its slug is content.scorecard.
    scorecardId: uuid("scorecard_id").references(() => scorecards.id, { onDelete: "restrict" }),
    basedOnVersionId: uuid("based_on_version_id").references(() => scorecardVersions.id, { onDelete: "restrict" }),
    content: jsonb("content").notNull(),
    lockVersion: integer("lock_version").notNull().default(1),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    updatedBy: uuid("updated_by")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("scorecard_drafts_scorecard_idx").on(t.scorecardId)],
);

export const evaluations = pgTable(
  "evaluations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    interactionId: uuid("interaction_id")
      .notNull()
      .references(() => interactions.id),
    scorecardVersionId: uuid("scorecard_version_id")
      .notNull()
      .references(() => scorecardVersions.id, { onDelete: "restrict" }),
    reviewerId: uuid("reviewer_id")
      .notNull()
      .references(() => users.id),
    // Copied from the interaction so scope filters need no join.
    vendorId: uuid("vendor_id")
      .notNull()
      .references(() => organizations.id),
    agentId: uuid("agent_id")
      .notNull()
      .references(() => agents.id),
    kind: evaluationKind("kind").notNull().default("standard"),
    status: evaluationStatus("status").notNull().default("draft"),
    rawScore: doublePrecision("raw_score"),
    finalScore: doublePrecision("final_score"),
    passed: boolean("passed"),
    criticalFailed: boolean("critical_failed").notNull().default(false),
    // Optimistic concurrency: every write bumps it; a stale write is refused.
    lockVersion: integer("lock_version").notNull().default(1),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    assignmentId: uuid("assignment_id")
      .references(() => assignments.id)
      .unique(),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }),
    // Set exactly for calibration-kind evaluations: one per session, interaction and participant.
    calibrationSessionId: uuid("calibration_session_id").references((): AnyPgColumn => calibrationSessions.id, {
      onDelete: "cascade",
    }),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("evaluations_calibration_unique")
      .on(t.calibrationSessionId, t.interactionId, t.reviewerId)
      .where(sql`${t.calibrationSessionId} is not null`),
    check("evaluations_calibration_kind", sql`(${t.kind} = 'calibration') = (${t.calibrationSessionId} is not null)`),
    index("evaluations_vendor_submitted_idx").on(t.vendorId, t.submittedAt),
    index("evaluations_agent_idx").on(t.agentId),
    // The agent page's evaluation list pages by (submitted_at, id), newest first.
    index("evaluations_agent_submitted_idx").on(t.agentId, t.submittedAt, t.id),
    // The JSON API pages every vendor's evaluations (client scope) by (submitted_at, id).
    index("evaluations_submitted_idx").on(t.submittedAt, t.id),
    index("evaluations_interaction_idx").on(t.interactionId),
    index("evaluations_reviewer_idx").on(t.reviewerId),
    index("evaluations_version_idx").on(t.scorecardVersionId),
  ],
);

export const evaluationAnswers = pgTable(
  "evaluation_answers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    evaluationId: uuid("evaluation_id")
      .notNull()
      .references(() => evaluations.id, { onDelete: "cascade" }),
    criterionKey: text("criterion_key").notNull(),
    // na = true means N/A; value null with na = false means not answered yet (drafts only).
    value: doublePrecision("value"),
    na: boolean("na").notNull().default(false),
    // Whether the answer reaches the criterion's pass mark (null for N/A); stored so failure rates are plain SQL.
    met: boolean("met"),
    comment: text("comment"),
    rootCause: text("root_cause"),
  },
  (t) => [
    uniqueIndex("evaluation_answers_unique").on(t.evaluationId, t.criterionKey),
    // N/A carries no value; a draft may hold a comment on a criterion not answered yet (value null).
    check("evaluation_answers_na_without_value", sql`not (${t.na} and ${t.value} is not null)`),
  ],
);

export type SamplingPlanRules = {
  /** Filters on candidate interactions; omitted means "any". */
  filters: {
    channels?: ("call" | "chat" | "email")[];
    vendorIds?: string[];
    teamIds?: string[];
    queues?: string[];
    contactReasons?: string[];
    csatMin?: number;
    csatMax?: number;
    escalated?: boolean;
    fcr?: boolean;
    handleTimeAbovePercentile?: number;
  };
  /** Minimum picks per stratum value per agent and period, e.g. { field: "channel", minimums: { chat: 1, call: 1 } }. */
  strata: { field: "channel" | "queue"; minimums: Record<string, number> } | null;
  /** Hard cases always included (within the quota): escalations, low CSAT. */
  mustInclude: { escalated?: boolean; csatAtMost?: number };
  /** Scorecard per channel (scorecard slug); the latest published version is pinned at generation. */
  scorecards: Partial<Record<"call" | "chat" | "email", string>>;
};

export const samplingPlans = pgTable("sampling_plans", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  description: text("description").notNull().default(""),
  rules: jsonb("rules").$type<SamplingPlanRules>().notNull(),
  quotaPerAgent: integer("quota_per_agent").notNull(),
  period: samplingPeriod("period").notNull().default("week"),
  excludeEvaluated: boolean("exclude_evaluated").notNull().default(true),
  seed: integer("seed").notNull(),
  dueDays: integer("due_days").notNull().default(7),
  active: boolean("active").notNull().default(true),
  createdBy: uuid("created_by")
    .notNull()
    .references(() => users.id),
  lockVersion: integer("lock_version").notNull().default(1),
  createdAt: createdAt(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const samplingPlanReviewers = pgTable(
  "sampling_plan_reviewers",
  {
    planId: uuid("plan_id")
      .notNull()
      .references(() => samplingPlans.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.planId, t.userId] })],
);

// One generation of a plan for one period: the same plan and period always pick the same interactions.
export const sampleRuns = pgTable(
  "sample_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    planId: uuid("plan_id")
      .notNull()
      .references(() => samplingPlans.id),
    periodStart: timestamp("period_start", { withTimezone: true }).notNull(),
    periodEnd: timestamp("period_end", { withTimezone: true }).notNull(),
    seed: integer("seed").notNull(),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    summary: jsonb("summary").notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("sample_runs_plan_period_unique").on(t.planId, t.periodStart)],
);

export const assignments = pgTable(
  "assignments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    sampleRunId: uuid("sample_run_id").references(() => sampleRuns.id),
    interactionId: uuid("interaction_id")
      .notNull()
      .references(() => interactions.id),
    reviewerId: uuid("reviewer_id")
      .notNull()
      .references(() => users.id),
    scorecardVersionId: uuid("scorecard_version_id")
      .notNull()
      .references(() => scorecardVersions.id),
    // Copied from the interaction so scope filters need no join.
    vendorId: uuid("vendor_id")
      .notNull()
      .references(() => organizations.id),
    agentId: uuid("agent_id")
      .notNull()
      .references(() => agents.id),
    status: assignmentStatus("status").notNull().default("pending"),
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    skipReason: text("skip_reason"),
    lockVersion: integer("lock_version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // One live assignment per interaction; a skipped one may be replaced.
    uniqueIndex("assignments_live_interaction_unique")
      .on(t.interactionId)
      .where(sql`${t.status} <> 'skipped'`),
    index("assignments_reviewer_status_idx").on(t.reviewerId, t.status, t.dueAt),
    index("assignments_vendor_status_idx").on(t.vendorId, t.status, t.dueAt),
  ],
);

// Who changed a submitted evaluation, when, why, and what (answers and scores before and after).
export type RevisionChange = { criterionKey: string; before: number | "na" | null; after: number | "na" | null };
export const evaluationRevisions = pgTable(
  "evaluation_revisions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    evaluationId: uuid("evaluation_id")
      .notNull()
      .references(() => evaluations.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    kind: revisionKind("kind").notNull(),
    actorUserId: uuid("actor_user_id")
      .notNull()
      .references(() => users.id),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    reason: text("reason"),
    changes: jsonb("changes").$type<RevisionChange[]>().notNull().default([]),
    finalScoreBefore: doublePrecision("final_score_before"),
    finalScoreAfter: doublePrecision("final_score_after"),
  },
  (t) => [uniqueIndex("evaluation_revisions_number_unique").on(t.evaluationId, t.number)],
);

export const disputes = pgTable(
  "disputes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    evaluationId: uuid("evaluation_id")
      .notNull()
      .references(() => evaluations.id),
    vendorId: uuid("vendor_id")
      .notNull()
      .references(() => organizations.id),
    raisedBy: uuid("raised_by")
      .notNull()
      .references(() => users.id),
    raisedAt: timestamp("raised_at", { withTimezone: true }).notNull().defaultNow(),
    reason: text("reason").notNull(),
    status: disputeStatus("status").notNull().default("open"),
    resolverId: uuid("resolver_id").references(() => users.id),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    resolutionNote: text("resolution_note"),
    lockVersion: integer("lock_version").notNull().default(1),
  },
  (t) => [
    index("disputes_vendor_status_idx").on(t.vendorId, t.status, t.raisedAt),
    // The client's dispute list pages by (raised_at, id) across vendors.
    index("disputes_raised_idx").on(t.raisedAt, t.id),
    // One open dispute per evaluation at a time.
    uniqueIndex("disputes_open_evaluation_unique")
      .on(t.evaluationId)
      .where(sql`${t.status} = 'open'`),
  ],
);

export const disputeItems = pgTable(
  "dispute_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    disputeId: uuid("dispute_id")
      .notNull()
      .references(() => disputes.id, { onDelete: "cascade" }),
    criterionKey: text("criterion_key").notNull(),
    // Proposed answer: a scale value, or N/A when proposedNa.
    proposedValue: doublePrecision("proposed_value"),
    proposedNa: boolean("proposed_na").notNull().default(false),
    accepted: boolean("accepted"),
  },
  (t) => [uniqueIndex("dispute_items_unique").on(t.disputeId, t.criterionKey)],
);

// A calibration session belongs to the client organisation; vendors take part through participants.
export const calibrationSessions = pgTable(
  "calibration_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    title: text("title").notNull(),
    facilitatorId: uuid("facilitator_id")
      .notNull()
      .references(() => users.id),
    scorecardVersionId: uuid("scorecard_version_id")
      .notNull()
      .references(() => scorecardVersions.id, { onDelete: "restrict" }),
    status: calibrationStatus("status").notNull().default("draft"),
    deadline: timestamp("deadline", { withTimezone: true }).notNull(),
    hideAgentNames: boolean("hide_agent_names").notNull().default(true),
    reference: calibrationReference("reference").notNull().default("consensus"),
    benchmarkUserId: uuid("benchmark_user_id").references(() => users.id),
    lockVersion: integer("lock_version").notNull().default(1),
    openedAt: timestamp("opened_at", { withTimezone: true }),
    revealedAt: timestamp("revealed_at", { withTimezone: true }),
    finalizedAt: timestamp("finalized_at", { withTimezone: true }),
    // Metrics frozen at finalize (CalibrationMetrics); later edits to scorecards or users cannot change them.
    results: jsonb("results"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("calibration_sessions_org_status_idx").on(t.organizationId, t.status, t.deadline),
    check("calibration_sessions_benchmark", sql`${t.reference} = 'consensus' or ${t.benchmarkUserId} is not null`),
  ],
);

export const calibrationItems = pgTable(
  "calibration_items",
  {
    sessionId: uuid("session_id")
      .notNull()
      .references(() => calibrationSessions.id, { onDelete: "cascade" }),
    interactionId: uuid("interaction_id")
      .notNull()
      .references(() => interactions.id),
    position: integer("position").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.interactionId] }),
    index("calibration_items_interaction_idx").on(t.interactionId),
  ],
);

export const calibrationParticipants = pgTable(
  "calibration_participants",
  {
    sessionId: uuid("session_id")
      .notNull()
      .references(() => calibrationSessions.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    // The participant's organisation when added; a vendor participant's party is that vendor.
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.userId] }), index("calibration_participants_user_idx").on(t.userId)],
);

export const calibrationConsensus = pgTable(
  "calibration_consensus",
  {
    sessionId: uuid("session_id")
      .notNull()
      .references(() => calibrationSessions.id, { onDelete: "cascade" }),
    interactionId: uuid("interaction_id")
      .notNull()
      .references(() => interactions.id),
    criterionKey: text("criterion_key").notNull(),
    value: doublePrecision("value"),
    na: boolean("na").notNull().default(false),
    rationale: text("rationale"),
    decidedBy: uuid("decided_by")
      .notNull()
      .references(() => users.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.interactionId, t.criterionKey] }),
    check("calibration_consensus_value", sql`${t.na} <> (${t.value} is not null)`),
  ],
);

export const calibrationNotes = pgTable(
  "calibration_notes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => calibrationSessions.id, { onDelete: "cascade" }),
    interactionId: uuid("interaction_id")
      .notNull()
      .references(() => interactions.id),
    criterionKey: text("criterion_key").notNull(),
    authorId: uuid("author_id")
      .notNull()
      .references(() => users.id),
    body: text("body").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("calibration_notes_session_idx").on(t.sessionId, t.interactionId)],
);

// KPI targets: rows are never updated; a change is a new row with its effective date, so history stays.
// vendor_id null = the global target; a vendor's own target overrides it from its effective date.
export const kpiTargets = pgTable(
  "kpi_targets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kpi: text("kpi").notNull(),
    vendorId: uuid("vendor_id").references(() => organizations.id),
    threshold: doublePrecision("threshold").notNull(),
    // Distance from the threshold, on the wrong side, that is still amber rather than red.
    warningBand: doublePrecision("warning_band").notNull().default(0),
    effectiveFrom: date("effective_from").notNull(),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index("kpi_targets_lookup_idx").on(t.kpi, t.vendorId, t.effectiveFrom),
    check("kpi_targets_warning_band", sql`${t.warningBand} >= 0`),
  ],
);

// A note on a date (optionally for one vendor) shown on every chart covering that date.
export const contextNotes = pgTable(
  "context_notes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    onDate: date("on_date").notNull(),
    vendorId: uuid("vendor_id").references(() => organizations.id),
    body: text("body").notNull(),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("context_notes_date_idx").on(t.onDate)],
);

// A trainer's root cause on an interaction without a full evaluation (DSAT cases).
export const interactionRootCauses = pgTable(
  "interaction_root_causes",
  {
    interactionId: uuid("interaction_id")
      .primaryKey()
      .references(() => interactions.id),
    // Copied from the interaction so scope filters need no join.
    vendorId: uuid("vendor_id")
      .notNull()
      .references(() => organizations.id),
    rootCause: text("root_cause").notNull(),
    note: text("note"),
    taggedBy: uuid("tagged_by")
      .notNull()
      .references(() => users.id),
    taggedAt: timestamp("tagged_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("interaction_root_causes_vendor_idx").on(t.vendorId, t.taggedAt)],
);

export const coachingTasks = pgTable(
  "coaching_tasks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    vendorId: uuid("vendor_id")
      .notNull()
      .references(() => organizations.id),
    agentId: uuid("agent_id")
      .notNull()
      .references(() => agents.id),
    // Criteria are matched by key across versions of one scorecard.
    scorecardId: uuid("scorecard_id")
      .notNull()
      .references(() => scorecards.id),
    criterionKey: text("criterion_key").notNull(),
    notes: text("notes").notNull().default(""),
    dueDate: date("due_date").notNull(),
    status: coachingStatus("status").notNull().default("open"),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    lockVersion: integer("lock_version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("coaching_tasks_vendor_status_idx").on(t.vendorId, t.status, t.dueDate),
    index("coaching_tasks_agent_idx").on(t.agentId),
  ],
);

export const coachingTaskEvaluations = pgTable(
  "coaching_task_evaluations",
  {
    taskId: uuid("task_id")
      .notNull()
      .references(() => coachingTasks.id, { onDelete: "cascade" }),
    evaluationId: uuid("evaluation_id")
      .notNull()
      .references(() => evaluations.id),
  },
  (t) => [primaryKey({ columns: [t.taskId, t.evaluationId] })],
);

// Per-user tokens for the read-only JSON API; only a SHA-256 of the token is stored.
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    // The first characters, shown in the UI so people can tell their tokens apart.
    prefix: text("prefix").notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("api_tokens_user_idx").on(t.userId)],
);

// Append-only record of security-relevant and data-changing actions.
export const auditLog = pgTable(
  "audit_log",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actorUserId: uuid("actor_user_id").references(() => users.id),
    organizationId: uuid("organization_id").references(() => organizations.id),
    action: text("action").notNull(),
    entity: text("entity").notNull(),
    entityId: text("entity_id"),
    details: jsonb("details").notNull().default({}),
  },
  (t) => [index("audit_log_entity_idx").on(t.entity, t.entityId)],
);

// ---------------------------------------------------------------------------------------------
// Exact KPI rollups: sums and counts (never averages) per UTC hour and per UTC day, so a viewer's days,
// weeks and months in any whole-hour time zone are sums of rows. Kept current in the transaction of every
// write that changes them (app/models/kpi-rollup.server.ts), rebuilt by `npm run rollups:rebuild`.
// by_channel_queue = false rows sum over channels and queues (channel = queue = ''): the boards read those.
const count = (name: string) => bigint(name, { mode: "number" }).notNull().default(0);
const total = (name: string) => numeric(name).notNull().default("0");

export const kpiInteractionRollups = pgTable(
  "kpi_interaction_rollups",
  {
    grain: text("grain").notNull(),
    byChannelQueue: boolean("by_channel_queue").notNull(),
    bucket: timestamp("bucket", { withTimezone: true }).notNull(),
    agentId: uuid("agent_id").notNull(),
    // The interaction's own team and vendor (as the interaction KPIs group them).
    teamId: uuid("team_id").notNull(),
    vendorId: uuid("vendor_id").notNull(),
    channel: text("channel").notNull(),
    queue: text("queue").notNull(),
    interactions: count("interactions"),
    csatCount: count("csat_count"),
    csatSum: total("csat_sum"),
    dsatCount: count("dsat_count"),
    npsCount: count("nps_count"),
    promoters: count("promoters"),
    detractors: count("detractors"),
    cesCount: count("ces_count"),
    cesSum: total("ces_sum"),
    handleTimeCount: count("handle_time_count"),
    handleTimeSum: total("handle_time_sum"),
    firstResponseCount: count("first_response_count"),
    firstResponseSum: total("first_response_sum"),
    resolutionCount: count("resolution_count"),
    resolutionSum: total("resolution_sum"),
    fcrCount: count("fcr_count"),
    fcrYes: count("fcr_yes"),
    escalated: count("escalated"),
    escalatedCsatCount: count("escalated_csat_count"),
    escalatedCsatSum: total("escalated_csat_sum"),
    taggedErrors: count("tagged_errors"),
    taggedTrainingErrors: count("tagged_training_errors"),
  },
  (t) => [
    uniqueIndex("kpi_interaction_rollups_key").on(
      t.grain,
      t.byChannelQueue,
      t.bucket,
      t.agentId,
      t.teamId,
      t.vendorId,
      t.channel,
      t.queue,
    ),
  ],
);

const evaluationSums = {
  evaluations: count("evaluations"),
  finalScoreCount: count("final_score_count"),
  finalScoreSum: total("final_score_sum"),
  finalScoreSumSq: total("final_score_sum_sq"),
  rawScoreCount: count("raw_score_count"),
  rawScoreSum: total("raw_score_sum"),
  passedCount: count("passed_count"),
  criticalFailed: count("critical_failed"),
  turnaroundCount: count("turnaround_count"),
  turnaroundSum: total("turnaround_sum"),
  errors: count("errors"),
  trainingErrors: count("training_errors"),
  disputed: count("disputed"),
  disputesDecided: count("disputes_decided"),
  disputesOverturned: count("disputes_overturned"),
};

// Submitted standard evaluations by submission time, per agent (the team is the agent's, joined on read).
export const kpiEvaluationRollups = pgTable(
  "kpi_evaluation_rollups",
  {
    grain: text("grain").notNull(),
    byChannelQueue: boolean("by_channel_queue").notNull(),
    bucket: timestamp("bucket", { withTimezone: true }).notNull(),
    agentId: uuid("agent_id").notNull(),
    vendorId: uuid("vendor_id").notNull(),
    channel: text("channel").notNull(),
    queue: text("queue").notNull(),
    ...evaluationSums,
  },
  (t) => [
    uniqueIndex("kpi_evaluation_rollups_key").on(
      t.grain,
      t.byChannelQueue,
      t.bucket,
      t.agentId,
      t.vendorId,
      t.channel,
      t.queue,
    ),
  ],
);

// The same evaluation sums per reviewer (My KPIs for reviewers).
export const kpiReviewerRollups = pgTable(
  "kpi_reviewer_rollups",
  {
    grain: text("grain").notNull(),
    bucket: timestamp("bucket", { withTimezone: true }).notNull(),
    reviewerId: uuid("reviewer_id").notNull(),
    vendorId: uuid("vendor_id").notNull(),
    ...evaluationSums,
  },
  (t) => [
    uniqueIndex("kpi_reviewer_rollups_key").on(t.reviewerId, t.grain, t.bucket, t.vendorId),
    // Windows over every reviewer (the disputes page's rates) range-scan by grain and bucket.
    index("kpi_reviewer_rollups_bucket_idx").on(t.grain, t.bucket),
  ],
);

// Answers of submitted standard evaluations per criterion and root cause ('' for none), by submission time:
// the trainer view's error Pareto, training share and cohort comparisons. answers = met or unmet (N/A out).
export const kpiCriterionRollups = pgTable(
  "kpi_criterion_rollups",
  {
    grain: text("grain").notNull(),
    bucket: timestamp("bucket", { withTimezone: true }).notNull(),
    agentId: uuid("agent_id").notNull(),
    vendorId: uuid("vendor_id").notNull(),
    scorecardId: uuid("scorecard_id").notNull(),
    criterionKey: text("criterion_key").notNull(),
    rootCause: text("root_cause").notNull(),
    answers: count("answers"),
    errors: count("errors"),
  },
  (t) => [
    uniqueIndex("kpi_criterion_rollups_key").on(
      t.grain,
      t.bucket,
      t.agentId,
      t.vendorId,
      t.scorecardId,
      t.criterionKey,
      t.rootCause,
    ),
  ],
);

// The same answers summed over agents, per vendor: the error Pareto and the home page's weakest criteria
// read whole windows of it (about an eighth of kpi_criterion_rollups' rows at a million interactions).
export const kpiVendorCriterionRollups = pgTable(
  "kpi_vendor_criterion_rollups",
  {
    grain: text("grain").notNull(),
    bucket: timestamp("bucket", { withTimezone: true }).notNull(),
    vendorId: uuid("vendor_id").notNull(),
    scorecardId: uuid("scorecard_id").notNull(),
    criterionKey: text("criterion_key").notNull(),
    rootCause: text("root_cause").notNull(),
    answers: count("answers"),
    errors: count("errors"),
  },
  (t) => [
    uniqueIndex("kpi_vendor_criterion_rollups_key").on(
      t.grain,
      t.bucket,
      t.vendorId,
      t.scorecardId,
      t.criterionKey,
      t.rootCause,
    ),
  ],
);

// The same answers per vendor and training cohort (the agent's, which the app never changes), without root
// causes: the trainer view's cohort comparisons.
export const kpiCohortCriterionRollups = pgTable(
  "kpi_cohort_criterion_rollups",
  {
    grain: text("grain").notNull(),
    bucket: timestamp("bucket", { withTimezone: true }).notNull(),
    vendorId: uuid("vendor_id").notNull(),
    trainingCohort: text("training_cohort").notNull(),
    scorecardId: uuid("scorecard_id").notNull(),
    criterionKey: text("criterion_key").notNull(),
    answers: count("answers"),
    errors: count("errors"),
  },
  (t) => [
    uniqueIndex("kpi_cohort_criterion_rollups_key").on(
      t.grain,
      t.bucket,
      t.vendorId,
      t.trainingCohort,
      t.scorecardId,
      t.criterionKey,
    ),
  ],
);

export type Organization = typeof organizations.$inferSelect;
export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type Team = typeof teams.$inferSelect;
export type Agent = typeof agents.$inferSelect;
export type Interaction = typeof interactions.$inferSelect;
export type Scorecard = typeof scorecards.$inferSelect;
export type ScorecardVersion = typeof scorecardVersions.$inferSelect;
export type ScorecardDraft = typeof scorecardDrafts.$inferSelect;
export type Evaluation = typeof evaluations.$inferSelect;
export type EvaluationAnswer = typeof evaluationAnswers.$inferSelect;
export type UserRole = (typeof userRole.enumValues)[number];
export type OrganizationKind = (typeof organizationKind.enumValues)[number];
export type Channel = (typeof channel.enumValues)[number];
export type ImportBatch = typeof importBatches.$inferSelect;
export type SamplingPlan = typeof samplingPlans.$inferSelect;
export type SampleRun = typeof sampleRuns.$inferSelect;
export type Assignment = typeof assignments.$inferSelect;
export type EvaluationRevision = typeof evaluationRevisions.$inferSelect;
export type Dispute = typeof disputes.$inferSelect;
export type DisputeItem = typeof disputeItems.$inferSelect;
export type CalibrationSession = typeof calibrationSessions.$inferSelect;
export type CalibrationStatus = (typeof calibrationStatus.enumValues)[number];
export type KpiTarget = typeof kpiTargets.$inferSelect;
export type ContextNote = typeof contextNotes.$inferSelect;
export type CoachingTask = typeof coachingTasks.$inferSelect;
export type ApiToken = typeof apiTokens.$inferSelect;

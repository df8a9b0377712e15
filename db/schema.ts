import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { ROLES } from "../app/domain/permissions";

// Vocabulary (see README glossary). Enum values are stored as they appear in code.
export const organizationKind = pgEnum("organization_kind", ["client", "vendor"]);
export const userRole = pgEnum("user_role", ROLES);
export const channel = pgEnum("channel", ["call", "chat", "email"]);
export const scorecardVersionStatus = pgEnum("scorecard_version_status", ["draft", "published", "retired"]);
export const evaluationKind = pgEnum("evaluation_kind", ["standard", "calibration"]);
export const evaluationStatus = pgEnum("evaluation_status", ["draft", "submitted"]);

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
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("interactions_source_external_unique").on(t.source, t.externalId),
    index("interactions_vendor_started_idx").on(t.vendorId, t.startedAt),
    index("interactions_agent_started_idx").on(t.agentId, t.startedAt),
    index("interactions_started_idx").on(t.startedAt),
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
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("evaluations_vendor_submitted_idx").on(t.vendorId, t.submittedAt),
    index("evaluations_agent_idx").on(t.agentId),
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
    // null value with na = true means N/A.
    value: doublePrecision("value"),
    na: boolean("na").notNull().default(false),
    // Whether the answer reaches the criterion's pass mark (null for N/A); stored so failure rates are plain SQL.
    met: boolean("met"),
    comment: text("comment"),
    rootCause: text("root_cause"),
  },
  (t) => [
    uniqueIndex("evaluation_answers_unique").on(t.evaluationId, t.criterionKey),
    check(
      "evaluation_answers_value_or_na",
      sql`(${t.na} and ${t.value} is null) or (not ${t.na} and ${t.value} is not null)`,
    ),
  ],
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

export type Organization = typeof organizations.$inferSelect;
export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type Team = typeof teams.$inferSelect;
export type Agent = typeof agents.$inferSelect;
export type Interaction = typeof interactions.$inferSelect;
export type Scorecard = typeof scorecards.$inferSelect;
export type ScorecardVersion = typeof scorecardVersions.$inferSelect;
export type Evaluation = typeof evaluations.$inferSelect;
export type EvaluationAnswer = typeof evaluationAnswers.$inferSelect;
export type UserRole = (typeof userRole.enumValues)[number];
export type OrganizationKind = (typeof organizationKind.enumValues)[number];
export type Channel = (typeof channel.enumValues)[number];

CREATE TYPE "public"."calibration_reference" AS ENUM('consensus', 'benchmark');--> statement-breakpoint
CREATE TYPE "public"."calibration_status" AS ENUM('draft', 'open', 'revealed', 'finalized');--> statement-breakpoint
CREATE TABLE "calibration_consensus" (
	"session_id" uuid NOT NULL,
	"interaction_id" uuid NOT NULL,
	"criterion_key" text NOT NULL,
	"value" double precision,
	"na" boolean DEFAULT false NOT NULL,
	"rationale" text,
	"decided_by" uuid NOT NULL,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calibration_consensus_session_id_interaction_id_criterion_key_pk" PRIMARY KEY("session_id","interaction_id","criterion_key"),
	CONSTRAINT "calibration_consensus_value" CHECK ("calibration_consensus"."na" <> ("calibration_consensus"."value" is not null))
);
--> statement-breakpoint
CREATE TABLE "calibration_items" (
	"session_id" uuid NOT NULL,
	"interaction_id" uuid NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "calibration_items_session_id_interaction_id_pk" PRIMARY KEY("session_id","interaction_id")
);
--> statement-breakpoint
CREATE TABLE "calibration_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"interaction_id" uuid NOT NULL,
	"criterion_key" text NOT NULL,
	"author_id" uuid NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calibration_participants" (
	"session_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calibration_participants_session_id_user_id_pk" PRIMARY KEY("session_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "calibration_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"title" text NOT NULL,
	"facilitator_id" uuid NOT NULL,
	"scorecard_version_id" uuid NOT NULL,
	"status" "calibration_status" DEFAULT 'draft' NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"hide_agent_names" boolean DEFAULT true NOT NULL,
	"reference" "calibration_reference" DEFAULT 'consensus' NOT NULL,
	"benchmark_user_id" uuid,
	"lock_version" integer DEFAULT 1 NOT NULL,
	"opened_at" timestamp with time zone,
	"revealed_at" timestamp with time zone,
	"finalized_at" timestamp with time zone,
	"results" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calibration_sessions_benchmark" CHECK ("calibration_sessions"."reference" = 'consensus' or "calibration_sessions"."benchmark_user_id" is not null)
);
--> statement-breakpoint
ALTER TABLE "evaluations" ADD COLUMN "calibration_session_id" uuid;--> statement-breakpoint
ALTER TABLE "calibration_consensus" ADD CONSTRAINT "calibration_consensus_session_id_calibration_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."calibration_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calibration_consensus" ADD CONSTRAINT "calibration_consensus_interaction_id_interactions_id_fk" FOREIGN KEY ("interaction_id") REFERENCES "public"."interactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calibration_consensus" ADD CONSTRAINT "calibration_consensus_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calibration_items" ADD CONSTRAINT "calibration_items_session_id_calibration_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."calibration_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calibration_items" ADD CONSTRAINT "calibration_items_interaction_id_interactions_id_fk" FOREIGN KEY ("interaction_id") REFERENCES "public"."interactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calibration_notes" ADD CONSTRAINT "calibration_notes_session_id_calibration_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."calibration_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calibration_notes" ADD CONSTRAINT "calibration_notes_interaction_id_interactions_id_fk" FOREIGN KEY ("interaction_id") REFERENCES "public"."interactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calibration_notes" ADD CONSTRAINT "calibration_notes_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calibration_participants" ADD CONSTRAINT "calibration_participants_session_id_calibration_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."calibration_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calibration_participants" ADD CONSTRAINT "calibration_participants_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calibration_participants" ADD CONSTRAINT "calibration_participants_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calibration_sessions" ADD CONSTRAINT "calibration_sessions_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calibration_sessions" ADD CONSTRAINT "calibration_sessions_facilitator_id_users_id_fk" FOREIGN KEY ("facilitator_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calibration_sessions" ADD CONSTRAINT "calibration_sessions_scorecard_version_id_scorecard_versions_id_fk" FOREIGN KEY ("scorecard_version_id") REFERENCES "public"."scorecard_versions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calibration_sessions" ADD CONSTRAINT "calibration_sessions_benchmark_user_id_users_id_fk" FOREIGN KEY ("benchmark_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "calibration_items_interaction_idx" ON "calibration_items" USING btree ("interaction_id");--> statement-breakpoint
CREATE INDEX "calibration_notes_session_idx" ON "calibration_notes" USING btree ("session_id","interaction_id");--> statement-breakpoint
CREATE INDEX "calibration_participants_user_idx" ON "calibration_participants" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "calibration_sessions_org_status_idx" ON "calibration_sessions" USING btree ("organization_id","status","deadline");--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_calibration_session_id_calibration_sessions_id_fk" FOREIGN KEY ("calibration_session_id") REFERENCES "public"."calibration_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "evaluations_calibration_unique" ON "evaluations" USING btree ("calibration_session_id","interaction_id","reviewer_id") WHERE "evaluations"."calibration_session_id" is not null;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_calibration_kind" CHECK (("evaluations"."kind" = 'calibration') = ("evaluations"."calibration_session_id" is not null));
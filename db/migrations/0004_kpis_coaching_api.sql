CREATE TYPE "public"."coaching_status" AS ENUM('open', 'in_progress', 'done', 'cancelled');--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "coaching_task_evaluations" (
	"task_id" uuid NOT NULL,
	"evaluation_id" uuid NOT NULL,
	CONSTRAINT "coaching_task_evaluations_task_id_evaluation_id_pk" PRIMARY KEY("task_id","evaluation_id")
);
--> statement-breakpoint
CREATE TABLE "coaching_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"vendor_id" uuid NOT NULL,
	"agent_id" uuid NOT NULL,
	"scorecard_id" uuid NOT NULL,
	"criterion_key" text NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"due_date" date NOT NULL,
	"status" "coaching_status" DEFAULT 'open' NOT NULL,
	"created_by" uuid NOT NULL,
	"completed_at" timestamp with time zone,
	"lock_version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "context_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"on_date" date NOT NULL,
	"vendor_id" uuid,
	"body" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "interaction_root_causes" (
	"interaction_id" uuid PRIMARY KEY NOT NULL,
	"vendor_id" uuid NOT NULL,
	"root_cause" text NOT NULL,
	"note" text,
	"tagged_by" uuid NOT NULL,
	"tagged_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kpi_targets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kpi" text NOT NULL,
	"vendor_id" uuid,
	"threshold" double precision NOT NULL,
	"warning_band" double precision DEFAULT 0 NOT NULL,
	"effective_from" date NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kpi_targets_warning_band" CHECK ("kpi_targets"."warning_band" >= 0)
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coaching_task_evaluations" ADD CONSTRAINT "coaching_task_evaluations_task_id_coaching_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."coaching_tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coaching_task_evaluations" ADD CONSTRAINT "coaching_task_evaluations_evaluation_id_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."evaluations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coaching_tasks" ADD CONSTRAINT "coaching_tasks_vendor_id_organizations_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coaching_tasks" ADD CONSTRAINT "coaching_tasks_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coaching_tasks" ADD CONSTRAINT "coaching_tasks_scorecard_id_scorecards_id_fk" FOREIGN KEY ("scorecard_id") REFERENCES "public"."scorecards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coaching_tasks" ADD CONSTRAINT "coaching_tasks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "context_notes" ADD CONSTRAINT "context_notes_vendor_id_organizations_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "context_notes" ADD CONSTRAINT "context_notes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interaction_root_causes" ADD CONSTRAINT "interaction_root_causes_interaction_id_interactions_id_fk" FOREIGN KEY ("interaction_id") REFERENCES "public"."interactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interaction_root_causes" ADD CONSTRAINT "interaction_root_causes_vendor_id_organizations_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interaction_root_causes" ADD CONSTRAINT "interaction_root_causes_tagged_by_users_id_fk" FOREIGN KEY ("tagged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_targets" ADD CONSTRAINT "kpi_targets_vendor_id_organizations_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_targets" ADD CONSTRAINT "kpi_targets_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_tokens_user_idx" ON "api_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "coaching_tasks_vendor_status_idx" ON "coaching_tasks" USING btree ("vendor_id","status","due_date");--> statement-breakpoint
CREATE INDEX "coaching_tasks_agent_idx" ON "coaching_tasks" USING btree ("agent_id");--> statement-breakpoint
CREATE INDEX "context_notes_date_idx" ON "context_notes" USING btree ("on_date");--> statement-breakpoint
CREATE INDEX "interaction_root_causes_vendor_idx" ON "interaction_root_causes" USING btree ("vendor_id","tagged_at");--> statement-breakpoint
CREATE INDEX "kpi_targets_lookup_idx" ON "kpi_targets" USING btree ("kpi","vendor_id","effective_from");--> statement-breakpoint
CREATE INDEX "interactions_team_started_idx" ON "interactions" USING btree ("team_id","started_at");
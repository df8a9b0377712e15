CREATE TABLE "scorecard_drafts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"scorecard_id" uuid,
	"based_on_version_id" uuid,
	"content" jsonb NOT NULL,
	"lock_version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid NOT NULL,
	"updated_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "scorecard_drafts" ADD CONSTRAINT "scorecard_drafts_scorecard_id_scorecards_id_fk" FOREIGN KEY ("scorecard_id") REFERENCES "public"."scorecards"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scorecard_drafts" ADD CONSTRAINT "scorecard_drafts_based_on_version_id_scorecard_versions_id_fk" FOREIGN KEY ("based_on_version_id") REFERENCES "public"."scorecard_versions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scorecard_drafts" ADD CONSTRAINT "scorecard_drafts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scorecard_drafts" ADD CONSTRAINT "scorecard_drafts_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "scorecard_drafts_scorecard_idx" ON "scorecard_drafts" USING btree ("scorecard_id");--> statement-breakpoint
-- Who published a version is part of its record, as is when (see 0001).
CREATE OR REPLACE FUNCTION scorecard_versions_guard() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status <> 'draft' THEN
      RAISE EXCEPTION 'scorecard version % is % and cannot be deleted', OLD.id, OLD.status;
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.status <> 'draft' AND (
       NEW.definition IS DISTINCT FROM OLD.definition
    OR NEW.content_hash IS DISTINCT FROM OLD.content_hash
    OR NEW.number IS DISTINCT FROM OLD.number
    OR NEW.scorecard_id IS DISTINCT FROM OLD.scorecard_id
    OR NEW.published_at IS DISTINCT FROM OLD.published_at
    OR NEW.published_by IS DISTINCT FROM OLD.published_by
    OR (NEW.status = 'draft')
  ) THEN
    RAISE EXCEPTION 'scorecard version % is % and immutable', OLD.id, OLD.status;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

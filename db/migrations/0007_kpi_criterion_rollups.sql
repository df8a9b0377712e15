CREATE TABLE "kpi_criterion_rollups" (
	"grain" text NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"agent_id" uuid NOT NULL,
	"vendor_id" uuid NOT NULL,
	"scorecard_id" uuid NOT NULL,
	"criterion_key" text NOT NULL,
	"root_cause" text NOT NULL,
	"answers" bigint DEFAULT 0 NOT NULL,
	"errors" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "kpi_criterion_rollups_key" ON "kpi_criterion_rollups" USING btree ("grain","bucket","agent_id","vendor_id","scorecard_id","criterion_key","root_cause");
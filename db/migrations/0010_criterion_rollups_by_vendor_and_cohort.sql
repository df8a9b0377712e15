CREATE TABLE "kpi_vendor_criterion_rollups" (
	"grain" text NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"vendor_id" uuid NOT NULL,
	"scorecard_id" uuid NOT NULL,
	"criterion_key" text NOT NULL,
	"root_cause" text NOT NULL,
	"answers" bigint DEFAULT 0 NOT NULL,
	"errors" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "kpi_vendor_criterion_rollups_key" ON "kpi_vendor_criterion_rollups" USING btree ("grain","bucket","vendor_id","scorecard_id","criterion_key","root_cause");--> statement-breakpoint
CREATE TABLE "kpi_cohort_criterion_rollups" (
	"grain" text NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"vendor_id" uuid NOT NULL,
	"training_cohort" text NOT NULL,
	"scorecard_id" uuid NOT NULL,
	"criterion_key" text NOT NULL,
	"answers" bigint DEFAULT 0 NOT NULL,
	"errors" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "kpi_cohort_criterion_rollups_key" ON "kpi_cohort_criterion_rollups" USING btree ("grain","bucket","vendor_id","training_cohort","scorecard_id","criterion_key");
--> statement-breakpoint
-- A database with criterion rollups gets their sums by vendor and by cohort here, so no rebuild is needed.
INSERT INTO "kpi_vendor_criterion_rollups"
SELECT "grain", "bucket", "vendor_id", "scorecard_id", "criterion_key", "root_cause", sum("answers"), sum("errors")
FROM "kpi_criterion_rollups"
GROUP BY 1, 2, 3, 4, 5, 6;--> statement-breakpoint
INSERT INTO "kpi_cohort_criterion_rollups"
SELECT r."grain", r."bucket", r."vendor_id", a."training_cohort", r."scorecard_id", r."criterion_key", sum(r."answers"), sum(r."errors")
FROM "kpi_criterion_rollups" r JOIN "agents" a ON a."id" = r."agent_id"
GROUP BY 1, 2, 3, 4, 5, 6;

import { z } from "zod";
import { KPI_DEFINITIONS, KPI_KEYS } from "~/domain/kpi-definitions";
import { KPI_PERIODS } from "~/domain/kpi-period";
import { KPI_DIMENSIONS } from "~/models/kpi.server";

const AGGREGATE_KPIS = KPI_KEYS.filter((k) => KPI_DEFINITIONS[k].source === "aggregate");
const day = z.iso.date({ error: "Use a calendar date like 2026-01-31." });
const list = <T extends string>(allowed: readonly T[], what: string) =>
  z
    .string()
    .transform((v) => v.split(",").filter(Boolean))
    .refine(
      (v) => v.every((x) => allowed.includes(x as T)),
      `Use a comma-separated list of: ${allowed.join(", ")} (${what}).`,
    )
    .transform((v) => v as T[]);

/** Query of GET /api/v1/kpis. Unknown parameters are refused so a typo does not change the result. */
export const KpisQuerySchema = z
  .strictObject({
    groupBy: list(KPI_DIMENSIONS, "dimensions").default(["vendor"]),
    period: z.enum(KPI_PERIODS, { error: `Use one of: ${KPI_PERIODS.join(", ")}.` }).default("week"),
    from: day.optional(),
    to: day.optional(),
    kpis: list(AGGREGATE_KPIS, "KPIs").default(AGGREGATE_KPIS),
    vendorId: z.uuid({ error: "Use the vendor's id (a UUID)." }).optional(),
  })
  .refine((q) => (q.from === undefined) === (q.to === undefined), {
    path: ["to"],
    error: "Give both from and to, or neither.",
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ["to"], error: "Must be on or after from." });

import { z } from "zod";
import { isKpiKey, kpiDefinition, type KpiKey } from "~/domain/kpi-definitions";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Choose a date.");

export const ContextNoteSchema = z.object({
  onDate: day,
  vendorId: z
    .string()
    .optional()
    .transform((v) => v || null),
  body: z.string().trim().min(3, "Write at least 3 characters.").max(200, "Keep notes under 200 characters."),
});

/**
 * A new target. Percent KPIs are typed as percentages (85 means 85%) and stored as shares, like the
 * KPI values they are compared with; everything else is stored as typed.
 */
export const KpiTargetSchema = z
  .object({
    kpi: z.string().refine(isKpiKey, "Choose a KPI."),
    vendorId: z
      .string()
      .optional()
      .transform((v) => v || null),
    threshold: z.coerce.number({ error: "Enter a number." }).refine(Number.isFinite, "Enter a number."),
    warningBand: z.coerce
      .number({ error: "Enter a number." })
      .min(0, "The warning band cannot be negative.")
      .default(0),
    effectiveFrom: day,
  })
  .transform((t) => {
    const percent = kpiDefinition(t.kpi as KpiKey).unit === "percent";
    return {
      ...t,
      kpi: t.kpi as KpiKey,
      threshold: percent ? t.threshold / 100 : t.threshold,
      warningBand: percent ? t.warningBand / 100 : t.warningBand,
    };
  });

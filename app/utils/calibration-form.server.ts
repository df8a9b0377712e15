import { z } from "zod";
import { zonedLocalToUtc } from "~/domain/time-zone";

/** A `datetime-local` value read in the viewer's time zone. */
const deadline = (timeZone: string) =>
  z.string({ error: "Set a deadline." }).transform((text, ctx) => {
    const at = zonedLocalToUtc(text, timeZone);
    if (!at) {
      ctx.addIssue({ code: "custom", message: "Set a deadline as a date and time." });
      return z.NEVER;
    }
    return at;
  });

const title = z
  .string()
  .trim()
  .min(3, "Give the session a title of at least 3 characters.")
  .max(120, "Keep the title under 120 characters.");

export const CreateCalibrationSchema = (timeZone: string) =>
  z.object({
    title,
    scorecardVersionId: z.string().min(1, "Choose a scorecard version."),
    deadline: deadline(timeZone),
    hideAgentNames: z.literal("on").optional().transform(Boolean),
  });

export const SettingsSchema = (timeZone: string) =>
  z.object({
    intent: z.literal("settings"),
    lockVersion: z.coerce.number().int().min(0),
    title,
    deadline: deadline(timeZone),
    hideAgentNames: z.literal("on").optional().transform(Boolean),
    reference: z.enum(["consensus", "benchmark"], { error: "Choose the reference." }),
    benchmarkUserId: z
      .string()
      .optional()
      .transform((v) => v || null),
  });

export const DeadlineSchema = (timeZone: string) =>
  z.object({
    intent: z.literal("deadline"),
    deadline: deadline(timeZone),
    lockVersion: z.coerce.number().int().min(0),
  });

const channel = z
  .enum(["call", "chat", "email", ""])
  .optional()
  .transform((v) => v || null);
const day = z
  .string()
  .optional()
  .transform((v) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T00:00:00Z`) : null));

export const CandidateFilterSchema = z.object({
  vendorId: z
    .string()
    .optional()
    .transform((v) => v || null),
  channel,
  from: day,
  to: day,
});

export const RandomItemsSchema = CandidateFilterSchema.extend({
  intent: z.literal("add-random"),
  count: z.coerce
    .number({ error: "How many?" })
    .int("A whole number, please.")
    .min(1, "At least 1.")
    .max(50, "At most 50."),
});

export const ConsensusSchema = z.object({
  intent: z.literal("consensus"),
  interactionId: z.string().min(1),
  criterionKey: z.string().min(1),
  value: z
    .string()
    .min(1, "Choose the consensus answer.")
    .transform((v, ctx) => {
      if (v === "na") return "na" as const;
      const n = Number(v);
      if (!Number.isFinite(n)) {
        ctx.addIssue({ code: "custom", message: "Choose the consensus answer." });
        return z.NEVER;
      }
      return n;
    }),
  rationale: z.string().max(2000, "Keep the rationale under 2000 characters.").default(""),
  // "none" when the form showed no consensus yet.
  previousDecidedAt: z
    .string()
    .min(1)
    .transform((v) => (v === "none" ? null : v)),
});

export const NoteSchema = z.object({
  intent: z.literal("note"),
  interactionId: z.string().min(1),
  criterionKey: z.string().min(1),
  body: z.string().trim().min(1, "Write something first.").max(2000, "Keep notes under 2000 characters."),
});

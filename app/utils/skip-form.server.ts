import { z } from "zod";

export const SkipSchema = z.object({
  assignmentId: z.uuid({ error: "Unknown assignment." }),
  lockVersion: z.coerce.number().int().min(1),
  reason: z
    .string()
    .trim()
    .min(3, "Say why you skip it (at least 3 characters).")
    .max(500, "Keep the reason under 500 characters."),
});

export const ReassignSchema = z.object({
  assignmentId: z.uuid({ error: "Unknown assignment." }),
  lockVersion: z.coerce.number().int().min(1),
  reviewerId: z.uuid({ error: "Choose a reviewer." }),
});

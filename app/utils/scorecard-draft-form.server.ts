import { z } from "zod";
import { CHANNELS } from "~/domain/scorecard-definition";
import type { DraftContent, DraftError } from "~/domain/scorecard-draft";
import type { ScorecardFileError } from "~/domain/scorecard-file.server";
import { formToObject, toFieldErrors, type FieldErrors } from "./form.server";

/** Slugs that would collide with the scorecard pages' own paths. */
const RESERVED_SLUGS = ["new", "import", "drafts"];

const NewScorecardSchema = z.object({
  slug: z
    .string()
    .trim()
    .min(2, "Give a slug of at least 2 characters.")
    .max(60, "Keep the slug under 60 characters.")
    .regex(/^[a-z0-9-]+$/, "Use only a-z, 0-9 and - in the slug.")
    .refine((s) => !RESERVED_SLUGS.includes(s), "That slug is reserved; pick another."),
  name: z.string().trim().min(1, "Give the scorecard a name.").max(120, "Keep the name under 120 characters."),
  channel: z.enum(CHANNELS, { error: "Pick a channel." }),
});

export function readNewScorecardForm(form: FormData) {
  const parsed = NewScorecardSchema.safeParse(formToObject(form));
  return parsed.success
    ? ({ ok: true, input: parsed.data } as const)
    : ({ ok: false, errors: toFieldErrors(parsed.error) as FieldErrors } as const);
}

const MAX_CONTENT = 500_000;

/**
 * The shape the editor sends: types and sizes only, so a stored draft always renders. Whether the values
 * make a valid scorecard is the file schema's question (validateScorecardContent), answered with located
 * errors; numbers may still be text here so that "ten" can be reported where it was typed.
 */
const text = (max: number) => z.string().max(max);
const NumberFieldSchema = z.union([z.number(), text(50)]).optional();
const DraftShapeSchema = z.object({
  scorecard: text(100),
  name: text(200),
  channel: text(20),
  version: z.number().int(),
  description: text(5_000),
  pass_threshold: NumberFieldSchema,
  na_policy: text(30),
  dispute_window_days: NumberFieldSchema,
  sections: z
    .array(
      z.object({
        key: text(100),
        label: text(500),
        weight: NumberFieldSchema,
        criteria: z
          .array(
            z.object({
              key: text(100),
              label: text(500),
              guideline: text(10_000),
              scale: z.object({
                type: text(20),
                labels: z.array(text(500)).max(20).optional(),
                options: z
                  .array(z.object({ value: NumberFieldSchema, label: text(500) }))
                  .max(50)
                  .optional(),
              }),
              pass_at: NumberFieldSchema,
              weight: NumberFieldSchema,
              na_allowed: z.boolean(),
              critical: text(20),
              root_causes: z.array(text(50)).max(20),
            }),
          )
          .max(200),
      }),
    )
    .max(100),
});
const LockSchema = z.coerce.number().int().min(1);

const SaveSchema = z.object({
  intent: z.literal("save"),
  lockVersion: LockSchema,
  content: z.string().max(MAX_CONTENT, "The draft is too large to save."),
});
const PlainSchema = z.object({ intent: z.enum(["publish", "discard"]), lockVersion: LockSchema });

export type DraftIntent =
  | { intent: "save"; lockVersion: number; content: DraftContent }
  | { intent: "publish" | "discard"; lockVersion: number };

/** The editor's requests; a draft's content must at least be a JSON object (the file schema judges the rest). */
/** Content in the editor's shape, or what is wrong with its shape. */
export function readDraftShape(json: unknown): { ok: true; content: DraftContent } | { ok: false; message: string } {
  const shaped = DraftShapeSchema.safeParse(json);
  if (shaped.success) return { ok: true, content: shaped.data as DraftContent };
  const issue = shaped.error.issues[0];
  return {
    ok: false,
    message: `The draft is not shaped like a scorecard at ${issue.path.join(".") || "the top"}: ${issue.message}`,
  };
}

export function readDraftForm(form: FormData): { ok: true; value: DraftIntent } | { ok: false; message: string } {
  const raw = formToObject(form);
  if (raw.intent === "save") {
    const parsed = SaveSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, message: parsed.error.issues[0].message };
    let json: unknown;
    try {
      json = JSON.parse(parsed.data.content);
    } catch {
      return { ok: false, message: "The draft content is not valid JSON." };
    }
    const shaped = readDraftShape(json);
    if (!shaped.ok) return shaped;
    return { ok: true, value: { ...parsed.data, intent: "save", content: shaped.content } };
  }
  const parsed = PlainSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, message: "Unknown request; reload the page." };
  return { ok: true, value: parsed.data };
}

export function toDraftErrors(errors: ScorecardFileError[]): DraftError[] {
  return errors.map((e) => ({ path: e.path, message: e.message }));
}

import { z } from "zod";
import { periodWindow } from "~/domain/kpi-period";
import { ROOT_CAUSES } from "~/domain/scorecard-definition";
import { COACHING_STATUSES, MAX_COACHING_NOTES, MAX_DSAT_NOTE, parseTrainerWeeks } from "~/domain/trainer-analysis";
import { listScopedVendors } from "~/models/kpi.server";
import type { TrainerFilter } from "~/models/trainer.server";
import { can } from "~/domain/permissions";
import { requireUser, type CurrentUser } from "./auth.server";
import { toFieldErrors, type FieldErrors } from "./form.server";

// Field names: coaching form `agentId`, `criterion` ("<scorecardId>:<criterionKey>"), `dueDate`, `notes`,
// `evaluationId` (repeated); task page `intent` (status | notes), `status`, `notes`, `lockVersion`;
// DSAT tagging `interactionId`, `rootCause`, `note`.

type Parsed<T> = { ok: true; data: T } | { ok: false; fieldErrors: FieldErrors };

const day = z.string({ error: "Choose a due date." }).regex(/^\d{4}-\d{2}-\d{2}$/, "Choose a due date.");
const notes = z
  .string()
  .trim()
  .max(MAX_COACHING_NOTES, `Keep notes under ${MAX_COACHING_NOTES} characters.`)
  .default("");
const LockVersion = z.coerce.number({ error: "The form was incomplete; reload the page." }).int().min(1);

const CoachingTaskSchema = z.object({
  agentId: z.string({ error: "Choose an agent." }).min(1, "Choose an agent."),
  criterion: z
    .string({ error: "Choose a criterion." })
    .regex(/^[^:]+:.+$/, "Choose a criterion.")
    .transform((v) => {
      const at = v.indexOf(":");
      return { scorecardId: v.slice(0, at), criterionKey: v.slice(at + 1) };
    }),
  dueDate: day,
  notes,
  evaluationIds: z.array(z.string()),
});

/** The new coaching task form. `today` is the viewer's local date: a due date before it is refused. */
export function readCoachingTaskForm(form: FormData, today: string) {
  const parsed = CoachingTaskSchema.safeParse({
    agentId: form.get("agentId") || undefined,
    criterion: form.get("criterion") || undefined,
    dueDate: form.get("dueDate") || undefined,
    notes: form.get("notes") ?? undefined,
    evaluationIds: form.getAll("evaluationId").map(String),
  });
  if (!parsed.success) return { ok: false, fieldErrors: toFieldErrors(parsed.error) } as const;
  if (parsed.data.dueDate < today)
    return { ok: false, fieldErrors: { dueDate: "The due date cannot be in the past." } } as const;
  const { criterion, ...rest } = parsed.data;
  return { ok: true, data: { ...rest, ...criterion } } as const;
}

const CoachingUpdateSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("status"),
      status: z.enum(COACHING_STATUSES, { error: "Choose a status." }),
      lockVersion: LockVersion,
    }),
    z.object({ intent: z.literal("notes"), notes, lockVersion: LockVersion }),
  ],
  { error: "Unknown action." },
);

export type CoachingUpdate = z.infer<typeof CoachingUpdateSchema>;

/** The task page's two forms: a status change, or the notes. */
export function readCoachingUpdateForm(form: FormData): Parsed<CoachingUpdate> {
  const parsed = CoachingUpdateSchema.safeParse(Object.fromEntries([...form].filter(([, v]) => typeof v === "string")));
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, fieldErrors: toFieldErrors(parsed.error) };
}

const DsatTagSchema = z.object({
  interactionId: z.string({ error: "The form was incomplete; reload the page." }).min(1),
  rootCause: z.enum(ROOT_CAUSES, { error: "Choose a root cause." }),
  note: z
    .string()
    .trim()
    .max(MAX_DSAT_NOTE, `Keep the note under ${MAX_DSAT_NOTE} characters.`)
    .optional()
    .transform((v) => v || null),
});

/** A DSAT case's root cause and optional note. */
export function readDsatTagForm(form: FormData): Parsed<z.infer<typeof DsatTagSchema>> {
  const parsed = DsatTagSchema.safeParse({
    interactionId: form.get("interactionId") ?? undefined,
    rootCause: form.get("rootCause") ?? undefined,
    note: form.get("note") ?? undefined,
  });
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, fieldErrors: toFieldErrors(parsed.error) };
}

/**
 * The trainer view's query: `weeks` (4, 8, 12 or 26; 12 unless asked) in the viewer's time zone and, for
 * client users, an optional `vendor`. A vendor outside the viewer's scope is a 404, like any other
 * out-of-scope id.
 */
export async function readTrainerQuery(url: URL, user: CurrentUser, now = new Date()) {
  const weeks = parseTrainerWeeks(url.searchParams.get("weeks"));
  const window = periodWindow(now, user.timeZone, "week", weeks);
  const vendors = await listScopedVendors(user.scope);
  const asked = url.searchParams.get("vendor") || null;
  if (asked && !vendors.some((v) => v.id === asked)) throw new Response("Not Found", { status: 404 });
  const vendorId = user.scope.kind === "vendor" ? null : asked;
  const filter: TrainerFilter = { scope: user.scope, from: window.from, to: window.to, vendorId };
  return { weeks, window, vendorId, vendors: user.scope.kind === "client" ? vendors : [], filter };
}

/** Coaching tasks are read by whoever coaches (coaching:manage) or follows training (trainer:view); never agents. */
export async function requireCoachingReader(request: Request): Promise<CurrentUser> {
  const user = await requireUser(request);
  if (!can(user, "coaching:manage") && !can(user, "trainer:view"))
    throw new Response("You do not have permission to do this (coaching:manage).", { status: 403 });
  return user;
}

/**
 * The sampling plan form and the preview/generate inputs, parsed with zod on the server only (zod stays
 * out of the browser bundle). Checks that need the database (which vendors, teams, scorecards and
 * reviewers exist in the caller's scope) live in app/models/sampling.server.ts.
 */
import { z } from "zod";
import { CHANNELS, type Channel, type SamplingFilters, type SamplingRules } from "./sampling";
import { parseDay, SAMPLING_PERIODS, type SamplingPeriod } from "./sampling-period";

/** Fields sent once per checked box; every other field is a single value. */
export const PLAN_LIST_FIELDS = [
  "channels",
  "vendorIds",
  "teamIds",
  "queues",
  "contactReasons",
  "reviewerIds",
] as const;
export type PlanFormValues = Record<string, string | string[]>;
export type FieldErrors = Record<string, string>;

/** The posted form as typed, lists as arrays: parsed by the schemas below and echoed back on errors. */
export function readPlanForm(form: FormData): PlanFormValues {
  const values: PlanFormValues = Object.fromEntries(PLAN_LIST_FIELDS.map((key) => [key, [] as string[]]));
  for (const [key, value] of form) {
    if (typeof value !== "string") continue;
    const list = values[key];
    if ((PLAN_LIST_FIELDS as readonly string[]).includes(key) && Array.isArray(list)) list.push(value);
    else values[key] = value;
  }
  return values;
}

const blankToUndefined = (value: unknown) => (value === "" || value === null ? undefined : value);
const wholeNumber = (min: number, max: number, message: string) =>
  z.coerce.number({ error: message }).int(message).min(min, message).max(max, message);
const optionalWholeNumber = (min: number, max: number, message: string) =>
  z.preprocess(blankToUndefined, wholeNumber(min, max, message).optional());
const checkbox = z
  .literal("on")
  .optional()
  .transform((v) => v === "on");
const anyYesNo = z
  .enum(["", "yes", "no"], { error: "Choose any, yes or no." })
  .optional()
  .transform((v) => (v === "yes" ? true : v === "no" ? false : undefined));
const slug = z.preprocess(blankToUndefined, z.string().trim().max(100).optional());
const label = z.string().trim().min(1).max(100);

const planFields = {
  name: z.string().trim().min(1, "Enter a name.").max(120, "Use at most 120 characters."),
  description: z.string().trim().max(500, "Use at most 500 characters.").optional().default(""),
  period: z.enum(SAMPLING_PERIODS, { error: "Choose day, week or month." }),
  quotaPerAgent: wholeNumber(1, 100, "Enter a whole number from 1 to 100."),
  seed: wholeNumber(0, 2_147_483_647, "Enter a whole number from 0 to 2147483647."),
  dueDays: wholeNumber(1, 60, "Enter a whole number of days from 1 to 60."),
  excludeEvaluated: checkbox,
  active: checkbox,
  channels: z.array(z.enum(CHANNELS, { error: "Choose call, chat or email." })).default([]),
  vendorIds: z.array(z.uuid({ error: "Choose vendors from the list." })).default([]),
  teamIds: z.array(z.uuid({ error: "Choose teams from the list." })).default([]),
  queues: z.array(label).default([]),
  contactReasons: z.array(label).default([]),
  csatMin: optionalWholeNumber(1, 5, "CSAT runs from 1 to 5."),
  csatMax: optionalWholeNumber(1, 5, "CSAT runs from 1 to 5."),
  escalated: anyYesNo,
  fcr: anyYesNo,
  handleTimeAbovePercentile: optionalWholeNumber(1, 99, "Enter a percentile from 1 to 99, or leave it empty."),
  minCall: optionalWholeNumber(0, 100, "Enter a whole number, or leave it empty."),
  minChat: optionalWholeNumber(0, 100, "Enter a whole number, or leave it empty."),
  minEmail: optionalWholeNumber(0, 100, "Enter a whole number, or leave it empty."),
  mustIncludeEscalated: checkbox,
  mustIncludeCsatAtMost: optionalWholeNumber(1, 5, "CSAT runs from 1 to 5."),
  scorecardCall: slug,
  scorecardChat: slug,
  scorecardEmail: slug,
  reviewerIds: z.array(z.uuid({ error: "Choose reviewers from the list." })).min(1, "Choose at least one reviewer."),
};

type PlanFields = z.infer<z.ZodObject<typeof planFields>>;
const MIN_FIELD: Record<Channel, "minCall" | "minChat" | "minEmail"> = {
  call: "minCall",
  chat: "minChat",
  email: "minEmail",
};
const SCORECARD_FIELD: Record<Channel, "scorecardCall" | "scorecardChat" | "scorecardEmail"> = {
  call: "scorecardCall",
  chat: "scorecardChat",
  email: "scorecardEmail",
};

/** The channels a plan samples: its channel filter, or all of them. */
export const sampledChannels = (channels: readonly Channel[]) => (channels.length > 0 ? channels : CHANNELS);

function checkPlan(v: PlanFields, ctx: z.RefinementCtx) {
  const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
  if (v.csatMin !== undefined && v.csatMax !== undefined && v.csatMin > v.csatMax) {
    issue("csatMax", "The highest CSAT must not be below the lowest.");
  }
  const sampled = sampledChannels(v.channels);
  let minimums = 0;
  let firstMinimum: string | null = null;
  for (const channel of CHANNELS) {
    const minimum = v[MIN_FIELD[channel]] ?? 0;
    minimums += minimum;
    if (minimum > 0) firstMinimum ??= MIN_FIELD[channel];
    if (minimum > 0 && !sampled.includes(channel)) {
      issue(MIN_FIELD[channel], `The plan's channels leave out ${channel}: clear this minimum or add the channel.`);
    }
  }
  // zod runs this even when a field already failed its own check: only compare against a valid quota.
  const quotaValid = Number.isInteger(v.quotaPerAgent) && v.quotaPerAgent >= 1 && v.quotaPerAgent <= 100;
  if (quotaValid && minimums > v.quotaPerAgent) {
    issue(
      firstMinimum ?? "minCall",
      `The channel minimums add up to ${minimums}, more than the quota of ${v.quotaPerAgent} per agent.`,
    );
  }
  for (const channel of sampled) {
    if (!v[SCORECARD_FIELD[channel]]) {
      issue(
        SCORECARD_FIELD[channel],
        `Choose a scorecard for ${channel} interactions, or leave ${channel} out of the channels.`,
      );
    }
  }
}

export type SamplingPlanInput = {
  name: string;
  description: string;
  period: SamplingPeriod;
  quotaPerAgent: number;
  seed: number;
  dueDays: number;
  excludeEvaluated: boolean;
  active: boolean;
  rules: SamplingRules;
  reviewerIds: string[];
};

/** Only what was set: omitted filters mean "any" and keep the stored rules readable. */
function toInput(v: PlanFields): SamplingPlanInput {
  const defined = <T extends object>(o: T) =>
    Object.fromEntries(
      Object.entries(o).filter(([, x]) => x !== undefined && !(Array.isArray(x) && x.length === 0)),
    ) as T;
  const filters: SamplingFilters = defined({
    channels: v.channels,
    vendorIds: v.vendorIds,
    teamIds: v.teamIds,
    queues: v.queues,
    contactReasons: v.contactReasons,
    csatMin: v.csatMin,
    csatMax: v.csatMax,
    escalated: v.escalated,
    fcr: v.fcr,
    handleTimeAbovePercentile: v.handleTimeAbovePercentile,
  });
  const minimums = Object.fromEntries(
    CHANNELS.flatMap((channel) => {
      const minimum = v[MIN_FIELD[channel]] ?? 0;
      return minimum > 0 ? [[channel, minimum]] : [];
    }),
  );
  const sampled = sampledChannels(v.channels);
  return {
    name: v.name,
    description: v.description,
    period: v.period,
    quotaPerAgent: v.quotaPerAgent,
    seed: v.seed,
    dueDays: v.dueDays,
    excludeEvaluated: v.excludeEvaluated,
    active: v.active,
    rules: {
      filters,
      strata: Object.keys(minimums).length > 0 ? { field: "channel", minimums } : null,
      mustInclude: defined({ escalated: v.mustIncludeEscalated || undefined, csatAtMost: v.mustIncludeCsatAtMost }),
      scorecards: Object.fromEntries(sampled.map((channel) => [channel, v[SCORECARD_FIELD[channel]]!])),
    },
    reviewerIds: [...new Set(v.reviewerIds)],
  };
}

export const CreateSamplingPlanSchema = z.object(planFields).superRefine(checkPlan).transform(toInput);

export const UpdateSamplingPlanSchema = z
  .object({ ...planFields, lockVersion: z.coerce.number().int().positive() })
  .superRefine(checkPlan)
  .transform((v) => ({ ...toInput(v), lockVersion: v.lockVersion }));

const day = z
  .string({ error: "Choose a date." })
  .trim()
  .refine((text) => parseDay(text) !== null, "Use a date like 2026-11-16.");

/** `?period=YYYY-MM-DD`: any day inside the period to preview. */
export const PeriodQuerySchema = z.object({ period: day.optional() });

export const GenerateRunSchema = z.object({ intent: z.literal("generate"), period: day });

/** First message per form field (list items report on the list: "reviewerIds.2" becomes "reviewerIds"). */
export function planFieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
  return errors;
}

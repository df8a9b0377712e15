import { describe, expect, it } from "vitest";
import {
  CreateSamplingPlanSchema,
  planFieldErrors,
  readPlanForm,
  UpdateSamplingPlanSchema,
} from "./sampling-plan-form.server";

const REVIEWER = "0b6f5a3e-58f4-4a51-9a39-3c1f0d4a1b2c";

function form(fields: [string, string][]) {
  const data = new FormData();
  for (const [key, value] of fields) data.append(key, value);
  return data;
}

const valid: [string, string][] = [
  ["name", "Weekly coaching sample"],
  ["period", "week"],
  ["quotaPerAgent", "4"],
  ["seed", "1234"],
  ["dueDays", "7"],
  ["excludeEvaluated", "on"],
  ["active", "on"],
  ["channels", "chat"],
  ["channels", "call"],
  ["csatMin", ""],
  ["minChat", "1"],
  ["minCall", "1"],
  ["minEmail", ""],
  ["mustIncludeEscalated", "on"],
  ["mustIncludeCsatAtMost", "2"],
  ["scorecardChat", "chat-support"],
  ["scorecardCall", "voice-call"],
  ["scorecardEmail", ""],
  ["escalated", ""],
  ["reviewerIds", REVIEWER],
];

const parse = (fields: [string, string][]) => CreateSamplingPlanSchema.safeParse(readPlanForm(form(fields)));
const errorsFor = (fields: [string, string][]) => {
  const result = parse(fields);
  if (result.success) throw new Error("expected errors");
  return planFieldErrors(result.error);
};
const replace = (key: string, value: string) => valid.map(([k, v]): [string, string] => [k, k === key ? value : v]);

describe("sampling plan form", () => {
  it("reads repeated fields as lists and builds the stored rules with only what was set", () => {
    const result = parse(valid);
    expect(result.success).toBe(true);
    expect(result.data).toEqual({
      name: "Weekly coaching sample",
      description: "",
      period: "week",
      quotaPerAgent: 4,
      seed: 1234,
      dueDays: 7,
      excludeEvaluated: true,
      active: true,
      reviewerIds: [REVIEWER],
      rules: {
        filters: { channels: ["chat", "call"] },
        strata: { field: "channel", minimums: { call: 1, chat: 1 } },
        mustInclude: { escalated: true, csatAtMost: 2 },
        scorecards: { chat: "chat-support", call: "voice-call" },
      },
    });
  });

  it("names the field for each bad input", () => {
    expect(errorsFor(replace("name", "  "))).toEqual({ name: "Enter a name." });
    expect(Object.keys(errorsFor(replace("quotaPerAgent", "0")))).toEqual(["quotaPerAgent"]);
    expect(Object.keys(errorsFor(replace("quotaPerAgent", "many")))).toEqual(["quotaPerAgent"]);
    expect(Object.keys(errorsFor(replace("period", "fortnight")))).toEqual(["period"]);
    expect(Object.keys(errorsFor(replace("reviewerIds", "not-a-uuid")))).toEqual(["reviewerIds"]);
    expect(Object.keys(errorsFor(valid.filter(([k]) => k !== "reviewerIds")))).toEqual(["reviewerIds"]);
    expect(Object.keys(errorsFor([...valid, ["csatMin", "4"], ["csatMax", "2"]]))).toEqual(["csatMax"]);
  });

  it("checks minimums against the quota and the channels, and asks for a scorecard per sampled channel", () => {
    expect(Object.keys(errorsFor(replace("quotaPerAgent", "1")))).toEqual(["minCall"]);
    expect(Object.keys(errorsFor(replace("minEmail", "1")))).toEqual(["minEmail"]);
    expect(Object.keys(errorsFor(replace("scorecardCall", "")))).toEqual(["scorecardCall"]);
    // No channel filter means every channel, so email needs a scorecard too.
    expect(Object.keys(errorsFor(valid.filter(([k]) => k !== "channels")))).toEqual(["scorecardEmail"]);
  });

  it("needs the lock version when editing", () => {
    expect(UpdateSamplingPlanSchema.safeParse(readPlanForm(form(valid))).success).toBe(false);
    const result = UpdateSamplingPlanSchema.safeParse(readPlanForm(form([...valid, ["lockVersion", "3"]])));
    expect(result.data?.lockVersion).toBe(3);
  });
});

import type { ReactNode } from "react";
import { SelectField, TextField } from "~/components/field";
import { ROLE_LABELS } from "~/domain/permissions";
import { CHANNELS, type SamplingRules } from "~/domain/sampling";
import type { FieldErrors, PlanFormValues } from "~/domain/sampling-plan-form.server";
import type { SamplingPlanFormOptions } from "~/models/sampling.server";

// The sampling plan form's fields, and the stored plan as field values (what the form shows on load).

export function newPlanValues(seed: number): PlanFormValues {
  return { period: "week", quotaPerAgent: "5", dueDays: "7", seed: String(seed), excludeEvaluated: "on", active: "on" };
}

/** The stored plan as the form's field values. */
export function planToFormValues(plan: {
  name: string;
  description: string;
  period: string;
  quotaPerAgent: number;
  seed: number;
  dueDays: number;
  excludeEvaluated: boolean;
  active: boolean;
  rules: SamplingRules;
  reviewerIds: string[];
}): PlanFormValues {
  const { filters, strata, mustInclude, scorecards } = plan.rules;
  const yesNo = (v: boolean | undefined) => (v === undefined ? "" : v ? "yes" : "no");
  const number = (v: number | undefined) => (v === undefined ? "" : String(v));
  const minimum = (channel: string) => (strata?.field === "channel" ? number(strata.minimums[channel]) : "");
  return {
    name: plan.name,
    description: plan.description,
    period: plan.period,
    quotaPerAgent: String(plan.quotaPerAgent),
    seed: String(plan.seed),
    dueDays: String(plan.dueDays),
    excludeEvaluated: plan.excludeEvaluated ? "on" : "",
    active: plan.active ? "on" : "",
    channels: filters.channels ?? [],
    vendorIds: filters.vendorIds ?? [],
    teamIds: filters.teamIds ?? [],
    queues: filters.queues ?? [],
    contactReasons: filters.contactReasons ?? [],
    csatMin: number(filters.csatMin),
    csatMax: number(filters.csatMax),
    escalated: yesNo(filters.escalated),
    fcr: yesNo(filters.fcr),
    handleTimeAbovePercentile: number(filters.handleTimeAbovePercentile),
    minCall: minimum("call"),
    minChat: minimum("chat"),
    minEmail: minimum("email"),
    mustIncludeEscalated: mustInclude.escalated ? "on" : "",
    mustIncludeCsatAtMost: number(mustInclude.csatAtMost),
    scorecardCall: scorecards.call ?? "",
    scorecardChat: scorecards.chat ?? "",
    scorecardEmail: scorecards.email ?? "",
    reviewerIds: plan.reviewerIds,
  };
}

/** Checkboxes sharing one name, sent once per checked box. */
function CheckboxGroup(props: {
  legend: string;
  name: string;
  options: { value: string; label: string }[];
  selected: string[];
  error?: string;
  hint?: ReactNode;
}) {
  const errorId = `field-${props.name}-error`;
  return (
    <fieldset style={FIELDSET} aria-describedby={props.error ? errorId : undefined}>
      <legend style={{ fontWeight: 600, fontSize: "0.9rem", padding: 0 }}>{props.legend}</legend>
      {props.hint ? <span className="small muted">{props.hint}</span> : null}
      <div
        style={{ display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(210px, 1fr))", gap: "0.2rem 1rem" }}
      >
        {props.options.map((o) => (
          <label key={o.value} className="checkbox">
            <input
              type="checkbox"
              name={props.name}
              value={o.value}
              defaultChecked={props.selected.includes(o.value)}
            />
            {o.label}
          </label>
        ))}
      </div>
      {props.error ? (
        <span id={errorId} className="error">
          {props.error}
        </span>
      ) : null}
    </fieldset>
  );
}

// Layout only; app.css has no checkbox-group style yet.
const FIELDSET = {
  border: "none",
  padding: 0,
  margin: 0,
  display: "flex",
  flexDirection: "column",
  gap: "0.25rem",
} as const;

const ANY_YES_NO = [
  { value: "", label: "Any" },
  { value: "yes", label: "Yes" },
  { value: "no", label: "No" },
];

/** Every field of the plan form, filled from `values` (what was stored, or what was just typed). */
export function PlanFields({
  options,
  values,
  errors,
  vendorName,
}: {
  options: SamplingPlanFormOptions;
  values: PlanFormValues;
  errors: FieldErrors;
  /** Set for vendor users, whose plans always cover their own vendor. */
  vendorName: string | null;
}) {
  const text = (name: string) => {
    const v = values[name];
    return typeof v === "string" ? v : "";
  };
  const list = (name: string) => {
    const v = values[name];
    return Array.isArray(v) ? v : [];
  };
  const vendorOf = new Map(options.vendors.map((v) => [v.id, v.name]));
  const scorecardOptions = (channel: string) => [
    { value: "", label: "None" },
    ...options.scorecards.filter((c) => c.channel === channel).map((c) => ({ value: c.slug, label: c.name })),
  ];
  const number = (label: string, name: string, hint?: string) => (
    <TextField
      label={label}
      name={name}
      type="number"
      inputMode="numeric"
      defaultValue={text(name)}
      error={errors[name]}
      hint={hint}
    />
  );
  return (
    <>
      <TextField label="Name" name="name" defaultValue={text("name")} error={errors.name} />
      <TextField label="Description" name="description" defaultValue={text("description")} error={errors.description} />
      <div className="grid">
        <SelectField
          label="Period"
          name="period"
          defaultValue={text("period")}
          error={errors.period}
          hint="Weeks run Monday to Monday, days and months from midnight, in UTC."
          options={[
            { value: "week", label: "Week" },
            { value: "day", label: "Day" },
            { value: "month", label: "Month" },
          ]}
        />
        {number("Quota per agent", "quotaPerAgent", "Interactions to review per agent and period.")}
        {number("Due after (days)", "dueDays")}
        {number("Seed", "seed", "The same seed, period and interactions always give the same sample.")}
      </div>
      <label className="checkbox">
        <input type="checkbox" name="excludeEvaluated" defaultChecked={text("excludeEvaluated") === "on"} /> Skip
        interactions that already have an evaluation
      </label>
      <label className="checkbox">
        <input type="checkbox" name="active" defaultChecked={text("active") === "on"} /> Active
      </label>

      <h2>Which interactions</h2>
      <CheckboxGroup
        legend="Channels"
        name="channels"
        hint="None checked means every channel."
        options={CHANNELS.map((c) => ({ value: c, label: c }))}
        selected={list("channels")}
        error={errors.channels}
      />
      {vendorName ? (
        <p className="small muted">Your plans cover {vendorName} only.</p>
      ) : (
        <CheckboxGroup
          legend="Vendors"
          name="vendorIds"
          hint="None checked means every vendor."
          options={options.vendors.map((v) => ({ value: v.id, label: v.name }))}
          selected={list("vendorIds")}
          error={errors.vendorIds}
        />
      )}
      <CheckboxGroup
        legend="Teams"
        name="teamIds"
        hint="None checked means every team."
        options={options.teams.map((t) => ({
          value: t.id,
          label: vendorName ? t.name : `${t.name} (${vendorOf.get(t.vendorId) ?? ""})`,
        }))}
        selected={list("teamIds")}
        error={errors.teamIds}
      />
      <CheckboxGroup
        legend="Queues"
        name="queues"
        options={options.queues.map((q) => ({ value: q, label: q }))}
        selected={list("queues")}
        error={errors.queues}
      />
      <CheckboxGroup
        legend="Contact reasons"
        name="contactReasons"
        options={options.contactReasons.map((r) => ({ value: r, label: r.replace(/_/g, " ") }))}
        selected={list("contactReasons")}
        error={errors.contactReasons}
      />
      <div className="grid">
        {number("CSAT from", "csatMin", "1 to 5. A CSAT range leaves out interactions without CSAT.")}
        {number("CSAT to", "csatMax")}
        <SelectField
          label="Escalated"
          name="escalated"
          defaultValue={text("escalated")}
          error={errors.escalated}
          options={ANY_YES_NO}
        />
        <SelectField
          label="Resolved on first contact"
          name="fcr"
          defaultValue={text("fcr")}
          error={errors.fcr}
          options={ANY_YES_NO}
        />
        {number(
          "Handle time above percentile",
          "handleTimeAbovePercentile",
          "E.g. 90 keeps only the longest 10% of the interactions that pass the other filters.",
        )}
      </div>

      <h2>Mix and hard cases</h2>
      <p className="small muted">At least this many of each channel per agent, when the agent has them:</p>
      <div className="grid">
        {number("Minimum calls", "minCall")}
        {number("Minimum chats", "minChat")}
        {number("Minimum emails", "minEmail")}
      </div>
      <label className="checkbox">
        <input type="checkbox" name="mustIncludeEscalated" defaultChecked={text("mustIncludeEscalated") === "on"} />{" "}
        Always include escalations (within the quota)
      </label>
      <div className="grid">
        {number(
          "Always include CSAT at most",
          "mustIncludeCsatAtMost",
          "E.g. 2: every rating of 1 or 2 is reviewed, within the quota.",
        )}
      </div>

      <h2>Scorecards</h2>
      <p className="small muted">The newest published version is pinned when assignments are generated.</p>
      <div className="grid">
        <SelectField
          label="Call scorecard"
          name="scorecardCall"
          defaultValue={text("scorecardCall")}
          error={errors.scorecardCall}
          options={scorecardOptions("call")}
        />
        <SelectField
          label="Chat scorecard"
          name="scorecardChat"
          defaultValue={text("scorecardChat")}
          error={errors.scorecardChat}
          options={scorecardOptions("chat")}
        />
        <SelectField
          label="Email scorecard"
          name="scorecardEmail"
          defaultValue={text("scorecardEmail")}
          error={errors.scorecardEmail}
          options={scorecardOptions("email")}
        />
      </div>

      <h2>Reviewers</h2>
      <CheckboxGroup
        legend="Reviewers on this plan"
        name="reviewerIds"
        hint={vendorName ? undefined : "Vendor reviewers only get their own vendor's interactions."}
        options={options.reviewers.map((r) => ({
          value: r.id,
          label: `${r.name} (${ROLE_LABELS[r.role]}, ${r.organizationName})`,
        }))}
        selected={list("reviewerIds")}
        error={errors.reviewerIds}
      />
    </>
  );
}

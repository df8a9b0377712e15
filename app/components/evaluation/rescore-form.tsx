import { Form, Link } from "@remix-run/react";
import { useEffect, useState } from "react";
import type { AnswerEntries, AnswerProblem } from "~/domain/evaluation-answers";
import { isMet, listCriteria, type Criterion, type ScorecardDefinition } from "~/domain/scorecard-definition";

const isMiss = (criterion: Criterion, value: number | "na" | null | undefined) =>
  typeof value === "number" && criterion.scale.options.some((o) => o.value === value) && !isMet(criterion, value);

/**
 * The re-score form: every criterion with its current answer, root cause and comment, and a required
 * reason. A plain POST form; once hydrated, root causes show only where the answer is a miss.
 */
export function RescoreForm(props: {
  evaluationId: string;
  definition: ScorecardDefinition;
  entries: AnswerEntries;
  lockVersion: string | number;
  problems: AnswerProblem[];
  reason: string;
  reasonError?: string;
  message?: string;
  busy: boolean;
}) {
  const { definition } = props;
  const [values, setValues] = useState(() =>
    Object.fromEntries(listCriteria(definition).map((c) => [c.key, props.entries[c.key]?.value ?? null])),
  );
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const problems = new Map<string, AnswerProblem[]>();
  for (const p of props.problems) problems.set(p.criterionKey, [...(problems.get(p.criterionKey) ?? []), p]);
  return (
    <Form method="post" aria-label="Re-score">
      <input type="hidden" name="lockVersion" value={props.lockVersion} />
      <p className="muted">
        Change any answers or root causes. The score is recomputed on save, and the history records every change with
        your reason.
      </p>
      {props.message ? (
        <p className="form-error" role="alert">
          {props.message}
        </p>
      ) : null}
      {definition.sections.map((section) => (
        <section key={section.key} className="section-block" aria-labelledby={`sec-${section.key}`}>
          <h2 id={`sec-${section.key}`}>{section.label}</h2>
          {section.criteria.map((criterion) => {
            const entry = props.entries[criterion.key];
            const own = problems.get(criterion.key) ?? [];
            const value = values[criterion.key];
            const choose = (next: number | "na") => setValues((current) => ({ ...current, [criterion.key]: next }));
            return (
              <fieldset key={criterion.key} className={`score-criterion rescore${own.length ? " has-problem" : ""}`}>
                <legend>
                  <strong>{criterion.label}</strong>
                </legend>
                <div className="rescore-row">
                  <div className="options" role="radiogroup" aria-label={criterion.label}>
                    {criterion.scale.options.map((option) => (
                      <label key={option.value} className={`option${value === option.value ? " selected" : ""}`}>
                        <input
                          type="radio"
                          name={`answer.${criterion.key}`}
                          value={option.value}
                          defaultChecked={entry?.value === option.value}
                          onChange={() => choose(option.value)}
                        />
                        {option.label}
                      </label>
                    ))}
                    {criterion.naAllowed ? (
                      <label className={`option${value === "na" ? " selected" : ""}`}>
                        <input
                          type="radio"
                          name={`answer.${criterion.key}`}
                          value="na"
                          defaultChecked={entry?.value === "na"}
                          onChange={() => choose("na")}
                        />
                        N/A
                      </label>
                    ) : null}
                  </div>
                  {criterion.rootCauses.length > 0 && (!hydrated || isMiss(criterion, value)) ? (
                    <select
                      name={`rootCause.${criterion.key}`}
                      aria-label={`Root cause for ${criterion.label}${hydrated ? "" : " (when not met)"}`}
                      defaultValue={entry?.rootCause ?? ""}
                    >
                      <option value="">Root cause…</option>
                      {criterion.rootCauses.map((cause) => (
                        <option key={cause} value={cause}>
                          {cause.replaceAll("_", " ")}
                        </option>
                      ))}
                    </select>
                  ) : null}
                </div>
                <textarea
                  name={`comment.${criterion.key}`}
                  rows={1}
                  className="comment"
                  placeholder="Comment (optional)"
                  aria-label={`Comment on ${criterion.label}`}
                  defaultValue={entry?.comment ?? ""}
                />
                {own.map((p) => (
                  <p key={p.field + p.message} className="error small" role="alert">
                    {p.message}
                  </p>
                ))}
              </fieldset>
            );
          })}
        </section>
      ))}
      <div className="field narrow">
        <label htmlFor="reason">Reason for the re-score</label>
        <textarea
          id="reason"
          name="reason"
          rows={3}
          required
          minLength={3}
          defaultValue={props.reason}
          aria-invalid={props.reasonError ? true : undefined}
          aria-describedby={props.reasonError ? "reason-error" : undefined}
        />
        {props.reasonError ? (
          <span id="reason-error" className="error">
            {props.reasonError}
          </span>
        ) : null}
      </div>
      <div className="form-actions">
        <Link to={`/evaluations/${props.evaluationId}`} className="button secondary">
          Cancel
        </Link>
        <button type="submit" className="button" disabled={props.busy}>
          Save re-score
        </button>
      </div>
    </Form>
  );
}

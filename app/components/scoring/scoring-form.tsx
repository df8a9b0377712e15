import { useFetcher } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  emptyEntry,
  toAnswers,
  type AnswerEntries,
  type AnswerEntry,
  type AnswerProblem,
} from "~/domain/evaluation-answers";
import { isMet, listCriteria, type Criterion, type ScorecardDefinition } from "~/domain/scorecard-definition";
import { scoreEvaluation } from "~/domain/scoring";
import { formatScore } from "~/utils/format";
import { useScoringKeys } from "./use-scoring-keys";

export type ScoringActionData =
  | { ok: true; lockVersion: number; savedAt: string }
  | { ok: false; kind: "conflict" | "closed"; message: string }
  | { ok: false; kind: "invalid"; message: string; problems: AnswerProblem[]; entries?: AnswerEntries };

const AUTOSAVE_MS = 1500;

function initialEntries(def: ScorecardDefinition, stored: AnswerEntries): AnswerEntries {
  return Object.fromEntries(listCriteria(def).map((c) => [c.key, stored[c.key] ?? emptyEntry()]));
}

function isUnmet(criterion: Criterion, entry: AnswerEntry) {
  return typeof entry.value === "number" && !isMet(criterion, entry.value);
}

/**
 * The scorecard side of the scoring page: a plain POST form (works without JavaScript), enhanced with a
 * live score from the same engine the server uses, keyboard scoring, autosave and conflict messages.
 */
export function ScoringForm(props: {
  definition: ScorecardDefinition;
  storedEntries: AnswerEntries;
  lockVersion: number;
  serverProblems: AnswerProblem[];
  /** The scorecard editor's preview: the same form, but nothing is saved or submitted. */
  preview?: boolean;
}) {
  const { definition } = props;
  const criteria = useMemo(() => listCriteria(definition), [definition]);
  const fetcher = useFetcher<ScoringActionData>();
  const formRef = useRef<HTMLFormElement>(null);
  const [entries, setEntries] = useState(() => initialEntries(definition, props.storedEntries));
  const [lockVersion, setLockVersion] = useState(props.lockVersion);
  const [active, setActive] = useState(0);
  const [edits, setEdits] = useState(0);
  const [savedEdits, setSavedEdits] = useState(0);
  const [sentEdits, setSentEdits] = useState(0);
  const [hydrated, setHydrated] = useState(false);
  const [blocked, setBlocked] = useState<string | null>(null);
  useEffect(() => setHydrated(true), []);

  const result = useMemo(() => scoreEvaluation(definition, toAnswers(entries)), [definition, entries]);
  const answered = criteria.filter((c) => entries[c.key].value !== null).length;
  const dirty = !props.preview && edits !== savedEdits;
  const busy = fetcher.state !== "idle";

  const data = fetcher.data;
  const problems = data && !data.ok && data.kind === "invalid" ? data.problems : props.serverProblems;
  const problemsByKey = new Map<string, AnswerProblem[]>();
  for (const p of problems) problemsByKey.set(p.criterionKey, [...(problemsByKey.get(p.criterionKey) ?? []), p]);

  useEffect(() => {
    if (!data) return;
    if (data.ok) {
      setLockVersion(data.lockVersion);
      setSavedEdits(sentEdits);
    } else if (data.kind !== "invalid") {
      setBlocked(data.message);
    }
  }, [data]); // eslint-disable-line react-hooks/exhaustive-deps

  const send = useCallback(
    (intent: "save" | "submit") => {
      if (!formRef.current || busy || blocked || props.preview) return;
      const form = new FormData(formRef.current);
      form.set("intent", intent);
      setSentEdits(edits);
      fetcher.submit(form, { method: "post" });
    },
    [busy, blocked, edits, fetcher, props.preview],
  );

  // Autosave shortly after the last change, so a reload never loses more than a second or two.
  useEffect(() => {
    if (!dirty || busy || blocked) return;
    const timer = setTimeout(() => send("save"), AUTOSAVE_MS);
    return () => clearTimeout(timer);
  }, [dirty, busy, blocked, edits, send]);

  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  const update = useCallback((key: string, change: Partial<AnswerEntry>) => {
    setEntries((current) => ({ ...current, [key]: { ...current[key], ...change } }));
    setEdits((n) => n + 1);
  }, []);

  const focusCriterion = useCallback((index: number) => {
    setActive(index);
    document.getElementById(`criterion-${index}`)?.focus({ preventScroll: false });
  }, []);

  const keyHandlers = useMemo(
    () => ({
      answer: (optionIndex: number) => {
        const criterion = criteria[active];
        const option = criterion?.scale.options[optionIndex];
        if (!option) return;
        update(criterion.key, {
          value: option.value,
          rootCause: isMet(criterion, option.value) ? null : entries[criterion.key].rootCause,
        });
      },
      rootCause: (index: number) => {
        const criterion = criteria[active];
        if (criterion && isUnmet(criterion, entries[criterion.key]) && criterion.rootCauses[index]) {
          update(criterion.key, { rootCause: criterion.rootCauses[index] });
        }
      },
      notApplicable: () => {
        const criterion = criteria[active];
        if (criterion?.naAllowed) update(criterion.key, { value: "na", rootCause: null });
      },
      move: (delta: number) => focusCriterion(Math.min(criteria.length - 1, Math.max(0, active + delta))),
      focusComment: () => document.getElementById(`comment-${criteria[active]?.key}`)?.focus(),
      save: () => send("save"),
      submit: () => send("submit"),
    }),
    [criteria, active, entries, update, focusCriterion, send],
  );
  useScoringKeys(keyHandlers, hydrated);

  let index = -1;
  return (
    <fetcher.Form
      method="post"
      ref={formRef}
      className="scoring-form"
      aria-label="Scorecard"
      onSubmit={(event) => (props.preview ? event.preventDefault() : setSentEdits(edits))}
    >
      <input type="hidden" name="lockVersion" value={lockVersion} />
      <div className="live-score panel" aria-live="polite">
        <div>
          <div className="label">Live score</div>
          <div className="value" data-testid="live-final-score">
            {formatScore(result.finalScore)}
          </div>
          <div className="small muted">raw {formatScore(result.rawScore)}</div>
        </div>
        <div>
          {result.passed === null ? (
            <span className="badge neutral">not scorable yet</span>
          ) : result.passed ? (
            <span className="badge good">pass (≥ {definition.passThreshold})</span>
          ) : (
            <span className="badge bad">fail (&lt; {definition.passThreshold})</span>
          )}
          {result.criticalFailures.length > 0 ? <div className="badge bad">critical failure</div> : null}
          <div className="small muted">
            {answered} of {criteria.length} answered
          </div>
        </div>
        <div className="small muted save-state" role="status">
          {props.preview
            ? "Preview: nothing is saved"
            : blocked
              ? null
              : busy
                ? "Saving…"
                : dirty
                  ? "Unsaved changes"
                  : lockVersion > 0
                    ? "Draft saved"
                    : "Not saved yet"}
        </div>
      </div>
      {blocked ? (
        <p className="form-error" role="alert">
          {blocked}
        </p>
      ) : null}
      {data && !data.ok && data.kind === "invalid" ? (
        <p className="form-error" role="alert">
          {data.message}
        </p>
      ) : null}
      {hydrated ? (
        <p className="small muted keys-hint">
          Keys: <kbd>1</kbd>–<kbd>9</kbd> answer · <kbd>N</kbd> N/A · <kbd>Shift</kbd>+<kbd>1</kbd>–<kbd>9</kbd> root
          cause · <kbd>J</kbd>/<kbd>K</kbd> move · <kbd>C</kbd> comment · <kbd>Ctrl</kbd>+<kbd>S</kbd> save ·{" "}
          <kbd>Ctrl</kbd>+<kbd>Enter</kbd> submit
        </p>
      ) : null}
      {definition.sections.map((section) => (
        <section key={section.key} className="section-block" aria-labelledby={`sec-${section.key}`}>
          <div className="section-head">
            <h2 id={`sec-${section.key}`} style={{ margin: 0 }}>
              {section.label}
            </h2>
            <span className="small muted">
              {formatScore(result.sections.find((s) => s.key === section.key)?.score ?? null)}
            </span>
          </div>
          {section.criteria.map((criterion) => {
            index += 1;
            const i = index;
            const entry = entries[criterion.key];
            const own = problemsByKey.get(criterion.key) ?? [];
            const unmet = isUnmet(criterion, entry);
            return (
              <fieldset
                key={criterion.key}
                id={`criterion-${i}`}
                tabIndex={-1}
                className={`score-criterion${i === active ? " active" : ""}${own.length ? " has-problem" : ""}`}
                onFocus={() => setActive(i)}
                onClick={() => setActive(i)}
              >
                <legend>
                  <strong>{criterion.label}</strong>
                  {criterion.critical !== "none" ? (
                    <span className="badge bad">critical ({criterion.critical})</span>
                  ) : null}
                </legend>
                <p className="guideline small">{criterion.guideline}</p>
                <div className="options" role="radiogroup" aria-label={criterion.label}>
                  {criterion.scale.options.map((option, optionIndex) => (
                    <label key={option.value} className={`option${entry.value === option.value ? " selected" : ""}`}>
                      <input
                        type="radio"
                        name={`answer.${criterion.key}`}
                        value={option.value}
                        checked={entry.value === option.value}
                        onChange={() => update(criterion.key, { value: option.value })}
                      />
                      <kbd>{optionIndex + 1}</kbd> {option.label}
                    </label>
                  ))}
                  {criterion.naAllowed ? (
                    <label className={`option${entry.value === "na" ? " selected" : ""}`}>
                      <input
                        type="radio"
                        name={`answer.${criterion.key}`}
                        value="na"
                        checked={entry.value === "na"}
                        onChange={() => update(criterion.key, { value: "na", rootCause: null })}
                      />
                      <kbd>N</kbd> N/A
                    </label>
                  ) : null}
                </div>
                {unmet || !hydrated ? (
                  <div className="field root-cause">
                    <label htmlFor={`rootCause-${criterion.key}`}>Root cause{hydrated ? "" : " (when not met)"}</label>
                    <select
                      id={`rootCause-${criterion.key}`}
                      name={`rootCause.${criterion.key}`}
                      value={entry.rootCause ?? ""}
                      onChange={(event) => update(criterion.key, { rootCause: event.target.value || null })}
                    >
                      <option value="">Choose…</option>
                      {criterion.rootCauses.map((cause, causeIndex) => (
                        <option key={cause} value={cause}>
                          {hydrated ? `Shift+${causeIndex + 1} · ` : ""}
                          {cause.replaceAll("_", " ")}
                        </option>
                      ))}
                    </select>
                  </div>
                ) : null}
                <textarea
                  id={`comment-${criterion.key}`}
                  name={`comment.${criterion.key}`}
                  rows={1}
                  className="comment"
                  placeholder="Comment (optional)"
                  aria-label={`Comment on ${criterion.label}`}
                  value={entry.comment}
                  onChange={(event) => update(criterion.key, { comment: event.target.value })}
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
      <div className="scoring-actions" hidden={props.preview}>
        <button
          type="submit"
          name="intent"
          value="save"
          className="button secondary"
          disabled={busy || Boolean(blocked)}
        >
          Save draft
        </button>
        <button type="submit" name="intent" value="submit" className="button" disabled={busy || Boolean(blocked)}>
          Submit evaluation
        </button>
      </div>
    </fetcher.Form>
  );
}

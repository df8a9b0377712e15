import { Form, Link, useFetcher } from "@remix-run/react";
import { useCallback, useEffect, useState } from "react";
import { ScoringForm } from "~/components/scoring/scoring-form";
import { CHANNELS, NA_POLICIES, type ScorecardDefinition } from "~/domain/scorecard-definition";
import {
  addCriterion,
  addSection,
  describeDraftPath,
  moveCriterion,
  moveSection,
  removeCriterion,
  removeSection,
  splitCriterion,
  updateCriterion,
  updateSection,
  type DraftContent,
  type DraftError,
} from "~/domain/scorecard-draft";
import type { DraftRow } from "~/models/scorecard-draft.server";
import { formatDateTime } from "~/utils/format";
import { CriterionEditor, type AmbiguityHint } from "./criterion-editor";
import { DraftNumber, DraftSelect, DraftText, ErrorList, errorsAt } from "./draft-field";
import { WhatIfPanel } from "./what-if-panel";

export type { AmbiguityHint } from "./criterion-editor";

/** A draft as the loader sends it (dates as text). */
type StoredDraft = Omit<DraftRow, "updatedAt"> & { updatedAt: string };

type ActionData =
  | {
      ok: true;
      kind: "saved";
      lockVersion: number;
      savedAt: string;
      errors: DraftError[];
      definition: ScorecardDefinition | null;
    }
  | { ok: false; kind: "conflict"; current: StoredDraft; errors: DraftError[]; definition: ScorecardDefinition | null }
  | { ok: false; kind: "invalid"; message: string; errors: DraftError[] }
  | { ok: false; kind: "gone" | "bad_request" | "stale"; message: string };

const AUTOSAVE_MS = 800;
const NA_POLICY_LABELS = { exclude: "N/A answers drop out of the score", count_as_met: "N/A answers count as met" };
type Tab = "edit" | "preview" | "what-if";

/**
 * The scorecard editor: edits the draft in the file format, autosaves shortly after each change (the server
 * answers with the file schema's located errors and the parsed definition for the preview), and stops on a
 * conflicting save by another author instead of overwriting it.
 */
export function DraftEditor(props: {
  draft: StoredDraft;
  errors: DraftError[];
  definition: ScorecardDefinition | null;
  hints: Record<string, AmbiguityHint>;
}) {
  const { draft } = props;
  const saver = useFetcher<ActionData>();
  const publisher = useFetcher<ActionData>();
  const [content, setContent] = useState(draft.content);
  const [lockVersion, setLockVersion] = useState(draft.lockVersion);
  const [errors, setErrors] = useState(props.errors);
  const [definition, setDefinition] = useState(props.definition);
  const [edits, setEdits] = useState(0);
  const [sentEdits, setSentEdits] = useState(0);
  const [savedEdits, setSavedEdits] = useState(0);
  const [savedAt, setSavedAt] = useState(draft.updatedAt);
  const [conflict, setConflict] = useState<StoredDraft | null>(null);
  const [fatal, setFatal] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>("edit");

  const dirty = edits !== savedEdits;
  const saving = saver.state !== "idle";
  const blocked = Boolean(conflict || fatal);

  const edit = useCallback((change: (d: DraftContent) => DraftContent) => {
    setContent((current) => change(current));
    setEdits((n) => n + 1);
  }, []);

  const save = useCallback(
    (lock: number) => {
      setSentEdits(edits);
      saver.submit({ intent: "save", lockVersion: String(lock), content: JSON.stringify(content) }, { method: "post" });
    },
    [content, edits, saver],
  );

  useEffect(() => {
    if (!dirty || saving || blocked) return;
    const timer = setTimeout(() => save(lockVersion), AUTOSAVE_MS);
    return () => clearTimeout(timer);
  }, [dirty, saving, blocked, edits, lockVersion, save]);

  useEffect(() => {
    const data = saver.data;
    if (!data) return;
    if (data.ok) {
      setLockVersion(data.lockVersion);
      setSavedEdits(sentEdits);
      setSavedAt(data.savedAt);
      setErrors(data.errors);
      if (data.definition) setDefinition(data.definition);
    } else if (data.kind === "conflict") {
      setConflict(data.current);
    } else if (data.kind !== "invalid") {
      setFatal(data.message);
    }
  }, [saver.data]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (publisher.data && !publisher.data.ok && publisher.data.kind === "invalid") setErrors(publisher.data.errors);
  }, [publisher.data]);

  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  const takeTheirs = () => {
    if (!conflict) return;
    setContent(conflict.content);
    setLockVersion(conflict.lockVersion);
    setSavedAt(conflict.updatedAt);
    setSavedEdits(edits);
    const data = saver.data;
    if (data && data.kind === "conflict") {
      setErrors(data.errors);
      if (data.definition) setDefinition(data.definition);
    }
    setConflict(null);
  };
  const keepMine = () => {
    if (!conflict) return;
    const lock = conflict.lockVersion;
    setLockVersion(lock);
    setConflict(null);
    save(lock);
  };

  const title = content.name || draft.slug;
  const status = fatal
    ? null
    : conflict
      ? "Not saved: conflict"
      : saving
        ? "Saving…"
        : dirty
          ? "Unsaved changes"
          : `Saved ${formatDateTime(savedAt)}`;
  const publishBlocked =
    errors.length > 0
      ? `Fix ${errors.length} problem(s) first.`
      : dirty || saving
        ? "Saving…"
        : blocked
          ? "Resolve the conflict first."
          : null;
  const publishMessage = publisher.data && "message" in publisher.data ? publisher.data.message : null;
  const sectionErrors = errorsAt(errors, "sections");

  return (
    <>
      <p className="small">
        <Link to="/scorecards">Scorecards</Link> /{" "}
        {draft.scorecardId ? <Link to={`/scorecards/${draft.slug}`}>{title}</Link> : <span>{title}</span>} /
      </p>
      <div className="page-head">
        <div>
          <h1>
            Draft: {title}{" "}
            <span className="muted">
              {draft.basedOnVersion
                ? `from v${draft.basedOnVersion}, `
                : draft.scorecardId
                  ? "next version, "
                  : "new scorecard, "}
              publishes as v{content.version}
            </span>
          </h1>
          <p className="small muted">
            A draft never affects scoring. Last saved by {conflict?.updatedByName ?? draft.updatedByName}.
          </p>
        </div>
        <div className="form-actions" style={{ margin: 0 }}>
          <span className="small muted" role="status" aria-live="polite">
            {status}
            {errors.length > 0
              ? ` · ${errors.length} ${errors.length === 1 ? "problem" : "problems"}`
              : !dirty
                ? " · no problems"
                : ""}
          </span>
          <publisher.Form method="post">
            <input type="hidden" name="intent" value="publish" />
            <input type="hidden" name="lockVersion" value={lockVersion} />
            <button
              type="submit"
              className="button"
              disabled={Boolean(publishBlocked) || publisher.state !== "idle"}
              title={publishBlocked ?? undefined}
            >
              Publish v{content.version}
            </button>
          </publisher.Form>
          <Form
            method="post"
            onSubmit={(event) => {
              if (!window.confirm("Discard this draft? Its changes are lost.")) event.preventDefault();
            }}
          >
            <input type="hidden" name="intent" value="discard" />
            <input type="hidden" name="lockVersion" value={lockVersion} />
            <button type="submit" className="button secondary" disabled={dirty || saving || blocked}>
              Discard draft
            </button>
          </Form>
        </div>
      </div>

      {conflict ? (
        <div className="form-error" role="alert">
          <p style={{ margin: 0 }}>
            {conflict.updatedByName} saved this draft at {formatDateTime(conflict.updatedAt)} while you were editing.
            Your latest changes are not saved, and nothing of theirs was overwritten.
          </p>
          <div className="form-actions">
            <button type="button" className="button secondary" onClick={takeTheirs}>
              Load their version (drop my unsaved changes)
            </button>
            <button type="button" className="button" onClick={keepMine}>
              Save mine over theirs
            </button>
          </div>
        </div>
      ) : null}
      {fatal ? (
        <p className="form-error" role="alert">
          {fatal}
        </p>
      ) : null}
      {publishMessage ? (
        <p className="form-error" role="alert">
          {publishMessage}
        </p>
      ) : null}
      {errors.length > 0 ? (
        <section className="panel" aria-labelledby="problems-heading">
          <h2 id="problems-heading" style={{ marginTop: 0 }}>
            {errors.length} {errors.length === 1 ? "problem" : "problems"} to fix before publishing
          </h2>
          <ul className="plain-list small">
            {errors.map((e) => (
              <li key={e.path + e.message}>
                <a href={`#${e.path}`}>{describeDraftPath(content, e.path)}</a>: {e.message}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <nav className="tabs" aria-label="Draft views">
        {(["edit", "preview", "what-if"] as const).map((t) => (
          <a
            key={t}
            href={`#${t}`}
            className={tab === t ? "active" : undefined}
            aria-current={tab === t ? "page" : undefined}
            onClick={(event) => {
              event.preventDefault();
              setTab(t);
            }}
          >
            {t === "edit" ? "Edit" : t === "preview" ? "Preview" : "What-if"}
          </a>
        ))}
      </nav>

      {tab === "preview" ? (
        <section aria-label="Preview">
          <p className="small muted">
            Exactly what reviewers will see when scoring against this version. Answers here are not saved.
            {errors.length > 0 ? " The draft has problems; this shows its last version without problems." : ""}
          </p>
          {definition ? (
            <ScoringForm definition={definition} storedEntries={{}} lockVersion={0} serverProblems={[]} preview />
          ) : (
            <p className="form-error">Fix the problems listed above to see a preview.</p>
          )}
        </section>
      ) : tab === "what-if" ? (
        <WhatIfPanel
          draftId={draft.id}
          disabledReason={errors.length > 0 ? "Fix the problems first." : dirty || saving ? "Saving…" : null}
        />
      ) : (
        <div className="draft-form">
          <section className="panel" aria-label="Scorecard settings">
            <div className="editor-grid">
              <DraftText
                path="scorecard"
                label="Slug"
                errors={errors}
                value={content.scorecard}
                hint={draft.scorecardId ? "Fixed once a scorecard exists" : "a-z, 0-9 and -"}
                readOnly={Boolean(draft.scorecardId)}
                onChange={(scorecard) => edit((d) => ({ ...d, scorecard }))}
              />
              <DraftText
                path="name"
                label="Name"
                errors={errors}
                className="wide"
                value={content.name}
                onChange={(name) => edit((d) => ({ ...d, name }))}
              />
              <DraftSelect
                path="channel"
                label="Channel"
                errors={errors}
                value={content.channel}
                options={CHANNELS.map((c) => ({ value: c, label: c }))}
                onChange={(channel) => edit((d) => ({ ...d, channel }))}
              />
            </div>
            <DraftText
              path="description"
              label="Description"
              errors={errors}
              multiline
              value={content.description}
              onChange={(description) => edit((d) => ({ ...d, description }))}
            />
            <div className="editor-grid">
              <DraftNumber
                path="pass_threshold"
                label="Pass threshold (0–100)"
                errors={errors}
                value={content.pass_threshold}
                onChange={(pass_threshold) => edit((d) => ({ ...d, pass_threshold }))}
              />
              <DraftSelect
                path="na_policy"
                label="N/A policy"
                errors={errors}
                value={content.na_policy}
                options={NA_POLICIES.map((p) => ({ value: p, label: NA_POLICY_LABELS[p] }))}
                onChange={(na_policy) => edit((d) => ({ ...d, na_policy }))}
              />
              <DraftNumber
                path="dispute_window_days"
                label="Dispute window (days)"
                hint="Empty: the global default"
                errors={errors}
                value={content.dispute_window_days}
                onChange={(dispute_window_days) => edit((d) => ({ ...d, dispute_window_days }))}
              />
            </div>
          </section>
          <ErrorList errors={sectionErrors} />
          {content.sections.map((section, s) => {
            const path = `sections[${s}]`;
            return (
              <section key={s} className="panel section-block" aria-label={`Section ${section.key}`}>
                <div className="editor-grid">
                  <DraftText
                    path={`${path}.key`}
                    label="Section key"
                    errors={errors}
                    value={section.key}
                    onChange={(key) => edit((d) => updateSection(d, s, { key }))}
                  />
                  <DraftText
                    path={`${path}.label`}
                    label="Section label"
                    errors={errors}
                    className="wide"
                    value={section.label}
                    onChange={(label) => edit((d) => updateSection(d, s, { label }))}
                  />
                  <DraftNumber
                    path={`${path}.weight`}
                    label="Section weight"
                    errors={errors}
                    value={section.weight}
                    onChange={(weight) => edit((d) => updateSection(d, s, { weight }))}
                  />
                </div>
                <div className="form-actions editor-actions">
                  <button
                    type="button"
                    className="link-button"
                    disabled={s === 0}
                    onClick={() => edit((d) => moveSection(d, s, -1))}
                  >
                    Move section up
                  </button>
                  <button
                    type="button"
                    className="link-button"
                    disabled={s === content.sections.length - 1}
                    onClick={() => edit((d) => moveSection(d, s, 1))}
                  >
                    Move section down
                  </button>
                  <button type="button" className="link-button danger" onClick={() => edit((d) => removeSection(d, s))}>
                    Remove section
                  </button>
                </div>
                <ErrorList errors={[...errorsAt(errors, path), ...errorsAt(errors, `${path}.criteria`)]} />
                {section.criteria.map((criterion, c) => (
                  <CriterionEditor
                    key={`${s}-${c}`}
                    criterion={criterion}
                    path={`${path}.criteria[${c}]`}
                    errors={errors}
                    hint={props.hints[criterion.key]}
                    first={s === 0 && c === 0}
                    last={s === content.sections.length - 1 && c === section.criteria.length - 1}
                    onChange={(change) => edit((d) => updateCriterion(d, s, c, change))}
                    onMove={(delta) => edit((d) => moveCriterion(d, s, c, delta))}
                    onSplit={() => edit((d) => splitCriterion(d, s, c))}
                    onRemove={() => edit((d) => removeCriterion(d, s, c))}
                  />
                ))}
                <button type="button" className="button secondary" onClick={() => edit((d) => addCriterion(d, s))}>
                  Add criterion to {section.label || section.key}
                </button>
              </section>
            );
          })}
          <button type="button" className="button secondary" onClick={() => edit(addSection)}>
            Add section
          </button>
        </div>
      )}
    </>
  );
}

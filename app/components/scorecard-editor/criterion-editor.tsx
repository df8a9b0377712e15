import { alphaBand } from "~/domain/calibration-bands";
import { CRITICALITIES, ROOT_CAUSES, SCALE_TYPES, type Criticality } from "~/domain/scorecard-definition";
import { changeScaleType, type DraftCriterion, type DraftError, type DraftScale } from "~/domain/scorecard-draft";
import { formatPercent } from "~/utils/format";
import { DraftNumber, DraftSelect, DraftText, ErrorList, errorsAt } from "./draft-field";

/** Recent calibration agreement on a criterion key (Krippendorff's alpha averaged over sessions). */
export type AmbiguityHint = { meanAlpha: number; sessions: number; meanPercentAgreement: number | null };

const CRITICAL_LABELS: Record<Criticality, string> = {
  none: "Not critical",
  section: "Critical: fails its section",
  evaluation: "Critical: fails the evaluation",
};

export function AmbiguityBadge({ hint }: { hint: AmbiguityHint | undefined }) {
  if (!hint) return <span className="small muted">No recent calibration of this criterion</span>;
  const band = alphaBand(hint.meanAlpha);
  return (
    <span className={`badge ${band.tone}`} title={band.source}>
      Calibration agreement α {hint.meanAlpha.toFixed(2)} ({band.label}) over {hint.sessions}{" "}
      {hint.sessions === 1 ? "session" : "sessions"}
      {hint.meanPercentAgreement !== null ? ` · ${formatPercent(hint.meanPercentAgreement)} exact` : ""}
    </span>
  );
}

function ScaleEditor({
  scale,
  path,
  errors,
  onChange,
}: {
  scale: DraftScale;
  path: string;
  errors: readonly DraftError[];
  onChange: (scale: DraftScale) => void;
}) {
  return (
    <div className="scale-editor">
      <DraftSelect
        path={`${path}.type`}
        label="Scale"
        errors={errors}
        value={scale.type}
        options={SCALE_TYPES.map((t) => ({ value: t, label: t }))}
        onChange={(type) => onChange(changeScaleType(scale, type))}
      />
      {scale.type === "points" ? (
        <div className="scale-options">
          {(scale.options ?? []).map((option, i) => (
            <div key={i} className="scale-option">
              <DraftNumber
                path={`${path}.options[${i}].value`}
                label={`Option ${i + 1} value`}
                errors={errors}
                value={option.value}
                onChange={(value) =>
                  onChange({ ...scale, options: scale.options!.map((o, k) => (k === i ? { ...o, value } : o)) })
                }
              />
              <DraftText
                path={`${path}.options[${i}].label`}
                label={`Option ${i + 1} label`}
                errors={errors}
                value={option.label}
                onChange={(label) =>
                  onChange({ ...scale, options: scale.options!.map((o, k) => (k === i ? { ...o, label } : o)) })
                }
              />
              <button
                type="button"
                className="link-button"
                onClick={() => onChange({ ...scale, options: scale.options!.filter((_, k) => k !== i) })}
              >
                Remove option {i + 1}
              </button>
            </div>
          ))}
          <button
            type="button"
            className="button secondary"
            onClick={() => {
              const options = scale.options ?? [];
              const last = options[options.length - 1]?.value;
              const value = typeof last === "number" ? last + 1 : options.length;
              onChange({ ...scale, options: [...options, { value, label: "" }] });
            }}
          >
            Add option
          </button>
        </div>
      ) : (
        <div className="scale-options">
          {(scale.labels ?? []).map((label, i) => (
            <DraftText
              key={i}
              path={`${path}.labels[${i}]`}
              label={`Label of ${scale.type === "binary" ? i : i + 1}`}
              errors={errors}
              value={label}
              onChange={(text) => onChange({ ...scale, labels: scale.labels!.map((l, k) => (k === i ? text : l)) })}
            />
          ))}
        </div>
      )}
      <ErrorList
        errors={errors.filter((e) => e.path === path || e.path === `${path}.labels` || e.path === `${path}.options`)}
      />
    </div>
  );
}

export function CriterionEditor(props: {
  criterion: DraftCriterion;
  path: string;
  errors: readonly DraftError[];
  hint: AmbiguityHint | undefined;
  onChange: (change: Partial<DraftCriterion>) => void;
  onMove: (delta: -1 | 1) => void;
  onSplit: () => void;
  onRemove: () => void;
  first: boolean;
  last: boolean;
}) {
  const { criterion: c, path, errors, onChange } = props;
  const problems = errorsAt(errors, path, true).length;
  return (
    <fieldset className={`criterion-editor${problems ? " has-problem" : ""}`} aria-label={`Criterion ${c.key}`}>
      <legend>
        <strong>{c.label || c.key || "New criterion"}</strong> <AmbiguityBadge hint={props.hint} />
      </legend>
      <div className="editor-grid">
        <DraftText
          path={`${path}.key`}
          label="Key"
          errors={errors}
          value={c.key}
          onChange={(key) => onChange({ key })}
        />
        <DraftText
          path={`${path}.label`}
          label="Label"
          errors={errors}
          className="wide"
          value={c.label}
          onChange={(label) => onChange({ label })}
        />
        <DraftNumber
          path={`${path}.weight`}
          label="Weight"
          errors={errors}
          value={c.weight}
          onChange={(weight) => onChange({ weight })}
        />
      </div>
      <DraftText
        path={`${path}.guideline`}
        label="Guideline"
        errors={errors}
        multiline
        value={c.guideline}
        onChange={(guideline) => onChange({ guideline })}
      />
      <div className="editor-grid">
        <ScaleEditor
          scale={c.scale}
          path={`${path}.scale`}
          errors={errors}
          onChange={(scale) => onChange({ scale, pass_at: undefined })}
        />
        <DraftNumber
          path={`${path}.pass_at`}
          label="Met at (lowest passing value)"
          hint="Empty: the scale's default"
          errors={errors}
          value={c.pass_at}
          onChange={(pass_at) => onChange({ pass_at })}
        />
        <DraftSelect
          path={`${path}.critical`}
          label="Critical"
          errors={errors}
          value={c.critical}
          options={CRITICALITIES.map((v) => ({ value: v, label: CRITICAL_LABELS[v] }))}
          onChange={(critical) => onChange({ critical })}
        />
        <label className="checkbox">
          <input type="checkbox" checked={c.na_allowed} onChange={(e) => onChange({ na_allowed: e.target.checked })} />{" "}
          N/A allowed
        </label>
      </div>
      <fieldset className="root-causes" aria-label={`Root causes of ${c.key}`} id={`${path}.root_causes`}>
        <legend className="small">Root causes a reviewer can pick when it is not met</legend>
        {ROOT_CAUSES.map((cause) => (
          <label key={cause} className="checkbox">
            <input
              type="checkbox"
              checked={c.root_causes.includes(cause)}
              onChange={(e) =>
                onChange({
                  root_causes: e.target.checked
                    ? ROOT_CAUSES.filter((r) => r === cause || c.root_causes.includes(r))
                    : c.root_causes.filter((r) => r !== cause),
                })
              }
            />
            {cause.replaceAll("_", " ")}
          </label>
        ))}
        <ErrorList errors={errorsAt(errors, `${path}.root_causes`, true)} />
      </fieldset>
      <div className="form-actions editor-actions">
        <button type="button" className="link-button" disabled={props.first} onClick={() => props.onMove(-1)}>
          Move up
        </button>
        <button type="button" className="link-button" disabled={props.last} onClick={() => props.onMove(1)}>
          Move down
        </button>
        <button type="button" className="link-button" onClick={props.onSplit}>
          Split in two
        </button>
        <button type="button" className="link-button danger" onClick={props.onRemove}>
          Remove criterion
        </button>
      </div>
      <ErrorList errors={errorsAt(errors, path)} />
    </fieldset>
  );
}

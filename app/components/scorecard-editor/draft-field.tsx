import { useEffect, useState, type ReactNode } from "react";
import { numberText, toNumberField, type DraftError, type NumberField } from "~/domain/scorecard-draft";

/** Errors located exactly at path, or anywhere below it when `under` is set. */
export function errorsAt(errors: readonly DraftError[], path: string, under = false): DraftError[] {
  return errors.filter(
    (e) => e.path === path || (under && (e.path.startsWith(`${path}.`) || e.path.startsWith(`${path}[`))),
  );
}

export function ErrorList({ errors, id }: { errors: readonly DraftError[]; id?: string }) {
  if (errors.length === 0) return null;
  return (
    <span id={id} className="error">
      {errors.map((e) => (
        <span key={e.path + e.message} className="block">
          {e.message}
        </span>
      ))}
    </span>
  );
}

type FieldProps = {
  /** The field's path in the file format; also its element id, so error links can jump to it. */
  path: string;
  label: string;
  errors: readonly DraftError[];
  hint?: ReactNode;
  className?: string;
};

function useAria(path: string, errors: readonly DraftError[]) {
  const own = errorsAt(errors, path);
  return {
    own,
    aria: {
      id: path,
      "aria-invalid": own.length > 0 ? true : undefined,
      "aria-describedby": own.length > 0 ? `${path}-error` : undefined,
    },
  };
}

export function DraftText({
  path,
  label,
  errors,
  hint,
  className,
  value,
  onChange,
  multiline,
  inputMode,
  readOnly,
}: FieldProps & {
  value: string;
  onChange: (value: string) => void;
  multiline?: boolean;
  inputMode?: "decimal";
  readOnly?: boolean;
}) {
  const { own, aria } = useAria(path, errors);
  return (
    <div className={`field ${className ?? ""}`}>
      <label htmlFor={path}>{label}</label>
      {multiline ? (
        <textarea {...aria} rows={3} value={value} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input
          {...aria}
          type="text"
          inputMode={inputMode}
          readOnly={readOnly}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      {hint ? <span className="small muted">{hint}</span> : null}
      <ErrorList errors={own} id={`${path}-error`} />
    </div>
  );
}

export function DraftSelect<T extends string>({
  path,
  label,
  errors,
  hint,
  className,
  value,
  options,
  onChange,
}: FieldProps & { value: T; options: readonly { value: T; label: string }[]; onChange: (value: T) => void }) {
  const { own, aria } = useAria(path, errors);
  return (
    <div className={`field ${className ?? ""}`}>
      <label htmlFor={path}>{label}</label>
      <select {...aria} value={value} onChange={(e) => onChange(e.target.value as T)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {hint ? <span className="small muted">{hint}</span> : null}
      <ErrorList errors={own} id={`${path}-error`} />
    </div>
  );
}

/** A number as typed ("1." stays "1." while the stored value is already 1). */
export function DraftNumber({
  value,
  onChange,
  ...props
}: FieldProps & { value: NumberField; onChange: (value: NumberField) => void }) {
  const [text, setText] = useState(numberText(value));
  useEffect(() => {
    if (toNumberField(text) !== value) setText(numberText(value));
  }, [value]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <DraftText
      {...props}
      inputMode="decimal"
      value={text}
      onChange={(next) => {
        setText(next);
        onChange(toNumberField(next));
      }}
    />
  );
}

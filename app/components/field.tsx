import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";

type Common = { label: string; name: string; error?: string; hint?: ReactNode };

/** Label, control, hint and error, wired for screen readers (aria-invalid, aria-describedby). */
function Field({
  label,
  name,
  error,
  hint,
  control,
}: Common & { control: (aria: Record<string, unknown>) => ReactNode }) {
  const id = `field-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {control({
        id,
        name,
        "aria-invalid": error ? true : undefined,
        "aria-describedby": error ? `${id}-error` : undefined,
      })}
      {hint ? <span className="small muted">{hint}</span> : null}
      {error ? (
        <span id={`${id}-error`} className="error">
          {error}
        </span>
      ) : null}
    </div>
  );
}

export function TextField({ label, name, error, hint, ...input }: Common & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <Field label={label} name={name} error={error} hint={hint} control={(aria) => <input {...aria} {...input} />} />
  );
}

export function SelectField({
  label,
  name,
  error,
  hint,
  options,
  ...select
}: Common & SelectHTMLAttributes<HTMLSelectElement> & { options: { value: string; label: string }[] }) {
  return (
    <Field
      label={label}
      name={name}
      error={error}
      hint={hint}
      control={(aria) => (
        <select {...aria} {...select}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    />
  );
}

import type { Criterion } from "~/domain/scorecard-definition";

/** A criterion's scale as a list, failing answers (below the pass mark) marked. */
export function ScaleSummary({ criterion }: { criterion: Criterion }) {
  return (
    <ul className="scale-list" aria-label={`Scale for ${criterion.label}`}>
      {criterion.scale.options.map((option) => (
        <li key={option.value} className={option.value < criterion.passAt ? "fail" : undefined}>
          <span>{option.label}</span>
          <span>{option.value}</span>
        </li>
      ))}
    </ul>
  );
}

export function describeScale(criterion: Criterion): string {
  const { scale } = criterion;
  if (scale.type === "points") return `points (${scale.options.map((o) => o.value).join(" / ")})`;
  return scale.type;
}

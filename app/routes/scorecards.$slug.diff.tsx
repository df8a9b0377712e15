import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { describeScale } from "~/components/scale-summary";
import type { Criterion } from "~/domain/scorecard-definition";
import { diffScorecardVersions, type CriterionChange } from "~/domain/scorecard-diff";
import { getScorecardVersion } from "~/models/scorecard.server";
import { requirePermission } from "~/utils/auth.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `${data.name}: v${data.diff.fromVersion} → v${data.diff.toVersion} · QA Workbench`
      : "Compare versions",
  },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "scorecard:view");
  const url = new URL(request.url);
  const from = Number(url.searchParams.get("from"));
  const to = Number(url.searchParams.get("to"));
  if (!Number.isInteger(from) || !Number.isInteger(to)) {
    throw new Response("Choose two versions to compare: ?from=1&to=2", { status: 400 });
  }
  const [a, b] = await Promise.all([
    getScorecardVersion(params.slug ?? "", from, user.scope),
    getScorecardVersion(params.slug ?? "", to, user.scope),
  ]);
  if (!a || !b) throw new Response("Not Found", { status: 404 });
  const labels = Object.fromEntries([...a.definition.sections, ...b.definition.sections].map((s) => [s.key, s.label]));
  const criterionLabels = Object.fromEntries(
    [...a.definition.sections, ...b.definition.sections].flatMap((s) => s.criteria.map((c) => [c.key, c.label])),
  );
  return json({
    slug: a.scorecardSlug,
    name: a.scorecardName,
    diff: diffScorecardVersions(a.definition, b.definition),
    sectionLabels: labels,
    criterionLabels,
  });
}

function show(change: CriterionChange, side: "before" | "after", sectionLabels: Record<string, string>): string {
  const value = change[side];
  switch (change.field) {
    case "scale":
      return (
        describeScale({ scale: value } as Criterion) +
        ": " +
        (value as Criterion["scale"]).options.map((o) => `${o.value} ${o.label}`).join(", ")
      );
    case "rootCauses":
      return (value as string[]).join(", ");
    case "section":
      return sectionLabels[value as string] ?? String(value);
    default:
      return String(value);
  }
}

const FIELD_LABELS: Record<CriterionChange["field"], string> = {
  label: "Label",
  guideline: "Guideline",
  scale: "Scale",
  passAt: "Met at",
  weight: "Weight",
  naAllowed: "N/A allowed",
  critical: "Critical",
  rootCauses: "Root causes",
  section: "Section",
};

export default function ScorecardDiffPage() {
  const { slug, name, diff, sectionLabels, criterionLabels } = useLoaderData<typeof loader>();
  const { criteria, sections, version } = diff;
  const nothing =
    version.length +
      sections.added.length +
      sections.removed.length +
      sections.changed.length +
      criteria.added.length +
      criteria.removed.length +
      criteria.changed.length ===
    0;
  return (
    <>
      <p className="small">
        <Link to="/scorecards">Scorecards</Link> / <Link to={`/scorecards/${slug}`}>{name}</Link> /
      </p>
      <h1>
        Compare v{diff.fromVersion} → v{diff.toVersion}
      </h1>
      <p className="muted">
        Criteria are matched by key. {criteria.added.length} added, {criteria.removed.length} removed,{" "}
        {criteria.changed.length} changed, {criteria.unchanged.length} unchanged.
      </p>
      {nothing ? <p className="panel">The two versions are identical.</p> : null}

      {version.length > 0 || sections.added.length + sections.removed.length + sections.changed.length > 0 ? (
        <section className="panel" aria-labelledby="version-changes">
          <h2 id="version-changes" style={{ marginTop: 0 }}>
            Version and sections
          </h2>
          <ul>
            {version.map((c) => (
              <li key={c.field}>
                {c.field}: <del>{String(c.before)}</del> → <ins>{String(c.after)}</ins>
              </li>
            ))}
            {sections.added.map((s) => (
              <li key={`a-${s.key}`}>
                Section added: <ins>{s.label}</ins> (weight {s.weight})
              </li>
            ))}
            {sections.removed.map((s) => (
              <li key={`r-${s.key}`}>
                Section removed: <del>{s.label}</del>
              </li>
            ))}
            {sections.changed.flatMap((s) =>
              s.changes.map((c) => (
                <li key={`c-${s.key}-${c.field}`}>
                  Section {sectionLabels[s.key] ?? s.key}, {c.field}: <del>{String(c.before)}</del> →{" "}
                  <ins>{String(c.after)}</ins>
                </li>
              )),
            )}
          </ul>
        </section>
      ) : null}

      <div className="table-wrap">
        <table aria-label="Criterion changes">
          <thead>
            <tr>
              <th>Criterion</th>
              <th>Change</th>
              <th style={{ width: "35%" }}>v{diff.fromVersion}</th>
              <th style={{ width: "35%" }}>v{diff.toVersion}</th>
            </tr>
          </thead>
          <tbody>
            {criteria.added.map(({ criterion, section }) => (
              <tr key={`a-${criterion.key}`} className="diff-row added">
                <td>
                  <strong>{criterion.label}</strong>
                  <div className="small muted">{criterion.key}</div>
                </td>
                <td>
                  <span className="badge good">Added</span>
                </td>
                <td className="muted">—</td>
                <td className="small">
                  In {sectionLabels[section] ?? section} · weight {criterion.weight} · {describeScale(criterion)}
                  {criterion.critical !== "none" ? ` · critical (${criterion.critical})` : ""}
                  <div>{criterion.guideline}</div>
                </td>
              </tr>
            ))}
            {criteria.removed.map(({ criterion, section }) => (
              <tr key={`r-${criterion.key}`} className="diff-row removed">
                <td>
                  <strong>{criterion.label}</strong>
                  <div className="small muted">{criterion.key}</div>
                </td>
                <td>
                  <span className="badge bad">Removed</span>
                </td>
                <td className="small">
                  In {sectionLabels[section] ?? section} · weight {criterion.weight} · {describeScale(criterion)}
                  <div>{criterion.guideline}</div>
                </td>
                <td className="muted">—</td>
              </tr>
            ))}
            {criteria.changed.flatMap(({ key, changes }) =>
              changes.map((change, index) => (
                <tr key={`c-${key}-${change.field}`} className="diff-row changed">
                  <td>
                    {index === 0 ? (
                      <>
                        <strong>{criterionLabels[key] ?? key}</strong>
                        <div className="small muted">{key}</div>
                      </>
                    ) : null}
                  </td>
                  <td>
                    <span className="badge warn">{FIELD_LABELS[change.field]}</span>
                  </td>
                  <td className="small">
                    <del>{show(change, "before", sectionLabels)}</del>
                  </td>
                  <td className="small">
                    <ins>{show(change, "after", sectionLabels)}</ins>
                  </td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

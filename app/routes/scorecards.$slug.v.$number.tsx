import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { describeScale, ScaleSummary } from "~/components/scale-summary";
import { can } from "~/domain/permissions";
import { requirePermission } from "~/utils/auth.server";
import { getScorecardVersion } from "~/models/scorecard.server";
import { formatDate } from "~/utils/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.version.scorecardName} v${data.version.number} · QA Workbench` : "Scorecard version" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "scorecard:view");
  const version = await getScorecardVersion(params.slug ?? "", Number(params.number), user.scope);
  if (!version) throw new Response("Not Found", { status: 404 });
  const published = new URL(request.url).searchParams.has("published");
  return json({ version, published, canAuthor: can(user, "scorecard:author") });
}

const CRITICAL_LABEL = { none: null, section: "Fails section", evaluation: "Fails evaluation" } as const;

export default function ScorecardVersionPage() {
  const { version, published, canAuthor } = useLoaderData<typeof loader>();
  const def = version.definition;
  const totalSectionWeight = def.sections.reduce((s, x) => s + x.weight, 0);
  return (
    <>
      <p className="small">
        <Link to="/scorecards">Scorecards</Link> /{" "}
        <Link to={`/scorecards/${version.scorecardSlug}`}>{version.scorecardName}</Link> /
      </p>
      {published ? (
        <p className="form-ok" role="status">
          Published v{version.number}. New assignments and calibrations use it; evaluations already scored stay on their
          version.{" "}
          {version.number > 1 ? (
            <Link to={`/scorecards/${version.scorecardSlug}/diff?from=${version.number - 1}&to=${version.number}`}>
              See what changed since v{version.number - 1}
            </Link>
          ) : null}
        </p>
      ) : null}
      <div className="page-head">
        <div>
          <h1>
            {def.name} <span className="muted">v{version.number}</span>
          </h1>
          <p className="muted">{def.description}</p>
        </div>
        <div className="form-actions" style={{ margin: 0 }}>
          <span className={`badge ${version.status === "published" ? "good" : "neutral"}`}>{version.status}</span>
          <a
            href={`/scorecards/${version.scorecardSlug}/v/${version.number}.yaml`}
            className="button secondary"
            download
          >
            Download file
          </a>
          {canAuthor ? (
            <Form method="post" action={`/scorecards/${version.scorecardSlug}?index`}>
              <input type="hidden" name="versionId" value={version.id} />
              <button type="submit" name="intent" value="draft" className="button">
                Start a draft from this version
              </button>
            </Form>
          ) : null}
        </div>
      </div>
      <div className="panel">
        <dl className="meta-list">
          <dt>Channel</dt>
          <dd>{def.channel}</dd>
          <dt>Pass threshold</dt>
          <dd>{def.passThreshold}</dd>
          <dt>N/A policy</dt>
          <dd>{def.naPolicy === "exclude" ? "N/A answers drop out of the score" : "N/A answers count as met"}</dd>
          <dt>Published</dt>
          <dd>
            {formatDate(version.publishedAt)}
            {version.publishedByName ? ` by ${version.publishedByName}` : ""}
          </dd>
          <dt>Source file</dt>
          <dd className="small">{version.sourcePath ?? (version.publishedByName ? "published in the editor" : "—")}</dd>
        </dl>
      </div>
      {def.sections.map((section) => {
        const criterionWeight = section.criteria.reduce((s, c) => s + c.weight, 0);
        return (
          <section key={section.key} className="panel section-block" aria-labelledby={`section-${section.key}`}>
            <div className="section-head">
              <h2 id={`section-${section.key}`} style={{ margin: 0 }}>
                {section.label}
              </h2>
              <span className="muted small">
                section weight {section.weight} (
                {totalSectionWeight ? ((section.weight / totalSectionWeight) * 100).toFixed(0) : 0}% of the score)
              </span>
            </div>
            {section.criteria.map((criterion) => (
              <article key={criterion.key} className="criterion" aria-label={criterion.label}>
                <div>
                  <h3 style={{ margin: 0 }}>
                    {criterion.label}{" "}
                    {CRITICAL_LABEL[criterion.critical] ? (
                      <span className="badge bad">Critical: {CRITICAL_LABEL[criterion.critical]}</span>
                    ) : null}{" "}
                    {criterion.naAllowed ? <span className="badge neutral">N/A allowed</span> : null}
                  </h3>
                  <div className="key">{criterion.key}</div>
                  <p className="guideline">{criterion.guideline}</p>
                  <div className="small muted">
                    Weight {criterion.weight}
                    {criterionWeight
                      ? ` (${((criterion.weight / criterionWeight) * 100).toFixed(0)}% of section)`
                      : ""}{" "}
                    · scale {describeScale(criterion)} · met at {criterion.passAt} · root causes:{" "}
                    {criterion.rootCauses.join(", ").replaceAll("_", " ")}
                  </div>
                </div>
                <ScaleSummary criterion={criterion} />
              </article>
            ))}
          </section>
        );
      })}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

import { Link } from "@remix-run/react";
import { agreementBand, alignmentBand, alphaBand, iccBand, type Band } from "~/domain/calibration-bands";
import type { CalibrationMetrics } from "~/domain/calibration-metrics";
import { formatNumber, formatPercent, formatScore } from "~/utils/format";

function BandBadge({ band }: { band: Band }) {
  return (
    <span className={`badge ${band.tone}`} title={band.source}>
      {band.label}
    </span>
  );
}

/** Fixed digits without a "-0.00" for tiny negatives. */
function fixed(value: number | null | undefined, digits: number) {
  if (value === null || value === undefined) return "—";
  const text = formatNumber(value, digits);
  return /^-0[.,]?0*$/.test(text) ? text.slice(1) : text;
}

function signed(value: number | null) {
  if (value === null) return "—";
  return `${value > 0 ? "+" : ""}${formatNumber(value, 1)}`;
}

const LENIENCY_LABELS = { lenient: "lenient", severe: "severe", neutral: "in line" } as const;

/**
 * Everything a session's results page and its printable summary show. Every number sits beside its
 * plain-language band; the band's source is in the tooltip.
 */
export function ResultsView({
  metrics,
  sessionId,
  itemLabels,
}: {
  metrics: CalibrationMetrics;
  sessionId: string;
  itemLabels: Record<string, string>;
}) {
  const { overall } = metrics;
  const criteriaByKey = new Map(metrics.criteria.map((c) => [c.key, c]));
  return (
    <div className="stack results-view">
      <div className="grid" role="list" aria-label="Overall agreement">
        <div className="stat" role="listitem">
          <div className="label">Krippendorff&apos;s alpha</div>
          <div className="value" data-testid="overall-alpha">
            {overall.alpha === null ? "—" : formatNumber(overall.alpha, 3)}
          </div>
          <div className="hint">
            <BandBadge band={alphaBand(overall.alpha)} />{" "}
            {overall.alphaInterval
              ? `95% CI ${formatNumber(overall.alphaInterval.lower, 2)} to ${formatNumber(overall.alphaInterval.upper, 2)}`
              : (overall.alphaReason ?? "")}
          </div>
        </div>
        <div className="stat" role="listitem">
          <div className="label">ICC(2,1) on total scores</div>
          <div className="value">{overall.icc21 === null ? "—" : formatNumber(overall.icc21, 2)}</div>
          <div className="hint">
            <BandBadge band={iccBand(overall.icc21)} /> {overall.iccReason ?? `${overall.iccRaters} raters`}
          </div>
        </div>
        <div className="stat" role="listitem">
          <div className="label">Exact agreement</div>
          <div className="value">{formatPercent(overall.percentAgreement)}</div>
          <div className="hint">
            <BandBadge band={agreementBand(overall.percentAgreement)} /> within one step{" "}
            {formatPercent(overall.withinOneStep)}
          </div>
        </div>
        <div className="stat" role="listitem">
          <div className="label">Participants submitted</div>
          <div className="value">{overall.participantsSubmitted}</div>
          <div className="hint">
            reference: {metrics.reference}
            {metrics.referenceComplete ? "" : " (incomplete)"}
          </div>
        </div>
      </div>

      {metrics.mostDisagreed.length > 0 ? (
        <section aria-labelledby="disagreed-heading">
          <h2 id="disagreed-heading">Criteria people disagree on most</h2>
          <ol>
            {metrics.mostDisagreed.map((key) => {
              const c = criteriaByKey.get(key)!;
              return (
                <li key={key}>
                  <strong>{c.label}</strong> · alpha {fixed(c.alpha, 2)} · {formatPercent(c.percentAgreement)} exact
                  agreement · disagreement on {c.disagreements.length} of {metrics.interactions.length} interactions
                </li>
              );
            })}
          </ol>
        </section>
      ) : null}

      <section aria-labelledby="reviewers-heading">
        <h2 id="reviewers-heading">Reviewers</h2>
        <div className="table-wrap">
          <table aria-label="Reviewer alignment">
            <thead>
              <tr>
                <th>Reviewer</th>
                <th>Party</th>
                <th className="num">Alignment</th>
                <th>Band</th>
                <th className="num">Mean deviation</th>
                <th>Leniency</th>
                <th className="num">Exact matches</th>
                <th className="num">Within {metrics.alignmentTolerance} points</th>
              </tr>
            </thead>
            <tbody>
              {metrics.reviewers.map((r) => {
                const party = metrics.parties.find((p) => p.key === r.partyKey);
                return (
                  <tr key={r.id}>
                    <td>
                      {r.name} {r.isBenchmark ? <span className="badge neutral">benchmark</span> : null}
                    </td>
                    <td>{party?.label ?? (r.isBenchmark ? "Benchmark" : "")}</td>
                    <td className="num">{r.alignment === null ? "—" : formatNumber(r.alignment, 1)}</td>
                    <td>
                      {r.alignment === null ? (
                        <span className="small muted">{r.alignmentReason}</span>
                      ) : (
                        <BandBadge band={alignmentBand(r.alignment)} />
                      )}
                    </td>
                    <td className="num">{signed(r.meanDeviation)}</td>
                    <td>{r.leniency ? LENIENCY_LABELS[r.leniency] : "—"}</td>
                    <td className="num">{formatPercent(r.exactMatchShare)}</td>
                    <td className="num">{formatPercent(r.withinTolerance)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="parties-heading">
        <h2 id="parties-heading">Parties</h2>
        <div className="table-wrap">
          <table aria-label="Party alignment">
            <thead>
              <tr>
                <th>Party</th>
                <th className="num">Participants</th>
                <th className="num">Alignment</th>
                <th>Band</th>
                <th className="num">Mean score</th>
                <th className="num">Gap to client</th>
              </tr>
            </thead>
            <tbody>
              {metrics.parties.map((p) => (
                <tr key={p.key}>
                  <td>{p.label}</td>
                  <td className="num">
                    {p.submitted} of {p.participants}
                  </td>
                  <td className="num">{p.alignment === null ? "—" : formatNumber(p.alignment, 1)}</td>
                  <td>
                    <BandBadge band={alignmentBand(p.alignment)} />
                  </td>
                  <td className="num">{formatScore(p.meanScore)}</td>
                  <td className="num">{p.kind === "vendor" ? signed(p.gapToClient) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="criteria-heading">
        <h2 id="criteria-heading">Agreement per criterion</h2>
        <div className="table-wrap">
          <table aria-label="Agreement per criterion">
            <thead>
              <tr>
                <th>Criterion</th>
                <th>Level</th>
                <th className="num">Alpha</th>
                <th>Band</th>
                <th className="num" title="Gwet's AC1: stays high when a rarely failed criterion is missed once">
                  AC1
                </th>
                <th className="num">Exact</th>
                <th className="num">Within one step</th>
                <th className="num">Spread (SD)</th>
                <th className="num">Disagreements</th>
              </tr>
            </thead>
            <tbody>
              {metrics.criteria.map((c) => (
                <tr key={c.key}>
                  <td>
                    {c.label} <span className="small muted">{c.sectionLabel}</span>
                  </td>
                  <td>{c.level}</td>
                  <td className="num">{fixed(c.alpha, 2)}</td>
                  <td>
                    {c.alpha === null && c.percentAgreement === 1 ? (
                      // Alpha has no variation to measure here: everyone gave the same answer.
                      <span className="badge good" title={c.alphaReason ?? undefined}>
                        all agree
                      </span>
                    ) : c.alpha === null ? (
                      <span className="small muted">{c.alphaReason}</span>
                    ) : (
                      <BandBadge band={alphaBand(c.alpha)} />
                    )}
                  </td>
                  <td className="num">{fixed(c.ac1, 2)}</td>
                  <td className="num">{formatPercent(c.percentAgreement)}</td>
                  <td className="num">{formatPercent(c.withinOneStep)}</td>
                  <td className="num">{c.spread === null ? "—" : formatNumber(c.spread, 2)}</td>
                  <td className="num">{c.disagreements.length}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="interactions-heading">
        <h2 id="interactions-heading">Total scores per interaction</h2>
        <div className="table-wrap">
          <table aria-label="Total scores per interaction">
            <thead>
              <tr>
                <th>Interaction</th>
                <th className="num">Mean</th>
                <th className="num">SD</th>
                <th className="num">Min</th>
                <th className="num">Max</th>
                <th className="num">Range</th>
                <th className="num">Reference</th>
              </tr>
            </thead>
            <tbody>
              {metrics.interactions.map((i) => (
                <tr key={i.id}>
                  <td>
                    <Link to={`/calibrations/${sessionId}/review?item=${i.id}`}>
                      {itemLabels[i.id] ?? "Interaction"}
                    </Link>
                  </td>
                  <td className="num">{formatScore(i.mean)}</td>
                  <td className="num">{i.sd === null ? "—" : formatNumber(i.sd, 1)}</td>
                  <td className="num">{formatScore(i.min)}</td>
                  <td className="num">{formatScore(i.max)}</td>
                  <td className="num">{i.range === null ? "—" : formatNumber(i.range, 1)}</td>
                  <td className="num">{formatScore(i.referenceScore)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}

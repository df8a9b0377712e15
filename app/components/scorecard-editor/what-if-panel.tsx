import { useFetcher } from "@remix-run/react";
import { useState } from "react";
import type { ScoreSummary, WhatIfResult } from "~/domain/what-if";
import { formatPercent, formatScore } from "~/utils/format";
import { WhatIfChart } from "./what-if-chart";

type WhatIfData = { ok: true; limit: number; sample: number; result: WhatIfResult } | { ok: false; message: string };

function Shift({ from, to, format }: { from: number | null; to: number | null; format: (v: number | null) => string }) {
  const delta = from !== null && to !== null ? to - from : null;
  return (
    <>
      {format(from)} → <strong>{format(to)}</strong>
      {delta !== null && Math.abs(delta) > 1e-9 ? (
        <span className="small muted">
          {" "}
          ({delta > 0 ? "+" : "−"}
          {format(Math.abs(delta))})
        </span>
      ) : null}
    </>
  );
}

const score = (s: ScoreSummary, side: "meanScore" | "passRate" | "criticalFailRate") => s[side];

/** Runs the what-if on the saved draft and shows how scores and pass rates would move, per vendor. */
export function WhatIfPanel({ draftId, disabledReason }: { draftId: string; disabledReason: string | null }) {
  const fetcher = useFetcher<WhatIfData>();
  const [groupKey, setGroupKey] = useState("all");
  const data = fetcher.data;
  const result = data?.ok ? data.result : null;
  const group = result?.groups.find((g) => g.key === groupKey) ?? result?.groups[0];
  return (
    <section className="panel" aria-labelledby="what-if-heading">
      <h2 id="what-if-heading" style={{ marginTop: 0 }}>
        What-if re-score
      </h2>
      <p className="small muted">
        The scorecard&apos;s most recent submitted evaluations re-scored under this draft. Criteria are matched by key;
        a stored answer carries over when the criterion keeps its scale. New criteria count as unanswered and drop out
        of the score.
      </p>
      <div className="form-actions">
        <button
          type="button"
          className="button"
          disabled={Boolean(disabledReason) || fetcher.state !== "idle"}
          onClick={() => fetcher.load(`/scorecards/drafts/${draftId}/what-if`)}
        >
          {fetcher.state !== "idle" ? "Re-scoring…" : "Run what-if"}
        </button>
        {disabledReason ? <span className="small muted">{disabledReason}</span> : null}
      </div>
      {data && !data.ok ? (
        <p className="form-error" role="alert">
          {data.message}
        </p>
      ) : null}
      {data?.ok && result && group ? (
        <div role="region" aria-label="What-if results">
          <p className="small">
            {data.sample === 0
              ? "No submitted evaluations of this scorecard yet: nothing to re-score."
              : `Re-scored the ${data.sample} most recent evaluations (at most ${data.limit}).`}
          </p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Vendor</th>
                  <th className="num">Evaluations</th>
                  <th>Mean score (now → draft)</th>
                  <th>Pass rate (now → draft)</th>
                  <th>Critical-fail rate</th>
                  <th className="num">Pass → fail</th>
                  <th className="num">Fail → pass</th>
                </tr>
              </thead>
              <tbody>
                {result.groups.map((g) => (
                  <tr key={g.key}>
                    <td>{g.label}</td>
                    <td className="num">{g.evaluations}</td>
                    <td>
                      <Shift
                        from={score(g.current, "meanScore")}
                        to={score(g.draft, "meanScore")}
                        format={formatScore}
                      />
                    </td>
                    <td>
                      <Shift
                        from={score(g.current, "passRate")}
                        to={score(g.draft, "passRate")}
                        format={(v) => formatPercent(v, 1)}
                      />
                    </td>
                    <td>
                      <Shift
                        from={score(g.current, "criticalFailRate")}
                        to={score(g.draft, "criticalFailRate")}
                        format={(v) => formatPercent(v, 1)}
                      />
                    </td>
                    <td className="num">{g.toFail}</td>
                    <td className="num">{g.toPass}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="field" style={{ maxWidth: 280 }}>
            <label htmlFor="what-if-group">Distribution for</label>
            <select id="what-if-group" value={group.key} onChange={(e) => setGroupKey(e.target.value)}>
              {result.groups.map((g) => (
                <option key={g.key} value={g.key}>
                  {g.label}
                </option>
              ))}
            </select>
          </div>
          <WhatIfChart group={group} />
          <h3>Criteria under the draft</h3>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Criterion</th>
                  <th>Key</th>
                  <th>Status</th>
                  <th className="num">Answered</th>
                  <th className="num">Unanswered</th>
                </tr>
              </thead>
              <tbody>
                {result.criteria.map((c) => (
                  <tr key={c.key}>
                    <td>{c.label}</td>
                    <td className="small">{c.key}</td>
                    <td>
                      <span className={`badge ${c.status === "new" ? "warn" : "neutral"}`}>{c.status}</span>
                    </td>
                    <td className="num">{c.answered}</td>
                    <td className="num">{c.unanswered}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {result.removed.length > 0 ? (
            <p className="small">
              Removed by the draft: {result.removed.map((r) => `${r.label} (${r.key})`).join(", ")}.
            </p>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

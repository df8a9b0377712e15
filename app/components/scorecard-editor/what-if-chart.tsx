import { useEffect, useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { WHAT_IF_BINS, type WhatIfGroup } from "~/domain/what-if";

const WIDTH = 760;
const HEIGHT = 260;
// Okabe and Ito palette, as in the KPI chart: distinguishable for the common colour-vision deficiencies.
const CURRENT_COLOR = "#0072B2";
const DRAFT_COLOR = "#D55E00";

function useHydrated() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

/**
 * Final score distribution of one group in ten bins, current version beside draft. Drawn after hydration
 * (recharts' ids differ between server and browser); the counts are always in the table in the caption,
 * for exact values and screen readers.
 */
export function WhatIfChart({ group }: { group: WhatIfGroup }) {
  const hydrated = useHydrated();
  const rows = WHAT_IF_BINS.map((bin, i) => ({
    bin,
    current: group.current.distribution[i] ?? 0,
    draft: group.draft.distribution[i] ?? 0,
  }));
  const label = `Final score distribution, ${group.label}: current version (${group.current.scored} scored) and draft (${group.draft.scored} scored)`;
  return (
    <figure className="kpi-chart">
      <div style={{ width: WIDTH, height: HEIGHT }} role="img" aria-label={label}>
        {hydrated ? (
          <BarChart width={WIDTH} height={HEIGHT} data={rows} margin={{ top: 16, right: 24, bottom: 4, left: 8 }}>
            <CartesianGrid stroke="#dfe3ea" vertical={false} />
            <XAxis dataKey="bin" tick={{ fontSize: 11 }} interval={0} />
            <YAxis width={40} allowDecimals={false} tick={{ fontSize: 11 }} />
            <Tooltip labelFormatter={(bin) => `Score ${String(bin)}`} cursor={{ fill: "rgba(36, 86, 211, 0.06)" }} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar dataKey="current" name="Current" fill={CURRENT_COLOR} isAnimationActive={false} />
            <Bar dataKey="draft" name="Draft" fill={DRAFT_COLOR} isAnimationActive={false} />
          </BarChart>
        ) : (
          <p className="small muted">The chart appears once the page has loaded; the counts are in the table below.</p>
        )}
      </div>
      <figcaption className="table-wrap">
        <table className="compact" aria-label={`${label}: evaluations per score bin`}>
          <thead>
            <tr>
              <th>Score</th>
              <th className="num">Current</th>
              <th className="num">Draft</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.bin}>
                <td>{r.bin}</td>
                <td className="num">{r.current}</td>
                <td className="num">{r.draft}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </figcaption>
    </figure>
  );
}

import { Link } from "@remix-run/react";
import { useEffect, useState } from "react";
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import { formatDate, formatScore } from "~/utils/format";

export type AlignmentChartSeries = {
  key: string;
  label: string;
  points: { sessionId: string; title: string; date: string; alignment: number }[];
};

const WIDTH = 760;
const HEIGHT = 280;
// Distinguishable on white and for the common colour-vision deficiencies (Okabe and Ito palette).
const COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"];

/**
 * Alignment (0 to 100) per session date, one line per series, with the target as a dashed line. The y axis
 * starts at the lowest value's ten below (or at 0), so read the values, not the heights.
 * The SVG is drawn after hydration only (recharts' generated ids differ between server and browser);
 * the same numbers are always in the table below, for exact values and screen readers.
 */
export function AlignmentChart({
  series,
  label,
  target = 85,
  timeZone = "UTC",
}: {
  series: AlignmentChartSeries[];
  label: string;
  target?: number;
  timeZone?: string;
}) {
  const hydrated = useHydrated();
  const sessions = new Map<string, { sessionId: string; title: string; date: string }>();
  for (const s of series) for (const p of s.points) sessions.set(p.sessionId, p);
  const rows = [...sessions.values()]
    .sort((a, b) => Date.parse(a.date) - Date.parse(b.date))
    .map((session) => {
      const row: Record<string, number | string | null> = { t: Date.parse(session.date), ...session };
      series.forEach((s, i) => {
        row[`s${i}`] = s.points.find((p) => p.sessionId === session.sessionId)?.alignment ?? null;
      });
      return row;
    });
  const day = (t: number) => formatDate(new Date(t), timeZone);
  // Zoom in on the band the values use (in steps of 10, target included) so close lines stay apart.
  const lowest = Math.min(target, ...series.flatMap((s) => s.points.map((p) => p.alignment)));
  const yMin = Math.max(0, Math.floor((lowest - 5) / 10) * 10);
  return (
    <div className="alignment-chart">
      <div className="alignment-chart-canvas" style={{ width: WIDTH, height: HEIGHT }} role="img" aria-label={label}>
        {hydrated ? (
          <LineChart width={WIDTH} height={HEIGHT} data={rows} margin={{ top: 10, right: 24, bottom: 4, left: 0 }}>
            <CartesianGrid stroke="#dfe3ea" vertical={false} />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={["dataMin", "dataMax"]}
              padding={{ left: 20, right: 20 }}
              tickFormatter={day}
              tick={{ fontSize: 11 }}
            />
            <YAxis domain={[yMin, 100]} allowDataOverflow width={36} tick={{ fontSize: 11 }} />
            <ReferenceLine
              y={target}
              stroke="#1f7a4a"
              strokeDasharray="5 4"
              label={{ value: `Target ${target}`, position: "insideTopLeft", fontSize: 11, fill: "#1f7a4a" }}
            />
            <Tooltip
              labelFormatter={(t) => day(Number(t))}
              formatter={(value) => (typeof value === "number" ? formatScore(value) : String(value))}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {series.map((s, i) => (
              <Line
                key={s.key}
                dataKey={`s${i}`}
                name={s.label}
                stroke={COLORS[i % COLORS.length]}
                strokeWidth={2}
                dot={{ r: 3 }}
                connectNulls
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        ) : null}
      </div>
      <div className="table-wrap">
        <table className="compact" aria-label={`${label}: values`}>
          <thead>
            <tr>
              <th>Finalized</th>
              <th>Session</th>
              {series.map((s) => (
                <th key={s.key} className="num">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={String(row.sessionId)}>
                <td>{formatDate(String(row.date), timeZone)}</td>
                <td>
                  <Link to={`/calibrations/${row.sessionId}/results`}>{row.title}</Link>
                </td>
                {series.map((s, i) => (
                  <td key={s.key} className="num">
                    {formatScore(row[`s${i}`] as number | null)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

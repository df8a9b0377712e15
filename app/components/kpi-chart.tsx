import { useEffect, useState } from "react";
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import { formatDate } from "~/utils/format";

export type KpiChartSeries = { key: string; label: string; values: (number | null)[] };
export type KpiChartNote = {
  id: string;
  periodStart: string;
  onDate: string;
  body: string;
  vendorLabel: string | null;
};

const WIDTH = 760;
const HEIGHT = 260;
// Okabe and Ito palette: distinguishable for the common colour-vision deficiencies.
const COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"];

function useHydrated() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

/**
 * One KPI per period, a line per series, the target as a dashed line, and each context note as a
 * labelled vertical line on its period. Drawn after hydration (recharts' ids differ between server and
 * browser); the numbers and notes are always in the table below, for exact values and screen readers.
 */
export function KpiChart(props: {
  label: string;
  periods: string[];
  series: KpiChartSeries[];
  format: (value: number | null) => string;
  target?: number | null;
  notes: KpiChartNote[];
}) {
  const hydrated = useHydrated();
  const rows = props.periods.map((period, i) => {
    const row: Record<string, number | string | null> = { period };
    props.series.forEach((s, j) => (row[`s${j}`] = s.values[i]));
    return row;
  });
  const week = (p: string) => formatDate(`${p}T12:00:00Z`);
  return (
    <figure className="kpi-chart">
      <div style={{ width: WIDTH, height: HEIGHT }} role="img" aria-label={props.label}>
        {hydrated ? (
          <LineChart width={WIDTH} height={HEIGHT} data={rows} margin={{ top: 16, right: 24, bottom: 4, left: 8 }}>
            <CartesianGrid stroke="#dfe3ea" vertical={false} />
            <XAxis dataKey="period" tickFormatter={week} tick={{ fontSize: 11 }} />
            <YAxis width={56} tick={{ fontSize: 11 }} tickFormatter={(v: number) => props.format(v)} />
            {typeof props.target === "number" ? (
              <ReferenceLine
                y={props.target}
                stroke="#1f7a4a"
                strokeDasharray="5 4"
                label={{ value: "Target", position: "insideTopLeft", fontSize: 11, fill: "#1f7a4a" }}
              />
            ) : null}
            {props.notes.map((n) => (
              <ReferenceLine
                key={n.id}
                x={n.periodStart}
                stroke="#8a5a00"
                label={{ value: n.body.slice(0, 28), position: "top", fontSize: 11, fill: "#8a5a00" }}
              />
            ))}
            <Tooltip
              labelFormatter={(p) => `Week of ${week(String(p))}`}
              formatter={(v) => props.format(v as number)}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {props.series.map((s, i) => (
              <Line
                key={s.key}
                dataKey={`s${i}`}
                name={s.label}
                stroke={COLORS[i % COLORS.length]}
                strokeWidth={2}
                dot={{ r: 3 }}
                connectNulls={false}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        ) : null}
      </div>
      <figcaption className="table-wrap">
        <table className="compact" aria-label={`${props.label}: values`}>
          <thead>
            <tr>
              <th>Week of</th>
              {props.series.map((s) => (
                <th key={s.key} className="num">
                  {s.label}
                </th>
              ))}
              <th>Context</th>
            </tr>
          </thead>
          <tbody>
            {props.periods.map((p, i) => (
              <tr key={p}>
                <td>{week(p)}</td>
                {props.series.map((s) => (
                  <td key={s.key} className="num">
                    {props.format(s.values[i])}
                  </td>
                ))}
                <td className="small">
                  {props.notes
                    .filter((n) => n.periodStart === p)
                    .map(
                      (n) =>
                        `${formatDate(`${n.onDate}T12:00:00Z`)}${n.vendorLabel ? ` (${n.vendorLabel})` : ""}: ${n.body}`,
                    )
                    .join("; ")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </figcaption>
    </figure>
  );
}

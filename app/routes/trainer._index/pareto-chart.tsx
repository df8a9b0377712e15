import { useEffect, useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { ROOT_CAUSES } from "~/domain/scorecard-definition";
import { NO_ROOT_CAUSE, NO_ROOT_CAUSE_LABEL, ROOT_CAUSE_LABELS } from "~/domain/trainer-analysis";

export const CAUSE_KEYS = [...ROOT_CAUSES, NO_ROOT_CAUSE] as const;
/** Column headings for the table, where seven full labels do not fit. */
export const CAUSE_SHORT_LABELS: Record<(typeof CAUSE_KEYS)[number], string> = {
  training_gap: "Training",
  process_gap: "Process",
  product_defect: "Product",
  agent_behaviour: "Behaviour",
  tooling: "Tooling",
  customer_driven: "Customer",
  none: "None",
};
export const causeLabel = (key: string) =>
  key === NO_ROOT_CAUSE ? NO_ROOT_CAUSE_LABEL : (ROOT_CAUSE_LABELS[key as keyof typeof ROOT_CAUSE_LABELS] ?? key);

// Okabe and Ito palette (safe for the common colour-vision deficiencies); training gap in the strongest colour.
const COLORS: Record<(typeof CAUSE_KEYS)[number], string> = {
  training_gap: "#D55E00",
  process_gap: "#0072B2",
  product_defect: "#009E73",
  agent_behaviour: "#CC79A7",
  tooling: "#E69F00",
  customer_driven: "#56B4E9",
  none: "#9aa1ad",
};

const WIDTH = 1000;
const ROW = 30;
const MAX_ROWS = 12;

function useHydrated() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

export type ParetoChartRow = { id: string; label: string; scorecardName: string; byRootCause: Record<string, number> };

/**
 * The top criteria by errors as horizontal bars stacked by root cause. Drawn after hydration (recharts'
 * ids differ between server and browser); the exact numbers are in the table that follows it.
 */
export function ParetoChart({ rows }: { rows: ParetoChartRow[] }) {
  const hydrated = useHydrated();
  const shown = rows.slice(0, MAX_ROWS).map((r) => ({
    name: r.label.length > 38 ? `${r.label.slice(0, 36)}…` : r.label,
    full: `${r.label} (${r.scorecardName})`,
    ...r.byRootCause,
  }));
  const height = 60 + shown.length * ROW;
  return (
    <figure className="pareto-chart">
      <div
        style={{ width: "100%", maxWidth: WIDTH, height }}
        role="img"
        aria-label={`Errors by criterion and root cause, top ${shown.length}`}
      >
        {hydrated ? (
          <BarChart
            width={WIDTH}
            height={height}
            data={shown}
            layout="vertical"
            margin={{ top: 4, right: 24, bottom: 4, left: 8 }}
          >
            <CartesianGrid stroke="#dfe3ea" horizontal={false} />
            <XAxis type="number" allowDecimals={false} tick={{ fontSize: 11 }} />
            <YAxis type="category" dataKey="name" width={260} tick={{ fontSize: 12 }} interval={0} />
            <Tooltip
              labelFormatter={(_, payload) => String(payload?.[0]?.payload?.full ?? "")}
              cursor={{ fill: "rgba(36, 86, 211, 0.06)" }}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {CAUSE_KEYS.map((key) => (
              <Bar
                key={key}
                dataKey={key}
                name={causeLabel(key)}
                stackId="errors"
                fill={COLORS[key]}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        ) : null}
      </div>
      {rows.length > MAX_ROWS ? (
        <figcaption className="small muted">
          The top {MAX_ROWS} of {rows.length} criteria; all of them are in the table.
        </figcaption>
      ) : null}
    </figure>
  );
}

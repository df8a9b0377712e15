import { Link } from "@remix-run/react";
import type { BoardColumn, BoardRow } from "~/domain/kpi-board";
import { KPI_DEFINITIONS } from "~/domain/kpi-definitions";
import { formatKpiValue } from "~/domain/kpi-formulas";

const STATUS_TONES = { green: "good", amber: "warn", red: "bad" } as const;
const TREND = {
  improving: { arrow: "↑", label: "improving", tone: "good" },
  worsening: { arrow: "↓", label: "worsening", tone: "bad" },
  flat: { arrow: "→", label: "flat", tone: "neutral" },
} as const;

/**
 * KPIs down, vendors (or teams, agents, or just "you") across; each cell against its target, with the
 * trend. `drill` gives the link behind a column header, if any.
 */
export function KpiBoardTable(props: {
  columns: BoardColumn[];
  rows: BoardRow[];
  drill?: (columnKey: string) => string | null;
}) {
  const data = props;
  return (
    <div className="table-wrap">
      <table className="kpi-board" aria-label="KPI board">
        <thead>
          <tr>
            <th>KPI</th>
            {data.columns.map((c) => (
              <th key={c.key} className="num">
                {props.drill?.(c.key) ? <Link to={props.drill(c.key)!}>{c.label}</Link> : c.label}
              </th>
            ))}
          </tr>
        </thead>
        {(["leading", "lagging"] as const).map((kind) => {
          const rows = data.rows.filter((r) => KPI_DEFINITIONS[r.kpi].kind === kind);
          if (rows.length === 0) return null;
          return (
            <tbody key={kind}>
              <tr className="section-row">
                <th colSpan={data.columns.length + 1} scope="rowgroup">
                  {kind === "leading"
                    ? "Leading indicators (move first: the work itself)"
                    : "Lagging indicators (outcomes)"}
                </th>
              </tr>
              {rows.map((row) => {
                const def = KPI_DEFINITIONS[row.kpi];
                return (
                  <tr key={row.kpi}>
                    <th scope="row" title={def.formula}>
                      {def.name}
                    </th>
                    {data.columns.map((c) => {
                      const cell = row.cells[c.key];
                      const trend = cell.trend ? TREND[cell.trend] : null;
                      return (
                        <td key={c.key} className="num">
                          <span
                            className={cell.status ? `badge ${STATUS_TONES[cell.status]}` : undefined}
                            data-status={cell.status ?? "none"}
                          >
                            {cell.display}
                          </span>
                          {trend ? (
                            <span
                              className={`trend ${trend.tone}`}
                              title={`trend: ${trend.label}`}
                              aria-label={`trend ${trend.label}`}
                            >
                              {" "}
                              {trend.arrow}
                            </span>
                          ) : null}
                          {cell.target ? (
                            <span className="small muted block">
                              target {def.better === "higher" ? "≥" : "≤"}{" "}
                              {formatKpiValue(row.kpi, { ok: true, value: cell.target.threshold })}
                            </span>
                          ) : null}
                          {cell.flagged ? (
                            <span className="badge bad block" title="Missed the target this many weeks in a row">
                              missed {cell.misses} weeks running
                            </span>
                          ) : null}
                        </td>
                      );
                    })}
                  </tr>
                );
              })}
            </tbody>
          );
        })}
      </table>
    </div>
  );
}

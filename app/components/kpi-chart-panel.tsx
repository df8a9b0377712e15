import { Form } from "@remix-run/react";
import { KPI_DEFINITIONS, type KpiKey } from "~/domain/kpi-definitions";
import { formatKpiValue } from "~/domain/kpi-formulas";
import { KpiChart, type KpiChartNote, type KpiChartSeries } from "./kpi-chart";

/** A panel with one KPI's weekly chart and a picker for which KPI (a GET form, so it works without JS). */
export function KpiChartPanel(props: {
  kpis: KpiKey[];
  chartKpi: KpiKey;
  weeks: number;
  periods: string[];
  series: KpiChartSeries[];
  target: number | null;
  notes: KpiChartNote[];
}) {
  const def = KPI_DEFINITIONS[props.chartKpi];
  const format = (v: number | null) =>
    formatKpiValue(props.chartKpi, v === null ? { ok: false, reason: "no data" } : { ok: true, value: v });
  return (
    <section className="panel" aria-labelledby="chart-heading">
      <div className="page-head" style={{ marginBottom: 0 }}>
        <h2 id="chart-heading" style={{ marginTop: 0 }}>
          {def.name} per week
        </h2>
        <Form method="get" className="form-actions" style={{ margin: 0 }}>
          <input type="hidden" name="weeks" value={props.weeks} />
          <label className="visually-hidden" htmlFor="chart-kpi">
            KPI
          </label>
          <select id="chart-kpi" name="kpi" defaultValue={props.chartKpi}>
            {props.kpis.map((k) => (
              <option key={k} value={k}>
                {KPI_DEFINITIONS[k].name}
              </option>
            ))}
          </select>
          <button type="submit" className="button secondary">
            Show
          </button>
        </Form>
      </div>
      <p className="small muted">{def.formula}</p>
      <KpiChart
        label={`${def.name} per week`}
        periods={props.periods}
        series={props.series}
        format={format}
        target={props.target}
        notes={props.notes}
      />
    </section>
  );
}

/**
 * KPI formulas: the sums and counts SQL returns per group (`KpiAggregate`) turned into rates and averages,
 * as defined in kpi-definitions.ts. Pure.
 *
 * Rules: a rate or a mean whose denominator is 0 is "no data", never 0 and never NaN; quality variance needs
 * at least two scores; percent KPIs are shares 0..1 (formatKpiValue shows the %). Counts (evaluations
 * completed, interactions handled) have no denominator: a group that counted nothing has a count of 0, which is
 * data (an agent who handled nothing this week), not a gap.
 *
 * @example computeKpi("fcr_rate", { ...emptyAggregate(), fcrCount: 10, fcrYes: 8 }) // => { ok: true, value: 0.8 }
 * @example computeKpi("csat", emptyAggregate()) // => { ok: false, reason: "no data" }
 */
import type { KpiAggregate } from "./kpi-aggregate";
import { KPI_DEFINITIONS, type KpiKey } from "./kpi-definitions";

export type KpiValue = { ok: true; value: number } | { ok: false; reason: "no data" };

const NO_DATA: KpiValue = { ok: false, reason: "no data" };

function value(v: number): KpiValue {
  // Never hand NaN or ±Infinity to a chart or a target: inputs that overflow are as good as missing.
  return Number.isFinite(v) ? { ok: true, value: v } : NO_DATA;
}

/** numerator / denominator, or no data when the denominator is 0 (or not a positive number). */
function ratio(numerator: number, denominator: number): KpiValue {
  return denominator > 0 ? value(numerator / denominator) : NO_DATA;
}

/**
 * Sample variance (n − 1 in the denominator) from n, Σx and Σx²: (Σx² − n·mean²) / (n − 1). Rounding can
 * push a zero spread a hair below 0; it is clamped to 0.
 */
function sampleVariance(n: number, sum: number, sumSq: number): KpiValue {
  if (!(n >= 2)) return NO_DATA;
  const mean = sum / n;
  return value(Math.max(0, (sumSq - n * mean * mean) / (n - 1)));
}

const FORMULAS: Partial<Record<KpiKey, (a: KpiAggregate) => KpiValue>> = {
  qa_score: (a) => ratio(a.finalScoreSum, a.finalScoreCount),
  qa_score_raw: (a) => ratio(a.rawScoreSum, a.rawScoreCount),
  critical_fail_rate: (a) => ratio(a.criticalFailed, a.evaluations),
  pass_rate: (a) => ratio(a.passedCount, a.finalScoreCount),
  evaluations_completed: (a) => value(a.evaluations),
  csat: (a) => ratio(a.csatSum, a.csatCount),
  dsat_share: (a) => ratio(a.dsatCount, a.csatCount),
  nps: (a) => ratio((a.promoters - a.detractors) * 100, a.npsCount),
  ces: (a) => ratio(a.cesSum, a.cesCount),
  aht: (a) => ratio(a.handleTimeSum, a.handleTimeCount),
  frt: (a) => ratio(a.firstResponseSum, a.firstResponseCount),
  art: (a) => ratio(a.resolutionSum, a.resolutionCount),
  tat: (a) => ratio(a.turnaroundSum, a.turnaroundCount),
  fcr_rate: (a) => ratio(a.fcrYes, a.fcrCount),
  escalation_rate: (a) => ratio(a.escalated, a.interactions),
  csat_escalated: (a) => ratio(a.escalatedCsatSum, a.escalatedCsatCount),
  interactions_handled: (a) => value(a.interactions),
  dispute_rate: (a) => ratio(a.disputed, a.evaluations),
  overturn_rate: (a) => ratio(a.disputesOverturned, a.disputesDecided),
  quality_variance: (a) => sampleVariance(a.finalScoreCount, a.finalScoreSum, a.finalScoreSumSq),
  training_error_share: (a) => ratio(a.trainingErrors, a.errors),
};

/**
 * The value of an aggregate KPI for one group. Throws for KPIs whose source is "separate" (criterion pass
 * rate, review backlog, backlog aging, QA alignment): they come from their own queries.
 *
 * @example computeKpi("nps", { ...emptyAggregate(), npsCount: 50, promoters: 26, detractors: 10 }) // => 32
 */
export function computeKpi(key: KpiKey, a: KpiAggregate): KpiValue {
  const formula = FORMULAS[key];
  if (!formula || KPI_DEFINITIONS[key].source !== "aggregate") {
    throw new Error(`KPI "${key}" is not computed from the aggregate; it has its own query`);
  }
  return formula(a);
}

const ONE_DECIMAL = new Intl.NumberFormat("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const TWO_DECIMALS = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const WHOLE = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** Whole seconds as "45s", "5m 12s", "2h 05m", "3d 4h". */
function formatDuration(seconds: number): string {
  const total = Math.round(Math.abs(seconds));
  const sign = seconds < 0 && total > 0 ? "-" : "";
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3_600);
  const m = Math.floor((total % 3_600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, "0");
  if (d > 0) return `${sign}${d}d ${h}h`;
  if (h > 0) return `${sign}${h}h ${pad(m)}m`;
  if (m > 0) return `${sign}${m}m ${pad(s)}s`;
  return `${sign}${s}s`;
}

/** Avoids "-0.0" for values that round to zero. */
function fixed(format: Intl.NumberFormat, v: number): string {
  const text = format.format(v);
  return /^-0(\.0+)?$/.test(text) ? text.slice(1) : text;
}

/**
 * A KPI value for a table cell or a tooltip, in the KPI's unit.
 *
 * @example formatKpiValue("qa_score", { ok: true, value: 87.36 }) // => "87.4"
 * @example formatKpiValue("dsat_share", { ok: true, value: 0.125 }) // => "12.5%"
 * @example formatKpiValue("aht", { ok: true, value: 312 }) // => "5m 12s"
 * @example formatKpiValue("nps", { ok: true, value: 32 }) // => "+32"
 * @example formatKpiValue("csat", { ok: true, value: 4.2083 }) // => "4.21"
 * @example formatKpiValue("csat", { ok: false, reason: "no data" }) // => "no data"
 */
export function formatKpiValue(key: KpiKey, v: KpiValue): string {
  if (!v.ok || !Number.isFinite(v.value)) return "no data";
  const x = v.value;
  switch (KPI_DEFINITIONS[key].unit) {
    case "score":
    case "points²":
      return fixed(ONE_DECIMAL, x);
    case "percent":
      // A share so large that × 100 overflows is not a real value.
      return Number.isFinite(x * 100) ? `${fixed(ONE_DECIMAL, x * 100)}%` : "no data";
    case "seconds":
      return formatDuration(x);
    case "count":
      return fixed(WHOLE, x);
    case "nps": {
      const text = fixed(WHOLE, x);
      return x > 0 && text !== "0" ? `+${text}` : text;
    }
    case "csat":
    case "ces":
      return fixed(TWO_DECIMALS, x);
    case "days": {
      const text = fixed(ONE_DECIMAL, x);
      return `${text} ${text === "1.0" ? "day" : "days"}`;
    }
  }
}

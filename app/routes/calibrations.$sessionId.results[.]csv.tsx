import type { LoaderFunctionArgs } from "@remix-run/node";
import { agreementBand, alignmentBand, alphaBand, iccBand } from "~/domain/calibration-bands";
import { getSessionResults } from "~/models/calibration-results.server";
import { HIDDEN_RESULTS, requireCalibrationSession } from "~/utils/calibration-guard.server";
import { csvResponse, type CsvCell } from "~/utils/csv.server";

// The results in long form (scope, subject, metric, value, band): one row per number, easy to pivot.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { loaded } = await requireCalibrationSession(request, params.sessionId);
  const m = await getSessionResults(loaded);
  if (!m) throw new Response(HIDDEN_RESULTS, { status: 403 });
  const rows: CsvCell[][] = [];
  const add = (scope: string, subject: string, party: string, metric: string, value: CsvCell, band = "") =>
    rows.push([loaded.session.title, scope, subject, party, metric, value, band]);

  add("overall", "", "", "krippendorff_alpha_interval", m.overall.alpha, alphaBand(m.overall.alpha).label);
  add("overall", "", "", "alpha_ci_lower", m.overall.alphaInterval?.lower);
  add("overall", "", "", "alpha_ci_upper", m.overall.alphaInterval?.upper);
  add("overall", "", "", "icc_2_1_total_score", m.overall.icc21, iccBand(m.overall.icc21).label);
  add(
    "overall",
    "",
    "",
    "percent_agreement",
    m.overall.percentAgreement,
    agreementBand(m.overall.percentAgreement).label,
  );
  add("overall", "", "", "within_one_step", m.overall.withinOneStep);
  const partyLabel = new Map(m.parties.map((p) => [p.key, p.label]));
  for (const r of m.reviewers) {
    const party = partyLabel.get(r.partyKey) ?? "";
    add(
      "reviewer",
      r.name,
      party,
      "alignment",
      r.alignment,
      r.alignment === null ? "" : alignmentBand(r.alignment).label,
    );
    add("reviewer", r.name, party, "mean_deviation", r.meanDeviation, r.leniency ?? "");
    add("reviewer", r.name, party, "exact_match_share", r.exactMatchShare);
    add("reviewer", r.name, party, "within_tolerance_share", r.withinTolerance);
  }
  for (const p of m.parties) {
    add("party", p.label, p.label, "alignment", p.alignment, alignmentBand(p.alignment).label);
    add("party", p.label, p.label, "mean_score", p.meanScore);
    if (p.kind === "vendor") add("party", p.label, p.label, "gap_to_client", p.gapToClient);
  }
  for (const c of m.criteria) {
    add("criterion", c.key, "", `alpha_${c.level}`, c.alpha, c.alpha === null ? "" : alphaBand(c.alpha).label);
    add("criterion", c.key, "", "gwet_ac1", c.ac1 ?? null);
    add("criterion", c.key, "", "percent_agreement", c.percentAgreement);
    add("criterion", c.key, "", "within_one_step", c.withinOneStep);
    add("criterion", c.key, "", "spread_sd", c.spread);
  }
  const external = new Map(loaded.items.map((i) => [i.interactionId, i.externalId]));
  for (const i of m.interactions) {
    const id = external.get(i.id) ?? i.id;
    add("interaction", id, "", "mean_score", i.mean);
    add("interaction", id, "", "sd_score", i.sd);
    add("interaction", id, "", "range_score", i.range);
    add("interaction", id, "", "reference_score", i.referenceScore);
  }
  return csvResponse(
    `calibration-${loaded.session.id.slice(0, 8)}-results.csv`,
    ["session", "scope", "subject", "party", "metric", "value", "band"],
    rows,
  );
}

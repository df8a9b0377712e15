/**
 * Plain-language bands for the numbers on a calibration results page. Pure.
 * Each band says which published source (or practitioners' convention) it follows, so the page can cite it.
 * A null (or non-finite) input means the statistic could not be computed: "not enough data".
 *
 * @example alphaBand(0.72) // => { label: "tentative", tone: "warn", source: "Krippendorff (2004) ..." }
 */

export type BandTone = "good" | "warn" | "bad";
export type Band = { label: string; tone: BandTone; source: string };

export const ALPHA_SOURCE =
  "Krippendorff (2004), Content Analysis, 2nd ed., p. 241: rely on alpha ≥ 0.800, tentative conclusions from 0.667";
export const KAPPA_SOURCE = "Landis and Koch (1977), Biometrics 33(1), p. 165";
export const ICC_SOURCE = "Koo and Li (2016), Journal of Chiropractic Medicine 15(2), p. 158";
export const ALIGNMENT_SOURCE = "QA practitioners' calibration target: alignment of at least 85";
export const AGREEMENT_SOURCE = "McHugh (2012), Biochemia Medica 22(3): 80% agreement is the usual minimum";

const NOT_ENOUGH_DATA = "not enough data";

/** Returns the first band whose lower bound the value reaches; bands are listed from the top down. */
function band(value: number | null, source: string, bands: [atLeast: number, label: string, tone: BandTone][]): Band {
  if (value === null || !Number.isFinite(value)) return { label: NOT_ENOUGH_DATA, tone: "warn", source };
  for (const [atLeast, label, tone] of bands) if (value >= atLeast) return { label, tone, source };
  const [, label, tone] = bands[bands.length - 1];
  return { label, tone, source };
}

/** Krippendorff's alpha: ≥ 0.800 reliable, 0.667 to 0.800 tentative, below 0.667 unreliable. */
export function alphaBand(alpha: number | null): Band {
  return band(alpha, ALPHA_SOURCE, [
    [0.8, "reliable", "good"],
    [0.667, "tentative", "warn"],
    [-Infinity, "unreliable", "bad"],
  ]);
}

/**
 * Kappa-type coefficients (Cohen, Fleiss, Gwet's AC1): below 0 poor, 0 to 0.20 slight, 0.21 to 0.40 fair,
 * 0.41 to 0.60 moderate, 0.61 to 0.80 substantial, 0.81 to 1 almost perfect. The published bands leave
 * gaps at the second decimal; here each upper bound is inclusive (0.20 is slight, 0.205 is fair).
 */
export function kappaBand(kappa: number | null): Band {
  if (kappa === null || !Number.isFinite(kappa)) return band(null, KAPPA_SOURCE, []);
  if (kappa < 0) return { label: "poor", tone: "bad", source: KAPPA_SOURCE };
  if (kappa <= 0.2) return { label: "slight", tone: "bad", source: KAPPA_SOURCE };
  if (kappa <= 0.4) return { label: "fair", tone: "bad", source: KAPPA_SOURCE };
  if (kappa <= 0.6) return { label: "moderate", tone: "warn", source: KAPPA_SOURCE };
  if (kappa <= 0.8) return { label: "substantial", tone: "good", source: KAPPA_SOURCE };
  return { label: "almost perfect", tone: "good", source: KAPPA_SOURCE };
}

/** Intraclass correlation: below 0.5 poor, 0.5 to 0.75 moderate, 0.75 to 0.9 good, above 0.9 excellent. */
export function iccBand(icc: number | null): Band {
  if (icc === null || !Number.isFinite(icc)) return band(null, ICC_SOURCE, []);
  if (icc > 0.9) return { label: "excellent", tone: "good", source: ICC_SOURCE };
  return band(icc, ICC_SOURCE, [
    [0.75, "good", "good"],
    [0.5, "moderate", "warn"],
    [-Infinity, "poor", "bad"],
  ]);
}

/** Alignment score 0..100: ≥ 90 aligned, 85 to 90 close (meets the target), 75 to 85 drifting, below 75 misaligned. */
export function alignmentBand(score: number | null): Band {
  return band(score, ALIGNMENT_SOURCE, [
    [90, "aligned", "good"],
    [85, "close", "good"],
    [75, "drifting", "warn"],
    [-Infinity, "misaligned", "bad"],
  ]);
}

/** Percent agreement as a share 0..1: ≥ 0.9 high, 0.8 to 0.9 acceptable, below 0.8 low. */
export function agreementBand(share: number | null): Band {
  return band(share, AGREEMENT_SOURCE, [
    [0.9, "high", "good"],
    [0.8, "acceptable", "good"],
    [-Infinity, "low", "bad"],
  ]);
}

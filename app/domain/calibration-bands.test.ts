import { describe, expect, it } from "vitest";
import {
  ALIGNMENT_SOURCE,
  AGREEMENT_SOURCE,
  ALPHA_SOURCE,
  ICC_SOURCE,
  KAPPA_SOURCE,
  agreementBand,
  alignmentBand,
  alphaBand,
  iccBand,
  kappaBand,
  type Band,
} from "./calibration-bands";

const labels = (fn: (x: number | null) => Band, cases: [number, string, Band["tone"]][]) => {
  for (const [x, label, tone] of cases) expect(fn(x), String(x)).toMatchObject({ label, tone });
};

describe("alphaBand (Krippendorff 2004)", () => {
  it("draws the lines at 0.800 and 0.667", () => {
    labels(alphaBand, [
      [1, "reliable", "good"],
      [0.8, "reliable", "good"],
      [0.7999, "tentative", "warn"],
      [0.667, "tentative", "warn"],
      [0.6669, "unreliable", "bad"],
      [0, "unreliable", "bad"],
      [-0.4, "unreliable", "bad"],
    ]);
    expect(alphaBand(0.9).source).toBe(ALPHA_SOURCE);
  });
});

describe("kappaBand (Landis and Koch 1977)", () => {
  it("draws the lines at 0, 0.20, 0.40, 0.60 and 0.80, upper bounds inclusive", () => {
    labels(kappaBand, [
      [-0.01, "poor", "bad"],
      [0, "slight", "bad"],
      [0.2, "slight", "bad"],
      [0.21, "fair", "bad"],
      [0.4, "fair", "bad"],
      [0.41, "moderate", "warn"],
      [0.6, "moderate", "warn"],
      [0.61, "substantial", "good"],
      [0.8, "substantial", "good"],
      [0.81, "almost perfect", "good"],
      [1, "almost perfect", "good"],
    ]);
    expect(kappaBand(0.5).source).toBe(KAPPA_SOURCE);
  });
});

describe("iccBand (Koo and Li 2016)", () => {
  it("draws the lines at 0.5, 0.75 and 0.9 (0.9 itself is good, above is excellent)", () => {
    labels(iccBand, [
      [0.49, "poor", "bad"],
      [-0.1, "poor", "bad"],
      [0.5, "moderate", "warn"],
      [0.749, "moderate", "warn"],
      [0.75, "good", "good"],
      [0.9, "good", "good"],
      [0.901, "excellent", "good"],
    ]);
    expect(iccBand(0.8).source).toBe(ICC_SOURCE);
  });
});

describe("alignmentBand", () => {
  it("draws the lines at 90, 85 (the target) and 75", () => {
    labels(alignmentBand, [
      [100, "aligned", "good"],
      [90, "aligned", "good"],
      [89.99, "close", "good"],
      [85, "close", "good"],
      [84.99, "drifting", "warn"],
      [75, "drifting", "warn"],
      [74.99, "misaligned", "bad"],
      [0, "misaligned", "bad"],
    ]);
    expect(alignmentBand(88).source).toBe(ALIGNMENT_SOURCE);
  });
});

describe("agreementBand", () => {
  it("draws the lines at 0.9 and 0.8", () => {
    labels(agreementBand, [
      [1, "high", "good"],
      [0.9, "high", "good"],
      [0.89, "acceptable", "good"],
      [0.8, "acceptable", "good"],
      [0.79, "low", "bad"],
      [0, "low", "bad"],
    ]);
    expect(agreementBand(0.5).source).toBe(AGREEMENT_SOURCE);
  });
});

describe("missing statistics", () => {
  it("say 'not enough data' with each band's source", () => {
    const fns = [alphaBand, kappaBand, iccBand, alignmentBand, agreementBand];
    const sources = [ALPHA_SOURCE, KAPPA_SOURCE, ICC_SOURCE, ALIGNMENT_SOURCE, AGREEMENT_SOURCE];
    fns.forEach((fn, i) => {
      expect(fn(null)).toEqual({ label: "not enough data", tone: "warn", source: sources[i] });
      expect(fn(Number.NaN)).toEqual({ label: "not enough data", tone: "warn", source: sources[i] });
    });
  });
});

import { describe, expect, it } from "vitest";
import {
  REASONS,
  computeCalibrationMetrics,
  type CalibrationInput,
  type CalibrationMetrics,
  type CalibrationParticipant,
  type CalibrationParty,
} from "./calibration-metrics";
import {
  ROOT_CAUSES,
  defaultPassAt,
  type Criterion,
  type Scale,
  type ScorecardDefinition,
  type Section,
} from "./scorecard-definition";

// Definition builders, as in scoring.test.ts.
const SCALES: Record<string, Scale> = {
  binary: {
    type: "binary",
    options: [
      { value: 0, label: "Not met" },
      { value: 1, label: "Met" },
    ],
  },
  p4: { type: "4-point", options: [1, 2, 3, 4].map((value) => ({ value, label: `L${value}` })) },
};
function crit(key: string, over: Partial<Criterion> = {}): Criterion {
  const scale = over.scale ?? SCALES.binary;
  return {
    key,
    label: key,
    guideline: "",
    scale,
    passAt: defaultPassAt(scale),
    weight: 1,
    naAllowed: true,
    critical: "none",
    rootCauses: [...ROOT_CAUSES],
    ...over,
  };
}
const section = (key: string, weight: number, criteria: Criterion[]): Section => ({
  key,
  label: key.toUpperCase(),
  weight,
  criteria,
});
function card(sections: Section[]): ScorecardDefinition {
  return {
    scorecard: "test",
    name: "Test",
    channel: "any",
    version: 1,
    description: "",
    passThreshold: 80,
    naPolicy: "exclude",
    sections,
  };
}

/*
 * The fixture. Section "opening" (weight 2): greet, binary 0/1, N/A not allowed.
 *              Section "resolution" (weight 1): solve, 4-point 1..4, N/A allowed.
 * Effective weights: greet 2/3 x 1/1 = 2/3, solve 1/3 x 1/1 = 1/3.
 * Final score = 100 x (2 x greet + 1 x (solve - 1)/3) / 3; solve N/A drops its section: 100 x greet.
 *
 *             i1 greet solve  score                          i2 greet solve  score
 *   consensus       1     3   100 x (2 + 2/3)/3 = 88.89           1    na    100
 *   cq (client)     1     3   88.89                               1    na    100
 *   va (vendor A)   1     2   100 x (2 + 1/3)/3 = 77.78           0     2    100 x (0 + 1/3)/3 = 11.11
 *   vb (vendor B)   1     4   100 x (2 + 1)/3  = 100              1     4    100
 */
const definition = card([
  section("opening", 2, [crit("greet", { naAllowed: false })]),
  section("resolution", 1, [crit("solve", { scale: SCALES.p4 })]),
]);
const CLIENT: CalibrationParty = { key: "client_qa", label: "Client QA", kind: "client" };
const VENDOR_A: CalibrationParty = { key: "org_a", label: "Acme BPO", kind: "vendor" };
const VENDOR_B: CalibrationParty = { key: "org_b", label: "Beta Support", kind: "vendor" };
const participant = (id: string, party: CalibrationParty, isBenchmark = false): CalibrationParticipant => ({
  id,
  name: id.toUpperCase(),
  party,
  isBenchmark,
});
const participants = [participant("cq", CLIENT), participant("va", VENDOR_A), participant("vb", VENDOR_B)];
const answers: CalibrationInput["answers"] = {
  cq: { i1: { greet: 1, solve: 3 }, i2: { greet: 1, solve: "na" } },
  va: { i1: { greet: 1, solve: 2 }, i2: { greet: 0, solve: 2 } },
  vb: { i1: { greet: 1, solve: 4 }, i2: { greet: 1, solve: 4 } },
};
const consensus: CalibrationInput["consensus"] = { i1: { greet: 1, solve: 3 }, i2: { greet: 1, solve: "na" } };
const input: CalibrationInput = {
  definition,
  interactionIds: ["i1", "i2"],
  participants,
  answers,
  consensus,
  reference: "consensus",
};

const reviewer = (m: CalibrationMetrics, id: string) => m.reviewers.find((r) => r.id === id)!;
const party = (m: CalibrationMetrics, key: string) => m.parties.find((p) => p.key === key)!;
const criterion = (m: CalibrationMetrics, key: string) => m.criteria.find((c) => c.key === key)!;

describe("computeCalibrationMetrics: reviewers against the consensus", () => {
  const m = computeCalibrationMetrics(input);

  it("scores a perfect match 100, both N/A counting as agreement", () => {
    // cq: i1 greet 1=1, solve 3=3; i2 greet 1=1, solve na=na -> every pair agrees 1 -> 100.
    expect(reviewer(m, "cq")).toMatchObject({
      alignment: 100,
      alignmentReason: null,
      compared: 4,
      exactMatchShare: 1,
      meanDeviation: 0,
      leniency: "neutral",
      withinTolerance: 1,
      meanScore: 94.45, // (88.89 + 100) / 2 = 94.445
    });
  });

  it("weights criterion agreement and counts one N/A as 0 (severe reviewer)", () => {
    // i1: greet 1 vs 1 -> 1 (w 2/3); solve 2 vs 3 -> 1 - 1/3 = 2/3 (w 1/3); (2/3 + 2/9) / 1 = 8/9
    // i2: greet 0 vs 1 -> 0; solve 2 vs na -> 0; = 0.   alignment = 100 x (8/9 + 0) / 2 = 44.44
    // exact matches: i1 greet only -> 1/4. Deviation: (77.78 - 88.89 + 11.11 - 100) / 2 = -50.
    // Within 10 points: |-11.11| no, |-88.89| no -> 0.
    expect(reviewer(m, "va")).toMatchObject({
      alignment: 44.44,
      compared: 4,
      exactMatchShare: 0.25,
      meanDeviation: -50,
      leniency: "severe",
      withinTolerance: 0,
    });
  });

  it("is not the total-score gap (lenient reviewer)", () => {
    // i1: greet 1 vs 1 -> 1 (w 2/3); solve 4 vs 3 -> 2/3 (w 1/3) -> 8/9
    // i2: greet 1 vs 1 -> 1 (w 2/3); solve 4 vs na -> 0 (w 1/3) -> 2/3
    // alignment = 100 x (8/9 + 6/9) / 2 = 77.78, though i2's totals are equal (100 and 100).
    // exact: both greets -> 2/4. Deviation: (100 - 88.89 + 100 - 100) / 2 = 5.555 -> 5.56 (>= 2: lenient).
    // Within 10: |11.11| no, 0 yes -> 1/2.
    expect(reviewer(m, "vb")).toMatchObject({
      alignment: 77.78,
      exactMatchShare: 0.5,
      meanDeviation: 5.56,
      leniency: "lenient",
      withinTolerance: 0.5,
    });
  });

  it("uses the alignment tolerance option", () => {
    const wide = computeCalibrationMetrics({ ...input, alignmentTolerance: 12 });
    expect(wide.alignmentTolerance).toBe(12);
    expect(reviewer(wide, "va").withinTolerance).toBe(0.5); // |-11.11| <= 12
    expect(reviewer(wide, "vb").withinTolerance).toBe(1); // |11.11| <= 12
    expect(m.alignmentTolerance).toBe(10);
  });

  it("summarises parties: alignment, mean score and the vendor gap to the client", () => {
    expect(m.parties.map((p) => p.key)).toEqual(["client_qa", "org_a", "org_b"]);
    // client mean on i1 and i2 = (88.89 + 100) / 2 = 94.445
    expect(party(m, "client_qa")).toEqual({
      key: "client_qa",
      label: "Client QA",
      kind: "client",
      participants: 1,
      submitted: 1,
      alignment: 100,
      meanScore: 94.45,
      gapToClient: null,
    });
    // vendor A: (77.78 + 11.11) / 2 = 44.445; gap 44.445 - 94.445 = -50
    expect(party(m, "org_a")).toMatchObject({ alignment: 44.44, meanScore: 44.45, gapToClient: -50 });
    // vendor B: 100; gap 100 - 94.445 = 5.555 -> 5.56
    expect(party(m, "org_b")).toMatchObject({ alignment: 77.78, meanScore: 100, gapToClient: 5.56 });
  });

  it("averages the alignment of a party's reviewers and pools their scores", () => {
    const second = participant("va2", VENDOR_A);
    const m2 = computeCalibrationMetrics({
      ...input,
      participants: [...participants, second],
      answers: { ...answers, va2: answers.cq }, // matches the consensus: alignment 100, scores 88.89 and 100
    });
    // alignment (44.44 + 100) / 2 = 72.22; scores (77.78 + 11.11 + 88.89 + 100) / 4 = 69.445 -> 69.45
    // gap to client: 69.445 - 94.445 = -25
    expect(party(m2, "org_a")).toMatchObject({ participants: 2, alignment: 72.22, meanScore: 69.45, gapToClient: -25 });
  });
});

describe("computeCalibrationMetrics: interactions", () => {
  const m = computeCalibrationMetrics(input);

  it("lists every submitted participant's final score and the reference score", () => {
    expect(m.interactions[0].scores).toEqual([
      { participantId: "cq", finalScore: 88.89 },
      { participantId: "va", finalScore: 77.78 },
      { participantId: "vb", finalScore: 100 },
    ]);
    expect(m.interactions.map((i) => i.referenceScore)).toEqual([88.89, 100]);
    expect(m.referenceComplete).toBe(true);
  });

  it("computes mean, sample SD, min, max and range", () => {
    // i1: 88.89, 77.78, 100 -> mean 266.67 / 3 = 88.89; deviations 0, -11.11, 11.11
    //     SD = sqrt((0 + 123.4321 + 123.4321) / 2) = 11.11; range 100 - 77.78 = 22.22
    expect(m.interactions[0]).toMatchObject({ id: "i1", mean: 88.89, sd: 11.11, min: 77.78, max: 100, range: 22.22 });
    // i2: 100, 11.11, 100 -> mean 211.11 / 3 = 70.37; deviations 29.63, -59.26, 29.63
    //     SD = sqrt((877.9369 x 2 + 3511.7476) / 2) = sqrt(2633.8107) = 51.32; range 88.89
    expect(m.interactions[1]).toMatchObject({ id: "i2", mean: 70.37, sd: 51.32, min: 11.11, max: 100, range: 88.89 });
  });

  it("leaves the SD null for a single score", () => {
    const one = computeCalibrationMetrics({ ...input, participants: [participants[0]], answers: { cq: answers.cq } });
    expect(one.interactions[0]).toMatchObject({ mean: 88.89, sd: null, range: 0 });
  });
});

describe("computeCalibrationMetrics: criteria", () => {
  const m = computeCalibrationMetrics(input);

  it("describes criteria in scorecard order with their alpha level", () => {
    expect(m.criteria.map((c) => [c.key, c.sectionLabel, c.scaleType, c.level])).toEqual([
      ["greet", "OPENING", "binary", "nominal"],
      ["solve", "RESOLUTION", "4-point", "ordinal"],
    ]);
  });

  it("computes percent agreement, within one step, spread and disagreements (binary)", () => {
    // i1: 1, 1, 1 -> 3 of 3 pairs agree; i2: 1, 0, 1 -> 1 of 3 pairs -> (1 + 1/3) / 2 = 2/3
    // Within one step: a binary scale has two adjacent options -> 1.
    // Spread: i1 SD 0; i2 values 1, 0, 1: mean 2/3, variance (1/9 + 4/9 + 1/9) / 3 = 2/9, SD 0.4714 -> 0.2357
    const greet = criterion(m, "greet");
    expect(greet.percentAgreement).toBeCloseTo(2 / 3, 12);
    expect(greet.withinOneStep).toBe(1);
    expect(greet.spread).toBeCloseTo(Math.sqrt(2 / 9) / 2, 12);
    expect(greet).toMatchObject({ answered: 6, naCount: 0, disagreements: ["i2"] });
  });

  it("counts N/A as its own answer: not within one step of a value (4-point)", () => {
    // i1: 3, 2, 4 -> no exact pair; within one step: 3-2 yes, 3-4 yes, 2-4 no -> 2/3
    // i2: na, 2, 4 -> no exact pair; na-2 no, na-4 no, 2-4 no -> 0
    // percent agreement 0; within one step (2/3 + 0) / 2 = 1/3
    // Spread: i1 normalised 2/3, 1/3, 1 -> population SD sqrt(2/27) = 0.2722; i2 1/3, 1 -> 1/3
    const solve = criterion(m, "solve");
    expect(solve.percentAgreement).toBe(0);
    expect(solve.withinOneStep).toBeCloseTo(1 / 3, 12);
    expect(solve.spread).toBeCloseTo((Math.sqrt(2 / 27) + 1 / 3) / 2, 12);
    expect(solve).toMatchObject({ answered: 6, naCount: 1, disagreements: ["i1", "i2"] });
  });

  it("computes Krippendorff's alpha per criterion at its level", () => {
    // greet, nominal: coincidences o(1,1) = 3 (i1) + 1 (i2), o(1,0) = o(0,1) = 1; n1 = 5, n0 = 1, n = 6.
    //   alpha = 1 - (n - 1) x (o10 + o01) / (2 x n1 x n0) = 1 - 5 x 2 / 10 = 0
    // solve, ordinal (N/A is missing): i1 {3, 2, 4} (weight 1/2 per pair), i2 {2, 4} (weight 1).
    //   n2 = 2, n3 = 1, n4 = 2, n = 5; delta²(2,3) = (3 - 1.5)² = 2.25, delta²(3,4) = 2.25, delta²(2,4) = (5 - 2)² = 9
    //   Do = (2 x 0.5 x 2.25 + 2 x 0.5 x 2.25 + 2 x 1.5 x 9) / 5 = 31.5 / 5 = 6.3
    //   De = (2 x 2 x 1 x 2.25 + 2 x 1 x 2 x 2.25 + 2 x 2 x 2 x 9) / (5 x 4) = 90 / 20 = 4.5
    //   alpha = 1 - 6.3 / 4.5 = -0.4
    expect(criterion(m, "greet").alpha).toBeCloseTo(0, 10);
    expect(criterion(m, "solve").alpha).toBeCloseTo(-0.4, 10);
    expect(m.mostDisagreed).toEqual(["solve", "greet"]);
  });

  it("gives alpha null with the reason when nobody varies, and leaves it out of the most disagreed", () => {
    const same = computeCalibrationMetrics({
      ...input,
      answers: { cq: answers.cq, va: answers.cq, vb: answers.cq },
    });
    for (const c of same.criteria) {
      expect(c.alpha).toBeNull();
      expect(c.alphaReason).toEqual(expect.any(String));
      expect(c.alphaReason!.length).toBeGreaterThan(0);
      expect(c.percentAgreement).toBe(1);
      expect(c.disagreements).toEqual([]);
    }
    expect(same.mostDisagreed).toEqual([]);
  });

  it("treats an answer off the scale as not answered", () => {
    const odd = computeCalibrationMetrics({
      ...input,
      answers: { ...answers, vb: { i1: { greet: 1, solve: 7 }, i2: answers.vb.i2 } },
    });
    expect(criterion(odd, "solve").answered).toBe(5);
    expect(odd.interactions[0].scores[2]).toEqual({ participantId: "vb", finalScore: null });
  });
});

describe("computeCalibrationMetrics: overall", () => {
  const m = computeCalibrationMetrics(input);

  it("computes interval alpha over (interaction, criterion) units of normalised answers", () => {
    // Units: (i1,greet) 1,1,1; (i1,solve) 2/3,1/3,1; (i2,greet) 1,0,1; (i2,solve) 1/3,1 (N/A missing); n = 11.
    // n x Do = sum over units of sum over ordered pairs (x - y)² / (m - 1)
    //        = 0 + (2 x (1/9 + 1/9 + 4/9)) / 2 + 4 / 2 + (2 x 4/9) / 1 = 2/3 + 2 + 8/9 = 32/9
    // n(n-1) x De = 2 x (n x sum x² - (sum x)²) = 2 x (11 x 23/3 - (25/3)²) = 2 x 134/9 = 268/9
    // alpha = 1 - (32/9 / 11) / (268/9 / 110) = 1 - 320/268 = -13/67
    expect(m.overall.alpha).toBeCloseTo(-13 / 67, 10);
    expect(m.overall.alphaReason).toBeNull();
    expect(m.overall.alphaInterval).not.toBeNull();
    const ci = m.overall.alphaInterval!;
    expect(ci.confidence).toBe(0.95);
    expect(ci.lower).toBeLessThanOrEqual(ci.upper);
  });

  it("computes overall percent agreement and within one step over all criterion answers", () => {
    // exact: (i1,greet) 1, (i1,solve) 0, (i2,greet) 1/3, (i2,solve) 0 -> (4/3) / 4 = 1/3
    // within one step: 1, 2/3, 1, 0 -> (8/3) / 4 = 2/3
    expect(m.overall.percentAgreement).toBeCloseTo(1 / 3, 12);
    expect(m.overall.withinOneStep).toBeCloseTo(2 / 3, 12);
    expect(m.overall.participantsSubmitted).toBe(3);
  });

  it("computes ICC(2,1) on the final scores of participants who scored every interaction", () => {
    // Targets i1 [88.89, 77.78, 100], i2 [100, 11.11, 100]; n = 2, k = 3, grand mean 79.63.
    // MSR = 3 x (9.26² + 9.26²) / 1 = 514.4856; MSC = 2 x (14.815² + 35.185² + 20.37²) / 2 = 1872.405
    // SST = 6028.9712, SSE = 6028.9712 - 514.4856 - 3744.81 = 1769.6756, MSE = 884.8378
    // ICC(2,1) = (MSR - MSE) / (MSR + 2 MSE + 3 (MSC - MSE) / 2) = -370.3522 / 3765.512 = -0.09835
    expect(m.overall.icc21).toBeCloseTo(-0.09835, 4);
    expect(m.overall).toMatchObject({ iccReason: null, iccRaters: 3 });
  });

  it("gives ICC null with a reason when fewer than 2 participants scored everything", () => {
    const partial = computeCalibrationMetrics({
      ...input,
      answers: { cq: answers.cq, va: { i1: answers.va.i1 }, vb: { i1: answers.vb.i1, i2: { greet: 1 } } },
    });
    expect(partial.overall).toMatchObject({ icc21: null, iccReason: REASONS.fewIccRaters, iccRaters: 1 });
  });

  it("gives alpha null with a reason for a single rater", () => {
    const one = computeCalibrationMetrics({ ...input, answers: { cq: answers.cq } });
    expect(one.overall.alpha).toBeNull();
    expect(one.overall.alphaReason).toEqual(expect.any(String));
    expect(one.overall.alphaInterval).toBeNull();
    expect(one.overall.percentAgreement).toBeNull();
  });
});

describe("computeCalibrationMetrics: reference", () => {
  const expert = participant("ex", CLIENT, true);
  const withExpert: CalibrationInput = {
    ...input,
    participants: [expert, ...participants],
    answers: { ex: consensus, ...answers }, // the expert answers as the consensus did
    reference: "benchmark",
  };

  it("compares with the benchmark's answers and leaves the benchmark itself out", () => {
    const m = computeCalibrationMetrics(withExpert);
    expect(m.reference).toBe("benchmark");
    expect(m.referenceComplete).toBe(true);
    expect(reviewer(m, "ex")).toMatchObject({
      isBenchmark: true,
      alignment: null,
      alignmentReason: REASONS.isReference,
      meanDeviation: null,
      compared: 0,
      meanScore: 94.45,
    });
    // Same reference answers as the consensus: the same figures as above.
    expect(reviewer(m, "va")).toMatchObject({ alignment: 44.44, meanDeviation: -50, exactMatchShare: 0.25 });
    expect(reviewer(m, "vb")).toMatchObject({ alignment: 77.78, meanDeviation: 5.56 });
    expect(party(m, "client_qa")).toMatchObject({ participants: 1, alignment: 100 });
  });

  it("counts the benchmark as a rater in the agreement statistics", () => {
    const m = computeCalibrationMetrics(withExpert);
    // greet: i1 1,1,1,1 -> 1; i2 1,1,0,1 -> 3 of 6 pairs -> (1 + 0.5) / 2 = 0.75
    expect(criterion(m, "greet").percentAgreement).toBeCloseTo(0.75, 12);
    expect(m.overall.participantsSubmitted).toBe(4);
    expect(m.interactions[0].scores.map((s) => s.participantId)).toEqual(["ex", "cq", "va", "vb"]);
  });

  it("scores the benchmark like anyone else when the consensus is the reference", () => {
    const m = computeCalibrationMetrics({ ...withExpert, reference: "consensus" });
    expect(reviewer(m, "ex")).toMatchObject({ alignment: 100, alignmentReason: null });
  });

  it("says why when the benchmark is missing or has not submitted", () => {
    const none = computeCalibrationMetrics({ ...input, reference: "benchmark" });
    expect(reviewer(none, "va")).toMatchObject({ alignment: null, alignmentReason: REASONS.noBenchmark });
    expect(none.referenceComplete).toBe(false);
    const late = computeCalibrationMetrics({ ...withExpert, answers });
    expect(reviewer(late, "ex")).toMatchObject({ submitted: false, alignmentReason: REASONS.notSubmitted });
    expect(reviewer(late, "va")).toMatchObject({ alignment: null, alignmentReason: REASONS.benchmarkNotSubmitted });
  });

  it("still shows agreement before any consensus is recorded", () => {
    const m = computeCalibrationMetrics({ ...input, consensus: {} });
    for (const r of m.reviewers) {
      expect(r).toMatchObject({
        alignment: null,
        alignmentReason: "no consensus recorded yet",
        meanDeviation: null,
        leniency: null,
        exactMatchShare: null,
        withinTolerance: null,
        compared: 0,
      });
    }
    expect(m.referenceComplete).toBe(false);
    expect(m.interactions.map((i) => i.referenceScore)).toEqual([null, null]);
    expect(criterion(m, "greet").percentAgreement).toBeCloseTo(2 / 3, 12);
    expect(party(m, "org_a")).toMatchObject({ alignment: null, meanScore: 44.45, gapToClient: -50 });
  });

  it("uses a partial consensus where it exists", () => {
    // Consensus on i1 only: va's alignment is its i1 figure 8/9 -> 88.89; deviation 77.78 - 88.89 = -11.11.
    const m = computeCalibrationMetrics({ ...input, consensus: { i1: consensus.i1 } });
    expect(m.referenceComplete).toBe(false);
    expect(m.interactions.map((i) => i.referenceScore)).toEqual([88.89, null]);
    expect(reviewer(m, "va")).toMatchObject({ alignment: 88.89, compared: 2, meanDeviation: -11.11 });
  });
});

describe("computeCalibrationMetrics: output", () => {
  it("round-trips through JSON unchanged (no NaN, no undefined, no Map)", () => {
    const variants: CalibrationInput[] = [
      input,
      { ...input, consensus: {} },
      { ...input, answers: { cq: answers.cq } },
      { ...input, reference: "benchmark" },
      { ...input, interactionIds: [], answers: {} },
    ];
    for (const variant of variants) {
      const m = computeCalibrationMetrics(variant);
      expect(JSON.parse(JSON.stringify(m))).toStrictEqual(m);
    }
  });

  it("does not list participants who have not submitted among the scores", () => {
    const m = computeCalibrationMetrics({ ...input, answers: { cq: answers.cq, va: answers.va } });
    expect(m.interactions[0].scores.map((s) => s.participantId)).toEqual(["cq", "va"]);
    expect(reviewer(m, "vb")).toMatchObject({ submitted: false, alignment: null, meanScore: null });
    expect(party(m, "org_b")).toMatchObject({ participants: 1, submitted: 0, meanScore: null, gapToClient: null });
  });
});

describe("computeCalibrationMetrics: alpha and AC1 side by side (the prevalence paradox)", () => {
  // 4 raters x 10 interactions on one binary criterion: everyone answers 1, except r4 answers 0 on u10.
  // Alpha (nominal): coincidences o11 = 9 x 4 + 2 = 38, o10 = o01 = 1; n1 = 39, n0 = 1, n = 40.
  //   alpha = 1 - (n - 1) x (o10 + o01) / (2 x n1 x n0) = 1 - 39 x 2 / 78 = 0.
  // AC1 (Gwet): pa = (9 x 1 + (3 x 2) / (4 x 3)) / 10 = 0.95; pi1 = (9 + 0.75) / 10 = 0.975, pi0 = 0.025;
  //   pe = 2 x 0.975 x 0.025 = 0.04875; AC1 = (0.95 - 0.04875) / (1 - 0.04875) = 0.947437...
  const units = Array.from({ length: 10 }, (_, i) => `u${i + 1}`);
  const raters = ["r1", "r2", "r3", "r4"].map((id) => participant(id, CLIENT));
  const answersByRater = Object.fromEntries(
    raters.map((r) => [
      r.id,
      Object.fromEntries(units.map((u) => [u, { greet: r.id === "r4" && u === "u10" ? 0 : 1 }])),
    ]),
  );
  const m = computeCalibrationMetrics({
    definition: card([section("opening", 1, [crit("greet", { naAllowed: false })])]),
    interactionIds: units,
    participants: raters,
    answers: answersByRater,
    consensus: {},
    reference: "consensus",
  });

  it("reports alpha 0 but AC1 near 0.95 when a single rater slips once", () => {
    const c = criterion(m, "greet");
    expect(c.alpha).toBeCloseTo(0, 10);
    expect(c.ac1).toBeCloseTo(0.90125 / 0.95125, 10);
    expect(c.percentAgreement).toBeCloseTo(0.95, 10);
  });
});

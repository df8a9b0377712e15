/**
 * Benchmark of computeCalibrationMetrics on a large, deterministic calibration session:
 * 20 participants in 4 parties (one benchmark), 50 interactions, 40 criteria in 5 sections
 * (binary, 4-point and 5-point scales), about 5% N/A, consensus on every interaction.
 *
 * Run: npx tsx test/bench/calibration-metrics.bench.ts (npm run bench:calibration)
 * Baseline: one plain loop that reads every answer once and sums normalised values, timed in the same run.
 * Reports wall-clock medians and, since the machine may be shared, the process CPU time per run and the load.
 */
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { krippendorffAlphaBootstrap, type Rating } from "../../app/domain/agreement";
import {
  BOOTSTRAP_SAMPLES,
  computeCalibrationMetrics,
  type CalibrationInput,
  type CalibrationParticipant,
  type CalibrationParty,
} from "../../app/domain/calibration-metrics";
import {
  ROOT_CAUSES,
  type Criterion,
  type Scale,
  type ScorecardDefinition,
  type Section,
} from "../../app/domain/scorecard-definition";

const PARTICIPANTS = 20;
const INTERACTIONS = 50;
const SECTIONS = 5;
const CRITERIA_PER_SECTION = 8;
const NA_RATE = 0.05;
const WARMUP_RUNS = 5;
const TIMED_RUNS = 100;
const BASELINE_RUNS = 200;

/** mulberry32: a small seeded PRNG, so every run measures the same session. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function scale(kind: number): Scale {
  if (kind === 0)
    return {
      type: "binary",
      options: [
        { value: 0, label: "Not met" },
        { value: 1, label: "Met" },
      ],
    };
  const size = kind === 1 ? 4 : 5;
  return {
    type: size === 4 ? "4-point" : "5-point",
    options: Array.from({ length: size }, (_, i) => ({ value: i + 1, label: `L${i + 1}` })),
  };
}

export function buildSession(seed = 42): CalibrationInput {
  const rand = random(seed);
  const sections: Section[] = Array.from({ length: SECTIONS }, (_, s) => ({
    key: `s${s}`,
    label: `Section ${s + 1}`,
    weight: 1 + (s % 3),
    criteria: Array.from({ length: CRITERIA_PER_SECTION }, (_, c): Criterion => {
      const sc = scale((s * CRITERIA_PER_SECTION + c) % 3);
      return {
        key: `s${s}c${c}`,
        label: `Criterion ${s + 1}.${c + 1}`,
        guideline: "",
        scale: sc,
        passAt: sc.type === "binary" ? 1 : 3,
        weight: 1 + (c % 2),
        naAllowed: true,
        critical: "none",
        rootCauses: [...ROOT_CAUSES],
      };
    }),
  }));
  const definition: ScorecardDefinition = {
    scorecard: "bench",
    name: "Bench",
    channel: "any",
    version: 1,
    description: "",
    passThreshold: 80,
    naPolicy: "exclude",
    sections,
  };
  const criteria = sections.flatMap((s) => s.criteria);
  const parties: CalibrationParty[] = [
    { key: "client_qa", label: "Client QA", kind: "client" },
    { key: "vendor_a", label: "Acme BPO", kind: "vendor" },
    { key: "vendor_b", label: "Beta Support", kind: "vendor" },
    { key: "vendor_c", label: "Gamma CX", kind: "vendor" },
  ];
  const participants: CalibrationParticipant[] = Array.from({ length: PARTICIPANTS }, (_, p) => ({
    id: `p${p}`,
    name: `Reviewer ${p + 1}`,
    party: parties[p % parties.length],
    isBenchmark: p === 0,
  }));
  const interactionIds = Array.from({ length: INTERACTIONS }, (_, i) => `i${i}`);

  // The "true" answer per (interaction, criterion) is the consensus; reviewers drift a step from it.
  const consensus: CalibrationInput["consensus"] = {};
  for (const id of interactionIds) {
    consensus[id] = {};
    for (const c of criteria) {
      const values = c.scale.options.map((o) => o.value);
      consensus[id][c.key] = rand() < NA_RATE ? "na" : values[Math.floor(rand() * values.length)];
    }
  }
  const answers: CalibrationInput["answers"] = {};
  for (const p of participants) {
    answers[p.id] = {};
    const bias = (p.party.kind === "vendor" ? 0.1 : 0) + rand() * 0.1;
    for (const id of interactionIds) {
      answers[p.id][id] = {};
      for (const c of criteria) {
        const values = c.scale.options.map((o) => o.value);
        const truth = consensus[id][c.key];
        let value: number | "na" = truth;
        const roll = rand();
        if (roll < NA_RATE / 2) value = "na";
        else if (truth === "na") value = roll < 0.8 ? "na" : values[Math.floor(rand() * values.length)];
        else if (roll < 0.25 + bias) {
          const pos = values.indexOf(truth) + (rand() < 0.5 + bias ? 1 : -1);
          value = values[Math.max(0, Math.min(values.length - 1, pos))];
        }
        answers[p.id][id][c.key] = value;
      }
    }
  }
  return { definition, interactionIds, participants, answers, consensus, reference: "consensus" };
}

/** Reads every answer once and sums normalised values: the floor any computation over the answers pays. */
function baseline(input: CalibrationInput): number {
  const criteria = input.definition.sections.flatMap((s) => s.criteria);
  const ranges = criteria.map((c) => {
    const values = c.scale.options.map((o) => o.value);
    return { min: Math.min(...values), span: Math.max(...values) - Math.min(...values) };
  });
  let sum = 0;
  for (const p of input.participants) {
    const byInteraction = input.answers[p.id];
    for (const id of input.interactionIds) {
      const row = byInteraction[id];
      for (let c = 0; c < criteria.length; c += 1) {
        const value = row[criteria[c].key];
        if (typeof value === "number") sum += (value - ranges[c].min) / ranges[c].span;
      }
    }
  }
  return sum;
}

/** The overall-alpha matrix (raters x (interaction, criterion), normalised answers), to time the bootstrap alone. */
function overallAlphaData(input: CalibrationInput): Rating[][] {
  const criteria = input.definition.sections.flatMap((s) => s.criteria);
  return input.participants.map((p) =>
    input.interactionIds.flatMap((id) =>
      criteria.map((c) => {
        const value = input.answers[p.id][id][c.key];
        const values = c.scale.options.map((o) => o.value);
        const min = Math.min(...values);
        return typeof value === "number" ? (value - min) / (Math.max(...values) - min) : null;
      }),
    ),
  );
}

function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

function time(runs: number, fn: () => unknown, cpu: number[] = []): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    fn();
    out.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  cpu.sort((a, b) => a - b);
  return out.sort((a, b) => a - b);
}

function main(): void {
  const input = buildSession();
  const loadBefore = loadavg()[0];
  let sink = 0;
  for (let i = 0; i < WARMUP_RUNS; i += 1) sink += computeCalibrationMetrics(input).criteria.length + baseline(input);

  const appCpu: number[] = [];
  const app = time(TIMED_RUNS, () => (sink += computeCalibrationMetrics(input).criteria.length), appCpu);
  const base = time(BASELINE_RUNS, () => (sink += baseline(input)));
  const alphaData = overallAlphaData(input);
  const bootstrap = (samples: number) =>
    time(TIMED_RUNS, () => (sink += krippendorffAlphaBootstrap(alphaData, "interval", { samples, seed: 1 }).lower));
  const boot500 = bootstrap(500);
  const boot1000 = bootstrap(1000);
  const result = computeCalibrationMetrics(input);
  const fmt = (x: number) => x.toFixed(3);

  console.log(
    `session: ${PARTICIPANTS} participants, ${INTERACTIONS} interactions, ${SECTIONS * CRITERIA_PER_SECTION} criteria`,
  );
  console.log(
    `node ${process.version}, warm-up ${WARMUP_RUNS} runs, timed ${TIMED_RUNS} runs (baseline ${BASELINE_RUNS})`,
  );
  console.log(`load average (1 min): ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after`);
  console.log(
    `computeCalibrationMetrics: median ${fmt(quantile(app, 0.5))} ms, p95 ${fmt(quantile(app, 0.95))} ms ` +
      `(CPU time median ${fmt(quantile(appCpu, 0.5))} ms)`,
  );
  console.log(`baseline (read + sum):     median ${fmt(quantile(base, 0.5))} ms, p95 ${fmt(quantile(base, 0.95))} ms`);
  console.log(
    `the alpha bootstrap alone, on the raters x units matrix (BOOTSTRAP_SAMPLES = ${BOOTSTRAP_SAMPLES}): 500 samples median ${fmt(quantile(boot500, 0.5))} ms, ` +
      `1000 samples median ${fmt(quantile(boot1000, 0.5))} ms`,
  );
  console.log(`ratio app/baseline (medians): ${(quantile(app, 0.5) / quantile(base, 0.5)).toFixed(1)}x`);
  console.log(
    `check: overall alpha ${result.overall.alpha?.toFixed(4)}, 95% CI [${result.overall.alphaInterval?.lower.toFixed(4)}, ` +
      `${result.overall.alphaInterval?.upper.toFixed(4)}] (${result.overall.alphaInterval?.samples} samples), ` +
      `ICC(2,1) ${result.overall.icc21?.toFixed(4)}, sink ${sink > 0}`,
  );
}

// Run when executed (npx tsx ...), not when imported for profiling.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();

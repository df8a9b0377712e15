/**
 * Benchmark of krippendorffAlpha against fast-krippendorff (Python + numpy), the fastest open implementation,
 * vendored unchanged in test/bench/fast_krippendorff/ (GPL-3.0-or-later; it is run as a separate program, not
 * linked into the app).
 *
 * Matrices: 20 coders x 2,000 units and 50 coders x 100,000 units, values 1..5, 10% missing, from a fixed seed.
 * Each matrix is written to a temporary file that alpha_numpy.py loads before timing; both sides warm up, then
 * report the median of several runs, with the matrix already in memory (a numpy array there, a Rating[][] here).
 * The two alphas must agree to 1e-9.
 *
 * Run: npm run bench:alpha  (npx tsx test/bench/alpha.bench.ts [--python python3])
 * Needs python3 with numpy (Debian: apt-get install -y python3-numpy).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { krippendorffAlpha, type MeasurementLevel, type Rating } from "../../app/domain/agreement";

const SEED = 20261206;
const MATRICES = [
  { raters: 20, units: 2_000, warmup: 20, runs: 31 },
  { raters: 50, units: 100_000, warmup: 2, runs: 7 },
];
const LEVELS: MeasurementLevel[] = ["nominal", "ordinal", "interval", "ratio"];
/** The levels the target names; ratio is measured too, for information. */
const REQUIRED: MeasurementLevel[] = ["nominal", "ordinal", "interval"];
const MISSING_RATE = 0.1;
const TOLERANCE = 1e-9;

/** mulberry32: a small seeded PRNG, so every run measures the same matrices. */
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

/** A raters x units matrix of values 1..5 with MISSING_RATE missing, as ratings and as float64 (NaN missing). */
function makeMatrix(raters: number, units: number, rand: () => number): { data: Rating[][]; flat: Float64Array } {
  const flat = new Float64Array(raters * units);
  const data = Array.from({ length: raters }, (_, r) =>
    Array.from({ length: units }, (_, u): Rating => {
      const value = rand() < MISSING_RATE ? null : 1 + Math.floor(rand() * 5);
      flat[r * units + u] = value ?? NaN;
      return value;
    }),
  );
  return { data, flat };
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function timeOurs(data: Rating[][], level: MeasurementLevel, warmup: number, runs: number) {
  let value = NaN;
  for (let i = 0; i < warmup; i++) value = krippendorffAlpha(data, level);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    value = krippendorffAlpha(data, level);
    times.push(performance.now() - start);
  }
  return { medianMs: median(times), value };
}

type NumpyResult = { python: string; numpy: string; levels: Record<string, { medianMs: number; value: number }> };

function main(): void {
  const pythonFlag = process.argv.indexOf("--python");
  const python = pythonFlag > 0 ? process.argv[pythonFlag + 1] : (process.env.PYTHON ?? "python3");
  const script = join(dirname(fileURLToPath(import.meta.url)), "alpha_numpy.py");
  const dir = mkdtempSync(join(tmpdir(), "alpha-bench-"));
  const rand = random(SEED);
  const rows: string[][] = [];
  let versions = "";
  let failed = false;
  const loadBefore = loadavg()[0];
  try {
    for (const { raters, units, warmup, runs } of MATRICES) {
      const { data, flat } = makeMatrix(raters, units, rand);
      const file = join(dir, `matrix-${raters}x${units}.f64`);
      writeFileSync(file, new Uint8Array(flat.buffer));
      // -B: no __pycache__ beside the vendored module.
      const output = execFileSync(
        python,
        ["-B", script, file, String(raters), String(units), String(warmup), String(runs), ...LEVELS],
        { encoding: "utf8", maxBuffer: 1 << 20 },
      );
      const numpy = JSON.parse(output) as NumpyResult;
      versions = `python ${numpy.python}, numpy ${numpy.numpy}`;
      for (const level of LEVELS) {
        const ours = timeOurs(data, level, warmup, runs);
        const theirs = numpy.levels[level];
        const diff = Math.abs(ours.value - theirs.value);
        const required = REQUIRED.includes(level);
        const fast = ours.medianMs <= theirs.medianMs;
        if (diff > TOLERANCE || (required && !fast)) failed = true;
        rows.push([
          `${raters} x ${units.toLocaleString("en-US")}`,
          required ? level : `${level} (info)`,
          ours.medianMs.toFixed(2),
          theirs.medianMs.toFixed(2),
          (ours.medianMs / theirs.medianMs).toFixed(2),
          diff.toExponential(1),
          ours.value.toFixed(9),
        ]);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const header = ["matrix", "level", "ours ms", "numpy ms", "ratio", "|diff|", "alpha"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  console.log(`node ${process.version}, ${versions}; seed ${SEED}; values 1..5, ${MISSING_RATE * 100}% missing`);
  console.log(`median of timed runs after warm-up (20 x 2,000: 20 + 31 runs; 50 x 100,000: 2 + 7 runs)`);
  console.log(`load average (1 min): ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after`);
  console.log(line(header));
  console.log(line(widths.map((w) => "-".repeat(w))));
  for (const row of rows) console.log(line(row));
  console.log(
    failed
      ? `NOT MET: a required level is slower than fast-krippendorff or an alpha differs by more than ${TOLERANCE}`
      : `met: every required level at most fast-krippendorff's time, every alpha within ${TOLERANCE}`,
  );
  if (failed) process.exitCode = 1;
}

main();

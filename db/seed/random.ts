/**
 * Seeded randomness for the demo data. The only file that imports pure-rand, so swapping the PRNG is local.
 * Every consumer forks its own stream by label: adding a draw in one part never shifts the values of another.
 */
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import type { JumpableRandomGenerator } from "pure-rand/types/JumpableRandomGenerator";

/** FNV-1a over a string: a stable 32-bit hash for deriving seeds and per-key traits. */
export function hashString(text: string, basis = 0x811c9dc5): number {
  let h = basis >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** A stable number in [0, 1) for a list of parts, e.g. unitHash(agentSalt, "greeting"). */
export function unitHash(...parts: (string | number)[]): number {
  // Avalanche the FNV result: FNV alone clusters for strings that differ only at the end.
  let h = hashString(parts.join("\u0000"));
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

export class Random {
  private readonly rng: JumpableRandomGenerator;

  constructor(readonly seed: number) {
    this.rng = xoroshiro128plus(seed | 0);
  }

  /** An independent stream for a named purpose. */
  fork(label: string): Random {
    return new Random(hashString(label, this.seed >>> 0) ^ 0x5bd1e995);
  }

  uint32(): number {
    return this.rng.next() >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  between(min: number, max: number): number {
    return min + this.float() * (max - min);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError("pick from an empty list");
    return items[Math.floor(this.float() * items.length)];
  }

  /** Picks by weight; weights need not sum to 1. */
  weighted<T>(items: readonly T[], weightOf: (item: T) => number): T {
    let total = 0;
    for (const item of items) total += weightOf(item);
    let r = this.float() * total;
    for (const item of items) {
      r -= weightOf(item);
      if (r < 0) return item;
    }
    return items[items.length - 1];
  }

  /** Standard normal via Box-Muller (one draw discarded: simpler than caching, and cheap). */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.float();
    const v = this.float();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Log-normal with the given median and spread (sd of the log), clamped to [min, max]. */
  logNormal(median: number, spread: number, min: number, max: number): number {
    return Math.min(max, Math.max(min, median * Math.exp(this.normal(0, spread))));
  }

  /** A version-4-shaped UUID drawn from the stream, so ids are reproducible too. */
  uuid(): string {
    const hex = (n: number) => n.toString(16).padStart(8, "0");
    const a = hex(this.uint32());
    const b = hex(((this.uint32() & 0xffff0fff) | 0x00004000) >>> 0);
    const c = hex(((this.uint32() & 0x3fffffff) | 0x80000000) >>> 0);
    const d = hex(this.uint32());
    return `${a}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${d}`;
  }
}

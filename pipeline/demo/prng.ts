// Seeded randomness for the demo force. Every draw comes from here (never Math.random) so the same
// seed writes byte-identical files; each part of the generator forks its own stream, so changing
// how one extract is drawn does not reshuffle the others.

export type Rng = () => number;

/** mulberry32: tiny, fast, and good enough for synthetic data (not for anything secret). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An independent stream derived from a parent and a label, so streams stay stable as code changes. */
export function fork(seed: number, label: string): Rng {
  let h = 2166136261 ^ seed;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 16777619);
  return mulberry32(h >>> 0);
}

/** Integer in [lo, hi], both ends included. */
export const int = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));

/** Standard normal (Box–Muller). */
export function normal(rng: Rng): number {
  const u = 1 - rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** Log-normal with a given median: waiting times and lags are right-skewed, never negative. */
export const lognormal = (rng: Rng, median: number, sigma: number): number => median * Math.exp(sigma * normal(rng));

/** Exponential with a given mean. */
export const exponential = (rng: Rng, mean: number): number => -mean * Math.log(1 - rng());

/** A picker over fixed weights: cumulative table built once, so drawing is a short scan. */
export function picker(weights: readonly number[]): (rng: Rng) => number {
  const cum = new Float64Array(weights.length);
  let s = 0;
  weights.forEach((w, i) => (cum[i] = s += w));
  return (rng) => {
    const x = rng() * s;
    let i = 0;
    while (i < cum.length - 1 && cum[i] <= x) i++;
    return i;
  };
}

/** Fisher–Yates, in place. */
export function shuffle<T extends { length: number; [i: number]: unknown }>(rng: Rng, a: T): T {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a;
}

/** Indices 0..n-1 in random order. */
export const permutation = (rng: Rng, n: number): Int32Array =>
  shuffle(
    rng,
    Int32Array.from({ length: n }, (_, i) => i),
  );

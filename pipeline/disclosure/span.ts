// Which sums a reader can work out from the sums published. Every published window of an additive
// count is a linear equation in its months; a month (or a hidden window) is disclosed exactly when
// its indicator vector lies in the span of the published ones — r12(m) − r12(m−1) + month(m−12),
// a quarter minus its months, a year minus its quarters are all such combinations. Exact
// arithmetic modulo a prime: the vectors are 0/1, so no rounding can hide or invent a derivation.

const P = 1_000_003; // prime; products of two residues stay below 2^53

function inverse(a: number): number {
  // Fermat: a^(P−2) mod P, by squaring; BigInt keeps the intermediate products exact.
  let result = 1n;
  let base = BigInt(a % P);
  let e = BigInt(P - 2);
  const p = BigInt(P);
  while (e > 0n) {
    if (e & 1n) result = (result * base) % p;
    base = (base * base) % p;
    e >>= 1n;
  }
  return Number(result);
}

/** A row-reduced basis of published vectors over `size` unknowns, to test others against. */
export class Span {
  private readonly rows: { pivot: number; v: number[] }[] = [];

  constructor(private readonly size: number) {}

  /** Reduces v by the basis: what is left is the part no published sum explains. */
  private reduce(input: number[]): number[] {
    const v = input.map((x) => ((x % P) + P) % P);
    for (const { pivot, v: row } of this.rows) {
      const f = v[pivot]!;
      if (f === 0) continue;
      for (let j = 0; j < this.size; j++) if (row[j] !== 0) v[j] = (v[j]! - ((f * row[j]!) % P) + P) % P;
    }
    return v;
  }

  add(input: number[]): void {
    const v = this.reduce(input);
    const pivot = v.findIndex((x) => x !== 0);
    if (pivot < 0) return;
    const inv = inverse(v[pivot]!);
    for (let j = 0; j < this.size; j++) v[j] = (v[j]! * inv) % P;
    // Keep the basis fully reduced so that reduce() is one pass.
    for (const r of this.rows) {
      const f = r.v[pivot]!;
      if (f === 0) continue;
      for (let j = 0; j < this.size; j++) if (v[j] !== 0) r.v[j] = (r.v[j]! - ((f * v[j]!) % P) + P) % P;
    }
    this.rows.push({ pivot, v });
  }

  /** Whether a reader could work out the sum with indicator v from the published sums. */
  contains(v: number[]): boolean {
    return this.reduce(v).every((x) => x === 0);
  }
}

/** The 0/1 indicator of a set of months over the month index. */
export function indicator(months: string[], index: Map<string, number>, size: number): number[] {
  const v = new Array<number>(size).fill(0);
  for (const m of months) {
    const i = index.get(m);
    if (i !== undefined) v[i] = 1;
  }
  return v;
}

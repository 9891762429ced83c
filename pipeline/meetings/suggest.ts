// "Did you mean …": a typed metric id, area code or key is far more often one slip away from the
// right one than anything else, and naming it saves a trip to `psm metrics --list`.

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The candidate closest to `word`, if it is close enough to be what was meant: within a third of
 * the word's length (at least 2 edits; 1 for a word of three letters or fewer), or a word that contains it or is contained by it.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  let best: { c: string; d: number } | undefined;
  for (const c of candidates) {
    const lc = c.toLowerCase();
    if (lc === w) return c;
    let d = editDistance(w, lc);
    // "vawg_rape_count" for vawg_rape, "rape" for vawg_rape: contained either way counts as close.
    if (w.length >= 4 && (lc.includes(w) || w.includes(lc))) d = Math.min(d, 1.5);
    if (!best || d < best.d) best = { c, d };
  }
  // A word of three letters or fewer is one slip from many others: only one edit counts there.
  const allowed = word.length <= 3 ? 1 : Math.max(2, Math.floor(word.length / 3));
  return best && best.d <= allowed ? best.c : undefined;
}

/** " (did you mean "x"?)", or "" when nothing is close. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const c = closest(word, candidates);
  return c === undefined ? '' : ` (did you mean "${c}"?)`;
}

// The pack's own disclosure check, on the data the pack page actually draws (the built JSON the
// renderer serves, read back from disk): every chart point and table cell that prints a figure must
// be one the disclosure pass publishes. A pack that fails it is not printed — whatever went wrong
// upstream (a stale build, a figure builder that forgot a rule), no hidden figure reaches the panel.
import type { PackData } from './pack-types.ts';
import { valueKey } from './prose.ts';

/** Why the pack data would publish a hidden figure (empty: it does not). `hidden`: valueKeys the rules hide. */
export function packDisclosureProblems(data: PackData, hidden: Set<string>): string[] {
  const problems: string[] = [];
  const name = (k: string) => k.split('|').join(' ');
  for (const s of data.sections) {
    for (const c of s.charts) {
      if (c.suppressed) continue;
      for (const p of c.points) {
        const k = valueKey(c.metric, c.grain, p.period, c.area);
        if (p.value !== null && hidden.has(k)) problems.push(`figure ${c.id} plots ${name(k)}, which the disclosure rules hide`);
      }
    }
    for (const t of s.tables) {
      for (const r of t.rows) {
        for (const cell of r.cells) {
          if (cell.text === '[c]') continue;
          for (const k of cell.of ?? [])
            if (hidden.has(k)) problems.push(`table ${t.id} prints ${name(k)} ("${cell.text}"), which the disclosure rules hide`);
        }
      }
    }
  }
  return problems;
}

// `psm explain` for a person: the catalogue entry, the chain of SQL files, the figure as a fraction
// and the extract files behind it. File names came from outside psm, so they go through forTerminal.
import { forTerminal } from '../terminal.ts';
import type { Metric } from './catalogue.ts';
import type { Explanation } from './explain.ts';
import { formatNumber, formatValue } from '../../dashboards/shared/format.ts';
import { textTable } from '../terminal.ts';
import type { MetricLineage } from './lineage.ts';

const AREAS: Record<Metric['areas'], string> = { force_and_areas: 'for the force and each area', force_only: 'force-wide only' };

/** The catalogue entry: what the figure means. */
export function entryText(m: Metric): string {
  const facts = [
    `unit ${m.unit}`,
    m.polarity.replaceAll('_', ' '),
    m.target === undefined ? 'no target' : `target ${formatValue(m.target, m.unit, { wholeSeconds: true })}`,
    `default grain ${m.defaultGrain}`,
    AREAS[m.areas],
    `family ${m.family}`,
  ];
  return [
    `${m.id} — ${m.title}`,
    '',
    m.definition,
    '',
    `  ${facts.join(' · ')}`,
    `  method: ${m.method}`,
    `  sources: ${m.sources.join(', ')}`,
    ...m.caveats.map((c) => `  caveat: ${c}`),
  ].join('\n');
}

/** The SQL chain: the metric's file, the marts and staging views it reads, the extracts under them. */
export function lineageText(l: MetricLineage): string {
  const width = Math.max(...[...l.marts, ...l.staging, ...l.calendar].map((x) => x.name.length));
  const row = (kind: string, name: string, path: string) => `  ${kind.padEnd(12)} ${name.padEnd(width)}  ${path}`;
  return [
    `Computed by ${l.sqlFile}${l.rollup === 'none' ? ' (it computes every period itself)' : ` (rolled up by month: ${l.rollup})`}`,
    ...l.marts.map((m) => row('reads mart', m.name, m.path)),
    ...l.staging.map((s) => row('over view', s.name, s.path)),
    `  ${'of extract'.padEnd(12)} ${l.extracts.join(', ')}`,
    ...(l.calendar.length
      ? [`  ${'calendar'.padEnd(12)} ${l.calendar.map((c) => c.name).join(', ')} (place the figure in its period and area; add no rows)`]
      : []),
  ].join('\n');
}

/** The figure and the files behind it. */
function figureText(e: Explanation): string {
  const { figure: f, metric: m } = e;
  const mean = m.unit === 'seconds' || m.unit === 'days';
  const num = (x: number | null) => formatNumber(x, mean ? 1 : 0);
  const where = f.area === 'force' ? 'the force' : `area ${f.area}`;
  const lines = [
    `${f.label} (${f.grain} ${f.period}: ${f.period_start} to ${f.period_end}), ${where}: ${formatValue(f.value, m.unit, { wholeSeconds: true })}`,
    `  numerator ${num(f.numerator)} / denominator ${num(f.denominator)}`,
  ];
  if (!f.complete) lines.push('  part of the period only: the data does not cover all of it');
  if (f.suppressed) lines.push(`  shown as [c] in the panel build and packs (${f.reason ?? 'disclosure control'})`);
  return lines.join('\n');
}

function filesText(e: Explanation): string {
  if (!e.files.length) return 'No extract file has a row in this figure.';
  const mean = e.metric.unit === 'seconds' || e.metric.unit === 'days';
  const rows = e.files.map((f) => [
    forTerminal(f.file),
    f.extract,
    f.sha256,
    formatNumber(f.rows, 0),
    formatNumber(f.numerator, mean ? 1 : 0),
    formatNumber(f.denominator, 0),
  ]);
  const note = e.additive
    ? "Each file's part is the figure from its rows; the parts of each extract's files add up to the figure."
    : `${e.metric.id} is not a sum over rows (rollup 'none'): each file's part is what its rows alone give, and the parts need not add up.`;
  return [
    `Extract files behind it (${e.files.length}):`,
    '',
    textTable(['file', 'extract', 'sha256', 'rows', 'numerator', 'denominator'], rows, new Set([3, 4, 5])),
    '',
    note,
  ].join('\n');
}

/** The whole explanation, as `psm explain` prints it. */
export function explanationText(e: Explanation, warehouseSha256: string): string {
  return [entryText(e.metric), lineageText(e.lineage), figureText(e), filesText(e), `Warehouse ${warehouseSha256}`].join('\n\n');
}

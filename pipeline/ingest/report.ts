// What an ingest run reports, per file and in total: the shape of `psm ingest --json`.
export interface FileReport {
  path: string;
  file: string;
  sha256: string;
  extract: string | null;
  /** loaded: in the warehouse now · unchanged: this exact file was ingested before · refused: not loaded · checked: `psm check` */
  status: 'loaded' | 'unchanged' | 'refused' | 'checked';
  encoding?: string;
  rows: number;
  loaded: number;
  quarantined: number;
  warnings: number;
  /** Rows of earlier files this file replaced (same record key; the later file wins). */
  supersedes: number;
  periodStart: string | null;
  periodEnd: string | null;
  /** Quarantine reasons with counts. */
  reasons: { kind: string; count: number }[];
  /** The first quarantined rows, by line (all of them are in the `quarantine` table). */
  examples: { line: number; field: string | null; value: string | null; reason: string }[];
  refused?: string;
  ms: number;
}

export interface RunReport {
  workspace: string;
  warehouse: string;
  published: boolean;
  files: FileReport[];
  totals: { files: number; rows: number; loaded: number; quarantined: number; refused: number; unchanged: number };
  ms: number;
}

export function totals(files: FileReport[]): RunReport['totals'] {
  const sum = (k: 'rows' | 'loaded' | 'quarantined') => files.reduce((s, f) => s + f[k], 0);
  return {
    files: files.length,
    rows: sum('rows'),
    loaded: sum('loaded'),
    quarantined: sum('quarantined'),
    refused: files.filter((f) => f.status === 'refused').length,
    unchanged: files.filter((f) => f.status === 'unchanged').length,
  };
}

const n = (x: number) => x.toLocaleString('en-GB');
/** "1 row", "2 rows", "1,234 rows". */
const rows = (x: number) => `${n(x)} ${x === 1 ? 'row' : 'rows'}`;

/**
 * One paragraph per file: the sum loaded + quarantined = rows is shown so nobody has to trust it,
 * then the first `examples` problem rows by file and line, so a person knows where to look.
 */
export function describeFile(f: FileReport, examples = 0): string {
  if (f.status === 'refused') return `✗ ${f.file}: refused — ${f.refused}`;
  if (f.status === 'unchanged') return `= ${f.file}: already ingested (sha256 ${f.sha256.slice(0, 12)}…); nothing changed`;
  const lines = [
    `${f.status === 'checked' ? '?' : '✓'} ${f.file} [${f.extract}, ${f.encoding}]: ${rows(f.rows)} = ${n(f.loaded)} ${f.status === 'checked' ? 'would load' : 'loaded'} + ${n(f.quarantined)} quarantined` +
      (f.periodStart ? `; covers ${f.periodStart} to ${f.periodEnd}` : ''),
  ];
  if (f.supersedes) lines.push(`    replaces ${rows(f.supersedes)} sent in earlier files (same record key: the later file wins)`);
  if (f.warnings) lines.push(`    ${rows(f.warnings)} loaded with a warning (a reference not found yet)`);
  for (const r of f.reasons) lines.push(`    ${n(r.count).padStart(7)} × ${r.kind}`);
  const shown = f.examples.slice(0, examples);
  for (const e of shown) lines.push(`      ${exampleLine(f, e)}`);
  // The hint goes with the examples, and with warnings alone (examples are quarantined rows only).
  if (examples > 0 && f.quarantined + f.warnings > shown.length) lines.push(`      … every row: psm quarantine ${shellWord(f.file)}`);
  return lines.join('\n');
}

/** A file name as a shell takes it: quoted when it holds anything but plain name characters. */
const shellWord = (s: string) => (/^[\w.+-]+$/.test(s) ? s : `'${s.replaceAll("'", "'\\''")}'`);

const exampleLine = (f: FileReport, e: FileReport['examples'][number]) => `${f.file}:${e.line}  ${e.field ?? '(row)'}  ${e.reason}`;

/** For `psm check`: the kinds, then the first rows a person should look at, by line. */
export function describeCheck(f: FileReport): string {
  const lines = [describeFile(f)];
  if (f.examples.length) {
    lines.push(`  First problems${f.quarantined > f.examples.length ? ` (${f.examples.length} of ${f.quarantined} rows)` : ''}:`);
    for (const e of f.examples) lines.push(`    ${exampleLine(f, e)}`);
  }
  return lines.join('\n');
}

/**
 * The end of a run. Each file's paragraph was printed as it finished (progress, on stderr), so
 * this is the totals, the refused files again (each needs a person) and where the bad rows are.
 */
export function describeRun(r: RunReport): string {
  const t = r.totals;
  const refused = r.files.filter((f) => f.status === 'refused');
  return [
    `${t.files} ${t.files === 1 ? 'file' : 'files'}: ${rows(t.rows)}, ${n(t.loaded)} loaded, ${n(t.quarantined)} quarantined, ${t.refused} refused, ${t.unchanged} unchanged.`,
    ...refused.map((f) => `  refused: ${f.file}`),
    ...(t.quarantined ? ['Every quarantined row, by file, line and field: psm quarantine [FILE]'] : []),
    r.published ? `Published ${r.warehouse}` : 'Nothing new: the published warehouse is unchanged.',
  ].join('\n');
}

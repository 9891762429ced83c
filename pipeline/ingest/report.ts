// What an ingest run reports, per file and in total: the shape of `psm ingest --json`, and the text a
// person reads. Every value that came from a file (names, header names, field values in reasons)
// is printed through forTerminal: an extract must not be able to drive the terminal it is read on.
import { basename } from 'node:path';
import { forTerminal as t, shellWord } from '../terminal.ts';
import { extractFromName } from './identify.ts';

export interface FileReport {
  path: string;
  file: string;
  sha256: string;
  extract: string | null;
  /**
   * loaded: in the warehouse now · unchanged: this exact file was ingested before · refused: not
   * loaded · deferred: still being written, read on the next run · checked: `psm check`
   */
  status: 'loaded' | 'unchanged' | 'refused' | 'deferred' | 'checked';
  encoding?: string;
  rows: number;
  loaded: number;
  quarantined: number;
  warnings: number;
  /** Rows of earlier files this file replaced (same record key; the later file wins). */
  supersedes: number;
  /**
   * Records of the earlier files this one re-sends (it replaced records of theirs) that fall in its
   * period but are not in it. They are kept: a re-send replaces the records it has and removes none.
   */
  lacks: number;
  /** Per earlier file it re-sends: how many of that file's records in its period it lacks. */
  resends: { file: string; sha256: string; lacks: number }[];
  periodStart: string | null;
  periodEnd: string | null;
  /** Quarantine reasons with counts. */
  reasons: { kind: string; count: number }[];
  /** The first quarantined rows, by line (all of them are in the `quarantine` table). */
  examples: { line: number; field: string | null; value: string | null; reason: string }[];
  refused?: string;
  /** Why a file was left for the next run (status deferred). */
  deferred?: string;
  /** `psm ingest --recheck`: the file was in the ledger, and this reading replaced that load. */
  rechecked?: { receivedAt: string; loaded: number; quarantined: number; warnings: number };
  ms: number;
}

/** An inbox entry that was not read at all: not a regular file, unreadable, a link out, not a CSV. */
export interface SkippedEntry {
  path: string;
  file: string;
  why: string;
}

export interface RunReport {
  workspace: string;
  warehouse: string;
  published: boolean;
  files: FileReport[];
  skipped: SkippedEntry[];
  totals: {
    files: number;
    rows: number;
    loaded: number;
    quarantined: number;
    refused: number;
    unchanged: number;
    deferred: number;
    skipped: number;
  };
  ms: number;
}

export function totals(files: FileReport[], skipped: SkippedEntry[] = []): RunReport['totals'] {
  const sum = (k: 'rows' | 'loaded' | 'quarantined') => files.reduce((s, f) => s + f[k], 0);
  const count = (status: FileReport['status']) => files.filter((f) => f.status === status).length;
  return {
    files: files.length,
    rows: sum('rows'),
    loaded: sum('loaded'),
    quarantined: sum('quarantined'),
    refused: count('refused'),
    unchanged: count('unchanged'),
    deferred: count('deferred'),
    skipped: skipped.length,
  };
}

/** A report for a file that loaded nothing: refused or deferred (with the reason), or already in the warehouse. */
export function emptyReport(
  file: { path: string; name?: string; sha256: string },
  status: 'refused' | 'unchanged' | 'deferred',
  why?: string,
): FileReport {
  const name = file.name ?? basename(file.path);
  return {
    path: file.path,
    file: name,
    sha256: file.sha256,
    extract: extractFromName(name) ?? null,
    status,
    rows: 0,
    loaded: 0,
    quarantined: 0,
    warnings: 0,
    supersedes: 0,
    lacks: 0,
    resends: [],
    periodStart: null,
    periodEnd: null,
    reasons: [],
    examples: [],
    ...(status === 'refused' ? { refused: why } : status === 'deferred' ? { deferred: why } : {}),
    ms: 0,
  };
}

const n = (x: number) => x.toLocaleString('en-GB');
/** "1 row", "2 rows", "1,234 rows". */
const rows = (x: number) => `${n(x)} ${x === 1 ? 'row' : 'rows'}`;
const records = (x: number) => `${n(x)} ${x === 1 ? 'record' : 'records'}`;

/**
 * One paragraph per file: the sum loaded + quarantined = rows is shown so nobody has to trust it,
 * then the first `examples` problem rows by file and line, so a person knows where to look.
 */
export function describeFile(f: FileReport, examples = 0): string {
  const name = t(f.file);
  if (f.status === 'refused') return `✗ ${name}: refused — ${t(f.refused ?? '')}`;
  if (f.status === 'deferred') return `~ ${name}: deferred — ${t(f.deferred ?? '')}; it will be read on the next run`;
  if (f.status === 'unchanged') return `= ${name}: already ingested (sha256 ${f.sha256.slice(0, 12)}…); nothing changed`;
  const lines = [
    `${f.status === 'checked' ? '?' : '✓'} ${name} [${f.extract}, ${f.encoding}]: ${rows(f.rows)} = ${n(f.loaded)} ${f.status === 'checked' ? 'would load' : 'loaded'} + ${n(f.quarantined)} quarantined` +
      (f.periodStart ? `; covers ${f.periodStart} to ${f.periodEnd}` : ''),
  ];
  if (f.rechecked)
    lines.push(
      `    read again (--recheck): replaces its load of ${f.rechecked.receivedAt.slice(0, 10)}, which had ${n(f.rechecked.loaded)} loaded + ${n(f.rechecked.quarantined)} quarantined`,
    );
  if (f.supersedes) lines.push(`    replaces ${rows(f.supersedes)} sent in earlier files (same record key: the later file wins)`);
  for (const r of f.resends.filter((x) => x.lacks)) lines.push(`    ${lackLine(f, r)}`);
  if (f.warnings) lines.push(`    ${rows(f.warnings)} loaded with a warning (a reference not found yet)`);
  for (const r of f.reasons) lines.push(`    ${n(r.count).padStart(7)} × ${t(r.kind)}`);
  const shown = f.examples.slice(0, examples);
  for (const e of shown) lines.push(`      ${exampleLine(f, e)}`);
  // The hint goes with the examples, and with warnings alone (examples are quarantined rows only).
  if (examples > 0 && f.quarantined + f.warnings > shown.length) lines.push(`      … every row: psm quarantine ${shellWord(f.file)}`);
  return lines.join('\n');
}

/** What a re-send lacks of one earlier file, and what became of those records. */
const lackLine = (f: FileReport, r: FileReport['resends'][number]) =>
  `lacks ${records(r.lacks)} of ${t(r.file)} dated within its period: ${f.status === 'checked' ? 'they would be' : 'they were'} kept ` +
  '(a re-send replaces the records it has and removes none)';

const exampleLine = (f: FileReport, e: FileReport['examples'][number]) =>
  `${t(f.file)}:${e.line}  ${t(e.field ?? '(row)')}  ${t(e.reason)}`;

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
 * this is the totals, then what needs a person again: refused files, inbox entries not read, files
 * left for the next run, re-sends that lack records, and where the bad rows are.
 */
export function describeRun(r: RunReport): string {
  const tt = r.totals;
  const later = [
    tt.deferred ? `${tt.deferred} deferred to the next run` : '',
    tt.skipped ? `${tt.skipped} inbox ${tt.skipped === 1 ? 'entry' : 'entries'} not read` : '',
  ].filter(Boolean);
  return [
    `${tt.files} ${tt.files === 1 ? 'file' : 'files'}: ${rows(tt.rows)}, ${n(tt.loaded)} loaded, ${n(tt.quarantined)} quarantined, ${tt.refused} refused, ${tt.unchanged} unchanged.` +
      (later.length ? ` ${later.join('; ')}.` : ''),
    ...r.files.filter((f) => f.status === 'refused').map((f) => `  refused: ${t(f.file)}`),
    ...r.skipped.map((s) => `  not read: ${t(s.file)} — ${t(s.why)}`),
    ...r.files.filter((f) => f.status === 'deferred').map((f) => `  deferred: ${t(f.file)} — ${t(f.deferred ?? '')}`),
    ...r.files.flatMap((f) => f.resends.filter((x) => x.lacks).map((x) => `  re-send ${t(f.file)} ${lackLine(f, x)}`)),
    ...(tt.quarantined ? ['Every quarantined row, by file, line and field: psm quarantine [FILE]'] : []),
    r.published ? `Published ${r.warehouse}` : 'Nothing new: the published warehouse is unchanged.',
  ].join('\n');
}

// psm status — where everything of this workspace lives, whether its warehouse is sound, who holds
// the run lock, and what the ledger holds.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkspacePaths } from '../config.ts';
import { sha256File } from '../ingest/decode.ts';
import { arrivedFiles, meetingAlerts, type ArrivedFile, type MeetingAlert } from '../meetings/attention.ts';
import { meetingIds } from '../packs/meeting.ts';
import { readBuildRecord } from '../site/build-record.ts';
import { readManifest } from '../render/pack.ts';
import { inspectLock } from '../schedule/lock.ts';
import { settings } from '../settings.ts';
import { checkRecordOf, fileId } from '../warehouse/check-record.ts';
import { recoveryAdvice } from '../warehouse/damage.ts';
import { openReadOnly, queryRows } from '../warehouse/duckdb.ts';
import { checkWarehouse, type FileCheck } from '../warehouse/integrity.ts';
import { pinWarehouse } from '../warehouse/pin.ts';
import { emit, parse } from './args.ts';

const usage = `Usage: psm status [--quick] [--workspace DIR] [--json]

Every path of the workspace, the state of the warehouse, the run lock, the ledger per extract and
the packs printed. The published warehouse is checked block by block (under a second for the demo
force; --quick only opens it). Exit status 1 when the published warehouse is damaged.`;

interface ExtractSummary {
  extract: string;
  files: number;
  rows: number;
  loaded: number;
  quarantined: number;
  superseded: number;
  period_start: string | null;
  period_end: string | null;
  last_received: string | null;
}

interface WarehouseReport {
  published: FileCheck;
  /** Checked block by block only when it is the one to recover to (the published one is not ok). */
  previous: FileCheck & { same_as_published: boolean };
  advice: string | null;
  /** When every block of the published file was last read, as the last publish recorded it (check-record.ts). */
  lastFullCheck: string | null;
  ledger: ExtractSummary[];
  ingested: Set<string>;
  /** The loaded files, for telling a pack older than its data. */
  files: ArrivedFile[];
}

/** The published warehouse checked and read through one pin, so the verdict and the ledger are of the same file. */
async function warehouseReport(paths: WorkspacePaths, scan: boolean): Promise<WarehouseReport> {
  let published: FileCheck;
  let ledger: ExtractSummary[] = [];
  let ingested = new Set<string>();
  let files: ArrivedFile[] = [];
  if (!existsSync(paths.warehouse))
    published = await checkWarehouse(paths.warehouse); // 'missing'
  else {
    const pin = pinWarehouse(paths);
    try {
      published = { ...(await checkWarehouse(pin.path, { scan })), file: paths.warehouse };
      if (published.state === 'ok') ({ ledger, ingested, files } = await readLedger(pin.path));
    } finally {
      pin.release();
    }
  }
  const prev = await checkWarehouse(paths.previousWarehouse, { scan: scan && published.state !== 'ok' });
  const same =
    prev.state !== 'missing' && published.state !== 'missing' && statSync(paths.previousWarehouse).ino === statSync(paths.warehouse).ino;
  let advice: string | null = null;
  if (published.state === 'damaged')
    advice =
      prev.state === 'ok'
        ? recoveryAdvice(paths.warehouse)
        : `${recoveryAdvice(paths.warehouse)} (the previous warehouse is ${prev.state} too)`;
  if (published.state === 'missing') advice = prev.state === 'missing' ? 'Run `psm ingest` to make one.' : recoveryAdvice(paths.warehouse);
  const record = published.state === 'ok' ? checkRecordOf(paths, fileId(paths.warehouse)) : null;
  const lastFullCheck = record?.fullyCheckedAt ?? null;
  return { published, previous: { ...prev, same_as_published: same }, advice, lastFullCheck, ledger, ingested, files };
}

async function readLedger(file: string): Promise<{ ledger: ExtractSummary[]; ingested: Set<string>; files: ArrivedFile[] }> {
  const db = await openReadOnly(file);
  try {
    const ledger = await queryRows<ExtractSummary>(
      db.conn,
      `SELECT extract, count(*)::INTEGER AS files,
        sum(data_rows)::INTEGER AS rows, sum(loaded)::INTEGER AS loaded, sum(quarantined)::INTEGER AS quarantined,
        sum(superseded)::INTEGER AS superseded, min(period_start)::VARCHAR AS period_start,
        max(period_end)::VARCHAR AS period_end, max(received_at)::VARCHAR AS last_received
      FROM ledger GROUP BY extract ORDER BY extract`,
    );
    const files = await arrivedFiles(db.conn);
    return { ledger, ingested: new Set(files.map((f) => f.sha256)), files };
  } finally {
    db.close();
  }
}

const minute = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '–');
const mb = (n: number | null) => `${((n ?? 0) / 1024 ** 2).toFixed(1)} MB`;

function warehouseLines(w: WarehouseReport): string[] {
  const p = w.published;
  const how = p.checked === 'scanned' ? `every block checked in ${p.ms} ms` : 'opened, not checked block by block (--quick)';
  const lines = [
    p.state === 'ok'
      ? `Warehouse: ok — ${how}; published ${minute(p.modifiedAt)}, ${mb(p.bytes)}.`
      : p.state === 'missing'
        ? 'Warehouse: missing — no published warehouse yet.'
        : `Warehouse: DAMAGED — ${p.detail}.`,
  ];
  const q = w.previous;
  lines.push(
    q.state === 'missing'
      ? 'Previous warehouse: none.'
      : q.state === 'damaged'
        ? `Previous warehouse: damaged (${q.detail}).`
        : `Previous warehouse: available, published ${minute(q.modifiedAt)}${q.same_as_published ? ' (the same file as the published one)' : ''}${q.checked === 'scanned' ? ', every block checked' : ''}.`,
  );
  if (p.state === 'ok') lines.push(fullCheckLine(w.lastFullCheck, settings().fullCheckDays));
  if (w.advice) lines.push(w.advice);
  return lines;
}

/** What the nightly ingest reads of the published file, and when it next reads every block. */
function fullCheckLine(last: string | null, days: number): string {
  if (!last) return 'Nightly check: no record of this file, so the next ingest reads every block of it first.';
  if (days === 0)
    return `Nightly check: every ingest reads every block of the published file first (PSM_FULL_CHECK_DAYS=0); last ${minute(last)}.`;
  const due = new Date(Date.parse(last) + days * 86_400_000).toISOString();
  return `Nightly check: each ingest reads the blocks it writes; every block was last read ${minute(last)}, and the first ingest after ${minute(due)} reads them all again (PSM_FULL_CHECK_DAYS=${days}).`;
}

function lockReport(paths: WorkspacePaths) {
  const seen = inspectLock(paths.lock);
  if (!seen) return null;
  const v = seen.verdict;
  return { path: paths.lock, holder: seen.holder, stale: v.stale, advice: v.stale === null ? v.advice : null };
}

function lockLine(lock: ReturnType<typeof lockReport>): string {
  if (!lock) return 'Lock: free.';
  const who = lock.holder
    ? `pid ${lock.holder.pid} on ${lock.holder.hostname} since ${minute(lock.holder.startedAt)}`
    : 'an unreadable holder';
  if (lock.stale) return `Lock: left by a run that has ended (${lock.stale}); the next run takes it over.`;
  return `Lock: held by ${who}.${lock.advice ? ` ${lock.advice}` : ''}`;
}

export async function run(argv: string[]): Promise<number> {
  const { values, paths } = parse(argv, { quick: { type: 'boolean', default: false } }, usage);
  const inboxFiles = existsSync(paths.inbox) ? readdirSync(paths.inbox).filter((f) => /\.csv(\.gz)?$/i.test(f)) : [];
  const w = await warehouseReport(paths, !values.quick);
  const { ledger } = w;
  // Recognised by content, as ingest does: a renamed copy of an ingested file is not new.
  // Unknown while the warehouse cannot be read: every file would look new.
  const newFiles = w.published.state === 'damaged' ? null : inboxFiles.filter((f) => !w.ingested.has(sha256File(join(paths.inbox, f))));
  const packs: { meeting: string; pdf: string; generated_at: string; pages: number; draft: boolean }[] = [];
  for (const m of meetingIds(paths.reports)) {
    const manifest = await readManifest(paths.reports, m);
    if (manifest)
      packs.push({
        meeting: m,
        pdf: join(paths.reports, m, 'out', 'pack.pdf'),
        generated_at: manifest.generatedAt,
        pages: manifest.pages,
        draft: manifest.draft,
      });
  }
  const siteRecord = (dir: string) => (existsSync(dir) ? readBuildRecord(dir) : null);
  const fileState = (f: FileCheck) => ({
    state: f.state,
    file: f.file,
    checked: f.checked,
    check_ms: f.ms,
    detail: f.detail,
    published_at: f.modifiedAt,
    bytes: f.bytes,
  });
  const lock = lockReport(paths);
  const alerts = meetingAlerts(paths, w.files, new Date());
  const result: StatusReport = {
    workspace: paths.root,
    paths: {
      inbox: paths.inbox,
      archive: paths.archive,
      warehouse: paths.warehouse,
      previous_warehouse: paths.previousWarehouse,
      site: paths.site,
      reports: paths.reports,
      runs: paths.runs,
      mapping: paths.mapping,
      share_key: paths.shareKey,
    },
    site: siteRecord(paths.site),
    inbox_files: inboxFiles.length,
    inbox_new_files: newFiles,
    packs,
    meeting_alerts: alerts,
    warehouse: {
      ...fileState(w.published),
      previous: { ...fileState(w.previous), same_as_published: w.previous.same_as_published },
      advice: w.advice,
      last_full_check: w.lastFullCheck,
    },
    lock,
    ledger,
  };
  emit(values.json, result, () => describeStatus(result, w, newFiles));
  return w.published.state === 'damaged' ? 1 : 0;
}

/** The status as a person reads it: the paths, the warehouse, the inbox, the ledger, the packs, then what needs a person. */
interface StatusReport {
  workspace: string;
  paths: Record<string, string>;
  site: ReturnType<typeof readBuildRecord>;
  inbox_files: number;
  inbox_new_files: string[] | null;
  packs: { meeting: string; pdf: string; generated_at: string; pages: number; draft: boolean }[];
  meeting_alerts: MeetingAlert[];
  warehouse: unknown;
  lock: ReturnType<typeof lockReport>;
  ledger: ExtractSummary[];
}

function describeStatus(result: StatusReport, w: WarehouseReport, newFiles: string[] | null): string {
  const lines = [`Workspace ${result.workspace}`, ...Object.entries(result.paths).map(([k, v]) => `  ${k.padEnd(18)} ${v}`), ''];
  lines.push(...warehouseLines(w), lockLine(result.lock));
  lines.push(
    newFiles === null
      ? `Inbox: ${result.inbox_files} extract file(s); which are ingested is unknown while the warehouse is damaged.`
      : `Inbox: ${result.inbox_files} extract file(s), ${newFiles.length} not yet ingested${newFiles.length ? `: ${newFiles.join(', ')}` : ''}.`,
  );
  lines.push(
    result.site
      ? `Site: the ${result.site.audience} build of ${result.site.builtAt.slice(0, 16).replace('T', ' ')} UTC${result.site.audience === 'analyst' ? ' — unsuppressed small numbers, not for sharing' : ''}.`
      : 'Site: not built (psm build).',
  );
  const n = (x: number, width: number) => x.toLocaleString('en-GB').padStart(width);
  for (const l of result.ledger) {
    // Rows sent, as the ledger counts them; what the warehouse holds is sent − quarantined − replaced.
    lines.push(
      `  ${l.extract.padEnd(9)} ${String(l.files).padStart(3)} ${l.files === 1 ? 'file ' : 'files'}  ${n(l.rows, 10)} rows sent  ` +
        `${n(l.quarantined, 7)} quarantined  ${n(l.superseded, 6)} replaced  ${l.period_start} → ${l.period_end}  last received ${l.last_received?.slice(0, 16) ?? '–'}`,
    );
  }
  lines.push('', result.packs.length ? 'Packs:' : 'No packs printed yet (psm pack <meeting-id>, or psm run).');
  const idWidth = Math.max(0, ...result.packs.map((p) => p.meeting.length));
  for (const p of result.packs) {
    lines.push(
      `  ${p.meeting.padEnd(idWidth)}  ${String(p.pages).padStart(3)} pages, printed ${p.generated_at.slice(0, 16).replace('T', ' ')} UTC${p.draft ? ' (DRAFT)' : ''}  ${p.pdf}`,
    );
  }
  // What needs a person: said last, where a glance at the end of the output finds it.
  for (const a of result.meeting_alerts) lines.push(`${a.kind === 'failed' ? 'FAILED' : 'OUT OF DATE'}: meeting ${a.meeting}: ${a.detail}`);
  return lines.join('\n');
}

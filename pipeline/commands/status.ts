// psm status — where everything of this workspace lives, and what the ledger holds.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sha256File } from '../ingest/decode.ts';
import { meetingIds } from '../packs/meeting.ts';
import { readBuildRecord } from '../site/build-record.ts';
import { readManifest } from '../render/pack.ts';
import { openReadOnly, queryRows } from '../warehouse/duckdb.ts';
import { emit, parse } from './args.ts';


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

export async function run(argv: string[]): Promise<number> {
  const { values, paths } = parse(argv, {});
  const inboxFiles = existsSync(paths.inbox) ? readdirSync(paths.inbox).filter((f) => /\.csv(\.gz)?$/i.test(f)) : [];
  let ledger: ExtractSummary[] = [];
  let ingested = new Set<string>();
  const published = existsSync(paths.warehouse);
  if (published) {
    const db = await openReadOnly(paths.warehouse);
    try {
      ledger = await queryRows<ExtractSummary>(db.conn, `SELECT extract, count(*)::INTEGER AS files,
          sum(data_rows)::INTEGER AS rows, sum(loaded)::INTEGER AS loaded, sum(quarantined)::INTEGER AS quarantined,
          sum(superseded)::INTEGER AS superseded, min(period_start)::VARCHAR AS period_start,
          max(period_end)::VARCHAR AS period_end, max(received_at)::VARCHAR AS last_received
        FROM ledger GROUP BY extract ORDER BY extract`);
      ingested = new Set((await queryRows<{ sha256: string }>(db.conn, 'SELECT sha256 FROM ledger')).map((r) => r.sha256));
    } finally {
      db.close();
    }
  }
  // Recognised by content, as ingest does: a renamed copy of an ingested file is not new.
  const newFiles = inboxFiles.filter((f) => !ingested.has(sha256File(join(paths.inbox, f))));
  const packs: { meeting: string; pdf: string; generated_at: string; pages: number; draft: boolean }[] = [];
  for (const m of meetingIds(paths.reports)) {
    const manifest = await readManifest(paths.reports, m);
    if (manifest) packs.push({ meeting: m, pdf: join(paths.reports, m, 'out', 'pack.pdf'), generated_at: manifest.generatedAt, pages: manifest.pages, draft: manifest.draft });
  }
  const siteRecord = (dir: string) => (existsSync(dir) ? readBuildRecord(dir) : null);
  const result = {
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
    warehouse: published ? { published_at: statSync(paths.warehouse).mtime.toISOString(), bytes: statSync(paths.warehouse).size } : null,
    ledger,
  };
  emit(values.json, result, () => {
    const lines = [`Workspace ${paths.root}`, ...Object.entries(result.paths).map(([k, v]) => `  ${k.padEnd(18)} ${v}`), ''];
    lines.push(`Inbox: ${inboxFiles.length} extract file(s), ${newFiles.length} not yet ingested${newFiles.length ? `: ${newFiles.join(', ')}` : ''}.`);
    if (!published) lines.push('No published warehouse yet: run `psm ingest`.');
    lines.push(result.site ? `Site: the ${result.site.audience} build of ${result.site.builtAt.slice(0, 16).replace('T', ' ')} UTC${result.site.audience === 'analyst' ? ' — unsuppressed small numbers, not for sharing' : ''}.` : 'Site: not built (psm build).');
    const n = (x: number, width: number) => x.toLocaleString('en-GB').padStart(width);
    for (const l of ledger) {
      // Rows sent, as the ledger counts them; what the warehouse holds is sent − quarantined − replaced.
      lines.push(`  ${l.extract.padEnd(9)} ${String(l.files).padStart(3)} ${l.files === 1 ? 'file ' : 'files'}  ${n(l.rows, 10)} rows sent  ` +
        `${n(l.quarantined, 7)} quarantined  ${n(l.superseded, 6)} replaced  ${l.period_start} → ${l.period_end}  last received ${l.last_received?.slice(0, 16) ?? '–'}`);
    }
    lines.push('', packs.length ? 'Packs:' : 'No packs printed yet (psm pack <meeting-id>, or psm run).');
    const idWidth = Math.max(0, ...packs.map((p) => p.meeting.length));
    for (const p of packs) {
      lines.push(`  ${p.meeting.padEnd(idWidth)}  ${String(p.pages).padStart(3)} pages, printed ${p.generated_at.slice(0, 16).replace('T', ' ')} UTC${p.draft ? ' (DRAFT)' : ''}  ${p.pdf}`);
    }
    return lines.join('\n');
  });
  return 0;
}

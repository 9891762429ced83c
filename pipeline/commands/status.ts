// psm status — where everything of this workspace lives, and what the ledger holds.
import { existsSync, readdirSync, statSync } from 'node:fs';
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
  const published = existsSync(paths.warehouse);
  if (published) {
    const db = await openReadOnly(paths.warehouse);
    try {
      ledger = await queryRows<ExtractSummary>(db.conn, `SELECT extract, count(*)::INTEGER AS files,
          sum(data_rows)::INTEGER AS rows, sum(loaded)::INTEGER AS loaded, sum(quarantined)::INTEGER AS quarantined,
          sum(superseded)::INTEGER AS superseded, min(period_start)::VARCHAR AS period_start,
          max(period_end)::VARCHAR AS period_end, max(received_at)::VARCHAR AS last_received
        FROM ledger GROUP BY extract ORDER BY extract`);
    } finally {
      db.close();
    }
  }
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
    },
    inbox_files: inboxFiles.length,
    warehouse: published ? { published_at: statSync(paths.warehouse).mtime.toISOString(), bytes: statSync(paths.warehouse).size } : null,
    ledger,
  };
  emit(values.json, result, () => {
    const lines = [`Workspace ${paths.root}`, ...Object.entries(result.paths).map(([k, v]) => `  ${k.padEnd(18)} ${v}`), ''];
    lines.push(`Inbox: ${inboxFiles.length} extract file(s).`);
    if (!published) lines.push('No published warehouse yet: run `psm ingest`.');
    for (const l of ledger) {
      lines.push(`  ${l.extract.padEnd(9)} ${String(l.files).padStart(3)} files  ${l.rows.toLocaleString('en-GB').padStart(10)} rows  ` +
        `${l.quarantined.toLocaleString('en-GB').padStart(7)} quarantined  ${l.period_start} → ${l.period_end}  last received ${l.last_received}`);
    }
    return lines.join('\n');
  });
  return 0;
}

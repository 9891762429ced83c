// `--scale N`: N forces' worth of extracts. Force k's files are the demo's with every reference
// prefixed `F<k>-`, written by DuckDB (COPY), so keys never collide across forces.
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { decodeFile } from '../ingest/decode.ts';
import { loadMapping, headerKey } from '../extracts/mapping.ts';
import { openMemory, ident, sqlString } from '../warehouse/duckdb.ts';

const isRefColumn = (canonical: string) => /(_ref|_id)$/.test(canonical);

export async function forceCopy(demoInbox: string, target: string, k: number, mappingPath: string): Promise<void> {
  if (existsSync(join(target, '.complete'))) return;
  mkdirSync(target, { recursive: true });
  const mapping = existsSync(mappingPath) ? loadMapping(mappingPath) : { force: '', extracts: {} };
  const renames = new Map<string, string>();
  for (const m of Object.values(mapping.extracts)) for (const [from, to] of Object.entries(m?.columns ?? {})) renames.set(headerKey(from), to);
  const db = await openMemory();
  try {
    for (const f of readdirSync(demoInbox).filter((x) => /\.csv(\.gz)?$/.test(x))) {
      const file = await decodeFile(join(demoInbox, f));
      const cols = file.header.map((h) => {
        const canonical = renames.get(headerKey(h)) ?? headerKey(h);
        return isRefColumn(canonical) ? `CASE WHEN ${ident(h)} <> '' THEN ${sqlString(`F${k}-`)} || ${ident(h)} ELSE ${ident(h)} END AS ${ident(h)}` : ident(h);
      });
      const out = join(target, basename(f).replace(/\.gz$/, ''));
      try {
        await db.conn.run(`COPY (SELECT ${cols.join(', ')} FROM read_csv(${sqlString(file.readPath)}, header = true, all_varchar = true,
          ignore_errors = true)) TO ${sqlString(out)} (HEADER, DELIMITER ',')`);
      } finally {
        file.dispose(); // the inflated or transcoded copy in the temp folder
      }
    }
  } finally {
    db.close();
  }
  const { writeFileSync } = await import('node:fs');
  writeFileSync(join(target, '.complete'), '');
}

// `--scale N`: N forces' worth of extracts. Force k's files are the demo's with every reference
// prefixed `F<k>-`, written by DuckDB (COPY), so keys never collide across forces; a gzipped demo
// file stays gzipped, so every force has the same mix of plain and compressed files as the demo.
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { decodeFile } from '../ingest/decode.ts';
import { loadMapping, headerKey } from '../extracts/mapping.ts';
import { openMemory, ident, sqlString } from '../warehouse/duckdb.ts';

/** Marks a finished copy; named for the copy's layout, so a copy made the old way (all plain) is redone. */
const COMPLETE = '.complete-gz';
const isRefColumn = (canonical: string) => /(_ref|_id)$/.test(canonical);

export async function forceCopy(demoInbox: string, target: string, k: number, mappingPath: string): Promise<void> {
  if (existsSync(join(target, COMPLETE))) return;
  rmSync(target, { recursive: true, force: true }); // a half-made copy, or one of another layout
  mkdirSync(target, { recursive: true });
  const mapping = existsSync(mappingPath) ? loadMapping(mappingPath) : { force: '', extracts: {} };
  const renames = new Map<string, string>();
  for (const m of Object.values(mapping.extracts))
    for (const [from, to] of Object.entries(m?.columns ?? {})) renames.set(headerKey(from), to);
  const db = await openMemory();
  try {
    for (const f of readdirSync(demoInbox).filter((x) => /\.csv(\.gz)?$/.test(x))) {
      const file = await decodeFile(join(demoInbox, f));
      const cols = file.header.map((h) => {
        const canonical = renames.get(headerKey(h)) ?? headerKey(h);
        return isRefColumn(canonical)
          ? `CASE WHEN ${ident(h)} <> '' THEN ${sqlString(`F${k}-`)} || ${ident(h)} ELSE ${ident(h)} END AS ${ident(h)}`
          : ident(h);
      });
      const gz = /\.gz$/i.test(f);
      const out = join(target, basename(f));
      try {
        await db.conn.run(`COPY (SELECT ${cols.join(', ')} FROM read_csv(${sqlString(file.readPath)}, header = true, all_varchar = true,
          ignore_errors = true)) TO ${sqlString(out)} (HEADER, DELIMITER ','${gz ? ', COMPRESSION gzip' : ''})`);
      } finally {
        file.dispose(); // the inflated or transcoded copy in the temp folder
      }
    }
  } finally {
    db.close();
  }
  writeFileSync(join(target, COMPLETE), '');
}

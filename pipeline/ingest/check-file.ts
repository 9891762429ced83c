// `psm check FILE`: the same validation as ingest, against the published warehouse's references,
// then rolled back — nothing is loaded, copied or archived.
import { existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { WorkspacePaths } from '../config.ts';
import { emptyMapping } from '../extracts/mapping.ts';
import { openMemory, sqlString } from '../warehouse/duckdb.ts';
import { singleTableExtracts } from '../warehouse/file-tables.ts';
import { createSchema, extendLedger } from '../warehouse/schema.ts';
import { commitFile } from './commit-file.ts';
import { decodeFile, sha256File } from './decode.ts';
import { identify, mappingFor } from './identify.ts';
import { notAnExtract } from './inbox.ts';
import type { IngestOptions } from './options.ts';
import { publishedLedger } from './ledger.ts';
import { isoDate } from './load-files.ts';
import { prepareFile, workTables } from './prepare-file.ts';
import { emptyReport, type FileReport } from './report.ts';
import { fitHeader } from './validate-sql.ts';

export interface CheckOptions extends IngestOptions {
  /** Check a file the ledger has as `psm ingest --recheck` would read it again, instead of saying "unchanged". */
  again?: boolean;
}

export async function checkFile(paths: WorkspacePaths, path: string, opts: CheckOptions = {}): Promise<FileReport> {
  const now = opts.now ?? new Date();
  if (!existsSync(path)) throw new Error(`${path}: no such file`);
  if (!statSync(path).isFile()) throw new Error(`${path} is a folder: psm check takes extract files`);
  const notCsv = notAnExtract(basename(path));
  if (notCsv) return emptyReport({ path, sha256: '' }, 'refused', notCsv);
  const mapping = mappingFor(paths);
  const sha256 = sha256File(path);
  const earlier = (await publishedLedger(paths)).get(sha256);
  if (earlier && !opts.again) return emptyReport({ path, sha256 }, 'unchanged');
  const file = await decodeFile(path, sha256);
  const db = await openMemory();
  try {
    const { contract, refused } = identify(file, mapping);
    if (!contract) return emptyReport(file, 'refused', refused!);
    await createSchema(db.conn);
    await extendLedger(db.conn);
    let referenceSchema: string | undefined;
    if (existsSync(paths.warehouse)) {
      await db.conn.run(`ATTACH ${sqlString(paths.warehouse)} AS published (READ_ONLY)`);
      referenceSchema = 'published';
      // A warehouse from before file tables is converted by the next ingest; until then the checks
      // against it would find no earlier files and report nothing superseded, which would mislead.
      if ((await singleTableExtracts(db.conn, referenceSchema)).length) {
        throw new Error(
          `${paths.warehouse} was written by an earlier version of psm (one table per extract): ` +
            'run `psm ingest` once to convert it, then check the file again',
        );
      }
    }
    const extractMapping = mapping.extracts[contract.name] ?? emptyMapping;
    const prepared = await prepareFile(
      db.conn,
      workTables('check'),
      file,
      contract,
      fitHeader(file.header, contract, extractMapping),
      extractMapping,
      { today: isoDate(now) },
    );
    return await commitFile(db.conn, prepared, { dryRun: true, receivedAt: now, referenceSchema, replaces: earlier });
  } finally {
    db.close();
    file.dispose();
  }
}

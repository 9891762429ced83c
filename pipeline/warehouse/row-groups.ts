// Where each table's rows sit in a warehouse file, row group by row group. DuckDB never writes over
// a block that the last checkpoint still uses: a run that changes a table writes new blocks and
// points the changed row groups at them. So a row group whose segments have the same blocks and
// offsets in two files, one copied from the other, holds the same bytes in both, and the check of
// a night's file need read only the row groups that night wrote (integrity.ts).
import type { DuckDBConnection } from '@duckdb/node-api';
import { ident, queryRows, sqlString } from './duckdb.ts';

export interface RowGroup {
  /** The rowid of its first row (row groups hold consecutive rowids). */
  firstRow: number;
  rows: number;
  /** Every segment's block, offset and overflow blocks, in column order: where its bytes are. */
  place: string;
}

/** Row groups by table (qualified, quoted name). */
export type RowGroupMap = Map<string, RowGroup[]>;

export interface Table {
  schema: string;
  name: string;
}

export const qualified = (t: Table): string => `${ident(t.schema)}.${ident(t.name)}`;

export async function tablesOf(conn: DuckDBConnection): Promise<Table[]> {
  return queryRows<Table>(
    conn,
    `SELECT schema_name AS schema, table_name AS name FROM duckdb_tables()
    WHERE database_name = current_database() AND NOT temporary ORDER BY ALL`,
  );
}

/**
 * A few tables a statement: a national warehouse has a thousand (one per loaded file), and DuckDB
 * holds what it reads to describe a statement's tables until the statement ends.
 */
export async function rowGroupMap(conn: DuckDBConnection, tables: Table[], perStatement = 16): Promise<RowGroupMap> {
  const map: RowGroupMap = new Map(tables.map((t) => [qualified(t), []]));
  for (let i = 0; i < tables.length; i += perStatement) {
    const batch = tables.slice(i, i + perStatement);
    const perTable = batch.map(
      (t, j) => `SELECT ${j} AS t, row_group_id AS g, max(start + count) AS n,
        md5(string_agg(concat_ws(':', column_path, segment_id, block_id, block_offset, additional_block_ids::VARCHAR), ';'
          ORDER BY column_id, column_path, segment_id)) AS place
      FROM pragma_storage_info(${sqlString(`${t.schema}.${t.name}`)}) GROUP BY ALL`,
    );
    const rows = await queryRows<{ t: number; g: number; n: number; place: string }>(
      conn,
      `SELECT t::INTEGER AS t, g::DOUBLE AS g, coalesce(n, 0)::DOUBLE AS n, place FROM (${perTable.join('\nUNION ALL ')}) ORDER BY t, g`,
    );
    const firstRow = new Map<number, number>();
    for (const r of rows) {
      const at = firstRow.get(r.t) ?? 0;
      map.get(qualified(batch[r.t]!))!.push({ firstRow: at, rows: r.n, place: r.place });
      firstRow.set(r.t, at + r.n);
    }
  }
  return map;
}

/** The rowid ranges [from, to] of `now`'s row groups not in `before`, adjacent ones joined. */
export function changedRanges(now: RowGroup[], before: RowGroup[] | undefined): [number, number][] {
  const known = new Set((before ?? []).map((g) => g.place));
  const ranges: [number, number][] = [];
  for (const g of now) {
    if (known.has(g.place) || g.rows === 0) continue;
    const last = ranges.at(-1);
    if (last && last[1] + 1 === g.firstRow) last[1] = g.firstRow + g.rows - 1;
    else ranges.push([g.firstRow, g.firstRow + g.rows - 1]);
  }
  return ranges;
}

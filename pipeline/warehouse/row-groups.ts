// Where each table's rows sit in a warehouse file, row group by row group. DuckDB never writes over
// a block that the last checkpoint still uses: a run that changes a table writes new blocks and
// points the changed row groups at them. So a row group whose segments have the same blocks and
// offsets in two files, one copied from the other, holds the same bytes in both, and the check of
// a night's file need read only the row groups that night wrote (integrity.ts).
//
// Describing a table (pragma_storage_info) costs about 2.6 ms whatever its size, and a national
// warehouse has a thousand file tables, most of which a night does not touch: 2.7 s of a 12.5 s
// night. So a table whose rows are written once is stamped when it joins the warehouse (a random
// token as its comment, stampSql); a table with the stamp, the live row count and DuckDB's stored
// row count the record holds keeps the record's row groups undescribed. Making it again gives it a
// new stamp, deleting or adding rows changes its live count, and the checkpoint that later vacuums
// deleted rows out (rewriting blocks) changes its stored count, so each is described. Whoever
// writes a table's rows restamps it, or makes it afresh. A mart is stamped, its fingerprint after
// the token, each time it is built or updated (models/fingerprint.ts). A table without a stamp
// (the ledger, the quarantine, anything written by SQL of its own) is described every night.
import type { DuckDBConnection } from '@duckdb/node-api';
import { randomUUID } from 'node:crypto';
import { ident, queryRows, sqlString } from './duckdb.ts';

export interface RowGroup {
  /** The rowid of its first row (row groups hold consecutive rowids). */
  firstRow: number;
  rows: number;
  /** Every segment's block, offset and overflow blocks, in column order: where its bytes are. */
  place: string;
}

export interface TableLayout {
  /** The stamp the table was written with (stampSql), or null: described every time. */
  stamp: string | null;
  /** Rows not deleted: a delete changes it without touching a data block. */
  liveRows: number;
  /**
   * DuckDB's own row count, deleted rows included until a checkpoint vacuums them out. That
   * vacuum rewrites the table's blocks, and may come a night after the delete (a checkpoint run
   * beside another transaction skips it), with the stamp and the live rows unchanged.
   */
  storedRows: number;
  groups: RowGroup[];
}

/** Each table's row groups, by table (qualified, quoted name). */
export type RowGroupMap = Map<string, TableLayout>;

export interface Table {
  schema: string;
  name: string;
  stamp: string | null;
  storedRows: number;
}

const STAMP = 'psm-written:';

/**
 * Marks a table whose rows were just written: a new token each time (see the head of this file),
 * then `note` if given (a mart's fingerprint), which unstamped() gives back.
 */
export const stampSql = (table: string, note?: string): string =>
  `COMMENT ON TABLE ${ident(table)} IS ${sqlString(`${STAMP}${randomUUID()}${note === undefined ? '' : ` ${note}`}`)}`;

export const isStamped = (comment: string | null): boolean => Boolean(comment?.startsWith(STAMP));

/** A comment without its stamp: what was written after it. */
export const unstamped = (comment: string): string =>
  comment.startsWith(STAMP) ? comment.slice(comment.indexOf(' ') + 1 || comment.length) : comment;

export const qualified = (t: Table): string => `${ident(t.schema)}.${ident(t.name)}`;

export async function tablesOf(conn: DuckDBConnection): Promise<Table[]> {
  const rows = await queryRows<Omit<Table, 'stamp'> & { comment: string | null }>(
    conn,
    `SELECT schema_name AS schema, table_name AS name, comment, estimated_size::DOUBLE AS "storedRows"
    FROM duckdb_tables() WHERE database_name = current_database() AND NOT temporary ORDER BY ALL`,
  );
  return rows.map(({ comment, ...t }) => ({ ...t, stamp: isStamped(comment) ? comment : null }));
}

/** Rows not deleted, by table: reading them reads every table's row group and delete metadata. */
export async function liveRows(conn: DuckDBConnection, tables: Table[]): Promise<Map<string, number>> {
  if (!tables.length) return new Map();
  const rows = await queryRows<{ i: number; n: number }>(
    conn,
    tables.map((t, i) => `SELECT ${i} AS i, count(*)::DOUBLE AS n FROM ${qualified(t)}`).join('\nUNION ALL '),
  );
  return new Map(rows.map((r) => [qualified(tables[r.i]!), r.n]));
}

/**
 * Where every table's row groups are. With `known` (the layout of the file this one was copied
 * from), a stamped table whose stamp and live rows are as known there keeps its known row groups.
 */
export async function rowGroupMap(
  conn: DuckDBConnection,
  tables: Table[],
  live: Map<string, number>,
  known?: RowGroupMap,
): Promise<RowGroupMap> {
  const map: RowGroupMap = new Map();
  const describe: Table[] = [];
  for (const t of tables) {
    const was = known?.get(qualified(t));
    const liveRows = live.get(qualified(t))!;
    const same = t.stamp && was?.stamp === t.stamp && was.liveRows === liveRows && was.storedRows === t.storedRows;
    if (same) map.set(qualified(t), was);
    else describe.push(t);
  }
  const described = await describeRowGroups(conn, describe);
  for (const t of describe)
    map.set(qualified(t), {
      stamp: t.stamp,
      liveRows: live.get(qualified(t))!,
      storedRows: t.storedRows,
      groups: described.get(qualified(t))!,
    });
  return map;
}

/**
 * A few tables a statement: a national warehouse has a thousand (one per loaded file), and DuckDB
 * holds what it reads to describe a statement's tables until the statement ends.
 */
async function describeRowGroups(conn: DuckDBConnection, tables: Table[], perStatement = 16): Promise<Map<string, RowGroup[]>> {
  const map = new Map<string, RowGroup[]>(tables.map((t) => [qualified(t), []]));
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

// Opening the warehouse. DuckDB allows one read-write process and then no other process at all, so
// readers (loaders, renderer, server, `psm metrics`) open the published file READ_ONLY and only the
// ingest writer opens its private building copy read-write.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { existsSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { damagedError, isDamageError, missingMessage } from './damage.ts';
import { settings } from '../settings.ts';

export interface Db {
  conn: DuckDBConnection;
  /** Another connection to the same database, for work that runs alongside (closed with the Db). */
  connect(): Promise<DuckDBConnection>;
  close(): void;
}

/**
 * A missing, truncated or damaged file fails here (or at the first query that reads a damaged
 * block) with a plain message naming the file and what to do, instead of DuckDB's IO error.
 */
export async function openReadOnly(path: string): Promise<Db> {
  if (!existsSync(path)) throw new Error(missingMessage(path));
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  } catch (err) {
    throw isDamageError(err) ? damagedError(path, err) : err;
  }
  return wrap(instance, path);
}

/**
 * The ingest writer runs several statements at once (two files being read, marts, the commit), each
 * on the thread that called it, so DuckDB's own pool is kept to the cores left over: on two cores,
 * more threads than cores measured slower (they queue on the same locks). It also keeps a pool of
 * memory blocks (block_allocator_memory) instead of asking the system for fresh pages and handing
 * them back query after query: on virtual machines a page fault is dear, and an ingest touched
 * three times the pages of DuckDB loading the same files alone. A pool, not a reservation.
 */
export async function openWriter(path: string, opts: { memoryLimit?: string | null } = {}): Promise<Db> {
  const pool = Math.min(2 * 1024 ** 3, Math.floor(totalmem() / 8));
  const limit = memoryLimit(opts.memoryLimit === undefined ? settings().memoryLimit : opts.memoryLimit);
  return wrap(
    await DuckDBInstance.create(path, {
      threads: String(Math.max(1, availableParallelism() - 2)),
      block_allocator_memory: `${Math.floor(pool / 1024 ** 2)}MB`,
      ...(limit ? { memory_limit: limit } : {}),
    }),
  );
}

/**
 * PSM_MEMORY_LIMIT caps the ingest on a shared server (DuckDB's default is 80% of RAM); past the cap
 * DuckDB spills to <warehouse>.tmp. README, Performance: twenty forces run in 5 GB but not in 3.
 */
function memoryLimit(limit: string | null): string | undefined {
  if (!limit) return undefined;
  if (!/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(limit)) {
    throw new Error(`PSM_MEMORY_LIMIT=${limit} is not an amount of memory: write it like 4GB or 500MB`);
  }
  return limit;
}

/** In memory; a warehouse ATTACHed to it (psm check) that is damaged fails with the plain message too. */
export async function openMemory(): Promise<Db> {
  return wrap(await DuckDBInstance.create(':memory:'), null);
}

/** `readFrom`: the file a reader opened; null: whichever file an error names; absent: the writer (not guarded). */
async function wrap(instance: DuckDBInstance, readFrom?: string | null): Promise<Db> {
  const guard = (c: DuckDBConnection) => (readFrom !== undefined ? guarded(c, readFrom) : c);
  const conn = guard(await instance.connect());
  const others: DuckDBConnection[] = [];
  let closed = false;
  return {
    conn,
    async connect() {
      const c = guard(await instance.connect());
      others.push(c);
      return c;
    },
    close() {
      // Idempotent: a publish closes the writer before its last steps, and a failure after that
      // is followed by abandon(), whose second close must not hide the failure's own message.
      if (closed) return;
      closed = true;
      for (const c of others) c.closeSync();
      conn.closeSync();
      instance.closeSync();
    },
  };
}

/**
 * DuckDB reads a block (and checks its checksum) only when a query needs it, so a damaged block in
 * the middle of a file that opened fine surfaces in whichever query touches it, anywhere in the
 * code. A reader's connection is wrapped once here so that every such failure carries the plain
 * message; the loaders, metrics and packs need no handling of their own.
 */
function guarded(conn: DuckDBConnection, file: string | null): DuckDBConnection {
  // An ATTACHed file is named in DuckDB's message when it will not open; a checksum error names none.
  const named = (err: unknown) => file ?? /file "([^"]+)"/.exec(String((err as Error).message))?.[1] ?? 'an attached warehouse file';
  return new Proxy(conn, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const plain = (err: unknown) => (isDamageError(err) ? damagedError(named(err), err) : err);
        try {
          const out: unknown = value.apply(target, args);
          return out instanceof Promise
            ? out.catch((err: unknown) => {
                throw plain(err);
              })
            : out;
        } catch (err) {
          throw plain(err);
        }
      };
    },
  });
}

/** Rows as plain objects. Cast BIGINT/HUGEINT in SQL: they arrive as strings otherwise. */
export async function queryRows<T = Record<string, unknown>>(conn: DuckDBConnection, sql: string): Promise<T[]> {
  const reader = await conn.runAndReadAll(sql);
  return reader.getRowObjectsJson() as T[];
}

export const sqlString = (s: string): string => `'${s.replaceAll("'", "''")}'`;
export const ident = (s: string): string => `"${s.replaceAll('"', '""')}"`;

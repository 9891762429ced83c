// Opening the warehouse. DuckDB allows one read-write process and then no other process at all, so
// readers (loaders, renderer, server, `psm metrics`) open the published file READ_ONLY and only the
// ingest writer opens its private building copy read-write.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, hostname, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
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
  const spill = spillFolder(dirname(path));
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY', ...bounded(spill) });
  } catch (err) {
    rmSync(spill, { recursive: true, force: true });
    throw isDamageError(err) ? damagedError(path, err) : err;
  }
  return wrap(instance, path, spill);
}

/**
 * Every reader of the warehouse is capped (PSM_MEMORY_LIMIT, else defaultMemoryLimit) and
 * spills past the cap into a folder of its own: DuckDB's default spill folder is named after the
 * database file, and the loaders of one build open the same pinned file at once.
 */
function bounded(spill: string): Record<string, string> {
  return { memory_limit: memoryLimit(settings().memoryLimit), temp_directory: spill };
}

/**
 * A private spill folder's name beside the warehouse (not the system temp, which may be memory
 * itself). DuckDB makes it only if it spills; close() removes it; one a killed process of this host
 * left is removed by the next process that opens a warehouse there. The host is in the name: a
 * warehouse folder on a share is opened from several machines, and another's pid means nothing here.
 */
function spillFolder(near: string): string {
  sweepSpills(near);
  return join(near, `.spill-${encodeURIComponent(hostname())}-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** Best effort: a folder that cannot be listed or removed (another user's) is left, never an error. */
function sweepSpills(near: string): void {
  const mine = `.spill-${encodeURIComponent(hostname())}-`;
  let names: string[] = [];
  try {
    names = readdirSync(near);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(mine)) continue;
    const pid = Number(/^(\d+)-/.exec(name.slice(mine.length))?.[1]);
    if (!pid || pid === process.pid || running(pid)) continue;
    try {
      rmSync(join(near, name), { recursive: true, force: true });
    } catch {
      // another user's, or removed by another process meanwhile
    }
  }
}

const running = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
};

/**
 * The cap when none is set, for the ingest and every reader: a quarter of the machine, at most 4 GB.
 * DuckDB's own default is 80% of RAM per process, and a site build runs ten loaders at once beside
 * the nightly ingest. README, Scale: every metric of the demo needs about 120 MB.
 */
export function defaultMemoryLimit(total = totalmem()): string {
  return `${Math.max(256, Math.min(4000, Math.floor(total / 4 / 1e6)))}MB`;
}

/**
 * The ingest writer runs several statements at once (two files being read, marts, the commit), each
 * on the thread that called it, so DuckDB's own pool is kept to the cores left over: on two cores,
 * more threads than cores measured slower (they queue on the same locks). It also keeps a pool of
 * memory blocks (block_allocator_memory) instead of asking the system for fresh pages and handing
 * them back query after query: on virtual machines a page fault is dear, and an ingest touched
 * three times the pages of DuckDB loading the same files alone. A pool, not a reservation.
 */
export async function openWriter(path: string, opts: { memoryLimit?: string } = {}): Promise<Db> {
  // Capped like the readers (PSM_MEMORY_LIMIT, else a quarter of the machine up to 4 GB): the marts
  // that group or join most build in parts under the cap (models/refresh.ts).
  const limit = memoryLimit(opts.memoryLimit ?? settings().memoryLimit);
  // The pool stays within half the cap: blocks it holds count against the cap like any other.
  const pool = Math.min(2 * 1024 ** 3, Math.floor(totalmem() / 8), Math.floor(bytesOf(limit) / 2));
  return wrap(
    await DuckDBInstance.create(path, {
      threads: String(Math.max(1, availableParallelism() - 2)),
      block_allocator_memory: `${Math.floor(pool / 1024 ** 2)}MB`,
      memory_limit: limit,
    }),
  );
}

/**
 * PSM_MEMORY_LIMIT caps every process that opens the warehouse (DuckDB's default is 80% of RAM);
 * unset, each takes defaultMemoryLimit. Past the cap DuckDB spills to disk (the writer to
 * <building copy>.tmp, readers to a .spill- folder of their own).
 */
function memoryLimit(limit: string | null): string {
  if (!limit) return defaultMemoryLimit();
  if (!/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(limit)) {
    throw new Error(`PSM_MEMORY_LIMIT=${limit} is not an amount of memory: write it like 4GB or 500MB`);
  }
  return limit;
}

const units: Record<string, number> = { kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4 };
export const bytesOf = (limit: string): number => {
  const [, n, unit] = /^(\d+(?:\.\d+)?)\s*(\w+)$/.exec(limit)!;
  return Number(n) * units[unit!.toLowerCase()]!;
};

/** In memory; a warehouse ATTACHed to it (psm check) that is damaged fails with the plain message too. */
export async function openMemory(): Promise<Db> {
  const spill = spillFolder(tmpdir());
  return wrap(await DuckDBInstance.create(':memory:', bounded(spill)), null, spill);
}

/** `readFrom`: the file a reader opened; null: whichever file an error names; absent: the writer (not guarded). */
async function wrap(instance: DuckDBInstance, readFrom?: string | null, spill?: string): Promise<Db> {
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
      try {
        for (const c of others) c.closeSync();
        conn.closeSync();
        instance.closeSync();
      } finally {
        if (spill) rmSync(spill, { recursive: true, force: true });
      }
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

// What a person is told when a warehouse file cannot be read. DuckDB's own words ("IO Error: Corrupt
// database file: computed checksum … in block at location …") say what broke but not which of the
// workspace's files that is or what to do, and every command used to stop on them. Here they are
// recognised and turned into one plain message naming the file and the next step (psm recover).
// No DuckDB imports: duckdb.ts, publish.ts and the readers all use this.
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** DuckDB's words for a file that is not (or no longer) a whole, sound database. */
const DAMAGE =
  /Corrupt database file|not a valid DuckDB database file|Could not read enough bytes|checksum .* does not match|database file is truncated/i;

export function isDamageError(err: unknown): boolean {
  return err instanceof WarehouseDamagedError || (err instanceof Error && DAMAGE.test(err.message));
}

export class WarehouseDamagedError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly detail: string,
  ) {
    super(message);
    this.name = 'WarehouseDamagedError';
  }
}

/** DuckDB's message, first line, without its error-class prefix: the detail beside ours. */
export const duckdbDetail = (err: unknown): string =>
  (err instanceof Error ? err.message : String(err))
    .split('\n')[0]!
    .replace(/^IO Error: /, '')
    .replace(/ from file "[^"]*"/, ''); // the file is named in our message, by its workspace name (not a reader's pin)

/** Which of the warehouse folder's files `file` is: a reader's pin is the published file under another name. */
function roleOf(file: string): { role: 'published' | 'previous' | 'building' | 'other'; published: string } {
  const dir = dirname(file);
  const name = basename(file);
  const published = join(dir, 'psm.duckdb');
  // The names first: a warehouse folder may itself be called "readers" (PSM_WAREHOUSE_LOCATION).
  if (name === 'psm.duckdb') return { role: 'published', published };
  if (name === 'psm.previous.duckdb') return { role: 'previous', published };
  if (name === 'psm.building.duckdb') return { role: 'building', published };
  if (basename(dir) === 'readers') return { role: 'published', published: join(dirname(dir), 'psm.duckdb') };
  return { role: 'other', published: file };
}

const when = (file: string): string => statSync(file).mtime.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';

/** What to do when the published warehouse cannot be used: restore the previous one if there is one. */
export function recoveryAdvice(published: string): string {
  const previous = join(dirname(published), 'psm.previous.duckdb');
  if (existsSync(previous)) {
    return `Run \`psm recover\` to check and restore the previous warehouse (${previous}, published ${when(previous)}), then \`psm ingest\` to load again what came after it.`;
  }
  return (
    `There is no previous warehouse to restore: move ${published} aside and ingest the extracts again ` +
    '(archive/ keeps every accepted file byte for byte).'
  );
}

/** The plain message for a damaged file, by which of the warehouse files it is. */
export function damageMessage(file: string, detail: string): string {
  const { role, published } = roleOf(file);
  const what = `(${detail})`;
  switch (role) {
    case 'published':
      return `The published warehouse ${published} is damaged ${what}. ${recoveryAdvice(published)}`;
    case 'previous':
      return `The previous warehouse ${file} is damaged ${what}: it cannot be restored.`;
    case 'building':
      return `The new warehouse ${file} failed its check ${what}: it was not published, and ${published} is unchanged.`;
    default:
      return `The warehouse ${file} is damaged ${what}.`;
  }
}

export const damagedError = (file: string, err: unknown): WarehouseDamagedError => {
  if (err instanceof WarehouseDamagedError) return err;
  const detail = duckdbDetail(err);
  return new WarehouseDamagedError(damageMessage(file, detail), file, detail);
};

/** The plain message for a warehouse file that is not there at all. */
export function missingMessage(file: string): string {
  const { role, published } = roleOf(file);
  if (role === 'published' && existsSync(join(dirname(published), 'psm.previous.duckdb'))) {
    return `No published warehouse at ${published}, but the previous one is there. ${recoveryAdvice(published)}`;
  }
  return `No published warehouse at ${file}: run \`psm ingest\` (or \`psm demo-data\` then \`psm ingest\`) first`;
}

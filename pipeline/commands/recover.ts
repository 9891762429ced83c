// psm recover — puts the previous warehouse back when the published one is missing or damaged
// (or, with --force, when it is sound but should be rolled back). The previous one is checked block
// by block first: restoring a damaged file would only move the problem. Runs under the workspace
// lock, so no ingest is publishing meanwhile; readers see the old file or the restored one (a
// hard link renamed into place), never neither. A damaged warehouse is kept aside, not deleted.
import { copyFileSync, existsSync, linkSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkspacePaths } from '../config.ts';
import { sha256File } from '../ingest/decode.ts';
import { withLock } from '../schedule/lock.ts';
import { openReadOnly, queryRows } from '../warehouse/duckdb.ts';
import { checkWarehouse, type FileCheck } from '../warehouse/integrity.ts';
import { emit, log, parse } from './args.ts';

const usage = `Usage: psm recover [--force] [--workspace DIR] [--json]

Restores warehouse/psm.previous.duckdb as the published warehouse when psm.duckdb is missing or
damaged, after checking every block of it. A damaged psm.duckdb is kept as psm.damaged-<time>.duckdb.
--force rolls back a sound warehouse too (the two are swapped, so a second --force undoes it).
Exit status: 0 restored or nothing to do; 1 nothing sound to restore; 3 another run holds the lock.`;

interface Recovery {
  recovered: boolean;
  published: FileCheck;
  previous: FileCheck;
  /** Where the replaced warehouse was kept (damaged: psm.damaged-…; --force: it became the previous). */
  kept_as: string | null;
  /** Inbox files the restored warehouse does not hold: the next `psm ingest` loads them again. */
  inbox_to_reload: string[];
  /** Accepted files (archive/) the restored warehouse does not hold and the inbox no longer has. */
  archive_only: string[];
  message: string;
}

/** Puts `from` at `to` in one rename, keeping `from` where it is (a hard link; a copy where links are not allowed). */
function placeAt(from: string, to: string): void {
  const tmp = `${to}.recover.tmp`;
  rmSync(tmp, { force: true });
  try {
    linkSync(from, tmp);
  } catch {
    copyFileSync(from, tmp);
  }
  renameSync(tmp, to);
}

function restore(paths: WorkspacePaths, published: FileCheck): string | null {
  if (published.state === 'ok') {
    // --force: swap, so that what is rolled back stays available as the previous warehouse.
    const aside = `${paths.warehouse}.rollback.tmp`;
    placeAt(paths.warehouse, aside);
    placeAt(paths.previousWarehouse, paths.warehouse);
    renameSync(aside, paths.previousWarehouse);
    return paths.previousWarehouse;
  }
  let kept: string | null = null;
  if (published.state === 'damaged') {
    kept = join(paths.warehouseDir, `psm.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}.duckdb`);
    placeAt(paths.warehouse, kept);
  }
  placeAt(paths.previousWarehouse, paths.warehouse);
  // A building copy can only have come from the damaged file: the next ingest starts from the restored one.
  for (const p of [paths.buildingWarehouse, `${paths.buildingWarehouse}.wal`]) rmSync(p, { force: true });
  return kept;
}

/** What the restored warehouse lacks that the workspace still has, so the user knows what to load again. */
async function missingFiles(paths: WorkspacePaths): Promise<{ inbox: string[]; archive: string[] }> {
  const db = await openReadOnly(paths.warehouse);
  let held: Set<string>;
  try {
    held = new Set((await queryRows<{ sha256: string }>(db.conn, 'SELECT sha256 FROM ledger')).map((r) => r.sha256));
  } finally {
    db.close();
  }
  const list = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => /\.csv(\.gz)?$/i.test(f)) : []);
  const inboxShas = new Map(list(paths.inbox).map((f) => [f, sha256File(join(paths.inbox, f))]));
  const inbox = [...inboxShas].filter(([, sha]) => !held.has(sha)).map(([f]) => f);
  const inInbox = new Set(inboxShas.values());
  const archive = list(paths.archive)
    .filter((f) => {
      const sha = f.replace(/\.csv(\.gz)?$/i, '');
      return !held.has(sha) && !inInbox.has(sha);
    })
    .map((f) => join(paths.archive, f));
  return { inbox, archive };
}

async function recover(paths: WorkspacePaths, force: boolean): Promise<Recovery> {
  const published = await checkWarehouse(paths.warehouse);
  const previous = await checkWarehouse(paths.previousWarehouse);
  const none = { recovered: false, published, previous, kept_as: null, inbox_to_reload: [], archive_only: [] };
  if (published.state === 'ok' && !force) {
    return {
      ...none,
      message:
        `Nothing to recover: ${paths.warehouse} is sound (every block checked in ${published.ms} ms). ` +
        `To go back to the previous warehouse anyway, run \`psm recover --force\`.`,
    };
  }
  if (previous.state !== 'ok') {
    const why =
      previous.state === 'missing' ? 'there is no previous warehouse' : `the previous warehouse is damaged too (${previous.detail})`;
    return {
      ...none,
      message:
        `Cannot recover: ${why}. Move ${paths.warehouseDir} aside and ingest the extracts again ` +
        '(archive/ keeps every accepted file byte for byte).',
    };
  }
  const kept = restore(paths, published);
  const { inbox, archive } = await missingFiles(paths);
  const lines = [
    `Restored ${paths.warehouse} from the previous warehouse (published ${previous.modifiedAt?.slice(0, 16).replace('T', ' ')} UTC; every block checked).`,
  ];
  if (kept)
    lines.push(
      published.state === 'ok'
        ? `The warehouse it replaced is now ${kept}.`
        : `The damaged warehouse is kept as ${kept}: delete it when you no longer need it.`,
    );
  if (inbox.length) lines.push(`${inbox.length} inbox file(s) are not in the restored warehouse: \`psm ingest\` loads them again.`);
  if (archive.length)
    lines.push(
      `${archive.length} accepted file(s) are now only in ${paths.archive} (not in the inbox): copy them into the inbox under their extract names to load them again.`,
    );
  return { recovered: true, published, previous, kept_as: kept, inbox_to_reload: inbox, archive_only: archive, message: lines.join('\n') };
}

export async function run(argv: string[]): Promise<number> {
  const { values, paths } = parse(argv, { force: { type: 'boolean', default: false } }, usage);
  const result = await withLock(paths.lock, () => recover(paths, values.force), {
    onBusy: (holder) =>
      log(
        `psm recover: another run holds ${paths.lock}` +
          (holder ? ` (pid ${holder.pid} on ${holder.hostname} since ${holder.startedAt})` : '') +
          '; try again when it ends',
      ),
  });
  if (result === 'busy') return 3;
  emit(values.json, result, () => result.message);
  return result.recovered || result.published.state === 'ok' ? 0 : 1;
}

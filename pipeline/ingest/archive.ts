// The archive: every accepted file, kept byte for byte under its SHA-256. Content addressing makes
// it immutable and idempotent — the same file always lands at the same path, once.
//
// A file is copied in before it is read: into the archive's private `.incoming/` folder, hashed as
// it is copied. DuckDB and the line scan read that copy and nothing else, and the archived file is
// that copy (a hard link), so the hash the ledger records is of exactly the bytes loaded and
// archived, whatever happens to the inbox file meanwhile. A copy whose hash or size differs from
// what the first look saw is of a file still being written, and is thrown away.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { change, lookOf, openFlags, type InboxFile } from './inbox.ts';

const incomingDir = (archiveDir: string) => join(archiveDir, '.incoming');

/** A file's private copy, named as the file is (its name is the file's name in the warehouse). */
export interface Staged {
  path: string;
  remove: () => void;
}

let staged = 0;

/**
 * Copies `file` into the archive's incoming folder, hashing the bytes as they are written, and
 * looks at the source again before and after: any difference from the first look, or a hash other
 * than the one that recognised it, and the copy is dropped (`changed` says why). A file read from
 * the archive itself (a re-check) is linked, not copied: the archive never changes.
 */
export async function stageFile(file: InboxFile, archiveDir: string): Promise<Staged | { changed: string }> {
  const folder = join(incomingDir(archiveDir), `${process.pid}-${++staged}`);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const path = join(folder, file.name);
  const remove = () => rmSync(folder, { recursive: true, force: true });
  try {
    if (!relative(archiveDir, file.source).startsWith('..') && linked(file.source, path)) return { path, remove };
    const changed = await copyHashed(file, path);
    if (changed) remove();
    return changed ? { changed } : { path, remove };
  } catch (err) {
    remove();
    throw err;
  }
}

function linked(from: string, to: string): boolean {
  try {
    linkSync(from, to);
    return true;
  } catch {
    return false; // a file system without hard links: copied instead
  }
}

async function copyHashed(file: InboxFile, path: string): Promise<string> {
  let src: FileHandle | undefined;
  let out: FileHandle | undefined;
  try {
    src = await open(file.source, openFlags);
    const before = change(file.look, lookOf(await src.stat({ bigint: true })));
    if (before) return before;
    out = await open(path, 'wx', 0o600);
    const hash = createHash('sha256');
    const buf = Buffer.allocUnsafe(1 << 20);
    let bytes = 0n;
    for (;;) {
      const { bytesRead } = await src.read(buf, 0, buf.length, null);
      if (!bytesRead) break;
      hash.update(buf.subarray(0, bytesRead));
      await out.write(buf, 0, bytesRead);
      bytes += BigInt(bytesRead);
    }
    const after = change(file.look, lookOf(await src.stat({ bigint: true })));
    if (after) return after;
    if (bytes !== file.look.size)
      return `it is still being written: ${bytes.toLocaleString('en-GB')} bytes were read of the ${file.look.size.toLocaleString('en-GB')} it had`;
    if (hash.digest('hex') !== file.sha256) return 'its bytes changed between two readings (the hash differs): it is still being written';
    return '';
  } finally {
    await src?.close();
    await out?.close();
  }
}

/**
 * Puts a staged copy in the archive under its hash, as a hard link (no second copy). `created` is
 * false when the archive held these bytes already; the caller removes a new entry if the file
 * then fails to load, so the archive holds accepted files only.
 */
export function archiveFile(archiveDir: string, stagedPath: string, sha256: string, isGzip: boolean): { path: string; created: boolean } {
  mkdirSync(archiveDir, { recursive: true });
  const target = join(archiveDir, `${sha256}${isGzip ? '.csv.gz' : '.csv'}`);
  if (existsSync(target)) return { path: target, created: false };
  if (!linked(stagedPath, target)) {
    const tmp = `${target}.${process.pid}.tmp`;
    copyFileSync(stagedPath, tmp);
    renameSync(tmp, target); // a crash never leaves a half-written archive entry under the real name
  }
  return { path: target, created: true };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // someone else's process: alive
  }
};

/**
 * Plaintext copies of extracts a killed run left behind: its incoming copies, and the UTF-8 copies
 * decode.ts writes for a Windows-1252 file to the system temp folder (`psm-<sha256>-<pid>.csv`,
 * pid the run's). Only those of processes no longer running are removed.
 */
export function sweepLeftovers(archiveDir: string): void {
  const incoming = incomingDir(archiveDir);
  if (existsSync(incoming)) {
    for (const entry of readdirSync(incoming)) {
      const pid = Number(entry.split('-')[0]);
      if (!Number.isInteger(pid) || !alive(pid)) rmSync(join(incoming, entry), { recursive: true, force: true });
    }
  }
  for (const entry of safeList(archiveDir)) {
    const m = /^[0-9a-f]{64}\.csv(?:\.gz)?\.(\d+)\.tmp$/.exec(entry);
    if (m && !alive(Number(m[1]))) rmSync(join(archiveDir, entry), { force: true });
  }
  for (const entry of safeList(tmpdir())) {
    const m = /^psm-[0-9a-f]{64}-(\d+)\.csv$/.exec(entry);
    if (m && !alive(Number(m[1]))) rmSync(join(tmpdir(), entry), { force: true });
  }
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

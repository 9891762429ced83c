// The workspace's share key: 32 random bytes in a file only its owner can read. It signs every
// panel link (token.ts); replacing or deleting the file revokes them all.
import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function readShareKey(path: string): Buffer | undefined {
  if (!existsSync(path)) return undefined;
  const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'hex');
  if (key.length < 32) throw new Error(`${path}: the share key must be 64 hex characters (delete the file and a new one is made)`);
  return key;
}

export function readOrCreateShareKey(path: string): Buffer {
  const existing = readShareKey(path);
  if (existing) return existing;
  mkdirSync(dirname(path), { recursive: true });
  const key = randomBytes(32);
  // Written whole under another name, then linked into place: a reader never sees half a key, and
  // of two processes making one at once, the first link wins and the other reads it.
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, key.toString('hex') + '\n', { mode: 0o600 });
  try {
    linkSync(tmp, path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return readShareKey(path)!;
  } finally {
    rmSync(tmp, { force: true });
  }
  return key;
}

/** The key for checking links, or undefined (no link opens anything) if it is missing or unreadable. */
export function shareKeyOrNone(path: string, warn: (msg: string) => void = (m) => process.stderr.write(m + '\n')): Buffer | undefined {
  try {
    return readShareKey(path);
  } catch (err) {
    warn(`warning: ${(err as Error).message}; embargoed packs stay closed to every link until it is fixed`);
    return undefined;
  }
}

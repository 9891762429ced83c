// The workspace's share key: 32 random bytes in a file only its owner can read. It signs every
// panel link (token.ts); replacing or deleting the file revokes them all.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
  try {
    writeFileSync(path, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readShareKey(path)!; // another process made it first
    throw err;
  }
  chmodSync(path, 0o600);
  return key;
}

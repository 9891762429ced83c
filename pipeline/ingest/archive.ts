// The archive: every accepted file, kept byte for byte under its SHA-256. Content addressing makes
// it immutable and idempotent — the same file always lands at the same path, once.
import { copyFileSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';

export function archiveFile(archiveDir: string, source: string, sha256: string, isGzip: boolean): string {
  mkdirSync(archiveDir, { recursive: true });
  const target = join(archiveDir, `${sha256}${isGzip ? '.csv.gz' : '.csv'}`);
  if (!existsSync(target)) {
    const tmp = `${target}.${process.pid}.tmp`;
    copyFileSync(source, tmp);
    renameSync(tmp, target); // a crash never leaves a half-written archive entry under the real name
  }
  return target;
}

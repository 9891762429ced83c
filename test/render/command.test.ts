// `psm pack` as the analyst meets it: without an id it lists the meetings it knows; an unknown or
// invalid meeting is a usage error naming the file, not a stack trace.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../pipeline/config.ts';

const psm = (args: string[]) => spawnSync(process.execPath, [join(repoRoot, 'bin', 'psm.js'), 'pack', ...args], { encoding: 'utf8' });

describe('psm pack', () => {
  const root = mkdtempSync(join(tmpdir(), 'psm-pack-cli-'));
  cpSync(join(repoRoot, 'reports'), join(root, 'reports'), { recursive: true, filter: (s) => !s.includes('/out') });

  it('lists the meetings when no id is given', () => {
    const r = psm(['--workspace', root]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('2023-09-28-victims  2023-09-28 13:30');
    expect(r.stderr).toContain('2023-11-08-vawg  2023-11-08 10:30');
  });

  it('names the missing meeting', () => {
    const r = psm(['2023-12-01-nothing', '--workspace', root]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`psm pack: ${join(root, 'reports', '2023-12-01-nothing', 'meeting.json')} not found`);
  });

  it('rejects a time it cannot read', () => {
    const r = psm(['2023-11-08-vawg', '--at', 'next tuesday', '--workspace', root]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--at next tuesday is not a date and time');
  });
});

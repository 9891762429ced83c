// After a kill -9, no plaintext copy of an extract may be left where it was written: the UTF-8 copy
// of a Windows-1252 file is written beside the run's staged copy in the archive's private incoming
// folder (never the shared temp folder), and the next run removes what a dead run left there. Real
// CLI, real SIGKILL.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../pipeline/config.ts';
import { tempWorkspace } from '../helpers.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A crimes extract as Excel writes it (Windows-1252: é is the byte 0xE9), big enough to take a while. */
function writeWindows1252Crimes(path: string, rows: number): void {
  const lines = [
    'crime_ref,recorded_date,offence_date,ho_offence_code,offence_description,area,domestic_abuse_flag,victim_sex,victim_age_band',
  ];
  for (let i = 0; i < rows; i++) lines.push(`CR-L${i},0${1 + (i % 9)}/04/2023,,8N,Caf\u00e9 assault number ${i},DC,N,F,25-34`);
  writeFileSync(path, Buffer.from(lines.join('\r\n') + '\r\n', 'latin1'));
}

describe('copies left by a killed run', () => {
  it('are removed by the next run', async () => {
    const paths = tempWorkspace();
    const tmp = mkdtempSync(join(tmpdir(), 'psm-tmpdir-')); // the child's own temp folder, so nothing else's is seen
    writeWindows1252Crimes(join(paths.inbox, 'crimes_cafe.csv'), 300_000);
    const env = { ...process.env, TMPDIR: tmp };
    const plaintext = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => /^psm-[0-9a-f]{64}-\d+\.csv$/.test(f)) : []);
    const incoming = () => (existsSync(join(paths.archive, '.incoming')) ? readdirSync(join(paths.archive, '.incoming')) : []);
    const copies = () => incoming().flatMap((d) => plaintext(join(paths.archive, '.incoming', d)));

    const child = spawn(process.execPath, [join(repoRoot, 'bin/psm.js'), 'ingest', '--workspace', paths.root], { stdio: 'ignore', env });
    const started = Date.now();
    while (!copies().length && Date.now() - started < 60_000) await sleep(5);
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(copies()).toHaveLength(1); // what the kill left: the plaintext UTF-8 copy, in the run's incoming folder
    expect(incoming()).toHaveLength(1); // beside the run's copy of the file
    expect(plaintext(tmp)).toEqual([]); // and nothing in the shared temp folder

    const next = spawnSync(process.execPath, [join(repoRoot, 'bin/psm.js'), 'ingest', '--workspace', paths.root, '--json'], {
      encoding: 'utf8',
      env,
    });
    expect(next.status, next.stderr).toBe(0);
    expect(JSON.parse(next.stdout).files).toMatchObject([
      { file: 'crimes_cafe.csv', status: 'loaded', encoding: 'windows-1252', rows: 300_000 },
    ]);
    expect(copies()).toEqual([]);
    expect(incoming()).toEqual([]);
  });
});

// Values from files printed on a terminal: ESC/OSC sequences, other control characters and bidi
// overrides show as escapes in psm quarantine, the ingest report and psm check, never raw.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../pipeline/config.ts';
import { forTerminal, shellWord } from '../../pipeline/terminal.ts';
import { tempWorkspace } from '../helpers.ts';

const psm = (...args: string[]) => spawnSync(process.execPath, [join(repoRoot, 'bin/psm.js'), ...args], { encoding: 'utf8' });
/** Any byte a terminal would act on: C0 controls but the line break, DEL, C1 controls and bidi overrides. */
const raw = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('forTerminal', () => {
  it('writes every control character as an escape and leaves other text alone', () => {
    expect(forTerminal('\u001b]0;owned\u0007Z')).toBe('\\x1b]0;owned\\x07Z');
    expect(forTerminal('\u001b[2J\u001b[1;1H')).toBe('\\x1b[2J\\x1b[1;1H');
    expect(forTerminal('a\r\nb\tc\u0000')).toBe('a\\r\\nb\\tc\\x00');
    expect(forTerminal('\u009b31m \u007f')).toBe('\\x9b31m \\x7f'); // C1 CSI and DEL
    expect(forTerminal('abc\u202edef\u2066')).toBe('abc\\u202edef\\u2066'); // bidi overrides
    expect(forTerminal('C:\\temp')).toBe('C:\\\\temp'); // so an escape always means a control character
    expect(forTerminal('Café – “wallet” £200, 8N')).toBe('Café – “wallet” £200, 8N');
  });

  it('quotes a name for the shell so that pasting it gives the name back', () => {
    expect(shellWord('crimes_2023.csv')).toBe('crimes_2023.csv');
    expect(shellWord("it's here.csv")).toBe("'it'\\''s here.csv'");
    const name = 'crimes_\u001b[31mred.csv';
    expect(shellWord(name)).toBe("$'crimes_\\x1b[31mred.csv'");
    const back = spawnSync('bash', ['-c', `printf %s ${shellWord(name)}`], { encoding: 'utf8' });
    if (back.status === 0) expect(back.stdout).toBe(name);
  });
});

describe('values printed by psm', () => {
  it('never reach the terminal raw: quarantine listing, ingest report, check', () => {
    const paths = tempWorkspace();
    const header =
      'crime_ref,recorded_date,offence_date,ho_offence_code,offence_description,area,domestic_abuse_flag,victim_sex,victim_age_band';
    const osc = '\u001b]0;owned\u0007'; // would retitle the terminal
    const clear = '\u001b[2J\u001b[H'; // would clear the screen, hiding the lines above
    const rows = [
      'CR-0901,01/04/2023,,8N,Assault,DC,N,F,25-34',
      `CR-0902,${clear}31/02/2023,,8N,Assault,DC,N,F,25-34`,
      `CR-0903,02/04/2023,,8N,Assault,DC,N,"${osc}Z",25-34`,
      `CR-0904,03/04/2023,,8N,Assault,DC,N,\u009b31mF\u202e,25-34`,
      'CR-0905,04/04/2023,,8N,Assault,DC,maybe,F,25-34', // a fourth problem: more than the report shows, so it hints
    ];
    const name = 'crimes_\u001b[31mred.csv';
    writeFileSync(join(paths.inbox, name), [header, ...rows, ''].join('\n'));

    const ingested = psm('ingest', '--workspace', paths.root);
    expect(ingested.status, ingested.stderr).toBe(0);
    const q = psm('quarantine', '--workspace', paths.root);
    const check = psm('check', join(paths.inbox, name), '--workspace', paths.root, '--again');
    for (const [what, out] of [
      ['ingest', ingested.stdout + ingested.stderr],
      ['quarantine', q.stdout],
      ['check', check.stdout],
    ] as const) {
      expect(out, what).not.toMatch(raw);
    }
    expect(q.status).toBe(0);
    expect(q.stdout).toContain('crimes_\\x1b[31mred.csv:3  recorded_date  recorded_date \\x1b[2J\\x1b[H31/02/2023 is not a date');
    expect(q.stdout).toContain('crimes_\\x1b[31mred.csv:4  victim_sex  victim_sex \\x1b]0;owned\\x07Z is not one of');
    expect(q.stdout).toContain('victim_sex \\x9b31mF\\u202e is not one of');
    expect(ingested.stderr).toContain('✓ crimes_\\x1b[31mred.csv [crimes, utf-8]: 5 rows = 1 loaded + 4 quarantined');
    expect(ingested.stderr).toContain("… every row: psm quarantine $'crimes_\\x1b[31mred.csv'");
    expect(check.stdout).toContain('crimes_\\x1b[31mred.csv:3  recorded_date  recorded_date \\x1b[2J\\x1b[H31/02/2023 is not a date');
    // --json keeps the values exactly (JSON escapes C0 controls itself).
    const json = JSON.parse(psm('quarantine', '--workspace', paths.root, '--json').stdout);
    expect(json.rows.map((r: { value: string }) => r.value)).toContain(`${osc}Z`);
  });
});

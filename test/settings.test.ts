// Settings are read in one place (pipeline/settings.ts), once, typed; library code takes what it
// needs as arguments. This holds the code to that: no other module reads a PSM_ variable.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../pipeline/config.ts';
import { readSettings } from '../pipeline/settings.ts';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) return [];
    return statSync(path).isDirectory() ? sources(path) : /\.(ts|js|md)$/.test(name) ? [path] : [];
  });
}

describe('settings', () => {
  it('are typed, with the defaults a shared server needs', () => {
    expect(readSettings({})).toEqual({
      workspace: undefined,
      fullCheckDays: 7,
      audience: 'panel',
      now: null,
      debug: false,
      memoryLimit: null,
      chrome: null,
      warehouseLocation: null,
      pinnedWarehouse: null,
      puppeteerCache: null,
    });
    const s = readSettings({
      PSM_AUDIENCE: 'analyst',
      PSM_NOW: '2023-11-01T12:00:00Z',
      PSM_DEBUG: '1',
      PSM_MEMORY_LIMIT: ' 4GB ',
      PSM_WORKSPACE: '/w',
    });
    expect(s).toMatchObject({ audience: 'analyst', debug: true, memoryLimit: '4GB', workspace: '/w' });
    expect(s.now?.toISOString()).toBe('2023-11-01T12:00:00.000Z');
    expect(readSettings({ PSM_AUDIENCE: 'Analyst ' }).audience).toBe('panel'); // only the exact word unlocks small numbers
  });

  it('refuses a PSM_NOW that is not a time, naming it', () => {
    expect(() => readSettings({ PSM_NOW: 'yesterday' })).toThrow('PSM_NOW="yesterday" is not a date');
  });

  it('takes the days between full checks of the warehouse, 0 for every run', () => {
    expect(readSettings({ PSM_FULL_CHECK_DAYS: '0' }).fullCheckDays).toBe(0);
    expect(readSettings({ PSM_FULL_CHECK_DAYS: ' 1.5 ' }).fullCheckDays).toBe(1.5);
    expect(() => readSettings({ PSM_FULL_CHECK_DAYS: 'weekly' })).toThrow('PSM_FULL_CHECK_DAYS="weekly" is not a number of days');
  });

  it('are read by nothing but pipeline/settings.ts (a child process is handed its environment whole)', () => {
    const readers = [...sources(join(repoRoot, 'pipeline')), ...sources(join(repoRoot, 'dashboards'))]
      .filter((f) => !f.endsWith(join('pipeline', 'settings.ts')))
      .filter((f) => /process\.env(\.PSM_|\.PUPPETEER|\[)/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(repoRoot, f));
    expect(readers).toEqual([]);
  });
});

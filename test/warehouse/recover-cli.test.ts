// What a user sees when the published warehouse is cut short or damaged: the real CLI in child
// processes. Every command used to stop on a raw "IO Error: …" and nothing offered the previous
// warehouse; now they say which file and what to do, psm status reports it, psm recover restores
// the previous one after checking it, and the next ingest loads again what the restore lost.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, type WorkspacePaths } from '../../pipeline/config.ts';
import { sha256OfFile } from '../../pipeline/warehouse/pin.ts';
import { fixtures } from '../helpers.ts';
import { biggestTable, dataBlockOf, garbleBlock, publishedTwice, truncateTo } from './damage-helpers.ts';

const psm = (paths: WorkspacePaths, ...args: string[]) =>
  spawnSync(process.execPath, [join(repoRoot, 'bin/psm.js'), ...args, '--workspace', paths.root], { encoding: 'utf8', timeout: 60_000 });

const statusJson = (paths: WorkspacePaths) => {
  const r = psm(paths, 'status', '--json');
  return { code: r.status, warehouse: JSON.parse(r.stdout).warehouse };
};

describe('a damaged published warehouse, from the command line', () => {
  it('is named with what to do by every reader, reported by status, and restored by recover', async () => {
    const paths = await publishedTwice();
    const previous = await sha256OfFile(paths.previousWarehouse);
    truncateTo(paths.warehouse, 300_000);

    for (const args of [
      ['metrics', '--json'],
      ['quarantine'],
      ['figures'],
      ['check', join(fixtures, 'ingest/crimes_utf8_bom_crlf.csv')],
      ['build'],
    ]) {
      const r = psm(paths, ...args);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toMatch(/The published warehouse .*psm\.duckdb is damaged \(.*\)\. Run `psm recover`/);
      expect(r.stderr, args.join(' ')).not.toMatch(/IO Error|^\s+at /m);
    }
    const s = statusJson(paths);
    expect(s.code).toBe(1);
    expect(s.warehouse).toMatchObject({
      state: 'damaged',
      checked: 'scanned',
      previous: { state: 'ok', checked: 'scanned' },
      advice: expect.stringContaining('psm recover'),
    });
    // An ingest stops before copying anything.
    cpSync(join(fixtures, 'ingest/crimes_utf8_bom_crlf.csv'), join(paths.inbox, 'crimes_utf8_bom_crlf.csv'));
    const refused = psm(paths, 'ingest');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/damaged .*Run `psm recover`/);

    const rec = psm(paths, 'recover', '--json');
    expect(rec.status, rec.stderr).toBe(0);
    const report = JSON.parse(rec.stdout);
    expect(report).toMatchObject({ recovered: true, published: { state: 'damaged' }, previous: { state: 'ok' } });
    expect(report.kept_as).toMatch(/psm\.damaged-.*\.duckdb$/);
    expect(existsSync(report.kept_as)).toBe(true);
    // The previous warehouse lacked the second run's outcomes file: the next ingest loads it again.
    expect(report.inbox_to_reload.sort()).toEqual(['crimes_utf8_bom_crlf.csv', 'outcomes_some_unknown.csv']);
    expect(await sha256OfFile(paths.warehouse)).toBe(previous);
    expect(statusJson(paths)).toMatchObject({ code: 0, warehouse: { state: 'ok', previous: { state: 'ok', same_as_published: true } } });

    const again = psm(paths, 'ingest', '--json');
    expect(again.status, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).files.filter((f: { status: string }) => f.status === 'loaded')).toHaveLength(2);
    expect(psm(paths, 'metrics', '--json').status).toBe(0);
  }, 180_000);

  it('a damaged block that a query reads stops that command with the same plain message', async () => {
    const paths = await publishedTwice();
    garbleBlock(paths.warehouse, await dataBlockOf(paths.warehouse, 'report_areas')); // read by psm metrics and the pages
    for (const args of [['metrics', '--json'], ['build']]) {
      const r = psm(paths, ...args);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr.trim().split('\n').at(-1), args.join(' ')).toMatch(
        /^psm \w+: The published warehouse .*psm\.duckdb is damaged \(Corrupt database file: .*\)\. Run `psm recover`/,
      );
    }
    expect(existsSync(join(paths.site, 'index.html'))).toBe(false);
    expect(readdirSync(join(paths.warehouseDir, 'readers'))).toEqual([]);
  }, 180_000);

  it('recover leaves a sound warehouse alone unless forced, and a forced one swaps (so it can be undone)', async () => {
    const paths = await publishedTwice();
    const [pub, prev] = [await sha256OfFile(paths.warehouse), await sha256OfFile(paths.previousWarehouse)];
    const idle = psm(paths, 'recover');
    expect(idle.status).toBe(0);
    expect(idle.stdout).toContain('Nothing to recover');
    expect(await sha256OfFile(paths.warehouse)).toBe(pub);
    expect(psm(paths, 'recover', '--force').status).toBe(0);
    expect([await sha256OfFile(paths.warehouse), await sha256OfFile(paths.previousWarehouse)]).toEqual([prev, pub]);
    expect(readdirSync(paths.warehouseDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 180_000);

  it('recover refuses to restore a previous warehouse that is damaged too', async () => {
    const paths = await publishedTwice();
    garbleBlock(paths.previousWarehouse, await dataBlockOf(paths.previousWarehouse, await biggestTable(paths.previousWarehouse)));
    garbleBlock(paths.warehouse, await dataBlockOf(paths.warehouse, await biggestTable(paths.warehouse)));
    const before = await sha256OfFile(paths.warehouse);
    const r = psm(paths, 'recover');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^Cannot recover: the previous warehouse is damaged too \(Corrupt database file: .*\)\./);
    expect(await sha256OfFile(paths.warehouse)).toBe(before);
  }, 180_000);

  it('a missing published warehouse with a previous one: status says so, recover puts it back', async () => {
    const paths = await publishedTwice();
    rmSync(paths.warehouse);
    const s = statusJson(paths);
    expect(s).toMatchObject({
      code: 0,
      warehouse: { state: 'missing', previous: { state: 'ok' }, advice: expect.stringContaining('psm recover') },
    });
    const m = psm(paths, 'metrics');
    expect(m.status).toBe(1);
    expect(m.stderr).toContain('but the previous one is there. Run `psm recover`');
    expect(psm(paths, 'recover').status).toBe(0);
    expect(statusJson(paths).warehouse.state).toBe('ok');
  }, 180_000);
});

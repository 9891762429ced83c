// A night's files rebuild only the marts that read what they changed (models/fingerprint.ts): an
// amended crimes file leaves the 101 calls mart as it was published — the same rows, not rewritten.
// The marts that read crimes are incremental by crime_ref (models/refresh.ts): the amended crime's
// rows are recomputed and every other crime's rows, in other months, are left where they were —
// shown by a mark planted in another crime's rows, which a rebuild of the whole mart would erase.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest } from '../../pipeline/ingest/index.ts';
import { readMarts } from '../../pipeline/models/graph.ts';
import { parseFingerprint } from '../../pipeline/models/fingerprint.ts';
import { openWriter } from '../../pipeline/warehouse/duckdb.ts';
import { fixtures, query, tempWorkspace } from '../helpers.ts';

type Built = Record<string, string>;
/** Rows in which the stored mart and its SQL run afresh differ (both ways), but for the marked rows. */
const differences = async (warehouse: string, name: string, unmarked = `crime_ref <> 'R2'`): Promise<number> => {
  const sql = readMarts().find((m) => m.name === name)!.sql;
  const [{ n }] = await query<{ n: number }>(
    warehouse,
    `SELECT count(*)::INTEGER AS n FROM (
      (SELECT * FROM ${name} EXCEPT ALL SELECT * FROM (${sql})) UNION ALL (SELECT * FROM (${sql}) EXCEPT ALL SELECT * FROM ${name})
    ) WHERE ${unmarked}`,
  );
  return n!;
};
/** When each table mart was last built or updated, from the fingerprint in its comment. */
const builtAt = async (warehouse: string): Promise<Built> =>
  Object.fromEntries(
    (
      await query<{ mart: string; comment: string }>(
        warehouse,
        `SELECT table_name AS mart, comment FROM duckdb_tables() WHERE comment IS NOT NULL`,
      )
    )
      .map((r) => [r.mart, parseFingerprint(r.comment)] as const)
      .filter(([, fp]) => fp)
      .map(([mart, fp]) => [mart, (fp as unknown as { builtAt: string }).builtAt]),
  );
const calls101 = async (warehouse: string) =>
  (await query<{ h: string }>(warehouse, `SELECT md5(string_agg(c::VARCHAR, '|' ORDER BY call_id)) AS h FROM calls_101 c`))[0]!.h;

describe('a delta rebuilds only the marts whose inputs changed', () => {
  it('keeps the 101 calls mart through a crimes amendment, recomputes only the amended crime in the crimes marts, and rebuilds a mart built by other SQL', async () => {
    const paths = tempWorkspace();
    writeFileSync(join(paths.root, 'force-mapping.json'), JSON.stringify({ force: 'fixture', extracts: {} }));
    for (const f of ['rasso/crimes.csv', 'rasso/outcomes.csv', 'calls/calls.csv'])
      cpSync(join(fixtures, 'metrics', f), join(paths.inbox, f.split('/')[1]!));
    const night = new Date('2024-01-01T02:00:00Z');
    expect((await ingest(paths, [], { now: night })).files.every((f) => f.status === 'loaded')).toBe(true);
    const before = await builtAt(paths.warehouse);
    const callsBefore = await calls101(paths.warehouse);
    expect(Object.keys(before).sort()).toEqual(expect.arrayContaining(['calls_101', 'outcomes_enriched', 'crime_charges', 'periods']));

    // A mark no rebuild would make: R2's outcome rows (June and July 2022) numbered negative.
    const mark = await openWriter(paths.warehouse);
    await mark.conn.run(`UPDATE outcomes_enriched SET source_row = -source_row WHERE crime_ref = 'R2'`);
    // And the outcomes file's own row of the mart by file: no crimes amendment touches that file.
    await mark.conn.run(`UPDATE file_spans SET areas = ['MARK'] WHERE extract = 'outcomes'`);
    mark.close();

    // R1 re-sent in another area: an amendment of one crime (recorded January 2022).
    const amended = join(paths.root, 'delta');
    mkdirSync(amended);
    const [header, r1] = readFileSync(join(fixtures, 'metrics/rasso/crimes.csv'), 'utf8').split('\n');
    writeFileSync(join(amended, 'crimes_amended.csv'), `${header}\n${r1!.replace(',DC,', ',AV,')}\n`);
    const delta = await ingest(paths, [amended], { now: new Date('2024-01-02T02:00:00Z') });
    expect(delta.files.map((f) => f.status)).toEqual(['loaded']);
    const after = await builtAt(paths.warehouse);
    expect(after.calls_101).toBe(before.calls_101);
    expect(await calls101(paths.warehouse)).toBe(callsBefore);
    for (const mart of ['outcomes_enriched', 'crime_charges', 'periods']) expect(after[mart], mart).not.toBe(before[mart]);
    const rows = await query<{ crime_ref: string; area: string; marked: boolean }>(
      paths.warehouse,
      `SELECT crime_ref, area, bool_and(source_row < 0) AS marked FROM outcomes_enriched WHERE crime_ref IN ('R1', 'R2') GROUP BY ALL ORDER BY 1`,
    );
    expect(rows).toEqual([
      { crime_ref: 'R1', area: 'AV', marked: false }, // recomputed with the amendment
      { crime_ref: 'R2', area: 'DC', marked: true }, // untouched: not rewritten
    ]);
    const charged = await query<{ area: string }>(paths.warehouse, `SELECT area FROM crime_charges WHERE crime_ref = 'R1'`);
    expect(charged).toEqual([{ area: 'AV' }]);
    for (const mart of ['outcomes_enriched', 'crime_charges']) expect(await differences(paths.warehouse, mart), mart).toBe(0);
    // By file: the amended crimes file and the one it superseded a row of are recomputed, the
    // outcomes file is left as it was, and the span and areas summed from them are exact.
    const spans = await query<{ extract: string; live_rows: number; areas: string[] | null }>(
      paths.warehouse,
      `SELECT extract, live_rows::INTEGER AS live_rows, list_sort(areas) AS areas FROM file_spans ORDER BY extract, live_rows`,
    );
    expect(spans.filter((s) => s.extract !== 'calls')).toEqual([
      { extract: 'crimes', live_rows: 1, areas: ['AV'] },
      { extract: 'crimes', live_rows: expect.any(Number), areas: expect.not.arrayContaining(['MARK']) },
      { extract: 'outcomes', live_rows: expect.any(Number), areas: ['MARK'] },
    ]);
    expect(await differences(paths.warehouse, 'file_spans', `extract <> 'outcomes'`)).toBe(0);
    for (const mart of ['data_span', 'report_areas']) expect(await differences(paths.warehouse, mart, 'true'), mart).toBe(0);

    // An older release (or a hand repair) rebuilt calls_101 its own way — here, wrongly: empty. Its
    // fingerprint went with the old table, so the next run rebuilds it instead of keeping it.
    const w = await openWriter(paths.warehouse);
    await w.conn.run(`CREATE OR REPLACE TABLE calls_101 AS SELECT * FROM calls_101 WHERE false`);
    w.close();
    writeFileSync(join(amended, 'crimes_amended.csv'), `${header}\n${r1!.replace(',DC,', ',HP,')}\n`);
    await ingest(paths, [amended], { now: new Date('2024-01-03T02:00:00Z') });
    expect((await builtAt(paths.warehouse)).calls_101 ?? after.calls_101).not.toBe(after.calls_101);
    expect(await calls101(paths.warehouse)).toBe(callsBefore);
  }, 60_000);
});

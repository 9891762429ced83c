// The committed reference data (data/areas.json, data/ho-offence-groups.csv, data/force-mapping.json)
// says the same as the generator's own tables, in the shapes the warehouse and ingest read.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataDir } from '../../pipeline/config.ts';
import { groups } from '../../pipeline/demo/calendar-targets.ts';
import { CALLS_HEADER, LINE, QUEUE } from '../../pipeline/demo/calls-common.ts';
import { areas, offences } from '../../pipeline/demo/reference.ts';
import { forceMappingSchema, headerKey } from '../../pipeline/extracts/mapping.ts';
import { parseCsvLine } from '../../pipeline/ingest/decode.ts';

describe('demo reference data', () => {
  it('lists the eight areas', () => {
    const json = JSON.parse(readFileSync(join(dataDir, 'areas.json'), 'utf8'));
    expect(json).toEqual(areas.map(({ area, area_name }) => ({ area, area_name })));
    expect(json.map((a: { area: string }) => a.area)).toEqual(['DC', 'CH', 'AV', 'ER', 'HP', 'NE', 'DD', 'SD']);
  });

  it('groups every offence code the generator writes, 8Q as stalking', () => {
    const [head, ...rows] = readFileSync(join(dataDir, 'ho-offence-groups.csv'), 'utf8').trim().split('\n');
    expect(head).toBe('ho_offence_code,offence_group,offence_name');
    const parsed = rows.map(parseCsvLine);
    expect(parsed).toEqual(offences.map((o) => [o.code, groups[o.group], o.name]));
    for (const [, group] of parsed) expect(groups).toContain(group);
    expect(parsed.find(([code]) => code === '8Q')?.[1]).toBe('stalking_harassment');
    expect(new Set(parsed.map(([c]) => c)).size).toBe(parsed.length);
  });

  it("maps the demo force's calls headers and codes onto the canonical contract", () => {
    const mapping = forceMappingSchema.parse(JSON.parse(readFileSync(join(dataDir, 'force-mapping.json'), 'utf8')));
    const calls = mapping.extracts.calls!;
    const byKey = new Map(Object.entries(calls.columns).map(([k, v]) => [headerKey(k), v]));
    expect(CALLS_HEADER.split(',').map((h) => byKey.get(headerKey(h)))).toEqual([
      'call_id',
      'line',
      'queue',
      'offered_at',
      'answered_at',
      'abandoned_at',
    ]);
    expect([LINE['999'], LINE['101']].map((v) => calls.values.line[v])).toEqual(['999', '101']);
    expect([QUEUE['999'], QUEUE.triage, QUEUE.cw].map((v) => calls.values.queue[v])).toEqual(['999', '101-triage', '101-cw']);
  });
});

// End to end at full scale: the demo force generated, ingested into a real warehouse on disk, and
// every published figure a metric covers recomputed. This is the demo's whole promise, so it runs
// the real pipeline (about half a minute), not a model of it.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo, type DemoResult } from '../../pipeline/demo/index.ts';
import { ingest } from '../../pipeline/ingest/index.ts';
import type { RunReport } from '../../pipeline/ingest/report.ts';
import { checkFigures, type FigureReport } from '../../pipeline/metrics/figures.ts';
import { openReadOnly } from '../../pipeline/warehouse/duckdb.ts';
import { tempWorkspace } from '../helpers.ts';

/** Bad rows ingest loads with a warning (a reference to a record outside the extracts). */
const WARNED = new Set(['unknown_crime', 'unknown_order']);

describe('the demo force, ingested', () => {
  const paths = tempWorkspace();
  let demo: DemoResult;
  let report: RunReport;
  let figures: FigureReport;

  beforeAll(async () => {
    demo = await generateDemo(paths.inbox, { seed: 1 });
    report = await ingest(paths);
    const db = await openReadOnly(paths.warehouse);
    try {
      figures = await checkFigures(db.conn);
    } finally {
      db.close();
    }
  });

  afterAll(() => rmSync(paths.root, { recursive: true, force: true }));

  it("is generated whole: every file, over 3.5 million rows (how fast is npm run bench's question)", () => {
    expect(demo.files.length).toBe(24);
    expect(demo.files.reduce((s, f) => s + f.rows, 0)).toBeGreaterThan(3_500_000);
  });

  it('loses exactly the deliberately bad rows: each is quarantined or, for an unknown reference, warned', () => {
    let bad = 0;
    let warned = 0;
    for (const kinds of Object.values(demo.mess)) {
      for (const [kind, n] of Object.entries(kinds)) WARNED.has(kind) ? (warned += n) : (bad += n);
    }
    expect(report.totals.refused).toBe(0);
    expect(report.totals.quarantined).toBe(bad);
    expect(report.files.reduce((s, f) => s + f.warnings, 0)).toBe(warned);
    expect(report.files.find((f) => f.file === 'crimes_2022-23_amended.csv')?.supersedes).toBe(demo.amended);
  });

  it('reproduces every published figure a metric covers, at the precision printed', () => {
    const wrong = figures.checks.filter((c) => !c.match).map((c) => `${c.id}: published ${c.published}, computed ${c.computed_exact}`);
    expect(wrong).toEqual([]);
    expect(figures.checks.length).toBeGreaterThanOrEqual(130);
  });
});

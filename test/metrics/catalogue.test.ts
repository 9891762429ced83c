// The catalogue is the single source of metric ids: every entry has its SQL file, every SQL file an
// entry, every SQL file states its grain, and every metric has a hand-worked test in this folder.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../pipeline/config.ts';
import { catalogue, getMetric, metricsDir } from '../../pipeline/metrics/catalogue.ts';
import { stagingModels } from '../../pipeline/models/build.ts';
import { readMarts } from '../../pipeline/models/graph.ts';

const issueIds = [
  'rasso_recorded',
  'rasso_positive_outcome_rate_pct',
  'rasso_median_days_to_charge',
  'vawg_violence_with_injury',
  'vawg_violence_without_injury',
  'vawg_stalking_harassment',
  'vawg_rape',
  'vawg_other_sexual_offences',
  'vawg_domestic_abuse',
  'dvpn_applications',
  'dvpn_granted_pct',
  'dvpn_breaches',
  'dvpn_breach_rate_pct',
  'dvpn_breaches_to_court_pct',
  'spo_granted',
  'spo_granted_per_1000_stalking',
  'spo_active',
  'spo_breaches',
  'spo_breaches_charged_pct',
  'calls999_calls',
  'calls999_answered_10s',
  'calls999_answered_10s_pct',
  'calls999_mean_ring_s',
  'calls999_abandoned_pct',
  'calls101_calls',
  'calls101_answered_60s_pct',
  'calls101_mean_ring_triage_s',
  'calls101_mean_ring_cw_s',
  'calls101_abandoned_pct',
  'dvds_requests',
  'dvds_disclosed_within_28d_pct',
  'violence_with_injury',
  'violence_without_injury',
];

describe('metric catalogue', () => {
  it('has exactly the ids of issue 3 (plus the two all-victim violence counts)', () => {
    expect(catalogue.map((m) => m.id).sort()).toEqual([...issueIds].sort());
  });

  it('ids are the SQL file names, one to one', () => {
    const files = readdirSync(metricsDir)
      .filter((f) => f.endsWith('.sql'))
      .map((f) => f.replace(/\.sql$/, ''));
    expect(files.sort()).toEqual(catalogue.map((m) => m.id).sort());
  });

  it('units are named in the id (the issue names spo_granted_per_1000_stalking, so per_1000 need not end it)', () => {
    const unitName: Record<string, RegExp> = { pct: /_pct$/, per_1000: /_per_1000(_|$)/, days: /_days_/, seconds: /_s$/ };
    for (const m of catalogue) if (unitName[m.unit]) expect(m.id, m.id).toMatch(unitName[m.unit]!);
  });

  it('the 999 answered-within-10s rate carries the 90% target', () => {
    expect(getMetric('calls999_answered_10s_pct').target).toBe(90);
  });

  it('calls and DVDS are force-only; every other family has areas', () => {
    for (const m of catalogue)
      expect(m.areas, m.id).toBe(m.sources.some((s) => s === 'calls' || s === 'dvds') ? 'force_only' : 'force_and_areas');
  });

  it('every metric SQL and model SQL opens with its grain', () => {
    const files = [
      ...catalogue.map((m) => join(metricsDir, `${m.id}.sql`)),
      ...stagingModels.map((n) => join(repoRoot, 'pipeline/models/staging', `${n}.sql`)),
      ...readMarts().map((m) => m.file),
    ];
    for (const f of files) expect(readFileSync(f, 'utf8').split('\n')[0], f).toMatch(/^-- grain: one /);
  });

  it('only non-additive metrics (rollup none) compute their own periods; the others leave that to rollup.ts', () => {
    for (const m of catalogue) {
      const code = readFileSync(join(metricsDir, `${m.id}.sql`), 'utf8').replace(/--.*$/gm, '');
      expect(/\b(window_months|periods)\b/.test(code), m.id).toBe(m.rollup === 'none');
      if (m.rollup !== 'none') expect(code, m.id).toMatch(/\bAS month_start\b/);
    }
  });

  it('every metric has a hand-worked test in test/metrics/: a test or group titled by its id, with its worked case', () => {
    const dir = join(repoRoot, 'test/metrics');
    const tests = readdirSync(dir).filter((f) => f.endsWith('.test.ts') && !['catalogue.test.ts', 'explain.test.ts'].includes(f));
    // The part of each title before its worked case (": …" or " (…"), e.g. 'dvpn_applications: D1, D2 … → 4'.
    const titled = tests.flatMap((f) =>
      [...readFileSync(join(dir, f), 'utf8').matchAll(/\b(?:it|describe)\(\s*(['"`])(.+?)\1/g)].map((t) => t[2]!.split(/:|\s\(/)[0]!),
    );
    for (const m of catalogue)
      expect(
        titled.some((t) => new RegExp(`(^|[\\s/])${m.id}($|[\\s/])`).test(t)),
        m.id,
      ).toBe(true);
  });
});

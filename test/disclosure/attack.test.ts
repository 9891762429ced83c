// The attack test: the demo force's panel build, read file by file as a panel member with a
// spreadsheet would (every page's data and every pack's data, with a meeting that asks for an
// area's months), attacked by test/disclosure/attack.ts. It must get nothing back from the real
// build, and it must get hidden counts back from a build with the linking and differencing rules
// switched off — so that it can fail.
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, type WorkspacePaths } from '../../pipeline/config.ts';
import { AREA_GRAINS } from '../../pipeline/disclosure/rules.ts';
import { catalogue } from '../../pipeline/metrics/catalogue.ts';
import { computeMetrics, type MetricValue } from '../../pipeline/metrics/compute.ts';
import type { DiscloseOptions } from '../../pipeline/disclosure/disclose.ts';
import type { PackData } from '../../pipeline/packs/pack-types.ts';
import { renderPack } from '../../pipeline/render/pack.ts';
import { pageTexts } from '../../pipeline/render/poppler.ts';
import { buildSite } from '../../pipeline/site/build.ts';
import { loadPeriods } from '../../pipeline/site/series.ts';
import { openReadOnly } from '../../pipeline/warehouse/duckdb.ts';
import { ingestedDemoWorkspace } from '../helpers.ts';
import { attack, figureKey, type PublishedSet } from './attack.ts';

const metrics = new Map(catalogue.map((m) => [m.id, m]));
const areaMeeting = '2023-09-28-victims-by-area';
let paths: WorkspacePaths;
let truth: MetricValue[];

/** A copy of the Victim Support meeting that also asks for Derbyshire Dales' months and years. */
function addAreaMeeting(): void {
  const dir = join(paths.reports, areaMeeting);
  cpSync(join(repoRoot, 'reports', '2023-09-28-victims'), dir, { recursive: true, filter: (s) => !s.includes('/out') });
  const m = JSON.parse(readFileSync(join(dir, 'meeting.json'), 'utf8'));
  const orders = m.sections.find((s: { id: string }) => s.id === 'protective-orders');
  const ids = [
    'dvpn_applications',
    'dvpn_granted_pct',
    'dvpn_breaches',
    'dvpn_breach_rate_pct',
    'spo_granted',
    'spo_granted_per_1000_stalking',
  ];
  orders.tables.push(
    {
      id: 'dd-fy',
      title: 'Derbyshire Dales by financial year',
      metrics: ids,
      grain: 'fy',
      area: 'DD',
      periods: ['2020/21', '2021/22', '2022/23'],
      rows: 'periods',
    },
    {
      id: 'dd-months',
      title: 'Derbyshire Dales by month',
      metrics: ids,
      grain: 'month',
      area: 'DD',
      periods: ['2023-06', '2023-07', '2023-08'],
      rows: 'periods',
    },
  );
  orders.charts.push({ metric: 'dvpn_breaches', area: 'DD' });
  writeFileSync(join(dir, 'meeting.json'), JSON.stringify(m, null, 2));
}

function dataFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? dataFiles(join(dir, d.name)) : d.name.endsWith('.json') ? [join(dir, d.name)] : [],
  );
}

/** Everything the built site publishes, from its files: theme pages and pack data. */
function publishedBySite(): { published: PublishedSet; hidden: Set<string>; counts: Map<string, number> } {
  const published: PublishedSet = new Map();
  const counts = new Map<string, number>();
  const hidden = new Set<string>();
  const half = (dp: number) => 0.5 * 10 ** -dp;
  for (const file of dataFiles(join(paths.site, '_file', 'data'))) {
    const data = JSON.parse(readFileSync(file, 'utf8'));
    for (const m of data.metrics ?? []) {
      if (!m.values) continue;
      for (const [grain, byArea] of Object.entries(m.values as Record<string, Record<string, (number | null | 'c')[]>>)) {
        for (const [area, cells] of Object.entries(byArea)) {
          cells.forEach((v, i) => {
            const key = figureKey(m.id, grain, data.periods[grain][i].id, area);
            if (v === 'c' && AREA_GRAINS.includes(grain)) hidden.add(key);
            else if (typeof v === 'number') published.set(key, { value: v, halfUlp: half(m.decimals) });
          });
        }
      }
    }
    // The denominators printed beside the areas' intervals and drawn on the funnel plots: counts.
    for (const m of data.metrics ?? []) {
      for (const [grain, g] of Object.entries(
        (m.compare?.grains ?? {}) as Record<string, { ci: Record<string, ([number, number, number] | null)[]> }>,
      )) {
        for (const [area, cells] of Object.entries(g.ci)) {
          cells.forEach((c, i) => void (c && counts.set(`${m.id}.denominator|${grain}|${data.periods[grain][i].id}|${area}`, c[0])));
        }
      }
    }
    // A count's interval (countCi) is worked out from the count alone: its count is a published figure,
    // and a hidden count must have none.
    for (const m of data.metrics ?? []) {
      for (const [grain, byArea] of Object.entries(
        (m.countCi?.grains ?? {}) as Record<string, Record<string, ([number, number, number] | null)[]>>,
      )) {
        for (const [area, cells] of Object.entries(byArea)) {
          cells.forEach(
            (c, i) =>
              void (
                c && published.set(figureKey(m.id, grain, data.periods[grain][i].id, area), { value: c[0], halfUlp: half(m.decimals) })
              ),
          );
        }
      }
    }
    for (const s of (data as PackData).sections ?? []) {
      for (const c of s.charts)
        for (const p of c.points)
          if (p.value !== null)
            published.set(figureKey(c.metric, c.grain, p.period, c.area), {
              value: p.value,
              halfUlp: c.area === 'force' ? 1e-9 : half(c.decimals),
            });
      for (const t of s.tables) {
        for (const r of t.rows) {
          for (const cell of r.cells) {
            const n = Number(cell.text.replace(/[,%]|days|seconds/g, '').trim());
            if (cell.of?.length === 1 && Number.isFinite(n) && cell.text !== '[c]') {
              const dp = (cell.text.replace(/[^0-9.]/g, '').split('.')[1] ?? '').length;
              published.set(cell.of[0]!, { value: n, halfUlp: half(dp) });
            }
          }
        }
      }
    }
  }
  return { published, hidden, counts };
}

/** What a build would publish under the given rules: the panel's grains and whole periods. */
async function publishedUnder(opts: DiscloseOptions, precise: boolean) {
  const db = await openReadOnly(paths.warehouse);
  try {
    const periods = await loadPeriods(db.conn);
    const whole = new Set(Object.entries(periods).flatMap(([g, ps]) => ps.map((p) => `${g}|${p.id}`)));
    const rows = await computeMetrics(db.conn, { disclosure: opts });
    const published: PublishedSet = new Map();
    const hidden = new Set<string>();
    for (const r of rows) {
      if (r.area !== 'force' && (!AREA_GRAINS.includes(r.grain) || !whole.has(`${r.grain}|${r.period}`))) continue;
      const key = figureKey(r.metric, r.grain, r.period, r.area);
      const dp = metrics.get(r.metric)!.unit === 'count' ? 0 : metrics.get(r.metric)!.unit === 'per_1000' ? 2 : 1;
      if (r.suppressed && r.area !== 'force') hidden.add(key);
      else if (r.value !== null)
        published.set(key, precise ? { value: r.value, halfUlp: 1e-9 } : { value: Number(r.value.toFixed(dp)), halfUlp: 0.5 * 10 ** -dp });
    }
    return { published, hidden };
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  paths = ingestedDemoWorkspace('psm-attack-', 'PSM_ATTACK_WORKSPACE');
  addAreaMeeting();
  let log = '';
  await buildSite(paths, { audience: 'panel', onOutput: (s) => void (log += s) }).catch((err: Error) => {
    throw new Error(`${err.message}\n${log.slice(-4000)}`);
  });
  const db = await openReadOnly(paths.warehouse);
  try {
    truth = await computeMetrics(db.conn);
  } finally {
    db.close();
  }
}, 600_000);

afterAll(() => {
  if (!process.env.PSM_ATTACK_WORKSPACE) rmSync(paths.root, { recursive: true, force: true });
});

describe('the demo panel build, attacked', () => {
  it('gives no hidden count back from its files, pages and packs together', () => {
    const { published, hidden, counts } = publishedBySite();
    const result = attack(truth, metrics, published, hidden, counts);
    console.log(
      `attack on the built site: ${published.size} figures and ${counts.size} denominators read, ${hidden.size} shown as [c], ${result.targets} protected counts, ${result.tried} derivations tried`,
    );
    expect(hidden.size).toBeGreaterThan(1000);
    expect(counts.size).toBeGreaterThan(500);
    expect(result.tried).toBeGreaterThan(10_000);
    expect(result.recovered.slice(0, 40)).toEqual([]);
  });

  it('gives none back under the rules as the pass applies them, every grain included', async () => {
    const { published, hidden } = await publishedUnder({}, false);
    expect(attack(truth, metrics, published, hidden).recovered).toEqual([]);
  });

  it('does give hidden counts back when the linking and differencing rules are off and values are precise', async () => {
    const { published, hidden } = await publishedUnder({ linked: false, differencing: false }, true);
    const result = attack(truth, metrics, published, hidden);
    console.log(
      `attack on a weakened build: ${result.recovered.length} hidden counts recovered, e.g. ${result.recovered.slice(0, 3).join('; ')}`,
    );
    expect(result.recovered.length).toBeGreaterThan(100);
    expect(result.recovered.some((r) => r.startsWith('dvpn_breaches.numerator|fy|'))).toBe(true);
  });

  it('prints the area pack with [c] where the rules hide a figure, and no chart of the hidden months', async () => {
    const { pdf } = await renderPack(paths, areaMeeting, { now: new Date('2023-09-21T12:30:00Z'), log: () => {}, build: false });
    const text = (await pageTexts(pdf))!.join(' ').replace(/\s+/g, ' ');
    expect(text).toContain('Derbyshire Dales by month');
    expect(text).toMatch(/\[c\] DVPN\/DVPO breaches for Derbyshire Dales: monthly figures below force level are not published/);
    const months = text.slice(text.indexOf('Derbyshire Dales by month'));
    expect(months).toMatch(/Jun 2023 \[c\] \[c\] \[c\] \[c\] \[c\] \[c\]/);
  }, 120_000);
});

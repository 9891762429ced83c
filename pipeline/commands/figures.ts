// `psm figures`: every figure the papers publish, recomputed from the warehouse and compared at the
// precision printed. Exit 0 only if every covered figure matches and every figure is accounted for.
import { checkFigures, type FigureCheck } from '../metrics/figures.ts';
import { dataAsOf } from '../metrics/compute.ts';
import { formatNumber } from '../../dashboards/shared/format.ts';
import { textTable } from '../terminal.ts';
import { openPinned } from '../warehouse/pin.ts';
import { emit, log, parse } from './args.ts';

const help = `Usage: psm figures [--all] [--json]

  Recomputes each figure in data/published-figures.json that data/figure-map.json maps to a metric
  and compares it, rounded to the decimals the paper prints, with the published value.
  Figures no metric covers are listed in data/figures-not-covered.json with the reason.
  --all   print matching figures too (default: mismatches and a summary)`;

export async function run(argv: string[]): Promise<number> {
  const { values: v, paths } = parse(argv, { all: { type: 'boolean', default: false } }, help);
  // One pinned warehouse: the figures and the hash stamped on them come from the same file.
  const { db, pin, close } = await openPinned(paths);
  try {
    const t0 = performance.now();
    const report = await checkFigures(db.conn);
    const mismatched = report.checks.filter((c) => !c.match);
    const summary = {
      published: report.checks.length + report.notCovered.length + report.unaccounted.length,
      covered: report.checks.length,
      matched: report.checks.length - mismatched.length,
      mismatched: mismatched.length,
      not_covered: report.notCovered.length,
      unaccounted: report.unaccounted.length,
    };
    log(`psm figures: ${summary.matched}/${summary.covered} covered figures match (${Math.round(performance.now() - t0)} ms)`);
    const result = {
      as_of: await dataAsOf(db.conn),
      warehouse_sha256: await pin.sha256(),
      summary,
      figures: report.checks.map(
        ({ id, metric, grain, period, area, derive, compare_period, decimals, published, computed, computed_exact, match }) => ({
          id,
          published,
          computed,
          match,
          metric,
          grain,
          period,
          area,
          derive,
          compare_period,
          decimals,
          computed_exact,
        }),
      ),
      not_covered: report.notCovered,
      unaccounted: report.unaccounted,
      unknown_ids: report.unknown,
    };
    emit(v.json, result, () => human(v.all ? report.checks : mismatched, summary, report.unaccounted, report.unknown));
    const ok = mismatched.length === 0 && report.unaccounted.length === 0 && report.unknown.length === 0;
    return ok ? 0 : 1;
  } finally {
    close();
  }
}

function human(checks: FigureCheck[], s: Record<string, number>, unaccounted: string[], unknown: string[]): string {
  const rows = checks.map((c) => [
    c.id,
    formatNumber(c.published, c.decimals),
    formatNumber(c.computed, c.decimals),
    c.match ? 'yes' : 'NO',
    `${c.metric} ${c.grain} ${c.period}${c.compare_period ? ` vs ${c.compare_period}` : ''}${c.derive !== 'value' ? ` (${c.derive})` : ''}`,
  ]);
  const out = rows.length ? [textTable(['figure', 'published', 'computed', 'match', 'computed from'], rows, new Set([1, 2])), ''] : [];
  out.push(
    `${s.matched} of ${s.covered} covered figures match; ${s.mismatched} do not; ${s.not_covered} not covered by any metric (data/figures-not-covered.json).`,
  );
  if (unaccounted.length) out.push(`Neither mapped nor listed as not covered: ${unaccounted.join(', ')}`);
  if (unknown.length) out.push(`Mapped but not a published figure: ${unknown.join(', ')}`);
  return out.join('\n');
}

// `psm explain <metric> [grain period] [--area A]`: one figure taken apart, for users and newcomers:
// what it means, the SQL that computes it, its numerator and denominator, the extract files behind
// it. The work is pipeline/metrics/explain.ts; this reads the arguments and opens the warehouse the
// way `psm metrics` does (one pinned, read-only file for the figure and for its hash).
import type { DuckDBConnection } from '@duckdb/node-api';
import { catalogue, getMetric } from '../metrics/catalogue.ts';
import { matchArea, reportAreas } from '../metrics/compute.ts';
import { explainFigure, latestCompletePeriod } from '../metrics/explain.ts';
import { explanationText } from '../metrics/explain-text.ts';
import type { MetricLineage } from '../metrics/lineage.ts';
import { grainLabels } from '../../dashboards/shared/format.ts';
import { grains, grainSchema, type Grain } from '../metrics/periods.ts';
import { didYouMean } from '../meetings/suggest.ts';
import { validPeriod } from '../packs/prose.ts';
import { openPinned } from '../warehouse/pin.ts';
import { emit, log, parse } from './args.ts';

const help = `Usage: psm explain <metric> [<grain> <period>] [--area CODE] [--json]

  Prints the metric's catalogue entry, its SQL file and the marts, staging views and extracts it
  reads, then one figure: its numerator and denominator and the extract files behind it (file,
  SHA-256, the rows it counts and its part of the numerator and denominator).

  <grain> <period>  as in pack prose: fy 2022/23, cy 2021, r12 2023-07, month 2023-07, quarter 2023-Q3,
                    fytd 2023-08 (default: the metric's default grain, its last complete period)
  --area     an area code, or force (default)
  JSON: {warehouse_sha256, metric, sql_file, reads, figure, additive, files}`;

/** A person's mistake in the arguments: said on stderr with exit status 2. */
class UsageError extends Error {}

export async function run(argv: string[]): Promise<number> {
  const { values: v, positionals, paths } = parse(argv, { area: { type: 'string', default: 'force' } }, help);
  try {
    const { metric, grain, period } = readArgs(positionals);
    const { db, pin, close } = await openPinned(paths);
    try {
      const area = await chooseArea(db.conn, metric, v.area);
      const chosen = period ?? (await latestCompletePeriod(db.conn, grain));
      if (!chosen)
        throw new UsageError(`the warehouse has no complete ${grain} period: name one (e.g. ${grain} ${grainLabels[grain].example})`);
      const e = await explainFigure(db.conn, { metric, grain, period: chosen, area });
      if (!e)
        throw new UsageError(
          `no value for ${metric} in ${grain} ${chosen}${area === 'force' ? '' : ` for ${area}`}: the period is outside the data`,
        );
      const warehouse_sha256 = await pin.sha256();
      emit(
        v.json,
        {
          warehouse_sha256,
          metric: e.metric,
          sql_file: e.lineage.sqlFile,
          reads: readsOf(e.lineage),
          figure: e.figure,
          additive: e.additive,
          files: e.files,
        },
        () => explanationText(e, warehouse_sha256),
      );
      return 0;
    } finally {
      close();
    }
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    log(`psm explain: ${err.message}`);
    return 2;
  }
}

function readArgs(positionals: string[]): { metric: string; grain: Grain; period?: string } {
  const [metric, grainWord, period, ...extra] = positionals;
  if (!metric)
    throw new UsageError('name a metric, e.g. psm explain calls999_answered_10s_pct fy 2022/23 (psm metrics --list shows them all)');
  if (!catalogue.some((m) => m.id === metric)) {
    throw new UsageError(
      `unknown metric "${metric}"${didYouMean(
        metric,
        catalogue.map((m) => m.id),
      )}; psm metrics --list shows them all`,
    );
  }
  if (extra.length) throw new UsageError(`unexpected: ${extra.join(' ')} (expected <metric> [<grain> <period>])`);
  if (grainWord === undefined) return { metric, grain: getMetric(metric).defaultGrain };
  if (!grainSchema.safeParse(grainWord).success)
    throw new UsageError(`unknown grain "${grainWord}" (one of ${grains.join(', ')})${didYouMean(grainWord, grains)}`);
  const grain = grainWord as Grain;
  if (period === undefined) return { metric, grain };
  if (!validPeriod(grain, period)) throw new UsageError(`unknown ${grain} period "${period}" (written like ${grainLabels[grain].example})`);
  return { metric, grain, period };
}

async function chooseArea(conn: DuckDBConnection, metric: string, typed: string): Promise<string> {
  const areas = await reportAreas(conn);
  const area = matchArea(typed, areas);
  if (!area)
    throw new UsageError(
      `unknown area "${typed}"${didYouMean(typed, areas)}; use force or one of: ${areas.filter((a) => a !== 'force').join(', ')}`,
    );
  if (area !== 'force' && getMetric(metric).areas === 'force_only') {
    throw new UsageError(`${metric} is force-wide only (its extracts carry no area): leave out --area`);
  }
  return area;
}

/** What the figure reads, for --json: the chain below the SQL file. */
function readsOf(l: MetricLineage) {
  return { rollup: l.rollup, marts: l.marts, staging: l.staging, extracts: l.extracts, calendar: l.calendar };
}

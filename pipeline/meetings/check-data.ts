// The part of `psm meeting check` that needs the catalogue and the warehouse: every metric and area
// meeting.json names, with "did you mean" for a typo; every table period and chart window against
// the data; and dataTo against the last complete month, so a pack whose cover claims data to
// December cannot print from data that stop in October.
import { catalogue } from '../metrics/catalogue.ts';
import { monthLabel, shiftMonth } from '../../dashboards/shared/format.ts';
import { chartPeriods } from '../packs/figures.ts';
import { chartSchema, tableSchema } from '../packs/meeting.ts';
import { validPeriod, valueKey } from '../packs/prose.ts';
import type { ParsedMeetingJson } from './check-json.ts';
import { spanText, type DataContext } from './data-context.ts';
import type { Problems } from './problems.ts';
import { didYouMean } from './suggest.ts';

const metrics = new Map(catalogue.map((c) => [c.id, c]));
/** Grains whose period id is the month they end in, so "after dataTo" can be judged directly. */
export const monthGrains = new Set(['month', 'r12', 'fytd']);

/** An area code the analyst may have written as its name ("Derbyshire Dales") or in lower case. */
export function areaHint(area: string, areas: Map<string, string>): string {
  const byName = [...areas].find(([code, name]) => name.toLowerCase() === area.toLowerCase() || code.toLowerCase() === area.toLowerCase());
  if (byName) return ` (did you mean "${byName[0]}", ${byName[1]}?)`;
  return didYouMean(area, areas.keys()) || ` (areas: force, ${[...areas.keys()].join(', ')})`;
}

interface Ctx {
  json: ParsedMeetingJson;
  data: DataContext | null;
  p: Problems;
  /** dataTo when the file gives a valid one. */
  dataTo: string | null;
}

type Path = (string | number)[];
const rawAt = (raw: unknown, path: Path): unknown =>
  path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined), raw);
const items = (raw: unknown, path: Path): unknown[] => {
  const v = rawAt(raw, path);
  return Array.isArray(v) ? v : [];
};

/**
 * A metric and the area it is shown for, straight from the file (so a typo is found even where the
 * schema refused something else nearby). Returns whether values can be looked up for the pair.
 */
function metricAndArea(path: Path, areaPath: Path, ctx: Ctx): boolean {
  const metric = rawAt(ctx.json.raw, path);
  const areaRaw = rawAt(ctx.json.raw, areaPath) ?? 'force';
  if (typeof metric !== 'string') return false; // the schema has said what is wrong
  const known = metrics.get(metric);
  if (!known) ctx.p.error(ctx.json.at(path), `unknown metric "${metric}"${didYouMean(metric, metrics.keys())}`);
  // An area the schema refused (not "force" or two capitals) has been reported with it.
  if (typeof areaRaw !== 'string' || !/^(force|[A-Z]{2})$/.test(areaRaw)) return false;
  if (areaRaw === 'force') return Boolean(known);
  if (ctx.data && !ctx.data.areas.has(areaRaw)) {
    // Once per table or chart, however many metrics it shows.
    if (path.at(-2) !== 'metrics' || path.at(-1) === 0)
      ctx.p.error(ctx.json.at(areaPath), `unknown area "${areaRaw}"${areaHint(areaRaw, ctx.data.areas)}`);
    return false;
  }
  if (known?.areas === 'force_only') {
    ctx.p.error(ctx.json.at(path), `${metric} is counted for the force only, not by area (area "${areaRaw}")`);
    return false;
  }
  return Boolean(known && ctx.data);
}

function checkTable(si: number, ti: number, ctx: Ctx): void {
  const at = (...rest: Path) => ['sections', si, 'tables', ti, ...rest];
  const usable = items(ctx.json.raw, at('metrics')).filter((_, mi) => metricAndArea(at('metrics', mi), at('area'), ctx)) as string[];
  const parsed = tableSchema.safeParse(rawAt(ctx.json.raw, at()));
  if (!ctx.data || !parsed.success || usable.length === 0) return;
  const [t, data] = [parsed.data, ctx.data];
  t.periods.forEach((period, pi) => {
    if (!validPeriod(t.grain, period)) return; // reported by meetingProblems
    const missing = usable.filter((metric) => !data.values.has(valueKey(metric, t.grain, period, t.area)));
    if (missing.length === usable.length) {
      ctx.p.error(
        ctx.json.at(at('periods', pi)),
        `table "${t.id}": no data for ${t.grain} ${period}: it is outside the data (${spanText(data)})`,
      );
    } else if (missing.length) {
      ctx.p.error(ctx.json.at(at('periods', pi)), `table "${t.id}": no value for ${missing.join(', ')} in ${t.grain} ${period}`);
    } else if (ctx.dataTo && monthGrains.has(t.grain) && period > ctx.dataTo) {
      ctx.p.warn(
        ctx.json.at(at('periods', pi)),
        `table "${t.id}": ${t.grain} ${period} is after the pack's dataTo (${ctx.dataTo}), so the table reports beyond what the cover says`,
      );
    }
  });
}

function checkChart(si: number, ci: number, ctx: Ctx): void {
  const at = (...rest: Path) => ['sections', si, 'charts', ci, ...rest];
  const usable = metricAndArea(at('metric'), at('area'), ctx);
  const parsed = chartSchema.safeParse(rawAt(ctx.json.raw, at()));
  const first = ctx.data?.firstMonth;
  if (!usable || !parsed.success || !first || !ctx.dataTo || ctx.dataTo < first) return;
  const c = parsed.data;
  const months = chartPeriods(c, ctx.dataTo);
  const before = months.filter((mo) => mo < first).length;
  if (before) {
    ctx.p.warn(
      ctx.json.at(at()),
      `chart of ${c.metric}: its ${c.periods} months start in ${monthLabel(months[0]!)}, before the data begin (${monthLabel(first)}), so the first ${before} are empty`,
    );
  }
}

/** dataTo against the data: after the last complete month, every chart's last points and every year-on-year figure are empty. */
function checkDataTo(ctx: Ctx): void {
  const { data, dataTo } = ctx;
  if (!data || !dataTo) return;
  const loc = ctx.json.at(['dataTo']);
  if (!data.lastComplete || !data.firstMonth) {
    ctx.p.error(loc, 'the warehouse holds no complete month of data yet (psm ingest)');
    return;
  }
  if (dataTo > data.lastComplete) {
    ctx.p.error(
      loc,
      `dataTo ${dataTo} is after the data: the warehouse holds ${spanText(data)}, so its last complete month is ${data.lastComplete}. ` +
        `The cover would say data to ${monthLabel(dataTo)} and the charts' last months and every year-on-year figure would be empty; set "dataTo": "${data.lastComplete}"`,
    );
  } else if (dataTo < data.firstMonth) {
    ctx.p.error(loc, `dataTo ${dataTo} is before the data begin (${spanText(data)})`);
  } else if (shiftMonth(dataTo, -23) < data.firstMonth) {
    ctx.p.warn(
      loc,
      `dataTo ${dataTo} leaves less than two years of data before it (${spanText(data)}): the year-on-year figures will be empty`,
    );
  }
}

/** Every catalogue and data problem of meeting.json, judged from the file as written, valid or not. */
export function checkMeetingData(json: ParsedMeetingJson, data: DataContext | null, p: Problems): void {
  const dataTo = rawAt(json.raw, ['dataTo']);
  const ctx: Ctx = { json, data, p, dataTo: typeof dataTo === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(dataTo) ? dataTo : null };
  checkDataTo(ctx);
  items(json.raw, ['sections']).forEach((_, si) => {
    items(json.raw, ['sections', si, 'tables']).forEach((_, ti) => checkTable(si, ti, ctx));
    items(json.raw, ['sections', si, 'charts']).forEach((_, ci) => checkChart(si, ci, ctx));
  });
}

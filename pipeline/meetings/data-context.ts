// What the warehouse holds, as a meeting's check and a new meeting need it: the force's areas, the
// span of the data and its last complete month, and every value a reference could name. Read once
// through a pin (warehouse/pin.ts), so all of one check judges one publish.
import type { WorkspacePaths } from '../config.ts';
import { forceAreas } from '../extracts/areas.ts';
import { computeMetrics, type MetricValue } from '../metrics/compute.ts';
import { dayLabel } from '../../dashboards/shared/format.ts';
import { valueKey } from '../packs/prose.ts';
import { openReadOnly, queryRows } from '../warehouse/duckdb.ts';
import { pinWarehouse } from '../warehouse/pin.ts';

export interface DataContext {
  /** Area code → name (the warehouse's `areas` table). */
  areas: Map<string, string>;
  /** First and last day of data (ISO dates), null when the warehouse holds none. */
  first: string | null;
  last: string | null;
  /** The first month with data and the last month the data cover to its end (YYYY-MM). */
  firstMonth: string | null;
  lastComplete: string | null;
  /** Every computed value, by valueKey(metric, grain, period, area), with its disclosure verdict. */
  values: Map<string, MetricValue>;
}

/** "Apr 2019 to 31 Oct 2023", for messages about periods outside the data. */
export function spanText(d: Pick<DataContext, 'first' | 'last'>): string {
  if (!d.first || !d.last) return 'no data';
  return `${dayLabel(d.first)} to ${dayLabel(d.last)}`;
}

/** Reads the published warehouse; null when there is none yet (the check then says so). */
export async function readDataContext(paths: WorkspacePaths): Promise<DataContext | null> {
  let pin;
  try {
    pin = pinWarehouse(paths);
  } catch {
    return null;
  }
  try {
    const db = await openReadOnly(pin.path);
    try {
      const areas = await queryRows<{ area: string; area_name: string }>(db.conn, 'SELECT area, area_name FROM areas ORDER BY area');
      const [span] = await queryRows<{ first: string | null; last: string | null }>(
        db.conn,
        `SELECT strftime(first_date, '%Y-%m-%d') AS first, strftime(last_date, '%Y-%m-%d') AS last FROM data_span`,
      );
      const [months] = await queryRows<{ first: string | null; complete: string | null }>(
        db.conn,
        `SELECT min(period) AS first, max(period) FILTER (WHERE is_complete) AS complete FROM periods WHERE grain = 'month'`,
      );
      const values = await computeMetrics(db.conn);
      return {
        areas: new Map((areas.length ? areas : (forceAreas() ?? [])).map((a) => [a.area, a.area_name])),
        first: span?.first ?? null,
        last: span?.last ?? null,
        firstMonth: months?.first ?? null,
        lastComplete: months?.complete ?? null,
        values: new Map(values.map((v) => [valueKey(v.metric, v.grain, v.period, v.area), v])),
      };
    } finally {
      db.close();
    }
  } finally {
    pin.release();
  }
}

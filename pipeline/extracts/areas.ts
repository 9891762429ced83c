// The force's areas, which every `area` field is checked against. Read from the file the warehouse's
// `areas` table is loaded from (warehouse/schema.ts, loadReferenceTables), so ingest and the
// reports can never disagree about which areas exist: a code outside the list would otherwise
// become a phantom area of its own (marts/report_areas.sql adds every code the data holds).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { dataDir } from '../config.ts';

export interface Area {
  area: string;
  area_name: string;
}

const areaList = z.array(z.object({ area: z.string().min(1), area_name: z.string() }));

/** data/areas.json: the same path loadReferenceTables reads by default. */
export const areasFile = join(dataDir, 'areas.json');

/**
 * The force's areas, or null when no list exists (then an area is free text, as the warehouse,
 * with an empty `areas` table, has nothing to hold it to). Read on every call, not cached: the
 * scheduler is a long-running process, and an edit to the file must take effect on the next run.
 */
export function forceAreas(path = areasFile): Area[] | null {
  if (!existsSync(path)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${path}: not readable JSON (${(err as Error).message})`);
  }
  const parsed = areaList.safeParse(raw);
  if (!parsed.success) throw new Error(`${path}: expected a list of {"area": code, "area_name": name}`);
  return parsed.data.length ? parsed.data : null;
}

// The workspace: where an OPCC keeps its extracts, warehouse, site and packs. One typed source of
// every path, so commands, loaders and tests never build a path by hand.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { settings } from './settings.ts';

/** The repository (code and the embedded demo's reference data). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Committed reference data: areas, offence groups, force mapping, published figures. */
export const dataDir = join(repoRoot, 'data');

export interface WorkspacePaths {
  root: string;
  inbox: string;
  archive: string;
  warehouseDir: string;
  /** The published warehouse: readers open it READ_ONLY. */
  warehouse: string;
  /** The warehouse before the last publish, kept for recovery. */
  previousWarehouse: string;
  /** The writer's scratch copy; renamed over `warehouse` when a run completes. */
  buildingWarehouse: string;
  /** When every block of the published file was last read (warehouse/check-record.ts). */
  checkRecord: string;
  site: string;
  reports: string;
  runs: string;
  lock: string;
  /** Signs panel links to packs (psm share); deleting it revokes every link. */
  shareKey: string;
  /** Optional: the SMTP server, sender, link address and recipient lists for sending packs (delivery/config.ts). */
  delivery: string;
  /** The force's header/code mapping; falls back to the demo force's in data/. */
  mapping: string;
  /** The analyst's dated events for charts and packs; falls back to the demo's in data/. */
  annotations: string;
}

/** Resolves the workspace: explicit dir, else $PSM_WORKSPACE, else the repository itself. */
export function workspaceDir(explicit?: string): string {
  return resolve(explicit ?? settings().workspace ?? repoRoot);
}

/**
 * The warehouse's folder: the workspace's warehouse/, or the location configured. Every reader and
 * writer takes it from here, so moving the warehouse is one setting. A URL (md:, s3://, a DuckLake
 * catalog) is the road past one machine the README describes; this build does not open one, and says so.
 */
export function warehouseDirFor(root: string, location: string | null = settings().warehouseLocation): string {
  if (!location) return join(root, 'warehouse');
  if (/^[a-z][a-z0-9+.-]+:/i.test(location) && !/^[a-z]:[\\/]/i.test(location)) {
    throw new Error(
      `PSM_WAREHOUSE_LOCATION=${location}: psm opens a warehouse in a folder on this machine (a path); ` +
        'a URL such as md: or s3:// is not supported yet (README, "Past one machine").',
    );
  }
  return resolve(root, location);
}

export function workspacePaths(dir?: string): WorkspacePaths {
  const root = workspaceDir(dir);
  const warehouseDir = warehouseDirFor(root);
  const runs = join(root, 'runs');
  const ownMapping = join(root, 'force-mapping.json');
  const ownAnnotations = join(root, 'annotations.json');
  return {
    root,
    inbox: join(root, 'inbox'),
    archive: join(root, 'archive'),
    warehouseDir,
    warehouse: join(warehouseDir, 'psm.duckdb'),
    previousWarehouse: join(warehouseDir, 'psm.previous.duckdb'),
    buildingWarehouse: join(warehouseDir, 'psm.building.duckdb'),
    checkRecord: join(warehouseDir, 'psm.checked.json'),
    site: join(root, 'site'),
    reports: join(root, 'reports'),
    runs,
    lock: join(runs, 'psm.lock'),
    shareKey: join(runs, 'share.key'),
    delivery: join(root, 'delivery.json'),
    mapping: existsSync(ownMapping) ? ownMapping : join(dataDir, 'force-mapping.json'),
    annotations: existsSync(ownAnnotations) ? ownAnnotations : join(dataDir, 'annotations.json'),
  };
}

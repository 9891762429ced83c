// Every setting psm takes from the environment, read in one place, once, and typed. Library code
// never reads process.env: commands and loaders read these settings and pass down what a function
// needs (the audience, "now"), so a test calls the function with the value instead of changing the
// environment. (A child process psm starts gets its settings the same way: in its environment.)

export type Audience = 'panel' | 'analyst';

export interface Settings {
  /** PSM_WORKSPACE: the workspace folder when no --workspace is given. */
  workspace: string | undefined;
  /**
   * PSM_AUDIENCE: who a site build is for; `psm build` sets it for its loaders. The panel's (the
   * default, since a built site is what gets shared) hides small numbers below force level as [c].
   */
  audience: Audience;
  /** PSM_NOW: pins "now" for the overview's next meeting and freshness (a rebuilt demo reads the same). */
  now: Date | null;
  /** PSM_DEBUG: the time of each ingest step, and stacks on errors. */
  debug: boolean;
  /** PSM_MEMORY_LIMIT: DuckDB's memory_limit for the warehouse writer, e.g. "5GB". */
  memoryLimit: string | null;
  /**
   * PSM_FULL_CHECK_DAYS: a night's publish reads the blocks it wrote; every block of the published
   * file is read again when the last such full check is this many days old (default 7; 0: every run).
   */
  fullCheckDays: number;
  /** PSM_CHROME: the browser executable for packs and browser tests. */
  chrome: string | null;
  /**
   * PSM_WAREHOUSE_LOCATION: where the warehouse lives, when not in the workspace's warehouse/ folder:
   * a directory (absolute, or relative to the workspace). A URL is refused by name (config.ts).
   */
  warehouseLocation: string | null;
  /** PSM_WAREHOUSE: the warehouse a build pinned for every loader (warehouse/pin.ts). */
  pinnedWarehouse: string | null;
  /** PUPPETEER_CACHE_DIR: where a Chrome that Puppeteer installed would be. */
  puppeteerCache: string | null;
}

const text = (v: string | undefined): string | null => (v && v.trim() ? v.trim() : null);

/** The settings in `env` (default: this process's environment); a malformed value is an error naming it. */
export function readSettings(env: Record<string, string | undefined> = process.env): Settings {
  const now = text(env.PSM_NOW);
  const pinned = now ? new Date(now) : null;
  if (pinned && Number.isNaN(pinned.getTime())) throw new Error(`PSM_NOW="${now}" is not a date`);
  const days = text(env.PSM_FULL_CHECK_DAYS);
  if (days !== null && !/^\d+(\.\d+)?$/.test(days)) throw new Error(`PSM_FULL_CHECK_DAYS="${days}" is not a number of days`);
  return {
    workspace: text(env.PSM_WORKSPACE) ?? undefined,
    fullCheckDays: days === null ? 7 : Number(days),
    audience: env.PSM_AUDIENCE === 'analyst' ? 'analyst' : 'panel',
    now: pinned,
    debug: Boolean(text(env.PSM_DEBUG)),
    memoryLimit: text(env.PSM_MEMORY_LIMIT),
    chrome: text(env.PSM_CHROME),
    warehouseLocation: text(env.PSM_WAREHOUSE_LOCATION),
    pinnedWarehouse: text(env.PSM_WAREHOUSE),
    puppeteerCache: text(env.PUPPETEER_CACHE_DIR),
  };
}

let once: Settings | undefined;

/** This process's settings, read from its environment on first use. */
export function settings(): Settings {
  once ??= readSettings();
  return once;
}

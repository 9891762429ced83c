// What each `psm` command does, in one line: `psm --help` lists them (pipeline/cli.ts) and each
// command's own --help opens with its line (commands/args.ts). Order is the order of the flow.
// A leaf, so the entry point and the argument handling both read it without importing each other.

export const commandSummaries = {
  'demo-data': "Write the demo force's extracts (and demo meetings) into the workspace inbox",
  ingest: 'Ingest extracts (default: the inbox) into the warehouse and publish it',
  check: 'Validate an extract file and report what ingest would do, without loading it',
  quarantine: 'List the rows ingest quarantined or loaded with a warning, by file, line and field',
  status: "Show the workspace's paths, ledger and warehouse state",
  recover: 'Restore the previous warehouse when the published one is missing or damaged',
  metrics: 'Compute metrics by grain, period and area (--list for the catalogue)',
  explain: 'Take one figure apart: its definition, SQL, numerator and denominator, extract files',
  figures: 'Compare every published paper figure with the value computed from the data',
  build: 'Build the dashboards site into the workspace (clears the loader cache first)',
  serve: 'Serve the built site (packs embargoed until their release time)',
  meeting: 'Make a meeting (new --like), list the calendar, check a meeting, approve its pack, send it',
  preview: "Serve one meeting's pack page live on this machine, updated as you edit it",
  share: "Make a signed, expiring link to one meeting's pack for the panel",
  pack: "Render one meeting's PDF pack: psm pack <meeting-id>",
  run: 'Run one full cycle now: ingest, metrics, build, packs that are due',
  schedule: 'Keep the nightly ingest and pack schedule running (with catch-up)',
  start: 'Demo data if absent, a full cycle, then serve the site and keep the schedule',
  bench: 'Benchmark ingest, site build and pack rendering against baselines',
} as const;

export type CommandName = keyof typeof commandSummaries;

/** The one-line summary of a command (for `psm <command> --help`). */
export const commandSummary = (name: string): string | undefined =>
  Object.hasOwn(commandSummaries, name) ? commandSummaries[name as CommandName] : undefined;

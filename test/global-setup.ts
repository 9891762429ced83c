// Once per test run, on first use: the demo force generated and ingested through the CLI into one
// seed workspace. The heavy suites (site, packs, browser, attack) each start from a copy of it
// (test/helpers.ts) instead of generating and ingesting the same 3.7M rows again on a 2-core
// machine. Only a path is decided here, so a run of light tests pays nothing.
// Every temporary folder of the run (throwaway workspaces, Chromium profiles, children's scratch)
// is made under one folder of its own, removed when the run ends: a test that forgets its folders,
// or a worker killed mid-way, no longer leaves them in /tmp (a day of runs had left 60 GB there).
// Only vitest itself killed leaves the one folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

export default function setup(project: TestProject): () => void {
  const run = mkdtempSync(join(tmpdir(), 'psm-tests-'));
  const outer = process.env.TMPDIR;
  process.env.TMPDIR = run; // inherited by every worker and every process they start
  project.provide('demoSeed', join(mkdtempSync(join(run, 'psm-demo-seed-')), 'seed'));
  return () => {
    if (outer === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = outer;
    rmSync(run, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    demoSeed: string;
  }
}

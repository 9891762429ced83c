// Once per test run, on first use: the demo force generated and ingested through the CLI into one
// seed workspace. The heavy suites (site, packs, browser, attack) each start from a copy of it
// (test/helpers.ts) instead of generating and ingesting the same 3.7M rows again on a 2-core
// machine. Only a path is decided here, so a run of light tests pays nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

export default function setup(project: TestProject): () => void {
  const parent = mkdtempSync(join(tmpdir(), 'psm-demo-seed-'));
  project.provide('demoSeed', join(parent, 'seed'));
  return () => rmSync(parent, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    demoSeed: string;
  }
}

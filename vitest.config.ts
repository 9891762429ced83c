import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The demo force ingested once per run, copied by each heavy suite (test/helpers.ts).
    globalSetup: ['test/global-setup.ts'],
    // A server's own settings never reach the tests: with PSM_WAREHOUSE_LOCATION exported, every
    // throwaway workspace would publish into that one warehouse. Tests that want them set them.
    env: { PSM_WAREHOUSE_LOCATION: '', PSM_WAREHOUSE: '', PSM_MEMORY_LIMIT: '', PSM_WORKSPACE: '' },
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // Browser and warehouse tests are heavy on a 2-core machine: keep parallelism modest.
    maxWorkers: 2,
    fileParallelism: true,
  },
});

import { defineConfig } from 'vitest/config';

// Real browsers against a real webmail: one file at a time (2 cores), generous timeouts.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    // Every file in one worker process, without isolation: the webmail labs (one per Roundcube
    // language and skin, lab/shared-labs.ts) are started once and reused by every file.
    pool: 'forks',
    isolate: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // A scenario that fails once is a failure; retrying would hide flakiness we want to see.
    retry: 0,
  },
});

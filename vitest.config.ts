import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Lesson and store tests read real files and start PGlite; the default 5 s is too tight on CI.
    testTimeout: 30_000,
    // Separate processes, so a test that sets TZ or process state cannot leak into another.
    pool: 'forks',
    // Makes the migrated database snapshot every store and endpoint test starts from.
    globalSetup: ['test/support/global-setup.ts'],
  },
});

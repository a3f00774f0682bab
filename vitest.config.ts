import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/property/**/*.test.ts', 'test/endpoint/**/*.test.ts'],
    testTimeout: 60_000,
    setupFiles: ['test/support/setup.ts'],
    // Two workers on a 2-core machine (the default leaves one core to the main process, which
    // mostly waits); VITEST_MAX_WORKERS overrides.
    maxWorkers: Number(process.env.VITEST_MAX_WORKERS ?? 2),
  },
});

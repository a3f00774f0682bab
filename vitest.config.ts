import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/property/**/*.test.ts', 'test/endpoint/**/*.test.ts'],
    testTimeout: 60_000,
    setupFiles: ['test/support/setup.ts'],
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'amplify/**/*.test.ts', 'scripts/**/*.test.ts', 'web/**/*.test.ts'],
    globalSetup: ['src/cloud-assembly/vitest-global-setup.ts'],
    reporters: ['default', './src/testing/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    allowOnly: false,
  },
});

import { defineConfig } from 'vitest/config';

/**
 * Two layers. `unit`: pure and in-memory tests, no synthesis, no server (`npm run test:unit`).
 * `integration`: files named *.integration.test.ts and the synthesis tests under amplify/,
 * on the synthesized backend (cached, see src/cloud-assembly/assembly-cache.ts) and local
 * servers. `npm test` runs both.
 */
const INTEGRATION = ['**/*.integration.test.ts', 'amplify/**/*.test.ts'];

export default defineConfig({
  test: {
    reporters: ['default', './src/testing/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    allowOnly: false,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'web/**/*.test.ts'],
          exclude: ['**/node_modules/**', ...INTEGRATION],
          setupFiles: ['src/testing/unit-layer-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: INTEGRATION,
          exclude: ['**/node_modules/**'],
          globalSetup: ['src/cloud-assembly/vitest-global-setup.ts'],
        },
      },
    ],
  },
});

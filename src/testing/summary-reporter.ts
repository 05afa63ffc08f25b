import type { Reporter, SerializedError, TestModule, TestRunEndReason } from 'vitest/node';

export type RunSummary = { passed: number; failed: number; skipped: number };

/**
 * Counts a run: tests by state, plus every failure outside a test (a file that
 * failed to load, a failed beforeAll/afterAll of a file or suite, an unhandled
 * error), so the line never reads "0 failed" when the run failed.
 */
export const summarizeRun = (
  testModules: ReadonlyArray<TestModule>,
  unhandledErrors: ReadonlyArray<SerializedError>,
  reason: TestRunEndReason,
): RunSummary => {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const module of testModules) {
    let failedHere = 0;
    for (const test of module.children.allTests()) {
      const state = test.result().state;
      if (state === 'passed') passed++;
      else if (state === 'failed') failedHere++;
      else skipped++;
    }
    if (module.errors().length > 0) failedHere++;
    for (const suite of module.children.allSuites()) if (suite.errors().length > 0) failedHere++;
    // A failed file must count, whatever made it fail.
    if (failedHere === 0 && module.state() === 'failed') failedHere = 1;
    failed += failedHere;
  }
  failed += unhandledErrors.length;
  if (failed === 0 && reason === 'failed') failed = 1;
  return { passed, failed, skipped };
};

/**
 * Ends the run with one plain line, "N passed, N failed, N skipped", that CI
 * tooling reads whatever runner it knows.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>,
    reason: TestRunEndReason,
  ): void {
    const { passed, failed, skipped } = summarizeRun(testModules, unhandledErrors, reason);
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}

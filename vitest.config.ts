import { defineConfig } from 'vitest/config'

/**
 * Suites that each drive a whole system for a minute or more: Chromium against a server and
 * workerd, servers stopped and restarted by signal, the benchmark harness end to end. They run one
 * at a time, after the rest, so that none of them shares the two cores with another.
 */
const SOLO = ['test/browser/**/*.test.{ts,tsx}', 'test/restart.test.ts', 'test/bench-smoke.test.ts']

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        // The rest, two files at a time. On this two-core machine the whole suite took 868 s of
        // wall time with every file alone and 719 s split this way (CI=true, 2 December 2026),
        // the solo suites as fast as alone; every file in both lanes passed either way.
        test: { name: 'suites', include: ['test/**/*.test.{ts,tsx}'], exclude: SOLO, maxWorkers: 2, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: 'solo', include: SOLO, fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
})

import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Suites start worker pools, servers and browsers; two cores do not want them all at once.
    fileParallelism: process.env.CI ? false : true,
    maxWorkers: 2,
  },
})

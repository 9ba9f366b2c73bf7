import { afterAll, beforeAll } from 'vitest'

/**
 * Something slow to start (a server, a browser, a demo harness) shared by the tests of the
 * enclosing file or `describe`: started in its `beforeAll`, stopped in its `afterAll`. Tests read it
 * through the returned function, which throws when called before `beforeAll` ran (a test file
 * using it while vitest collects the tests: a bug).
 */
export function perSuite<T>(start: () => Promise<T>, stop: (running: T) => Promise<void>, startTimeoutMs?: number): () => T {
  let running: { value: T } | undefined
  beforeAll(async () => {
    running = { value: await start() }
  }, startTimeoutMs)
  afterAll(async () => {
    if (running) await stop(running.value)
  })
  return () => {
    if (!running) throw new Error('used before the beforeAll that starts it')
    return running.value
  }
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HashingGate } from '../src/demo/hashing-gate.ts'
import { MemoryRateLimiter } from '../src/demo/memory-rate-limiter.ts'
import { ScryptPasswordHasher, SCRYPT_DEFAULTS } from '../src/demo/node/scrypt-password-hasher.ts'
import { ScryptPool } from '../src/demo/node/scrypt-pool.ts'
import { formPost, startDemoHarness, type DemoHarness } from './support/demo-app.ts'

const PASSWORD = 'correct horse battery staple'

describe('a flood of sign-ups', () => {
  let harness: DemoHarness
  let pool: ScryptPool
  beforeAll(async () => {
    // scrypt at its real cost (hundreds of ms a hash), in its own worker threads, as the Node server runs it.
    pool = new ScryptPool({ threads: 1 })
    harness = await startDemoHarness({
      passwords: new ScryptPasswordHasher(SCRYPT_DEFAULTS, pool),
      hashing: { signup: new HashingGate({ maxActive: 1, maxWaiting: 2 }) },
      limits: { signupPerClient: new MemoryRateLimiter({ limit: 100, windowSeconds: 900 }) },
    })
  })
  afterAll(async () => {
    await harness?.close()
    await pool?.close()
  })

  it('queues hashing and answers 503 with Retry-After past the queue, as a page with the form', async () => {
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => formPost(harness, '/signup', { email: `flood${i}@example.com`, password: PASSWORD }, { headers: { 'x-test-client': `198.51.100.${i}` } })),
    )
    const statuses = answers.map((r) => r.status)
    // One hashing and two waiting: three accounts at most; the rest are told to come back.
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1)
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(3)
    expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([])
    const busy = answers.find((r) => r.status === 503)!
    expect(Number(busy.headers.get('retry-after'))).toBeGreaterThan(0)
    const html = await busy.text()
    expect(html).toContain('<form method="post" action="/signup"')
    expect(html).toMatch(/busy/i)
  }, 60_000)
})

describe('sign-up rate limits', () => {
  let harness: DemoHarness
  beforeAll(async () => {
    harness = await startDemoHarness({ limits: { signupPerClient: new MemoryRateLimiter({ limit: 3, windowSeconds: 900 }), signupGlobal: new MemoryRateLimiter({ limit: 5, windowSeconds: 900 }) } })
  })
  afterAll(() => harness?.close())
  const signUp = (i: number, client: string) => formPost(harness, '/signup', { email: `limited${i}@example.com`, password: PASSWORD }, { headers: { 'x-test-client': client } })

  it('refuses a client past its budget, and everyone past the global one, with 429 and Retry-After', async () => {
    for (let i = 0; i < 3; i++) expect((await signUp(i, '192.0.2.1')).status).toBe(200)
    const perClient = await signUp(3, '192.0.2.1')
    expect(perClient.status).toBe(429)
    expect(perClient.headers.get('retry-after')).toMatch(/^\d+$/)
    expect((await signUp(4, '192.0.2.2')).status).toBe(200)
    expect((await signUp(5, '192.0.2.3')).status).toBe(200)
    expect((await signUp(6, '192.0.2.4')).status).toBe(429)
  })
})

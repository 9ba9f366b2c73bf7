import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../src/core/app/create-app.tsx'
import { Keyring } from '../src/core/keyring.ts'
import { createLinkService } from '../src/core/link-service.ts'
import { PiscinaSlotStore } from '../src/node/piscina-slot-store.ts'
import { startEdgeTarget, type EdgeTarget } from './support/edge-target.ts'
import { TEST_API_KEY } from './support/node-target.ts'

/**
 * Property: whatever arrives over HTTP, the answer is never a 5xx, and a refused request changes
 * nothing. CI runs a fixed seed and a small budget; `npm run fuzz` runs a long one
 * (FUZZ_RUNS, FUZZ_SEED).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 300)
const SEED = Number(process.env.FUZZ_SEED ?? 20261123)
const ORIGIN = 'http://fuzz.test'

let slots: PiscinaSlotStore
let app: ReturnType<typeof createApp>
let canaries: string[]

beforeAll(async () => {
  slots = await PiscinaSlotStore.start({ threads: 2 })
  const links = createLinkService({ keyring: await Keyring.random(), slots })
  app = createApp({ links, apiKey: TEST_API_KEY, publicUrl: ORIGIN })
  canaries = []
  for (const purpose of ['reset_password', 'confirm_email']) {
    const issued = await links.issue({ purpose, subject: 'canary', ttl: 3600 })
    if (issued.ok) canaries.push(issued.token)
  }
})
afterAll(() => slots.close())

/** Tokens that look like ours but are not: every one must be refused. */
const nearToken = () =>
  fc.tuple(fc.constantFrom(0, 1), fc.nat(), fc.constantFrom(...'AZaz09-_'.split('')), fc.string({ maxLength: 8 })).map(([which, at, ch, tail]) => {
    const token = canaries[which]!
    const i = at % token.length
    const changed = token[i] === ch ? (ch === 'A' ? 'B' : 'A') : ch
    return [token.slice(0, i) + changed + token.slice(i + 1), token.slice(0, i), token + 'A' + tail][at % 3]!
  })
const anyToken = () => fc.oneof(nearToken(), fc.stringMatching(/^[A-Za-z0-9_-]{0,300}$/), fc.string({ maxLength: 300 }).map(encodeURIComponent))

const path = () =>
  fc.oneof(
    fc.constantFrom('/api/links', '/api/links/consume', '/api/links/redeem', '/healthz', '/metrics', '/openapi.json', '/docs', '/', '/api', '/l/', '/assets/slotlink.css'),
    anyToken().map((t) => `/api/links/${t}`),
    anyToken().map((t) => `/l/${t}`),
    fc.string({ maxLength: 40 }).map((s) => `/api/subjects/${encodeURIComponent(s)}/links`),
    fc.tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 })).map(([s, p]) => `/api/subjects/${encodeURIComponent(s)}/links?purpose=${encodeURIComponent(p)}`),
    fc.tuple(fc.string({ maxLength: 20 }), anyToken()).map(([s, id]) => `/api/subjects/${encodeURIComponent(s)}/links/${id}`),
    fc.webPath(),
  )

const body = () =>
  fc.oneof(
    fc.constant(undefined),
    fc.json().map(String),
    fc.string({ maxLength: 200 }),
    fc
      .record(
        { purpose: fc.oneof(fc.string(), fc.constantFrom('reset_password', 'Bad')), subject: fc.oneof(fc.string({ maxLength: 300 }), fc.integer()), ttl: fc.oneof(fc.integer(), fc.double(), fc.string()), data: fc.oneof(fc.jsonValue(), fc.constant(null)), redirect: fc.string() },
        { requiredKeys: [] },
      )
      .map((o) => JSON.stringify(o)),
    fc.record({ token: fc.oneof(anyToken(), fc.integer(), fc.constant(null)), purpose: fc.oneof(fc.string(), fc.constant('confirm_email')) }, { requiredKeys: [] }).map((o) => JSON.stringify(o)),
    anyToken().map((t) => `confirm=1&token=${t}`),
    fc.constant('x'.repeat(20_000)),
  )

const headers = () =>
  fc.record(
    {
      // Mostly well-formed auth and media type, so that most requests reach validation and the slots.
      authorization: fc.oneof(
        { arbitrary: fc.constant(`Bearer ${TEST_API_KEY}`), weight: 6 },
        { arbitrary: fc.constant('Bearer nope'), weight: 1 },
        { arbitrary: fc.string({ maxLength: 40 }).filter((s) => /^[\x20-\x7e]*$/.test(s)), weight: 1 },
      ),
      'content-type': fc.oneof(
        { arbitrary: fc.constant('application/json'), weight: 6 },
        { arbitrary: fc.constantFrom('application/json; charset=utf-8', 'application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain', 'application/xml', ''), weight: 2 },
      ),
      origin: fc.constantFrom(ORIGIN, 'https://evil.example', 'null'),
      'sec-fetch-site': fc.constantFrom('same-origin', 'cross-site', 'none', 'bogus'),
    },
    { requiredKeys: ['authorization'] },
  )

describe('HTTP surface under arbitrary requests', () => {
  it('never answers 5xx, and a refused request changes no state', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof({ arbitrary: fc.constantFrom('GET', 'POST', 'DELETE'), weight: 4 }, { arbitrary: fc.constantFrom('HEAD', 'PUT', 'PATCH', 'OPTIONS'), weight: 1 }), path(), headers(), body(), async (method, p, h, b) => {
        const before = (await slots.stats()).open
        let res: Response
        try {
          res = await app.request(ORIGIN + p, { method, headers: h, body: method === 'GET' || method === 'HEAD' ? undefined : b })
        } catch (error) {
          // An invalid URL built by the fuzzer itself (not a server fault) is skipped.
          if (error instanceof TypeError && /URL|header/i.test(String(error))) return
          throw error
        }
        await res.arrayBuffer()
        expect(res.status, `${method} ${p}`).toBeLessThan(500)
        if (res.status >= 400) expect((await slots.stats()).open, `${method} ${p} -> ${res.status}`).toBe(before)
      }),
      { numRuns: RUNS, seed: SEED },
    )
    // The canary links, whose near misses were thrown at every route, are still open.
    for (const token of canaries) {
      const res = await app.request(`${ORIGIN}/api/links/${token}`, { headers: { authorization: `Bearer ${TEST_API_KEY}` } })
      expect(res.status).toBe(200)
    }
  }, 120_000)

  it('validates every API body: 201/200 or a 4xx naming the problem, never a 5xx', async () => {
    const auth = { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' }
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/api/links', '/api/links/consume'), fc.oneof(body(), fc.jsonValue().map((v) => JSON.stringify(v))), async (p, b) => {
        const before = (await slots.stats()).open
        const res = await app.request(ORIGIN + p, { method: 'POST', headers: auth, body: b })
        const text = await res.text()
        expect(res.status, `${p} ${b}`).toBeLessThan(500)
        if (res.status >= 400) {
          expect(JSON.parse(text)).toMatchObject({ error: expect.any(String), message: expect.any(String) })
          expect((await slots.stats()).open).toBe(before)
        }
      }),
      { numRuns: RUNS, seed: SEED },
    )
  }, 120_000)
})

/** The same property on the real worker under `wrangler dev`: over HTTP, so fewer runs, bounded in time. */
const EDGE_RUNS = Math.min(RUNS, Number(process.env.FUZZ_EDGE_RUNS ?? 80))

describe('HTTP surface on wrangler dev under arbitrary requests', () => {
  let edge: EdgeTarget
  beforeAll(async () => {
    edge = await startEdgeTarget()
    // The generators draw near misses from `canaries`: from here on, the worker's own links.
    canaries = []
    for (const purpose of ['reset_password', 'confirm_email']) {
      const res = await fetch(`${edge.target.baseUrl}/api/links`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ purpose, subject: 'canary', ttl: 3600 }),
      })
      canaries.push(((await res.json()) as { token: string }).token)
    }
  }, 120_000)
  afterAll(() => edge?.stop())

  it('never answers 5xx, and the canary links stay open', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'POST', 'DELETE', 'HEAD', 'PUT', 'OPTIONS'), path(), headers(), body(), async (method, p, h, b) => {
        const h2: Record<string, string> = { ...h, ...(h.origin !== undefined && { origin: h.origin === ORIGIN ? edge.target.baseUrl : h.origin }) } as Record<string, string>
        let res: Response
        try {
          res = await fetch(edge.target.baseUrl + p, { method, headers: h2, body: method === 'GET' || method === 'HEAD' ? undefined : b, redirect: 'manual' })
        } catch (error) {
          // A request fetch itself refuses to build (bad header value, bad URL) never reached the worker.
          if (error instanceof TypeError) return
          throw error
        }
        await res.arrayBuffer()
        expect(res.status, `${method} ${p}`).toBeLessThan(500)
      }),
      { numRuns: EDGE_RUNS, seed: SEED },
    )
    for (const token of canaries) {
      const res = await fetch(`${edge.target.baseUrl}/api/links/${token}`, { headers: { authorization: `Bearer ${TEST_API_KEY}` } })
      expect(res.status).toBe(200)
    }
  }, 120_000)
})

/**
 * The lean peers: what a user who writes the endpoint by hand on Hono gets. The same routes, JSON
 * parsing, validation (errors naming the field), body limits and constant-time bearer auth as
 * slotlink's API, written plainly, with no logging, metrics, security headers or request ids:
 *
 * - `lean-ceiling` stores nothing (a random token out, a canned link in): the cost of a lean HTTP
 *   endpoint alone;
 * - `lean-redis` keeps `sha256(token)` in Redis through ioredis: `SET … PX ttl NX` to mint and
 *   `GETDEL` to consume;
 * - `lean-safe` is the lean ceiling with the safety slotlink keeps on, written plainly in one
 *   middleware: a request id (`X-Request-Id`), the API answers' headers (`Cache-Control: no-store`
 *   and the six security headers slotlink sends), slotlink's request metrics (its `Metrics`) and its
 *   request line (its pino configuration). The gap from the lean ceiling to it is what that safety
 *   costs by hand; from it to the ceiling (slotlink's app, no store), what the framework costs.
 *
 * - `lean-safe-plain` is lean-safe with each answer's headers handed to its Response as one plain
 *   object, the way @hono/node-server writes them without building an undici `Headers`: what
 *   setting headers through Hono's context costs (bench/README.md, "A lean peer with the same safety").
 *
 *   node --import tsx bench/servers/lean-server.ts lean-ceiling|lean-redis|lean-safe|lean-safe-plain
 *   env: PORT, SLOTLINK_API_KEY, and REDIS_URL for lean-redis
 */
import { serve } from '@hono/node-server'
import { Hono, type Context } from 'hono'
import { Redis } from 'ioredis'
import { randomUUID, timingSafeEqual } from 'node:crypto'
import { MAX_BODY_BYTES, MAX_DATA_BYTES, MAX_DATA_DEPTH, MAX_SUBJECT_LENGTH, MAX_TOKEN_LENGTH, MAX_TTL_SECONDS, DEFAULT_TTL_SECONDS, PURPOSE_RE } from '../../src/core/limits.ts'
import { Metrics } from '../../src/core/metrics.ts'
import { createLogger } from '../../src/server/node/logger.ts'
import { newToken, PEER_LINK_ID, tokenHash } from '../peers/peer-token.ts'

const kind = process.argv[2]
const port = Number(process.env.PORT)
const apiKey = process.env.SLOTLINK_API_KEY
if (!apiKey || !port) throw new Error('PORT and SLOTLINK_API_KEY are required')
if (kind !== 'lean-ceiling' && kind !== 'lean-redis' && kind !== 'lean-safe' && kind !== 'lean-safe-plain') throw new Error(`unknown lean peer ${kind}`)
const redis = kind === 'lean-redis' ? new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379') : undefined

type Json = Record<string, unknown>
interface Stored {
  p: string
  s: string
  d: Json | null
  e: number
}

const fail = (c: Context, status: 400 | 401 | 404 | 413 | 415, error: string, message: string, field?: string) =>
  c.json(field === undefined ? { error, message } : { error, message, field }, status)
const invalid = (c: Context) => fail(c, 404, 'invalid', 'This link is not valid.')
const badField = (c: Context, field: string, message: string) => fail(c, 400, 'invalid_request', message, field)

const key = Buffer.from(apiKey)
function authorized(header: string | undefined): boolean {
  if (header === undefined || !header.startsWith('Bearer ')) return false
  const given = Buffer.from(header.slice(7))
  return given.length === key.length && timingSafeEqual(given, key)
}

/** The body as JSON, or the answer refusing it: JSON only, at most 16 KiB. */
async function jsonBody(c: Context): Promise<Json | Response> {
  if (!/^application\/json\s*(;|$)/i.test(c.req.header('content-type') ?? '')) return fail(c, 415, 'unsupported_media_type', 'The request body must be application/json.')
  const length = c.req.header('content-length')
  if (length !== undefined && Number(length) > MAX_BODY_BYTES) return fail(c, 413, 'payload_too_large', 'The request body is too large.')
  const text = await c.req.text()
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) return fail(c, 413, 'payload_too_large', 'The request body is too large.')
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return fail(c, 400, 'invalid_request', 'The body is not valid JSON.')
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return fail(c, 400, 'invalid_request', 'The body must be a JSON object.')
  return body as Json
}

function unknownField(body: Json, allowed: readonly string[]): string | undefined {
  for (const name in body) if (!allowed.includes(name)) return name
  return undefined
}

function depthAtMost(value: unknown, max: number): boolean {
  if (typeof value !== 'object' || value === null) return true
  if (max === 0) return false
  for (const child of Object.values(value)) if (!depthAtMost(child, max - 1)) return false
  return true
}

const MINT_FIELDS = ['purpose', 'subject', 'ttl', 'data']
const CONSUME_FIELDS = ['token', 'purpose']

/** What slotlink sends with every API answer (src/core/app/create-app.tsx, apiSecurityHeaders). */
const API_HEADERS = Object.entries({
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
})

const PLAIN_HEADERS = Object.fromEntries(API_HEADERS)
const app = new Hono()
if (kind === 'lean-safe' || kind === 'lean-safe-plain') {
  const metrics = new Metrics()
  const { requestLines } = createLogger()
  app.use('*', async (c, next) => {
    const started = performance.now()
    const requestId = randomUUID()
    if (kind === 'lean-safe-plain') {
      // Every answer here is c.json: one plain object of all its headers, built once per request.
      const headers = { 'content-type': 'application/json', ...PLAIN_HEADERS, 'X-Request-Id': requestId }
      c.json = ((object: unknown, status?: number) => new Response(JSON.stringify(object), { status: status ?? 200, headers })) as never
    } else {
      c.header('X-Request-Id', requestId)
      for (const [name, value] of API_HEADERS) c.header(name, value)
    }
    await next()
    const ms = performance.now() - started
    metrics.request(c.req.method, c.req.routePath, c.res.status, ms / 1000)
    requestLines.info({ event: 'request', method: c.req.method, route: c.req.routePath, status: c.res.status, ms: Math.round(ms * 10) / 10, requestId })
  })
}
app.get('/healthz', (c) => c.json({ status: 'ok' }))
app.use('/api/*', async (c, next) => (authorized(c.req.header('authorization')) ? next() : fail(c, 401, 'unauthorized', 'A valid API key is required: Authorization: Bearer <key>.')))

app.post('/api/links', async (c) => {
  const body = await jsonBody(c)
  if (body instanceof Response) return body
  const extra = unknownField(body, MINT_FIELDS)
  if (extra !== undefined) return badField(c, extra, `unknown field ${extra}`)
  const { purpose, subject, ttl = DEFAULT_TTL_SECONDS, data = null } = body
  if (typeof purpose !== 'string' || !PURPOSE_RE.test(purpose)) return badField(c, 'purpose', 'purpose must be a lowercase identifier: ^[a-z][a-z0-9_]{0,31}$')
  if (typeof subject !== 'string' || subject.length < 1 || subject.length > MAX_SUBJECT_LENGTH) return badField(c, 'subject', `subject must be 1 to ${MAX_SUBJECT_LENGTH} characters`)
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TTL_SECONDS) return badField(c, 'ttl', `ttl must be a whole number of seconds from 1 to ${MAX_TTL_SECONDS}`)
  if (data !== null && (typeof data !== 'object' || Array.isArray(data))) return badField(c, 'data', 'data must be an object or null')
  if (data !== null && (!depthAtMost(data, MAX_DATA_DEPTH) || Buffer.byteLength(JSON.stringify(data)) > MAX_DATA_BYTES)) return badField(c, 'data', `data must be at most ${MAX_DATA_BYTES} bytes of JSON, ${MAX_DATA_DEPTH} levels deep`)
  const expiresAt = Math.ceil(Date.now() / 1000) + ttl
  const { token, hash } = newToken()
  if (redis) {
    const value: Stored = { p: purpose, s: subject, d: data as Json | null, e: expiresAt }
    if ((await redis.set(hash, JSON.stringify(value), 'PX', ttl * 1000, 'NX')) !== 'OK') throw new Error('a fresh 32-byte token collided')
  }
  return c.json({ id: PEER_LINK_ID, token, url: `http://127.0.0.1:${port}/l/${token}`, expiresAt: new Date(expiresAt * 1000).toISOString() }, 201)
})

app.post('/api/links/consume', async (c) => {
  const body = await jsonBody(c)
  if (body instanceof Response) return body
  const extra = unknownField(body, CONSUME_FIELDS)
  if (extra !== undefined) return badField(c, extra, `unknown field ${extra}`)
  const { token, purpose } = body
  if (typeof token !== 'string') return badField(c, 'token', 'token must be a string')
  if (purpose !== undefined && (typeof purpose !== 'string' || !PURPOSE_RE.test(purpose))) return badField(c, 'purpose', 'purpose must be a lowercase identifier: ^[a-z][a-z0-9_]{0,31}$')
  if (token.length > MAX_TOKEN_LENGTH) return invalid(c)
  if (!redis) {
    return c.json({ id: PEER_LINK_ID, purpose: purpose ?? 'reset_password', subject: 'user-1', data: null, expiresAt: new Date(Date.now() + 900_000).toISOString() }, 200)
  }
  const hash = tokenHash(token)
  const text = hash && (await redis.getdel(hash))
  if (!text) return invalid(c)
  const stored = JSON.parse(text) as Stored
  if (purpose !== undefined && stored.p !== purpose) return invalid(c)
  return c.json({ id: PEER_LINK_ID, purpose: stored.p, subject: stored.s, data: stored.d, expiresAt: new Date(stored.e * 1000).toISOString() }, 200)
})

// A peek, only so the bench can tell this server from another on the port (bench/targets.ts).
app.get('/api/links/:token', async (c) => {
  const hash = tokenHash(c.req.param('token'))
  const text = redis && hash && (await redis.get(hash))
  if (!text) return invalid(c)
  const stored = JSON.parse(text) as Stored
  return c.json({ id: PEER_LINK_ID, purpose: stored.p, subject: stored.s, data: stored.d, expiresAt: new Date(stored.e * 1000).toISOString() }, 200)
})

app.notFound((c) => c.json({ error: 'not_found', message: 'There is nothing here.' }, 404))

const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' })
process.once('SIGTERM', () => {
  server.close()
  redis?.disconnect()
  process.exit(0)
})

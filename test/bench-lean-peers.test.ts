import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findBinary } from '../bench/helpers/redis-server.ts'
import { startTarget, type Target } from '../bench/targets.ts'

/**
 * The lean peers (bench/servers/lean-server.ts) stand in for a user's hand-written endpoint, so
 * the bench's ratios mean something only if they do the same work slotlink's API does: bearer
 * auth, JSON only, bounded bodies, validation naming the field, and for the Redis one, a link
 * used once. Real processes and a real redis-server.
 */
const withRedis = findBinary('redis-server') !== undefined

const peers: ('lean-ceiling' | 'lean-safe' | 'lean-safe-plain' | 'lean-redis')[] = ['lean-ceiling', 'lean-safe', 'lean-safe-plain', ...(withRedis ? ['lean-redis' as const] : [])]

describe.each(peers)('bench peer %s', (name) => {
  let target: Target
  beforeAll(async () => {
    const started = await startTarget(name)
    if (typeof started === 'string') throw new Error(started)
    target = started
  }, 60_000)
  afterAll(() => target?.stop())

  const post = async (path: string, body: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${target.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${target.apiKey}`, 'content-type': 'application/json', ...headers }, body })
    return { status: response.status, body: (await response.json()) as Record<string, unknown>, headers: response.headers }
  }

  // lean-safe stands for "the same safety, written plainly": it must send what slotlink's API
  // does, and the other two nothing of it, or the bench's split of the gap means nothing.
  it(name.startsWith('lean-safe') ? "sends slotlink's API headers and a fresh request id with every answer, refusals too" : 'sends none of the safety headers nor a request id', async () => {
    const minted = await post('/api/links', JSON.stringify({ purpose: 'reset_password', subject: 'user-1' }))
    const refused = await post('/api/links', '{}', { authorization: '' })
    for (const { headers } of [minted, refused]) {
      const sent = ['cache-control', 'content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy', 'cross-origin-resource-policy'].map((h) => headers.get(h))
      if (!name.startsWith('lean-safe')) {
        expect([...sent, headers.get('x-request-id')]).toEqual([null, null, null, null, null, null, null])
        continue
      }
      expect(sent).toEqual(['no-store', "default-src 'none'; frame-ancestors 'none'", 'nosniff', 'DENY', 'no-referrer', 'same-origin'])
      expect(headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    }
    if (name.startsWith('lean-safe')) expect(minted.headers.get('x-request-id')).not.toBe(refused.headers.get('x-request-id'))
  })

  it('refuses a missing or wrong key, another media type and a body over 16 KiB, in the contract\'s error shape', async () => {
    const mint = JSON.stringify({ purpose: 'reset_password', subject: 'user-1' })
    expect((await post('/api/links', mint, { authorization: '' })).body.error).toBe('unauthorized')
    expect((await post('/api/links', mint, { authorization: `Bearer x${target.apiKey.slice(1)}` })).status).toBe(401)
    expect((await post('/api/links', mint, { 'content-type': 'text/plain' })).status).toBe(415)
    const big = JSON.stringify({ purpose: 'reset_password', subject: 'user-1', data: { pad: 'x'.repeat(17_000) } })
    expect((await post('/api/links', big)).status).toBe(413)
    expect((await post('/api/links', '{"purpose":')).body.error).toBe('invalid_request')
  })

  it('names the field a mint or consume got wrong', async () => {
    for (const [path, body, field] of [
      ['/api/links', { purpose: 'Reset', subject: 'user-1' }, 'purpose'],
      ['/api/links', { purpose: 'reset_password', subject: '' }, 'subject'],
      ['/api/links', { purpose: 'reset_password', subject: 'u', ttl: 1.5 }, 'ttl'],
      ['/api/links', { purpose: 'reset_password', subject: 'u', extra: 1 }, 'extra'],
      ['/api/links/consume', { token: 7 }, 'token'],
    ] as const) {
      const answer = await post(path, JSON.stringify(body))
      expect([answer.status, answer.body.error, answer.body.field], JSON.stringify(body)).toEqual([400, 'invalid_request', field])
    }
  })

  it('mints a link in slotlink\'s shape and answers its consume with the link', async () => {
    const minted = await post('/api/links', JSON.stringify({ purpose: 'reset_password', subject: 'user-9', data: { a: 1 } }))
    expect(minted.status).toBe(201)
    expect(Object.keys(minted.body).sort()).toEqual(['expiresAt', 'id', 'token', 'url'])
    const token = minted.body.token as string
    const used = await post('/api/links/consume', JSON.stringify({ token, purpose: 'reset_password' }))
    expect(used.status).toBe(200)
    expect(Object.keys(used.body).sort()).toEqual(['data', 'expiresAt', 'id', 'purpose', 'subject'])
    if (name === 'lean-redis') {
      expect(used.body).toMatchObject({ subject: 'user-9', data: { a: 1 }, purpose: 'reset_password' })
      // Used once: GETDEL took it.
      expect((await post('/api/links/consume', JSON.stringify({ token }))).status).toBe(404)
      const forged = token.slice(0, -10) + (token.at(-10) === 'A' ? 'B' : 'A') + token.slice(-9)
      const other = await post('/api/links', JSON.stringify({ purpose: 'reset_password', subject: 'user-9' }))
      expect(other.status).toBe(201)
      expect((await post('/api/links/consume', JSON.stringify({ token: forged }))).body.error).toBe('invalid')
    }
  })
})

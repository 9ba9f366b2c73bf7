import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readEdgeConfig, type EdgeVars } from '../src/server/edge/edge-config.ts'
import { startEdgeTarget, type EdgeTarget } from './support/edge-target.ts'

const KEY = 'k1:' + Buffer.alloc(32, 1).toString('base64url')
const API_KEY = 'a'.repeat(40)
const env = (vars: EdgeVars): EdgeVars => ({ SLOTLINK_KEYS: KEY, SLOTLINK_API_KEY: API_KEY, PUBLIC_URL: '', ...vars })

describe('edge settings (readEdgeConfig)', () => {
  it('reads keys, API key and an optional PUBLIC_URL', () => {
    const read = readEdgeConfig(env({ PUBLIC_URL: 'https://auth.example.com/' }))
    expect(read.ok && read.config.publicUrl).toBe('https://auth.example.com')
    expect(read.ok && read.config.keys.map((k) => k.id)).toEqual(['k1'])
    // Empty is for development only: the links' origin then follows the request's Host.
    const noUrl = readEdgeConfig(env({ NODE_ENV: 'development' }))
    expect(noUrl.ok && noUrl.config.publicUrl).toBeUndefined()
  })

  it('requires PUBLIC_URL in production: a request\'s Host must not choose where reset links point', () => {
    const read = readEdgeConfig(env({}))
    expect(read.ok).toBe(false)
    if (!read.ok) expect(read.error).toMatchObject({ variable: 'PUBLIC_URL', problem: expect.stringMatching(/required in production/) })
  })

  it.each([
    ['SLOTLINK_KEYS', { SLOTLINK_KEYS: '' }, /required at the edge/],
    ['SLOTLINK_KEYS', { SLOTLINK_KEYS: 'k1:c2hvcnQ' }, /at least 32 bytes/],
    ['SLOTLINK_KEYS', { SLOTLINK_KEYS: 'no-colon-here-but-a-long-secret-value' }, /kid:secret/],
    ['SLOTLINK_KEYS', { SLOTLINK_KEYS: `${KEY},${KEY}` }, /unique/],
    ['SLOTLINK_API_KEY', { SLOTLINK_API_KEY: undefined }, /required at the edge/],
    ['SLOTLINK_API_KEY', { SLOTLINK_API_KEY: 'short-secret-key' }, /at least 32/],
    ['PUBLIC_URL', { PUBLIC_URL: 'ftp://example.com' }, /http\(s\)/],
  ] as const)('refuses a bad %s, naming it and never echoing the value', (variable, vars, problem) => {
    const read = readEdgeConfig(env(vars))
    expect(read.ok).toBe(false)
    if (read.ok) return
    expect(read.error.variable).toBe(variable)
    expect(read.error.problem).toMatch(problem)
    const value = Object.values(vars)[0]
    if (value) expect(read.error.problem).not.toContain(value.split(':').pop())
  })
})

describe('a worker deployed without SLOTLINK_KEYS', () => {
  let edge: EdgeTarget
  beforeAll(async () => {
    edge = await startEdgeTarget({ SLOTLINK_KEYS: '' })
  })
  afterAll(() => edge?.stop())

  it('answers every request with one clear error naming the missing secret, and mints nothing', async () => {
    for (const path of ['/healthz', '/l/anything']) {
      const res = await fetch(edge.target.baseUrl + path)
      expect(res.status).toBe(500)
      const body = (await res.json()) as { error: string; message: string }
      expect(body.error).toBe('internal_error')
      expect(body.message).toMatch(/SLOTLINK_KEYS is required at the edge/)
      expect(body.message).toMatch(/wrangler secret put/)
    }
    const mint = await fetch(edge.target.baseUrl + '/api/links', {
      method: 'POST',
      headers: { authorization: `Bearer ${edge.target.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ purpose: 'confirm_email', subject: 'u' }),
    })
    expect(mint.status).toBe(500)
  })
})

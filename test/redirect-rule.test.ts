import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../src/core/app/create-app.tsx'
import { Keyring } from '../src/core/keyring.ts'
import { createLinkService } from '../src/core/link-service.ts'
import { PiscinaSlotStore } from '../src/node/piscina-slot-store.ts'
import { ConfigError, loadConfig } from '../src/server/node/config.ts'
import { readEdgeConfig } from '../src/server/edge/edge-config.ts'
import { TEST_API_KEY } from './support/node-target.ts'

let slots: PiscinaSlotStore
let open: ReturnType<typeof createApp>
let listed: ReturnType<typeof createApp>
beforeAll(async () => {
  slots = await PiscinaSlotStore.start({ threads: 1 })
  const links = createLinkService({ keyring: await Keyring.random(), slots })
  open = createApp({ links, apiKey: TEST_API_KEY, publicUrl: 'http://links.test' })
  listed = createApp({ links, apiKey: TEST_API_KEY, publicUrl: 'http://links.test', redirectOrigins: ['https://app.example.com', 'http://localhost:5173'] })
})
afterAll(() => slots?.close())

const issue = (app: ReturnType<typeof createApp>, redirect: string) =>
  app.request('http://links.test/api/links', {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ purpose: 'p', subject: 's', redirect }),
  })

describe('redirect (contract v2)', () => {
  it.each(['https://app.example.com/done', 'http://localhost:3000/cb', 'http://127.0.0.1/cb', 'http://[::1]:8080/cb'])('accepts %s', async (redirect) => {
    const res = await issue(open, redirect)
    expect(res.status).toBe(201)
    expect(((await res.json()) as { url: string }).url).toMatch(/[?&]token=/)
  })

  it.each(['http://app.example.com/done', 'https://user:pass@app.example.com/', 'https://user@app.example.com/', 'http://localhost.evil.example/', 'javascript:alert(1)'])(
    'refuses %s with 400 invalid_request naming the field, and mints nothing',
    async (redirect) => {
      const before = (await slots.stats()).open
      const res = await issue(open, redirect)
      expect(res.status).toBe(400)
      expect(await res.json()).toMatchObject({ error: 'invalid_request', field: 'redirect' })
      expect((await slots.stats()).open).toBe(before)
    },
  )

  it('allows only the listed origins when SLOTLINK_REDIRECT_ORIGINS is set', async () => {
    expect((await issue(listed, 'https://app.example.com/x')).status).toBe(201)
    expect((await issue(listed, 'http://localhost:5173/x')).status).toBe(201)
    expect((await issue(listed, 'https://other.example.com/x')).status).toBe(400)
    expect((await issue(listed, 'http://localhost:3000/x')).status).toBe(400)
  })

  it('reads SLOTLINK_REDIRECT_ORIGINS, and a bad origin stops start-up naming the variable', () => {
    const base = { SLOTLINK_API_KEY: 'k'.repeat(40) }
    expect(loadConfig({ ...base, SLOTLINK_REDIRECT_ORIGINS: 'https://a.example, http://localhost:5173' }).redirectOrigins).toEqual(['https://a.example', 'http://localhost:5173'])
    for (const bad of ['https://a.example/path', 'ftp://a.example', 'not a url', 'https://u:p@a.example']) {
      expect(() => loadConfig({ ...base, SLOTLINK_REDIRECT_ORIGINS: bad })).toThrow(ConfigError)
      try {
        loadConfig({ ...base, SLOTLINK_REDIRECT_ORIGINS: bad })
      } catch (error) {
        expect((error as ConfigError).variable).toBe('SLOTLINK_REDIRECT_ORIGINS')
      }
    }
    const keys = 'k1:' + Buffer.alloc(32, 1).toString('base64url')
    const edge = readEdgeConfig({ SLOTLINK_KEYS: keys, SLOTLINK_API_KEY: 'k'.repeat(40), PUBLIC_URL: 'https://auth.example.com', SLOTLINK_REDIRECT_ORIGINS: 'https://a.example' })
    expect(edge.ok && edge.config.redirectOrigins).toEqual(['https://a.example'])
  })
})

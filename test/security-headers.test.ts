import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../src/core/app/create-app.tsx'
import { Keyring } from '../src/core/keyring.ts'
import { createLinkService } from '../src/core/link-service.ts'
import { PiscinaSlotStore } from '../src/node/piscina-slot-store.ts'
import { TEST_API_KEY } from './support/node-target.ts'

/** Headers that guard a rendered document; a JSON answer is never one. */
const DOCUMENT_ONLY = ['cross-origin-opener-policy', 'origin-agent-cluster', 'x-dns-prefetch-control', 'x-download-options', 'x-permitted-cross-domain-policies', 'x-xss-protection']

let slots: PiscinaSlotStore
const apps = new Map<string, ReturnType<typeof createApp>>()
beforeAll(async () => {
  slots = await PiscinaSlotStore.start({ threads: 1 })
  const links = createLinkService({ keyring: await Keyring.random(), slots })
  for (const publicUrl of ['http://links.test', 'https://links.test']) apps.set(publicUrl, createApp({ links, apiKey: TEST_API_KEY, publicUrl, wholeSite: true }))
})
afterAll(() => slots?.close())

const request = (publicUrl: string, path: string, init: RequestInit = {}) => apps.get(publicUrl)!.request(`${publicUrl}${path}`, init)
const mint = (publicUrl: string, auth = TEST_API_KEY) =>
  request(publicUrl, '/api/links', { method: 'POST', headers: { authorization: `Bearer ${auth}`, 'content-type': 'application/json' }, body: JSON.stringify({ purpose: 'reset_password', subject: 'u1' }) })

describe('security headers', () => {
  it('marks every API answer no-store, nosniff and unframable, a success and a refusal alike', async () => {
    for (const res of [await mint('http://links.test'), await mint('http://links.test', 'wrong-key-0123456789abcdefghijklmnop'), await request('http://links.test', '/api/nowhere')]) {
      expect(res.headers.get('content-type')).toMatch(/^application\/json/)
      expect(res.headers.get('cache-control'), String(res.status)).toBe('no-store')
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'")
      expect(res.headers.get('x-frame-options')).toBe('DENY')
      expect(res.headers.get('referrer-policy')).toBe('no-referrer')
      expect(res.headers.get('x-request-id')).toMatch(/./)
      for (const name of DOCUMENT_ONLY) expect(res.headers.get(name), name).toBeNull()
    }
  })

  it('gives pages the document headers too', async () => {
    const page = await request('http://links.test', '/l/not-a-token')
    expect(page.headers.get('content-type')).toMatch(/^text\/html/)
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    for (const name of DOCUMENT_ONLY) expect(page.headers.get(name), name).not.toBeNull()
  })

  it('sends HSTS when slotlink is reached over https, and not over plain http, where browsers ignore it', async () => {
    for (const [publicUrl, hsts] of [['https://links.test', true], ['http://links.test', false]] as const) {
      for (const res of [await mint(publicUrl), await request(publicUrl, '/l/not-a-token')]) {
        expect(res.headers.get('strict-transport-security') !== null, `${publicUrl} ${res.status}`).toBe(hsts)
      }
    }
  })
})

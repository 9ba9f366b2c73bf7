import { gunzipSync } from 'node:zlib'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSlotlink, type Slotlink } from '../src/node/index.ts'

// The README's library example, as a Node/Hono developer would write it.
let slotlink: Slotlink
beforeAll(async () => {
  slotlink = await createSlotlink({ keys: 'k1:' + Buffer.alloc(32, 3).toString('base64url'), slots: { threads: 1 } })
})
afterAll(() => slotlink.close())

describe('library entry (createSlotlink)', () => {
  it('issues, peeks, consumes once and revokes', async () => {
    const issued = await slotlink.issue({ purpose: 'magic_login', subject: 'user-7', ttl: 60, data: { next: '/home' } })
    expect(issued.ok).toBe(true)
    if (!issued.ok) return
    expect(await slotlink.peek(issued.token)).toMatchObject({ ok: true, link: { subject: 'user-7', data: { next: '/home' } } })
    expect(await slotlink.consume(issued.token, { purpose: 'magic_login' })).toMatchObject({ ok: true, link: { subject: 'user-7' } })
    expect(await slotlink.consume(issued.token, { purpose: 'magic_login' })).toEqual({ ok: false, reason: 'used', purpose: 'magic_login', used: { reason: 'consumed', at: expect.any(Date) } })

    const other = await slotlink.issue({ purpose: 'magic_login', subject: 'user-7' })
    expect(await slotlink.revokeSubject('user-7')).toBe(1)
    if (other.ok) expect(await slotlink.consume(other.token)).toMatchObject({ ok: false, reason: 'used' })
  })

  it('throws on programmer errors in issue input rather than minting a bad link', async () => {
    await expect(slotlink.issue({ purpose: 'Bad Purpose', subject: 'x' })).rejects.toThrow(/purpose/)
    await expect(slotlink.issue({ purpose: 'ok', subject: '' })).rejects.toThrow(/subject/)
  })

  it('mounts its routes on the developer’s own Hono app', async () => {
    const app = new Hono()
    app.get('/hello', (c) => c.text('mine'))
    app.route('/', slotlink.routes({ apiKey: 'a'.repeat(40), publicUrl: 'https://example.test' }))
    expect(await (await app.request('/hello')).text()).toBe('mine')
    const res = await app.request('https://example.test/api/links', {
      method: 'POST',
      headers: { authorization: `Bearer ${'a'.repeat(40)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ purpose: 'confirm_email', subject: 'u' }),
    })
    expect(res.status).toBe(201)
    const { token, url } = (await res.json()) as { token: string; url: string }
    expect(url).toBe(`https://example.test/l/${token}`)
    expect(await slotlink.consume(token)).toMatchObject({ ok: true })
  })

  it.each(['', '/auth'])('serves /docs mounted at "%s": the page loads its scripts and the document from under that prefix', async (prefix) => {
    const app = new Hono()
    app.route(prefix || '/', slotlink.docs({ publicUrl: `https://example.test${prefix}` }))
    const page = await app.request(`https://example.test${prefix}/docs`)
    expect(page.status).toBe(200)
    const html = await page.text()
    const scripts = [...html.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]!)
    expect(scripts).toEqual([`${prefix}/docs/start.js`, `${prefix}/docs/api-reference.js`])
    for (const src of scripts) {
      const script = await app.request(`https://example.test${src}`)
      expect(script.status, src).toBe(200)
      expect(script.headers.get('content-type'), src).toMatch(/^text\/javascript/)
    }
    const documentUrl = /data-openapi-url="([^"]+)"/.exec(html)?.[1]
    expect(documentUrl).toBe(`${prefix}/openapi.json`)
    const document = await app.request(`https://example.test${documentUrl}`)
    expect(document.status).toBe(200)
    expect(((await document.json()) as { servers: { url: string }[] }).servers[0]!.url).toBe(`https://example.test${prefix}`)
  })

  it('sends the 4 MB reference bundle gzipped to a browser that accepts gzip, and as is to one that does not', async () => {
    const app = new Hono()
    app.route('/', slotlink.docs({ publicUrl: 'https://example.test' }))
    const url = 'https://example.test/docs/api-reference.js'
    const plain = await app.request(url)
    expect(plain.headers.get('content-encoding')).toBeNull()
    const text = await plain.text()
    expect(text.length).toBeGreaterThan(1_000_000)
    for (let i = 0; i < 2; i++) {
      // The second answer comes from the bytes compressed once; both must be the same bundle.
      const zipped = await app.request(url, { headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } })
      expect(zipped.headers.get('content-encoding')).toBe('gzip')
      expect(zipped.headers.get('vary')).toMatch(/accept-encoding/i)
      const bytes = new Uint8Array(await zipped.arrayBuffer())
      expect(bytes.length).toBeLessThan(text.length / 2)
      expect(gunzipSync(bytes).toString('utf8')).toBe(text)
    }
    const refused = await app.request(url, { headers: { 'accept-encoding': 'gzip;q=0, identity' } })
    expect(refused.headers.get('content-encoding')).toBeNull()
  })

  it("/docs speaks the reader's language where Scalar has its interface in it: German, else English", async () => {
    const app = new Hono().route('/', slotlink.docs({ publicUrl: 'https://example.test' }))
    const page = async (language: string) => (await app.request('https://example.test/docs', { headers: { 'accept-language': language } })).text()
    const german = await page('de-DE,de;q=0.9')
    expect(german).toContain('<html lang="de" dir="ltr">')
    expect(german).toContain('<title>slotlink-API-Referenz</title>')
    expect(await page('en-US')).toContain('<html lang="en" dir="ltr">')
    // The pseudo-locale is slotlink's own; Scalar does not know it, so the page stays English.
    expect(await (await app.request('https://example.test/docs?lang=ar-XB')).text()).toContain('<html lang="en" dir="ltr">')
  })
})

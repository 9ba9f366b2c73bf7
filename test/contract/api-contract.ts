/**
 * The contract suite: what users, their browsers and other backends rely on, probed from outside
 * over HTTP. One suite, run against every target (the Node server; the Workers runtime).
 */
import { describe, expect, it } from 'vitest'
import { contractClient } from './client.ts'
import { describeContractV2 } from './api-contract-v2.ts'

export interface ContractTarget {
  /** The server's PUBLIC_URL; requests go there, and same-origin form posts come from it. */
  baseUrl: string
  apiKey: string
  /** How to send a request: the global fetch over a socket, or an in-process `app.request`. */
  fetch?: (url: string, init?: RequestInit) => Promise<Response>
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export function describeContract(name: string, getTarget: () => ContractTarget) {
  const t = () => getTarget()
  const { fetch, api } = contractClient(getTarget)
  const mint = async (input: Record<string, unknown> = {}) => {
    const res = await api('/api/links', { method: 'POST', json: { purpose: 'confirm_email', subject: 'user-1', ...input } })
    expect(res.status).toBe(201)
    return (await res.json()) as { id: string; token: string; url: string; expiresAt: string }
  }
  const consume = (token: string, purpose?: string) => api('/api/links/consume', { method: 'POST', json: { token, purpose } })
  const expectError = async (res: Response, status: number, error: string) => {
    expect(res.status).toBe(status)
    const body = (await res.json()) as { error: string; message: string }
    expect(body.error).toBe(error)
    expect(typeof body.message).toBe('string')
    return body
  }
  const forge = (token: string) => token.slice(0, -2) + (token.endsWith('AA') ? 'AQ' : 'AA')

  describe(`contract: ${name}`, () => {
    describe('POST /api/links', () => {
      it('mints a link: 201 {token, url, expiresAt}, url under /l/', async () => {
        const before = Date.now()
        const link = await mint({ ttl: 120, data: { email: 'ada@example.com' } })
        expect(link.token).toMatch(/^[A-Za-z0-9_-]{1,256}$/)
        expect(link.url).toBe(`${t().baseUrl}/l/${link.token}`)
        const expires = Date.parse(link.expiresAt)
        expect(expires).toBeGreaterThanOrEqual(before + 119_000)
        expect(expires).toBeLessThanOrEqual(Date.now() + 121_000)
      })

      it('marks API answers never to be cached or framed, a mint and a refusal alike', async () => {
        const minted = await api('/api/links', { method: 'POST', json: { purpose: 'confirm_email', subject: 'user-1' } })
        const refused = await consume('not-a-token')
        for (const res of [minted, refused]) {
          expect(res.headers.get('cache-control'), String(res.status)).toBe('no-store')
          expect(res.headers.get('x-content-type-options')).toBe('nosniff')
          expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'")
        }
      })

      it('defaults ttl to 900 seconds', async () => {
        const link = await mint()
        expect(Date.parse(link.expiresAt) - Date.now()).toBeGreaterThan(895_000)
        expect(Date.parse(link.expiresAt) - Date.now()).toBeLessThanOrEqual(901_000)
      })

      it('puts the token in the redirect URL when one is given', async () => {
        const link = await mint({ redirect: 'https://app.example.com/confirm?lang=en' })
        const url = new URL(link.url)
        expect(url.origin + url.pathname).toBe('https://app.example.com/confirm')
        expect(url.searchParams.get('lang')).toBe('en')
        expect(url.searchParams.get('token')).toBe(link.token)
      })

      it('never puts the subject or data in the token', async () => {
        const link = await mint({ subject: 'very-secret-subject', data: { marker: 'very-secret-data' } })
        const decoded = Buffer.from(link.token, 'base64url').toString('latin1')
        expect(decoded).not.toContain('very-secret')
      })

      it.each([
        ['purpose', { purpose: 'Reset' }],
        ['purpose', { purpose: '' }],
        ['purpose', { purpose: 'a'.repeat(33) }],
        ['subject', { subject: '' }],
        ['subject', { subject: 's'.repeat(257) }],
        ['ttl', { ttl: 0 }],
        ['ttl', { ttl: 604_801 }],
        ['ttl', { ttl: 1.5 }],
        ['ttl', { ttl: '60' }],
        ['data', { data: [1, 2] }],
        ['data', { data: { blob: 'x'.repeat(4100) } }],
        ['redirect', { redirect: 'javascript:alert(1)' }],
        ['redirect', { redirect: '/relative' }],
      ])('refuses a bad %s with 400 invalid_request naming the field', async (field, patch) => {
        const res = await api('/api/links', { method: 'POST', json: { purpose: 'confirm_email', subject: 'u', ...patch } })
        const body = await expectError(res, 400, 'invalid_request')
        expect((body as { field?: string }).field).toBe(field)
      })

      it('refuses a missing field, an unknown field and malformed JSON with 400', async () => {
        await expectError(await api('/api/links', { method: 'POST', json: { purpose: 'confirm_email' } }), 400, 'invalid_request')
        await expectError(await api('/api/links', { method: 'POST', json: { purpose: 'confirm_email', subject: 'u', extra: 1 } }), 400, 'invalid_request')
        await expectError(
          await api('/api/links', { method: 'POST', body: '{"purpose":', headers: { 'content-type': 'application/json' } }),
          400,
          'invalid_request',
        )
        await expectError(await api('/api/links', { method: 'POST', json: [] }), 400, 'invalid_request')
      })

      it('refuses a body over 16 KiB with 413, and non-JSON with 415', async () => {
        const big = { purpose: 'confirm_email', subject: 'u', data: { a: 'x'.repeat(17 * 1024) } }
        await expectError(await api('/api/links', { method: 'POST', json: big }), 413, 'payload_too_large')
        await expectError(
          await api('/api/links', { method: 'POST', body: 'purpose=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
          415,
          'unsupported_media_type',
        )
        await expectError(await api('/api/links', { method: 'POST', body: '{}' , headers: { 'content-type': 'text/plain' } }), 415, 'unsupported_media_type')
      })

      it('holds a streamed body (no Content-Length) to the same 16 KiB', async () => {
        const streamed = (text: string) =>
          api('/api/links', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: new Blob([text]).stream(),
            duplex: 'half',
          } as RequestInit)
        const small = JSON.stringify({ purpose: 'confirm_email', subject: 'user-1' })
        expect((await streamed(small)).status).toBe(201)
        const big = JSON.stringify({ purpose: 'confirm_email', subject: 'u', data: { a: 'x'.repeat(17 * 1024) } })
        await expectError(await streamed(big), 413, 'payload_too_large')
      })
    })

    describe('authentication', () => {
      it.each([
        ['no header', {}],
        ['a wrong key', { authorization: 'Bearer wrong-key-wrong-key-wrong-key-wrong' }],
        ['another scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
        ['a malformed header', { authorization: 'Bearer' }],
      ])('answers 401 unauthorized to %s on every API route', async (_, headers) => {
        const link = await mint()
        const routes: [string, string][] = [
          ['POST', '/api/links'],
          ['GET', `/api/links/${link.token}`],
          ['POST', '/api/links/consume'],
          ['DELETE', `/api/links/${link.token}`],
          ['DELETE', '/api/subjects/user-1/links'],
        ]
        for (const [method, path] of routes) {
          const res = await fetch(t().baseUrl + path, {
            method,
            headers: { 'content-type': 'application/json', ...headers },
            body: method === 'POST' ? JSON.stringify({ token: link.token, purpose: 'confirm_email', subject: 'u' }) : undefined,
          })
          await expectError(res, 401, 'unauthorized')
        }
        // Nothing above used the link.
        expect((await consume(link.token)).status).toBe(200)
      })
    })

    describe('GET /api/links/:token (peek)', () => {
      it('returns the link without consuming it', async () => {
        const link = await mint({ subject: 'user-peek', data: { a: 1 } })
        for (let i = 0; i < 3; i++) {
          const res = await api(`/api/links/${link.token}`)
          expect(res.status).toBe(200)
          expect(await res.json()).toEqual({ id: link.id, purpose: 'confirm_email', subject: 'user-peek', data: { a: 1 }, expiresAt: link.expiresAt })
        }
        expect((await consume(link.token)).status).toBe(200)
        await expectError(await api(`/api/links/${link.token}`), 410, 'used')
      })

      it('answers 404 invalid to malformed, forged and over-long tokens', async () => {
        const link = await mint()
        for (const bad of ['x', 'AAAA', forge(link.token), link.token + 'A', 'A'.repeat(300), '%00%ff', '..%2F..%2Fetc']) {
          await expectError(await api(`/api/links/${bad}`), 404, 'invalid')
        }
      })
    })

    describe('POST /api/links/consume', () => {
      it('works once: 200 with the link, then 410 used', async () => {
        const link = await mint({ subject: 'user-c', data: { n: 2 } })
        const first = await consume(link.token)
        expect(first.status).toBe(200)
        expect(await first.json()).toEqual({ id: link.id, purpose: 'confirm_email', subject: 'user-c', data: { n: 2 }, expiresAt: link.expiresAt })
        await expectError(await consume(link.token), 410, 'used')
      })

      it('lets exactly one of 100 concurrent consumes win', async () => {
        const link = await mint()
        const statuses = await Promise.all(Array.from({ length: 100 }, () => consume(link.token).then((r) => r.status)))
        expect(statuses.filter((s) => s === 200)).toHaveLength(1)
        expect(statuses.filter((s) => s === 410)).toHaveLength(99)
      })

      it('answers 404 invalid for a purpose mismatch and leaves the link open', async () => {
        const link = await mint({ purpose: 'confirm_email' })
        await expectError(await consume(link.token, 'magic_login'), 404, 'invalid')
        expect((await consume(link.token, 'confirm_email')).status).toBe(200)
      })

      it('answers 404 invalid for forged and malformed tokens, one answer for all', async () => {
        const link = await mint()
        const bodies = new Set<string>()
        for (const bad of [forge(link.token), 'not-a-token', '', 'A'.repeat(400)]) {
          const res = await consume(bad)
          expect(res.status).toBe(404)
          bodies.add(await res.text())
        }
        expect(bodies.size).toBe(1)
        expect((await consume(link.token)).status).toBe(200)
      })

      it('answers 410 expired once the signed expiry has passed', async () => {
        const link = await mint({ ttl: 1 })
        await sleep(Math.max(0, Date.parse(link.expiresAt) - Date.now()) + 100)
        await expectError(await consume(link.token), 410, 'expired')
        await expectError(await api(`/api/links/${link.token}`), 410, 'expired')
      })

      it('refuses a bad body with 400 naming the field', async () => {
        const body = await expectError(await api('/api/links/consume', { method: 'POST', json: { token: 5 } }), 400, 'invalid_request')
        expect((body as { field?: string }).field).toBe('token')
      })
    })

    describe('revoking', () => {
      it('DELETE /api/links/:token answers 204, then the link is used', async () => {
        const link = await mint()
        const res = await api(`/api/links/${link.token}`, { method: 'DELETE' })
        expect(res.status).toBe(204)
        expect(await res.text()).toBe('')
        await expectError(await consume(link.token), 410, 'used')
        await expectError(await api(`/api/links/${link.token}`, { method: 'DELETE' }), 410, 'used')
        await expectError(await api(`/api/links/${forge(link.token)}`, { method: 'DELETE' }), 404, 'invalid')
      })

      it("DELETE /api/subjects/:subject/links revokes a subject's open links, optionally of one purpose", async () => {
        const subject = `user-revoke-${Math.random().toString(36).slice(2)}`
        const resets = [await mint({ subject, purpose: 'reset_password' }), await mint({ subject, purpose: 'reset_password' })]
        const confirm = await mint({ subject, purpose: 'confirm_email' })
        const other = await mint({ subject: subject + '-other', purpose: 'reset_password' })
        const one = await api(`/api/subjects/${encodeURIComponent(subject)}/links?purpose=reset_password`, { method: 'DELETE' })
        expect(one.status).toBe(200)
        expect(await one.json()).toEqual({ revoked: 2 })
        for (const link of resets) await expectError(await consume(link.token), 410, 'used')
        const rest = await api(`/api/subjects/${encodeURIComponent(subject)}/links`, { method: 'DELETE' })
        expect(await rest.json()).toEqual({ revoked: 1 })
        await expectError(await consume(confirm.token), 410, 'used')
        expect((await consume(other.token)).status).toBe(200)
        const none = await api(`/api/subjects/${encodeURIComponent(subject)}/links`, { method: 'DELETE' })
        expect(await none.json()).toEqual({ revoked: 0 })
      })

      it('refuses a bad purpose filter with 400', async () => {
        await expectError(await api('/api/subjects/u/links?purpose=Bad!', { method: 'DELETE' }), 400, 'invalid_request')
      })
    })

    describe('known path, other method', () => {
      const allowOf = (res: Response) => (res.headers.get('allow') ?? '').split(/,\s*/).filter(Boolean).sort()

      it('answers 405 method_not_allowed with Allow on API routes, before judging the body', async () => {
        const link = await mint()
        // text/plain bodies: the refusal is about the method, not a 415 for the media type.
        const cases: [string, string, string[]][] = [
          ['PUT', '/api/links', ['POST']],
          ['POST', `/api/links/${link.token}`, ['DELETE', 'GET', 'HEAD']],
          ['PATCH', '/api/links/consume', ['POST']],
          ['PUT', '/api/subjects/user-1/links', ['DELETE']],
        ]
        for (const [method, path, allow] of cases) {
          const res = await api(path, { method, headers: { 'content-type': 'text/plain' }, body: 'x' })
          await expectError(res, 405, 'method_not_allowed')
          expect(allowOf(res), `${method} ${path}`).toEqual(expect.arrayContaining(allow))
          expect(allowOf(res)).not.toContain(method)
        }
        expect((await consume(link.token)).status).toBe(200)
      })

      it('answers 405 on a fixed path that a pattern would also take: GET /api/links/consume is no peek at a link "consume"', async () => {
        // GET and DELETE /api/links/:token would match these paths; the fixed route owns them.
        for (const path of ['/api/links/consume', '/api/links/redeem']) {
          for (const method of ['GET', 'DELETE', 'PUT']) {
            const res = await api(path, { method })
            await expectError(res, 405, 'method_not_allowed')
            expect(allowOf(res), `${method} ${path}`).toEqual(['POST'])
          }
          const head = await api(path, { method: 'HEAD' })
          expect(head.status).toBe(405)
          expect(allowOf(head)).toEqual(['POST'])
        }
        // Still behind the API key, like every other answer under /api/.
        await expectError(await fetch(`${t().baseUrl}/api/links/consume`), 401, 'unauthorized')
        // The pattern still answers its own paths.
        const link = await mint()
        expect((await api(`/api/links/${link.token}`)).status).toBe(200)
        expect(allowOf(await api(`/api/links/${link.token}`, { method: 'PUT' }))).toEqual(['DELETE', 'GET', 'HEAD'])
      })

      it('answers 405 with Allow on pages, and a link page keeps its headers and stays open', async () => {
        const link = await mint()
        const page = await fetch(`${t().baseUrl}/l/${link.token}`, { method: 'DELETE' })
        expect(page.status).toBe(405)
        expect(allowOf(page)).toEqual(expect.arrayContaining(['GET', 'HEAD', 'POST']))
        expect(page.headers.get('cache-control')).toBe('no-store')
        expect((await fetch(`${t().baseUrl}/healthz`, { method: 'PUT' })).status).toBe(405)
        expect((await consume(link.token)).status).toBe(200)
      })

      it('still answers 404 where no method is routed', async () => {
        await expectError(await api('/api/nothing-here', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' }), 404, 'not_found')
        expect((await fetch(`${t().baseUrl}/no-such-page`, { method: 'DELETE' })).status).toBe(404)
      })
    })

    describe('service routes', () => {
      it('GET /healthz answers 200 {status: "ok"} without auth', async () => {
        const res = await fetch(`${t().baseUrl}/healthz`)
        expect(res.status).toBe(200)
        expect(await res.json()).toMatchObject({ status: 'ok' })
      })

      it('GET /metrics serves Prometheus text with link outcomes, open slots and queue depth', async () => {
        const link = await mint()
        await consume(link.token)
        await consume(link.token)
        const res = await fetch(`${t().baseUrl}/metrics`, { headers: { authorization: `Bearer ${t().apiKey}` } })
        expect(res.status).toBe(200)
        expect(res.headers.get('content-type')).toMatch(/^text\/plain/)
        const text = await res.text()
        expect(text).toMatch(/^slotlink_links_opened_total \d+$/m)
        expect(text).toMatch(/^slotlink_links_consumed_total \d+$/m)
        expect(text).toMatch(/^slotlink_links_rejected_total\{operation="consume",reason="used"\} \d+$/m)
        expect(text).toMatch(/^slotlink_open_slots \d+$/m)
        expect(text).toMatch(/^slotlink_slot_queue_depth \d+$/m)
      })

      it('GET /openapi.json is an OpenAPI 3.1 document of every API route; /docs renders it', async () => {
        const res = await fetch(`${t().baseUrl}/openapi.json`)
        expect(res.status).toBe(200)
        const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> }
        expect(doc.openapi).toMatch(/^3\.1/)
        expect(Object.keys(doc.paths['/api/links']!)).toContain('post')
        expect(Object.keys(doc.paths['/api/links/{token}']!).sort()).toEqual(['delete', 'get'])
        expect(Object.keys(doc.paths['/api/links/consume']!)).toContain('post')
        expect(Object.keys(doc.paths['/api/subjects/{subject}/links']!).sort()).toEqual(['delete', 'get'])
        expect(Object.keys(doc.paths['/api/links/redeem']!)).toContain('post')
        expect(Object.keys(doc.paths['/api/subjects/{subject}/links/{id}']!)).toContain('delete')
        const docs = await fetch(`${t().baseUrl}/docs`)
        expect(docs.status).toBe(200)
        const page = await docs.text()
        // The reference is rendered in the browser (test/browser/api-reference.test.ts) by a bundle from this origin.
        const scripts = [...page.matchAll(/<script src="([^"]+)"/g)].map((m) => new URL(m[1]!, `${t().baseUrl}/docs`))
        expect(scripts.map((u) => u.pathname)).toContain('/docs/api-reference.js')
        for (const url of scripts) {
          expect(url.origin).toBe(new URL(t().baseUrl).origin)
          const script = await fetch(url.href)
          expect(script.status, url.pathname).toBe(200)
          expect(script.headers.get('content-type')).toMatch(/^text\/javascript/)
        }
        expect(await (await fetch(`${t().baseUrl}/docs/api-reference.js`)).text()).toContain('createApiReference')
      })
    })

    describe('link pages', () => {
      const page = (token: string, init: RequestInit = {}) => fetch(`${t().baseUrl}/l/${token}`, { redirect: 'manual', ...init })
      const expectLinkHeaders = (res: Response) => {
        expect(res.headers.get('cache-control')).toBe('no-store')
        expect(res.headers.get('referrer-policy')).toBe('no-referrer')
        expect(res.headers.get('x-robots-tag')).toBe('noindex')
        expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
      }
      const post = (token: string, origin: string | null, extra: Record<string, string> = {}) =>
        page(token, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...(origin ? { origin } : {}), ...extra },
          body: 'confirm=1',
        })

      it('GET and HEAD never consume, however often a scanner opens the link', async () => {
        const link = await mint()
        for (let i = 0; i < 3; i++) {
          const get = await page(link.token)
          expect(get.status).toBe(200)
          expectLinkHeaders(get)
          expect(await get.text()).toContain('<form')
          const head = await page(link.token, { method: 'HEAD' })
          expect(head.status).toBe(200)
          expectLinkHeaders(head)
        }
        expect((await consume(link.token)).status).toBe(200)
      })

      it('shows a 404 page for an invalid link and a 410 page for a used or expired one', async () => {
        const bad = await page('not-a-token')
        expect(bad.status).toBe(404)
        expectLinkHeaders(bad)
        expect(await bad.text()).toMatch(/not valid/i)

        const used = await mint()
        await consume(used.token)
        const usedPage = await page(used.token)
        expect(usedPage.status).toBe(410)
        expectLinkHeaders(usedPage)
        expect(await usedPage.text()).toMatch(/already been used/i)

        const expired = await mint({ ttl: 1 })
        await sleep(Math.max(0, Date.parse(expired.expiresAt) - Date.now()) + 100)
        const expiredPage = await page(expired.token)
        expect(expiredPage.status).toBe(410)
        expect(await expiredPage.text()).toMatch(/expired/i)
        expect((await page(expired.token, { method: 'HEAD' })).status).toBe(410)
      })

      it('consumes on a same-origin form POST, once', async () => {
        const link = await mint()
        const first = await post(link.token, new URL(t().baseUrl).origin)
        expect(first.status).toBe(200)
        expectLinkHeaders(first)
        const second = await post(link.token, new URL(t().baseUrl).origin)
        expect(second.status).toBe(410)
        await expectError(await consume(link.token), 410, 'used')
      })

      it('refuses cross-origin and cross-site form posts, and the link stays open', async () => {
        const link = await mint()
        expect((await post(link.token, 'https://evil.example')).status).toBe(403)
        expect((await post(link.token, null, { 'sec-fetch-site': 'cross-site' })).status).toBe(403)
        expect((await post(link.token, 'null')).status).toBe(403)
        expect((await consume(link.token)).status).toBe(200)
      })

      it('refuses an oversized form post with 413, and the link stays open', async () => {
        const link = await mint()
        const res = await page(link.token, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(t().baseUrl).origin },
          body: 'confirm=1&pad=' + 'x'.repeat(20 * 1024),
        })
        expect(res.status).toBe(413)
        expect((await consume(link.token)).status).toBe(200)
      })

      it('sends a CSP that forbids framing on every page', async () => {
        for (const path of ['/docs', '/healthz', '/l/x', '/no-such-page']) {
          const res = await fetch(t().baseUrl + path)
          expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'")
          expect(res.status).toBeLessThan(500)
        }
      })
    })
  })
  describeContractV2(name, getTarget)
}

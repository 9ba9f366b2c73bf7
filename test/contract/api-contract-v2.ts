/**
 * The v2 rows of the contract: typed codes and tickets, tombstones with reasons, ids, listing,
 * supersede and Idempotency-Key. Part of the one contract suite (describeContract calls this), so
 * it runs against in-process, the Node server and workerd alike.
 */
import { describe, expect, it } from 'vitest'
import { contractClient } from './client.ts'
import type { ContractTarget } from './api-contract.ts'

interface Minted {
  id: string
  token: string
  url: string
  expiresAt: string
  code?: string
  ticket?: string
}

const CODE_RE = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const unique = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2)}`

export function describeContractV2(name: string, getTarget: () => ContractTarget) {
  const t = () => getTarget()
  const { fetch, api } = contractClient(getTarget)
  const mint = async (input: Record<string, unknown> = {}): Promise<Minted> => {
    const res = await api('/api/links', { method: 'POST', json: { purpose: 'sign_in', subject: 'user-v2', ...input } })
    expect(res.status).toBe(201)
    return (await res.json()) as Minted
  }
  const mintWithCode = async (input: Record<string, unknown> = {}) => {
    const link = await mint({ code: true, ...input })
    return link as Required<Minted>
  }
  const withKey = (key?: string): HeadersInit => (key === undefined ? {} : { 'idempotency-key': key })
  const consume = (token: string, key?: string, purpose?: string) => api('/api/links/consume', { method: 'POST', json: { token, purpose }, headers: withKey(key) })
  const redeem = (ticket: string, code: string, key?: string, purpose?: string) =>
    api('/api/links/redeem', { method: 'POST', json: { ticket, code, purpose }, headers: withKey(key) })
  const expectError = async (res: Response, status: number, error: string) => {
    expect(res.status).toBe(status)
    const body = (await res.json()) as Record<string, unknown>
    expect(body.error).toBe(error)
    expect(typeof body.message).toBe('string')
    return body
  }
  /** A 410 used with its reason, and `at` within [from, now] (to the second). */
  const expectUsed = async (res: Response, reason: string, from?: number) => {
    const body = await expectError(res, 410, 'used')
    expect(body.reason).toBe(reason)
    if (from !== undefined) {
      const at = Date.parse(body.at as string)
      expect(at).toBeGreaterThanOrEqual(Math.floor(from / 1000) * 1000)
      expect(at).toBeLessThanOrEqual(Date.now())
    }
    return body
  }
  /** A code that is not this one: its first character moved on by one in the alphabet. */
  const wrongCode = (code: string) => {
    const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
    return alphabet[(alphabet.indexOf(code[0]!) + 1) % 32] + code.slice(1)
  }

  describe(`contract v2: ${name}`, () => {
    describe('typed codes and tickets', () => {
      it('mints {id, token, url, expiresAt, code, ticket} with code: true, and no code or ticket without it', async () => {
        const link = await mintWithCode()
        expect(link.code).toMatch(CODE_RE)
        expect(link.ticket).toMatch(/^[A-Za-z0-9_-]{1,256}$/)
        expect(link.id).toMatch(/^[A-Za-z0-9_-]{22}$/)
        expect(link.ticket).not.toBe(link.token)
        // The ticket holds neither code: not the typed one, and not the link's (it shares no tail with the token).
        expect(Buffer.from(link.ticket, 'base64url').toString('latin1')).not.toContain(link.code.replace('-', ''))
        const plain = await mint()
        expect(plain).not.toHaveProperty('code')
        expect(plain).not.toHaveProperty('ticket')
      })

      it('redeems once with the ticket and the code in any case, spaced or not; the link is then used (redeemed)', async () => {
        const before = Date.now()
        const link = await mintWithCode({ subject: 'user-redeem', data: { n: 1 } })
        const typed = ` ${link.code.toLowerCase().replace('-', ' ')} `
        const res = await redeem(link.ticket, typed)
        expect(res.status).toBe(200)
        expect(await res.json()).toEqual({ id: link.id, purpose: 'sign_in', subject: 'user-redeem', data: { n: 1 }, expiresAt: link.expiresAt })
        await expectUsed(await redeem(link.ticket, link.code), 'redeemed', before)
        await expectUsed(await consume(link.token), 'redeemed', before)
        await expectUsed(await api(`/api/links/${link.token}`), 'redeemed', before)
      })

      it('answers a redeem after the link was consumed with 410 used (consumed)', async () => {
        const link = await mintWithCode()
        expect((await consume(link.token)).status).toBe(200)
        await expectUsed(await redeem(link.ticket, link.code), 'consumed')
      })

      it('counts wrong codes: 4 wrong (422, attemptsLeft 4…1) and then the right one still works', async () => {
        const link = await mintWithCode()
        for (const left of [4, 3, 2, 1]) {
          const body = await expectError(await redeem(link.ticket, wrongCode(link.code)), 422, 'wrong_code')
          expect(body.attemptsLeft).toBe(left)
        }
        expect((await redeem(link.ticket, link.code)).status).toBe(200)
      })

      it('burns the slot on the fifth wrong code: 410 used (locked) for the code and the link', async () => {
        const before = Date.now()
        const link = await mintWithCode()
        for (let i = 0; i < 4; i++) await expectError(await redeem(link.ticket, wrongCode(link.code)), 422, 'wrong_code')
        await expectUsed(await redeem(link.ticket, wrongCode(link.code)), 'locked', before)
        await expectUsed(await redeem(link.ticket, link.code), 'locked', before)
        await expectUsed(await consume(link.token), 'locked', before)
      })

      it('never takes a ticket for a token nor a token for a ticket; forged tickets are 404 invalid', async () => {
        const link = await mintWithCode()
        await expectError(await consume(link.ticket), 404, 'invalid')
        await expectError(await api(`/api/links/${link.ticket}`), 404, 'invalid')
        await expectError(await api(`/api/links/${link.ticket}`, { method: 'DELETE' }), 404, 'invalid')
        await expectError(await redeem(link.token, link.code), 404, 'invalid')
        const forged = link.ticket.slice(0, -2) + (link.ticket.endsWith('AA') ? 'AQ' : 'AA')
        await expectError(await redeem(forged, link.code), 404, 'invalid')
        await expectError(await redeem('not-a-ticket', link.code), 404, 'invalid')
        // None of that spent an attempt or used the link.
        const wrong = await expectError(await redeem(link.ticket, wrongCode(link.code)), 422, 'wrong_code')
        expect(wrong.attemptsLeft).toBe(4)
        expect((await redeem(link.ticket, link.code)).status).toBe(200)
      })

      it('refuses a purpose mismatch with 404 invalid without spending an attempt', async () => {
        const link = await mintWithCode({ purpose: 'sign_in' })
        await expectError(await redeem(link.ticket, wrongCode(link.code), undefined, 'reset_password'), 404, 'invalid')
        await expectError(await redeem(link.ticket, link.code, undefined, 'reset_password'), 404, 'invalid')
        const wrong = await expectError(await redeem(link.ticket, wrongCode(link.code), undefined, 'sign_in'), 422, 'wrong_code')
        expect(wrong.attemptsLeft).toBe(4)
      })

      it.each([
        ['code', { code: 'ABCD-EFG' }],
        ['code', { code: 'ABCD-EFGHJ' }],
        ['code', { code: 'ABCD-EFG!' }],
        ['code', { code: 'ABCD-EFGU' }],
        ['code', { code: 12345678 }],
        ['ticket', { ticket: 5 }],
      ])('refuses a malformed %s with 400 naming the field, spending no attempt', async (field, patch) => {
        const link = await mintWithCode()
        const body = await expectError(await api('/api/links/redeem', { method: 'POST', json: { ticket: link.ticket, code: link.code, ...patch } }), 400, 'invalid_request')
        expect(body.field).toBe(field)
        const wrong = await expectError(await redeem(link.ticket, wrongCode(link.code)), 422, 'wrong_code')
        expect(wrong.attemptsLeft).toBe(4)
      })

      it('lets exactly one of 200 concurrent mixed consumes and redeems win', async () => {
        const link = await mintWithCode()
        const requests = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? consume(link.token) : redeem(link.ticket, link.code)))
        const answers = await Promise.all(requests.map((r) => r.then(async (res) => `${res.status} ${((await res.json()) as { error?: string; reason?: string }).reason ?? ''}`)))
        expect(answers.filter((a) => a.startsWith('200'))).toHaveLength(1)
        // Every other one is told the link is used, by whichever way won.
        expect(answers.filter((a) => !a.startsWith('200') && !/^410 (consumed|redeemed)$/.test(a))).toEqual([])
      })

      it('expires code and link together at the signed expiry', async () => {
        const link = await mintWithCode({ ttl: 1 })
        await sleep(Math.max(0, Date.parse(link.expiresAt) - Date.now()) + 100)
        await expectError(await redeem(link.ticket, link.code), 410, 'expired')
        await expectError(await consume(link.token), 410, 'expired')
      })
    })

    describe('tombstones: 410 used says why and when', () => {
      it('says consumed, with the time, for a repeat consume', async () => {
        const before = Date.now()
        const link = await mint()
        expect((await consume(link.token)).status).toBe(200)
        await expectUsed(await consume(link.token), 'consumed', before)
      })

      it('says revoked for a link revoked by token, by id or with all of its subject', async () => {
        const subject = unique('tomb')
        const [one, two, three] = [await mint({ subject }), await mint({ subject }), await mint({ subject })]
        expect((await api(`/api/links/${one.token}`, { method: 'DELETE' })).status).toBe(204)
        expect((await api(`/api/subjects/${subject}/links/${two.id}`, { method: 'DELETE' })).status).toBe(204)
        expect(await (await api(`/api/subjects/${subject}/links`, { method: 'DELETE' })).json()).toEqual({ revoked: 1 })
        for (const link of [one, two, three]) await expectUsed(await consume(link.token), 'revoked')
      })

      it('says superseded for links a newer one replaced (supersede: true), of that purpose only', async () => {
        const subject = unique('super')
        const old = [await mint({ subject, purpose: 'reset_password' }), await mintWithCode({ subject, purpose: 'reset_password' })]
        const other = await mint({ subject, purpose: 'sign_in' })
        const newest = await mint({ subject, purpose: 'reset_password', supersede: true })
        await expectUsed(await consume(old[0]!.token), 'superseded')
        await expectUsed(await redeem(old[1]!.ticket!, old[1]!.code!), 'superseded')
        expect((await consume(newest.token)).status).toBe(200)
        expect((await consume(other.token)).status).toBe(200)
      })
    })

    describe('ids and listing', () => {
      it('gives every link one id: in the mint body, on peek and on consume', async () => {
        const link = await mint()
        expect(link.id).toMatch(/^[A-Za-z0-9_-]{22}$/)
        expect(((await (await api(`/api/links/${link.token}`)).json()) as { id: string }).id).toBe(link.id)
        expect(((await (await consume(link.token)).json()) as { id: string }).id).toBe(link.id)
        expect((await mint()).id).not.toBe(link.id)
      })

      it("lists a subject's open links newest first, with a purpose filter and no secrets", async () => {
        const subject = unique('list')
        const first = await mintWithCode({ subject, purpose: 'reset_password', ttl: 600 })
        await sleep(5)
        const second = await mint({ subject, purpose: 'sign_in', ttl: 300 })
        await sleep(5)
        const third = await mint({ subject, purpose: 'reset_password' })
        const used = await mint({ subject, purpose: 'reset_password' })
        expect((await consume(used.token)).status).toBe(200)
        await mint({ subject: subject + '-other' })

        const res = await api(`/api/subjects/${subject}/links`)
        expect(res.status).toBe(200)
        const text = await res.text()
        const { links } = JSON.parse(text) as { links: { id: string; purpose: string; createdAt: string; expiresAt: string }[] }
        expect(links.map((l) => l.id)).toEqual([third.id, second.id, first.id])
        expect(links[2]).toEqual({ id: first.id, purpose: 'reset_password', createdAt: expect.any(String), expiresAt: first.expiresAt })
        for (const l of links) expect(Date.parse(l.createdAt)).toBeLessThan(Date.parse(l.expiresAt))
        for (const secret of [first.token, first.ticket, first.code, first.code.replace('-', ''), second.token]) expect(text).not.toContain(secret)

        const resets = (await (await api(`/api/subjects/${subject}/links?purpose=reset_password`)).json()) as { links: { id: string }[] }
        expect(resets.links.map((l) => l.id)).toEqual([third.id, first.id])
        expect(await (await api(`/api/subjects/${unique('nobody')}/links`)).json()).toEqual({ links: [] })
      })

      it('revokes one link by id (204) and answers 404 invalid for an id it does not know', async () => {
        const subject = unique('byid')
        const [keep, drop] = [await mint({ subject }), await mint({ subject })]
        expect((await api(`/api/subjects/${subject}/links/${drop.id}`, { method: 'DELETE' })).status).toBe(204)
        await expectError(await api(`/api/subjects/${subject}/links/${drop.id}`, { method: 'DELETE' }), 404, 'invalid')
        // An id of another subject's link, and ids that are no ids at all.
        await expectError(await api(`/api/subjects/${subject}-other/links/${keep.id}`, { method: 'DELETE' }), 404, 'invalid')
        for (const bad of ['x', 'A'.repeat(22), 'A'.repeat(40)]) await expectError(await api(`/api/subjects/${subject}/links/${bad}`, { method: 'DELETE' }), 404, 'invalid')
        const listed = (await (await api(`/api/subjects/${subject}/links`)).json()) as { links: { id: string }[] }
        expect(listed.links.map((l) => l.id)).toEqual([keep.id])
        expect((await consume(keep.token)).status).toBe(200)
      })

      it('refuses a bad purpose filter on the listing with 400, and asks for the key', async () => {
        await expectError(await api('/api/subjects/u/links?purpose=Bad!'), 400, 'invalid_request')
        await expectError(await fetch(`${t().baseUrl}/api/subjects/u/links`), 401, 'unauthorized')
        await expectError(await fetch(`${t().baseUrl}/api/subjects/u/links/${'A'.repeat(22)}`, { method: 'DELETE' }), 401, 'unauthorized')
        await expectError(await fetch(`${t().baseUrl}/api/links/redeem`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }), 401, 'unauthorized')
      })
    })

    describe('Idempotency-Key', () => {
      it('answers a repeat consume with the same key with the same 200 and Idempotent-Replayed: true; others get 410', async () => {
        const link = await mint({ data: { k: 1 } })
        const first = await consume(link.token, 'key-1')
        expect(first.status).toBe(200)
        expect(first.headers.get('idempotent-replayed')).toBeNull()
        const body = await first.json()
        for (let i = 0; i < 2; i++) {
          const again = await consume(link.token, 'key-1')
          expect(again.status).toBe(200)
          expect(again.headers.get('idempotent-replayed')).toBe('true')
          expect(await again.json()).toEqual(body)
        }
        await expectUsed(await consume(link.token, 'key-2'), 'consumed')
        await expectUsed(await consume(link.token), 'consumed')
      })

      it('gives all of 200 concurrent consumes with one key the same 200', async () => {
        const link = await mint({ data: { k: 2 } })
        // A client that is told 503 capacity (an overloaded Durable Object under a burst) comes back,
        // as Retry-After asks; every answer it ends with is the one success.
        const useOnce = async () => {
          for (let attempt = 0; ; attempt++) {
            const r = await consume(link.token, 'one-key')
            if (r.status !== 503 || attempt >= 20) return { status: r.status, body: await r.text() }
            await r.body?.cancel()
            await sleep(100 * (attempt + 1))
          }
        }
        const answers = await Promise.all(Array.from({ length: 200 }, useOnce))
        expect(answers.filter((a) => a.status !== 200)).toEqual([])
        expect(new Set(answers.map((a) => a.body)).size).toBe(1)
      })

      it('keeps keys per link: the same key on another link is independent', async () => {
        const [a, b] = [await mint(), await mint()]
        expect((await consume(a.token, 'shared-key')).status).toBe(200)
        const other = await consume(b.token, 'shared-key')
        expect(other.status).toBe(200)
        expect(other.headers.get('idempotent-replayed')).toBeNull()
        expect(((await other.json()) as { id: string }).id).toBe(b.id)
      })

      it('replays a redeem with its key, and not for another key', async () => {
        const link = await mintWithCode()
        const first = await redeem(link.ticket, link.code, 'redeem-key')
        expect(first.status).toBe(200)
        const again = await redeem(link.ticket, link.code, 'redeem-key')
        expect(again.status).toBe(200)
        expect(again.headers.get('idempotent-replayed')).toBe('true')
        expect(await again.json()).toEqual(await first.json())
        await expectUsed(await redeem(link.ticket, link.code, 'other-key'), 'redeemed')
      })

      it.each([
        ['empty', ''],
        ['too long', 'k'.repeat(256)],
        ['not printable ASCII', 'key\u00e9'],
      ])('refuses a key that is %s with 400 naming the header, and the link stays open', async (_, key) => {
        const link = await mint()
        const body = await expectError(await consume(link.token, key), 400, 'invalid_request')
        expect(body.field).toBe('Idempotency-Key')
        expect((await consume(link.token, 'k'.repeat(255))).status).toBe(200)
      })
    })

    it('reports tombstones on /metrics beside open slots', async () => {
      const link = await mint()
      await consume(link.token)
      const res = await fetch(`${t().baseUrl}/metrics`, { headers: { authorization: `Bearer ${t().apiKey}` } })
      const text = await res.text()
      expect(text).toMatch(/^slotlink_tombstones \d+$/m)
      expect(text).toMatch(/^slotlink_links_redeemed_total \d+$/m)
    })
  })
}

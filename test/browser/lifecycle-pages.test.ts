/**
 * The page a person meets when a link no longer works, in Chromium, on the Node server and on the
 * Workers runtime: what happened (used, replaced by a newer mail, cancelled, locked, expired), when,
 * in the reader's own time zone, and the one next step. Links are minted through the API as an
 * application would (reset_password: the demo's view, whose next step is /forgot).
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ContractTarget } from '../contract/api-contract.ts'
import { startEdgeTarget } from '../support/edge-target.ts'
import { startNodeTarget } from '../support/node-target.ts'
import { sharedChromium } from './chromium.ts'

const browser = sharedChromium()

const RUNTIMES: [string, () => Promise<{ target: ContractTarget; stop(): Promise<void> }>][] = [
  ['the Node server', () => startNodeTarget({ SLOTLINK_WORKERS: '1' })],
  ['the Workers runtime (workerd)', () => startEdgeTarget()],
]

/** A time zone far from UTC, so a time left in UTC would not pass for a local one. */
const READER_TIME_ZONE = 'Asia/Tokyo'
const localTime = (when: Date) => new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: READER_TIME_ZONE }).format(when)
/** A code of the right shape that is not the link's (one chance in 2^40 that it is). */
const WRONG_CODE = 'ZZZZ-ZZZZ'

interface Minted {
  readonly id: string
  readonly token: string
  readonly url: string
  readonly expiresAt: string
  readonly ticket?: string
}

describe.each(RUNTIMES)('lifecycle pages in Chromium, on %s', (_, start) => {
  let server: { target: ContractTarget; stop(): Promise<void> }
  let reader: Page
  beforeAll(async () => {
    server = await start()
    reader = await (await browser().newContext({ timezoneId: READER_TIME_ZONE, locale: 'en-US' })).newPage()
  }, 120_000)
  afterAll(async () => {
    await reader?.context().close()
    await server?.stop()
  })

  const api = (path: string, method = 'GET', json?: unknown) =>
    (server.target.fetch ?? fetch)(server.target.baseUrl + path, {
      method,
      headers: { authorization: `Bearer ${server.target.apiKey}`, ...(json !== undefined && { 'content-type': 'application/json' }) },
      body: json === undefined ? undefined : JSON.stringify(json),
    })
  const mint = async (subject: string, extra: Record<string, unknown> = {}): Promise<Minted> => {
    const res = await api('/api/links', 'POST', { purpose: 'reset_password', subject, ...extra })
    expect(res.status).toBe(201)
    return (await res.json()) as Minted
  }

  /**
   * Opens the link as the reader; expects a 410 page with this heading and words, a time shown in
   * the reader's time zone (returned, as the page's datetime), and "Send me a new link" to /forgot.
   */
  async function expectGonePage(link: Minted, heading: string, words: RegExp): Promise<Date> {
    expect((await reader.goto(link.url))?.status()).toBe(410)
    await reader.getByRole('heading', { level: 1, name: heading }).waitFor()
    const time = reader.locator('main time')
    const when = new Date((await time.getAttribute('datetime'))!)
    // The page's own script makes the UTC time local; wait for it rather than for a fixed while.
    await reader.waitForFunction((expected) => document.querySelector('main time')?.textContent === expected, localTime(when))
    expect(await reader.locator('main').innerText()).toMatch(words)
    const next = reader.getByRole('link', { name: 'Send me a new link' })
    expect(new URL((await next.getAttribute('href'))!, server.target.baseUrl).pathname).toBe('/forgot')
    return when
  }

  it('a link replaced by a resend names the newer mail and when it was asked for; the newer link still opens', { timeout: 90_000 }, async () => {
    const older = await mint('pages-resend')
    const asking = Date.now()
    const newer = await mint('pages-resend', { supersede: true })
    const answered = Date.now()
    const when = await expectGonePage(older, 'A newer link replaced this one', /You asked for another mail at .+, and that replaced this link: use the link in the latest mail\./)
    // The time shown is the resend's (the tombstone keeps whole seconds).
    expect(when.getTime()).toBeGreaterThanOrEqual(Math.floor(asking / 1000) * 1000)
    expect(when.getTime()).toBeLessThanOrEqual(answered)
    expect((await reader.goto(newer.url))?.status()).toBe(200)
  })

  it('a used link says when it was used', { timeout: 90_000 }, async () => {
    const link = await mint('pages-used')
    expect((await api('/api/links/consume', 'POST', { token: link.token })).status).toBe(200)
    await expectGonePage(link, 'This link has already been used', /It was used at .+\. Each link works only once\./)
  })

  it('a cancelled link says it was cancelled, and when', { timeout: 90_000 }, async () => {
    const link = await mint('pages-cancelled')
    expect((await api(`/api/links/${link.token}`, 'DELETE')).status).toBe(204)
    await expectGonePage(link, 'This link was cancelled', /It was cancelled at .+, for example because the password was changed/)
  })

  it('a link locked by wrong codes says so, and when', { timeout: 90_000 }, async () => {
    const link = await mint('pages-locked', { code: true })
    for (let attempt = 1; attempt < 5; attempt++) expect((await api('/api/links/redeem', 'POST', { ticket: link.ticket, code: WRONG_CODE })).status).toBe(422)
    expect((await api('/api/links/redeem', 'POST', { ticket: link.ticket, code: WRONG_CODE })).status).toBe(410)
    await expectGonePage(link, 'This link was locked', /typed wrong too many times \(last at .+\), so the link and the code were locked/)
  })

  it('an expired link says when it expired: the signed expiry, in the reader’s time', { timeout: 90_000 }, async () => {
    const link = await mint('pages-expired', { ttl: 1 })
    // Polls the link's own answer with a deadline: no assumption about how fast time passes here.
    const deadline = Date.now() + 30_000
    while ((await fetch(link.url, { method: 'HEAD' })).status !== 410 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200))
    const when = await expectGonePage(link, 'This link has expired', /It expired at .+\. Links like this one only work for a short time/)
    expect(when.toISOString()).toBe(new Date(link.expiresAt).toISOString())
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../src/core/app/create-app.tsx'
import { Keyring } from '../src/core/keyring.ts'
import { createLinkService, type LinkService } from '../src/core/link-service.ts'
import { LOCAL_TIME_SCRIPT_PATH } from '../src/core/pages/local-time.tsx'
import { PiscinaSlotStore } from '../src/node/piscina-slot-store.ts'
import { TEST_API_KEY } from './support/node-target.ts'

const publicUrl = 'http://pages.test'
let slots: PiscinaSlotStore
let links: LinkService
let app: ReturnType<typeof createApp>
// The link service's clock (the slots keep real time), so an expiry is exact and needs no waiting.
let clock = Date.now()

beforeAll(async () => {
  slots = await PiscinaSlotStore.start({ threads: 1 })
  links = createLinkService({ keyring: await Keyring.random(), slots, now: () => clock })
  app = createApp({ links, apiKey: TEST_API_KEY, publicUrl, wholeSite: true, linkViews: { reset_password: { renewPath: '/forgot', show: (c) => c.text('form'), submit: (c) => c.text('done') } } })
})
afterAll(() => slots?.close())

let nextSubject = 0
const issue = (options: { code?: boolean; supersede?: boolean; subject?: string; ttl?: number } = {}) =>
  links.issue({ purpose: 'reset_password', subject: options.subject ?? `person-${++nextSubject}`, ttl: options.ttl ?? 600, code: options.code, supersede: options.supersede })
async function page(token: string) {
  const response = await app.request(`/l/${token}`)
  const html = await response.text()
  const time = /<time datetime="([^"]+)" data-local="">([^<]+)<\/time>/.exec(html)
  return { status: response.status, html, datetime: time?.[1], fallback: time?.[2] }
}
const mustIssue = async (options?: Parameters<typeof issue>[0]) => {
  const issued = await issue(options)
  if (!issued.ok) throw new Error('no capacity')
  return issued
}

describe('the 410 page says what happened, when, and the next step', () => {
  it('used: "used at <time>", a new link to ask for', async () => {
    const { token } = await mustIssue()
    expect((await links.consume(token)).ok).toBe(true)
    const used = await page(token)
    expect(used.status).toBe(410)
    expect(used.html).toContain('This link has already been used')
    expect(used.html).toMatch(/It was used at <time/)
    expect(new Date(used.datetime!).getTime()).toBeGreaterThan(0)
    // Intl in the page's language, in UTC until the script makes it local.
    expect(used.fallback).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d\d\s[AP]M UTC$/)
    expect(used.html).toContain('<a class="button" href="/forgot">Send me a new link</a>')
  })

  it('superseded: replaced by a newer link, use the latest mail', async () => {
    const first = await mustIssue({ subject: 'resender', supersede: true })
    await mustIssue({ subject: 'resender', supersede: true })
    const replaced = await page(first.token)
    expect(replaced.status).toBe(410)
    expect(replaced.html).toContain('A newer link replaced this one')
    expect(replaced.html).toContain('use the link in the latest mail')
    expect(replaced.datetime).toBeDefined()
  })

  it('revoked: cancelled', async () => {
    const { token } = await mustIssue()
    await links.revoke(token)
    const cancelled = await page(token)
    expect(cancelled.status).toBe(410)
    expect(cancelled.html).toContain('This link was cancelled')
  })

  it('locked: too many wrong codes', async () => {
    const { token, ticket } = await mustIssue({ code: true })
    for (let i = 0; i < 5; i++) await links.redeem(ticket!, 'ZZZZZZZZ')
    const locked = await page(token)
    expect(locked.status).toBe(410)
    expect(locked.html).toContain('This link was locked')
    expect(locked.html).toContain('typed wrong too many times')
  })

  it('expired: "expired at <time>", the signed expiry, in UTC until the script makes it local', async () => {
    const { token, expiresAt } = await mustIssue({ ttl: 60 })
    clock += 61_000
    try {
      const expired = await page(token)
      expect(expired.status).toBe(410)
      expect(expired.html).toContain('This link has expired')
      expect(expired.html).toContain('It expired at <time')
      expect(expired.datetime).toBe(expiresAt.toISOString())
    } finally {
      clock -= 61_000
    }
  })

  it('the local-time script is served from the app, under a CSP that allows only same-origin scripts', async () => {
    const { token } = await mustIssue()
    await links.consume(token)
    const used = await app.request(`/l/${token}`)
    const html = await used.text()
    expect(html.match(/<script[^>]*>/g)).toEqual([`<script src="${LOCAL_TIME_SCRIPT_PATH}" defer="">`])
    expect(html).not.toMatch(/<script>(?!<\/script>)/)
    const csp = used.headers.get('content-security-policy') ?? ''
    expect(csp).toMatch(/default-src 'self'/)
    expect(csp).not.toMatch(/unsafe-inline/)
    const script = await app.request(LOCAL_TIME_SCRIPT_PATH)
    expect(script.status).toBe(200)
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/)
    expect(await script.text()).toContain('Intl.DateTimeFormat')
  })
})

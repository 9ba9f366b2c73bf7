import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { siteAt } from '../src/core/app/site-at.ts'
import { cookieFrom, startDemoHarness, type DemoHarness } from './support/demo-app.ts'
import { codeFromMail } from './support/demo-flows.ts'

// The demo as the Node server runs it with PUBLIC_URL=https://example.test/auth: the whole site
// mounted under /auth (start-server.ts). Every address a page names must stay under it.
const PREFIX = '/auth'
const PUBLIC_URL = `http://demo.test${PREFIX}`
const PASSWORD = 'a long enough passphrase'
let harness: DemoHarness
let site: Hono
beforeAll(async () => {
  harness = await startDemoHarness({}, PUBLIC_URL)
  site = siteAt(PUBLIC_URL, harness.app as unknown as Hono) as Hono
})
afterAll(() => harness?.close())

let nextClient = 0
/** One browser: its cookies, kept per path as a browser would (a cookie goes only under its Path). */
function browser() {
  const client = `198.51.100.${++nextClient}`
  const jar = new Map<string, { value: string; path: string }>()
  const cookieFor = (path: string) =>
    [...jar]
      .filter(([, cookie]) => path === cookie.path || path.startsWith(cookie.path.endsWith('/') ? cookie.path : cookie.path + '/'))
      .map(([name, cookie]) => `${name}=${cookie.value}`)
      .join('; ')
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';')
      const [name, value] = pair!.split('=') as [string, string]
      const path = attributes.map((a) => a.trim()).find((a) => /^path=/i.test(a))?.slice(5) ?? '/'
      if (/max-age=0/i.test(line)) jar.delete(name)
      else jar.set(name, { value, path })
    }
    return response
  }
  const request = async (path: string, init: RequestInit = {}) =>
    keep(await site.request(path, { ...init, headers: { 'x-test-client': client, cookie: cookieFor(path), ...(init.headers as Record<string, string>) } }))
  return {
    jar,
    get: (path: string) => request(path),
    post: (path: string, fields: Record<string, string>) =>
      request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://demo.test', 'sec-fetch-site': 'same-origin' }, body: new URLSearchParams(fields).toString() }),
  }
}

/** Every address a page names: links, form actions, scripts, stylesheets. */
function addressesIn(html: string): string[] {
  return [...html.matchAll(/\s(?:href|action|src)="([^"]*)"/g)].map(([, address]) => address!.replace(/&amp;/g, '&'))
}
/** Reads a page and checks that everything it points to is under the prefix (or, in mail, the public URL). */
async function expectUnderPrefix(name: string, response: Response, status: number) {
  expect(response.status, name).toBe(status)
  const html = await response.text()
  const outside = addressesIn(html).filter((address) => !(address.startsWith(`${PREFIX}/`) || address.startsWith(`${PUBLIC_URL}/`)))
  expect(outside, name).toEqual([])
  return html
}
const expectRedirectUnderPrefix = (name: string, response: Response) => {
  expect(response.status, name).toBe(303)
  expect(response.headers.get('location'), name).toMatch(new RegExp(`^${PREFIX}/`))
  return response.headers.get('location')!
}
const latestMail = () => harness.outbox.list()[0]!
const linkPathOf = (text: string) => new URL(/https?:\/\/\S+\/l\/[A-Za-z0-9_-]+/.exec(text)![0]).pathname

describe('the demo mounted under a path prefix', () => {
  it('sign-up, confirm by code, home, sign-out: every page, form, redirect and cookie stays under the prefix', async () => {
    const me = browser()
    for (const path of ['/', '/signup', '/login', '/forgot', '/dev/outbox', '/dev/pseudo-locale']) await expectUnderPrefix(path, await me.get(PREFIX + path), 200)
    const email = 'prefixed@example.com'
    await expectUnderPrefix('check your mail', await me.post(`${PREFIX}/signup`, { email, password: PASSWORD }), 200)
    // The ticket cookie goes to the code form under the prefix, nowhere else.
    expect(me.jar.get('slotlink_confirm_ticket')?.path).toBe(`${PREFIX}/confirm`)
    await harness.demo.settled()
    expect(linkPathOf(latestMail().text)).toMatch(new RegExp(`^${PREFIX}/l/`))
    await expectUnderPrefix('wrong code', await me.post(`${PREFIX}/confirm`, { code: 'ZZZZ-ZZZZ' }), 422)
    expectRedirectUnderPrefix('confirmed', await me.post(`${PREFIX}/confirm`, { code: codeFromMail(latestMail().text) }))
    await expectUnderPrefix('home', await me.get(`${PREFIX}/`), 200)
    await expectUnderPrefix('outbox with mail', await me.get(`${PREFIX}/dev/outbox`), 200)
    expect(expectRedirectUnderPrefix('signed out', await me.post(`${PREFIX}/logout`, {}))).toBe(`${PREFIX}/login?notice=signed_out`)
    await expectUnderPrefix('failed sign-in', await me.post(`${PREFIX}/login`, { email, password: 'not the password' }), 401)
    expectRedirectUnderPrefix('signed in', await me.post(`${PREFIX}/login`, { email, password: PASSWORD }))
  })

  it('forgot password: the reset form posts to the link under the prefix, by link and by code, and its answers stay there', async () => {
    const email = 'reset-prefixed@example.com'
    const owner = browser()
    await owner.post(`${PREFIX}/signup`, { email, password: PASSWORD })
    await harness.demo.settled()
    await owner.post(`${PREFIX}/confirm`, { code: codeFromMail(latestMail().text) })

    const asker = browser()
    await expectUnderPrefix('check your mail', await asker.post(`${PREFIX}/forgot`, { email }), 200)
    expect(asker.jar.get('slotlink_reset_ticket')?.path).toBe(`${PREFIX}/forgot`)
    await harness.demo.settled()
    const link = linkPathOf(latestMail().text)
    const form = await expectUnderPrefix('reset form', await asker.get(link), 200)
    expect(form).toContain(`action="${link}"`)
    await expectUnderPrefix('reset refused', await asker.post(link, { password: 'short', password_confirmation: 'short' }), 422)

    // The code leads to the same form, behind a fresh link under the prefix.
    const byCode = expectRedirectUnderPrefix('code accepted', await asker.post(`${PREFIX}/forgot/code`, { code: codeFromMail(latestMail().text) }))
    expect(byCode).toMatch(new RegExp(`^${PREFIX}/l/`))
    const codeForm = await expectUnderPrefix('reset form by code', await asker.get(byCode), 200)
    expect(codeForm).toContain(`action="${byCode}"`)
    const fresh = 'the new prefixed passphrase'
    expect(expectRedirectUnderPrefix('password set', await asker.post(byCode, { password: fresh, password_confirmation: fresh }))).toBe(`${PREFIX}/login?notice=password_changed`)
    // The mailed link is spent with the others: its page offers a new one, under the prefix.
    const used = await expectUnderPrefix('used link', await asker.get(link), 410)
    expect(used).toContain(`href="${PREFIX}/forgot"`)
    // The owner's old session was ended: its next visit is told so, under the prefix.
    expect(expectRedirectUnderPrefix('session ended', await owner.get(`${PREFIX}/`))).toBe(`${PREFIX}/login?notice=session_ended`)
  })

  it('sign-in by link and code, and the refused-post pages, stay under the prefix', async () => {
    const email = 'magic-prefixed@example.com'
    const me = browser()
    await me.post(`${PREFIX}/signup`, { email, password: PASSWORD })
    await harness.demo.settled()
    await me.post(`${PREFIX}/confirm`, { code: codeFromMail(latestMail().text) })
    await me.post(`${PREFIX}/logout`, {})

    await expectUnderPrefix('check your mail', await me.post(`${PREFIX}/login/link`, { email }), 200)
    expect(me.jar.get('slotlink_sign_in_ticket')?.path).toBe(`${PREFIX}/login`)
    await harness.demo.settled()
    const link = linkPathOf(latestMail().text)
    expect(await expectUnderPrefix('sign-in link page', await me.get(link), 200)).toContain(`action="${link}"`)
    await expectUnderPrefix('wrong code', await me.post(`${PREFIX}/login/code`, { code: 'ZZZZ-ZZZZ' }), 422)
    expectRedirectUnderPrefix('signed in by link', await me.post(link, {}))

    const stranger = browser()
    await expectUnderPrefix('no code in this browser', await stranger.post(`${PREFIX}/login/code`, { code: 'ZZZZ-ZZZZ' }), 400)
    const wrongType = await site.request(`${PREFIX}/forgot`, { method: 'POST', headers: { origin: 'http://demo.test', 'content-type': 'text/plain' }, body: 'x' })
    expect(await expectUnderPrefix('form of the wrong type', wrongType, 415)).toContain(`href="${PREFIX}/forgot"`)
    const tooLong = await site.request(`${PREFIX}/login/link`, { method: 'POST', headers: { origin: 'http://demo.test', 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=' + 'x'.repeat(20_000) })
    expect(await expectUnderPrefix('form too large', tooLong, 413)).toContain(`href="${PREFIX}/login"`)
  })
})

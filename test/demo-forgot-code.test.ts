import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { ticketCookie } from '../src/demo/ticket-cookie.ts'
import { cookieFrom, formPost, latestLinkPath, sharedDemoHarness, signUpConfirmed, testIdentities } from './support/demo-app.ts'
import { codeFromMail, expectIndistinguishable } from './support/demo-flows.ts'

const OLD_PASSWORD = 'correct horse battery staple'
const NEW_PASSWORD = 'typed code new passphrase 7'
const harness = sharedDemoHarness()
const { newEmail, client } = testIdentities('code', '198.51.100')

async function signUp() {
  const email = newEmail()
  expect((await signUpConfirmed(harness, email, OLD_PASSWORD)).status).toBe(303)
  return email
}

/** Asks for a reset mail as a browser would; returns the ticket cookie it got and, once sent, the mail's code and link. */
async function ask(email: string) {
  const response = await formPost(harness, '/forgot', { email }, { headers: client() })
  expect(response.status).toBe(200)
  await harness.demo.settled()
  return { response, cookie: cookieFrom(response) }
}

const typeCode = (cookie: string, code: string) => formPost(harness, '/forgot/code', { code }, { cookie, headers: client() })

describe('forgot password by typed code', () => {
  it('the code from the mail, typed in the browser that asked, leads to the reset form; the new password works and the link is spent', async () => {
    const email = await signUp()
    const { response, cookie } = await ask(email)
    const page = await response.text()
    expect(page).toMatch(/<form method="post" action="\/forgot\/code"/)
    expect(page).toMatch(/autocomplete="one-time-code"/)
    expect(page).toMatch(/inputmode="text"/)
    const mail = harness.outbox.list()[0]!
    const code = codeFromMail(mail.text)
    expect(mail.html).toContain(code)
    const linkPath = latestLinkPath(harness.outbox)

    // Post-redirect-get: a right code is answered with the fresh link's own page.
    const redirected = await typeCode(cookie, code)
    expect(redirected.status).toBe(303)
    expect(redirected.headers.get('cache-control')).toBe('no-store')
    expect(redirected.headers.get('referrer-policy')).toBe('no-referrer')
    const action = /^\/l\/[A-Za-z0-9_-]+$/.exec(redirected.headers.get('location') ?? '')?.[0]
    expect(action).toBeDefined()
    expect(action).not.toBe(linkPath)
    // The ticket is spent: the browser is told to forget it.
    expect(redirected.headers.getSetCookie().join()).toMatch(/slotlink_reset_ticket=;.*Max-Age=0/)
    const form = await harness.app.request(action!)
    expect(form.status).toBe(200)
    const html = await form.text()
    expect(html).toContain(`<form method="post" action="${action}"`)
    expect(html).toMatch(/name="password_confirmation"/)

    const reset = await formPost(harness, action!, { password: NEW_PASSWORD, password_confirmation: NEW_PASSWORD })
    expect(reset.status).toBe(303)
    expect(reset.headers.get('location')).toBe('/login?notice=password_changed')
    expect((await formPost(harness, '/login', { email, password: NEW_PASSWORD }, { headers: client() })).status).toBe(303)
    // One slot, two ways in: the code used it, so the mailed link is gone.
    expect((await harness.app.request(linkPath)).status).toBe(410)
    // The same code again from this browser (its ticket) is a repeat, not a second use: it lands on a
    // reset form again, whose link carries the replaced password's version and so changes nothing.
    const again = await typeCode(cookie, code)
    expect(again.status).toBe(303)
    const stale = await formPost(harness, again.headers.get('location')!, { password: 'a third passphrase, never set', password_confirmation: 'a third passphrase, never set' })
    expect(stale.status).toBe(410)
    expect((await formPost(harness, '/login', { email, password: NEW_PASSWORD }, { headers: client() })).status).toBe(303)
  })

  it('a double submit of the right code, a refresh of the form and a double submit of the new password land where the first did', async () => {
    const email = await signUp()
    const { cookie } = await ask(email)
    const code = codeFromMail(harness.outbox.list()[0]!.text)
    // A double click sends the code twice, both with the ticket: both lead to a reset form, neither to "already used".
    const twice = await Promise.all([typeCode(cookie, code), typeCode(cookie, code)])
    expect(twice.map((r) => r.status)).toEqual([303, 303])
    const formPath = twice[1]!.headers.get('location')!
    expect(formPath).toMatch(/^\/l\/[A-Za-z0-9_-]+$/)
    // The page the browser lands on, and a refresh of it: the same form, with this browser's page nonce.
    const shown = await harness.app.request(formPath)
    const nonceCookie = cookieFrom(shown)
    expect(nonceCookie).toMatch(/^slotlink_page_nonce=[A-Za-z0-9_-]{22}$/)
    const refreshed = await harness.app.request(formPath, { headers: { cookie: nonceCookie } })
    expect(refreshed.status).toBe(200)
    const nonce = /name="page_nonce" value="([A-Za-z0-9_-]{22})"/.exec(await refreshed.text())?.[1]
    expect(`slotlink_page_nonce=${nonce}`).toBe(nonceCookie)
    // "Set new password" pressed twice: the second press lands on the same "password changed", not on "used".
    const fields = { password: NEW_PASSWORD, password_confirmation: NEW_PASSWORD, page_nonce: nonce! }
    const pressed = await Promise.all([formPost(harness, formPath, fields, { cookie: nonceCookie }), formPost(harness, formPath, fields, { cookie: nonceCookie })])
    expect(pressed.map((r) => [r.status, r.headers.get('location')])).toEqual([
      [303, '/login?notice=password_changed'],
      [303, '/login?notice=password_changed'],
    ])
    expect((await formPost(harness, '/login', { email, password: NEW_PASSWORD }, { headers: client() })).status).toBe(303)
    // Another browser (no nonce) posting the spent form gets the used page.
    expect((await formPost(harness, formPath, fields)).status).toBe(410)
  })

  it('accepts the code pasted in lower case, with spaces or without the dash', async () => {
    for (const variant of [(c: string) => c.toLowerCase(), (c: string) => ` ${c.replace('-', ' ')} `, (c: string) => c.replace('-', '')]) {
      const { cookie } = await ask(await signUp())
      const typed = variant(codeFromMail(harness.outbox.list()[0]!.text))
      expect((await typeCode(cookie, typed)).status).toBe(303)
    }
  })

  it('refuses the code in another browser (no ticket) without spending an attempt', async () => {
    const { cookie } = await ask(await signUp())
    const code = codeFromMail(harness.outbox.list()[0]!.text)
    const elsewhere = await typeCode('', code)
    expect(elsewhere.status).toBe(400)
    expect(await elsewhere.text()).toMatch(/only in the browser that asked/)
    const forged = await typeCode(cookie.replace(/=(.)/, (_, ch: string) => `=${ch === 'A' ? 'B' : 'A'}`), code)
    expect(forged.status).toBe(400)
    expect((await typeCode(cookie, code)).status).toBe(303)
  })

  it('says how many tries are left; a malformed code spends none; the fifth wrong code locks code and link', async () => {
    const { cookie } = await ask(await signUp())
    const code = codeFromMail(harness.outbox.list()[0]!.text)
    const linkPath = latestLinkPath(harness.outbox)
    const wrong = code.startsWith('Z') ? 'Y' + code.slice(1) : 'Z' + code.slice(1)
    const malformed = await typeCode(cookie, 'hello')
    expect(malformed.status).toBe(422)
    expect(await malformed.text()).toMatch(/does not look like a code/)
    for (const left of [4, 3, 2, 1]) {
      const answer = await typeCode(cookie, wrong)
      expect(answer.status).toBe(422)
      expect(await answer.text()).toContain(left === 1 ? 'you have 1 more try' : `you have ${left} more tries`)
    }
    const locked = await typeCode(cookie, wrong)
    expect(locked.status).toBe(410)
    expect(await locked.text()).toMatch(/Too many wrong codes/)
    expect((await typeCode(cookie, code)).status).toBe(410)
    expect((await harness.app.request(linkPath)).status).toBe(410)
  })

  it('4 wrong codes and then the right one still works', async () => {
    const { cookie } = await ask(await signUp())
    const code = codeFromMail(harness.outbox.list()[0]!.text)
    const wrong = code.startsWith('Z') ? 'Y' + code.slice(1) : 'Z' + code.slice(1)
    for (let i = 0; i < 4; i++) expect((await typeCode(cookie, wrong)).status).toBe(422)
    expect((await typeCode(cookie, code)).status).toBe(303)
  })
})

describe('forgot password: a known and an unknown address look the same', () => {
  it('same status, page, cookie name, length and attributes; the same answers to five wrong codes, then locked', async () => {
    const known = await ask(await signUp())
    const unknown = await ask(`nobody-${newEmail()}`)
    await expectIndistinguishable(known.response, unknown.response)

    for (let i = 0; i < 6; i++) {
      const [a, b] = [await typeCode(known.cookie, 'ZZZZ-ZZZZ'), await typeCode(unknown.cookie, 'ZZZZ-ZZZZ')]
      await expectIndistinguishable(a, b)
    }
  })
})

describe('ticket cookie', () => {
  it('is HttpOnly, SameSite=Lax, path-scoped, and Secure with the __Secure- prefix on https', async () => {
    const app = new Hono()
    for (const secure of [true, false]) {
      const cookie = ticketCookie({ name: 'slotlink_reset_ticket', path: '/forgot', secure, maxAgeSeconds: 1800 })
      app.get(`/set-${secure}`, (c) => (cookie.write(c, 'abc_DEF-123'), c.text('ok')))
      app.get(`/forgot/read-${secure}`, (c) => c.text(cookie.read(c) ?? 'none'))
    }
    const secureLine = (await app.request('/set-true')).headers.get('set-cookie')!
    expect(secureLine).toBe('__Secure-slotlink_reset_ticket=abc_DEF-123; Max-Age=1800; Path=/forgot; HttpOnly; Secure; SameSite=Lax')
    const plainLine = (await app.request('/set-false')).headers.get('set-cookie')!
    expect(plainLine).toBe('slotlink_reset_ticket=abc_DEF-123; Max-Age=1800; Path=/forgot; HttpOnly; SameSite=Lax')
    const read = async (path: string, cookie: string) => (await app.request(path, { headers: { cookie } })).text()
    expect(await read('/forgot/read-true', '__Secure-slotlink_reset_ticket=abc_DEF-123')).toBe('abc_DEF-123')
    expect(await read('/forgot/read-false', 'slotlink_reset_ticket=not a ticket!')).toBe('none')
  })
})

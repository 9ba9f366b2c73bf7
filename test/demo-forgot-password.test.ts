import { describe, expect, it } from 'vitest'
import { MemoryRateLimiter } from '../src/demo/memory-rate-limiter.ts'
import { RESET_MAIL_SUBJECT } from '../src/demo/reset-mail.tsx'
import { cookieFrom, formPost, latestLinkPath, sharedDemoHarness, signUpConfirmed, startDemoHarness, testIdentities } from './support/demo-app.ts'

const OLD_PASSWORD = 'correct horse battery staple'
const NEW_PASSWORD = 'a brand new passphrase 42'
let clock = Date.now()
const limiter = (limit: number) => new MemoryRateLimiter({ limit, windowSeconds: 900, now: () => clock })
const harness = sharedDemoHarness({ limits: { forgotPerAddress: limiter(5), forgotPerClient: limiter(20) } })
const { newEmail, client } = testIdentities('reset', '192.0.2')

async function signUp() {
  const email = newEmail()
  const response = await signUpConfirmed(harness, email, OLD_PASSWORD)
  expect(response.status).toBe(303)
  return { email, cookie: cookieFrom(response) }
}

/** Asks for a reset link and waits until its mail has been handled; returns the link path. */
async function requestLink(email: string, headers = client()) {
  const response = await formPost(harness, '/forgot', { email }, { headers })
  expect(response.status).toBe(200)
  await harness.demo.settled()
  return latestLinkPath(harness.outbox)
}

const get = (path: string, init?: RequestInit) => harness.app.request(path, init)
const signIn = (email: string, password: string) => formPost(harness, '/login', { email, password }, { headers: client() })

describe('forgot password', () => {
  it('mails a reset_password link to a known address, with the link as the only call to action', async () => {
    const { email } = await signUp()
    const before = harness.outbox.list().length
    const path = await requestLink(email.toUpperCase())
    expect(harness.outbox.list().length).toBe(before + 1)
    const mail = harness.outbox.list()[0]!
    expect(mail.to).toBe(email)
    expect(mail.subject).toBe(RESET_MAIL_SUBJECT)
    const url = harness.publicUrl + path
    for (const body of [mail.text, mail.html]) {
      expect(body).toContain(url)
      expect(body).toMatch(/work once/)
      expect(body).toMatch(/expire in 30 minutes/)
    }
    expect(mail.html.match(/<a /g)).toHaveLength(1)
    const peeked = await harness.links.peek(path.slice('/l/'.length))
    expect(peeked).toMatchObject({ ok: true, link: { purpose: 'reset_password' } })
    if (peeked.ok) expect(peeked.link.expiresAt.getTime() - Date.now()).toBeGreaterThan(29 * 60_000)
  })

  it('answers a known and an unknown address byte for byte the same, and mails only the known one', async () => {
    const { email } = await signUp()
    const headers = client()
    const before = harness.outbox.list().length
    const known = await formPost(harness, '/forgot', { email }, { headers })
    const unknown = await formPost(harness, '/forgot', { email: 'no-such-person@example.com' }, { headers })
    await harness.demo.settled()

    expect(unknown.status).toBe(known.status)
    expect(await unknown.text()).toBe(await known.text())
    // Per-request values aside, the headers are the same too.
    // The ticket cookie's value is per request; its name, length and attributes are not.
    const perRequest = new Set(['x-request-id', 'date'])
    const headerList = (r: Response) =>
      [...r.headers].filter(([name]) => !perRequest.has(name)).map(([name, value]) => [name, name === 'set-cookie' ? value.replace(/=[A-Za-z0-9_-]+;/, (v) => `=<${v.length - 2}>;`) : value])
    expect(headerList(unknown)).toEqual(headerList(known))
    expect(harness.outbox.list().length).toBe(before + 1)
    expect(harness.outbox.list()[0]!.to).toBe(email)
  })

  it('answers 422 with the form for an address that cannot be one, and sends nothing', async () => {
    const before = harness.outbox.list().length
    const response = await formPost(harness, '/forgot', { email: 'nope' }, { headers: client() })
    expect(response.status).toBe(422)
    expect(await response.text()).toMatch(/<p id="field-email-error" class="error">/)
    await harness.demo.settled()
    expect(harness.outbox.list().length).toBe(before)
  })

  it('never puts a token or an address in a log line', async () => {
    const { email } = await signUp()
    const path = await requestLink(email)
    const token = path.slice('/l/'.length)
    await formPost(harness, path, { password: NEW_PASSWORD, password_confirmation: NEW_PASSWORD })
    const log = harness.logger.lines.join('\n')
    expect(log).toContain('"event":"mail_sent"')
    expect(log).toContain('"event":"password_reset"')
    expect(log).not.toContain(token)
    expect(log).not.toContain(email)
    expect(log).not.toMatch(/@example\.com/)
  })
})

describe('the reset link', () => {
  it('GET and HEAD show the form and use nothing up (mail scanners open links first)', async () => {
    const { email } = await signUp()
    const path = await requestLink(email)
    for (let i = 0; i < 3; i++) {
      const page = await get(path)
      expect(page.status).toBe(200)
      const html = await page.text()
      expect(html).toContain(`<form method="post" action="${path}"`)
      expect(html).toMatch(/<input id="field-password" name="password" type="password" autocomplete="new-password"/)
      expect(html).toMatch(/<input id="field-password_confirmation" name="password_confirmation" type="password"/)
      expect(page.headers.get('cache-control')).toBe('no-store')
      expect(page.headers.get('referrer-policy')).toBe('no-referrer')
      expect((await get(path, { method: 'HEAD' })).status).toBe(200)
    }
  })

  it('answers 422 to a short, a too long or a mismatched password and leaves the link open', async () => {
    const { email } = await signUp()
    const path = await requestLink(email)
    const short = await formPost(harness, path, { password: 'too short', password_confirmation: 'too short' })
    expect(short.status).toBe(422)
    expect(await short.text()).toContain('Use at least 12 characters.')
    const long = 'y'.repeat(1025)
    expect((await formPost(harness, path, { password: long, password_confirmation: long })).status).toBe(422)
    const mismatch = await formPost(harness, path, { password: NEW_PASSWORD, password_confirmation: NEW_PASSWORD + '!' })
    expect(mismatch.status).toBe(422)
    const html = await mismatch.text()
    expect(html).toMatch(/<p id="field-password_confirmation-error" class="error">The two passwords do not match/)
    expect(html).toMatch(/aria-describedby="field-password_confirmation-error"/)
    expect(mismatch.headers.get('cache-control')).toBe('no-store')

    expect((await get(path)).status).toBe(200)
    expect((await signIn(email, OLD_PASSWORD)).status).toBe(303)
  })

  it('with a valid password: consumes the link, changes the password, 303 to /login with a notice', async () => {
    const { email } = await signUp()
    const path = await requestLink(email)
    const response = await formPost(harness, path, { password: NEW_PASSWORD, password_confirmation: NEW_PASSWORD })
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/login?notice=password_changed')
    expect(await (await get('/login?notice=password_changed')).text()).toContain('Your password has been changed.')

    expect((await signIn(email, OLD_PASSWORD)).status).toBe(401)
    expect((await signIn(email, NEW_PASSWORD)).status).toBe(303)

    const reused = await get(path)
    expect(reused.status).toBe(410)
    const reusedHtml = await reused.text()
    expect(reusedHtml).toContain('This link has already been used')
    expect(reusedHtml).toContain('<a class="button" href="/forgot">Send me a new link</a>')
    expect((await formPost(harness, path, { password: NEW_PASSWORD, password_confirmation: NEW_PASSWORD })).status).toBe(410)
  })

  it("revokes the person's other open reset links and leaves other people's alone", async () => {
    const { email } = await signUp()
    const other = await signUp()
    const first = await requestLink(email)
    const second = await requestLink(email)
    const theirs = await requestLink(other.email)
    expect((await formPost(harness, second, { password: NEW_PASSWORD, password_confirmation: NEW_PASSWORD })).status).toBe(303)
    const revoked = await get(first)
    expect(revoked.status).toBe(410)
    expect(await revoked.text()).toContain('Send me a new link')
    expect((await get(theirs)).status).toBe(200)
  })

  it('ends every session of the account, including ones signed in elsewhere', async () => {
    const { email, cookie: fromSignup } = await signUp()
    const laptop = cookieFrom(await signIn(email, OLD_PASSWORD))
    expect(await (await get('/', { headers: { cookie: laptop } })).text()).toContain('Signed in as')
    const path = await requestLink(email)
    expect((await formPost(harness, path, { password: NEW_PASSWORD, password_confirmation: NEW_PASSWORD })).status).toBe(303)
    for (const cookie of [fromSignup, laptop]) {
      // Signed out, and told why on the next visit.
      const home = await get('/', { headers: { cookie } })
      expect(home.status).toBe(303)
      expect(home.headers.get('location')).toBe('/login?notice=session_ended')
    }
    const fresh = cookieFrom(await signIn(email, NEW_PASSWORD))
    expect(await (await get('/', { headers: { cookie: fresh } })).text()).toContain('Signed in as')
  })

  it('is void once the password changed by another way, even if it was still open in its slot', async () => {
    const { email } = await signUp()
    const path = await requestLink(email)
    const account = (await harness.accounts.findByEmail(email))!
    // Another reset already won (its revocation is what normally closes this slot).
    expect(await harness.accounts.setPassword(account.id, account.passwordHash, account.sessionVersion)).toMatchObject({ ok: true })
    const response = await formPost(harness, path, { password: NEW_PASSWORD, password_confirmation: NEW_PASSWORD })
    expect(response.status).toBe(410)
    expect((await signIn(email, NEW_PASSWORD)).status).toBe(401)
  })

  it('refuses a reset form posted from another origin', async () => {
    const { email } = await signUp()
    const path = await requestLink(email)
    const response = await harness.app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      body: new URLSearchParams({ password: NEW_PASSWORD, password_confirmation: NEW_PASSWORD }).toString(),
    })
    expect(response.status).toBe(403)
    expect((await get(path)).status).toBe(200)
  })

  it('shows the 404 page for a token that is not a link', async () => {
    const response = await get('/l/not-a-real-token')
    expect(response.status).toBe(404)
    expect(await response.text()).toContain('This link is not valid')
  })
})

describe('rate limits on /forgot', () => {
  it('lets 5 requests per address through, refuses the 6th with 429 and Retry-After, and resets after the window', async () => {
    const { email } = await signUp()
    for (let i = 0; i < 5; i++) {
      // A different client each time: this is the per-address limit, not the per-client one.
      expect((await formPost(harness, '/forgot', { email }, { headers: client() })).status).toBe(200)
    }
    const refused = await formPost(harness, '/forgot', { email: email.toUpperCase() }, { headers: client() })
    expect(refused.status).toBe(429)
    const retryAfter = Number(refused.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(900)
    const html = await refused.text()
    expect(html).toContain('Too many reset requests')
    expect(html).toContain('<form method="post" action="/forgot"')
    await harness.demo.settled()
    expect(harness.outbox.list().filter((m) => m.to === email && m.subject === RESET_MAIL_SUBJECT)).toHaveLength(5)

    // The limit is the same for an unknown address: a 429 says nothing about accounts.
    for (let i = 0; i < 5; i++) await formPost(harness, '/forgot', { email: 'ghost@example.com' }, { headers: client() })
    const ghost = await formPost(harness, '/forgot', { email: 'ghost@example.com' }, { headers: client() })
    expect(ghost.status).toBe(429)
    // The same page but for the address typed, which comes back into its field.
    expect((await ghost.text()).replace('ghost@example.com', 'ADDRESS')).toBe(html.replace(email.toUpperCase(), 'ADDRESS'))

    clock += retryAfter * 1000
    expect((await formPost(harness, '/forgot', { email }, { headers: client() })).status).toBe(200)
  })

  it('limits mail per mailbox too: victim+1@, victim+2@, VICTIM+3@ … share one budget of 10', async () => {
    for (let i = 0; i < 10; i++) {
      expect((await formPost(harness, '/forgot', { email: `victim+${i}@example.com` }, { headers: client() })).status).toBe(200)
    }
    const refused = await formPost(harness, '/forgot', { email: 'Victim+extra@Example.com' }, { headers: client() })
    expect(refused.status).toBe(429)
    expect((await formPost(harness, '/forgot', { email: 'victim@example.com' }, { headers: client() })).status).toBe(429)
    // Another mailbox at the same domain is not affected.
    expect((await formPost(harness, '/forgot', { email: 'victimb+1@example.com' }, { headers: client() })).status).toBe(200)
  })

  it('lets 20 requests per client through, then refuses the 21st, whatever the address', async () => {
    const headers = client()
    for (let i = 0; i < 20; i++) {
      expect((await formPost(harness, '/forgot', { email: `household${i}@example.com` }, { headers })).status).toBe(200)
    }
    const refused = await formPost(harness, '/forgot', { email: 'household-extra@example.com' }, { headers })
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/)
    expect((await formPost(harness, '/forgot', { email: 'household-extra@example.com' }, { headers: client() })).status).toBe(200)
    clock += 900_000
    expect((await formPost(harness, '/forgot', { email: 'household-extra@example.com' }, { headers })).status).toBe(200)
  })
})

describe('dev outbox', () => {
  it('lists sent mail newest first, as a page and as JSON {to, subject, text, html, sentAt}', async () => {
    const a = await signUp()
    const b = await signUp()
    await requestLink(a.email)
    await requestLink(b.email)
    const items = (await (await get('/dev/outbox.json')).json()) as Record<string, unknown>[]
    expect(Object.keys(items[0]!).sort()).toEqual(['html', 'sentAt', 'subject', 'text', 'to'])
    expect(items[0]!.to).toBe(b.email)
    expect(items[1]!.to).toBe(a.email)
    expect(Date.parse(items[0]!.sentAt as string)).toBeGreaterThanOrEqual(Date.parse(items[1]!.sentAt as string))
    const page = await get('/dev/outbox')
    expect(page.status).toBe(200)
    expect(page.headers.get('cache-control')).toBe('no-store')
    const html = await page.text()
    expect(html.indexOf(b.email)).toBeLessThan(html.indexOf(a.email))
    expect(html).toMatch(/<a href="http:\/\/demo\.test\/l\/[\w-]+">/)
  })

  it('is not there when no outbox is given (production)', async () => {
    const production = await startDemoHarness({ outbox: undefined })
    try {
      expect((await production.app.request('/dev/outbox')).status).toBe(404)
      expect((await production.app.request('/dev/outbox.json')).status).toBe(404)
      const check = await formPost(production, '/forgot', { email: 'someone@example.com' })
      expect(await check.text()).not.toContain('/dev/outbox')
    } finally {
      await production.close()
    }
  })
})

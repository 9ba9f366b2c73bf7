import { describe, expect, it } from 'vitest'
import { MemoryRateLimiter } from '../src/demo/memory-rate-limiter.ts'
import { cookieFrom, formPost, sharedDemoHarness, signUpConfirmed, startDemoHarness } from './support/demo-app.ts'

const PASSWORD = 'correct horse battery staple'
let clock = Date.now()
const harness = sharedDemoHarness({ limits: { loginPerClient: new MemoryRateLimiter({ limit: 8, windowSeconds: 900, now: () => clock }) } })

const page = async (path: string, cookie?: string) => {
  const response = await harness.app.request(path, cookie ? { headers: { cookie } } : undefined)
  return { status: response.status, html: await response.text() }
}
let nextUser = 0
const newEmail = () => `user${++nextUser}@example.com`

async function signUp(email = newEmail(), password = PASSWORD) {
  const response = await signUpConfirmed(harness, email, password)
  expect(response.status).toBe(303)
  return { email, cookie: cookieFrom(response) }
}

describe('sign up', () => {
  it('serves a form with labelled email and password fields', async () => {
    const { status, html } = await page('/signup')
    expect(status).toBe(200)
    expect(html).toMatch(/<label for="field-email">Email address<\/label>/)
    expect(html).toMatch(/<input id="field-email" name="email" type="email" autocomplete="email"/)
    expect(html).toMatch(/<input id="field-password" name="password" type="password" autocomplete="new-password"/)
    expect(html).toContain('<form method="post" action="/signup"')
  })

  it('creates the account; confirmed by code, it signs in with an HttpOnly, SameSite=Lax cookie and answers 303 to /', async () => {
    const response = await signUpConfirmed(harness, '  New.Person@Example.COM ', PASSWORD)
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/')
    const setCookie = response.headers.getSetCookie().find((line) => line.startsWith('slotlink_session=')) ?? ''
    expect(setCookie).toMatch(/^slotlink_session=/)
    expect(setCookie).toMatch(/HttpOnly/)
    expect(setCookie).toMatch(/SameSite=Lax/)
    expect(setCookie).not.toMatch(/Secure/) // http://demo.test: a Secure cookie would never come back
    const home = await page('/', cookieFrom(response))
    expect(home.html).toContain('Signed in as <strong>new.person@example.com</strong>')
    // The address is stored normalized, once.
    expect(await harness.accounts.findByEmail('new.person@example.com')).toMatchObject({ email: 'new.person@example.com', sessionVersion: 1 })
  })

  it('stores a scrypt hash, never the password', async () => {
    const { email } = await signUp()
    const account = await harness.accounts.findByEmail(email)
    expect(account?.passwordHash).toMatch(/^scrypt\$ln=\d+,r=8,p=1\$[\w-]+\$[\w-]+$/)
    expect(account?.passwordHash).not.toContain(PASSWORD)
  })

  it('refuses a short password, a bad address and a missing field with 422 and messages tied to the fields', async () => {
    const short = await formPost(harness, '/signup', { email: newEmail(), password: 'elevenchars' })
    expect(short.status).toBe(422)
    const html = await short.text()
    expect(html).toMatch(/aria-invalid="true" aria-describedby="field-password-error field-password-hint"/)
    expect(html).toMatch(/<p id="field-password-error" class="error">Use at least 12 characters\.<\/p>/)
    expect(short.headers.get('set-cookie')).toBeNull()

    const long = await formPost(harness, '/signup', { email: newEmail(), password: 'x'.repeat(1025) })
    expect(long.status).toBe(422)
    expect(await long.text()).toContain('Use at most 1024 characters.')

    const badEmail = await formPost(harness, '/signup', { email: 'not-an-address', password: PASSWORD })
    expect(badEmail.status).toBe(422)
    expect(await badEmail.text()).toMatch(/id="field-email-error"/)

    expect((await formPost(harness, '/signup', {})).status).toBe(422)
  })

  it('counts characters, not UTF-16 units: twelve emoji are a valid password', async () => {
    const response = await formPost(harness, '/signup', { email: newEmail(), password: '🔑'.repeat(12) })
    expect(response.status).toBe(200)
    expect((await formPost(harness, '/signup', { email: newEmail(), password: '🔑'.repeat(11) })).status).toBe(422)
  })

  it('answers a taken address, however it is spelled, as a new one, and keeps the first password', async () => {
    const { email } = await signUp()
    const again = await formPost(harness, '/signup', { email: email.toUpperCase(), password: 'another password entirely' })
    expect(again.status).toBe(200)
    expect(await again.text()).toContain('Confirm your address')
    expect((await formPost(harness, '/login', { email, password: PASSWORD })).status).toBe(303)
    expect((await formPost(harness, '/login', { email, password: 'another password entirely' })).status).toBe(401)
  })
})

describe('sign in and out', () => {
  it('signs in with the right password: 303 to / with a session cookie', async () => {
    const { email } = await signUp()
    const response = await formPost(harness, '/login', { email: email.toUpperCase(), password: PASSWORD })
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/')
    expect((await page('/', cookieFrom(response))).html).toContain(`Signed in as <strong>${email}</strong>`)
  })

  it('answers a wrong password and an unknown address with the same 401 page', async () => {
    const { email } = await signUp()
    const wrong = await formPost(harness, '/login', { email, password: 'not the password at all' })
    const unknown = await formPost(harness, '/login', { email: 'nobody@example.com', password: 'not the password at all' })
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    expect(wrong.headers.get('set-cookie')).toBeNull()
    // The same page but for the address typed, which comes back into its field.
    const wrongPage = await wrong.text()
    expect(wrongPage).toContain(`value="${email}"`)
    expect(wrongPage.replace(email, 'ADDRESS')).toBe((await unknown.text()).replace('nobody@example.com', 'ADDRESS'))
  })

  it('answers 401 to a blank password or a malformed address, saying which field to fix', async () => {
    const blank = await formPost(harness, '/login', { email: 'user@example.com', password: '' })
    expect(blank.status).toBe(401)
    expect(await blank.text()).toMatch(/<p id="field-password-error" class="error">Enter your password\.<\/p>/)
    const malformed = await formPost(harness, '/login', { email: 'user-at-example.com', password: 'whatever it is' })
    expect(malformed.status).toBe(401)
    expect(await malformed.text()).toMatch(/<p id="field-email-error" class="error">/)
  })

  it('signs out: POST /logout clears the cookie and says so on the sign-in page', async () => {
    const { cookie } = await signUp()
    const response = await formPost(harness, '/logout', {}, { cookie })
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/login?notice=signed_out')
    expect(response.headers.get('set-cookie')).toMatch(/^slotlink_session=; Max-Age=0/)
    expect((await page('/login?notice=signed_out')).html).toContain('You have signed out.')
  })

  it('ends the session on the server at sign-out: a copied cookie is refused afterwards, other sessions stay', async () => {
    const { email, cookie } = await signUp()
    const other = cookieFrom(await formPost(harness, '/login', { email, password: PASSWORD }))
    const copied = cookie
    expect((await page('/', copied)).html).toContain('Signed in as')
    expect((await formPost(harness, '/logout', {}, { cookie })).status).toBe(303)
    // The copy's session is over on the server: its next visit is told so (and its cookie cleared).
    const afterwards = await harness.app.request('/', { headers: { cookie: copied } })
    expect(afterwards.status).toBe(303)
    expect(afterwards.headers.get('location')).toBe('/login?notice=session_ended')
    expect(afterwards.headers.get('set-cookie')).toMatch(/slotlink_session=;.*Max-Age=0/)
    // Signing out here does not sign out the person's other browser.
    expect((await page('/', other)).html).toContain('Signed in as')
  })

  it('shows the welcome page, not an account, for a missing, forged or tampered cookie', async () => {
    const { cookie } = await signUp()
    expect((await page('/')).html).toContain('<title>Welcome</title>')
    const [name, value] = cookie.split('=') as [string, string]
    const tampered = `${name}=${value.replace(/^[0-9a-f]/, (d) => (d === 'a' ? 'b' : 'a'))}`
    expect((await page('/', tampered)).html).toContain('<title>Welcome</title>')
    expect((await page('/', 'slotlink_session=someone.1.1700000000.c2lnbmF0dXJl')).html).toContain('<title>Welcome</title>')
  })

  it('ignores notices it does not know instead of echoing the query', async () => {
    const { html } = await page('/login?notice=%3Cscript%3Ealert(1)%3C/script%3E')
    // The page's own scripts are files of this origin; the query's never reaches the page.
    expect(html).not.toContain('alert(1)')
    expect(html).not.toMatch(/<script>(?!<\/script>)/)
    expect(html).not.toContain('notice ok')
  })

  it('limits sign-in attempts per client with 429 and Retry-After, then lets them through again', async () => {
    const client = { 'x-test-client': '198.51.100.20' }
    for (let i = 0; i < 8; i++) {
      expect((await formPost(harness, '/login', { email: 'nobody@example.com', password: 'guess number ' + i }, { headers: client })).status).toBe(401)
    }
    const refused = await formPost(harness, '/login', { email: 'nobody@example.com', password: 'one guess too many' }, { headers: client })
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await refused.text()).toContain('Too many sign-in attempts')
    // Another client is not affected, and the first one may try again once the window has passed.
    expect((await formPost(harness, '/login', { email: 'nobody@example.com', password: 'x'.repeat(12) }, { headers: { 'x-test-client': '198.51.100.21' } })).status).toBe(401)
    clock += 900_000
    expect((await formPost(harness, '/login', { email: 'nobody@example.com', password: 'x'.repeat(12) }, { headers: client })).status).toBe(401)
  })
})

describe('form posts', () => {
  it('refuses posts from another origin (403) and posts that are not forms (415)', async () => {
    const body = new URLSearchParams({ email: newEmail(), password: PASSWORD }).toString()
    const foreign = await harness.app.request('/signup', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      body,
    })
    expect(foreign.status).toBe(403)
    const noOrigin = await harness.app.request('/signup', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body })
    expect(noOrigin.status).toBe(403)
    const json = await harness.app.request('/signup', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: harness.publicUrl },
      body: JSON.stringify({ email: newEmail(), password: PASSWORD }),
    })
    expect(json.status).toBe(415)
  })

  it('refuses a form body over 16 KiB with 413 before reading it', async () => {
    const response = await formPost(harness, '/login', { email: 'a@example.com', password: 'x'.repeat(20_000) })
    expect(response.status).toBe(413)
  })
})

describe('secure cookies', () => {
  it('marks the cookie Secure with the __Host- prefix when the public URL is https, and reads it back', async () => {
    const https = await startDemoHarness({}, 'https://auth.example.com')
    try {
      const response = await signUpConfirmed(https, 'secure@example.com', PASSWORD)
      expect(response.status).toBe(303)
      const setCookie = response.headers.getSetCookie().find((line) => line.includes('slotlink_session=')) ?? ''
      expect(setCookie).toMatch(/^__Host-slotlink_session=/)
      expect(setCookie).toMatch(/; Secure/)
      expect(setCookie).toMatch(/; Path=\//)
      expect(setCookie).not.toMatch(/Domain=/)
      const home = await https.app.request('/', { headers: { cookie: cookieFrom(response) } })
      expect(await home.text()).toContain('Signed in as')
    } finally {
      await https.close()
    }
  })
})

describe('demo pages asked the wrong way', () => {
  it('answer 405 with the methods they do take in Allow, and say so in the reader language', async () => {
    const allowOf = (res: Response) => (res.headers.get('allow') ?? '').split(/,\s*/).filter(Boolean).sort()
    const cases: [string, string, string[]][] = [
      ['PUT', '/signup', ['GET', 'HEAD', 'POST']],
      ['DELETE', '/login', ['GET', 'HEAD', 'POST']],
      ['GET', '/logout', ['POST']],
      ['PATCH', '/forgot/code', ['GET', 'HEAD', 'POST']],
      ['PUT', '/confirm', ['GET', 'HEAD', 'POST']],
      ['POST', '/', ['GET', 'HEAD']],
      ['POST', '/dev/outbox', ['GET', 'HEAD']],
    ]
    for (const [method, path, allow] of cases) {
      const res = await harness.app.request(path, { method, headers: { origin: harness.publicUrl, 'accept-language': 'de' } })
      expect(res.status, `${method} ${path}`).toBe(405)
      expect(allowOf(res), `${method} ${path}`).toEqual(allow)
      expect(await res.text()).toContain(`Diese Seite beantwortet keine ${method}-Anfragen.`)
    }
  })
})

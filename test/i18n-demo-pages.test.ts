import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PAGE_CATALOGUES } from '../src/core/pages/page-messages.ts'
import { DEMO_PAGE_CATALOGUES } from '../src/demo/demo-page-messages.ts'
import { LINK_PAGE_CATALOGUES } from '../src/demo/link-page-messages.ts'
import { MemoryRateLimiter } from '../src/demo/memory-rate-limiter.ts'
import { cookieFrom, formPost, latestLinkPath, signUpConfirmed, startDemoHarness, type DemoHarness } from './support/demo-app.ts'
import { codeFromMail } from './support/demo-flows.ts'

// Every demo page a person can meet, asked for in German: none may show a word of English.
let harness: DemoHarness
/** The same demo with limits of one, to reach the 429 pages. */
let limited: DemoHarness
beforeAll(async () => {
  harness = await startDemoHarness()
  const once = () => new MemoryRateLimiter({ limit: 1, windowSeconds: 900 })
  limited = await startDemoHarness({ limits: { signupPerClient: once(), loginPerClient: once(), forgotPerClient: once() } })
})
afterAll(async () => {
  await harness?.close()
  await limited?.close()
})

const GERMAN = { 'accept-language': 'de-DE,de;q=0.9,en;q=0.5' }
const ENGLISH = { 'accept-language': 'en-US,en;q=0.9' }
const PASSWORD = 'ein langes deutsches Passwort'
let nextClient = 0
const german = () => ({ ...GERMAN, 'x-test-client': `198.51.100.${++nextClient}` })

/** The words of every English message, without its placeholders: what a page left untranslated would show. */
function literals(ast: readonly MessageFormatElement[], into: string[] = []): string[] {
  for (const element of ast) {
    if (element.type === TYPE.literal) into.push(element.value)
    if (element.type === TYPE.tag) literals(element.children, into)
    if (element.type === TYPE.select || element.type === TYPE.plural) for (const option of Object.values(element.options)) literals(option.value, into)
  }
  return into
}
const ENGLISH_WORDS = [
  ...new Set(
    [DEMO_PAGE_CATALOGUES, LINK_PAGE_CATALOGUES, PAGE_CATALOGUES]
      .flatMap((catalogue) => Object.values(catalogue.en as Record<string, string>))
      .flatMap((message) => literals(parse(message)))
      .map((fragment) => fragment.replace(/\s+/g, ' ').trim().replace(/^[.,:;?!·()]+|[.,:;?!·()]+$/g, '').trim())
      // A fragment with at least one word of two letters; punctuation alone says nothing.
      .filter((fragment) => /[A-Za-z]{2}/.test(fragment)),
  ),
]
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const ENGLISH_PATTERNS = ENGLISH_WORDS.map((words) => ({ words, pattern: new RegExp(`(^|[^A-Za-z])${escapeRegExp(words)}($|[^A-Za-z])`) }))

/** What a reader sees and hears: the text, and the attributes that are read out or shown. */
function readable(html: string): string {
  const attributes = [...html.matchAll(/\s(?:aria-label|data-busy-label|title|alt)="([^"]*)"/g)].map(([, value]) => value)
  const text = html
    .replace(/<title>[^<]*<\/title>/, (title) => ` ${title} `)
    .replace(/<[^>]+>/g, ' ')
    .concat(' ', attributes.join(' '))
  return text.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/\s+/g, ' ')
}
const englishIn = (html: string) => ENGLISH_PATTERNS.filter(({ pattern }) => pattern.test(readable(html))).map(({ words }) => words)

async function expectGerman(name: string, response: Response, status: number) {
  expect(response.status, name).toBe(status)
  const html = await response.text()
  expect(html, name).toContain('<html lang="de" dir="ltr">')
  expect(englishIn(html), name).toEqual([])
  return html
}
const get = (app: DemoHarness, path: string, headers: Record<string, string>, cookie?: string) => app.app.request(path, { headers: { ...headers, ...(cookie && { cookie }) } })

describe('the demo pages in German', () => {
  it('the check finds English: each English page shows its own words', async () => {
    expect(ENGLISH_WORDS.length).toBeGreaterThan(150)
    for (const path of ['/', '/signup', '/login', '/forgot']) expect(englishIn(await (await get(harness, path, ENGLISH)).text()).length, path).toBeGreaterThan(3)
  })

  it('start, sign-up and its errors, the confirm code form and its errors, the signed-in home page', async () => {
    await expectGerman('welcome', await get(harness, '/', GERMAN), 200)
    await expectGerman('sign-up form', await get(harness, '/signup', GERMAN), 200)
    const invalid = await expectGerman('sign-up refused', await formPost(harness, '/signup', { email: 'kein-at-zeichen', password: 'kurz' }, { headers: german() }), 422)
    expect(invalid).toContain('Geben Sie eine E-Mail-Adresse wie name@example.com ein.')
    expect(invalid).toContain('Verwenden Sie mindestens 12 Zeichen.')
    await expectGerman('sign-up form unreadable', await formPost(harness, '/signup', {}, { headers: { ...german(), 'content-type': 'multipart/form-data; boundary=x' } }), 400)

    const email = 'vollstaendig@example.com'
    const client = german()
    const signedUp = await formPost(harness, '/signup', { email, password: PASSWORD }, { headers: client })
    const cookie = cookieFrom(signedUp)
    await expectGerman('check your mail (sign-up)', signedUp, 200)
    await harness.demo.settled()
    await expectGerman('confirm code form', await get(harness, '/confirm', GERMAN, cookie), 200)
    await expectGerman('confirm code malformed', await formPost(harness, '/confirm', { code: '12' }, { cookie, headers: client }), 422)
    const wrong = await expectGerman('confirm code wrong', await formPost(harness, '/confirm', { code: 'ZZZZ-ZZZZ' }, { cookie, headers: client }), 422)
    expect(wrong).toContain('Sie haben noch 4 Versuche.')
    const mail = harness.outbox.list().find((m) => m.to === email)!
    const confirmed = await formPost(harness, '/confirm', { code: codeFromMail(mail.text) }, { cookie, headers: client })
    expect(confirmed.status).toBe(303)
    await expectGerman('home', await get(harness, '/', GERMAN, cookieFrom(confirmed)), 200)
    await expectGerman('outbox (German mail only)', await get(harness, '/dev/outbox', GERMAN), 200)
  })

  it('sign-in: the form, each notice, every refusal, the code form and the sign-in link page', async () => {
    const email = 'anmelden@example.com'
    expect((await signUpConfirmed(harness, email, PASSWORD, german())).status).toBe(303)
    await expectGerman('sign-in form', await get(harness, '/login', GERMAN), 200)
    for (const notice of ['password_changed', 'signed_out', 'session_ended']) await expectGerman(notice, await get(harness, `/login?notice=${notice}`, GERMAN), 200)
    await expectGerman('sign-in failed', await formPost(harness, '/login', { email, password: 'nicht das Passwort' }, { headers: german() }), 401)
    const blank = await expectGerman('sign-in blank', await formPost(harness, '/login', { email: 'x', password: '' }, { headers: german() }), 401)
    expect(blank).toContain('Geben Sie Ihr Passwort ein.')
    const unconfirmed = 'unbestaetigt@example.com'
    await formPost(harness, '/signup', { email: unconfirmed, password: PASSWORD }, { headers: german() })
    await expectGerman('sign-in unconfirmed', await formPost(harness, '/login', { email: unconfirmed, password: PASSWORD }, { headers: german() }), 401)
    await expectGerman('sign-in link refused', await formPost(harness, '/login/link', { email: 'nope' }, { headers: german() }), 422)

    const client = german()
    const asked = await formPost(harness, '/login/link', { email }, { headers: client })
    const cookie = cookieFrom(asked)
    await expectGerman('check your mail (sign-in)', asked, 200)
    await harness.demo.settled()
    await expectGerman('sign-in code wrong', await formPost(harness, '/login/code', { code: 'ZZZZ-ZZZZ' }, { cookie, headers: client }), 422)
    // The link's page speaks its mail's language in any browser.
    await expectGerman('sign-in link page', await get(harness, latestLinkPath(harness.outbox), ENGLISH), 200)
    await expectGerman('no code in this browser', await formPost(harness, '/login/code', { code: 'ZZZZ-ZZZZ' }, { headers: german() }), 400)
    await expectGerman('form of the wrong type', await harness.app.request('/login', { method: 'POST', headers: { ...german(), origin: harness.publicUrl, 'content-type': 'text/plain' }, body: 'x' }), 415)
  })

  it('forgot password: the form, its refusal, the code form, the reset form and its errors', async () => {
    const email = 'vergessen@example.com'
    expect((await signUpConfirmed(harness, email, PASSWORD, german())).status).toBe(303)
    await expectGerman('forgot form', await get(harness, '/forgot', GERMAN), 200)
    await expectGerman('forgot refused', await formPost(harness, '/forgot', { email: '' }, { headers: german() }), 422)
    const client = german()
    const asked = await formPost(harness, '/forgot', { email }, { headers: client })
    const cookie = cookieFrom(asked)
    await expectGerman('check your mail (reset)', asked, 200)
    await harness.demo.settled()
    await expectGerman('reset code malformed', await formPost(harness, '/forgot/code', { code: 'x' }, { cookie, headers: client }), 422)
    const path = latestLinkPath(harness.outbox)
    const form = await expectGerman('reset form', await get(harness, path, ENGLISH), 200)
    expect(form).toMatch(/läuft in 30 Minuten ab \(am <time/)
    const mismatch = await expectGerman('reset refused', await formPost(harness, path, { password: PASSWORD + ' neu', password_confirmation: 'anders' }, { headers: ENGLISH }), 422)
    expect(mismatch).toContain('Die beiden Passwörter stimmen nicht überein.')
    // A code typed into the form that gave it: the same reset form, behind a fresh link.
    const code = codeFromMail(harness.outbox.list()[0]!.text)
    const redirected = await formPost(harness, '/forgot/code', { code }, { cookie, headers: client })
    expect(redirected.status).toBe(303)
    await expectGerman('reset form by code', await get(harness, redirected.headers.get('location')!, ENGLISH), 200)
    // A code form whose mail a newer one replaced.
    const older = cookieFrom(await formPost(harness, '/forgot', { email }, { headers: client }))
    await formPost(harness, '/forgot', { email }, { headers: client })
    await harness.demo.settled()
    await expectGerman('replaced code', await formPost(harness, '/forgot/code', { code: 'ZZZZ-ZZZZ' }, { cookie: older, headers: client }), 410)
    await expectGerman('no code in this browser', await formPost(harness, '/forgot/code', { code: 'ZZZZ-ZZZZ' }, { headers: german() }), 400)
  })

  it('the confirm link page and its success page', async () => {
    await formPost(harness, '/signup', { email: 'link-bestaetigen@example.com', password: PASSWORD }, { headers: german() })
    await harness.demo.settled()
    const path = latestLinkPath(harness.outbox)
    await expectGerman('confirm link page', await get(harness, path, ENGLISH), 200)
    await expectGerman('address confirmed', await formPost(harness, path, {}, { headers: ENGLISH }), 200)
  })

  it('the pages that ask to wait (429), with the wait in German words', async () => {
    const client = german()
    await formPost(limited, '/signup', { email: 'eins@example.com', password: PASSWORD }, { headers: client })
    const signup = await expectGerman('sign-up limited', await formPost(limited, '/signup', { email: 'zwei@example.com', password: PASSWORD }, { headers: client }), 429)
    expect(signup).toMatch(/Bitte warten Sie \d+ Minuten? und versuchen/)
    await formPost(limited, '/login', { email: 'eins@example.com', password: PASSWORD }, { headers: client })
    await expectGerman('sign-in limited', await formPost(limited, '/login', { email: 'eins@example.com', password: PASSWORD }, { headers: client }), 429)
    await formPost(limited, '/forgot', { email: 'eins@example.com' }, { headers: client })
    await expectGerman('forgot limited', await formPost(limited, '/forgot', { email: 'eins@example.com' }, { headers: client }), 429)
  })
})

describe('how a page learns the language', () => {
  it('?lang=de beats an English Accept-Language; Accept-Language de alone works; English without either', async () => {
    for (const path of ['/', '/signup', '/login', '/forgot']) {
      await expectGerman(`${path}?lang=de`, await get(harness, `${path}?lang=de`, ENGLISH), 200)
      await expectGerman(`${path} (Accept-Language)`, await get(harness, path, { 'accept-language': 'de-AT' }), 200)
      const english = await (await get(harness, path, {})).text()
      expect(english).toContain('<html lang="en" dir="ltr">')
    }
    const forced = await formPost(harness, '/login?lang=de', { email: 'x', password: '' }, { headers: ENGLISH })
    expect(await forced.text()).toContain('Geben Sie Ihr Passwort ein.')
  })

})

describe('an asked ?lang= kept through forms and redirects', () => {
  const english = () => ({ ...ENGLISH, 'x-test-client': `203.0.113.${++nextClient}` })
  /** Every form's action, as the browser reads it (the attribute unescaped). */
  const actionsOf = (html: string) => [...html.matchAll(/<form [^>]*action="([^"]*)"/g)].map(([, action]) => action!.replace(/&amp;/g, '&'))

  it('forgot password: the form, the code form and the redirect to the reset form stay German for an English browser', async () => {
    const email = 'sprache-behalten@example.com'
    expect((await signUpConfirmed(harness, email, PASSWORD)).status).toBe(303)
    const form = await expectGerman('forgot form', await get(harness, '/forgot?lang=de', ENGLISH), 200)
    expect(actionsOf(form)).toEqual(['/forgot?lang=de'])
    expect(form).toContain('href="/login?lang=de"')
    const client = english()
    const asked = await formPost(harness, '/forgot?lang=de', { email }, { headers: client })
    const checkEmail = await expectGerman('check your mail (reset)', asked, 200)
    expect(actionsOf(checkEmail)).toEqual(['/forgot/code?lang=de'])
    await harness.demo.settled()
    const code = codeFromMail(harness.outbox.list()[0]!.text)
    const redirected = await formPost(harness, '/forgot/code?lang=de', { code }, { cookie: cookieFrom(asked), headers: client })
    expect(redirected.status).toBe(303)
    expect(redirected.headers.get('location')).toMatch(/^\/l\/[A-Za-z0-9_-]+\?lang=de$/)
    const reset = await expectGerman('reset form by code', await get(harness, redirected.headers.get('location')!, ENGLISH), 200)
    expect(actionsOf(reset)).toEqual([redirected.headers.get('location')])
  })

  it('a reset link mailed in English, opened with ?lang=de: its refusal and the page after the reset are German', async () => {
    const email = 'englisch-gemailt@example.com'
    expect((await signUpConfirmed(harness, email, PASSWORD)).status).toBe(303)
    await formPost(harness, '/forgot', { email }, { headers: english() })
    await harness.demo.settled()
    const path = latestLinkPath(harness.outbox)
    // Without ?lang= the link speaks its mail's language: English, whatever it is opened with.
    expect(await (await get(harness, path, GERMAN)).text()).toContain('<html lang="en" dir="ltr">')
    const form = await expectGerman('reset form', await get(harness, `${path}?lang=de`, ENGLISH), 200)
    const [action] = actionsOf(form)
    expect(action).toBe(`${path}?lang=de`)
    const refused = await expectGerman('reset refused', await formPost(harness, action!, { password: PASSWORD + ' neu', password_confirmation: 'anders' }, { headers: ENGLISH }), 422)
    expect(actionsOf(refused)).toEqual([`${path}?lang=de`])
    const changed = await formPost(harness, action!, { password: PASSWORD + ' neu', password_confirmation: PASSWORD + ' neu' }, { headers: ENGLISH })
    expect(changed.status).toBe(303)
    expect(changed.headers.get('location')).toBe('/login?notice=password_changed&lang=de')
    const login = await expectGerman('password changed', await get(harness, changed.headers.get('location')!, ENGLISH), 200)
    expect(login).toContain('class="notice ok"')
  })

  it('a sign-in link opened with ?lang=de signs in and lands on the German home page', async () => {
    const email = 'link-sprache@example.com'
    expect((await signUpConfirmed(harness, email, PASSWORD)).status).toBe(303)
    await formPost(harness, '/login/link', { email }, { headers: english() })
    await harness.demo.settled()
    const path = latestLinkPath(harness.outbox)
    const page = await expectGerman('sign-in link page', await get(harness, `${path}?lang=de`, ENGLISH), 200)
    expect(actionsOf(page)).toEqual([`${path}?lang=de`])
    const signedIn = await formPost(harness, `${path}?lang=de`, {}, { headers: ENGLISH })
    expect(signedIn.status).toBe(303)
    expect(signedIn.headers.get('location')).toBe('/?lang=de')
    const home = await expectGerman('home', await get(harness, '/?lang=de', ENGLISH, cookieFrom(signedIn)), 200)
    // Its sign-out form keeps the language too, and so does the page it sends to.
    expect(actionsOf(home)).toEqual(['/logout?lang=de'])
    const signedOut = await formPost(harness, '/logout?lang=de', {}, { cookie: cookieFrom(signedIn), headers: ENGLISH })
    expect(signedOut.headers.get('location')).toBe('/login?notice=signed_out&lang=de')
  })

  it('an unsupported ?lang= or an injection attempt is not carried into a form action or a redirect', async () => {
    const injection = encodeURIComponent('de"><script>alert(1)</script>')
    for (const query of ['?lang=xx', `?lang=${injection}`, '?lang=de%22%3E', '?lang=']) {
      const html = await (await get(harness, `/forgot${query}`, ENGLISH)).text()
      expect(html, query).toContain('<html lang="en" dir="ltr">')
      expect(actionsOf(html), query).toEqual(['/forgot'])
      expect(html, query).not.toContain('lang=de')
      expect(html, query).not.toContain('<script>alert')
    }
    const email = 'kein-lang@example.com'
    expect((await signUpConfirmed(harness, email, PASSWORD)).status).toBe(303)
    const signedIn = await formPost(harness, `/login?lang=${injection}`, { email, password: PASSWORD }, { headers: english() })
    expect(signedIn.status).toBe(303)
    expect(signedIn.headers.get('location')).toBe('/')
    // Accept-Language alone is not written into the address: the browser sends it again anyway.
    expect(actionsOf(await (await get(harness, '/forgot', GERMAN)).text())).toEqual(['/forgot'])
  })
})

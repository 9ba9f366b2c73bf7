import { describe, expect, it } from 'vitest'
import { PSEUDO_LOCALE_PATH } from '../src/demo/pseudo-locale-routes.tsx'
import { formPost, latestLinkPath, sharedDemoHarness, signUpConfirmed } from './support/demo-app.ts'

const harness = sharedDemoHarness()

const GERMAN = { 'accept-language': 'de-DE,de;q=0.9,en;q=0.5' }
const ENGLISH = { 'accept-language': 'en-US,en;q=0.9' }
const get = async (path: string, headers: Record<string, string>) => {
  const response = await harness.app.request(path, { headers })
  return { status: response.status, html: await response.text(), vary: response.headers.get('vary') }
}
const mint = async (data: Record<string, string | number> | null = null) => {
  const issued = await harness.links.issue({ purpose: 'newsletter_opt_in', subject: `reader-${crypto.randomUUID()}`, ttl: 600, data })
  if (!issued.ok) throw new Error('no capacity')
  return issued
}

describe('the core link pages in the request language', () => {
  it('a link minted without a locale speaks the browser language: German for Accept-Language de', async () => {
    const { token } = await mint()
    const german = await get(`/l/${token}`, GERMAN)
    expect(german.status).toBe(200)
    expect(german.html).toContain('<html lang="de" dir="ltr">')
    expect(german.html).toContain('<title>Bestätigen</title>')
    expect(german.html).toMatch(/Dieser Link ist bereit\. Er funktioniert einmal und läuft am <time datetime="[^"]+" data-local="">\d{1,2}\. \S+ \d{4}, \d\d:\d\d UTC<\/time> ab\./)
    expect(german.vary).toMatch(/Accept-Language/)
    const english = await get(`/l/${token}`, ENGLISH)
    expect(english.html).toContain('<html lang="en" dir="ltr">')
    expect(english.html).toContain('This link is ready to use. It works once, and expires at <time')
  })

  it('a link minted with data.locale speaks it in any browser, and so does its success page', async () => {
    const { token } = await mint({ locale: 'de' })
    expect((await get(`/l/${token}`, ENGLISH)).html).toContain('<button type="submit">Bestätigen</button>')
    const done = await formPost(harness, `/l/${token}`, {}, { headers: ENGLISH })
    expect(done.status).toBe(200)
    expect(await done.text()).toContain('Ihr Link hat funktioniert.')
  })

  it('the 404 and 410 pages and the site-wide not-found page are German for a German browser', async () => {
    const { token } = await mint()
    await harness.links.consume(token)
    const used = await get(`/l/${token}`, GERMAN)
    expect(used.status).toBe(410)
    expect(used.html).toContain('Dieser Link wurde schon benutzt')
    expect(used.html).toMatch(/Er wurde am <time[^>]*>[^<]+<\/time> benutzt\. Jeder Link funktioniert nur einmal\./)
    const invalid = await get('/l/not-a-link', GERMAN)
    expect(invalid.status).toBe(404)
    expect(invalid.html).toContain('Dieser Link ist ungültig')
    const missing = await get('/no-such-page', GERMAN)
    expect(missing.status).toBe(404)
    expect(missing.html).toContain('Seite nicht gefunden')
    expect(missing.html).toContain('<a href="/">Zur Startseite</a>')
  })

  it('?lang=ar-XB shows a page right to left in the pseudo-locale', async () => {
    const { token } = await mint()
    const pseudo = await get(`/l/${token}?lang=ar-XB`, ENGLISH)
    expect(pseudo.html).toContain('<html lang="ar-XB" dir="rtl">')
    expect(pseudo.html).toContain('<button type="submit">⟦Çóóñƒííŕɱ⟧</button>')
  })
})

describe('an asked ?lang= carried through a link page form', () => {
  const actionOf = (html: string) => /<form method="post" action="([^"]*)"/.exec(html)?.[1]
  const unescape = (value: string | undefined) => value?.replace(/&amp;/g, '&')

  it('GET /l/<token>?lang=de posts to /l/<token>?lang=de, and that POST answers in German to an English browser', async () => {
    const { token } = await mint()
    const page = await get(`/l/${token}?lang=de`, ENGLISH)
    expect(page.html).toContain('<html lang="de" dir="ltr">')
    const action = unescape(actionOf(page.html))
    expect(action).toBe(`/l/${token}?lang=de`)
    const done = await formPost(harness, action!, {}, { headers: ENGLISH })
    expect(done.status).toBe(200)
    const html = await done.text()
    expect(html).toContain('<html lang="de" dir="ltr">')
    expect(html).toContain('Ihr Link hat funktioniert.')
  })

  it('carries the normalised locale only: ?lang=DE-at becomes lang=de, ?lang=ar-XB stays', async () => {
    const { token } = await mint()
    expect(unescape(actionOf((await get(`/l/${token}?lang=DE-at`, ENGLISH)).html))).toBe(`/l/${token}?lang=de`)
    expect(unescape(actionOf((await get(`/l/${token}?lang=ar-XB`, ENGLISH)).html))).toBe(`/l/${token}?lang=ar-XB`)
  })

  it('without ?lang=, or with one that is no supported locale or an injection, the action is the bare link', async () => {
    const { token } = await mint()
    for (const query of ['', '?lang=xx', `?lang=${encodeURIComponent('de"><script>alert(1)</script>')}`, '?lang=de%22%3E%3Cscript%3E', '?lang=']) {
      const page = await get(`/l/${token}${query}`, ENGLISH)
      expect(page.status, query).toBe(200)
      expect(actionOf(page.html), query).toBe(`/l/${token}`)
      expect(page.html, query).not.toContain('<script>alert')
    }
  })

  it('the used page after a German ?lang= offers its next step with the language', async () => {
    const { token } = await mint()
    await harness.links.consume(token)
    const used = await get(`/l/${token}?lang=de`, ENGLISH)
    expect(used.status).toBe(410)
    expect(used.html).toContain('<html lang="de" dir="ltr">')
    expect(used.html).toContain('href="/?lang=de"')
    expect(used.html).toContain('<a class="brand" href="/?lang=de">slotlink</a>')
  })

  it('the site-wide not-found and not-allowed pages, and every page\'s brand link, after a German ?lang= link home with the language', async () => {
    const missing = await get('/no-such-page?lang=de', ENGLISH)
    expect(missing.status).toBe(404)
    expect(missing.html).toContain('<a href="/?lang=de">Zur Startseite</a>')
    expect(missing.html).toContain('<a class="brand" href="/?lang=de">slotlink</a>')
    for (const path of ['/forgot?lang=de', '/login?lang=de', '/signup?lang=de']) expect((await get(path, ENGLISH)).html, path).toContain('<a class="brand" href="/?lang=de">slotlink</a>')
    expect((await get('/forgot', ENGLISH)).html).toContain('<a class="brand" href="/">slotlink</a>')
    const refused = await harness.app.request('/forgot?lang=de', { method: 'PUT', headers: ENGLISH })
    expect(refused.status).toBe(405)
    expect(await refused.text()).toContain('href="/?lang=de"')
    expect((await get('/no-such-page?lang=xx', ENGLISH)).html).toContain('<a href="/">')
  })
})

describe('the demo mail in the language of the request that asked for it', () => {
  it('a German /forgot mails in German and stores the locale with the link, so its page matches', async () => {
    const email = 'deutsch@example.com'
    expect((await signUpConfirmed(harness, email, 'ein langes Passwort 42')).status).toBe(303)
    const asked = await formPost(harness, '/forgot', { email }, { headers: GERMAN })
    expect(asked.status).toBe(200)
    await harness.demo.settled()
    const mail = harness.outbox.list()[0]!
    expect(mail.to).toBe(email)
    expect(mail.subject).toBe('Ihr slotlink-Passwort zurücksetzen')
    expect(mail.text).toMatch(/^Hallo,$/m)
    expect(mail.text).toContain('Um ein neues Passwort zu wählen, öffnen Sie diesen Link:')
    expect(mail.text).toMatch(/Link und Code funktionieren einmal und laufen in 30 Minuten ab \(am \d{1,2}\. \S+ \d{4}, \d\d:\d\d UTC\)\./)
    expect(mail.html).toContain('<html lang="de" dir="ltr">')
    expect(mail.html).toContain('Neues Passwort wählen</a>')
    const peeked = await harness.links.peek(latestLinkPath(harness.outbox).slice('/l/'.length))
    expect(peeked.ok && peeked.link.data).toMatchObject({ locale: 'de' })
  })

  it('a German sign-up gets a German confirmation; its used link offers the next step in German', async () => {
    const email = 'bestaetigt@example.com'
    expect((await signUpConfirmed(harness, email, 'noch ein langes Passwort', GERMAN)).status).toBe(303)
    const mail = harness.outbox.list().find((m) => m.to === email)!
    expect(mail.subject).toBe('Bestätigen Sie Ihre slotlink-Adresse')
    const path = /\/l\/[A-Za-z0-9_-]+/.exec(mail.text)![0]
    const used = await get(path, GERMAN)
    expect(used.status).toBe(410)
    expect(used.html).toMatch(/Er wurde am <time[^>]*>[^<]+<\/time> \(mit dem Code aus seiner Mail\) benutzt\./)
    expect(used.html).toContain('<a class="button" href="/login">Anmelden</a>')
    expect((await get(path, ENGLISH)).html).toContain('<a class="button" href="/login">Sign in</a>')
  })

  it('the demo confirm and sign-in link pages speak their mail language in an English browser', async () => {
    const email = 'gemischt@example.com'
    const signedUp = await formPost(harness, '/signup', { email, password: 'ein sehr langes Passwort' }, { headers: GERMAN })
    expect(signedUp.status).toBe(200)
    await harness.demo.settled()
    const confirmPath = latestLinkPath(harness.outbox)
    const page = await get(confirmPath, ENGLISH)
    expect(page.html).toContain('<html lang="de" dir="ltr">')
    expect(page.html).toContain('<title>Bestätigen Sie Ihre Adresse</title>')
    expect(page.html).toMatch(/Dieser Link funktioniert einmal und läuft am <time datetime="[^"]+" data-local="">\d{1,2}\. \S+ \d{4}, \d\d:\d\d UTC<\/time> ab\./)
    const confirmed = await formPost(harness, confirmPath, {}, { headers: ENGLISH })
    expect(await confirmed.text()).toContain('Ihre Adresse ist bestätigt.')

    const asked = await formPost(harness, '/login/link', { email }, { headers: GERMAN })
    expect(asked.status).toBe(200)
    await harness.demo.settled()
    const signIn = await get(latestLinkPath(harness.outbox), ENGLISH)
    expect(signIn.html).toContain('<title>Bei slotlink anmelden</title>')
    expect(signIn.html).toMatch(/In diesem Browser als <strong>[^<]+<\/strong> anmelden\?/)
  })

  it('an English request still mails in English', async () => {
    const email = 'english@example.com'
    expect((await signUpConfirmed(harness, email, 'a long enough password 42')).status).toBe(303)
    await formPost(harness, '/forgot', { email }, { headers: ENGLISH })
    await harness.demo.settled()
    const mail = harness.outbox.list()[0]!
    expect(mail.subject).toBe('Reset your slotlink password')
    expect(mail.text).toMatch(/expire in 30 minutes \(at [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d\d\s[AP]M UTC\)\./)
  })
})

describe('/docs without the reference bundle', () => {
  it("says so in the reader's language: slotlink's own words, so its locale", async () => {
    const german = await get('/docs', GERMAN)
    expect(german.html).toContain('<html lang="de" dir="ltr">')
    expect(german.html).toContain('<title>API-Referenz</title>')
    expect(german.html).toContain('Das OpenAPI-Dokument liegt unter <a href="/openapi.json">openapi.json</a>.')
    expect((await get('/docs', ENGLISH)).html).toContain('The OpenAPI document is at <a href="/openapi.json">openapi.json</a>.')
  })
})

describe('the pseudo-locale specimen page', () => {
  it('is served in development, right to left, with every stylesheet part', async () => {
    const specimen = await get(PSEUDO_LOCALE_PATH, ENGLISH)
    expect(specimen.status).toBe(200)
    expect(specimen.html).toContain('<html lang="ar-XB" dir="rtl">')
    for (const part of ['class="notice ok"', 'class="notice bad"', 'class="error"', 'class="hint"', 'class="code"', '<table>', 'class="meta"', '<pre>', 'class="button"']) expect(specimen.html).toContain(part)
  })
})

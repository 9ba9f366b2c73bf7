import fc from 'fast-check'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { linkLocale, localeOf, negotiateLocale, withAskedLanguage, type LocaleEnv } from '../src/core/i18n/locale.ts'

/** An app that answers with the locale each helper picks, as the pages do. */
const app = new Hono<LocaleEnv>()
app.use('/negotiated/*', negotiateLocale())
app.get('/negotiated/page', (c) => c.html(localeOf(c)))
app.get('/negotiated/json', (c) => c.json({ locale: localeOf(c) }))
app.get('/bare', (c) => c.text(localeOf(c)))
app.get('/negotiated/carried', (c) => c.text(withAskedLanguage(c, c.req.header('x-path') ?? '/')))
app.get('/negotiated/link', (c) => c.text(linkLocale(c, JSON.parse(c.req.header('x-link-data') ?? 'null'))))

const localeFor = async (path: string, acceptLanguage?: string, extra: Record<string, string> = {}) => {
  const response = await app.request(path, { headers: { ...(acceptLanguage !== undefined && { 'accept-language': acceptLanguage }), ...extra } })
  return response.text()
}

describe('locale negotiation (hono/language)', () => {
  it.each([
    ['de-DE,de;q=0.9,en;q=0.8', 'de'],
    ['de-AT', 'de'],
    ['en-GB,en;q=0.9', 'en'],
    ['fr-FR, fr;q=0.9, de;q=0.5', 'de'],
    ['fr, it', 'en'],
    ['en;q=0.1, de;q=0.9', 'de'],
    ['de;q=0, en', 'en'],
    ['*', 'en'],
    ['', 'en'],
  ])('Accept-Language %j → %s', async (header, expected) => {
    expect(await localeFor('/negotiated/page', header)).toBe(expected)
    // A route outside the middleware makes the same choice by itself.
    expect(await localeFor('/bare', header)).toBe(expected)
  })

  it('without Accept-Language: English', async () => {
    expect(await localeFor('/negotiated/page')).toBe('en')
  })

  it('?lang= wins over Accept-Language; an unknown ?lang= is ignored', async () => {
    expect(await localeFor('/negotiated/page?lang=de', 'en-US')).toBe('de')
    expect(await localeFor('/negotiated/page?lang=EN', 'de')).toBe('en')
    expect(await localeFor('/negotiated/page?lang=xx', 'de')).toBe('de')
    expect(await localeFor('/negotiated/page?lang=ar-XB', 'de')).toBe('ar-XB')
  })

  it('a link page speaks the locale stored with the link, whatever the browser says; ?lang= still wins', async () => {
    expect(await localeFor('/negotiated/link', 'en-US', { 'x-link-data': JSON.stringify({ locale: 'de' }) })).toBe('de')
    expect(await localeFor('/negotiated/link', 'de', { 'x-link-data': JSON.stringify({ locale: 'en' }) })).toBe('en')
    expect(await localeFor('/negotiated/link?lang=en', 'de', { 'x-link-data': JSON.stringify({ locale: 'de' }) })).toBe('en')
    // Without a (usable) stored locale, e.g. a link minted through the API: Accept-Language.
    expect(await localeFor('/negotiated/link', 'de', { 'x-link-data': 'null' })).toBe('de')
    expect(await localeFor('/negotiated/link', 'de', { 'x-link-data': JSON.stringify({ locale: 'klingon', sv: 1 }) })).toBe('de')
    expect(await localeFor('/negotiated/link', 'de', { 'x-link-data': JSON.stringify({ locale: 42 }) })).toBe('de')
  })

  it('pages say they vary by Accept-Language; JSON does not', async () => {
    expect((await app.request('/negotiated/page')).headers.get('vary')).toMatch(/Accept-Language/)
    expect((await app.request('/negotiated/json')).headers.get('vary')).toBeNull()
  })

  it('sets no cookie: the choice is made anew from each request', async () => {
    expect((await app.request('/negotiated/page?lang=de')).headers.get('set-cookie')).toBeNull()
  })

  it('any Accept-Language header or ?lang= gives a supported locale, never an error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), fc.string({ maxLength: 40 }), async (header, lang) => {
        const headers = new Headers()
        try {
          headers.set('accept-language', header)
        } catch {
          return // not a value a client can send
        }
        const response = await app.request(`/negotiated/page?lang=${encodeURIComponent(lang)}`, { headers })
        expect(response.status).toBe(200)
        expect(['en', 'de', 'ar-XB']).toContain(await response.text())
      }),
      { numRuns: 300 },
    )
  })

  it('withAskedLanguage carries a supported ?lang= onto a path, normalised, and nothing else', async () => {
    const carried = (query: string, path: string) => localeFor(`/negotiated/carried${query}`, 'de', { 'x-path': path })
    expect(await carried('?lang=de', '/forgot')).toBe('/forgot?lang=de')
    expect(await carried('?lang=de', '/login?notice=signed_out')).toBe('/login?notice=signed_out&lang=de')
    expect(await carried('?lang=de', '/docs#top')).toBe('/docs?lang=de#top')
    expect(await carried('?lang=DE-at', '/x')).toBe('/x?lang=de')
    expect(await carried('?lang=ar-xb', '/x')).toBe('/x?lang=ar-XB')
    // Accept-Language alone is not carried: the next request sends it again by itself.
    expect(await carried('', '/forgot')).toBe('/forgot')
    expect(await carried('?lang=xx', '/forgot')).toBe('/forgot')
    expect(await carried(`?lang=${encodeURIComponent('de"><script>')}`, '/forgot')).toBe('/forgot')
  })

  it('withAskedLanguage adds only lang=<a supported locale>, whatever ?lang= says', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 40 }), async (lang) => {
        const path = await localeFor(`/negotiated/carried?lang=${encodeURIComponent(lang)}`, 'de', { 'x-path': '/forgot' })
        expect(['/forgot', '/forgot?lang=en', '/forgot?lang=de', '/forgot?lang=ar-XB']).toContain(path)
      }),
      { numRuns: 300 },
    )
  })
})

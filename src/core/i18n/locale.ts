import type { Context, MiddlewareHandler } from 'hono'
import { detectFromHeader, detectFromQuery, languageDetector } from 'hono/language'

/** The languages pages and mail are written in; the first is the fallback. */
export const LOCALES = ['en', 'de'] as const
export const DEFAULT_LOCALE = 'en'

/**
 * A test locale, never negotiated from Accept-Language in practice (no browser sends it): the
 * English text accented and lengthened, and right-to-left. `?lang=ar-XB` shows any page in it, so
 * a layout that breaks on longer words or on mirroring shows up before a real translation does.
 * Android's name for its bidi pseudo-locale, so Intl formats its dates as Arabic.
 */
export const PSEUDO_LOCALE = 'ar-XB'

export type Locale = (typeof LOCALES)[number] | typeof PSEUDO_LOCALE

const NEGOTIABLE: readonly Locale[] = [...LOCALES, PSEUDO_LOCALE]

/** The variable `negotiateLocale` sets, the name Hono's language middleware uses. */
export type LocaleEnv = { Variables: { language: string } }

/**
 * Hono's language detector, settled once: an explicit `?lang=` first, then Accept-Language (with
 * its q-values and `de-AT` → `de`), else English. No cookie: the pages under /l/ set none, and a
 * person who wants another language than the browser's has `?lang=`.
 */
const DETECTOR_OPTIONS = {
  supportedLanguages: [...NEGOTIABLE],
  fallbackLanguage: DEFAULT_LOCALE,
  order: ['querystring', 'header'],
  lookupQueryString: 'lang',
  lookupCookie: 'language',
  lookupFromHeaderKey: 'accept-language',
  lookupFromPathIndex: 0,
  caches: false,
  ignoreCase: true,
} satisfies Parameters<typeof detectFromQuery>[1]

/**
 * The locale of this request, in `c.get('language')` for every handler after it. Pages vary by
 * Accept-Language, which caches must know.
 *
 * @example
 * app.use('*', negotiateLocale())
 * app.get('/', (c) => c.text(localeOf(c)))
 */
export const negotiateLocale = (): MiddlewareHandler => {
  const detect = languageDetector(DETECTOR_OPTIONS)
  return async function negotiateLocale(c, next) {
    await detect(c, async () => {
      await next()
      if (c.res.headers.get('content-type')?.startsWith('text/html')) c.header('Vary', 'Accept-Language', { append: true })
    })
  }
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (NEGOTIABLE as readonly string[]).includes(value)
}

/** The request's locale: what `negotiateLocale` chose, or (on a route outside it) the same choice made here. */
export function localeOf(c: Context): Locale {
  const chosen = c.get('language' as never) as unknown
  if (isLocale(chosen)) return chosen
  const detected = detectFromQuery(c, DETECTOR_OPTIONS) ?? detectFromHeader(c, DETECTOR_OPTIONS)
  return isLocale(detected) ? detected : DEFAULT_LOCALE
}

/**
 * The locale for a page of a link: an explicit `?lang=` wins, then the locale the minting app
 * stored in the link's `data.locale` (so the page speaks the language of the mail it came in,
 * whatever browser opens it), then the request's Accept-Language.
 */
export function linkLocale(c: Context, data: Readonly<Record<string, unknown>> | null | undefined): Locale {
  const asked = detectFromQuery(c, DETECTOR_OPTIONS)
  if (isLocale(asked)) return asked
  const stored = data?.locale
  if (isLocale(stored)) return stored
  return localeOf(c)
}

/**
 * `path` carrying this request's `?lang=` on: for every form action, redirect and link of a page,
 * so a language asked for in the address survives the next request (a form POST, the page after a
 * 303), which would otherwise fall back to Accept-Language. Only a `?lang=` naming a supported
 * locale is carried, and only as its normalised name (`DE-at` → `de`): never the raw value, so
 * nothing a link's sender typed ends up in an attribute or a Location header.
 *
 * @example
 * // GET /forgot?lang=de
 * withAskedLanguage(c, '/forgot')                     // '/forgot?lang=de'
 * withAskedLanguage(c, '/login?notice=signed_out')    // '/login?notice=signed_out&lang=de'
 * // GET /forgot (or ?lang=xx)
 * withAskedLanguage(c, '/forgot')                     // '/forgot'
 */
export function withAskedLanguage(c: Context, path: string): string {
  const asked = detectFromQuery(c, DETECTOR_OPTIONS)
  if (!isLocale(asked)) return path
  const hashAt = path.indexOf('#')
  const [beforeHash, hash] = hashAt === -1 ? [path, ''] : [path.slice(0, hashAt), path.slice(hashAt)]
  const joiner = !beforeHash.includes('?') ? '?' : beforeHash.endsWith('?') || beforeHash.endsWith('&') ? '' : '&'
  return `${beforeHash}${joiner}${DETECTOR_OPTIONS.lookupQueryString}=${encodeURIComponent(asked)}${hash}`
}

/** `rtl` for scripts written right to left; today only the pseudo-locale. */
export function textDirection(locale: Locale): 'ltr' | 'rtl' {
  return locale === PSEUDO_LOCALE ? 'rtl' : 'ltr'
}

import { Hono, type Context } from 'hono'
import type { Child } from 'hono/jsx'
import { bodyLimit } from 'hono/body-limit'
import { csrf } from 'hono/csrf'
import type { LinkFailure, LinkResult, LinkService, OpenLink, UsedLink } from '../link-service.ts'
import { CAPACITY_RETRY_AFTER_SECONDS } from '../errors.ts'
import { MAX_BODY_BYTES } from '../limits.ts'
import { DEFAULT_LOCALE, linkLocale, localeOf, withAskedLanguage, type Locale } from '../i18n/locale.ts'
import { formatInstant } from '../i18n/date-time.ts'
import { Layout } from '../pages/layout.tsx'
import { LocalTime } from '../pages/local-time.tsx'
import { pageMessages } from '../pages/page-messages.ts'
import { purposeInWords } from './purpose-words.ts'
import { givePageNonce, pageIdempotencyKey, PageNonceField, pageNonce } from './page-nonce.tsx'

/**
 * How the pages under /l/ treat links of one purpose. GET and HEAD only ever call `show`, which
 * must not consume: mail scanners open links before people do. Only `submit` (a same-origin form
 * POST) may consume, and it decides when: e.g. only once a new password is valid. A view's form
 * posts to `withAskedLanguage(c, …/l/<token>)`, so the page answering it speaks an asked `?lang=` too.
 */
export interface LinkView {
  show(c: Context, link: OpenLink, token: string): Response | Promise<Response>
  /** Consumes with `pageIdempotencyKey(c, form)` as the Idempotency-Key, so `replayed` can answer a repeat. */
  submit(c: Context, link: OpenLink, token: string, form: FormData): Response | Promise<Response>
  /** The success page again, for a repeat of a successful POST from the same browser (its page nonce). */
  replayed?(c: Context, link: OpenLink): Response | Promise<Response>
  /** Where a person can ask for a fresh link of this purpose, offered on the expired/used page. */
  renewPath?: string
  /** The next step once a link of this purpose did its job (e.g. sign in after a confirmation), instead of a new link. */
  usedNext?: NextStep
}

/** One link to what a person should do next. */
export interface NextStep {
  readonly href: string
  /** Its words, in the page's locale. */
  readonly label: string | ((locale: Locale) => string)
}

export interface LinkPagesOptions {
  links: LinkService
  /** Views by purpose; any other purpose gets `confirmView`. */
  views?: Record<string, LinkView>
  /** The only origin allowed to post the forms. */
  publicOrigin: string
}

/** Headers on every page under /l/: the URL is a secret, so nothing may keep or pass it on. */
export const LINK_PAGE_HEADERS = {
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Robots-Tag': 'noindex',
} as const

export function linkPages(options: LinkPagesOptions): Hono {
  const { links, publicOrigin } = options
  const secureCookies = publicOrigin.startsWith('https:')
  const views = options.views ?? {}
  const fallback = confirmView(links)
  const viewFor = (purpose: string) => views[purpose] ?? fallback
  const app = new Hono()

  app.use('*', async (c, next) => {
    await next()
    for (const [name, value] of Object.entries(LINK_PAGE_HEADERS)) c.header(name, value)
  })
  // Same-origin forms only: an Origin or Sec-Fetch-Site from anywhere else is refused with 403.
  app.use('*', csrf({ origin: publicOrigin }))
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => plainPage(c, 'request.tooLarge.title', 413),
    }),
  )

  // Hono routes HEAD here too: both are views (link.viewed), so operators can see scanners prefetch.
  app.get('/:token', async (c) => {
    const token = c.req.param('token')
    const peeked = await links.peek(token, { viewed: true })
    if (!peeked.ok) return linkProblem(c, peeked, peeked.purpose ? views[peeked.purpose]?.renewPath : undefined, peeked.purpose ? views[peeked.purpose]?.usedNext : undefined)
    givePageNonce(c, secureCookies, basePath(c))
    return viewFor(peeked.link.purpose).show(c, peeked.link, token)
  })

  app.post('/:token', async (c) => {
    const token = c.req.param('token')
    const type = c.req.header('content-type') ?? ''
    if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) {
      return plainPage(c, 'request.unsupported.title', 415)
    }
    let form: FormData
    try {
      form = await c.req.formData()
    } catch {
      return plainPage(c, 'request.unsupported.title', 400)
    }
    const peeked = await links.peek(token)
    if (!peeked.ok) {
      // A repeat (double click, refresh) from the browser that used the link: the same success again.
      const key = peeked.reason === 'used' ? pageIdempotencyKey(c, form) : undefined
      const again = key === undefined ? undefined : await links.consume(token, { purpose: peeked.purpose, idempotencyKey: key })
      if (again?.ok && again.replayed) return (views[again.link.purpose]?.replayed ?? fallback.replayed!)(c, again.link)
      return linkProblem(c, peeked, peeked.purpose ? views[peeked.purpose]?.renewPath : undefined, peeked.purpose ? views[peeked.purpose]?.usedNext : undefined)
    }
    return viewFor(peeked.link.purpose).submit(c, peeked.link, token, form)
  })

  return app
}

/** The default view: a page with one button, named after the link's purpose, and the POST that consumes the link. */
export function confirmView(links: LinkService): LinkView {
  return {
    show: (c, link, token) => {
      const locale = linkLocale(c, link.data)
      const t = pageMessages(locale)
      const action = actionInWords(locale, link.purpose)
      return c.html(
        <Layout title={action} base={basePath(c)} home={withAskedLanguage(c, `${basePath(c)}/`)} locale={locale}>
          <p>{t.rich('confirm.ready', { expiresAt: <LocalTime date={link.expiresAt} locale={locale} /> })}</p>
          <form method="post" action={withAskedLanguage(c, `${basePath(c)}/l/${token}`)}>
            <PageNonceField nonce={pageNonce(c)} />
            <button type="submit">{action}</button>
          </form>
        </Layout>,
      )
    },
    submit: async (c, link, token, form) => {
      const consumed = await links.consume(token, { purpose: link.purpose, idempotencyKey: pageIdempotencyKey(c, form) })
      if (!consumed.ok) return linkProblem(c, consumed)
      return done(c, link)
    },
    replayed: (c, link) => done(c, link),
  }
}

/**
 * The purpose in words, in English (the minting app named it); other languages fall back to
 * their generic "Confirm", since a purpose name cannot be translated.
 */
function actionInWords(locale: Locale, purpose: string): string {
  return locale === DEFAULT_LOCALE ? purposeInWords(purpose) : pageMessages(locale).text('confirm.title')
}

function done(c: Context, link: OpenLink) {
  const locale = linkLocale(c, link.data)
  const t = pageMessages(locale)
  return c.html(
    <Layout title={t.text('done.title')} base={basePath(c)} home={withAskedLanguage(c, `${basePath(c)}/`)} locale={locale}>
      <p class="notice ok" role="status">{t.text('done.text', { action: actionInWords(locale, link.purpose) })}</p>
    </Layout>,
  )
}

/** A page that only says to use the form, for requests no form of ours sends. */
function plainPage(c: Context, title: 'request.tooLarge.title' | 'request.unsupported.title', status: 400 | 413 | 415) {
  const t = pageMessages(localeOf(c))
  const again = (chunks: unknown) => <a href={withAskedLanguage(c, c.req.path)}>{chunks}</a>
  return c.html(<Layout title={t.text(title)} base={basePath(c)} home={withAskedLanguage(c, `${basePath(c)}/`)} locale={t.locale}><p>{t.rich('request.useTheForm', { again })}</p></Layout>, status)
}

const PROBLEM_STATUS: Record<LinkFailure, 404 | 410 | 422 | 503> = {
  // Only a typed code is ever wrong; a link page never sees this, but the table covers every failure.
  wrong_code: 422,
  invalid: 404,
  expired: 410,
  used: 410,
  capacity: 503,
}

/** A link the service refused, with what it knows: the tombstone's reason and time, the signed expiry. */
export type LinkRefusal = Exclude<LinkResult, { ok: true }>

type PageTranslator = ReturnType<typeof pageMessages>

/** What a tombstone's reason means to the person holding the link. `at` is when it happened, where known. */
function usedWords(t: PageTranslator, used: UsedLink, at: Child | undefined): { title: string; text: Child } {
  const when = { hasTime: at ? 'yes' : 'no', at: at ?? '' }
  switch (used.reason) {
    case 'consumed':
    case 'redeemed':
      return { title: t.text('problem.used.title'), text: t.rich('used.consumed.text', { ...when, withCode: used.reason === 'redeemed' ? 'yes' : 'no' }) }
    case 'superseded':
      return { title: t.text('used.superseded.title'), text: t.rich('used.superseded.text', when) }
    case 'revoked':
      return { title: t.text('used.revoked.title'), text: t.rich('used.revoked.text', when) }
    case 'locked':
      return { title: t.text('used.locked.title'), text: t.rich('used.locked.text', when) }
    case 'unknown':
      return { title: t.text('problem.used.title'), text: t.text('problem.used.text') }
  }
}

/**
 * The page for a link that cannot be used: what happened, in words and with the time it happened
 * (`<time>` in UTC, made local by the page's script), and the one next step. A refused link's
 * `data` is gone with it, so the page speaks the request's language (Accept-Language, `?lang=`),
 * and its next step keeps an asked `?lang=`.
 */
export function linkProblem(c: Context, failure: LinkFailure | LinkRefusal, renewPath?: string, usedNext?: NextStep) {
  const reason = typeof failure === 'string' ? failure : failure.reason
  const locale = localeOf(c)
  const t = pageMessages(locale)
  if (reason === 'capacity') c.header('Retry-After', String(CAPACITY_RETRY_AFTER_SECONDS))
  let title = t.text(`problem.${reason}.title`)
  let text: Child = t.text(`problem.${reason}.text`)
  if (typeof failure !== 'string' && failure.reason === 'used') {
    const words = usedWords(t, failure.used, failure.used.at && <LocalTime date={failure.used.at} locale={locale} />)
    title = words.title
    text = words.text
  } else if (typeof failure !== 'string' && failure.reason === 'expired') {
    text = t.rich('problem.expired.at', { at: <LocalTime date={failure.expiredAt} locale={locale} /> })
  }
  const didItsJob = typeof failure !== 'string' && failure.reason === 'used' && (failure.used.reason === 'consumed' || failure.used.reason === 'redeemed')
  return c.html(
    <Layout title={title} base={basePath(c)} home={withAskedLanguage(c, `${basePath(c)}/`)} locale={locale}>
      <p>{text}</p>
      {reason !== 'capacity' &&
        (didItsJob && usedNext ? (
          <p>
            <a class="button" href={withAskedLanguage(c, usedNext.href)}>{typeof usedNext.label === 'string' ? usedNext.label : usedNext.label(locale)}</a>
          </p>
        ) : renewPath ? (
          <p>
            <a class="button" href={withAskedLanguage(c, renewPath)}>{t.text('renew.button')}</a>
          </p>
        ) : (
          <p>{t.rich('renew.elsewhere', { start: (chunks: unknown) => <a href={withAskedLanguage(c, `${basePath(c)}/`)}>{chunks}</a> })}</p>
        ))}
    </Layout>,
    PROBLEM_STATUS[reason],
  )
}

/**
 * The path prefix the app that serves this request is mounted under ('' at the root): pages link
 * their stylesheet and post their forms under it, so they work at `app.route('/auth', …)`.
 */
export function basePath(c: Context): string {
  return (c.get('slotlinkBasePath' as never) as string | undefined) ?? ''
}

/** A moment in the reader's language, in UTC (see formatInstant): for pages that do not use `<LocalTime>`. */
export function formatTime(date: Date, locale: Locale = DEFAULT_LOCALE): string {
  return formatInstant(date, locale)
}

import { Hono, type Context } from 'hono'
import type { Child } from 'hono/jsx'
import { bodyLimit } from 'hono/body-limit'
import { csrf } from 'hono/csrf'
import type { LinkFailure, LinkResult, LinkService, OpenLink, UsedLink } from '../link-service.ts'
import { CAPACITY_RETRY_AFTER_SECONDS } from '../errors.ts'
import { MAX_BODY_BYTES } from '../limits.ts'
import { Layout } from '../pages/layout.tsx'
import { LocalTime } from '../pages/local-time.tsx'
import { purposeInWords } from './purpose-words.ts'
import { givePageNonce, pageIdempotencyKey, PageNonceField, pageNonce } from './page-nonce.tsx'

/**
 * How the pages under /l/ treat links of one purpose. GET and HEAD only ever call `show`, which
 * must not consume: mail scanners open links before people do. Only `submit` (a same-origin form
 * POST) may consume, and it decides when: e.g. only once a new password is valid.
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
  readonly label: string
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
      onError: (c) => c.html(<Layout title="Request too large" base={basePath(c)}><p>Please use the form on this page. <a href={c.req.path}>Open the page again</a></p></Layout>, 413),
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
      return c.html(<Layout title="Unsupported request" base={basePath(c)}><p>Please use the form on this page. <a href={c.req.path}>Open the page again</a></p></Layout>, 415)
    }
    let form: FormData
    try {
      form = await c.req.formData()
    } catch {
      return c.html(<Layout title="Unsupported request" base={basePath(c)}><p>Please use the form on this page. <a href={c.req.path}>Open the page again</a></p></Layout>, 400)
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
    show: (c, link, token) =>
      c.html(
        <Layout title={purposeInWords(link.purpose)} base={basePath(c)}>
          <p>This link is ready to use. It works once, and expires at <LocalTime date={link.expiresAt} />. Nothing happens until you press the button.</p>
          <form method="post" action={`${basePath(c)}/l/${token}`}>
            <PageNonceField nonce={pageNonce(c)} />
            <button type="submit">{purposeInWords(link.purpose)}</button>
          </form>
        </Layout>,
      ),
    submit: async (c, link, token, form) => {
      const consumed = await links.consume(token, { purpose: link.purpose, idempotencyKey: pageIdempotencyKey(c, form) })
      if (!consumed.ok) return linkProblem(c, consumed)
      return done(c, link)
    },
    replayed: (c, link) => done(c, link),
  }
}

function done(c: Context, link: OpenLink) {
  return c.html(
    <Layout title="Done" base={basePath(c)}>
      <p class="notice ok" role="status">{purposeInWords(link.purpose)}: done, your link worked. You can close this page.</p>
    </Layout>,
  )
}

const PROBLEMS: Record<LinkFailure, { status: 404 | 410 | 422 | 503; title: string; text: string }> = {
  // Only a typed code is ever wrong; a link page never sees this, but the table covers every failure.
  wrong_code: {
    status: 422,
    title: 'That code is not right',
    text: 'Check the code in the message and try again.',
  },
  invalid: {
    status: 404,
    title: 'This link is not valid',
    text: 'The address may have been cut off or changed. Check that you copied the whole link from the message, or ask for a new one.',
  },
  expired: {
    status: 410,
    title: 'This link has expired',
    text: 'Links like this one only work for a short time, to keep your account safe.',
  },
  used: {
    status: 410,
    title: 'This link has already been used',
    text: 'Each link works only once, and this one has been used or cancelled.',
  },
  capacity: {
    status: 503,
    title: 'Please try again in a moment',
    text: 'We are very busy right now. Your link is still good: reload this page in a few seconds.',
  },
}

/** A link the service refused, with what it knows: the tombstone's reason and time, the signed expiry. */
export type LinkRefusal = Exclude<LinkResult, { ok: true }>

/** What a tombstone's reason means to the person holding the link. `at` is when it happened, where known. */
function usedWords(used: UsedLink): { title: string; text: (at: Child) => Child } {
  switch (used.reason) {
    case 'consumed':
    case 'redeemed':
      return { title: 'This link has already been used', text: (at) => <>It was used{at && <> at {at}</>}{used.reason === 'redeemed' && ' (with the code from its mail)'}. Each link works only once.</> }
    case 'superseded':
      return { title: 'A newer link replaced this one', text: (at) => <>You asked for another mail{at && <> at {at}</>}, and that replaced this link: use the link in the latest mail.</> }
    case 'revoked':
      return { title: 'This link was cancelled', text: (at) => <>It was cancelled{at && <> at {at}</>}, for example because the password was changed or the account closed.</> }
    case 'locked':
      return { title: 'This link was locked', text: (at) => <>The code from its mail was typed wrong too many times{at && <> (last at {at})</>}, so the link and the code were locked to keep the account safe.</> }
    case 'unknown':
      return { title: 'This link has already been used', text: () => <>Each link works only once, and this one has been used or cancelled.</> }
  }
}

/**
 * The page for a link that cannot be used: what happened, in words and with the time it happened
 * (`<time>` in UTC, made local by the page's script), and the one next step.
 */
export function linkProblem(c: Context, failure: LinkFailure | LinkRefusal, renewPath?: string, usedNext?: NextStep) {
  const reason = typeof failure === 'string' ? failure : failure.reason
  const problem = PROBLEMS[reason]
  if (reason === 'capacity') c.header('Retry-After', String(CAPACITY_RETRY_AFTER_SECONDS))
  let title = problem.title
  let text: Child = problem.text
  if (typeof failure !== 'string' && failure.reason === 'used') {
    const words = usedWords(failure.used)
    title = words.title
    text = words.text(failure.used.at && <LocalTime date={failure.used.at} />)
  } else if (typeof failure !== 'string' && failure.reason === 'expired') {
    text = <>It expired at <LocalTime date={failure.expiredAt} />. {problem.text}</>
  }
  const didItsJob = typeof failure !== 'string' && failure.reason === 'used' && (failure.used.reason === 'consumed' || failure.used.reason === 'redeemed')
  return c.html(
    <Layout title={title} base={basePath(c)}>
      <p>{text}</p>
      {reason !== 'capacity' &&
        (didItsJob && usedNext ? (
          <p>
            <a class="button" href={usedNext.href}>{usedNext.label}</a>
          </p>
        ) : renewPath ? (
          <p>
            <a class="button" href={renewPath}>Send me a new link</a>
          </p>
        ) : (
          <p>
            To get a new link, ask for one again where you asked for this one. <a href={`${basePath(c)}/`}>Go to the start page</a>
          </p>
        ))}
    </Layout>,
    problem.status,
  )
}

/**
 * The path prefix the app that serves this request is mounted under ('' at the root): pages link
 * their stylesheet and post their forms under it, so they work at `app.route('/auth', …)`.
 */
export function basePath(c: Context): string {
  return (c.get('slotlinkBasePath' as never) as string | undefined) ?? ''
}

export function formatTime(date: Date): string {
  return date.toISOString().replace('T', ' ').replace(/:\d\d\.\d+Z$/, ' UTC')
}

import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { csrf } from 'hono/csrf'
import type { LinkFailure, LinkService, OpenLink } from '../link-service.ts'
import { CAPACITY_RETRY_AFTER_SECONDS } from '../errors.ts'
import { MAX_BODY_BYTES } from '../limits.ts'
import { Layout } from '../pages/layout.tsx'

/**
 * How the pages under /l/ treat links of one purpose. GET and HEAD only ever call `show`, which
 * must not consume: mail scanners open links before people do. Only `submit` (a same-origin form
 * POST) may consume, and it decides when: e.g. only once a new password is valid.
 */
export interface LinkView {
  show(c: Context, link: OpenLink, token: string): Response | Promise<Response>
  submit(c: Context, link: OpenLink, token: string, form: FormData): Response | Promise<Response>
  /** Where a person can ask for a fresh link of this purpose, offered on the expired/used page. */
  renewPath?: string
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
      onError: (c) => c.html(<Layout title="Request too large" base={basePath(c)}><p>Please use the form on this page.</p></Layout>, 413),
    }),
  )

  // Hono routes HEAD here too: both are views (link.viewed), so operators can see scanners prefetch.
  app.get('/:token', async (c) => {
    const token = c.req.param('token')
    const peeked = await links.peek(token, { viewed: true })
    if (!peeked.ok) return linkProblem(c, peeked.reason, peeked.purpose ? views[peeked.purpose]?.renewPath : undefined)
    return viewFor(peeked.link.purpose).show(c, peeked.link, token)
  })

  app.post('/:token', async (c) => {
    const token = c.req.param('token')
    const type = c.req.header('content-type') ?? ''
    if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) {
      return c.html(<Layout title="Unsupported request" base={basePath(c)}><p>Please use the form on this page.</p></Layout>, 415)
    }
    const peeked = await links.peek(token)
    if (!peeked.ok) return linkProblem(c, peeked.reason, peeked.purpose ? views[peeked.purpose]?.renewPath : undefined)
    let form: FormData
    try {
      form = await c.req.formData()
    } catch {
      return c.html(<Layout title="Unsupported request" base={basePath(c)}><p>Please use the form on this page.</p></Layout>, 400)
    }
    return viewFor(peeked.link.purpose).submit(c, peeked.link, token, form)
  })

  return app
}

/** The default view: a page with one button, and the POST that consumes the link. */
export function confirmView(links: LinkService): LinkView {
  return {
    show: (c, link, token) =>
      c.html(
        <Layout title="Confirm" base={basePath(c)}>
          <p>This link is ready to use. It works once, and expires at {formatTime(link.expiresAt)}.</p>
          <form method="post" action={`${basePath(c)}/l/${token}`}>
            <button type="submit">Confirm</button>
          </form>
        </Layout>,
      ),
    submit: async (c, link, token) => {
      const consumed = await links.consume(token, { purpose: link.purpose })
      if (!consumed.ok) return linkProblem(c, consumed.reason)
      return c.html(
        <Layout title="Done" base={basePath(c)}>
          <p class="notice ok" role="status">Your link worked. You can close this page.</p>
        </Layout>,
      )
    },
  }
}

const PROBLEMS: Record<LinkFailure, { status: 404 | 410 | 503; title: string; text: string }> = {
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

/** The page for a link that cannot be used, with what happened and what to do next. */
export function linkProblem(c: Context, reason: LinkFailure, renewPath?: string) {
  const problem = PROBLEMS[reason]
  if (reason === 'capacity') c.header('Retry-After', String(CAPACITY_RETRY_AFTER_SECONDS))
  return c.html(
    <Layout title={problem.title} base={basePath(c)}>
      <p>{problem.text}</p>
      {reason !== 'capacity' &&
        (renewPath ? (
          <p>
            <a class="button" href={renewPath}>Send me a new link</a>
          </p>
        ) : (
          <p>To get a new link, go back to the site that sent you this one and ask for it again.</p>
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

import type { Context, MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { every } from 'hono/combine'
import { csrf } from 'hono/csrf'
import { localeOf, withAskedLanguage } from '../core/i18n/locale.ts'
import { Layout } from '../core/pages/layout.tsx'
import { demoPageMessages, type DemoPageMessageKey } from './demo-page-messages.ts'

/** A sign-up or reset form is a few hundred bytes; 16 KiB leaves room for a 1024-character password many times over. */
export const MAX_FORM_BYTES = 16 * 1024
const FORM_TYPE = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i

/**
 * What every form POST of the demo passes before its handler: same-origin only (hono/csrf checks
 * Origin and Sec-Fetch-Site, as the link pages do), a form content type, and a small body.
 */
export function formPost(site: { readonly publicOrigin: string; readonly basePath: string }): MiddlewareHandler {
  const sameOrigin = csrf({ origin: site.publicOrigin })
  const refused = (c: Context, title: DemoPageMessageKey, text: DemoPageMessageKey, status: 413 | 415) => {
    const locale = localeOf(c)
    const t = demoPageMessages(locale)
    const again = (chunks: unknown) => <a href={withAskedLanguage(c, formPageOf(c.req.path, site.basePath))}>{chunks}</a>
    return c.html(<Layout title={t.text(title)} base={site.basePath} home={withAskedLanguage(c, `${site.basePath}/`)} locale={locale}><p>{t.rich(text, { again })}</p></Layout>, status)
  }
  const limit = bodyLimit({ maxSize: MAX_FORM_BYTES, onError: (c) => refused(c, 'form.tooLarge.title', 'form.tooLarge.text', 413) })
  const formOnly: MiddlewareHandler = async function formOnly(c, next) {
    if (!FORM_TYPE.test(c.req.header('content-type') ?? '')) return refused(c, 'form.unsupported.title', 'form.unsupported.text', 415)
    await next()
  }
  return every(sameOrigin, formOnly, limit)
}

/** The page whose form posts to each demo path: the one next step after a refused post. */
const FORM_PAGES: Record<string, string> = { '/login/link': '/login', '/login/code': '/login', '/forgot/code': '/forgot', '/logout': '/' }

/** The form page of a posted path, which may carry the mount prefix. */
function formPageOf(path: string, base: string): string {
  const inSite = base && path.startsWith(base + '/') ? path.slice(base.length) : path
  return base + (FORM_PAGES[inSite] ?? inSite)
}

/**
 * The posted form, or undefined when the body cannot be parsed as the form its content type
 * claims (malformed multipart, a missing boundary): the caller answers 400 with its own page,
 * rather than the parser's exception turning into a 500.
 */
export async function readForm(c: Context): Promise<FormData | undefined> {
  try {
    return await c.req.formData()
  } catch {
    return undefined
  }
}

/** A form field as text; a missing field or an uploaded file reads as empty. */
export function field(form: FormData, name: string): string {
  const value = form.get(name)
  return typeof value === 'string' ? value : ''
}

import type { Context, MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { every } from 'hono/combine'
import { csrf } from 'hono/csrf'
import { Layout } from '../core/pages/layout.tsx'

/** A sign-up or reset form is a few hundred bytes; 16 KiB leaves room for a 1024-character password many times over. */
export const MAX_FORM_BYTES = 16 * 1024
const FORM_TYPE = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i

/**
 * What every form POST of the demo passes before its handler: same-origin only (hono/csrf checks
 * Origin and Sec-Fetch-Site, as the link pages do), a form content type, and a small body.
 */
export function formPost(publicOrigin: string): MiddlewareHandler {
  const sameOrigin = csrf({ origin: publicOrigin })
  const limit = bodyLimit({
    maxSize: MAX_FORM_BYTES,
    onError: (c) => c.html(<Layout title="Too much text"><p>That form was larger than this site accepts. <FormAgain path={c.req.path} /></p></Layout>, 413),
  })
  const formOnly: MiddlewareHandler = async function formOnly(c, next) {
    if (!FORM_TYPE.test(c.req.header('content-type') ?? '')) return c.html(<Layout title="Unsupported request"><p>This address takes the form of its page only. <FormAgain path={c.req.path} /></p></Layout>, 415)
    await next()
  }
  return every(sameOrigin, formOnly, limit)
}

/** The page whose form posts to each demo path: the one next step after a refused post. */
const FORM_PAGES: Record<string, string> = { '/login/link': '/login', '/login/code': '/login', '/forgot/code': '/forgot', '/logout': '/' }

function FormAgain({ path }: { path: string }) {
  return <a href={FORM_PAGES[path] ?? path}>Fill in the form again</a>
}

/** What the pages say when a body claimed to be a form and was not one (a broken multipart upload, a bot). */
export const UNREADABLE_FORM = 'The form could not be read. Please fill it in again.'

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

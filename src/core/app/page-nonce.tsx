import type { Context } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { encodeBase64UrlNoPad } from '../base64url.ts'
import { constantTimeEqualText } from '../constant-time.ts'

/** The browser's nonce for link pages: HttpOnly, sent only under /l/. */
export const PAGE_NONCE_COOKIE = 'slotlink_page_nonce'
/** The hidden form field that carries it back. */
export const PAGE_NONCE_FIELD = 'page_nonce'
/** 128 bits: nobody guesses another browser's nonce, so nobody replays another browser's success. */
const PAGE_NONCE_BYTES = 16
const NONCE_SHAPE = /^[A-Za-z0-9_-]{22}$/
/** A day: longer than any link lives, so a refresh after success still finds it. */
const PAGE_NONCE_MAX_AGE_SECONDS = 24 * 60 * 60

/**
 * Same-browser replay for link pages (issue 18): GET gives the browser a random nonce in an
 * HttpOnly cookie and puts the same nonce in the page's form. A POST whose form nonce matches its
 * cookie uses it as the consume's Idempotency-Key, so a double click or a refresh after success
 * gets the same success again; another browser has another nonce and gets the tombstone. The
 * nonce unlocks nothing by itself: it only repeats an answer for the link it was used with.
 */
export function givePageNonce(c: Context, secure: boolean, basePath: string): string {
  const existing = getCookie(c, PAGE_NONCE_COOKIE)
  const nonce = existing && NONCE_SHAPE.test(existing) ? existing : encodeBase64UrlNoPad(crypto.getRandomValues(new Uint8Array(PAGE_NONCE_BYTES)))
  setCookie(c, PAGE_NONCE_COOKIE, nonce, { httpOnly: true, sameSite: 'Lax', secure, path: `${basePath}/l/`, maxAge: PAGE_NONCE_MAX_AGE_SECONDS })
  c.set('slotlinkPageNonce' as never, nonce as never)
  return nonce
}

/** The nonce a link page's form should carry (set by the GET that shows it), if any. */
export function pageNonce(c: Context): string | undefined {
  return c.get('slotlinkPageNonce' as never) as string | undefined
}

/** The hidden field for a link page's form; renders nothing where there is no nonce. */
export function PageNonceField({ nonce }: { nonce: string | undefined }) {
  return nonce ? <input type="hidden" name={PAGE_NONCE_FIELD} value={nonce} /> : null
}

/** The Idempotency-Key for a link page's POST: its nonce, if form and cookie agree. */
export function pageIdempotencyKey(c: Context, form: FormData): string | undefined {
  const posted = form.get(PAGE_NONCE_FIELD)
  const cookie = getCookie(c, PAGE_NONCE_COOKIE)
  if (typeof posted !== 'string' || !cookie || !NONCE_SHAPE.test(posted) || !constantTimeEqualText(posted, cookie)) return undefined
  return `page:${posted}`
}

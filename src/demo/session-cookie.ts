import type { Context } from 'hono'
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie'
import type { CookieOptions } from 'hono/utils/cookie'

/** A week: long enough not to annoy, short enough that a forgotten shared computer signs itself out. */
export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60
const COOKIE_NAME = 'slotlink_session'
/** 32 random bytes in hex: a session id nobody can guess, whose hash is all the server keeps. */
const SESSION_ID_SHAPE = /^[0-9a-f]{64}$/

export interface SessionCookieOptions {
  /** HMAC key for Hono's signed cookies (see deriveSessionSecret). */
  readonly secret: Uint8Array
  /** Set when PUBLIC_URL is https: the cookie then gets `Secure` and the `__Host-` prefix. */
  readonly secure: boolean
}

export interface SessionCookie {
  /** The session id the cookie carries, if it is well-formed and its signature holds. */
  read(c: Context): Promise<string | undefined>
  write(c: Context, sessionId: string): Promise<void>
  clear(c: Context): void
}

/**
 * The session cookie carries a random session id, signed (Hono's HMAC-SHA256 signed cookies) so
 * that forged ids are turned away without a database read. The session itself lives on the
 * server (see sessions.ts): signing out or a password reset ends it there, and a copied cookie
 * stops working.
 *
 * HttpOnly so page scripts cannot read it; SameSite=Lax so other sites cannot post with it.
 */
export function sessionCookie(options: SessionCookieOptions): SessionCookie {
  const { secure } = options
  // Hono wants an ArrayBuffer-backed view; the key is never shared memory.
  const secret = options.secret as Uint8Array<ArrayBuffer>
  const prefix = secure ? ('host' as const) : undefined
  const attributes: CookieOptions = { httpOnly: true, sameSite: 'Lax', path: '/', secure, ...(prefix && { prefix }) }

  return {
    async read(c) {
      const value = await getSignedCookie(c, secret, COOKIE_NAME, prefix)
      return typeof value === 'string' && SESSION_ID_SHAPE.test(value) ? value : undefined
    },
    async write(c, sessionId) {
      await setSignedCookie(c, COOKIE_NAME, sessionId, secret, { ...attributes, maxAge: SESSION_MAX_AGE_SECONDS })
    },
    clear(c) {
      deleteCookie(c, COOKIE_NAME, attributes)
    },
  }
}

/** Keeps the session key apart from the link-signing key it is derived from (HKDF, RFC 5869). */
const SESSION_KEY_INFO = 'slotlink demo session cookie v1'

/**
 * The cookie key, derived from the first SLOTLINK_KEYS secret so sessions survive a restart
 * without another setting, yet a leaked cookie key says nothing about the link key.
 */
export async function deriveSessionSecret(linkSecret: Uint8Array): Promise<Uint8Array> {
  const base = await crypto.subtle.importKey('raw', linkSecret as Uint8Array<ArrayBuffer>, 'HKDF', false, ['deriveBits'])
  const bits = await crypto.subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: new TextEncoder().encode(SESSION_KEY_INFO) },
    base,
    256,
  )
  return new Uint8Array(bits)
}

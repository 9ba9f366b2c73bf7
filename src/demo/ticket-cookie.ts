import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { CookieOptions } from 'hono/utils/cookie'

/** A ticket is base64url and at most 256 characters (contract); anything else in the cookie is ignored. */
const TICKET_SHAPE = /^[A-Za-z0-9_-]{1,256}$/

export interface TicketCookieOptions {
  /** e.g. `slotlink_reset_ticket`; one cookie per flow, so a sign-in code cannot use a reset ticket. */
  readonly name: string
  /** The only path the browser sends it to: the flow's code form (`/forgot`, `/login`, `/confirm`). */
  readonly path: string
  /** Set when PUBLIC_URL is https: then `Secure` and the `__Secure-` prefix. */
  readonly secure: boolean
  /** As long as the link lives: the ticket is no good after that anyway. */
  readonly maxAgeSeconds: number
}

export interface TicketCookie {
  read(c: Context): string | undefined
  write(c: Context, ticket: string): void
  clear(c: Context): void
}

/**
 * The ticket that binds a typed code to the browser that asked for the mail. The ticket is already
 * HMAC-signed by the link service, so the cookie carries it as it is. HttpOnly: page scripts never
 * see it; SameSite=Lax: another site cannot post a code with it; path-scoped: it goes only to the
 * one form that needs it. For an address with no account the flows set a decoy ticket of the same
 * shape (see DemoContext.issueWithCode), so the cookie says nothing about the account.
 */
export function ticketCookie(options: TicketCookieOptions): TicketCookie {
  const { name, path, secure, maxAgeSeconds } = options
  const prefix = secure ? ('secure' as const) : undefined
  const attributes: CookieOptions = { httpOnly: true, sameSite: 'Lax', path, secure, ...(prefix && { prefix }) }
  return {
    read(c) {
      const value = getCookie(c, name, prefix)
      return typeof value === 'string' && TICKET_SHAPE.test(value) ? value : undefined
    },
    write(c, ticket) {
      setCookie(c, name, ticket, { ...attributes, maxAge: maxAgeSeconds })
    },
    clear(c) {
      deleteCookie(c, name, attributes)
    },
  }
}

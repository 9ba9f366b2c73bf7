import type { Context } from 'hono'
import { LINK_PAGE_HEADERS } from '../core/app/link-pages.tsx'
import { encodeBase64UrlNoPad } from '../core/base64url.ts'
import { CAPACITY_RETRY_AFTER_SECONDS } from '../core/errors.ts'
import type { OpenLink } from '../core/link-service.ts'
import { normalizeTypedCode } from '../core/typed-code.ts'
import type { DemoContext } from './demo-context.ts'
import { demoPageMessages, type DemoPageMessageKey } from './demo-page-messages.ts'
import { field, readForm } from './form-post.tsx'
import type { CodeFormProblem } from './pages/code-form.tsx'
import { CodeClosedPage } from './pages/forgot-pages.tsx'
import type { TicketCookie } from './ticket-cookie.ts'

export interface CodeFlow {
  readonly purpose: string
  readonly ticket: TicketCookie
  /** Where a person asks for a fresh mail (`/forgot`, `/login`, `/signup`, under the mount prefix), and the button's words. */
  readonly renew: { readonly path: string; readonly label: DemoPageMessageKey }
  /** The flow's "check your email" page again, with what was wrong with the code. */
  retry(c: Context, problem: CodeFormProblem, status: 400 | 422): Response | Promise<Response>
}

export type Redemption = { readonly ok: true; readonly link: OpenLink } | { readonly ok: false; readonly response: Response }

/**
 * Reads the typed code of a flow's code form and redeems it with this browser's ticket cookie.
 * A code that cannot be one is refused before the slot is asked (it spends no attempt); a wrong
 * one answers with the attempts left; a decoy ticket (an address without an account) answers
 * exactly like a real one, because it is a real link nobody got the code of. A repeat of a right
 * code from the same browser (a double click sends the form twice) gets the first success again
 * (`link`, with `replayed`), not "already used".
 */
export async function redeemTypedCode(c: Context, ctx: DemoContext, flow: CodeFlow): Promise<Redemption> {
  const closed = async (status: 400 | 410 | 503, title: DemoPageMessageKey, text: DemoPageMessageKey): Promise<Redemption> => {
    if (status === 410) flow.ticket.clear(c)
    c.header('Cache-Control', LINK_PAGE_HEADERS['Cache-Control'])
    const page = ctx.page(c)
    const t = demoPageMessages(page.locale)
    const next = { href: page.sitePath(flow.renew.path), label: t.text(flow.renew.label) }
    return { ok: false, response: await c.html(<CodeClosedPage {...page} title={t.text(title)} text={t.text(text)} next={next} />, status) }
  }
  const form = await readForm(c)
  if (!form) return closed(400, 'closed.unreadable.title', 'form.unreadable')
  const ticket = flow.ticket.read(c)
  if (!ticket) {
    return closed(400, 'closed.noTicket.title', 'closed.noTicket.text')
  }
  const typed = field(form, 'code')
  if (normalizeTypedCode(typed) === undefined) return { ok: false, response: await flow.retry(c, { kind: 'malformed' }, 422) }
  const redeemed = await ctx.links.redeem(ticket, typed, { purpose: flow.purpose, idempotencyKey: await sameBrowserRepeatKey(ticket, typed) })
  if (redeemed.ok) {
    flow.ticket.clear(c)
    return { ok: true, link: redeemed.link }
  }
  switch (redeemed.reason) {
    case 'wrong_code':
      return { ok: false, response: await flow.retry(c, { kind: 'wrong', attemptsLeft: redeemed.attemptsLeft }, 422) }
    case 'used':
      if (redeemed.used.reason === 'locked') return closed(410, 'closed.locked.title', 'closed.locked.text')
      if (redeemed.used.reason === 'superseded') return closed(410, 'closed.superseded.title', 'closed.superseded.text')
      return closed(410, 'closed.used.title', 'closed.used.text')
    case 'expired':
      return closed(410, 'closed.expired.title', 'closed.expired.text')
    case 'capacity':
      c.header('Retry-After', String(CAPACITY_RETRY_AFTER_SECONDS))
      return closed(503, 'closed.capacity.title', 'closed.capacity.text')
    case 'invalid':
      return closed(400, 'closed.noTicket.title', 'closed.noTicket.text')
  }
}

/**
 * The Idempotency-Key of a typed code: derived from this browser's ticket and the code it typed, so
 * only a repeat of the very same right answer (a double click; the ticket is cleared once one lands)
 * replays the success, as a link page's nonce does for its button; anybody else gets `410 used`. A
 * SHA-256 of both, so the key carries neither the ticket nor the code (the service hashes it again).
 */
async function sameBrowserRepeatKey(ticket: string, typed: string): Promise<string> {
  const material = new TextEncoder().encode(`slotlink-demo:typed-code:${ticket}:${normalizeTypedCode(typed) ?? ''}`)
  return `code:${encodeBase64UrlNoPad(new Uint8Array(await crypto.subtle.digest('SHA-256', material)))}`
}

import type { Context } from 'hono'
import type { IssueResult, LinkService } from '../core/link-service.ts'
import { localeOf, withAskedLanguage } from '../core/i18n/locale.ts'
import { silentLogger, type Logger } from '../core/logger.ts'
import type { Account, AccountStore } from './account-store.ts'
import { BackgroundWork } from './background-work.ts'
import { HashingGate } from './hashing-gate.ts'
import { rateLimitClientKey } from './client-key.ts'
import type { DemoOptions } from './demo-options.ts'
import type { Mailer } from './mailer.ts'
import { MemoryRateLimiter } from './memory-rate-limiter.ts'
import type { SentMail } from './outbox.ts'
import type { PageProps } from './pages/page-props.ts'
import type { PasswordHasher } from './password-hasher.ts'
import type { RateLimiter } from './rate-limiter.ts'
import { sessionCookie } from './session-cookie.ts'
import { serverSessions, type Sessions } from './sessions.ts'
import { ticketCookie, type TicketCookie } from './ticket-cookie.ts'

/** The purpose reset links are minted with; the link pages pick the reset view by it. */
export const RESET_PURPOSE = 'reset_password'
const FIFTEEN_MINUTES = 15 * 60
/** The purpose of magic sign-in links; the link pages pick the sign-in view by it. */
export const SIGN_IN_PURPOSE = 'sign_in'
/** Contract v2 (ASVS 6.5.5): a sign-in link and code live 10 minutes; a sign-in factor must be short-lived. */
export const SIGN_IN_TTL_SECONDS = 10 * 60
/** The purpose of sign-up confirmation links. */
export const CONFIRM_PURPOSE = 'confirm_email'
/** Contract v2: a confirmation link and code live 24 hours: sign-up mail is often read the next day. */
export const CONFIRM_TTL_SECONDS = 24 * 60 * 60
/** Contract v2: a reset link and its code live 30 minutes, time to find the mail on another device. */
const RESET_TTL_SECONDS = 30 * 60
/**
 * Subjects of decoy links start with this: no account id does (they are UUIDs), so a decoy can
 * never be redeemed into anyone's account, and logs and events can tell decoys apart.
 */
export const DECOY_SUBJECT_PREFIX = 'decoy:'

/** A link with a code, minted for an account or, for an address without one, as a decoy. */
export interface CodeLinkRequest {
  readonly purpose: string
  /** The account the mail goes to; undefined: mint a decoy, mailed to no one. */
  readonly accountId: string | undefined
  readonly ttl: number
  readonly data?: Record<string, number | string | boolean>
}

/** DemoOptions with every default filled in, shared by the route modules. */
export interface DemoContext {
  readonly links: LinkService
  readonly accounts: AccountStore
  readonly passwords: PasswordHasher
  readonly mailer: Mailer
  readonly outbox: { list(): readonly SentMail[] } | undefined
  readonly publicUrl: string
  readonly publicOrigin: string
  /**
   * The path prefix of `publicUrl` ('' at the root, `/auth` for `https://example.com/auth`): where
   * the server mounts the site, so every link, form action, redirect and cookie path starts with it.
   */
  readonly basePath: string
  /** The page props of a request: its negotiated locale, the mount prefix, and its site paths (with an asked `?lang=`). */
  page(c: Context): PageProps
  readonly sessions: Sessions
  /** The rate-limit key of the client (its address; an IPv6 client's /64). */
  readonly clientKey: (c: Context) => string
  readonly outboxAccess: (c: Context) => boolean
  readonly limits: {
    readonly forgotPerAddress: RateLimiter
    readonly forgotPerMailbox: RateLimiter
    readonly forgotPerClient: RateLimiter
    readonly loginPerClient: RateLimiter
    readonly signupPerClient: RateLimiter
    readonly signupGlobal: RateLimiter
  }
  readonly hashing: { readonly signup: HashingGate; readonly signIn: HashingGate }
  readonly resetLinkTtlSeconds: number
  /** The reset flow's ticket cookie, sent only to /forgot/*. */
  readonly resetTicket: TicketCookie
  /** The sign-in flow's ticket cookie, sent only to /login/*. */
  readonly signInTicket: TicketCookie
  /** The sign-up confirmation's ticket cookie, sent only to /confirm. */
  readonly confirmTicket: TicketCookie
  readonly secureCookies: boolean
  readonly logger: Logger
  readonly background: BackgroundWork
  /** The clock, in epoch milliseconds (DemoOptions.now). */
  readonly now: () => number
  /** The signed-in account, if the cookie names a live server-side session. */
  currentAccount(c: Context): Promise<Account | undefined>
  /**
   * Mints a link with a code and `supersede: true`. For an address with no account it mints the
   * same kind of link for a random decoy subject, mailed to no one: the page, the ticket cookie
   * (a real ticket, so the same length and shape), the time taken and every answer of the code
   * form (wrong code, attempts left, locked after the fifth) are the same as for a real account.
   * Decoys cost one slot each, bounded by the rate limits in front of every caller.
   */
  issueWithCode(request: CodeLinkRequest): Promise<IssueResult>
  /** The account a sign-in mail may go to for this (normalized) address, if any. */
  signInAccount(email: string): Promise<Account | undefined>
}

export function demoContext(options: DemoOptions): DemoContext {
  const logger = options.logger ?? silentLogger
  const publicUrl = options.publicUrl.replace(/\/+$/, '')
  const cookie = sessionCookie({ secret: options.sessionSecret, secure: publicUrl.startsWith('https:') })
  const { accounts } = options
  const now = options.now ?? Date.now
  const sessions = serverSessions(cookie, accounts, now)
  const secureCookies = publicUrl.startsWith('https:')
  const resetLinkTtlSeconds = options.resetLinkTtlSeconds ?? RESET_TTL_SECONDS
  const basePath = new URL(publicUrl).pathname.replace(/\/+$/, '')
  return {
    links: options.links,
    accounts,
    passwords: options.passwords,
    mailer: options.mailer,
    outbox: options.outbox,
    publicUrl,
    publicOrigin: new URL(publicUrl).origin,
    basePath,
    page: (c) => ({ locale: localeOf(c), base: basePath, sitePath: (path) => withAskedLanguage(c, basePath + path) }),
    sessions,
    clientKey: (c) => rateLimitClientKey(options.clientAddress(c)),
    outboxAccess: options.outboxAccess ?? (() => false),
    limits: {
      forgotPerAddress: options.limits?.forgotPerAddress ?? new MemoryRateLimiter({ limit: 5, windowSeconds: FIFTEEN_MINUTES }),
      forgotPerMailbox: options.limits?.forgotPerMailbox ?? new MemoryRateLimiter({ limit: 10, windowSeconds: FIFTEEN_MINUTES }),
      forgotPerClient: options.limits?.forgotPerClient ?? new MemoryRateLimiter({ limit: 20, windowSeconds: FIFTEEN_MINUTES }),
      loginPerClient: options.limits?.loginPerClient ?? new MemoryRateLimiter({ limit: 30, windowSeconds: FIFTEEN_MINUTES }),
      signupPerClient: options.limits?.signupPerClient ?? new MemoryRateLimiter({ limit: 10, windowSeconds: FIFTEEN_MINUTES }),
      signupGlobal: options.limits?.signupGlobal ?? new MemoryRateLimiter({ limit: 300, windowSeconds: FIFTEEN_MINUTES }),
    },
    hashing: {
      signup: options.hashing?.signup ?? new HashingGate({ maxActive: 1, maxWaiting: 4 }),
      signIn: options.hashing?.signIn ?? new HashingGate({ maxActive: 4, maxWaiting: 32 }),
    },
    resetLinkTtlSeconds,
    resetTicket: ticketCookie({ name: 'slotlink_reset_ticket', path: `${basePath}/forgot`, secure: secureCookies, maxAgeSeconds: resetLinkTtlSeconds }),
    signInTicket: ticketCookie({ name: 'slotlink_sign_in_ticket', path: `${basePath}/login`, secure: secureCookies, maxAgeSeconds: SIGN_IN_TTL_SECONDS }),
    confirmTicket: ticketCookie({ name: 'slotlink_confirm_ticket', path: `${basePath}/confirm`, secure: secureCookies, maxAgeSeconds: CONFIRM_TTL_SECONDS }),
    secureCookies,
    logger,
    background: new BackgroundWork(logger),
    now,
    currentAccount: (c) => sessions.current(c),
    // Until its address is confirmed an account gets only its confirmation (and, if asked, a reset).
    signInAccount: async (email) => {
      const account = await accounts.findByEmail(email)
      return account?.emailConfirmed ? account : undefined
    },
    issueWithCode: ({ purpose, accountId, ttl, data }) =>
      options.links.issue({
        purpose,
        subject: accountId ?? DECOY_SUBJECT_PREFIX + crypto.randomUUID(),
        ttl,
        code: true,
        supersede: true,
        data: data ?? null,
      }),
  }
}

/** A rate-limit key for an email address: its SHA-256, so limiter memory and storage hold no addresses. */
export async function addressKey(email: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(email)))
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')
}

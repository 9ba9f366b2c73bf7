import type { Context } from 'hono'
import type { LinkService } from '../core/link-service.ts'
import type { Logger } from '../core/logger.ts'
import type { AccountStore } from './account-store.ts'
import type { Mailer } from './mailer.ts'
import type { SentMail } from './outbox.ts'
import type { PasswordHasher } from './password-hasher.ts'
import type { HashingGate } from './hashing-gate.ts'
import type { RateLimiter } from './rate-limiter.ts'

/** The demo's rate limits; each defaults to an in-memory limiter with the default below. */
export interface DemoLimits {
  /**
   * Reset requests per email address. Default: 5 per 15 minutes, enough for someone who retries.
   * Sign-in links and sign-up confirmations use it too, each under its own keys (its own budget).
   */
  readonly forgotPerAddress?: RateLimiter
  /** Reset mail per mailbox (`+tag` and case folded, see mailboxKey). Default: 10 per 15 minutes, so sub-addresses cannot multiply the per-address limit. Sign-in and sign-up mail too, each its own budget. */
  readonly forgotPerMailbox?: RateLimiter
  /** Reset requests per client address. Default: 20 per 15 minutes, enough for a household behind one IP. */
  readonly forgotPerClient?: RateLimiter
  /** Sign-ups per client address. Default: 10 per 15 minutes: a household signs up a few people, not dozens. */
  readonly signupPerClient?: RateLimiter
  /** Sign-ups from everyone together. Default: 300 per 15 minutes, far above a demo's real traffic, far below a spam run's. */
  readonly signupGlobal?: RateLimiter
  /** Sign-in attempts per client address. Default: 30 per 15 minutes, which slows password guessing to a crawl. */
  readonly loginPerClient?: RateLimiter
}

/** Bounds on password hashing in flight (see HashingGate); each defaults to the value below. */
export interface DemoHashing {
  /** Sign-up: 1 hashing, 4 waiting. A flood gets 503s, not a queue. */
  readonly signup?: HashingGate
  /** Sign-in and password reset: 4 hashing, 32 waiting: what real people need, apart from sign-up's. */
  readonly signIn?: HashingGate
}

/** Everything the demo needs from its runtime; Node and the edge each pass their own. */
export interface DemoOptions {
  readonly links: LinkService
  readonly accounts: AccountStore
  readonly passwords: PasswordHasher
  readonly mailer: Mailer
  /** The dev outbox to serve at /dev/outbox and /dev/outbox.json; leave it out in production. */
  readonly outbox?: { list(): readonly SentMail[] }
  /** Origin the links and forms live on, e.g. https://auth.example.com. Session cookies are Secure when it is https. */
  readonly publicUrl: string
  /** Key for the signed session cookie (see deriveSessionSecret). */
  readonly sessionSecret: Uint8Array
  /** The client's IP address, for rate limits: the socket (or trusted proxy's word) on Node, CF-Connecting-IP at the edge. IPv6 is grouped by /64. */
  readonly clientAddress: (c: Context) => string | undefined
  /**
   * Who may read the dev outbox, which holds every live reset link: the runtime says (loopback
   * clients or the API key). Default: nobody, so an outbox mounted without a rule serves no one.
   */
  readonly outboxAccess?: (c: Context) => boolean
  readonly limits?: DemoLimits
  readonly hashing?: DemoHashing
  /** Seconds a reset link lives. Default 900. */
  readonly resetLinkTtlSeconds?: number
  readonly logger?: Logger
  /** Milliseconds since the epoch, for session cookie ages; injected so tests can be exact. */
  readonly now?: () => number
}

import type { Context } from 'hono'
import { hasBearer } from '../../core/app/create-app.tsx'
import type { LinkService } from '../../core/link-service.ts'
import type { Logger } from '../../core/logger.ts'
import { createDemo, type Demo } from '../create-demo.ts'
import type { DemoLimits } from '../demo-options.ts'
import type { Mailer } from '../mailer.ts'
import { Outbox } from '../outbox.ts'
import { deriveSessionSecret } from '../session-cookie.ts'
import { D1AccountStore } from './d1-account-store.ts'
import { DurableObjectRateLimiter } from './durable-object-rate-limiter.ts'
import { HttpJsonMailer } from './http-json-mailer.ts'
import { Pbkdf2PasswordHasher } from './pbkdf2-password-hasher.ts'
import type { RateLimitWindow } from './rate-limit-window.ts'

/** The bindings the demo needs besides the slot store's (wrangler.toml declares them). */
export interface DemoBindings {
  /** One Durable Object per rate-limited key (see RateLimitWindow). */
  readonly RATE_LIMITS: DurableObjectNamespace<RateLimitWindow>
  /** The demo app's accounts (D1; schema in migrations/). */
  readonly DB: D1Database
}

/** What the demo needs of the edge service's settings (the service's config satisfies it). */
export interface EdgeDemoSettings {
  /** Session keys are derived from the first signing key, so sessions survive isolates. */
  readonly keys: readonly { readonly secret: Uint8Array }[]
  /** Dev-only pages (/dev/outbox) are served only when this is false. */
  readonly production: boolean
  /** Undefined: mail goes to the dev outbox. */
  readonly mail: { readonly endpoint: string; readonly apiKey: string } | undefined
  readonly mailFrom: string
  /** Holders of the API key may read the dev outbox from anywhere. */
  readonly apiKey: string
}

const FIFTEEN_MINUTES = 15 * 60

/** The demo's parts that outlive one request; `demoFor` builds the routes for one origin from them. */
export interface EdgeDemo {
  demoFor(publicUrl: string): Demo
}

/**
 * The demo app on the edge's parts, mirroring src/demo/node/node-demo.ts: accounts in D1, PBKDF2,
 * mail POSTed to MAIL_ENDPOINT or kept in the dev outbox, rate limits in Durable Objects.
 *
 * The dev outbox lives in this isolate's memory: under `wrangler dev` one isolate serves every
 * request, which is all it is for; a deployed worker serves no outbox (NODE_ENV is not `development`).
 */
export async function createEdgeDemo(env: DemoBindings, config: EdgeDemoSettings, { links, logger }: { links: LinkService; logger: Logger }): Promise<EdgeDemo> {
  const accounts = new D1AccountStore(env.DB)
  const passwords = new Pbkdf2PasswordHasher()
  const outbox = config.mail ? undefined : new Outbox({ logger })
  if (outbox && config.production) {
    logger.warn({ event: 'no_mail_endpoint' }, 'MAIL_ENDPOINT is not set: reset mail is not delivered, and /dev/outbox is off in production')
  }
  if (outbox && !config.production) {
    logger.warn({ event: 'dev_outbox_on' }, 'DEV OUTBOX IS ON: mail is not sent; reset links are kept at /dev/outbox for loopback clients and API-key holders')
  }
  const mailer: Mailer = config.mail ? new HttpJsonMailer({ ...config.mail, from: config.mailFrom, logger }) : outbox!
  // Sessions survive isolates because the key is derived from the signing key, not made up per isolate.
  const sessionSecret = await deriveSessionSecret(config.keys[0]!.secret)
  const limiter = (name: string, limit: number) => new DurableObjectRateLimiter({ windows: env.RATE_LIMITS, name, limit, windowSeconds: FIFTEEN_MINUTES, logger })
  // The same budgets as the demo's in-memory defaults (src/demo/demo-context.ts), held across isolates.
  const limits: DemoLimits = {
    forgotPerAddress: limiter('forgot-address', 5),
    forgotPerMailbox: limiter('forgot-mailbox', 10),
    forgotPerClient: limiter('forgot-client', 20),
    loginPerClient: limiter('login-client', 30),
    signupPerClient: limiter('signup-client', 10),
    signupGlobal: limiter('signup-all', 300),
  }

  return {
    demoFor: (publicUrl) =>
      createDemo({
        links,
        accounts,
        passwords,
        mailer,
        outbox: config.production ? undefined : outbox,
        publicUrl,
        sessionSecret,
        clientAddress,
        outboxAccess: (c) => isLoopback(clientAddress(c)) || hasBearer(c, config.apiKey),
        limits,
        logger,
      }),
  }
}

/** `wrangler dev` on this machine: its runtime reports a loopback client; a deployed worker never does. */
function isLoopback(address: string | undefined): boolean {
  return address !== undefined && (address === '::1' || address.startsWith('127.'))
}

/** Cloudflare puts the client's address in this header; the edge has no socket to ask. */
function clientAddress(c: Context): string | undefined {
  return c.req.header('cf-connecting-ip') ?? undefined
}

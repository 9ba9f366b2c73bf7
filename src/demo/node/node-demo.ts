import type { Context } from 'hono'
import { randomBytes } from 'node:crypto'
import type { LinkService } from '../../core/link-service.ts'
import type { Logger } from '../../core/logger.ts'
import { createDemo, type Demo } from '../create-demo.ts'
import { Outbox } from '../outbox.ts'
import { deriveSessionSecret } from '../session-cookie.ts'
import { ScryptPasswordHasher, SCRYPT_DEFAULTS } from './scrypt-password-hasher.ts'
import { ScryptPool } from './scrypt-pool.ts'
import type { SmtpMailer } from './smtp-mailer.ts'
import { SqliteAccountStore } from './sqlite-account-store.ts'

/** What the demo needs of the Node server's settings (the server's config satisfies it). */
export interface NodeDemoSettings {
  readonly databasePath: string
  /** Undefined: mail goes to the dev outbox. */
  readonly smtpUrl: string | undefined
  readonly mailFrom: string
  readonly publicUrl: string
  /** Dev-only pages (/dev/outbox) are served only when this is false. */
  readonly production: boolean
  /** The link signing keys; session keys are derived from the first. Undefined: random per boot. */
  readonly keys: readonly { readonly secret: Uint8Array }[] | undefined
}

export interface NodeDemo extends Demo {
  /** Whether /dev/outbox is served (no SMTP_URL, not production); the server says so loudly at start. */
  readonly devOutbox: boolean
  /** Waits for mail still being sent, then closes the mail transport and the database. */
  close(): Promise<void>
}

/**
 * The demo app on Node's parts: accounts in the SQLite file at DATABASE_PATH, scrypt, SMTP when
 * SMTP_URL is set and the dev outbox otherwise (served at /dev/outbox outside production).
 */
export interface NodeDemoParts {
  readonly links: LinkService
  readonly logger: Logger
  /** The client's address for rate limits (the socket's, or the one trusted proxies forwarded for). */
  readonly clientAddress: (c: Context) => string | undefined
  /** Who may read /dev/outbox. */
  readonly outboxAccess: (c: Context) => boolean
}

export async function createNodeDemo(config: NodeDemoSettings, { links, logger, clientAddress, outboxAccess }: NodeDemoParts): Promise<NodeDemo> {
  const accounts = SqliteAccountStore.open(config.databasePath, logger)
  // nodemailer (some 40 modules) is loaded only when there is a mail server to talk to: a start
  // without SMTP_URL does not pay for it.
  const smtp: SmtpMailer | undefined = config.smtpUrl
    ? new (await import('./smtp-mailer.ts')).SmtpMailer({ url: config.smtpUrl, from: config.mailFrom, logger })
    : undefined
  const outbox = smtp ? undefined : new Outbox({ logger })
  if (outbox && config.production) {
    logger.warn({ event: 'no_mail_server' }, 'SMTP_URL is not set: reset mail is not delivered, and /dev/outbox is off in production')
  }
  // Password hashing in threads of its own, off libuv's pool that WebCrypto needs (see ScryptPool).
  const scryptPool = new ScryptPool()
  const firstKey = config.keys?.[0]
  // Without SLOTLINK_KEYS the links die with the process anyway; sessions may as well.
  const sessionSecret = firstKey ? await deriveSessionSecret(firstKey.secret) : new Uint8Array(randomBytes(32))

  const demo = createDemo({
    links,
    accounts,
    passwords: new ScryptPasswordHasher(SCRYPT_DEFAULTS, scryptPool),
    mailer: smtp ?? outbox!,
    outbox: config.production ? undefined : outbox,
    publicUrl: config.publicUrl,
    sessionSecret,
    clientAddress,
    outboxAccess,
    logger,
  })
  return {
    ...demo,
    devOutbox: outbox !== undefined && !config.production,
    async close() {
      await demo.settled()
      smtp?.close()
      accounts.close()
      await scryptPool.close()
    },
  }
}

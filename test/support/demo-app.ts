import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp } from '../../src/core/app/create-app.tsx'
import { Keyring } from '../../src/core/keyring.ts'
import { createLinkService, type LinkService } from '../../src/core/link-service.ts'
import type { Logger } from '../../src/core/logger.ts'
import { createDemo, type Demo } from '../../src/demo/create-demo.ts'
import type { DemoOptions } from '../../src/demo/demo-options.ts'
import { MemoryRateLimiter } from '../../src/demo/memory-rate-limiter.ts'
import { Outbox } from '../../src/demo/outbox.ts'
import { PiscinaSlotStore } from '../../src/node/piscina-slot-store.ts'
import { ScryptPasswordHasher } from '../../src/demo/node/scrypt-password-hasher.ts'
import { SqliteAccountStore } from '../../src/demo/node/sqlite-account-store.ts'
import { captureLogger, TEST_API_KEY } from './node-target.ts'
import { perSuite } from './per-suite.ts'

/**
 * scrypt at N = 2^12 instead of 2^17: the same code path and stored format, at a cost that lets
 * a suite sign up and sign in dozens of times. The Node server itself always uses the defaults.
 */
export const FAST_SCRYPT = { logN: 12, r: 8, p: 1 } as const

export interface DemoHarness {
  readonly publicUrl: string
  readonly app: { request(path: string, init?: RequestInit): Response | Promise<Response> }
  readonly demo: Demo
  readonly links: LinkService
  readonly accounts: SqliteAccountStore
  readonly outbox: Outbox
  readonly logger: Logger & { lines: string[] }
  close(): Promise<void>
}

/**
 * The demo as the Node server wires it (real slots in a worker thread, a real SQLite file, real
 * scrypt, the dev outbox), called in-process through `app.request()`. Tests may replace options,
 * e.g. the rate limiters with ones on a clock they control.
 */
export async function startDemoHarness(overrides: Partial<DemoOptions> = {}, publicUrl = 'http://demo.test'): Promise<DemoHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'slotlink-demo-'))
  const slots = await PiscinaSlotStore.start({ threads: 1 })
  const links = createLinkService({ keyring: await Keyring.random(), slots })
  const accounts = SqliteAccountStore.open(join(dir, 'accounts.db'))
  const logger = captureLogger()
  const outbox = new Outbox({ logger })
  const demo = createDemo({
    links,
    accounts,
    passwords: new ScryptPasswordHasher(FAST_SCRYPT),
    mailer: outbox,
    outbox,
    publicUrl,
    sessionSecret: crypto.getRandomValues(new Uint8Array(32)),
    // Tests say which client they are with a header; the Node server uses the socket address.
    clientAddress: (c) => c.req.header('x-test-client') ?? '203.0.113.7',
    outboxAccess: () => true,
    logger,
    ...overrides,
    // Suites sign up dozens of accounts from one test client; the sign-up limits have their own test.
    limits: { signupPerClient: new MemoryRateLimiter({ limit: 10_000, windowSeconds: 900 }), signupGlobal: new MemoryRateLimiter({ limit: 10_000, windowSeconds: 900 }), ...overrides.limits },
  })
  const app = createApp({ links, apiKey: TEST_API_KEY, publicUrl, logger, linkViews: demo.linkViews, wholeSite: true })
  demo.mount(app)
  return {
    publicUrl,
    app,
    demo,
    links,
    accounts,
    outbox,
    logger,
    async close() {
      await demo.settled()
      accounts.close()
      await slots.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/**
 * One demo harness shared by the tests of the enclosing file or `describe`: started in its
 * `beforeAll`, closed in its `afterAll`. The returned object reads through to it, so a suite holds
 * it in a `const` and uses it like the harness itself; touching it before `beforeAll` throws.
 */
export function sharedDemoHarness(overrides: Partial<DemoOptions> = {}, publicUrl?: string): DemoHarness {
  const current = perSuite(() => startDemoHarness(overrides, publicUrl), (harness) => harness.close())
  return {
    get publicUrl() { return current().publicUrl },
    get app() { return current().app },
    get demo() { return current().demo },
    get links() { return current().links },
    get accounts() { return current().accounts },
    get outbox() { return current().outbox },
    get logger() { return current().logger },
    close: () => current().close(),
  }
}

/**
 * Fresh addresses and client headers for one test file. Each call of `client()` is a new client
 * address, so a per-client rate limit belongs to the one test that exercises it.
 */
export function testIdentities(emailPrefix: string, clientSubnet: string) {
  let nextUser = 0
  let nextClient = 0
  return {
    newEmail: () => `${emailPrefix}${++nextUser}@example.com`,
    client: () => ({ 'x-test-client': `${clientSubnet}.${++nextClient}` }),
  }
}

/** A browser's form post: same-origin, url-encoded, with whatever cookies it holds. */
export function formPost(harness: DemoHarness, path: string, fields: Record<string, string>, init: { cookie?: string; headers?: Record<string, string> } = {}) {
  return harness.app.request(path, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: harness.publicUrl,
      'sec-fetch-site': 'same-origin',
      ...(init.cookie && { cookie: init.cookie }),
      ...init.headers,
    },
    body: new URLSearchParams(fields).toString(),
  })
}

/** The `name=value` part of each Set-Cookie, ready for a Cookie header; '' if none. */
export function cookieFrom(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0]!)
    .join('; ')
}

/** The link in the newest mail of the outbox, as a path (`/l/<token>`). */
export function latestLinkPath(outbox: Outbox): string {
  const mail = outbox.list()[0]
  if (!mail) throw new Error('the outbox is empty')
  const url = /https?:\/\/\S+\/l\/[A-Za-z0-9_-]+/.exec(mail.text)?.[0]
  if (!url) throw new Error('no link in the newest mail')
  return new URL(url).pathname
}

/**
 * Signs up and confirms the address by the code of its mail, in the same browser: the way an
 * account becomes usable. Returns that last answer (303 to `/` with the session cookie).
 */
export async function signUpConfirmed(harness: DemoHarness, email: string, password: string, headers?: Record<string, string>): Promise<Response> {
  const signedUp = await harness.app.request('/signup', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: harness.publicUrl, 'sec-fetch-site': 'same-origin', ...headers },
    body: new URLSearchParams({ email, password }).toString(),
  })
  if (signedUp.status !== 200) throw new Error(`sign-up answered ${signedUp.status}`)
  await harness.demo.settled()
  const mail = harness.outbox.list().find((m) => m.to === email.trim().toLowerCase())
  const code = mail && /^ {4}([0-9A-Z]{4}-[0-9A-Z]{4})$/m.exec(mail.text)?.[1]
  if (!code) throw new Error('no confirmation code was mailed')
  return formPost(harness, '/confirm', { code }, { cookie: cookieFrom(signedUp), headers })
}

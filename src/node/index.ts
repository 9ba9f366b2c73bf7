/**
 * slotlink for Node: one-time links held by slots in piscina worker threads.
 *
 * @example
 * const slotlink = await createSlotlink({ keys: process.env.SLOTLINK_KEYS })
 * const issued = await slotlink.issue({ purpose: 'reset_password', subject: user.id })
 * const used = await slotlink.consume(token, { purpose: 'reset_password' })
 * app.route('/', slotlink.routes({ apiKey, publicUrl: 'https://auth.example.com' }))
 */
import type { OpenAPIHono } from '@hono/zod-openapi'
import { createApp, type AppEnv, type AppOptions } from '../core/app/create-app.tsx'
import { Keyring, parseKeySpec } from '../core/keyring.ts'
import { createLinkService, type LinkService, type LinkServiceOptions } from '../core/link-service.ts'
import type { Logger } from '../core/logger.ts'
import { Metrics } from '../core/metrics.ts'
import type { SlotStore } from '../core/slot-store.ts'
import { SlotlinkError } from '../core/slotlink-error.ts'
import { nodeLinkCrypto } from './node-link-crypto.ts'
import { PiscinaSlotStore, type PiscinaSlotStoreOptions } from './piscina-slot-store.ts'

export * from '../core/index.ts'
export { nodeLinkCrypto } from './node-link-crypto.ts'
export { PiscinaSlotStore, type PiscinaSlotStoreOptions } from './piscina-slot-store.ts'

export interface CreateSlotlinkOptions {
  /** `kid:secret,...` as in SLOTLINK_KEYS, parsed secrets, or a Keyring. Default: one random key (links die with the process). */
  keys?: string | { id: string; secret: Uint8Array }[] | Keyring
  /** Options for the worker-thread store (e.g. `snapshotDir` to keep open links across restarts), or any SlotStore. */
  slots?: PiscinaSlotStoreOptions | SlotStore
  /** Where request lines and slot lifecycle lines go; default: nowhere. */
  logger?: Logger
  now?: LinkServiceOptions['now']
}

/** What `routes()` and the opt-in parts take: the app's settings, less what the instance supplies. */
export type RoutesOptions = Omit<AppOptions, 'links' | 'metrics' | 'parts' | 'wholeSite'>

/** The link operations, the routes to mount, and close(). The slot store itself stays inside. */
export interface Slotlink extends Omit<LinkService, 'slots'> {
  /**
   * The JSON API (`/api/*`) and the link pages (`/l/:token`, with their stylesheet), to mount on
   * a Hono app. Its middleware touches only these paths.
   * @throws SlotlinkError for a missing or short `apiKey` or a bad `publicUrl`.
   */
  routes(options: RoutesOptions): OpenAPIHono<AppEnv>
  /** `GET /healthz`, to mount where you like (opt-in). */
  health(): OpenAPIHono<AppEnv>
  /** `GET /metrics` (Prometheus text), which needs the API key (opt-in). */
  metricsRoutes(options: Pick<RoutesOptions, 'apiKey' | 'isLocalRequest'>): OpenAPIHono<AppEnv>
  /** `GET /openapi.json` and `GET /docs` for the API (opt-in). */
  docs(options: Pick<RoutesOptions, 'publicUrl'>): OpenAPIHono<AppEnv>
  readonly metrics: Metrics
  /**
   * Stops taking new work (link operations answer `capacity`), lets what is in flight finish, then
   * snapshots open slots if the store keeps them, and stops the worker threads. No link can be used
   * twice across a close and a restart.
   */
  close(): Promise<void>
}

/** Settings for the parts that need no key or URL of their own: never used to build links. */
const PART_ONLY = { apiKey: 'x'.repeat(64), publicUrl: 'http://localhost' }

export async function createSlotlink(options: CreateSlotlinkOptions = {}): Promise<Slotlink> {
  const keyring = await keyringFrom(options.keys)
  const slots = isSlotStore(options.slots) ? options.slots : await PiscinaSlotStore.start({ logger: options.logger, ...options.slots })
  const metrics = new Metrics()
  const links = createLinkService({ keyring, slots, observer: metrics, now: options.now })
  const logger = options.logger
  const build = (settings: Omit<AppOptions, 'links' | 'metrics'>) => createApp({ logger, ...settings, links, metrics })
  const work = new InFlight()
  return {
    issue: (input) => work.run(() => links.issue(input), CAPACITY),
    peek: (token, opts) => work.run(() => links.peek(token, opts), CAPACITY),
    consume: (token, opts) => work.run(() => links.consume(token, opts), CAPACITY),
    revoke: (token) => work.run(() => links.revoke(token), CAPACITY),
    revokeSubject: (subject, purpose) => work.run(() => links.revokeSubject(subject, purpose), 0),
    metrics,
    routes: (settings) => build({ ...settings, parts: { api: true, pages: true, health: false, metrics: false, docs: false } }),
    health: () => build({ ...PART_ONLY, parts: { api: false, pages: false, health: true, metrics: false, docs: false } }),
    metricsRoutes: (settings) => build({ ...PART_ONLY, ...settings, parts: { api: false, pages: false, health: false, metrics: true, docs: false } }),
    docs: (settings) => build({ ...PART_ONLY, ...settings, parts: { api: false, pages: false, health: false, metrics: false, docs: true } }),
    // The store drains too, but an operation still checking its token has not reached the store
    // yet: waiting here first means everything called before close() finishes before the snapshot.
    close: () => work.close(() => slots.close()),
  }
}

const CAPACITY = { ok: false, reason: 'capacity' } as const

/** Counts operations under way, so close() can let them finish and turn later ones away. */
class InFlight {
  #count = 0
  #idle: (() => void) | undefined
  #closing: Promise<void> | undefined

  async run<T, R>(operation: () => Promise<T>, refused: R): Promise<T | R> {
    if (this.#closing) return refused
    this.#count++
    try {
      return await operation()
    } finally {
      if (--this.#count === 0) this.#idle?.()
    }
  }

  close(then: () => Promise<void>): Promise<void> {
    this.#closing ??= (async () => {
      if (this.#count > 0) await new Promise<void>((resolve) => (this.#idle = resolve))
      await then()
    })()
    return this.#closing
  }
}

async function keyringFrom(keys: CreateSlotlinkOptions['keys']): Promise<Keyring> {
  if (keys instanceof Keyring) return keys
  if (keys === undefined) return Keyring.random(nodeLinkCrypto)
  try {
    return await Keyring.fromSecrets(typeof keys === 'string' ? parseKeySpec(keys) : keys, nodeLinkCrypto)
  } catch (error) {
    // parseKeySpec's message names what is wrong with the spec and never its secret.
    throw new SlotlinkError('ERR_SLOTLINK_KEYS', `keys: ${error instanceof Error ? error.message : 'not valid'}`)
  }
}

function isSlotStore(value: unknown): value is SlotStore {
  return typeof value === 'object' && value !== null && typeof (value as SlotStore).consume === 'function'
}

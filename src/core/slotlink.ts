/**
 * The object a library user holds: the link operations, the routes to mount, and close(). Node's
 * `createSlotlink` and the edge's `createEdgeSlotlink` build it over their own slot store, so both
 * hand their users the same shape, composed by the same `createApp`.
 */
import type { OpenAPIHono } from '@hono/zod-openapi'
import { createApp, type AppEnv, type AppOptions } from './app/create-app.tsx'
import type { LinkService } from './link-service.ts'
import type { Logger } from './logger.ts'
import type { Metrics } from './metrics.ts'

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
   * closes the slot store (on Node: snapshots open slots if it keeps them, and stops the threads).
   * No link can be used twice across a close and a restart.
   */
  close(): Promise<void>
}

/** Settings for the parts that need no key or URL of their own: never used to build links. */
const PART_ONLY = { apiKey: 'x'.repeat(64), publicUrl: 'http://localhost' }
const CAPACITY = { ok: false, reason: 'capacity' } as const

/** Wraps a link service as the public object; `closeStore` runs once everything in flight is done. */
export function slotlinkFrom(links: LinkService, metrics: Metrics, options: { logger?: Logger; closeStore: () => Promise<void> }): Slotlink {
  const build = (settings: Omit<AppOptions, 'links' | 'metrics'>) => createApp({ logger: options.logger, ...settings, links, metrics })
  const only = (part: 'health' | 'metrics' | 'docs') => ({ api: false, pages: false, health: part === 'health', metrics: part === 'metrics', docs: part === 'docs' })
  const work = new InFlight()
  return {
    issue: (input) => work.run(() => links.issue(input), CAPACITY),
    peek: (token, opts) => work.run(() => links.peek(token, opts), CAPACITY),
    consume: (token, opts) => work.run(() => links.consume(token, opts), CAPACITY),
    revoke: (token) => work.run(() => links.revoke(token), CAPACITY),
    revokeSubject: (subject, purpose) => work.run(() => links.revokeSubject(subject, purpose), 0),
    metrics,
    routes: (settings) => build({ ...settings, parts: { api: true, pages: true, health: false, metrics: false, docs: false } }),
    health: () => build({ ...PART_ONLY, parts: only('health') }),
    metricsRoutes: (settings) => build({ ...PART_ONLY, ...settings, parts: only('metrics') }),
    docs: (settings) => build({ ...PART_ONLY, ...settings, parts: only('docs') }),
    // The store drains too, but an operation still checking its token has not reached the store
    // yet: waiting here first means everything called before close() finishes before a snapshot.
    close: () => work.close(options.closeStore),
  }
}

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

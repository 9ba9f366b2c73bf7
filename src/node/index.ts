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
import { Metrics } from '../core/metrics.ts'
import type { SlotStore } from '../core/slot-store.ts'
import { readApiReferenceScript } from './api-reference-script.ts'
import { nodeLinkCrypto } from './node-link-crypto.ts'
import { PiscinaSlotStore, type PiscinaSlotStoreOptions } from './piscina-slot-store.ts'

export * from '../core/index.ts'
export { nodeLinkCrypto } from './node-link-crypto.ts'
export { PiscinaSlotStore, type PiscinaSlotStoreOptions } from './piscina-slot-store.ts'

export interface CreateSlotlinkOptions {
  /** `kid:secret,...` as in SLOTLINK_KEYS, parsed secrets, or a Keyring. Default: one random key (links die with the process). */
  keys?: string | { id: string; secret: Uint8Array }[] | Keyring
  /** Options for the worker-thread store, or any SlotStore. */
  slots?: PiscinaSlotStoreOptions | SlotStore
  now?: LinkServiceOptions['now']
}

export interface Slotlink extends LinkService {
  /** The HTTP API, link pages, health, metrics and docs, to mount on a Hono app. */
  routes(options: Omit<AppOptions, 'links' | 'metrics'>): OpenAPIHono<AppEnv>
  readonly metrics: Metrics
  /** Stops the worker threads; open links are lost unless the store snapshots them. */
  close(): Promise<void>
}

export async function createSlotlink(options: CreateSlotlinkOptions = {}): Promise<Slotlink> {
  const keyring =
    options.keys instanceof Keyring
      ? options.keys
      : options.keys === undefined
        ? await Keyring.random(nodeLinkCrypto)
        : await Keyring.fromSecrets(typeof options.keys === 'string' ? parseKeySpec(options.keys) : options.keys, nodeLinkCrypto)
  const slots = isSlotStore(options.slots) ? options.slots : await PiscinaSlotStore.start(options.slots)
  const metrics = new Metrics()
  const links = createLinkService({ keyring, slots, observer: metrics, now: options.now })
  return {
    ...links,
    metrics,
    routes: (appOptions) => createApp({ apiReferenceScript: readApiReferenceScript, ...appOptions, links, metrics }),
    close: () => slots.close(),
  }
}

function isSlotStore(value: unknown): value is SlotStore {
  return typeof value === 'object' && value !== null && typeof (value as SlotStore).consume === 'function'
}

/**
 * slotlink for Node: one-time links held by slots in piscina worker threads.
 *
 * @example
 * const slotlink = await createSlotlink({ keys: process.env.SLOTLINK_KEYS })
 * const issued = await slotlink.issue({ purpose: 'reset_password', subject: user.id })
 * const used = await slotlink.consume(token, { purpose: 'reset_password' })
 * app.route('/', slotlink.routes({ apiKey, publicUrl: 'https://auth.example.com' }))
 */
import { Keyring, parseKeySpec } from '../core/keyring.ts'
import { createLinkService, type LinkServiceOptions } from '../core/link-service.ts'
import type { Logger } from '../core/logger.ts'
import { Metrics } from '../core/metrics.ts'
import type { SlotStore } from '../core/slot-store.ts'
import { SlotlinkError } from '../core/slotlink-error.ts'
import { slotlinkFrom, type Slotlink } from '../core/slotlink.ts'
import { nodeLinkCrypto } from './node-link-crypto.ts'
import { PiscinaSlotStore, type PiscinaSlotStoreOptions } from './piscina-slot-store.ts'
import { deriveSnapshotKeys } from './snapshot-key.ts'

export * from '../core/index.ts'
export { nodeLinkCrypto } from './node-link-crypto.ts'
export { PiscinaSlotStore, type PiscinaSlotStoreOptions } from './piscina-slot-store.ts'
export { deriveSnapshotKeys } from './snapshot-key.ts'

export interface CreateSlotlinkOptions {
  /** `kid:secret,...` as in SLOTLINK_KEYS, parsed secrets, or a Keyring. Default: one random key (links die with the process). */
  keys?: string | { id: string; secret: Uint8Array }[] | Keyring
  /** Options for the worker-thread store (e.g. `snapshotDir` to keep open links across restarts), or any SlotStore. */
  slots?: PiscinaSlotStoreOptions | SlotStore
  /** Where request lines and slot lifecycle lines go; default: nowhere. */
  logger?: Logger
  now?: LinkServiceOptions['now']
  /**
   * Where lifecycle events go, e.g. `new WebhookQueue({ send: webhookSender({ url, secret }) })`
   * (its `close()` returns what is undelivered, to persist as the server does). Unset: none.
   */
  events?: LinkServiceOptions['events']
}

/** @throws SlotlinkError for malformed `keys`. */
export async function createSlotlink(options: CreateSlotlinkOptions = {}): Promise<Slotlink> {
  const keyring = await keyringFrom(options.keys)
  const slots = isSlotStore(options.slots) ? options.slots : await PiscinaSlotStore.start({ logger: options.logger, ...withSnapshotKeys(options.slots, options.keys) })
  const metrics = new Metrics()
  const links = createLinkService({ keyring, slots, observer: metrics, now: options.now, events: options.events })
  return slotlinkFrom(links, metrics, { logger: options.logger, closeStore: () => slots.close() })
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

/**
 * Snapshots are sealed with keys derived from the signing secrets: given `snapshotDir` and the
 * secrets (as a spec or parsed), the seal keys are derived here. A Keyring does not give its
 * secrets back, so with one the caller passes `snapshotKeys` (see deriveSnapshotKeys).
 */
function withSnapshotKeys(slots: PiscinaSlotStoreOptions | undefined, keys: CreateSlotlinkOptions['keys']): PiscinaSlotStoreOptions | undefined {
  if (!slots?.snapshotDir || slots.snapshotKeys || keys === undefined || keys instanceof Keyring) return slots
  const secrets = (typeof keys === 'string' ? parseKeySpec(keys) : keys).map((k) => k.secret)
  return { ...slots, snapshotKeys: deriveSnapshotKeys(secrets) }
}

function isSlotStore(value: unknown): value is SlotStore {
  return typeof value === 'object' && value !== null && typeof (value as SlotStore).consume === 'function'
}

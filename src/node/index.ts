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
import { installedApiReferenceScript } from './api-reference-script.ts'
import { nodeLinkCrypto } from './node-link-crypto.ts'
import { deriveSnapshotKeys } from './snapshot-key.ts'
import { PiscinaSlotStore, type PiscinaSlotStoreOptions } from './piscina-slot-store.ts'

export * from '../core/index.ts'
export { nodeLinkCrypto } from './node-link-crypto.ts'
export { PiscinaSlotStore, type PiscinaSlotStoreOptions } from './piscina-slot-store.ts'
export { deriveSnapshotKeys } from './snapshot-key.ts'
export { WebhookDeliveryThread, type WebhookDeliveryThreadOptions } from './webhook-delivery-thread.ts'

export interface CreateSlotlinkOptions {
  /** `kid:secret,...` as in SLOTLINK_KEYS, parsed secrets, or a Keyring. Default: one random key (links die with the process). */
  keys?: string | { id: string; secret: Uint8Array }[] | Keyring
  /** Options for the worker-thread store (e.g. `snapshotDir` to keep open links across restarts), or any SlotStore. */
  slots?: PiscinaSlotStoreOptions | SlotStore
  /** Where request lines and slot lifecycle lines go; default: nowhere. */
  logger?: Logger
  now?: LinkServiceOptions['now']
  /**
   * Where lifecycle events go, e.g. `new WebhookQueue({ send: new WebhookDeliveryThread({ url, secret }).send })`
   * (signed and sent off the main thread; `webhookSender({ url, secret })` sends from it instead).
   * Its `close()` returns what is undelivered, to persist as the server does. Unset: none.
   */
  events?: LinkServiceOptions['events']
}

/** @throws SlotlinkError for malformed `keys`. */
export async function createSlotlink(options: CreateSlotlinkOptions = {}): Promise<Slotlink> {
  const secrets = secretsFrom(options.keys)
  const keyring = options.keys instanceof Keyring ? options.keys : await keyringFrom(secrets)
  const slots = isSlotStore(options.slots) ? options.slots : await PiscinaSlotStore.start(storeOptions(options, secrets))
  const metrics = new Metrics()
  const links = createLinkService({ keyring, slots, observer: metrics, now: options.now, events: options.events })
  return slotlinkFrom(links, metrics, { logger: options.logger, closeStore: () => slots.close(), apiReferenceScript: installedApiReferenceScript() })
}

type Secrets = { id: string; secret: Uint8Array }[]

/** The secrets of `keys`, undefined for a random key or a Keyring (whose secrets stay inside it). */
function secretsFrom(keys: CreateSlotlinkOptions['keys']): Secrets | undefined {
  if (keys === undefined || keys instanceof Keyring) return undefined
  try {
    return typeof keys === 'string' ? parseKeySpec(keys) : keys
  } catch (error) {
    // parseKeySpec's message names what is wrong with the spec and never its secret.
    throw new SlotlinkError('ERR_SLOTLINK_KEYS', `keys: ${error instanceof Error ? error.message : 'not valid'}`)
  }
}

async function keyringFrom(secrets: Secrets | undefined): Promise<Keyring> {
  if (secrets === undefined) return Keyring.random(nodeLinkCrypto)
  try {
    return await Keyring.fromSecrets(secrets, nodeLinkCrypto)
  } catch (error) {
    throw new SlotlinkError('ERR_SLOTLINK_KEYS', `keys: ${error instanceof Error ? error.message : 'not valid'}`)
  }
}

/**
 * Snapshots are sealed under keys derived from the signing secrets, as in the server; without
 * secrets to derive from (a random key, or a Keyring) a snapshot folder needs its own snapshotKeys.
 */
function storeOptions(options: CreateSlotlinkOptions, secrets: Secrets | undefined): PiscinaSlotStoreOptions {
  const given = (options.slots ?? {}) as PiscinaSlotStoreOptions
  const snapshotKeys = given.snapshotKeys ?? (given.snapshotDir && secrets ? deriveSnapshotKeys(secrets.map((k) => k.secret)) : undefined)
  if (given.snapshotDir && !snapshotKeys) {
    throw new SlotlinkError('ERR_SLOTLINK_OPTION', 'slots.snapshotDir needs keys (a random key dies with the process, so its links cannot be restored) or slots.snapshotKeys', 'slots.snapshotDir')
  }
  // Expiries are seen by the slot workers alone: with events on, they report them for link.expired.
  const events = options.events
  const onClosed = events && given.onClosed === undefined ? { onClosed: expiredEvents(events) } : undefined
  return { logger: options.logger, ...given, ...(snapshotKeys && { snapshotKeys }), ...onClosed }
}

function expiredEvents(events: NonNullable<LinkServiceOptions['events']>): NonNullable<PiscinaSlotStoreOptions['onClosed']> {
  return (how, links) => {
    for (const link of links) void events.emit(`link.${how}`, link)
  }
}

function isSlotStore(value: unknown): value is SlotStore {
  return typeof value === 'object' && value !== null && typeof (value as SlotStore).consume === 'function'
}

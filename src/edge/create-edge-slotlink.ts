/**
 * slotlink in a user's own Worker: the same public object as Node's `createSlotlink`, over
 * Durable Object slots. Build it once per isolate (the bindings object is the same for every
 * request an isolate serves) and mount its routes on your Hono app.
 */
import { Keyring, parseKeySpec } from '../core/keyring.ts'
import { createLinkService } from '../core/link-service.ts'
import type { Logger } from '../core/logger.ts'
import { Metrics } from '../core/metrics.ts'
import { SlotlinkError } from '../core/slotlink-error.ts'
import { slotlinkFrom, type Slotlink } from '../core/slotlink.ts'
import { slotBindings, type SlotEnv } from './bindings.ts'
import { consoleLogger } from './console-logger.ts'
import { DurableObjectSlotStore } from './durable-object-slot-store.ts'

export interface EdgeSlotlinkOptions {
  /**
   * `kid:secret,...` as in SLOTLINK_KEYS (a secret), or parsed secrets. Required: an isolate cannot
   * make up a key, since the next isolate would not know it.
   */
  keys: string | { id: string; secret: Uint8Array }[]
  /**
   * Your Worker's env: the Durable Objects bound as SLOTS, SUBJECT_SLOTS and SLOT_COUNTERS, or under
   * names of your own that the variables SLOTLINK_SLOTS_BINDING, SLOTLINK_SUBJECT_SLOTS_BINDING and
   * SLOTLINK_SLOT_COUNTERS_BINDING give (the objects read the same variables to reach each other).
   */
  env: SlotEnv
  /** Default: JSON lines on the console (`wrangler tail` shows them). */
  logger?: Logger
}

/**
 * @throws SlotlinkError for missing or malformed `keys`.
 * @example
 * // src/index.ts of your Worker; wrangler.toml binds SLOTS, SUBJECT_SLOTS and SLOT_COUNTERS.
 * import { Hono } from 'hono'
 * import { createEdgeSlotlink } from 'slotlink/edge'
 * export { SlotObject, SubjectSlots, SlotCounters } from 'slotlink/edge'
 *
 * const app = new Hono<{ Bindings: Env }>()
 * app.all('/auth/*', async (c) => {
 *   const slotlink = await createEdgeSlotlink({ keys: c.env.SLOTLINK_KEYS, env: c.env })
 *   return slotlink.routes({ apiKey: c.env.SLOTLINK_API_KEY, publicUrl: 'https://example.com/auth' }).fetch(c.req.raw, c.env)
 * })
 */
export async function createEdgeSlotlink(options: EdgeSlotlinkOptions): Promise<Slotlink> {
  const logger = options.logger ?? consoleLogger
  let keyring: Keyring
  try {
    keyring = await Keyring.fromSecrets(typeof options.keys === 'string' ? parseKeySpec(options.keys) : options.keys)
  } catch (error) {
    // parseKeySpec's message names what is wrong with the spec and never its secret.
    throw new SlotlinkError('ERR_SLOTLINK_KEYS', `keys: ${error instanceof Error ? error.message : 'not valid'}`)
  }
  const { SLOTS, SUBJECT_SLOTS, SLOT_COUNTERS } = slotBindings(options.env)
  if (!SLOTS || !SUBJECT_SLOTS || !SLOT_COUNTERS) throw new SlotlinkError('ERR_SLOTLINK_OPTION', 'env lacks a slot binding: bind SLOTS, SUBJECT_SLOTS and SLOT_COUNTERS, or name yours in SLOTLINK_*_BINDING', 'env')
  const slots = new DurableObjectSlotStore({ slots: SLOTS, subjects: SUBJECT_SLOTS, counters: SLOT_COUNTERS, logger })
  const metrics = new Metrics()
  const links = createLinkService({ keyring, slots, observer: metrics })
  // Durable Objects outlive the isolate: closing only stops this object taking work.
  return slotlinkFrom(links, metrics, { logger, closeStore: () => slots.close() })
}

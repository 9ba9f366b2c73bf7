import { DurableObject } from 'cloudflare:workers'
import type { SlotEnv } from './bindings.ts'

/**
 * Shards of the slot counters. Slots are spread over any number of objects with no central list,
 * so /metrics sums counters instead; sharded so that no one object takes every link's update (a
 * Durable Object serves on the order of a thousand requests a second).
 */
export const SLOT_COUNTER_SHARDS = 16

/** What one shard counts. */
export interface SlotCounts {
  /** Slots opened minus slots closed (consumed, revoked, expired). */
  readonly open: number
  /** Slots closed by their own expiry, unused. */
  readonly expired: number
  /** Tombstones kept (closed links remembered until their expiry); absent in shards from before v2. */
  readonly tombstones?: number
}

const COUNTS_KEY = 'counts'
const ZERO: SlotCounts = { open: 0, expired: 0, tombstones: 0 }

/** The shard a slot object reports to, chosen by its id so that one slot always uses one shard. */
export function counterShardFor(slotId: DurableObjectId | string): string {
  const hex = typeof slotId === 'string' ? slotId : slotId.toString()
  return `slots-${Number.parseInt(hex.slice(-2), 16) % SLOT_COUNTER_SHARDS}`
}

/** Every shard's name, for summing. */
export const counterShardNames = () => Array.from({ length: SLOT_COUNTER_SHARDS }, (_, i) => `slots-${i}`)

/**
 * One shard of the open-slot and tombstone gauges and the expiry counter: a slot adds 1 to `open`
 * when it opens and takes it back when it closes (adding 1 to `tombstones` until its expiry). Updated off the request path, so it is for dashboards, not a
 * ledger: a lost update leaves it off by one for good, which is why the store never reports the
 * gauge below 0.
 */
export class SlotCounters extends DurableObject<SlotEnv> {
  async add(open: number, expired = 0, tombstones = 0): Promise<void> {
    const kv = this.ctx.storage.kv
    const counts = kv.get<SlotCounts>(COUNTS_KEY) ?? ZERO
    kv.put<SlotCounts>(COUNTS_KEY, { open: counts.open + open, expired: counts.expired + expired, tombstones: (counts.tombstones ?? 0) + tombstones })
  }

  async read(): Promise<SlotCounts> {
    return this.ctx.storage.kv.get<SlotCounts>(COUNTS_KEY) ?? ZERO
  }
}

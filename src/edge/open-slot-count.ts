import { DurableObject } from 'cloudflare:workers'
import type { Env } from './env.ts'

/**
 * Shards of the open-slot gauge. Slots are spread over any number of objects with no central
 * list, so /metrics sums counters instead; sharded so that no one object takes every link's update
 * (a Durable Object serves on the order of a thousand requests a second).
 */
export const OPEN_SLOT_COUNT_SHARDS = 16
const COUNT_KEY = 'open'

/** The counter shard a slot object reports to, chosen by its id so that one slot always uses one shard. */
export function countShardFor(slotId: DurableObjectId | string): string {
  const hex = typeof slotId === 'string' ? slotId : slotId.toString()
  return `open-slots-${Number.parseInt(hex.slice(-2), 16) % OPEN_SLOT_COUNT_SHARDS}`
}

/** Every shard's name, for summing. */
export const countShardNames = () => Array.from({ length: OPEN_SLOT_COUNT_SHARDS }, (_, i) => `open-slots-${i}`)

/**
 * One shard of the count of open slots: +1 when a slot opens, -1 when it is consumed, revoked or
 * expires. Updated off the request path, so it is a gauge for dashboards, not a ledger: a lost
 * update leaves it off by one for good, which is why the store never reports it below 0.
 */
export class OpenSlotCount extends DurableObject<Env> {
  async add(delta: number): Promise<void> {
    const kv = this.ctx.storage.kv
    kv.put(COUNT_KEY, (kv.get<number>(COUNT_KEY) ?? 0) + delta)
  }

  async read(): Promise<number> {
    return this.ctx.storage.kv.get<number>(COUNT_KEY) ?? 0
  }
}

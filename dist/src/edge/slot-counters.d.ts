import { DurableObject } from 'cloudflare:workers';
import type { SlotBindings } from './bindings.ts';
/**
 * Shards of the slot counters. Slots are spread over any number of objects with no central list,
 * so /metrics sums counters instead; sharded so that no one object takes every link's update (a
 * Durable Object serves on the order of a thousand requests a second).
 */
export declare const SLOT_COUNTER_SHARDS = 16;
/** What one shard counts. */
export interface SlotCounts {
    /** Slots opened minus slots closed (consumed, revoked, expired). */
    readonly open: number;
    /** Slots closed by their own expiry, unused. */
    readonly expired: number;
}
/** The shard a slot object reports to, chosen by its id so that one slot always uses one shard. */
export declare function counterShardFor(slotId: DurableObjectId | string): string;
/** Every shard's name, for summing. */
export declare const counterShardNames: () => string[];
/**
 * One shard of the open-slot gauge and the expiry counter: a slot adds 1 to `open` when it opens
 * and takes it back when it closes. Updated off the request path, so it is for dashboards, not a
 * ledger: a lost update leaves it off by one for good, which is why the store never reports the
 * gauge below 0.
 */
export declare class SlotCounters extends DurableObject<SlotBindings> {
    add(open: number, expired?: number): Promise<void>;
    read(): Promise<SlotCounts>;
}

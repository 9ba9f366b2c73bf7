import type { Logger } from '../core/logger.ts';
import type { OpenRequest, OpenResult, SlotResult, SlotStats, SlotStore } from '../core/slot-store.ts';
import { type SlotCounters } from './slot-counters.ts';
import type { SlotObject } from './slot-object.ts';
import type { SubjectSlots } from './subject-slots.ts';
export interface DurableObjectSlotStoreOptions {
    readonly slots: DurableObjectNamespace<SlotObject>;
    readonly subjects: DurableObjectNamespace<SubjectSlots>;
    readonly counters: DurableObjectNamespace<SlotCounters>;
    readonly logger: Logger;
}
/**
 * The edge's SlotStore: each open link is its own SlotObject, named by a fresh `newUniqueId()`, and
 * the token's handle is that id's 32 bytes. No lookup table: the handle is the address.
 *
 * A Durable Object call can fail for reasons that pass (an overloaded or restarting object); those
 * answer `capacity` (503, Retry-After) rather than `used`, because the link may well still be open.
 *
 * @example
 * const slots = new DurableObjectSlotStore({ slots: env.SLOTS, subjects: env.SUBJECT_SLOTS, counters: env.SLOT_COUNTERS, logger })
 * const links = createLinkService({ keyring, slots })
 */
export declare class DurableObjectSlotStore implements SlotStore {
    #private;
    constructor(options: DurableObjectSlotStoreOptions);
    open(request: OpenRequest): Promise<OpenResult>;
    peek(handle: Uint8Array, codeHash: Uint8Array): Promise<SlotResult>;
    consume(handle: Uint8Array, codeHash: Uint8Array): Promise<SlotResult>;
    revoke(handle: Uint8Array, codeHash: Uint8Array): Promise<SlotResult>;
    revokeSubject(subject: string, purpose?: string): Promise<number>;
    /** Open and expired slots: sums of the counter shards (see SlotCounters). Nothing queues at the edge. */
    stats(): Promise<SlotStats>;
    close(): Promise<void>;
}

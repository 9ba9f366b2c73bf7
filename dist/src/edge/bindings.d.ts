import type { SlotCounters } from './slot-counters.ts';
import type { SlotObject } from './slot-object.ts';
import type { SubjectSlots } from './subject-slots.ts';
/**
 * The Durable Object bindings the edge slot store needs, as wrangler.toml declares them. The
 * objects reach each other through these (a slot tells its subject's list and a counter shard).
 */
export interface SlotBindings {
    /** One Durable Object per open link (see SlotObject). */
    readonly SLOTS: DurableObjectNamespace<SlotObject>;
    /** One Durable Object per subject, listing its open links (see SubjectSlots). */
    readonly SUBJECT_SLOTS: DurableObjectNamespace<SubjectSlots>;
    /** Shards of the open and expired slot counts for /metrics (see SlotCounters). */
    readonly SLOT_COUNTERS: DurableObjectNamespace<SlotCounters>;
}

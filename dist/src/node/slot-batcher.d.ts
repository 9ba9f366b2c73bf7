import type { BatchableRequest, SlotRequest, SlotResponse } from './slot-protocol.ts';
/**
 * Coalesces slot requests bound for the same worker within one turn of the event loop into one
 * piscina task. Under load many requests arrive per turn, and a message round trip between
 * threads (post, wake the worker, post back, wake the pool) costs far more CPU than the slot
 * operation itself; one round trip per batch instead of per request is most of the difference
 * between the slot store and a store that does nothing. When requests trickle in one per turn,
 * a batch is one request and nothing waits longer than it did.
 */
export declare class SlotBatcher {
    #private;
    constructor(send: (requests: SlotRequest[], threadId: number | undefined) => Promise<SlotResponse[]>);
    submit(request: BatchableRequest, threadId?: number): Promise<SlotResponse>;
}

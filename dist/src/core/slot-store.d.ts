/**
 * The seam between the link policy and wherever slots live: piscina worker threads on Node,
 * Durable Objects at the edge, a plain Map in a test. One interface, one small adapter per runtime.
 */
export type JsonObject = {
    [key: string]: unknown;
};
/** What a slot holds. The code itself never reaches a slot: only a hash of it. */
export interface SlotContent {
    readonly purpose: string;
    readonly subject: string;
    readonly data: JsonObject | null;
    /** Unix seconds; the slot frees itself then, on its own. */
    readonly expiresAt: number;
}
export interface OpenRequest extends SlotContent {
    /** Truncated SHA-256 of the link's code. */
    readonly codeHash: Uint8Array;
}
/**
 * `used`: consumed, revoked, expired in the slot, or lost with its worker: the slot is gone.
 * `capacity`: the store is full or its queue is; try again later (503 + Retry-After).
 */
export type SlotFailure = 'used' | 'capacity';
export type OpenResult = {
    readonly ok: true;
    readonly handle: Uint8Array;
} | {
    readonly ok: false;
    readonly reason: 'capacity';
};
export type SlotResult = {
    readonly ok: true;
    readonly slot: SlotContent;
} | {
    readonly ok: false;
    readonly reason: SlotFailure;
};
export interface SlotStats {
    /** Open slots, in all. */
    readonly open: number;
    /** Slots freed by their own expiry, where the backend counts them. */
    readonly expired?: number;
    /** Requests waiting for a slot owner (worker queue), where the backend has one. */
    readonly queued: number;
    /** Open slots per owner (worker), where the backend has several. */
    readonly perOwner?: readonly {
        readonly owner: string;
        readonly open: number;
        readonly heapBytes?: number;
    }[];
}
export interface SlotStore {
    /** Hands a new link to a fresh slot; the handle it returns names that slot. */
    open(request: OpenRequest): Promise<OpenResult>;
    /** Reads a slot without using it up. */
    peek(handle: Uint8Array, codeHash: Uint8Array): Promise<SlotResult>;
    /** Uses the slot up: of any number of concurrent calls, exactly one gets `ok`. */
    consume(handle: Uint8Array, codeHash: Uint8Array): Promise<SlotResult>;
    /** Frees the slot without using it: same answers as `consume`. */
    revoke(handle: Uint8Array, codeHash: Uint8Array): Promise<SlotResult>;
    /** Frees every open slot of a subject (of one purpose, if given); returns how many. */
    revokeSubject(subject: string, purpose?: string): Promise<number>;
    stats(): Promise<SlotStats>;
    close(): Promise<void>;
}

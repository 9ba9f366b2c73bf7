/**
 * Open slots ordered by expiry: a binary min-heap of slot indexes, with each index's place in it
 * so that any slot can leave in O(log n) when it is used or revoked.
 *
 * Written by hand because it lives in typed arrays (no object per slot), which no heap library
 * does. It reads expiries from the slot table's own array, handed over again after each growth.
 */
export declare class ExpiryHeap {
    #private;
    get length(): number;
    /** Takes the slot table's grown expiry array; `capacity` is its length. */
    grow(capacity: number, expiresAt: Uint32Array): void;
    has(index: number): boolean;
    /** The slot at `place` (0 ≤ place < length): the soonest to expire at 0, the rest in no order. */
    at(place: number): number;
    push(index: number): void;
    remove(index: number): void;
}

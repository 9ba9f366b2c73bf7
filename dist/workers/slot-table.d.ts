export interface SlotFields {
    purpose: string;
    subject: string;
    /** JSON text, or null: kept as the caller sent it. */
    data: string | null;
    /** Unix seconds. */
    expiresAt: number;
}
export interface SlotAddress {
    index: number;
    generation: number;
}
export declare class SlotTable {
    #private;
    readonly maxSlots: number;
    readonly codeHashBytes: number;
    constructor(options: {
        maxSlots: number;
        codeHashBytes: number;
    });
    get size(): number;
    /** Opens a slot, or returns undefined when the table is at `maxSlots`. */
    open(fields: SlotFields, codeHash: Uint8Array): SlotAddress | undefined;
    /**
     * The slot at this address if it is open, unexpired at `nowSeconds`, and holds this code hash;
     * otherwise undefined. The hash comparison is constant-time.
     */
    find(address: SlotAddress, codeHash: Uint8Array, nowSeconds: number): SlotFields | undefined;
    /** Like `find`, and frees the slot: the one and only successful use. */
    take(address: SlotAddress, codeHash: Uint8Array, nowSeconds: number): SlotFields | undefined;
    /** Frees every open slot of a subject (of one purpose, if given). */
    revokeSubject(subject: string, purpose?: string): number;
    /** Frees every slot whose expiry is at or before `nowSeconds`; returns how many. */
    expire(nowSeconds: number): number;
    /** Unix seconds of the soonest expiry, or undefined when the table is empty. */
    nextExpiry(): number | undefined;
    /** Every open slot with its address and code hash, for a snapshot. */
    entries(): Generator<{
        address: SlotAddress;
        fields: SlotFields;
        codeHash: Uint8Array;
    }>;
    /** Puts a slot back at the address it had (restoring a snapshot); false if that address is taken. */
    restore(address: SlotAddress, fields: SlotFields, codeHash: Uint8Array): boolean;
}

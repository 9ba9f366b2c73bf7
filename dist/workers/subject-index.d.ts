/**
 * Subject → the first open slot of that subject (the slot table chains the others behind it).
 *
 * Written by hand, in place of a `Map<string, …>`: an open-addressing table (linear probing,
 * backward-shift deletion, so no tombstones) of slot indexes in one typed array. It holds no
 * strings: an entry's key is the subject stored in its slot, which the table reads through
 * `hashOf` and the caller's `matches`. That costs 8–16 bytes per subject, where the Map cost
 * about 30 plus a JS string of some 30 more.
 */
export declare class SubjectIndex {
    #private;
    /** @param hashOf the hash of the subject that a slot holds, as the caller passes it to the other methods. */
    constructor(hashOf: (slot: number) => number);
    get size(): number;
    /** The slot stored for a subject with this hash that `matches` accepts, or -1. */
    find(hash: number, matches: (slot: number) => boolean): number;
    /** Adds a slot for a subject that has none yet. */
    insert(hash: number, slot: number): void;
    /** Puts `next` where `slot` was (its subject's new first slot). */
    replace(hash: number, slot: number, next: number): void;
    remove(hash: number, slot: number): void;
}

/**
 * Subject → the first open slot of that subject (the slot table chains the others behind it).
 *
 * Written by hand, in place of a `Map<string, …>`: an open-addressing table (linear probing,
 * backward-shift deletion, so no tombstones) of slot indexes in one typed array. It holds no
 * strings: an entry's key is the subject stored in its slot, which the table reads through
 * `hashOf` and the caller's `matches`. That costs 8–16 bytes per subject, where the Map cost
 * about 30 plus a JS string of some 30 more.
 */
const INITIAL_CAPACITY = 1024;
/** Linear probing stays short (about 1.5 probes per hit, 2.5 per miss) up to half full. */
const MAX_LOAD = 0.5;
export class SubjectIndex {
    /** Slot index plus one, so that a fresh array's zeros mean "empty". Length: a power of two. */
    #entries = new Uint32Array(INITIAL_CAPACITY);
    #count = 0;
    #hashOf;
    /** @param hashOf the hash of the subject that a slot holds, as the caller passes it to the other methods. */
    constructor(hashOf) {
        this.#hashOf = hashOf;
    }
    get size() {
        return this.#count;
    }
    /** The slot stored for a subject with this hash that `matches` accepts, or -1. */
    find(hash, matches) {
        const mask = this.#entries.length - 1;
        for (let at = hash & mask;; at = (at + 1) & mask) {
            const entry = this.#entries[at];
            if (entry === 0)
                return -1;
            if (matches(entry - 1))
                return entry - 1;
        }
    }
    /** Adds a slot for a subject that has none yet. */
    insert(hash, slot) {
        if (this.#count + 1 > this.#entries.length * MAX_LOAD)
            this.#rehash(this.#entries.length * 2);
        const entries = this.#entries;
        const mask = entries.length - 1;
        let at = hash & mask;
        while (entries[at] !== 0)
            at = (at + 1) & mask;
        entries[at] = slot + 1;
        this.#count++;
    }
    /** Puts `next` where `slot` was (its subject's new first slot). */
    replace(hash, slot, next) {
        this.#entries[this.#placeOf(hash, slot)] = next + 1;
    }
    remove(hash, slot) {
        const entries = this.#entries;
        const mask = entries.length - 1;
        let hole = this.#placeOf(hash, slot);
        // Backward shift: pull later entries of the probe run into the hole unless their home
        // bucket lies cyclically after the hole (moving them would put them before their home).
        for (let at = (hole + 1) & mask; entries[at] !== 0; at = (at + 1) & mask) {
            const home = this.#hashOf(entries[at] - 1) & mask;
            const stays = hole <= at ? hole < home && home <= at : hole < home || home <= at;
            if (stays)
                continue;
            entries[hole] = entries[at];
            hole = at;
        }
        entries[hole] = 0;
        this.#count--;
    }
    #placeOf(hash, slot) {
        const entries = this.#entries;
        const mask = entries.length - 1;
        for (let at = hash & mask;; at = (at + 1) & mask) {
            if (entries[at] === slot + 1)
                return at;
            if (entries[at] === 0)
                throw new Error('subject index: slot not found (the index and its slots disagree)');
        }
    }
    #rehash(capacity) {
        const old = this.#entries;
        const entries = new Uint32Array(capacity);
        const mask = capacity - 1;
        for (const entry of old) {
            if (entry === 0)
                continue;
            let at = this.#hashOf(entry - 1) & mask;
            while (entries[at] !== 0)
                at = (at + 1) & mask;
            entries[at] = entry;
        }
        this.#entries = entries;
    }
}

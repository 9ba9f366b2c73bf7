import { bytesToHex, hexToBytes } from "./hex.js";
import { counterShardNames } from "./slot-counters.js";
/** A Durable Object id is 32 bytes (64 hex digits); the token carries it as the slot handle. */
const OBJECT_ID_BYTES = 32;
const USED = { ok: false, reason: 'used' };
const CAPACITY = { ok: false, reason: 'capacity' };
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
export class DurableObjectSlotStore {
    #slots;
    #subjects;
    #counters;
    #logger;
    constructor(options) {
        this.#slots = options.slots;
        this.#subjects = options.subjects;
        this.#counters = options.counters;
        this.#logger = options.logger;
    }
    async open(request) {
        const id = this.#slots.newUniqueId();
        const { purpose, subject, data, expiresAt, codeHash } = request;
        try {
            await this.#slots.get(id).open({ purpose, subject, data, expiresAt }, codeHash);
        }
        catch (error) {
            this.#failed('open', error);
            return CAPACITY;
        }
        return { ok: true, handle: hexToBytes(id.toString()) };
    }
    peek(handle, codeHash) {
        return this.#ask('peek', handle, codeHash);
    }
    consume(handle, codeHash) {
        return this.#ask('consume', handle, codeHash);
    }
    revoke(handle, codeHash) {
        return this.#ask('revoke', handle, codeHash);
    }
    async #ask(operation, handle, codeHash) {
        const id = this.#objectId(handle);
        // The tag proved we minted this handle, so an id that does not parse is a slot that cannot exist.
        if (!id)
            return USED;
        let slot;
        try {
            slot = (await this.#slots.get(id)[operation](codeHash));
        }
        catch (error) {
            this.#failed(operation, error);
            return CAPACITY;
        }
        return slot ? { ok: true, slot } : USED;
    }
    /** The namespace's id for a handle, or undefined: `idFromString` throws on ids it did not make. */
    #objectId(handle) {
        if (handle.length !== OBJECT_ID_BYTES)
            return undefined;
        try {
            return this.#slots.idFromString(bytesToHex(handle));
        }
        catch {
            return undefined;
        }
    }
    revokeSubject(subject, purpose) {
        return this.#subjects.getByName(subject).revokeAll(purpose);
    }
    /** Open and expired slots: sums of the counter shards (see SlotCounters). Nothing queues at the edge. */
    async stats() {
        const shards = await Promise.all(counterShardNames().map((name) => this.#counters.getByName(name).read()));
        const sum = (field) => shards.reduce((total, shard) => total + shard[field], 0);
        return { open: Math.max(0, sum('open')), expired: Math.max(0, sum('expired')), queued: 0 };
    }
    async close() { }
    #failed(operation, error) {
        this.#logger.error({ event: 'slot_object_failed', operation, error: error instanceof Error ? error.message : String(error) });
    }
}

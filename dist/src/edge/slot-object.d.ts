import { DurableObject } from 'cloudflare:workers';
import type { SlotContent } from '../core/slot-store.ts';
import type { SlotBindings } from './bindings.ts';
/**
 * One open link, as a Durable Object: the edge's slot. Its public methods are its RPC API, called by
 * DurableObjectSlotStore (and `drop` by SubjectSlots).
 *
 * Why one object per link rather than a table in one object: the object lives where the link was
 * minted, holds nothing once the link is gone, and its input gate serializes every request about
 * this one link, which is exactly the single-use guarantee; no lock and no shared database is in
 * the path. Its alarm at the expiry deletes it, so there is no sweeper.
 *
 * Reads and the delete use the synchronous SQLite-backed KV API, so "check, then delete" has no
 * await between the two and cannot interleave with another call even in principle.
 */
export declare class SlotObject extends DurableObject<SlotBindings> {
    #private;
    /** Stores a new link and arms its expiry; registers it with its subject's index. */
    open(content: SlotContent, codeHash: Uint8Array): Promise<void>;
    /** The link's fields if it is open and `codeHash` is its code's; consumes nothing. */
    peek(codeHash: Uint8Array): Promise<SlotContent | null>;
    /** Uses the link up: the one call, ever, that gets the fields back; every later one gets null. */
    consume(codeHash: Uint8Array): Promise<SlotContent | null>;
    /** Cancels the link: same answers as `consume`. */
    revoke(codeHash: Uint8Array): Promise<SlotContent | null>;
    /** Cancels the link without its code: only its subject's index calls this. True if it was open. */
    drop(): Promise<boolean>;
    /** The expiry: everything this object stored goes, and its subject's index forgets it. */
    alarm(): Promise<void>;
}

import { DurableObject } from 'cloudflare:workers';
import type { SlotBindings } from './bindings.ts';
/**
 * The index that revoke-by-subject needs at the edge: one Durable Object per subject
 * (`idFromName(subject)`), listing the slot objects of its open links. Slots add themselves when
 * opened and remove themselves when consumed, revoked or expired; an alarm at the latest expiry
 * deletes whatever is left, so an index never outlives its links.
 *
 * Entries are only a hint about where to look: a count of revoked links comes from the slots
 * themselves, so a stale entry can never inflate it.
 */
export declare class SubjectSlots extends DurableObject<SlotBindings> {
    #private;
    add(slotId: string, purpose: string, expiresAt: number): Promise<void>;
    forget(slotId: string): Promise<void>;
    /** Cancels every open link of the subject (of one purpose, if given); returns how many were open. */
    revokeAll(purpose?: string): Promise<number>;
    /** At the latest expiry every entry is stale: the whole index goes. Earlier, only stale entries. */
    alarm(): Promise<void>;
}

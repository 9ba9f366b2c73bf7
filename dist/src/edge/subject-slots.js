import { DurableObject } from 'cloudflare:workers';
/**
 * The index that revoke-by-subject needs at the edge: one Durable Object per subject
 * (`idFromName(subject)`), listing the slot objects of its open links. Slots add themselves when
 * opened and remove themselves when consumed, revoked or expired; an alarm at the latest expiry
 * deletes whatever is left, so an index never outlives its links.
 *
 * Entries are only a hint about where to look: a count of revoked links comes from the slots
 * themselves, so a stale entry can never inflate it.
 */
export class SubjectSlots extends DurableObject {
    async add(slotId, purpose, expiresAt) {
        this.ctx.storage.kv.put(slotId, { purpose, expiresAt });
        const alarm = await this.ctx.storage.getAlarm();
        if (alarm === null || alarm < expiresAt * 1000)
            await this.ctx.storage.setAlarm(expiresAt * 1000);
    }
    async forget(slotId) {
        this.ctx.storage.kv.delete(slotId);
        await this.#deleteIfEmpty();
    }
    /** Cancels every open link of the subject (of one purpose, if given); returns how many were open. */
    async revokeAll(purpose) {
        const now = Date.now();
        const targets = [];
        for (const [slotId, entry] of [...this.ctx.storage.kv.list()]) {
            if (entry.expiresAt * 1000 <= now)
                this.ctx.storage.kv.delete(slotId);
            else if (purpose === undefined || entry.purpose === purpose) {
                // Forgotten before the slots are asked, so their own `forget` calls find nothing to do.
                this.ctx.storage.kv.delete(slotId);
                targets.push([slotId, entry]);
            }
        }
        const slots = this.env.SLOTS;
        const settled = await Promise.allSettled(targets.map(([slotId]) => slots.get(slots.idFromString(slotId)).drop()));
        const failed = targets.filter((_, i) => settled[i].status === 'rejected');
        if (failed.length > 0) {
            // Keep what could not be cancelled, so that asking again finds it, and say so.
            for (const [slotId, entry] of failed)
                this.ctx.storage.kv.put(slotId, entry);
            throw new Error(`${failed.length} of ${targets.length} slots could not be revoked`);
        }
        await this.#deleteIfEmpty();
        return settled.filter((s) => s.status === 'fulfilled' && s.value).length;
    }
    /** At the latest expiry every entry is stale: the whole index goes. Earlier, only stale entries. */
    async alarm() {
        const now = Date.now();
        let latest = 0;
        for (const [slotId, entry] of [...this.ctx.storage.kv.list()]) {
            if (entry.expiresAt * 1000 <= now)
                this.ctx.storage.kv.delete(slotId);
            else
                latest = Math.max(latest, entry.expiresAt);
        }
        if (latest > 0)
            await this.ctx.storage.setAlarm(latest * 1000);
        else
            await this.ctx.storage.deleteAll();
    }
    async #deleteIfEmpty() {
        for (const _ of this.ctx.storage.kv.list({ limit: 1 }))
            return;
        await this.ctx.storage.deleteAll();
    }
}

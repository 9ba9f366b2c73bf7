import { DurableObject } from 'cloudflare:workers'
import type { ClosedLink, ListedSlot, RevokedLinks } from '../core/slot-store.ts'
import { slotBindings, type SlotBindings, type SlotEnv } from './bindings.ts'

/** One entry per open link of the subject, keyed by the slot object's id. */
export interface IndexEntry {
  readonly purpose: string
  /** Unix seconds. */
  readonly expiresAt: number
  /** Milliseconds since the epoch; absent in entries from before v2 (listed as created at 0). */
  readonly createdAtMs?: number
  /** The link's public id (link-id.ts); absent in entries from before v2, which listing skips. */
  readonly linkId?: string
}

/**
 * What the subject-wide operations need at the edge: one Durable Object per subject
 * (`idFromName(subject)`), listing the slot objects of its open links. Slots add themselves when
 * opened and remove themselves when consumed, redeemed, revoked or expired; an alarm at the latest
 * expiry deletes whatever is left, so an index never outlives its links.
 *
 * Listing, revoke-by-id and revoke-all are each one call to this object, which alone knows the
 * subject's slots. Entries are only a hint about where to look: a count of revoked links comes
 * from the slots themselves, so a stale entry can never inflate it.
 */
export class SubjectSlots extends DurableObject<SlotEnv> {
  /** The other objects, under whatever names this Worker bound them (see slotBindings). */
  get #bindings(): SlotBindings {
    return slotBindings(this.env)
  }

  async add(slotId: string, entry: IndexEntry): Promise<void> {
    this.ctx.storage.kv.put<IndexEntry>(slotId, entry)
    const alarm = await this.ctx.storage.getAlarm()
    if (alarm === null || alarm < entry.expiresAt * 1000) await this.ctx.storage.setAlarm(entry.expiresAt * 1000)
  }

  async forget(slotId: string): Promise<void> {
    this.ctx.storage.kv.delete(slotId)
    await this.#deleteIfEmpty()
  }

  /** The subject's open links (of one purpose, if given), newest first. */
  async list(purpose?: string): Promise<ListedSlot[]> {
    const now = Date.now()
    const listed: ListedSlot[] = []
    for (const [, entry] of this.ctx.storage.kv.list<IndexEntry>()) {
      if (entry.expiresAt * 1000 <= now || entry.linkId === undefined) continue
      if (purpose !== undefined && entry.purpose !== purpose) continue
      listed.push({ id: entry.linkId, purpose: entry.purpose, createdAtMs: entry.createdAtMs ?? 0, expiresAt: entry.expiresAt })
    }
    return listed.sort((a, b) => b.createdAtMs - a.createdAtMs)
  }

  /** Cancels the open link with this public id; undefined if the subject has none such. */
  async revokeById(linkId: string): Promise<ClosedLink | undefined> {
    const now = Date.now()
    for (const [slotId, entry] of [...this.ctx.storage.kv.list<IndexEntry>()]) {
      if (entry.linkId !== linkId || entry.expiresAt * 1000 <= now) continue
      const open = await this.#slot(slotId).drop('revoked')
      this.ctx.storage.kv.delete(slotId)
      await this.#deleteIfEmpty()
      return open ? { id: linkId, purpose: entry.purpose } : undefined
    }
    return undefined
  }

  /**
   * Cancels every open link of the subject (of one purpose, if given), except the slot `exceptSlotId`;
   * says how many were open, and their ids and purposes. Their tombstones say `reason`.
   */
  async revokeAll(purpose?: string, reason: 'revoked' | 'superseded' = 'revoked', exceptSlotId?: string): Promise<RevokedLinks> {
    const now = Date.now()
    const targets: [string, IndexEntry][] = []
    for (const [slotId, entry] of [...this.ctx.storage.kv.list<IndexEntry>()]) {
      if (entry.expiresAt * 1000 <= now) this.ctx.storage.kv.delete(slotId)
      else if (slotId !== exceptSlotId && (purpose === undefined || entry.purpose === purpose)) {
        // Forgotten before the slots are asked, so their own `forget` calls find nothing to do.
        this.ctx.storage.kv.delete(slotId)
        targets.push([slotId, entry])
      }
    }
    const settled = await Promise.allSettled(targets.map(([slotId]) => this.#slot(slotId).drop(reason)))
    const failed = targets.filter((_, i) => settled[i]!.status === 'rejected')
    if (failed.length > 0) {
      // Keep what could not be cancelled, so that asking again finds it, and say so.
      for (const [slotId, entry] of failed) this.ctx.storage.kv.put(slotId, entry)
      throw new Error(`${failed.length} of ${targets.length} slots could not be revoked`)
    }
    await this.#deleteIfEmpty()
    const wasOpen = (i: number) => settled[i]!.status === 'fulfilled' && (settled[i] as PromiseFulfilledResult<boolean>).value
    const closed = targets.filter((_, i) => wasOpen(i))
    return { count: closed.length, links: closed.flatMap(([, { linkId, purpose }]) => (linkId === undefined ? [] : [{ id: linkId, purpose }])) }
  }

  /** At the latest expiry every entry is stale: the whole index goes. Earlier, only stale entries. */
  override async alarm(): Promise<void> {
    const now = Date.now()
    let latest = 0
    for (const [slotId, entry] of [...this.ctx.storage.kv.list<IndexEntry>()]) {
      if (entry.expiresAt * 1000 <= now) this.ctx.storage.kv.delete(slotId)
      else latest = Math.max(latest, entry.expiresAt)
    }
    if (latest > 0) await this.ctx.storage.setAlarm(latest * 1000)
    else await this.ctx.storage.deleteAll()
  }

  #slot(slotId: string) {
    return this.#bindings.SLOTS.get(this.#bindings.SLOTS.idFromString(slotId))
  }

  async #deleteIfEmpty(): Promise<void> {
    for (const _ of this.ctx.storage.kv.list({ limit: 1 })) return
    await this.ctx.storage.deleteAll()
  }
}

import { DurableObject } from 'cloudflare:workers'
import { constantTimeEqual } from '../core/constant-time.ts'
import type { SlotContent } from '../core/slot-store.ts'
import { consoleLogger } from './console-logger.ts'
import type { SlotBindings } from './bindings.ts'
import { emitForSlotObject } from './durable-object-event-sink.ts'
import { counterShardFor } from './slot-counters.ts'

/** What one slot object keeps, under one key: the link's fields and a hash of its code, never the code. */
interface StoredSlot extends SlotContent {
  readonly codeHash: Uint8Array
}

const SLOT_KEY = 'slot'

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
export class SlotObject extends DurableObject<SlotBindings> {
  /** Stores a new link and arms its expiry; registers it with its subject's index. */
  async open(content: SlotContent, codeHash: Uint8Array): Promise<void> {
    const kv = this.ctx.storage.kv
    // Ids come from newUniqueId(), so an object is opened once; refuse rather than overwrite if not.
    if (kv.get(SLOT_KEY) !== undefined) throw new Error('slot object opened twice')
    kv.put<StoredSlot>(SLOT_KEY, { ...content, codeHash })
    await this.ctx.storage.setAlarm(content.expiresAt * 1000)
    try {
      await this.#index(content.subject).add(this.ctx.id.toString(), content.purpose, content.expiresAt)
    } catch (error) {
      // A link its subject's index does not know of would survive "revoke all": do not hand it out.
      await this.ctx.storage.deleteAll()
      throw error
    }
    this.ctx.waitUntil(this.#count(+1))
  }

  /** The link's fields if it is open and `codeHash` is its code's; consumes nothing. */
  async peek(codeHash: Uint8Array): Promise<SlotContent | null> {
    const slot = this.#find(codeHash)
    return slot ? contentOf(slot) : null
  }

  /** Uses the link up: the one call, ever, that gets the fields back; every later one gets null. */
  async consume(codeHash: Uint8Array): Promise<SlotContent | null> {
    return this.#close(codeHash)
  }

  /** Cancels the link: same answers as `consume`. */
  async revoke(codeHash: Uint8Array): Promise<SlotContent | null> {
    return this.#close(codeHash)
  }

  /** Cancels the link without its code: only its subject's index calls this. True if it was open. */
  async drop(): Promise<boolean> {
    const slot = this.ctx.storage.kv.get<StoredSlot>(SLOT_KEY)
    const open = this.ctx.storage.kv.delete(SLOT_KEY)
    await this.ctx.storage.deleteAll()
    if (open) this.ctx.waitUntil(this.#count(-1))
    if (slot) await emitForSlotObject(this.env, this.ctx.id, 'link.revoked', slot, consoleLogger)
    return open
  }

  /** The expiry: everything this object stored goes, and its subject's index forgets it. */
  override async alarm(): Promise<void> {
    const slot = this.ctx.storage.kv.get<StoredSlot>(SLOT_KEY)
    await this.ctx.storage.deleteAll()
    if (slot) await Promise.all([this.#forget(slot.subject), this.#count(-1, 1), emitForSlotObject(this.env, this.ctx.id, 'link.expired', slot, consoleLogger)])
  }

  #find(codeHash: Uint8Array): StoredSlot | undefined {
    const slot = this.ctx.storage.kv.get<StoredSlot>(SLOT_KEY)
    if (!slot || slot.expiresAt * 1000 <= Date.now()) return undefined
    // The token's HMAC already proved we minted it; the hash check still makes a leaked signing
    // key alone insufficient to use someone's link.
    return constantTimeEqual(slot.codeHash, codeHash) ? slot : undefined
  }

  async #close(codeHash: Uint8Array): Promise<SlotContent | null> {
    const slot = this.#find(codeHash)
    if (!slot) return null
    // Synchronous, and before any await: a concurrent call that runs after this line finds nothing.
    this.ctx.storage.kv.delete(SLOT_KEY)
    // deleteAll (with compatibility_date ≥ 2026-02-24) also cancels the alarm, leaving no storage at all.
    // The answer waits for it (the output gate), so "ok" is only said once the slot is durably gone.
    await this.ctx.storage.deleteAll()
    // Bookkeeping, off the request path: neither changes whether the link can be used again.
    this.ctx.waitUntil(Promise.all([this.#forget(slot.subject), this.#count(-1)]))
    return contentOf(slot)
  }

  /** Best effort: the link is already gone, and an index entry for a gone link counts for nothing. */
  async #forget(subject: string): Promise<void> {
    try {
      await this.#index(subject).forget(this.ctx.id.toString())
    } catch (error) {
      consoleLogger.warn({ event: 'subject_index_forget_failed', error: errorText(error) })
    }
  }

  async #count(open: number, expired = 0): Promise<void> {
    try {
      await this.env.SLOT_COUNTERS.getByName(counterShardFor(this.ctx.id)).add(open, expired)
    } catch (error) {
      consoleLogger.warn({ event: 'slot_counters_failed', error: errorText(error) })
    }
  }

  #index(subject: string) {
    return this.env.SUBJECT_SLOTS.getByName(subject)
  }
}

function contentOf(slot: StoredSlot): SlotContent {
  return { purpose: slot.purpose, subject: slot.subject, data: slot.data, expiresAt: slot.expiresAt }
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error))

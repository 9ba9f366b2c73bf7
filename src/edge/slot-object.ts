import { DurableObject } from 'cloudflare:workers'
import { constantTimeEqual } from '../core/constant-time.ts'
import { MAX_CODE_ATTEMPTS } from '../core/limits.ts'
import type { CloseReason, SlotContent, SlotResult } from '../core/slot-store.ts'
import { consoleLogger } from './console-logger.ts'
import { slotBindings, type SlotBindings, type SlotEnv } from './bindings.ts'
import { emitForSlotObject } from './durable-object-event-sink.ts'
import { counterShardFor } from './slot-counters.ts'

/** What a slot object keeps of an open link: its fields and hashes of its codes, never a code. */
interface StoredSlot extends SlotContent {
  readonly codeHash: Uint8Array
  /** Keyed hash of the typed code (typed-code.ts), or null for a link without one. */
  readonly typedCodeHash: Uint8Array | null
  readonly attempts: number
}

/**
 * What is left once the link is closed, until its signed expiry: why and when. A use that carried
 * an Idempotency-Key also keeps the key's hash and the fields it answered with, so the same
 * caller can get the same answer again; no other tombstone holds subject or data.
 */
interface StoredTombstone {
  readonly reason: CloseReason
  /** Unix seconds. */
  readonly at: number
  readonly replay: { readonly keyHash: Uint8Array; readonly content: SlotContent } | null
}

/** What `open` needs besides the fields: the hash of the typed code, when the link was made, its public id. */
export interface SlotOpenExtras {
  readonly typedCodeHash: Uint8Array | null
  readonly createdAtMs: number
  readonly linkId: string
}

const SLOT_KEY = 'slot'
const TOMBSTONE_KEY = 'tombstone'
const UNKNOWN: SlotResult = { ok: false, reason: 'used', used: { reason: 'unknown' } }
const INVALID: SlotResult = { ok: false, reason: 'invalid' }

/**
 * One link, as a Durable Object: the edge's slot. Its public methods are its RPC API, called by
 * DurableObjectSlotStore (and `drop` by SubjectSlots).
 *
 * Why one object per link rather than a table in one object: the object lives where the link was
 * minted, holds nothing once the link has expired, and its input gate serializes every request
 * about this one link, which is exactly the single-use guarantee (for consume and redeem alike,
 * and for the count of wrong codes); no lock and no shared database is in the path. Its alarm at
 * the expiry deletes it, tombstone and all, so there is no sweeper.
 *
 * Reads and writes use the synchronous SQLite-backed KV API, so "check, then close" has no await
 * between the two and cannot interleave with another call even in principle.
 */
export class SlotObject extends DurableObject<SlotEnv> {
  /** The other objects, under whatever names this Worker bound them (see slotBindings). */
  get #bindings(): SlotBindings {
    return slotBindings(this.env)
  }

  /** Stores a new link and arms its expiry; registers it with its subject's index. */
  async open(content: SlotContent, codeHash: Uint8Array, extras: SlotOpenExtras): Promise<void> {
    const kv = this.ctx.storage.kv
    // Ids come from newUniqueId(), so an object is opened once; refuse rather than overwrite if not.
    if (kv.get(SLOT_KEY) !== undefined || kv.get(TOMBSTONE_KEY) !== undefined) throw new Error('slot object opened twice')
    kv.put<StoredSlot>(SLOT_KEY, { ...content, codeHash, typedCodeHash: extras.typedCodeHash, attempts: 0 })
    await this.ctx.storage.setAlarm(content.expiresAt * 1000)
    try {
      await this.#index(content.subject).add(this.ctx.id.toString(), {
        purpose: content.purpose,
        expiresAt: content.expiresAt,
        createdAtMs: extras.createdAtMs,
        linkId: extras.linkId,
      })
    } catch (error) {
      // A link its subject's index does not know of would survive "revoke all": do not hand it out.
      await this.ctx.storage.deleteAll()
      throw error
    }
    this.ctx.waitUntil(this.#count(+1))
  }

  /** The link's fields if it is open and `codeHash` is its code's; consumes nothing. */
  async peek(codeHash: Uint8Array, purpose: string): Promise<SlotResult> {
    const slot = this.#find(codeHash)
    if (!slot) return this.#gone()
    return slot.purpose === purpose ? { ok: true, slot: contentOf(slot) } : INVALID
  }

  /** Uses the link up by its token: of consumes and redeems, the one call, ever, that gets `ok`. */
  async consume(codeHash: Uint8Array, purpose: string, keyHash: Uint8Array | null): Promise<SlotResult> {
    const slot = this.#find(codeHash)
    if (!slot) return this.#gone(keyHash, purpose)
    return this.#use(slot, purpose, 'consumed', keyHash)
  }

  /** Uses the link up by its typed code; a wrong code counts, and the last one allowed locks the link. */
  async redeem(typedCodeHash: Uint8Array, purpose: string, keyHash: Uint8Array | null): Promise<SlotResult> {
    const slot = this.#open()
    if (!slot) return this.#gone(keyHash, purpose)
    // Before the code is tried: a ticket of another purpose must not spend an attempt.
    if (slot.purpose !== purpose) return INVALID
    if (!slot.typedCodeHash) return UNKNOWN
    if (constantTimeEqual(slot.typedCodeHash, typedCodeHash)) return this.#use(slot, purpose, 'redeemed', keyHash)
    const attempts = slot.attempts + 1
    if (attempts >= MAX_CODE_ATTEMPTS) {
      const at = this.#close(slot, 'locked', null)
      return { ok: false, reason: 'used', used: { reason: 'locked', at }, closedNow: true, subject: slot.subject }
    }
    // Synchronous, before any await: the next call in the input gate sees this count.
    this.ctx.storage.kv.put<StoredSlot>(SLOT_KEY, { ...slot, attempts })
    return { ok: false, reason: 'wrong_code', attemptsLeft: MAX_CODE_ATTEMPTS - attempts, subject: slot.subject }
  }

  /** Cancels the link: same answers as `consume`. */
  async revoke(codeHash: Uint8Array): Promise<SlotResult> {
    const slot = this.#find(codeHash)
    if (!slot) return this.#gone()
    this.#close(slot, 'revoked', null)
    return { ok: true, slot: contentOf(slot) }
  }

  /** Cancels the link without its code: only its subject's index calls this. True if it was open. */
  async drop(reason: 'revoked' | 'superseded' = 'revoked'): Promise<boolean> {
    const slot = this.#open()
    if (!slot) return false
    this.#close(slot, reason, null, false)
    return true
  }

  /** The expiry: everything this object stored goes, and its subject's index forgets an open link. */
  override async alarm(): Promise<void> {
    const kv = this.ctx.storage.kv
    const slot = kv.get<StoredSlot>(SLOT_KEY)
    const tombstone = kv.get<StoredTombstone>(TOMBSTONE_KEY)
    await this.ctx.storage.deleteAll()
    if (slot) await Promise.all([this.#forget(slot.subject), this.#count(-1, 1), emitForSlotObject(this.#bindings, this.ctx.id, 'link.expired', slot, consoleLogger)])
    if (tombstone) await this.#count(0, 0, -1)
  }

  #open(): StoredSlot | undefined {
    const slot = this.ctx.storage.kv.get<StoredSlot>(SLOT_KEY)
    return slot && slot.expiresAt * 1000 > Date.now() ? slot : undefined
  }

  #find(codeHash: Uint8Array): StoredSlot | undefined {
    const slot = this.#open()
    // The token's HMAC already proved we minted it; the hash check still makes a leaked signing
    // key alone insufficient to use someone's link.
    return slot && constantTimeEqual(slot.codeHash, codeHash) ? slot : undefined
  }

  #use(slot: StoredSlot, purpose: string, reason: 'consumed' | 'redeemed', keyHash: Uint8Array | null): SlotResult {
    // The token's purpose is signed; a slot holding another is refused (defence in depth), and stays open.
    if (slot.purpose !== purpose) return INVALID
    this.#close(slot, reason, keyHash)
    return { ok: true, slot: contentOf(slot) }
  }

  /**
   * Replaces the slot by its tombstone, synchronously and before any await: a concurrent call that
   * runs after this finds only the tombstone. The alarm stays set for the expiry, which deletes the
   * tombstone too. Returns the time of closing.
   */
  #close(slot: StoredSlot, reason: CloseReason, keyHash: Uint8Array | null, forget = true): number {
    const at = Math.floor(Date.now() / 1000)
    const kv = this.ctx.storage.kv
    kv.delete(SLOT_KEY)
    kv.put<StoredTombstone>(TOMBSTONE_KEY, { reason, at, replay: keyHash ? { keyHash, content: contentOf(slot) } : null })
    // Bookkeeping, off the request path: neither changes whether the link can be used again.
    this.ctx.waitUntil(Promise.all([forget ? this.#forget(slot.subject) : undefined, this.#count(-1, 0, 1)]))
    return at
  }

  /** The answer for a link with no open slot here: its tombstone's, a replay, or `unknown`. */
  #gone(keyHash?: Uint8Array | null, purpose?: string): SlotResult {
    const tombstone = this.ctx.storage.kv.get<StoredTombstone>(TOMBSTONE_KEY)
    if (!tombstone) return UNKNOWN
    const { replay } = tombstone
    if (keyHash && replay && constantTimeEqual(replay.keyHash, keyHash) && replay.content.purpose === purpose) return { ok: true, slot: replay.content, replayed: true }
    return { ok: false, reason: 'used', used: { reason: tombstone.reason, at: tombstone.at } }
  }

  /** Best effort: the link is already closed, and an index entry for a closed link counts for nothing. */
  async #forget(subject: string): Promise<void> {
    try {
      await this.#index(subject).forget(this.ctx.id.toString())
    } catch (error) {
      consoleLogger.warn({ event: 'subject_index_forget_failed', error: errorText(error) })
    }
  }

  async #count(open: number, expired = 0, tombstones = 0): Promise<void> {
    try {
      await this.#bindings.SLOT_COUNTERS.getByName(counterShardFor(this.ctx.id)).add(open, expired, tombstones)
    } catch (error) {
      consoleLogger.warn({ event: 'slot_counters_failed', error: errorText(error) })
    }
  }

  #index(subject: string) {
    return this.#bindings.SUBJECT_SLOTS.getByName(subject)
  }
}

function contentOf(slot: SlotContent): SlotContent {
  return { purpose: slot.purpose, subject: slot.subject, data: slot.data, expiresAt: slot.expiresAt }
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error))

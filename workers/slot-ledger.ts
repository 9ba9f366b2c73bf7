/**
 * One table's slots and what is left of the closed ones: the rules of a slot's life on Node, on
 * top of the data structures (slot-table.ts, tombstone-table.ts). A link is used once, by its
 * token (consume) or by its typed code (redeem), whichever comes first; the slot then leaves a
 * tombstone saying why until the link's signed expiry. One thread owns a ledger, so every rule
 * here is atomic by construction: no call interleaves with another.
 *
 * Idempotent replays: a use that carried an Idempotency-Key keeps, beside its tombstone, the key's
 * hash and the fields it answered with, so that a repeat with the same key gets the same 200. That
 * is the one case a closed slot keeps its subject and data, because the caller asked for the
 * answer to be repeatable; they go at the link's expiry with the tombstone.
 */
import type { OnExpired } from './expiring-table.ts'
import type { ListedSlot, UsedReason } from '../src/core/slot-store.ts'
import type { SlotOutcome } from '../src/node/slot-protocol.ts'
import { SlotTable, type SlotAddress, type SlotExtras, type SlotFields } from './slot-table.ts'
import { TombstoneTable, type Tombstone, type TombstoneReason } from './tombstone-table.ts'

export interface Replay {
  keyHash: Uint8Array
  fields: SlotFields
}

const INVALID: SlotOutcome = { kind: 'invalid' }
const UNKNOWN: SlotOutcome = { kind: 'used', reason: 'unknown', at: null, closedNow: false }
const replayKey = (index: number, generation: number) => index * 2 ** 32 + generation

export class SlotLedger {
  readonly slots: SlotTable
  readonly tombstones: TombstoneTable
  /** By replayKey(address); only uses that carried an Idempotency-Key. */
  readonly replays = new Map<number, Replay>()
  /** Tombstones dropped at their expiry, for whoever wants to count them. */
  droppedTombstones = 0

  constructor(slots: SlotTable) {
    this.slots = slots
    this.tombstones = new TombstoneTable(slots.maxSlots)
  }

  open(fields: SlotFields, codeHash: Uint8Array, extras: SlotExtras): SlotAddress | undefined {
    return this.slots.open(fields, codeHash, extras)
  }

  peek(address: SlotAddress, codeHash: Uint8Array, purpose: string, nowSeconds: number): SlotOutcome {
    const index = this.slots.locate(address, nowSeconds)
    if (index < 0 || !this.slots.codeHashMatches(index, codeHash)) return this.#gone(address, nowSeconds)
    const fields = this.slots.fieldsAt(index)
    return fields.purpose === purpose ? { kind: 'ok', slot: fields, replayed: false } : INVALID
  }

  consume(address: SlotAddress, codeHash: Uint8Array, purpose: string, keyHash: Uint8Array | null, nowSeconds: number): SlotOutcome {
    const index = this.slots.locate(address, nowSeconds)
    if (index < 0 || !this.slots.codeHashMatches(index, codeHash)) return this.#gone(address, nowSeconds, keyHash, purpose)
    return this.#use(index, address, purpose, 'consumed', keyHash, nowSeconds)
  }

  redeem(address: SlotAddress, typedCodeHash: Uint8Array, purpose: string, keyHash: Uint8Array | null, nowSeconds: number): SlotOutcome {
    const index = this.slots.locate(address, nowSeconds)
    if (index < 0) return this.#gone(address, nowSeconds, keyHash, purpose)
    // Before the code is tried: a ticket of another purpose must not spend an attempt.
    if (this.slots.purposeAt(index) !== purpose) return INVALID
    const check = this.slots.tryTypedCode(index, typedCodeHash)
    switch (check.kind) {
      case 'right':
        return this.#use(index, address, purpose, 'redeemed', keyHash, nowSeconds)
      case 'wrong':
        return { kind: 'wrong_code', attemptsLeft: check.attemptsLeft, subject: this.slots.fieldsAt(index).subject }
      case 'locked': {
        const { subject } = this.slots.fieldsAt(index)
        this.#close(index, address, 'locked', nowSeconds)
        return { kind: 'used', reason: 'locked', at: nowSeconds, closedNow: true, subject }
      }
      case 'none':
        // A ticket for a link minted without a code: only a signer that broke the rules makes one.
        return UNKNOWN
    }
  }

  revoke(address: SlotAddress, codeHash: Uint8Array, nowSeconds: number): SlotOutcome {
    const index = this.slots.locate(address, nowSeconds)
    if (index < 0 || !this.slots.codeHashMatches(index, codeHash)) return this.#gone(address, nowSeconds)
    const fields = this.slots.fieldsAt(index)
    this.#close(index, address, 'revoked', nowSeconds)
    return { kind: 'ok', slot: fields, replayed: false }
  }

  /** Closes the subject's open slots (of one purpose, if given) but `except`; `onRevoked` hears of each, with its purpose. */
  revokeSubject(
    subject: string,
    purpose: string | undefined,
    reason: 'revoked' | 'superseded',
    except: SlotAddress | undefined,
    nowSeconds: number,
    onRevoked?: (address: SlotAddress, purpose: string) => void,
  ): number {
    return this.slots.revokeSubject(
      subject,
      purpose,
      (address, expiresAt) => {
        this.tombstones.add(address.index, address.generation, { reason, at: nowSeconds, expiresAt, replay: false })
        onRevoked?.(address, this.slots.purposeAt(address.index))
      },
      except,
    )
  }

  /** Revokes the subject's open slot whose id `idOf` gives as `id`; returns its purpose, or undefined if none. */
  revokeById(subject: string, id: string, idOf: (address: SlotAddress) => string, nowSeconds: number): string | undefined {
    for (const index of this.slots.subjectIndexes(subject)) {
      const address = { index, generation: this.slots.generationAt(index) }
      if (idOf(address) !== id || this.slots.locate(address, nowSeconds) < 0) continue
      const purpose = this.slots.purposeAt(index)
      this.#close(index, address, 'revoked', nowSeconds)
      return purpose
    }
    return undefined
  }

  list(subject: string, purpose: string | undefined, idOf: (address: SlotAddress) => string, nowSeconds: number): ListedSlot[] {
    const listed: ListedSlot[] = []
    for (const index of this.slots.subjectIndexes(subject)) {
      const address = { index, generation: this.slots.generationAt(index) }
      if (this.slots.locate(address, nowSeconds) < 0) continue
      const fields = this.slots.fieldsAt(index)
      if (purpose !== undefined && fields.purpose !== purpose) continue
      listed.push({ id: idOf(address), purpose: fields.purpose, createdAtMs: this.slots.createdAtMs(index), expiresAt: fields.expiresAt })
    }
    return listed
  }

  /** Frees expired slots and drops expired tombstones (and their replays); returns how many slots expired. */
  expire(nowSeconds: number, onExpired?: OnExpired): number {
    const expired = this.slots.expire(nowSeconds, onExpired)
    const due = this.tombstones.nextExpiry()
    if (due !== undefined && due <= nowSeconds) {
      this.droppedTombstones += this.tombstones.sweep(nowSeconds, (index, generation, tombstone) => {
        if (tombstone.replay) this.replays.delete(replayKey(index, generation))
      })
    }
    return expired
  }

  /** Unix seconds of the soonest slot or tombstone expiry. */
  nextExpiry(): number | undefined {
    const slot = this.slots.nextExpiry()
    const tombstone = this.tombstones.nextExpiry()
    if (slot === undefined) return tombstone
    return tombstone === undefined ? slot : Math.min(slot, tombstone)
  }

  /** Puts back a tombstone from a snapshot, with its replay if it had one. */
  restoreTombstone(address: SlotAddress, tombstone: Tombstone, replay: Replay | undefined): void {
    // A snapshot from a table with more slots than this one has: that tombstone cannot be kept.
    if (!Number.isInteger(address.index) || address.index < 0 || address.index >= this.slots.maxSlots) return
    this.tombstones.put(address.index, address.generation, { ...tombstone, replay: replay !== undefined })
    if (replay) this.replays.set(replayKey(address.index, address.generation), replay)
  }

  *tombstoneEntries(): Generator<{ address: SlotAddress; tombstone: Tombstone; replay: Replay | undefined }> {
    for (const { index, generation, tombstone } of this.tombstones.entries()) {
      yield { address: { index, generation }, tombstone, replay: tombstone.replay ? this.replays.get(replayKey(index, generation)) : undefined }
    }
  }

  #use(index: number, address: SlotAddress, purpose: string, reason: 'consumed' | 'redeemed', keyHash: Uint8Array | null, nowSeconds: number): SlotOutcome {
    const fields = this.slots.fieldsAt(index)
    // The token's purpose is signed; a slot holding another is refused (defence in depth), and stays open.
    if (fields.purpose !== purpose) return INVALID
    this.#close(index, address, reason, nowSeconds, keyHash ? { keyHash, fields } : undefined)
    return { kind: 'ok', slot: fields, replayed: false }
  }

  #close(index: number, address: SlotAddress, reason: TombstoneReason, nowSeconds: number, replay?: Replay): void {
    const expiresAt = this.slots.fieldsAt(index).expiresAt
    this.slots.release(index)
    this.tombstones.add(address.index, address.generation, { reason, at: nowSeconds, expiresAt, replay: replay !== undefined })
    if (replay) this.replays.set(replayKey(address.index, address.generation), replay)
  }

  /** The answer for an address with no open slot: its tombstone's, a replay, or `unknown`. */
  #gone(address: SlotAddress, nowSeconds: number, keyHash?: Uint8Array | null, purpose?: string): SlotOutcome {
    const tombstone = this.tombstones.get(address.index, address.generation)
    if (!tombstone || tombstone.expiresAt <= nowSeconds) return UNKNOWN
    if (keyHash && tombstone.replay) {
      const replay = this.replays.get(replayKey(address.index, address.generation))
      if (replay && sameBytes(replay.keyHash, keyHash) && replay.fields.purpose === purpose) return { kind: 'ok', slot: replay.fields, replayed: true }
    }
    return { kind: 'used', reason: tombstone.reason satisfies UsedReason, at: tombstone.at, closedNow: false }
  }
}

/** Constant-time, though a key hash is no secret: the habit costs nothing here. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!
  return diff === 0
}

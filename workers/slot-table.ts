/**
 * One worker's open slots, in flat typed arrays and one byte arena rather than an object or a
 * string per slot: an open link costs about 80 bytes of resident memory (`npm run bench` measures it), there is
 * nothing per slot for the garbage collector to trace, and expiry needs no timer per slot, only
 * one for the soonest expiry (see `SlotTimer` in slot-worker.ts).
 *
 * A slot is addressed by (index, generation). The generation is bumped every time an index is
 * freed, so a handle to a slot that was used and whose index was given to a new link finds nothing.
 *
 * Per slot: generation, expiry, purpose id, code hash, a typed code's keyed hash and its count of
 * wrong attempts, its age at expiry (whence its creation time); its subject and data strings packed in the
 * arena (packed-text.ts); its place in the expiry heap; and two links that chain the open slots
 * of one subject behind the one the subject index points at (subject-index.ts), or chain the
 * free indexes while the slot is free.
 */
import { Buffer } from 'node:buffer'
import { randomBytes } from 'node:crypto'
import { MAX_CODE_ATTEMPTS, TYPED_CODE_HASH_BYTES } from '../src/core/limits.ts'
import { ExpiryHeap } from './expiry-heap.ts'
import { hashText, NULL_TEXT, readText, sameText, textBytes, textHeader, writeText } from './packed-text.ts'
import { SubjectIndex } from './subject-index.ts'

export interface SlotFields {
  purpose: string
  subject: string
  /** JSON text, or null: kept as the caller sent it. */
  data: string | null
  /** Unix seconds. */
  expiresAt: number
}

/** What a slot holds besides its fields and code hash. */
export interface SlotExtras {
  /** Keyed hash of the link's typed code (TYPED_CODE_HASH_BYTES), or null for a link without one. */
  typedCodeHash: Uint8Array | null
  /** Wrong typed codes so far. */
  attempts: number
  /** Milliseconds since the epoch. */
  createdAtMs: number
}

/** What `tryTypedCode` found: the right code, a wrong one (counted), or the last wrong one allowed. */
export type TypedCodeCheck = { kind: 'right' } | { kind: 'wrong'; attemptsLeft: number } | { kind: 'locked' } | { kind: 'none' }

const NO_EXTRAS: SlotExtras = { typedCodeHash: null, attempts: 0, createdAtMs: 0 }
/** In #codeState: the slot has a typed code; the low bits count wrong attempts. */
const HAS_TYPED_CODE = 0x80

export interface SlotAddress {
  index: number
  generation: number
}

/**
 * Slots the per-slot arrays are sized for from the start (capped by maxSlots). Fresh typed
 * arrays are zero pages the kernel commits only when written, so the unused part costs address
 * space, not memory; growing by copying instead would leave each outgrown array behind in the
 * allocator, about a third more resident memory at a million slots.
 */
const RESERVED_SLOTS = 1 << 22
const INITIAL_ARENA_BYTES = 64 * 1024
/** A spare arena larger than this many times the next one's size is let go rather than kept (see #spareArena). */
const MAX_SPARE_RATIO = 4
const NONE = -1

interface Packed {
  subjectHeader: number
  dataHeader: number
  purposeId: number
}

export class SlotTable {
  readonly maxSlots: number
  readonly codeHashBytes: number
  #size = 0
  #capacity = 0
  /** Indexes never used yet start at #highWater; freed ones are chained from #freeHead. */
  #highWater = 0
  #freeHead = NONE
  #generation = new Uint32Array(0)
  #expiresAt = new Uint32Array(0)
  #purposeId = new Uint16Array(0)
  #codeHash = new Uint8Array(0)
  #typedCodeHash = new Uint8Array(0)
  #codeState = new Uint8Array(0)
  /**
   * Milliseconds from creation to expiry: a link lives at most a week (6.05e8 ms), which fits a
   * u32, where a creation time in milliseconds would take a Float64Array, twice the bytes.
   */
  #ageAtExpiryMs = new Uint32Array(0)
  /** Open slot: the neighbours in its subject's chain. Free slot: the neighbours in the free list. */
  #next = new Int32Array(0)
  #previous = new Int32Array(0)
  /** Where the slot's subject, then its data, sit in #arena, and their packed-text headers. */
  #textAt = new Uint32Array(0)
  #subjectHeader = new Uint16Array(0)
  #dataHeader = new Uint16Array(0)
  /** Written at #arenaUsed; freed records stay as garbage until the arena is reallocated (compacted). */
  #arena = Buffer.alloc(INITIAL_ARENA_BYTES)
  /**
   * The arena a compaction that did not grow it left behind, to compact into the next time. Links
   * used soon after they are issued fill the arena with freed records over and over; a fresh
   * buffer per compaction left the outgoing ones to the garbage collector, and until a full
   * collection they piled up in the allocator, which then kept them (measured: 8 MB of RSS over a
   * million links issued and consumed through the service, a third of what their tombstones took).
   */
  #spareArena: ReturnType<typeof Buffer.alloc> | undefined
  #arenaUsed = 0
  #arenaLive = 0
  readonly #heap = new ExpiryHeap()
  readonly #hashSeed = randomBytes(4).readUInt32LE(0)
  readonly #subjects = new SubjectIndex((slot) => this.#subjectHash(slot))
  /** The subject being looked up, packed in the arena: a new slot's own, or one past every record. */
  #probeAt = 0
  #probeHeader = 0
  readonly #matchesProbe = (slot: number) =>
    sameText(this.#arena, this.#textAt[slot]!, this.#subjectHeader[slot]!, this.#probeAt, this.#probeHeader)
  #purposes: string[] = []
  #purposeIds = new Map<string, number>()

  constructor(options: { maxSlots: number; codeHashBytes: number }) {
    this.maxSlots = options.maxSlots
    this.codeHashBytes = options.codeHashBytes
    this.#grow(Math.min(RESERVED_SLOTS, options.maxSlots))
  }

  get size(): number {
    return this.#size
  }

  /** Opens a slot, or returns undefined when the table is at `maxSlots`. */
  open(fields: SlotFields, codeHash: Uint8Array, extras: SlotExtras = NO_EXTRAS): SlotAddress | undefined {
    if (this.#size >= this.maxSlots) return undefined
    if (codeHash.length !== this.codeHashBytes) throw new RangeError('code hash has the wrong length')
    const packed = this.#pack(fields)
    let index: number
    if (this.#freeHead !== NONE) {
      index = this.#freeHead
      this.#unlinkFree(index)
    } else {
      if (this.#highWater === this.#capacity) this.#grow(Math.min(this.#capacity * 2, this.maxSlots))
      index = this.#highWater++
    }
    this.#fill(index, fields, codeHash, packed, extras)
    return { index, generation: this.#generation[index]! }
  }

  /** The index of the slot at this address if it is open and unexpired at `nowSeconds`, else -1. */
  locate(address: SlotAddress, nowSeconds: number): number {
    const { index, generation } = address
    if (!this.#isOpen(index) || this.#generation[index] !== generation) return NONE
    return this.#expiresAt[index]! <= nowSeconds ? NONE : index
  }

  /** Whether the open slot at `index` holds this code hash; constant-time. */
  codeHashMatches(index: number, codeHash: Uint8Array): boolean {
    return this.#codeHashEquals(index, codeHash)
  }

  fieldsAt(index: number): SlotFields {
    return this.#fields(index)
  }

  /** The purpose of the open slot at `index` (no strings read from the arena). */
  purposeAt(index: number): string {
    return this.#purposes[this.#purposeId[index]!]!
  }

  /**
   * Checks a typed code's hash against the open slot at `index` (constant-time), counting a wrong
   * one. The MAX_CODE_ATTEMPTS-th wrong one answers `locked`: the caller closes the slot. One
   * thread owns the table, so the count cannot be raced.
   */
  tryTypedCode(index: number, typedCodeHash: Uint8Array): TypedCodeCheck {
    const state = this.#codeState[index]!
    if (!(state & HAS_TYPED_CODE) || typedCodeHash.length !== TYPED_CODE_HASH_BYTES) return { kind: 'none' }
    const at = index * TYPED_CODE_HASH_BYTES
    let diff = 0
    for (let i = 0; i < TYPED_CODE_HASH_BYTES; i++) diff |= this.#typedCodeHash[at + i]! ^ typedCodeHash[i]!
    if (diff === 0) return { kind: 'right' }
    const attempts = (state & ~HAS_TYPED_CODE) + 1
    if (attempts >= MAX_CODE_ATTEMPTS) return { kind: 'locked' }
    this.#codeState[index] = HAS_TYPED_CODE | attempts
    return { kind: 'wrong', attemptsLeft: MAX_CODE_ATTEMPTS - attempts }
  }

  /** Closes the open slot at `index`; its address then finds nothing. */
  release(index: number): void {
    this.#release(index)
  }

  /** Milliseconds since the epoch at which the open slot at `index` was created. */
  createdAtMs(index: number): number {
    return this.#expiresAt[index]! * 1000 - this.#ageAtExpiryMs[index]!
  }

  /** The open slots of a subject, as indexes; the caller must not open or release slots while it iterates. */
  *subjectIndexes(subject: string): Generator<number> {
    let slot = this.#chainHeadOf(subject)
    while (slot !== NONE) {
      const next = this.#next[slot]!
      yield slot
      slot = next
    }
  }

  generationAt(index: number): number {
    return this.#generation[index]!
  }

  /**
   * The slot at this address if it is open, unexpired at `nowSeconds`, and holds this code hash;
   * otherwise undefined. The hash comparison is constant-time.
   */
  find(address: SlotAddress, codeHash: Uint8Array, nowSeconds: number): SlotFields | undefined {
    const { index, generation } = address
    if (!this.#isOpen(index) || this.#generation[index] !== generation) return undefined
    if (this.#expiresAt[index]! <= nowSeconds) return undefined
    if (!this.#codeHashEquals(index, codeHash)) return undefined
    return this.#fields(index)
  }

  /** Like `find`, and frees the slot: the one and only successful use. */
  take(address: SlotAddress, codeHash: Uint8Array, nowSeconds: number): SlotFields | undefined {
    const fields = this.find(address, codeHash, nowSeconds)
    if (fields) this.#release(address.index)
    return fields
  }

  /**
   * Frees every open slot of a subject (of one purpose, if given), except the one at `except`;
   * `onRelease` hears of each just before it goes.
   */
  revokeSubject(subject: string, purpose?: string, onRelease?: (address: SlotAddress, expiresAt: number) => void, except?: SlotAddress): number {
    const purposeId = purpose === undefined ? undefined : this.#purposeIds.get(purpose)
    if (purpose !== undefined && purposeId === undefined) return 0
    let slot = this.#chainHeadOf(subject)
    let revoked = 0
    while (slot !== NONE) {
      const next = this.#next[slot]!
      const spared = except !== undefined && except.index === slot && except.generation === this.#generation[slot]
      if (!spared && (purposeId === undefined || this.#purposeId[slot] === purposeId)) {
        onRelease?.({ index: slot, generation: this.#generation[slot]! }, this.#expiresAt[slot]!)
        this.#release(slot)
        revoked++
      }
      slot = next
    }
    return revoked
  }

  /** Frees every slot whose expiry is at or before `nowSeconds`; returns how many. `onExpired` sees each first. */
  expire(nowSeconds: number, onExpired?: (address: SlotAddress, fields: SlotFields) => void): number {
    let expired = 0
    while (this.#heap.length > 0 && this.#expiresAt[this.#heap.at(0)]! <= nowSeconds) {
      const index = this.#heap.at(0)
      onExpired?.({ index, generation: this.#generation[index]! }, this.#fields(index))
      this.#release(index)
      expired++
    }
    return expired
  }

  /** Unix seconds of the soonest expiry, or undefined when the table is empty. */
  nextExpiry(): number | undefined {
    return this.#heap.length > 0 ? this.#expiresAt[this.#heap.at(0)] : undefined
  }

  /** Every open slot with its address and code hash, for a snapshot. */
  *entries(): Generator<{ address: SlotAddress; fields: SlotFields; codeHash: Uint8Array; extras: SlotExtras }> {
    for (let place = 0; place < this.#heap.length; place++) {
      const index = this.#heap.at(place)
      const at = index * this.codeHashBytes
      const state = this.#codeState[index]!
      const typedAt = index * TYPED_CODE_HASH_BYTES
      yield {
        address: { index, generation: this.#generation[index]! },
        fields: this.#fields(index),
        codeHash: this.#codeHash.slice(at, at + this.codeHashBytes),
        extras: {
          typedCodeHash: state & HAS_TYPED_CODE ? this.#typedCodeHash.slice(typedAt, typedAt + TYPED_CODE_HASH_BYTES) : null,
          attempts: state & ~HAS_TYPED_CODE,
          createdAtMs: this.createdAtMs(index),
        },
      }
    }
  }

  /** Puts a slot back at the address it had (restoring a snapshot); false if that address is taken. */
  restore(address: SlotAddress, fields: SlotFields, codeHash: Uint8Array, extras: SlotExtras = NO_EXTRAS): boolean {
    const { index, generation } = address
    if (!Number.isInteger(index) || index < 0 || index >= this.maxSlots || codeHash.length !== this.codeHashBytes) return false
    if (extras.typedCodeHash !== null && extras.typedCodeHash.length !== TYPED_CODE_HASH_BYTES) return false
    while (this.#capacity <= index) this.#grow(Math.min(Math.max(this.#capacity * 2, index + 1), this.maxSlots))
    if (this.#isOpen(index)) return false
    const packed = this.#pack(fields)
    // Indexes below the restored one that were never used become free ones.
    while (this.#highWater < index) this.#pushFree(this.#highWater++)
    if (this.#highWater === index) this.#highWater++
    else this.#unlinkFree(index)
    this.#generation[index] = generation
    this.#fill(index, fields, codeHash, packed, extras)
    return true
  }

  /** What a slot's strings will be stored as; throws (before anything has changed) if they cannot be. */
  #pack(fields: SlotFields): Packed {
    return {
      subjectHeader: textHeader(fields.subject),
      dataHeader: fields.data === null ? NULL_TEXT : textHeader(fields.data),
      purposeId: this.#internPurpose(fields.purpose),
    }
  }

  /** Writes a slot's fields at an index taken off the free list and makes it open (indexed by subject and expiry). */
  #fill(index: number, fields: SlotFields, codeHash: Uint8Array, { subjectHeader, dataHeader, purposeId }: Packed, extras: SlotExtras): void {
    const subjectBytes = textBytes(subjectHeader)
    const bytes = subjectBytes + textBytes(dataHeader)
    this.#reserveArena(bytes)
    const at = this.#arenaUsed
    writeText(this.#arena, at, fields.subject, subjectHeader)
    writeText(this.#arena, at + subjectBytes, fields.data, dataHeader)
    this.#arenaUsed += bytes
    this.#arenaLive += bytes
    this.#textAt[index] = at
    this.#subjectHeader[index] = subjectHeader
    this.#dataHeader[index] = dataHeader
    this.#expiresAt[index] = fields.expiresAt
    this.#purposeId[index] = purposeId
    this.#codeHash.set(codeHash, index * this.codeHashBytes)
    if (extras.typedCodeHash) {
      this.#typedCodeHash.set(extras.typedCodeHash, index * TYPED_CODE_HASH_BYTES)
      this.#codeState[index] = HAS_TYPED_CODE | Math.min(Math.max(0, extras.attempts), MAX_CODE_ATTEMPTS - 1)
    } else this.#codeState[index] = 0
    // Clamped: a creation time from a snapshot or a caller's clock must not wrap the u32.
    this.#ageAtExpiryMs[index] = Math.min(Math.max(0, fields.expiresAt * 1000 - (extras.createdAtMs || fields.expiresAt * 1000)), 0xffffffff)
    this.#chainSubject(index)
    this.#heap.push(index)
    this.#size++
  }

  #fields(index: number): SlotFields {
    const at = this.#textAt[index]!
    const subjectHeader = this.#subjectHeader[index]!
    return {
      purpose: this.#purposes[this.#purposeId[index]!]!,
      subject: readText(this.#arena, at, subjectHeader)!,
      data: readText(this.#arena, at + textBytes(subjectHeader), this.#dataHeader[index]!),
      expiresAt: this.#expiresAt[index]!,
    }
  }

  #isOpen(index: number): boolean {
    return index >= 0 && index < this.#highWater && this.#heap.has(index)
  }

  #codeHashEquals(index: number, codeHash: Uint8Array): boolean {
    if (codeHash.length !== this.codeHashBytes) return false
    const at = index * this.codeHashBytes
    let diff = 0
    for (let i = 0; i < this.codeHashBytes; i++) diff |= this.#codeHash[at + i]! ^ codeHash[i]!
    return diff === 0
  }

  #release(index: number): void {
    this.#heap.remove(index)
    this.#unchainSubject(index)
    this.#arenaLive -= textBytes(this.#subjectHeader[index]!) + textBytes(this.#dataHeader[index]!)
    this.#codeHash.fill(0, index * this.codeHashBytes, (index + 1) * this.codeHashBytes)
    this.#typedCodeHash.fill(0, index * TYPED_CODE_HASH_BYTES, (index + 1) * TYPED_CODE_HASH_BYTES)
    this.#codeState[index] = 0
    this.#generation[index] = (this.#generation[index]! + 1) >>> 0
    this.#pushFree(index)
    this.#size--
  }

  /**
   * The first open slot in a subject's chain, or NONE. The subject is packed one past every record
   * as the probe, so the lookup compares bytes in the arena without keeping a copy.
   */
  #chainHeadOf(subject: string): number {
    const header = textHeader(subject)
    this.#reserveArena(textBytes(header))
    writeText(this.#arena, this.#arenaUsed, subject, header)
    this.#probeAt = this.#arenaUsed
    this.#probeHeader = header
    return this.#subjects.find(hashText(this.#arena, this.#probeAt, header, this.#hashSeed), this.#matchesProbe)
  }

  /** Adds an open slot to its subject's chain, just behind the slot the index points at. */
  #chainSubject(index: number): void {
    const hash = this.#subjectHash(index)
    this.#probeAt = this.#textAt[index]!
    this.#probeHeader = this.#subjectHeader[index]!
    const head = this.#subjects.find(hash, this.#matchesProbe)
    this.#previous[index] = head
    if (head === NONE) {
      this.#next[index] = NONE
      this.#subjects.insert(hash, index)
      return
    }
    const after = this.#next[head]!
    this.#next[index] = after
    if (after !== NONE) this.#previous[after] = index
    this.#next[head] = index
  }

  #unchainSubject(index: number): void {
    const previous = this.#previous[index]!
    const next = this.#next[index]!
    if (next !== NONE) this.#previous[next] = previous
    if (previous !== NONE) this.#next[previous] = next
    else if (next !== NONE) this.#subjects.replace(this.#subjectHash(index), index, next)
    else this.#subjects.remove(this.#subjectHash(index), index)
  }

  #subjectHash(slot: number): number {
    return hashText(this.#arena, this.#textAt[slot]!, this.#subjectHeader[slot]!, this.#hashSeed)
  }

  #pushFree(index: number): void {
    this.#previous[index] = NONE
    this.#next[index] = this.#freeHead
    if (this.#freeHead !== NONE) this.#previous[this.#freeHead] = index
    this.#freeHead = index
  }

  /** Takes an index out of the free list; O(1), so restoring a snapshot in any order stays linear. */
  #unlinkFree(index: number): void {
    const previous = this.#previous[index]!
    const next = this.#next[index]!
    if (previous === NONE) this.#freeHead = next
    else this.#next[previous] = next
    if (next !== NONE) this.#previous[next] = previous
  }

  /**
   * Makes room for `bytes` past #arenaUsed. A full arena is replaced by one twice the size of
   * what is live, into which only the open slots' records are copied: compaction comes with
   * every reallocation, and costs O(1) amortized per byte written.
   */
  #reserveArena(bytes: number): void {
    if (this.#arenaUsed + bytes <= this.#arena.length) return
    const needed = Math.max(INITIAL_ARENA_BYTES, 2 * (this.#arenaLive + bytes))
    const spare = this.#spareArena
    const arena = spare && spare.length >= needed ? spare : Buffer.alloc(needed)
    // See #spareArena: an arena no smaller than the next one is kept for the compaction after it,
    // unless it is much larger than what is live (it would then hold memory the table no longer needs).
    this.#spareArena = this.#arena.length >= needed && this.#arena.length <= MAX_SPARE_RATIO * needed ? this.#arena : undefined
    let used = 0
    for (let place = 0; place < this.#heap.length; place++) {
      const slot = this.#heap.at(place)
      const at = this.#textAt[slot]!
      const length = textBytes(this.#subjectHeader[slot]!) + textBytes(this.#dataHeader[slot]!)
      this.#arena.copy(arena, used, at, at + length)
      this.#textAt[slot] = used
      used += length
    }
    this.#arena = arena
    this.#arenaUsed = used
  }

  #internPurpose(purpose: string): number {
    let id = this.#purposeIds.get(purpose)
    if (id === undefined) {
      id = this.#purposes.length
      if (id > 0xffff) throw new RangeError('too many distinct purposes')
      this.#purposes.push(purpose)
      this.#purposeIds.set(purpose, id)
    }
    return id
  }

  #grow(capacity: number): void {
    if (capacity <= this.#capacity) return
    const widen = <T extends Int32Array | Uint32Array | Uint16Array | Uint8Array>(old: T, make: (n: number) => T, per = 1): T => {
      const next = make(capacity * per)
      next.set(old)
      return next
    }
    this.#generation = widen(this.#generation, (n) => new Uint32Array(n))
    this.#expiresAt = widen(this.#expiresAt, (n) => new Uint32Array(n))
    this.#purposeId = widen(this.#purposeId, (n) => new Uint16Array(n))
    this.#codeHash = widen(this.#codeHash, (n) => new Uint8Array(n), this.codeHashBytes)
    this.#typedCodeHash = widen(this.#typedCodeHash, (n) => new Uint8Array(n), TYPED_CODE_HASH_BYTES)
    this.#codeState = widen(this.#codeState, (n) => new Uint8Array(n))
    this.#ageAtExpiryMs = widen(this.#ageAtExpiryMs, (n) => new Uint32Array(n))
    this.#next = widen(this.#next, (n) => new Int32Array(n))
    this.#previous = widen(this.#previous, (n) => new Int32Array(n))
    this.#textAt = widen(this.#textAt, (n) => new Uint32Array(n))
    this.#subjectHeader = widen(this.#subjectHeader, (n) => new Uint16Array(n))
    this.#dataHeader = widen(this.#dataHeader, (n) => new Uint16Array(n))
    this.#heap.grow(capacity, this.#expiresAt)
    this.#capacity = capacity
  }
}

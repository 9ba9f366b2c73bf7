/**
 * What is left of a closed slot until its link's signed expiry: why it closed and when, so that a
 * `410 used` can say so. No subject, data or code hash: a tombstone tells only its own link's
 * holder (whose token or ticket was checked first) what happened to it.
 *
 * Kept apart from the slot table, keyed by the slot's (index, generation), so the index itself is
 * free for a new link at once and a tombstone costs about 22 bytes, not a slot's ~60 of columns:
 *
 * - records of 18 bytes in flat typed arrays (generation, expiry, the slot index with the reason
 *   and flags, the rest of the link's life when it closed, and a link to the next record),
 *   reached through `#head`, one u32 per slot index, chaining the tombstones of one index (an
 *   index reused within a link's life has several);
 * - no hash table, so no load factor to pay for, and both arrays are reserved at full size up
 *   front: fresh typed arrays are zero pages the kernel commits only when written, and growing by
 *   copying would leave each outgrown array behind in the allocator (measured: a hash table here
 *   took 38 bytes of RSS per tombstone for 24 of live arrays).
 *
 * Expiry needs no heap: `sweep` walks the records once when the soonest tombstone is due (and
 * then the chains it drops from, once each).
 */

export type TombstoneReason = 'consumed' | 'redeemed' | 'revoked' | 'superseded' | 'locked'

export interface Tombstone {
  reason: TombstoneReason
  /** Unix seconds: when the slot closed. */
  at: number
  /** Unix seconds: the link's signed expiry, when the tombstone goes too. */
  expiresAt: number
  /** Whether an idempotent replay is kept for it (see SlotLedger). */
  replay: boolean
}

const REASONS: readonly TombstoneReason[] = ['consumed', 'redeemed', 'revoked', 'superseded', 'locked']
/** Records reserved up front (see above); past it the arrays grow by copying. */
const RESERVED_RECORDS = 1 << 22
/** Slot indexes are below the slot table's maxSlots; 24 bits of the packed word hold them. */
export const MAX_TOMBSTONE_INDEX = (1 << 24) - 1
/** A link lives at most a week (604,800 s < 2^20): the time from closing to expiry fits 20 bits. */
const MAX_REST = (1 << 20) - 1
const NONE = 0
const REPLAY_BIT = 1 << 27

export class TombstoneTable {
  /** Per slot index: its first record, plus one (0: none). */
  #head: Uint32Array
  /** One bit per slot index: it has a record due, during a sweep (zero between sweeps). */
  readonly #due: Uint32Array
  /** Per record: the slot's generation; its expiry (0: a free record); next record of the same index (or of the free list), plus one. */
  #generation: Uint32Array
  #expiresAt: Uint32Array
  #next: Uint32Array
  /** Per record: slot index (24 bits) | reason (3 bits) | replay (1 bit) | the rest of life's high 4 bits; and its low 16. */
  #packed: Uint32Array
  #restLow: Uint16Array
  #highWater = 0
  #freeHead = NONE
  #count = 0
  #soonest = Infinity

  /** @param indexes how many slot indexes there can be (the slot table's maxSlots). */
  constructor(indexes = MAX_TOMBSTONE_INDEX + 1) {
    if (indexes > MAX_TOMBSTONE_INDEX + 1) throw new RangeError(`a tombstone table serves at most ${MAX_TOMBSTONE_INDEX + 1} slot indexes`)
    this.#head = new Uint32Array(indexes)
    this.#due = new Uint32Array(Math.ceil(indexes / 32))
    const reserved = Math.min(RESERVED_RECORDS, indexes * 2)
    this.#generation = new Uint32Array(reserved)
    this.#expiresAt = new Uint32Array(reserved)
    this.#next = new Uint32Array(reserved)
    this.#packed = new Uint32Array(reserved)
    this.#restLow = new Uint16Array(reserved)
  }

  get size(): number {
    return this.#count
  }

  /** Unix seconds of the soonest expiry (it may have been swept already), or undefined when empty. */
  nextExpiry(): number | undefined {
    return this.#count > 0 ? this.#soonest : undefined
  }

  /** Sets the tombstone of (index, generation), replacing the one it had, if any. */
  put(index: number, generation: number, tombstone: Tombstone): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.#head.length) throw new RangeError('slot index out of range')
    const record = this.#find(index, generation)
    this.#write(record === NONE ? this.#link(index) : record, index, generation, tombstone)
  }

  /**
   * Adds the tombstone of a slot that has just closed: none can exist for its (index, generation),
   * which only that slot ever had, so the index's chain is not searched. An index reused by links
   * used soon after they are issued has a long chain (a million tombstones over the few hundred
   * indexes in flight: thousands each), which `put` would walk on every close.
   */
  add(index: number, generation: number, tombstone: Tombstone): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.#head.length) throw new RangeError('slot index out of range')
    this.#write(this.#link(index), index, generation, tombstone)
  }

  /** A new record at the head of the index's chain. */
  #link(index: number): number {
    const record = this.#allocate()
    this.#next[record - 1] = this.#head[index]!
    this.#head[index] = record
    this.#count++
    return record
  }

  #write(record: number, index: number, generation: number, tombstone: Tombstone): void {
    const at = record - 1
    const expiresAt = Math.max(1, tombstone.expiresAt)
    const rest = Math.min(Math.max(0, expiresAt - tombstone.at), MAX_REST)
    this.#generation[at] = generation
    this.#expiresAt[at] = expiresAt
    this.#packed[at] = index | (REASONS.indexOf(tombstone.reason) << 24) | (tombstone.replay ? REPLAY_BIT : 0) | ((rest >>> 16) << 28)
    this.#restLow[at] = rest & 0xffff
    this.#soonest = Math.min(this.#soonest, expiresAt)
  }

  get(index: number, generation: number): Tombstone | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.#head.length) return undefined
    const record = this.#find(index, generation)
    return record === NONE ? undefined : this.#read(record - 1)
  }

  /**
   * Drops every tombstone due at or before `nowSeconds`; `onDrop` hears of each. Returns how many.
   * Two passes, so that it stays linear however long a chain is: the records are walked once to
   * find what is due (and mark its index in #due), then each marked index's chain once to unlink
   * it. Unlinking record by record walked the chain from its head for each, quadratic in a chain.
   */
  sweep(nowSeconds: number, onDrop?: (index: number, generation: number, tombstone: Tombstone) => void): number {
    let dropped = 0
    let soonest = Infinity
    let firstWord = Infinity
    let lastWord = -1
    for (let at = 0; at < this.#highWater; at++) {
      const expiresAt = this.#expiresAt[at]!
      if (expiresAt === 0) continue
      if (expiresAt > nowSeconds) {
        soonest = Math.min(soonest, expiresAt)
        continue
      }
      const index = this.#packed[at]! & MAX_TOMBSTONE_INDEX
      onDrop?.(index, this.#generation[at]!, this.#read(at))
      this.#due[index >>> 5]! |= 1 << (index & 31)
      firstWord = Math.min(firstWord, index >>> 5)
      lastWord = Math.max(lastWord, index >>> 5)
      dropped++
    }
    if (dropped > 0) {
      for (let word = firstWord; word <= lastWord; word++) {
        let bits = this.#due[word]!
        if (bits === 0) continue
        this.#due[word] = 0
        while (bits !== 0) {
          const lowest = bits & -bits
          this.#unlinkDue(word * 32 + 31 - Math.clz32(lowest), nowSeconds)
          bits ^= lowest
        }
      }
    }
    this.#soonest = soonest
    return dropped
  }

  /** Every tombstone with its slot's address, for a snapshot. */
  *entries(): Generator<{ index: number; generation: number; tombstone: Tombstone }> {
    for (let at = 0; at < this.#highWater; at++) {
      if (this.#expiresAt[at] === 0) continue
      yield { index: this.#packed[at]! & MAX_TOMBSTONE_INDEX, generation: this.#generation[at]!, tombstone: this.#read(at) }
    }
  }

  #find(index: number, generation: number): number {
    for (let record = this.#head[index]!; record !== NONE; record = this.#next[record - 1]!) {
      if (this.#generation[record - 1] === generation) return record
    }
    return NONE
  }

  #read(at: number): Tombstone {
    const packed = this.#packed[at]!
    const rest = ((packed >>> 28) << 16) | this.#restLow[at]!
    const expiresAt = this.#expiresAt[at]!
    return { reason: REASONS[(packed >>> 24) & 7]!, at: expiresAt - rest, expiresAt, replay: (packed & REPLAY_BIT) !== 0 }
  }

  /** A free record (plus one), from the free list or past the high-water mark. */
  #allocate(): number {
    if (this.#freeHead !== NONE) {
      const record = this.#freeHead
      this.#freeHead = this.#next[record - 1]!
      return record
    }
    if (this.#highWater === this.#generation.length) this.#grow(this.#generation.length * 2)
    return ++this.#highWater
  }

  /** Takes every record due at `nowSeconds` out of the index's chain, onto the free list. */
  #unlinkDue(index: number, nowSeconds: number): void {
    let previous = NONE
    for (let record = this.#head[index]!; record !== NONE; ) {
      const next = this.#next[record - 1]!
      if (this.#expiresAt[record - 1]! <= nowSeconds) {
        if (previous === NONE) this.#head[index] = next
        else this.#next[previous - 1] = next
        this.#expiresAt[record - 1] = 0
        this.#next[record - 1] = this.#freeHead
        this.#freeHead = record
        this.#count--
      } else previous = record
      record = next
    }
  }

  #grow(capacity: number): void {
    const widen = <T extends Uint32Array | Uint16Array>(old: T, make: (n: number) => T): T => {
      const next = make(capacity)
      next.set(old)
      return next
    }
    this.#generation = widen(this.#generation, (n) => new Uint32Array(n))
    this.#expiresAt = widen(this.#expiresAt, (n) => new Uint32Array(n))
    this.#next = widen(this.#next, (n) => new Uint32Array(n))
    this.#packed = widen(this.#packed, (n) => new Uint32Array(n))
    this.#restLow = widen(this.#restLow, (n) => new Uint16Array(n))
  }
}

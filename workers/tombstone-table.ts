/**
 * What is left of a closed slot until its link's signed expiry: why it closed and when, so that a
 * `410 used` can say so. No subject, data or code hash: a tombstone tells only its own link's
 * holder (whose token or ticket was checked first) what happened to it.
 *
 * Kept apart from the slot table, keyed by the slot's (index, generation), so the index itself is
 * free for a new link at once and a tombstone costs 16 bytes of entry, not a slot's ~60 of columns:
 * an open-addressing table (linear probing, backward-shift deletion) in four Uint32Arrays. Its
 * capacity is any whole number, not a power of two (buckets by multiply-and-shift), and grows by
 * half at 85 % load, so a table stays 57–85 % full: about 19–28 bytes per tombstone. Lookups are
 * the rare path (a link already used), which is what makes that load acceptable.
 *
 * Expiry needs no heap: `sweep` walks the table once when the soonest tombstone is due, and the
 * table shrinks again when most of it has gone.
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
const REPLAY_BIT = 8
const MIN_CAPACITY = 1024
const MAX_LOAD = 0.85
const GROWTH = 1.5
/** Shrink (to half full) once a sweep leaves the table this empty, so memory goes with the tombstones. */
const SHRINK_LOAD = 0.2

export class TombstoneTable {
  /** Slot index plus one (0 = empty), slot generation, closing time, and (expiresAt - at) << 4 | replay | reason. */
  #indexPlusOne = new Uint32Array(MIN_CAPACITY)
  #generation = new Uint32Array(MIN_CAPACITY)
  #at = new Uint32Array(MIN_CAPACITY)
  #meta = new Uint32Array(MIN_CAPACITY)
  #count = 0
  #soonest = Infinity

  get size(): number {
    return this.#count
  }

  /** Unix seconds of the soonest expiry (it may have been swept already), or undefined when empty. */
  nextExpiry(): number | undefined {
    return this.#count > 0 ? this.#soonest : undefined
  }

  put(index: number, generation: number, tombstone: Tombstone): void {
    const existing = this.#find(index, generation)
    if (existing < 0 && this.#count + 1 > this.#indexPlusOne.length * MAX_LOAD) this.#resize(Math.ceil(this.#indexPlusOne.length * GROWTH))
    const place = existing >= 0 ? existing : this.#emptyPlaceFor(index, generation)
    if (existing < 0) this.#count++
    this.#indexPlusOne[place] = index + 1
    this.#generation[place] = generation
    this.#at[place] = tombstone.at
    // A link lives at most a week (< 2^20 s), so the rest of its life fits above the 4 flag bits.
    const rest = Math.min(Math.max(1, tombstone.expiresAt - tombstone.at), 0x0fffffff)
    this.#meta[place] = (rest << 4) | (tombstone.replay ? REPLAY_BIT : 0) | REASONS.indexOf(tombstone.reason)
    this.#soonest = Math.min(this.#soonest, tombstone.at + rest)
  }

  get(index: number, generation: number): Tombstone | undefined {
    const place = this.#find(index, generation)
    return place < 0 ? undefined : this.#read(place)
  }

  /** Drops every tombstone due at or before `nowSeconds`; `onDrop` hears of each. Returns how many. */
  sweep(nowSeconds: number, onDrop?: (index: number, generation: number, tombstone: Tombstone) => void): number {
    let dropped = 0
    let soonest = Infinity
    const capacity = this.#indexPlusOne.length
    for (let place = 0; place < capacity; place++) {
      // A deletion shifts a later entry into this place, so the place is looked at again.
      while (this.#indexPlusOne[place] !== 0) {
        const expiresAt = this.#at[place]! + (this.#meta[place]! >>> 4)
        if (expiresAt > nowSeconds) {
          soonest = Math.min(soonest, expiresAt)
          break
        }
        onDrop?.(this.#indexPlusOne[place]! - 1, this.#generation[place]!, this.#read(place))
        this.#delete(place)
        dropped++
      }
    }
    this.#soonest = soonest
    if (capacity > MIN_CAPACITY && this.#count < capacity * SHRINK_LOAD) this.#resize(Math.max(MIN_CAPACITY, Math.ceil(this.#count * 2)))
    return dropped
  }

  /** Every tombstone with its slot's address, for a snapshot. */
  *entries(): Generator<{ index: number; generation: number; tombstone: Tombstone }> {
    for (let place = 0; place < this.#indexPlusOne.length; place++) {
      if (this.#indexPlusOne[place] === 0) continue
      yield { index: this.#indexPlusOne[place]! - 1, generation: this.#generation[place]!, tombstone: this.#read(place) }
    }
  }

  #read(place: number): Tombstone {
    const meta = this.#meta[place]!
    const at = this.#at[place]!
    return { reason: REASONS[meta & 7]!, at, expiresAt: at + (meta >>> 4), replay: (meta & REPLAY_BIT) !== 0 }
  }

  #home(index: number, generation: number, capacity: number): number {
    let h = Math.imul(index ^ Math.imul(generation, 0x9e3779b1), 0x85ebca6b)
    h ^= h >>> 13
    h = Math.imul(h, 0xc2b2ae35)
    h ^= h >>> 16
    // Multiply-and-shift maps the 32-bit hash onto [0, capacity) for any capacity.
    return Math.floor(((h >>> 0) / 4294967296) * capacity)
  }

  #find(index: number, generation: number): number {
    const capacity = this.#indexPlusOne.length
    for (let at = this.#home(index, generation, capacity); ; at = at + 1 === capacity ? 0 : at + 1) {
      const entry = this.#indexPlusOne[at]!
      if (entry === 0) return -1
      if (entry === index + 1 && this.#generation[at] === generation) return at
    }
  }

  #emptyPlaceFor(index: number, generation: number): number {
    const capacity = this.#indexPlusOne.length
    let at = this.#home(index, generation, capacity)
    while (this.#indexPlusOne[at] !== 0) at = at + 1 === capacity ? 0 : at + 1
    return at
  }

  /** Backward-shift deletion, as in subject-index.ts: no deleted markers, so probes stay short. */
  #delete(place: number): void {
    const capacity = this.#indexPlusOne.length
    let hole = place
    for (let at = hole + 1 === capacity ? 0 : hole + 1; this.#indexPlusOne[at] !== 0; at = at + 1 === capacity ? 0 : at + 1) {
      const home = this.#home(this.#indexPlusOne[at]! - 1, this.#generation[at]!, capacity)
      const stays = hole <= at ? hole < home && home <= at : hole < home || home <= at
      if (stays) continue
      this.#move(at, hole)
      hole = at
    }
    this.#indexPlusOne[hole] = 0
    this.#count--
  }

  #move(from: number, to: number): void {
    this.#indexPlusOne[to] = this.#indexPlusOne[from]!
    this.#generation[to] = this.#generation[from]!
    this.#at[to] = this.#at[from]!
    this.#meta[to] = this.#meta[from]!
  }

  #resize(capacity: number): void {
    const [indexPlusOne, generation, at, meta] = [this.#indexPlusOne, this.#generation, this.#at, this.#meta]
    this.#indexPlusOne = new Uint32Array(capacity)
    this.#generation = new Uint32Array(capacity)
    this.#at = new Uint32Array(capacity)
    this.#meta = new Uint32Array(capacity)
    for (let place = 0; place < indexPlusOne.length; place++) {
      if (indexPlusOne[place] === 0) continue
      let to = this.#home(indexPlusOne[place]! - 1, generation[place]!, capacity)
      while (this.#indexPlusOne[to] !== 0) to = to + 1 === capacity ? 0 : to + 1
      this.#indexPlusOne[to] = indexPlusOne[place]!
      this.#generation[to] = generation[place]!
      this.#at[to] = at[place]!
      this.#meta[to] = meta[place]!
    }
  }
}

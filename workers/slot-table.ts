/**
 * One worker's open slots, in flat typed arrays rather than an object per slot: a million open
 * links then cost a few tens of megabytes and no garbage-collector pressure, and expiry needs no
 * timer per slot, only one timer for the soonest expiry (see `SlotTimer` in slot-worker.ts).
 *
 * A slot is addressed by (index, generation). The generation is bumped every time an index is
 * freed, so a handle to a slot that was used and whose index was given to a new link finds nothing.
 */

export interface SlotFields {
  purpose: string
  subject: string
  /** JSON text, or null: kept as the caller sent it. */
  data: string | null
  /** Unix seconds. */
  expiresAt: number
}

export interface SlotAddress {
  index: number
  generation: number
}

const INITIAL_CAPACITY = 1024
const NO_POSITION = -1

export class SlotTable {
  readonly maxSlots: number
  readonly codeHashBytes: number
  #size = 0
  #capacity = 0
  /** Indexes never used yet start at #highWater; freed ones wait in #free. */
  #highWater = 0
  #free = new Int32Array(0)
  #freeCount = 0
  #generation = new Uint32Array(0)
  #expiresAt = new Uint32Array(0)
  #purposeId = new Uint16Array(0)
  #codeHash = new Uint8Array(0)
  #subject: (string | undefined)[] = []
  #data: (string | null)[] = []
  /** A binary min-heap of occupied indexes by expiry, and each index's place in it. */
  #heap = new Int32Array(0)
  #heapPosition = new Int32Array(0)
  /** subject → the open indexes for it: one number when there is one (the usual case), else a set. */
  #bySubject = new Map<string, number | Set<number>>()
  #purposes: string[] = []
  #purposeIds = new Map<string, number>()

  constructor(options: { maxSlots: number; codeHashBytes: number }) {
    this.maxSlots = options.maxSlots
    this.codeHashBytes = options.codeHashBytes
    this.#grow(Math.min(INITIAL_CAPACITY, options.maxSlots))
  }

  get size(): number {
    return this.#size
  }

  /** Opens a slot, or returns undefined when the table is at `maxSlots`. */
  open(fields: SlotFields, codeHash: Uint8Array): SlotAddress | undefined {
    if (this.#size >= this.maxSlots) return undefined
    if (codeHash.length !== this.codeHashBytes) throw new RangeError('code hash has the wrong length')
    let index: number
    if (this.#freeCount > 0) index = this.#free[--this.#freeCount]!
    else {
      if (this.#highWater === this.#capacity) this.#grow(Math.min(this.#capacity * 2, this.maxSlots))
      index = this.#highWater++
    }
    this.#expiresAt[index] = fields.expiresAt
    this.#purposeId[index] = this.#internPurpose(fields.purpose)
    this.#codeHash.set(codeHash, index * this.codeHashBytes)
    this.#subject[index] = fields.subject
    this.#data[index] = fields.data
    this.#indexSubject(fields.subject, index)
    this.#heapPush(index)
    this.#size++
    return { index, generation: this.#generation[index]! }
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

  /** Frees every open slot of a subject (of one purpose, if given). */
  revokeSubject(subject: string, purpose?: string): number {
    const entry = this.#bySubject.get(subject)
    if (entry === undefined) return 0
    const purposeId = purpose === undefined ? undefined : this.#purposeIds.get(purpose)
    if (purpose !== undefined && purposeId === undefined) return 0
    const indexes = typeof entry === 'number' ? [entry] : [...entry]
    let revoked = 0
    for (const index of indexes) {
      if (purposeId !== undefined && this.#purposeId[index] !== purposeId) continue
      this.#release(index)
      revoked++
    }
    return revoked
  }

  /** Frees every slot whose expiry is at or before `nowSeconds`; returns how many. */
  expire(nowSeconds: number): number {
    let expired = 0
    while (this.#heapLength > 0 && this.#expiresAt[this.#heap[0]!]! <= nowSeconds) {
      this.#release(this.#heap[0]!)
      expired++
    }
    return expired
  }

  /** Unix seconds of the soonest expiry, or undefined when the table is empty. */
  nextExpiry(): number | undefined {
    return this.#heapLength > 0 ? this.#expiresAt[this.#heap[0]!] : undefined
  }

  /** Every open slot with its address and code hash, for a snapshot. */
  *entries(): Generator<{ address: SlotAddress; fields: SlotFields; codeHash: Uint8Array }> {
    for (let i = 0; i < this.#heapLength; i++) {
      const index = this.#heap[i]!
      const at = index * this.codeHashBytes
      yield {
        address: { index, generation: this.#generation[index]! },
        fields: this.#fields(index),
        codeHash: this.#codeHash.slice(at, at + this.codeHashBytes),
      }
    }
  }

  /** Puts a slot back at the address it had (restoring a snapshot); false if that address is taken. */
  restore(address: SlotAddress, fields: SlotFields, codeHash: Uint8Array): boolean {
    const { index, generation } = address
    if (index >= this.maxSlots || codeHash.length !== this.codeHashBytes) return false
    while (this.#capacity <= index) this.#grow(Math.min(Math.max(this.#capacity * 2, index + 1), this.maxSlots))
    if (this.#isOpen(index)) return false
    // Indexes below the restored one that were never used become free ones.
    while (this.#highWater < index) this.#free[this.#freeCount++] = this.#highWater++
    if (this.#highWater === index) this.#highWater++
    else this.#removeFromFreeList(index)
    this.#generation[index] = generation
    this.#expiresAt[index] = fields.expiresAt
    this.#purposeId[index] = this.#internPurpose(fields.purpose)
    this.#codeHash.set(codeHash, index * this.codeHashBytes)
    this.#subject[index] = fields.subject
    this.#data[index] = fields.data
    this.#indexSubject(fields.subject, index)
    this.#heapPush(index)
    this.#size++
    return true
  }

  #fields(index: number): SlotFields {
    return {
      purpose: this.#purposes[this.#purposeId[index]!]!,
      subject: this.#subject[index]!,
      data: this.#data[index] ?? null,
      expiresAt: this.#expiresAt[index]!,
    }
  }

  #isOpen(index: number): boolean {
    return index >= 0 && index < this.#highWater && this.#heapPosition[index] !== NO_POSITION
  }

  #codeHashEquals(index: number, codeHash: Uint8Array): boolean {
    if (codeHash.length !== this.codeHashBytes) return false
    const at = index * this.codeHashBytes
    let diff = 0
    for (let i = 0; i < this.codeHashBytes; i++) diff |= this.#codeHash[at + i]! ^ codeHash[i]!
    return diff === 0
  }

  #release(index: number): void {
    this.#heapRemove(index)
    this.#unindexSubject(this.#subject[index]!, index)
    this.#subject[index] = undefined
    this.#data[index] = null
    this.#codeHash.fill(0, index * this.codeHashBytes, (index + 1) * this.codeHashBytes)
    this.#generation[index] = (this.#generation[index]! + 1) >>> 0
    this.#free[this.#freeCount++] = index
    this.#size--
  }

  #removeFromFreeList(index: number): void {
    for (let i = 0; i < this.#freeCount; i++) {
      if (this.#free[i] === index) {
        this.#free[i] = this.#free[--this.#freeCount]!
        return
      }
    }
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

  #indexSubject(subject: string, index: number): void {
    const entry = this.#bySubject.get(subject)
    if (entry === undefined) this.#bySubject.set(subject, index)
    else if (typeof entry === 'number') this.#bySubject.set(subject, new Set([entry, index]))
    else entry.add(index)
  }

  #unindexSubject(subject: string, index: number): void {
    const entry = this.#bySubject.get(subject)
    if (entry === index) this.#bySubject.delete(subject)
    else if (typeof entry === 'object') {
      entry.delete(index)
      if (entry.size === 1) this.#bySubject.set(subject, entry.values().next().value!)
    }
  }

  #grow(capacity: number): void {
    if (capacity <= this.#capacity) return
    const widen = <T extends Int32Array | Uint32Array | Uint16Array | Uint8Array>(old: T, make: (n: number) => T, per = 1): T => {
      const next = make(capacity * per)
      next.set(old)
      return next
    }
    this.#free = widen(this.#free, (n) => new Int32Array(n))
    this.#generation = widen(this.#generation, (n) => new Uint32Array(n))
    this.#expiresAt = widen(this.#expiresAt, (n) => new Uint32Array(n))
    this.#purposeId = widen(this.#purposeId, (n) => new Uint16Array(n))
    this.#codeHash = widen(this.#codeHash, (n) => new Uint8Array(n), this.codeHashBytes)
    this.#heap = widen(this.#heap, (n) => new Int32Array(n))
    const positions = new Int32Array(capacity).fill(NO_POSITION)
    positions.set(this.#heapPosition)
    this.#heapPosition = positions
    this.#capacity = capacity
  }

  // The heap: written by hand because it lives in typed arrays, which no heap library does.
  #heapLength = 0

  #heapPush(index: number): void {
    const at = this.#heapLength++
    this.#heap[at] = index
    this.#heapPosition[index] = at
    this.#siftUp(at)
  }

  #heapRemove(index: number): void {
    const at = this.#heapPosition[index]!
    const last = --this.#heapLength
    this.#heapPosition[index] = NO_POSITION
    if (at === last) return
    const moved = this.#heap[last]!
    this.#heap[at] = moved
    this.#heapPosition[moved] = at
    this.#siftDown(at)
    this.#siftUp(this.#heapPosition[moved]!)
  }

  #siftUp(at: number): void {
    const heap = this.#heap
    const expires = this.#expiresAt
    const item = heap[at]!
    while (at > 0) {
      const parent = (at - 1) >> 1
      if (expires[heap[parent]!]! <= expires[item]!) break
      heap[at] = heap[parent]!
      this.#heapPosition[heap[at]!] = at
      at = parent
    }
    heap[at] = item
    this.#heapPosition[item] = at
  }

  #siftDown(at: number): void {
    const heap = this.#heap
    const expires = this.#expiresAt
    const length = this.#heapLength
    const item = heap[at]!
    for (;;) {
      let child = 2 * at + 1
      if (child >= length) break
      if (child + 1 < length && expires[heap[child + 1]!]! < expires[heap[child]!]!) child++
      if (expires[heap[child]!]! >= expires[item]!) break
      heap[at] = heap[child]!
      this.#heapPosition[heap[at]!] = at
      at = child
    }
    heap[at] = item
    this.#heapPosition[item] = at
  }
}

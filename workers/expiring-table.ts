import type { SlotAddress, SlotFields, SlotTable } from './slot-table.ts'

const MAX_TIMER_MS = 2 ** 31 - 1

/**
 * A slot table with one timer, set for its soonest expiry: slots free themselves on time with no
 * traffic and no sweeper job, at the cost of one timer per table rather than one per slot.
 */
export class ExpiringTable {
  readonly table: SlotTable
  /** Slots freed by their timer, for the metrics. */
  expired = 0
  #timer: NodeJS.Timeout | undefined
  #due = Infinity
  readonly #nowMs: () => number

  readonly #onExpired: ((expired: { address: SlotAddress; fields: SlotFields }[]) => void) | undefined

  /** `onExpired`: told of each timer's expired slots, in one call (for link.expired events). */
  constructor(table: SlotTable, nowMs: () => number = Date.now, onExpired?: (expired: { address: SlotAddress; fields: SlotFields }[]) => void) {
    this.table = table
    this.#nowMs = nowMs
    this.#onExpired = onExpired
  }

  /** Call after adding slots: re-arms the timer if a new slot expires sooner than it is set for. */
  schedule(): void {
    const next = this.table.nextExpiry()
    if (next === undefined || next >= this.#due) return
    if (this.#timer) clearTimeout(this.#timer)
    this.#due = next
    this.#timer = setTimeout(() => this.#fire(), Math.min(Math.max(0, next * 1000 - this.#nowMs()), MAX_TIMER_MS))
  }

  stop(): void {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = undefined
    this.#due = Infinity
  }

  #fire(): void {
    this.#timer = undefined
    this.#due = Infinity
    const now = Math.floor(this.#nowMs() / 1000)
    if (this.#onExpired) {
      const expired: { address: SlotAddress; fields: SlotFields }[] = []
      this.expired += this.table.expire(now, (address, fields) => expired.push({ address, fields }))
      if (expired.length > 0) this.#onExpired(expired)
    } else this.expired += this.table.expire(now)
    this.schedule()
  }
}

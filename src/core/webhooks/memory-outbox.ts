import type { OutboxEntry } from './outbox.ts'

/**
 * Pending webhooks in memory, taken in order of their next attempt. An entry being sent stays
 * counted (and in `entries()`, so a stop persists it) but is out of the order until it is settled.
 *
 * The order is a binary min-heap written by hand: a dozen lines, and the core takes no dependency
 * for it. A plain scan would make every delivery O(queue), and a receiver coming back after an
 * outage faces a long queue.
 */
export class MemoryOutbox {
  readonly #entries = new Map<string, OutboxEntry>()
  /** Ids by due time; an id whose entry left or was rescheduled is skipped when it surfaces. */
  #heap: { at: number; id: string }[] = []

  get size(): number {
    return this.#entries.size
  }

  add(entry: OutboxEntry): void {
    this.#entries.set(entry.id, entry)
    this.#push(entry.nextAttemptAt, entry.id)
  }

  /** The earliest entry due by `now`, taken out of the order (not out of the outbox). */
  takeDue(now: number): OutboxEntry | undefined {
    const top = this.#top()
    if (!top || top.nextAttemptAt > now) return undefined
    this.#pop()
    return top
  }

  /** When the earliest waiting entry is due; undefined when none waits. */
  nextDueAt(): number | undefined {
    return this.#top()?.nextAttemptAt
  }

  /** Puts a taken entry back, due at its new `nextAttemptAt`. */
  retry(entry: OutboxEntry): void {
    this.add(entry)
  }

  remove(id: string): void {
    this.#entries.delete(id)
  }

  entries(): OutboxEntry[] {
    return [...this.#entries.values()]
  }

  #top(): OutboxEntry | undefined {
    while (this.#heap.length > 0) {
      const { at, id } = this.#heap[0]!
      const entry = this.#entries.get(id)
      if (entry && entry.nextAttemptAt === at) return entry
      this.#pop()
    }
    return undefined
  }

  #push(at: number, id: string): void {
    const heap = this.#heap
    heap.push({ at, id })
    let i = heap.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (heap[parent]!.at <= heap[i]!.at) break
      ;[heap[parent], heap[i]] = [heap[i]!, heap[parent]!]
      i = parent
    }
  }

  #pop(): void {
    const heap = this.#heap
    const last = heap.pop()!
    if (heap.length === 0) return
    heap[0] = last
    let i = 0
    for (;;) {
      const left = 2 * i + 1
      const right = left + 1
      let smallest = i
      if (left < heap.length && heap[left]!.at < heap[smallest]!.at) smallest = left
      if (right < heap.length && heap[right]!.at < heap[smallest]!.at) smallest = right
      if (smallest === i) return
      ;[heap[smallest], heap[i]] = [heap[i]!, heap[smallest]!]
      i = smallest
    }
  }
}

import { silentLogger, type Logger } from '../logger.ts'
import { RandomBytePool } from '../random-pool.ts'
import { lifecycleEvent, type LifecycleEvent, type LifecycleEventData, type LifecycleEventSink, type LifecycleEventType } from './lifecycle-event.ts'
import { MemoryOutbox } from './memory-outbox.ts'
import { newOutboxEntry, settleAttempt, type OutboxEntry, type WebhookStats } from './outbox.ts'
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.ts'
import type { SendWebhook } from './webhook-sender.ts'

/**
 * Events held at most, waiting or in flight. At ~300 bytes each, 100k is ~30 MB: a receiver down
 * for an hour at ~25 events/s loses nothing, and a flood cannot take the process's memory.
 */
export const DEFAULT_MAX_QUEUED_WEBHOOKS = 100_000
/** Attempts in flight at once: enough to keep up with a busy server over a keep-alive pool, few enough not to swamp a receiver. */
export const DEFAULT_WEBHOOK_CONCURRENCY = 32
/** A full queue is logged at most this often (with the running count), not once per dropped event. */
export const DROP_LOG_INTERVAL_MS = 10_000
/** How long `close()` waits for attempts in flight; they are kept (and persisted) either way. */
export const CLOSE_WAIT_MS = 5_000

export interface WebhookQueueOptions {
  readonly send: SendWebhook
  readonly maxQueued?: number
  readonly concurrency?: number
  readonly retry?: RetryPolicy
  /** Milliseconds since the epoch. */
  readonly now?: () => number
  /** In [0, 1), for the retry jitter. */
  readonly random?: () => number
  /** A CSPRNG, for webhook ids. */
  readonly randomBytes?: (length: number) => Uint8Array
  readonly logger?: Logger
  /** Entries a previous run left (see src/node/webhook-outbox-file.ts). */
  readonly restore?: readonly OutboxEntry[]
}

/**
 * The in-process outbox (the Node server's): a bounded queue of signed POSTs, delivered at least
 * once, retried with backoff until the retry policy's deadline. Runtime-agnostic: it needs only
 * `fetch` (through `send`) and timers. On a graceful stop, `close()` hands back what is still
 * pending for the caller to persist; `restore` takes it back at the next start.
 *
 * @example
 * const queue = new WebhookQueue({ send: webhookSender(settings), logger })
 * const links = createLinkService({ keyring, slots, events: queue })
 */
export class WebhookQueue implements LifecycleEventSink {
  readonly #send: SendWebhook
  readonly #outbox = new MemoryOutbox()
  readonly #maxQueued: number
  readonly #concurrency: number
  readonly #retry: RetryPolicy
  readonly #now: () => number
  readonly #random: () => number
  readonly #randomBytes: (length: number) => Uint8Array
  readonly #logger: Logger
  readonly #inFlight = new Set<Promise<void>>()
  #timer: ReturnType<typeof setTimeout> | undefined
  #timerAt = Infinity
  #closed = false
  #failing = false
  #lastDropLog = -Infinity
  #delivered = 0
  #failedAttempts = 0
  #gaveUp = 0
  #dropped = 0

  constructor(options: WebhookQueueOptions) {
    this.#send = options.send
    this.#maxQueued = options.maxQueued ?? DEFAULT_MAX_QUEUED_WEBHOOKS
    this.#concurrency = options.concurrency ?? DEFAULT_WEBHOOK_CONCURRENCY
    this.#retry = options.retry ?? DEFAULT_RETRY_POLICY
    this.#now = options.now ?? Date.now
    this.#random = options.random ?? Math.random
    // Ids from a pooled buffer, not one CSPRNG call per event: under mint load with webhooks on, a V8
    // profile put 355 ms of the HTTP thread's ~12 s in `randomFillSync` from one call per event.
    this.#randomBytes = options.randomBytes ?? pooledRandomBytes()
    this.#logger = options.logger ?? silentLogger
    // A restart is a good moment to try again: whatever took the receiver down may have passed too.
    const now = this.#now()
    for (const entry of options.restore ?? []) this.#outbox.add(entry.nextAttemptAt > now ? { ...entry, nextAttemptAt: now } : entry)
    this.#pump()
  }

  emit(type: LifecycleEventType, data: LifecycleEventData): void {
    this.enqueue(lifecycleEvent(type, data, this.#now()))
  }

  /** Queues one event; false (counted and logged) when the queue is full or closed. */
  enqueue(event: LifecycleEvent): boolean {
    if (this.#closed || this.#outbox.size >= this.#maxQueued) {
      this.#dropped++
      const now = this.#now()
      if (now - this.#lastDropLog >= DROP_LOG_INTERVAL_MS) {
        this.#lastDropLog = now
        this.#logger.warn({ event: 'webhook_dropped', type: event.type, dropped: this.#dropped, queued: this.#outbox.size, closed: this.#closed }, 'webhook queue full: event dropped')
      }
      return false
    }
    this.#outbox.add(newOutboxEntry(event, this.#randomBytes, this.#now()))
    this.#pump()
    return true
  }

  stats(): WebhookStats {
    return { queued: this.#outbox.size, delivered: this.#delivered, failedAttempts: this.#failedAttempts, gaveUp: this.#gaveUp, dropped: this.#dropped }
  }

  /**
   * Stops sending and returns every undelivered entry, those in flight included (they may then
   * arrive twice: at least once, never lost). Waits a little for attempts in flight to finish.
   */
  async close(): Promise<OutboxEntry[]> {
    this.#closed = true
    if (this.#timer !== undefined) clearTimeout(this.#timer)
    if (this.#inFlight.size > 0) {
      let timeout: ReturnType<typeof setTimeout> | undefined
      await Promise.race([Promise.allSettled([...this.#inFlight]), new Promise((resolve) => (timeout = setTimeout(resolve, CLOSE_WAIT_MS)))])
      if (timeout !== undefined) clearTimeout(timeout)
    }
    return this.#outbox.entries()
  }

  /** Starts every due attempt there is room for, then sleeps until the next one is due. */
  #pump(): void {
    if (this.#closed) return
    const now = this.#now()
    while (this.#inFlight.size < this.#concurrency) {
      const entry = this.#outbox.takeDue(now)
      if (!entry) break
      const attempt = this.#attempt(entry).finally(() => {
        this.#inFlight.delete(attempt)
        this.#pump()
      })
      this.#inFlight.add(attempt)
    }
    if (this.#inFlight.size >= this.#concurrency) return // the next settled attempt pumps again
    const next = this.#outbox.nextDueAt()
    if (next === undefined || next >= this.#timerAt) return
    if (this.#timer !== undefined) clearTimeout(this.#timer)
    this.#timerAt = next
    this.#timer = setTimeout(() => {
      this.#timerAt = Infinity
      this.#pump()
    }, Math.max(0, next - now))
    // A pending retry must not keep a finished process (or a test) alive; close() persists it.
    ;(this.#timer as { unref?: () => void }).unref?.()
  }

  async #attempt(entry: OutboxEntry): Promise<void> {
    const result = await this.#send(entry)
    if (this.#closed) {
      if (result.ok) this.#outbox.remove(entry.id)
      return
    }
    const settled = settleAttempt(entry, result, this.#retry, this.#now(), this.#random)
    if (result.ok) {
      this.#delivered++
      if (this.#failing) this.#logger.info({ event: 'webhook_receiver_recovered', queued: this.#outbox.size - 1 })
      this.#failing = false
    } else {
      this.#failedAttempts++
      // One line when the receiver starts failing, not one per attempt: an outage would flood the log.
      if (!this.#failing) this.#logger.warn({ event: 'webhook_receiver_failing', failure: result.failure, queued: this.#outbox.size }, 'webhook receiver failing: events are kept and retried')
      this.#failing = true
    }
    if (settled.outcome === 'retry') this.#outbox.retry(settled.entry)
    else this.#outbox.remove(entry.id)
    if (settled.outcome === 'gave_up') {
      this.#gaveUp++
      this.#logger.error({ event: 'webhook_gave_up', webhookId: entry.id, type: entry.type, attempts: entry.failedAttempts + 1 }, 'webhook not delivered before the retry deadline')
    }
  }
}

function pooledRandomBytes(): (length: number) => Uint8Array {
  const pool = new RandomBytePool()
  return (length) => pool.take(length)
}

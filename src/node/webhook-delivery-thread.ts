/**
 * The Node `SendWebhook`: each attempt is signed and POSTed by one dedicated worker thread
 * (webhook-delivery-worker.ts), not on the main thread that serves requests. The WebhookQueue
 * (src/core/webhooks/webhook-queue.ts) stays on the main thread with the outbox, the retry rules,
 * the counts and what a stop persists; this hands the thread the attempts queued in one turn of
 * the event loop as one message, and settles each attempt from the thread's batched results.
 *
 * Why: signing (pure-JS HMAC in `standardwebhooks`) and `fetch` cost ~500 µs of the main thread's
 * CPU per event, and with webhooks on, consume ran at 0.22× its rate without them.
 */
import { Worker } from 'node:worker_threads'
import { silentLogger, type Logger } from '../core/logger.ts'
import { WEBHOOK_ATTEMPT_TIMEOUT_MS, type AttemptResult, type OutgoingWebhook, type SendWebhook } from '../core/webhooks/webhook-sender.ts'
import type { WebhookSettings } from '../core/webhooks/webhook-settings.ts'
import { typeScriptThreadEntry } from './typescript-loader.ts'
import type { AttemptRequest, DeliveryThreadData, FromDeliveryThread, ThreadReady, ToDeliveryThread } from './webhook-delivery-protocol.ts'

/** The thread, compiled beside this file in dist/, or its source when run from source (tsx, vitest). */
const WORKER_URL = new URL(`./webhook-delivery-worker.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url)
/** Keep-alive connections to the receiver: the queue's attempts in flight (32 by default) need no more. */
export const DEFAULT_DELIVERY_CONNECTIONS = 32

const CLOSED: AttemptResult = { ok: false, failure: 'delivery thread closed' }
const EXITED: AttemptResult = { ok: false, failure: 'delivery thread exited' }
const DELIVERED: AttemptResult = { ok: true }

export interface WebhookDeliveryThreadOptions {
  readonly timeoutMs?: number
  readonly connections?: number
  /** Lower the thread's scheduling priority (Linux; default true): see webhook-delivery-worker.ts. */
  readonly lowPriority?: boolean
  /** Where an unexpected exit of the thread is reported (never a payload or the secret). */
  readonly logger?: Logger
}

/**
 * @example
 * const delivery = new WebhookDeliveryThread({ url, secret })
 * const queue = new WebhookQueue({ send: delivery.send })
 * // at stop: persist `await queue.close()`, then
 * await delivery.close()
 */
export class WebhookDeliveryThread {
  readonly #data: DeliveryThreadData
  readonly #logger: Logger
  #worker: Worker | undefined
  #ready: Promise<Omit<ThreadReady, 'kind'>> | undefined
  readonly #waiting = new Map<number, (result: AttemptResult) => void>()
  #outgoing: AttemptRequest[] = []
  #flushScheduled = false
  #nextSeq = 0
  #closed = false

  constructor(settings: WebhookSettings, options: WebhookDeliveryThreadOptions = {}) {
    this.#data = {
      url: settings.url,
      secret: settings.secret,
      timeoutMs: options.timeoutMs ?? WEBHOOK_ATTEMPT_TIMEOUT_MS,
      connections: options.connections ?? DEFAULT_DELIVERY_CONNECTIONS,
      lowPriority: options.lowPriority ?? true,
    }
    this.#logger = options.logger ?? silentLogger
    this.#spawn()
  }

  /** One attempt: resolves with the thread's result, or a failure if the thread closes or dies first. */
  readonly send: SendWebhook = ({ id, payload }: OutgoingWebhook) => {
    if (this.#closed) return Promise.resolve(CLOSED)
    if (!this.#worker) this.#spawn()
    return new Promise<AttemptResult>((resolve) => {
      const seq = this.#nextSeq++
      // An attempt in flight keeps the process up, as a pending request would; an idle thread does not.
      if (this.#waiting.size === 0) this.#worker?.ref()
      this.#waiting.set(seq, resolve)
      this.#outgoing.push({ seq, id, payload })
      if (!this.#flushScheduled) {
        this.#flushScheduled = true
        setImmediate(this.#flush)
      }
    })
  }

  /** The thread's OS id (Linux) and whether its priority was lowered, once it has started. */
  ready(): Promise<Omit<ThreadReady, 'kind'>> {
    if (!this.#ready) this.#spawn()
    return this.#ready!
  }

  /**
   * Ends the thread. Attempts still in flight resolve as failed: close the queue first, so that
   * they are among the entries it hands back to persist (such an event may then arrive twice, but is never lost).
   */
  async close(): Promise<void> {
    this.#closed = true
    this.#outgoing = []
    this.#settleAll(CLOSED)
    const worker = this.#worker
    this.#worker = undefined
    if (worker) await worker.terminate()
  }

  readonly #flush = () => {
    this.#flushScheduled = false
    if (this.#outgoing.length === 0 || !this.#worker) return
    const message: ToDeliveryThread = { kind: 'send', attempts: this.#outgoing }
    this.#outgoing = []
    this.#worker.postMessage(message)
  }

  #spawn(): void {
    const fromSource = typeScriptThreadEntry(WORKER_URL)
    const worker = fromSource ? new Worker(fromSource, { eval: true, workerData: this.#data }) : new Worker(WORKER_URL, { workerData: this.#data })
    // Idle, the thread must not keep a finished process alive (send() refs it while attempts are in flight).
    worker.unref()
    this.#worker = worker
    let announce: (ready: Omit<ThreadReady, 'kind'>) => void
    this.#ready = new Promise((resolve) => (announce = resolve))
    worker.on('message', (message: FromDeliveryThread) => {
      if (message.kind === 'ready') announce({ osThreadId: message.osThreadId, lowered: message.lowered })
      else this.#settle(message.delivered, message.failed)
    })
    // The thread catches every failure of an attempt; an error here is a bug, logged by its name only.
    worker.on('error', (error) => this.#logger.error({ event: 'webhook_delivery_thread_error', error: error.name }))
    worker.on('exit', (code) => {
      if (this.#worker !== worker) return
      this.#worker = undefined
      this.#ready = undefined
      announce({ osThreadId: undefined, lowered: false })
      this.#logger.error({ event: 'webhook_delivery_thread_exited', code, inFlight: this.#waiting.size }, 'webhook delivery thread exited: its attempts are retried, on a new thread')
      this.#outgoing = []
      this.#settleAll(EXITED)
    })
  }

  #settle(delivered: readonly number[], failed: readonly (readonly [number, string])[]): void {
    for (const seq of delivered) this.#take(seq)?.(DELIVERED)
    for (const [seq, failure] of failed) this.#take(seq)?.({ ok: false, failure })
    if (this.#waiting.size === 0) this.#worker?.unref()
  }

  #take(seq: number): ((result: AttemptResult) => void) | undefined {
    const resolve = this.#waiting.get(seq)
    this.#waiting.delete(seq)
    return resolve
  }

  #settleAll(result: AttemptResult): void {
    const waiting = [...this.#waiting.values()]
    this.#waiting.clear()
    for (const resolve of waiting) resolve(result)
  }
}

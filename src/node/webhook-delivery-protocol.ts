/**
 * The messages between the webhook delivery thread's two sides: the pool side on the server's
 * main thread (webhook-delivery-thread.ts) and the thread itself (webhook-delivery-worker.ts).
 * Typed in one place, so neither side imports the other.
 */

/** The lowest priority Linux has (nice 19): the delivery thread runs when serving leaves a core idle. */
export const DELIVERY_THREAD_NICE = 19

/** What the thread is started with (`workerData`). The secret stays in the thread's memory; it is never sent back or logged. */
export interface DeliveryThreadData {
  readonly url: string
  readonly secret: string
  /** Per attempt: a receiver that has not answered in this long has failed this attempt. */
  readonly timeoutMs: number
  /** Keep-alive connections to the receiver, at most. */
  readonly connections: number
  /** Whether the thread lowers its own scheduling priority (see the worker). */
  readonly lowPriority: boolean
}

/** One attempt of one webhook; `seq` names the attempt, `id` is the event's `webhook-id`. */
export interface AttemptRequest {
  readonly seq: number
  readonly id: string
  readonly payload: string
}

/** Main → thread: the attempts queued since the last message (one message per event-loop turn, not per event). */
export interface SendBatch {
  readonly kind: 'send'
  readonly attempts: readonly AttemptRequest[]
}

/** Thread → main: the attempts settled since the last message. A failure is a status or an error's name, never a URL. */
export interface ResultBatch {
  readonly kind: 'results'
  readonly delivered: readonly number[]
  readonly failed: readonly (readonly [seq: number, failure: string])[]
}

/** Thread → main, once at start: the thread's own OS id (Linux), and whether lowering its priority took effect. */
export interface ThreadReady {
  readonly kind: 'ready'
  readonly osThreadId: number | undefined
  readonly lowered: boolean
}

export type ToDeliveryThread = SendBatch
export type FromDeliveryThread = ResultBatch | ThreadReady

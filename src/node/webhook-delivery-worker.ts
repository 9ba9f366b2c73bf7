/**
 * The webhook delivery thread: signs each attempt with `standardwebhooks` and POSTs it over a
 * keep-alive undici Pool, off the server's main thread. Started by webhook-delivery-thread.ts;
 * the queue, its retry rules and its persistence stay on the main thread, which hands this thread
 * batches of attempts and gets batches of results back.
 *
 * This thread never logs: a payload names a subject, the secret signs every event, and the URL may
 * carry a receiver's token. A failure is reported as a status or an error's name and code only.
 */
import { readlinkSync } from 'node:fs'
import { setPriority } from 'node:os'
import { parentPort, workerData } from 'node:worker_threads'
import { Webhook } from 'standardwebhooks'
import { Pool } from 'undici'
import { attemptFailure, signedWebhookHeaders } from '../core/webhooks/webhook-signature.ts'
import { DELIVERY_THREAD_NICE, type AttemptRequest, type DeliveryThreadData, type FromDeliveryThread, type ToDeliveryThread } from './webhook-delivery-protocol.ts'

const settings = workerData as DeliveryThreadData
const port = parentPort!
const signer = new Webhook(settings.secret)
const target = new URL(settings.url)
const path = target.pathname + target.search

/**
 * undici's Pool and `request` rather than `fetch`: on this machine (Node 20, 32 at once to a local
 * sink) fetch cost ~490 µs of CPU per POST, `Pool.request` ~65 µs, node:http with a keep-alive
 * agent ~110 µs. `request` follows no redirect: a 3xx is a failed attempt, like `redirect: manual`.
 * The attempt's bound is undici's own timers rather than an AbortSignal per attempt, which cost
 * ~20 µs more per POST: each phase (connecting, then the answer's headers, then each body chunk)
 * gets `timeoutMs`, so a receiver slow at both connecting and answering can hold one attempt longer.
 */
const pool = new Pool(target.origin, {
  connections: settings.connections,
  connect: { timeout: settings.timeoutMs },
  headersTimeout: settings.timeoutMs,
  bodyTimeout: settings.timeoutMs,
})

const lowered = settings.lowPriority ? lowerOwnPriority() : { osThreadId: undefined, lowered: false }
post({ kind: 'ready', ...lowered })

let delivered: number[] = []
let failed: (readonly [number, string])[] = []
let flushScheduled = false

port.on('message', (message: ToDeliveryThread) => {
  for (const attempt of message.attempts) void deliver(attempt)
})

async function deliver({ seq, id, payload }: AttemptRequest): Promise<void> {
  let failure: string | undefined
  try {
    // Signed afresh at each attempt: receivers refuse timestamps more than five minutes old, and a retry may be hours later.
    const at = new Date()
    const response = await pool.request({
      path,
      method: 'POST',
      headers: signedWebhookHeaders(signer, { id, payload }, at),
      body: payload,
    })
    // The body is not ours to read, but an unread one would hold its connection.
    await response.body.dump().catch(() => {})
    if (response.statusCode < 200 || response.statusCode >= 300) failure = `status ${response.statusCode}`
  } catch (error) {
    failure = attemptFailure(error)
  }
  if (failure === undefined) delivered.push(seq)
  else failed.push([seq, failure])
  if (!flushScheduled) {
    flushScheduled = true
    // One message per turn of this thread's loop, however many attempts settled in it.
    setImmediate(flush)
  }
}

function flush(): void {
  flushScheduled = false
  post({ kind: 'results', delivered, failed })
  delivered = []
  failed = []
}

function post(message: FromDeliveryThread): void {
  port.postMessage(message)
}

/**
 * Delivery is at-least-once background work: under saturation serving must win, and the queue
 * (bounded, its overflow counted) absorbs the lag; when the CPU is idle this thread runs at full
 * speed. Linux schedules threads one by one, and setpriority(2) on a thread id renices that
 * thread alone, not the server's main thread or the slot workers. `/proc/thread-self` names this
 * thread (`<pid>/task/<tid>`). Elsewhere (or without /proc) the thread keeps the default priority.
 */
function lowerOwnPriority(): { osThreadId: number | undefined; lowered: boolean } {
  let osThreadId: number | undefined
  try {
    osThreadId = Number(/\/task\/(\d+)$/.exec(readlinkSync('/proc/thread-self'))?.[1])
    if (!Number.isInteger(osThreadId)) return { osThreadId: undefined, lowered: false }
    setPriority(osThreadId, DELIVERY_THREAD_NICE)
    return { osThreadId, lowered: true }
  } catch {
    return { osThreadId, lowered: false }
  }
}

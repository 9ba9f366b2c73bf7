/**
 * The `slotlink-webhooks` server's outbox, read from its /metrics: before and after each phase,
 * and until it has drained. Delivery runs at low priority and lags under load by design, so a
 * phase ends only once every event it caused has been delivered: the next window (of any server)
 * must not share the machine with this one's backlog, and the row says what that backlog was.
 */
import { setTimeout as sleep } from 'node:timers/promises'

/** What a phase left the outbox with: events delivered (its warm-up and any priming included), dropped, and how long the backlog took. */
export interface WebhookPhase {
  readonly delivered: number
  /** Events a full queue refused: a row with any is not a fair comparison. */
  readonly dropped: number
  /** From the end of the phase's load to an empty queue. */
  readonly drainMs: number
  /** False if the queue was not empty by the deadline. */
  readonly drained: boolean
}

export interface WebhookCounts {
  readonly queued: number
  readonly delivered: number
  readonly dropped: number
}

/** Longest wait for a backlog: a phase queues at most ~100k events, which an idle core sends in well under this. */
export const DRAIN_DEADLINE_MS = 180_000
const POLL_MS = 100

export async function webhookCounts(url: string, apiKey: string): Promise<WebhookCounts> {
  const response = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${apiKey}` }, signal: AbortSignal.timeout(10_000) })
  const text = await response.text()
  const read = (name: string) => {
    const value = new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1]
    if (value === undefined) throw new Error(`${url}/metrics has no ${name}`)
    return Number(value)
  }
  return { queued: read('slotlink_webhook_queue_depth'), delivered: read('slotlink_webhook_delivered_total'), dropped: read('slotlink_webhook_dropped_total') }
}

/** Polls until the queue is empty (or the deadline), from the moment the phase's load ended. */
export async function drainWebhooks(url: string, apiKey: string, deadlineMs = DRAIN_DEADLINE_MS): Promise<{ counts: WebhookCounts; drainMs: number; drained: boolean }> {
  const started = performance.now()
  for (;;) {
    const counts = await webhookCounts(url, apiKey)
    const drainMs = performance.now() - started
    if (counts.queued === 0) return { counts, drainMs, drained: true }
    if (drainMs > deadlineMs) return { counts, drainMs, drained: false }
    await sleep(POLL_MS)
  }
}

/** A phase's figures from the counts before it and after its drain. */
export function webhookPhase(before: WebhookCounts, after: { counts: WebhookCounts; drainMs: number; drained: boolean }): WebhookPhase {
  return { delivered: after.counts.delivered - before.delivered, dropped: after.counts.dropped - before.dropped, drainMs: after.drainMs, drained: after.drained }
}

/** One server's slices of a phase as one: counts add up, the drain is the longest slice's. */
export function joinWebhookPhases(parts: readonly (WebhookPhase | undefined)[]): WebhookPhase | undefined {
  const phases = parts.filter((p): p is WebhookPhase => p !== undefined)
  if (phases.length === 0) return undefined
  return {
    delivered: phases.reduce((sum, p) => sum + p.delivered, 0),
    dropped: phases.reduce((sum, p) => sum + p.dropped, 0),
    drainMs: Math.max(...phases.map((p) => p.drainMs)),
    drained: phases.every((p) => p.drained),
  }
}

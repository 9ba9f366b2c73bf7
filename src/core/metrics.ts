import type { LinkFailure, LinkObserver } from './link-service.ts'
import type { SlotStats } from './slot-store.ts'
import type { WebhookStats } from './webhooks/outbox.ts'

/**
 * Counters for `/metrics`, in the Prometheus text format.
 *
 * Written by hand because prom-client is Node-only and the core also runs on workerd; the format
 * for counters, gauges and one histogram is a few lines.
 */
export class Metrics implements LinkObserver {
  #opened = 0
  #consumed = 0
  #revoked = 0
  /** Refusals by operation, then by reason: nested so that counting builds no label string. */
  #rejected = new Map<string, Map<string, number>>()
  #requests = new Map<string, number>()
  #durationBuckets = DURATION_BUCKETS_SECONDS.map(() => 0)
  #durationCount = 0
  #durationSum = 0

  outcome(operation: 'issue' | 'peek' | 'consume' | 'revoke', result: 'ok' | LinkFailure): void {
    if (result === 'ok') {
      if (operation === 'issue') this.#opened++
      else if (operation === 'consume') this.#consumed++
      else if (operation === 'revoke') this.#revoked++
      return
    }
    let byReason = this.#rejected.get(operation)
    if (!byReason) this.#rejected.set(operation, (byReason = new Map()))
    byReason.set(result, (byReason.get(result) ?? 0) + 1)
  }

  /** Records one HTTP request by route pattern and status. */
  request(method: string, route: string, status: number, seconds: number): void {
    const key = `method="${method}",route="${escapeLabel(route)}",status="${status}"`
    this.#requests.set(key, (this.#requests.get(key) ?? 0) + 1)
    for (let i = 0; i < DURATION_BUCKETS_SECONDS.length; i++) if (seconds <= DURATION_BUCKETS_SECONDS[i]!) this.#durationBuckets[i]!++
    this.#durationCount++
    this.#durationSum += seconds
  }

  /** `webhooks`: the outbox's counts, when lifecycle events are on. */
  render(slots: SlotStats, webhooks?: WebhookStats): string {
    const lines: string[] = []
    const metric = (name: string, type: string, help: string, samples: [string, number][]) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`)
      for (const [labels, value] of samples) lines.push(`${name}${labels ? `{${labels}}` : ''} ${value}`)
    }
    metric('slotlink_links_opened_total', 'counter', 'Links minted.', [['', this.#opened]])
    metric('slotlink_links_consumed_total', 'counter', 'Links used (the one successful consume).', [['', this.#consumed]])
    metric('slotlink_links_revoked_total', 'counter', 'Links revoked one by one.', [['', this.#revoked]])
    metric('slotlink_links_rejected_total', 'counter', 'Requests about a link that were refused, by reason.', [...this.#rejected].flatMap(([operation, byReason]) => [...byReason].map(([reason, n]) => [`operation="${operation}",reason="${reason}"`, n] as [string, number])))
    if (slots.expired !== undefined) metric('slotlink_links_expired_total', 'counter', 'Links freed by their expiry, unused.', [['', slots.expired]])
    metric('slotlink_open_slots', 'gauge', 'Open slots (links that can still be used).', [['', slots.open]])
    if (slots.perOwner) {
      metric('slotlink_open_slots_by_worker', 'gauge', 'Open slots per slot worker (by epoch).', slots.perOwner.map((o) => [`worker="${o.owner}"`, o.open]))
      const heaps = slots.perOwner.filter((o) => o.heapBytes !== undefined)
      if (heaps.length > 0) metric('slotlink_worker_heap_bytes', 'gauge', 'V8 heap in use per slot worker.', heaps.map((o) => [`worker="${o.owner}"`, o.heapBytes!]))
    }
    metric('slotlink_slot_queue_depth', 'gauge', 'Requests waiting for a slot worker.', [['', slots.queued]])
    if (webhooks) {
      metric('slotlink_webhook_queue_depth', 'gauge', 'Lifecycle events waiting for delivery (or being sent).', [['', webhooks.queued]])
      metric('slotlink_webhook_delivered_total', 'counter', 'Lifecycle events delivered (a 2xx from the receiver).', [['', webhooks.delivered]])
      metric('slotlink_webhook_failed_attempts_total', 'counter', 'Webhook attempts that failed (each is retried until the deadline).', [['', webhooks.failedAttempts]])
      metric('slotlink_webhook_gave_up_total', 'counter', 'Lifecycle events not delivered before the retry deadline.', [['', webhooks.gaveUp]])
      metric('slotlink_webhook_dropped_total', 'counter', 'Lifecycle events dropped because the queue was full.', [['', webhooks.dropped]])
    }
    metric('slotlink_http_requests_total', 'counter', 'HTTP requests by route pattern and status.', [...this.#requests])
    lines.push('# HELP slotlink_http_request_duration_seconds HTTP request duration.', '# TYPE slotlink_http_request_duration_seconds histogram')
    DURATION_BUCKETS_SECONDS.forEach((le, i) => lines.push(`slotlink_http_request_duration_seconds_bucket{le="${le}"} ${this.#durationBuckets[i]}`))
    lines.push(`slotlink_http_request_duration_seconds_bucket{le="+Inf"} ${this.#durationCount}`)
    lines.push(`slotlink_http_request_duration_seconds_sum ${this.#durationSum}`, `slotlink_http_request_duration_seconds_count ${this.#durationCount}`)
    return lines.join('\n') + '\n'
  }
}

const DURATION_BUCKETS_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')
}

import type { LinkFailure, LinkObserver, Operation } from './link-service.ts'
import type { SlotStats } from './slot-store.ts'
import type { WebhookStats } from './webhooks/outbox.ts'

/** More metrics in the Prometheus text format, appended to `/metrics` (e.g. Node's process metrics). */
export type MetricsCollector = () => string | Promise<string>

export interface MetricsOptions {
  /** Runtime-specific metrics; the core itself stays runtime-agnostic. */
  collectors?: MetricsCollector[]
}

/** The requests and durations of one route pattern and method. */
class RouteSeries {
  readonly byStatus = new Map<number, number>()
  readonly buckets = DURATION_BUCKETS_SECONDS.map(() => 0)
  count = 0
  sum = 0
}

/**
 * Counters for `/metrics`, in the Prometheus text format.
 *
 * Written by hand because prom-client is Node-only and the core also runs on workerd; the format
 * for counters, gauges and one histogram is a few lines. Node adds prom-client's process metrics
 * through `collectors`.
 */
export class Metrics implements LinkObserver {
  readonly #collectors: MetricsCollector[]
  constructor(options: MetricsOptions = {}) {
    this.#collectors = options.collectors ?? []
  }

  #opened = 0
  #consumed = 0
  #redeemed = 0
  #revoked = 0
  /** Refusals by operation, then by reason: nested so that counting builds no label string. */
  #rejected = new Map<string, Map<string, number>>()
  /** By route pattern, then method: nested so that counting builds no label string. */
  #routes = new Map<string, Map<string, RouteSeries>>()

  outcome(operation: Operation, result: 'ok' | LinkFailure): void {
    if (result === 'ok') {
      if (operation === 'issue') this.#opened++
      else if (operation === 'consume') this.#consumed++
      else if (operation === 'redeem') this.#redeemed++
      else if (operation === 'revoke') this.#revoked++
      return
    }
    let byReason = this.#rejected.get(operation)
    if (!byReason) this.#rejected.set(operation, (byReason = new Map()))
    byReason.set(result, (byReason.get(result) ?? 0) + 1)
  }

  /**
   * Records one HTTP request by route pattern (never the path: paths carry tokens), method and
   * status. Routes and methods are few and fixed, so the series are too.
   */
  request(method: string, route: string, status: number, seconds: number): void {
    let byMethod = this.#routes.get(route)
    if (!byMethod) this.#routes.set(route, (byMethod = new Map()))
    let series = byMethod.get(method)
    if (!series) byMethod.set(method, (series = new RouteSeries()))
    series.byStatus.set(status, (series.byStatus.get(status) ?? 0) + 1)
    for (let i = 0; i < DURATION_BUCKETS_SECONDS.length; i++) if (seconds <= DURATION_BUCKETS_SECONDS[i]!) series.buckets[i]!++
    series.count++
    series.sum += seconds
  }

  /** `render` plus what the runtime's collectors add. */
  async renderAll(slots: SlotStats, webhooks?: WebhookStats): Promise<string> {
    const extra = await Promise.all(this.#collectors.map((collect) => collect()))
    return [this.render(slots, webhooks), ...extra].join('')
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
    metric('slotlink_links_redeemed_total', 'counter', 'Links used by their typed code (the one successful redeem).', [['', this.#redeemed]])
    metric('slotlink_links_revoked_total', 'counter', 'Links revoked one by one.', [['', this.#revoked]])
    metric('slotlink_links_rejected_total', 'counter', 'Requests about a link that were refused, by reason.', [...this.#rejected].flatMap(([operation, byReason]) => [...byReason].map(([reason, n]) => [`operation="${operation}",reason="${reason}"`, n] as [string, number])))
    if (slots.expired !== undefined) metric('slotlink_links_expired_total', 'counter', 'Links freed by their expiry, unused.', [['', slots.expired]])
    metric('slotlink_open_slots', 'gauge', 'Open slots (links that can still be used).', [['', slots.open]])
    if (slots.tombstones !== undefined) metric('slotlink_tombstones', 'gauge', 'Tombstones: used links remembered (reason and time) until their expiry.', [['', slots.tombstones]])
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
    const series = [...this.#routes].flatMap(([route, byMethod]) => [...byMethod].map(([method, s]) => [`method="${escapeLabel(method)}",route="${escapeLabel(route)}"`, s] as const))
    metric('slotlink_http_requests_total', 'counter', 'HTTP requests by route pattern, method and status.', series.flatMap(([labels, s]) => [...s.byStatus].map(([status, n]) => [`${labels},status="${status}"`, n] as [string, number])))
    lines.push('# HELP slotlink_http_request_duration_seconds HTTP request duration by route pattern and method.', '# TYPE slotlink_http_request_duration_seconds histogram')
    for (const [labels, s] of series) {
      DURATION_BUCKETS_SECONDS.forEach((le, i) => lines.push(`slotlink_http_request_duration_seconds_bucket{${labels},le="${le}"} ${s.buckets[i]}`))
      lines.push(`slotlink_http_request_duration_seconds_bucket{${labels},le="+Inf"} ${s.count}`)
      lines.push(`slotlink_http_request_duration_seconds_sum{${labels}} ${s.sum}`, `slotlink_http_request_duration_seconds_count{${labels}} ${s.count}`)
    }
    return lines.join('\n') + '\n'
  }
}

const DURATION_BUCKETS_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')
}

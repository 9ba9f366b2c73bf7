import { DurableObject } from 'cloudflare:workers'
import { newOutboxEntry, settleAttempt, type OutboxEntry, type WebhookStats } from '../core/webhooks/outbox.ts'
import type { LifecycleEvent, LifecycleEventType } from '../core/webhooks/lifecycle-event.ts'
import { DEFAULT_RETRY_POLICY } from '../core/webhooks/retry-policy.ts'
import { webhookSender } from '../core/webhooks/webhook-sender.ts'
import { parseWebhookSettings } from '../core/webhooks/webhook-settings.ts'
import { consoleLogger } from './console-logger.ts'
import type { OutboxBindings } from './bindings.ts'

/**
 * Outbox shards: a Durable Object serves on the order of a thousand requests a second, and every
 * issue and consume writes one event, so events spread over a few objects by link id.
 */
export const WEBHOOK_OUTBOX_SHARDS = 4
/** Events one shard holds at most (~300 bytes each): a day's outage of a busy site, a bounded disk. */
export const MAX_QUEUED_PER_SHARD = 50_000
/** Attempts one alarm makes at once; the next alarm follows at once while more are due. */
export const DELIVERY_BATCH = 32
/** A full shard is logged at most this often, with the running count. */
const DROP_LOG_INTERVAL_MS = 10_000

/** The shard for a link id; one link's events always go to one shard, in order of arrival. */
export function outboxShardFor(linkId: string): string {
  let sum = 0
  for (let i = 0; i < linkId.length; i++) sum += linkId.charCodeAt(i)
  return `outbox-${sum % WEBHOOK_OUTBOX_SHARDS}`
}

export const outboxShardNames = () => Array.from({ length: WEBHOOK_OUTBOX_SHARDS }, (_, i) => `outbox-${i}`)

type Row = { id: string; type: string; payload: string; queued_at: number; failed_attempts: number; next_attempt_at: number }
const ZERO_COUNTS = { delivered: 0, failedAttempts: 0, gaveUp: 0, dropped: 0 }
type Counts = typeof ZERO_COUNTS

/**
 * The edge's webhook outbox: events are written to this object's SQLite storage before the request
 * that caused them answers, and its alarm delivers them, retrying with the same policy as Node
 * (src/core/webhooks/retry-policy.ts). Storage and alarms outlive isolates, deploys and evictions,
 * so a receiver that is down loses nothing; a best-effort fetch from the request would.
 */
export class WebhookOutbox extends DurableObject<OutboxBindings> {
  #lastDropLog = -Infinity
  /**
   * Rows in the outbox, counted once per instance and kept up to date by this instance's own
   * inserts and deletes (the only writers: a Durable Object is single-threaded). `COUNT(*)` per
   * event would read, and bill, every queued row: 50,000 reads per event with a receiver down.
   */
  #queuedRows: number | undefined

  constructor(ctx: DurableObjectState, env: OutboxBindings) {
    super(ctx, env)
    ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS outbox (
      id TEXT PRIMARY KEY, type TEXT NOT NULL, payload TEXT NOT NULL,
      queued_at INTEGER NOT NULL, failed_attempts INTEGER NOT NULL, next_attempt_at INTEGER NOT NULL)`)
    ctx.storage.sql.exec('CREATE INDEX IF NOT EXISTS outbox_due ON outbox (next_attempt_at)')
  }

  /** Keeps one event for delivery; false (counted, logged) when this shard is full. */
  async enqueue(event: LifecycleEvent): Promise<boolean> {
    const queued = this.#queued()
    if (queued >= MAX_QUEUED_PER_SHARD) {
      const counts = this.#bump({ dropped: 1 })
      if (Date.now() - this.#lastDropLog >= DROP_LOG_INTERVAL_MS) {
        this.#lastDropLog = Date.now()
        consoleLogger.warn({ event: 'webhook_dropped', type: event.type, dropped: counts.dropped, queued }, 'webhook outbox full: event dropped')
      }
      return false
    }
    const entry = newOutboxEntry(event, (n) => crypto.getRandomValues(new Uint8Array(n)), Date.now())
    this.ctx.storage.sql.exec(
      'INSERT INTO outbox (id, type, payload, queued_at, failed_attempts, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?)',
      entry.id, entry.type, entry.payload, entry.queuedAt, entry.failedAttempts, entry.nextAttemptAt,
    )
    this.#queuedRows = queued + 1
    const alarm = await this.ctx.storage.getAlarm()
    if (alarm === null || alarm > entry.nextAttemptAt) await this.ctx.storage.setAlarm(entry.nextAttemptAt)
    return true
  }

  async stats(): Promise<WebhookStats> {
    return { queued: this.#queued(), ...this.#counts() }
  }

  /** Delivers what is due, settles each attempt, and sets the alarm for the next due event. */
  override async alarm(): Promise<void> {
    const settings = parseWebhookSettings(this.env.SLOTLINK_WEBHOOK_URL, this.env.SLOTLINK_WEBHOOK_SECRET)
    if (!settings.ok || !settings.settings) {
      // Events stay; the next enqueue (once the worker is configured again) re-arms the alarm.
      consoleLogger.error({ event: 'webhook_outbox_unconfigured', variable: settings.ok ? 'SLOTLINK_WEBHOOK_URL' : settings.variable })
      return
    }
    const send = webhookSender(settings.settings)
    const now = Date.now()
    const due = this.ctx.storage.sql.exec<Row>('SELECT * FROM outbox WHERE next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?', now, DELIVERY_BATCH).toArray().map(entryOf)
    const results = await Promise.all(due.map(send))
    const counts = { ...ZERO_COUNTS }
    let failure: string | undefined
    due.forEach((entry, i) => {
      const result = results[i]!
      const settled = settleAttempt(entry, result, DEFAULT_RETRY_POLICY, Date.now(), Math.random)
      if (!result.ok) {
        counts.failedAttempts++
        failure = result.failure
      }
      if (settled.outcome === 'retry') {
        this.ctx.storage.sql.exec('UPDATE outbox SET failed_attempts = ?, next_attempt_at = ? WHERE id = ?', settled.entry.failedAttempts, settled.entry.nextAttemptAt, entry.id)
        return
      }
      const queued = this.#queued()
      this.ctx.storage.sql.exec('DELETE FROM outbox WHERE id = ?', entry.id)
      this.#queuedRows = queued - 1
      if (settled.outcome === 'delivered') counts.delivered++
      else {
        counts.gaveUp++
        consoleLogger.error({ event: 'webhook_gave_up', webhookId: entry.id, type: entry.type, attempts: entry.failedAttempts + 1 }, 'webhook not delivered before the retry deadline')
      }
    })
    this.#bump(counts)
    if (failure !== undefined) consoleLogger.warn({ event: 'webhook_attempts_failed', failed: counts.failedAttempts, failure, queued: this.#queued() })
    const next = this.ctx.storage.sql.exec<{ at: number | null }>('SELECT MIN(next_attempt_at) AS at FROM outbox').one().at
    if (next !== null) await this.ctx.storage.setAlarm(Math.max(next, Date.now()))
  }

  #queued(): number {
    this.#queuedRows ??= this.ctx.storage.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM outbox').one().n
    return this.#queuedRows
  }

  #counts(): Counts {
    return this.ctx.storage.kv.get<Counts>('counts') ?? ZERO_COUNTS
  }

  #bump(by: Partial<Counts>): Counts {
    const counts = this.#counts()
    const next = {
      delivered: counts.delivered + (by.delivered ?? 0),
      failedAttempts: counts.failedAttempts + (by.failedAttempts ?? 0),
      gaveUp: counts.gaveUp + (by.gaveUp ?? 0),
      dropped: counts.dropped + (by.dropped ?? 0),
    }
    this.ctx.storage.kv.put('counts', next)
    return next
  }
}

function entryOf(row: Row): OutboxEntry {
  return {
    id: row.id,
    type: row.type as LifecycleEventType,
    payload: row.payload,
    queuedAt: row.queued_at,
    failedAttempts: row.failed_attempts,
    nextAttemptAt: row.next_attempt_at,
  }
}

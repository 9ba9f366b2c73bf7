import { encodeBase64UrlNoPad } from '../base64url.ts'
import type { LifecycleEvent, LifecycleEventType } from './lifecycle-event.ts'
import { nextAttemptAt, type RetryPolicy } from './retry-policy.ts'
import type { AttemptResult, OutgoingWebhook } from './webhook-sender.ts'

/** 128 random bits: webhook ids never repeat, so a receiver may de-duplicate on them alone. */
export const WEBHOOK_ID_BYTES = 16

/** A webhook waiting for delivery, as an outbox keeps it (in memory, a file, or Durable Object storage). */
export interface OutboxEntry extends OutgoingWebhook {
  readonly type: LifecycleEventType
  /** When it was queued (ms since the epoch): the retry deadline counts from here. */
  readonly queuedAt: number
  readonly failedAttempts: number
  readonly nextAttemptAt: number
}

/** What /metrics shows about webhooks. */
export interface WebhookStats {
  /** Waiting, or being sent now. */
  readonly queued: number
  readonly delivered: number
  /** Attempts that failed and were (or will be) retried, or given up. */
  readonly failedAttempts: number
  /** Events whose retry deadline passed without a delivery. */
  readonly gaveUp: number
  /** Events refused because the queue was full. */
  readonly dropped: number
}

/** A fresh entry: due now, with a new id. */
export function newOutboxEntry(event: LifecycleEvent, randomBytes: (length: number) => Uint8Array, now: number): OutboxEntry {
  return {
    id: `msg_${encodeBase64UrlNoPad(randomBytes(WEBHOOK_ID_BYTES))}`,
    type: event.type,
    payload: JSON.stringify(event),
    queuedAt: now,
    failedAttempts: 0,
    nextAttemptAt: now,
  }
}

export type Settled = { readonly outcome: 'delivered' } | { readonly outcome: 'retry'; readonly entry: OutboxEntry } | { readonly outcome: 'gave_up' }

/**
 * What becomes of an entry after one attempt: gone (delivered, or past its deadline), or back in
 * the queue for a later attempt. The one rule both runtimes' outboxes follow.
 */
export function settleAttempt(entry: OutboxEntry, result: AttemptResult, policy: RetryPolicy, now: number, random: () => number): Settled {
  if (result.ok) return { outcome: 'delivered' }
  const failedAttempts = entry.failedAttempts + 1
  const at = nextAttemptAt(policy, { queuedAt: entry.queuedAt, failedAttempts }, now, random)
  return at === undefined ? { outcome: 'gave_up' } : { outcome: 'retry', entry: { ...entry, failedAttempts, nextAttemptAt: at } }
}

/** Whether a value read back from storage (a file, a Durable Object) is an entry this code wrote. */
export function isOutboxEntry(value: unknown): value is OutboxEntry {
  if (typeof value !== 'object' || value === null) return false
  const entry = value as Record<string, unknown>
  return (
    typeof entry.id === 'string' &&
    typeof entry.type === 'string' &&
    typeof entry.payload === 'string' &&
    Number.isFinite(entry.queuedAt) &&
    Number.isInteger(entry.failedAttempts) &&
    Number.isFinite(entry.nextAttemptAt)
  )
}

/**
 * Lifecycle events: what happened to a link, for an operator's receiver (contract, "v2: lifecycle
 * events"). An event names the link by its public id (src/core/link-id.ts) and carries its purpose
 * and subject, and the tombstone reason where one applies; it never carries a token, a ticket, a
 * code or the link's data, so a receiver's logs cannot be turned into links.
 */

/** Every event type, in the order of a link's life. */
export const LIFECYCLE_EVENT_TYPES = [
  'link.issued',
  /** A page under /l/ was fetched (GET or HEAD): a person, or a mail scanner prefetching. */
  'link.viewed',
  'link.consumed',
  'link.redeemed',
  /** A wrong code was typed for the link's ticket. */
  'link.code_failed',
  /** Too many wrong codes: the slot is burnt. */
  'link.locked',
  'link.revoked',
  /** A newer link of the same purpose for the same subject replaced it (`supersede: true`). */
  'link.superseded',
  'link.expired',
] as const

export type LifecycleEventType = (typeof LIFECYCLE_EVENT_TYPES)[number]

export interface LifecycleEventData {
  /** The link's public id: names it, unlocks nothing. */
  readonly id: string
  readonly purpose: string
  readonly subject: string
  /** Why a link closed, where the event alone does not say (e.g. `superseded`, `locked`). */
  readonly reason?: string
}

/** The JSON body of one webhook. */
export interface LifecycleEvent {
  readonly type: LifecycleEventType
  /** When it happened (ISO 8601); a retry keeps it, while `webhook-timestamp` is the attempt's. */
  readonly timestamp: string
  readonly data: LifecycleEventData
}

/**
 * Where the link service and the link pages report events. `emit` never throws and never fails
 * the request that caused it: a full queue or an unreachable outbox is counted and logged by the
 * sink. It may return a promise (the edge writes the event to a Durable Object before answering).
 */
export interface LifecycleEventSink {
  emit(type: LifecycleEventType, data: LifecycleEventData): void | Promise<void>
}

/** Builds the event body; only the fields the contract names, whatever else `data` holds. */
export function lifecycleEvent(type: LifecycleEventType, data: LifecycleEventData, nowMs: number): LifecycleEvent {
  const { id, purpose, subject, reason } = data
  return { type, timestamp: new Date(nowMs).toISOString(), data: reason === undefined ? { id, purpose, subject } : { id, purpose, subject, reason } }
}

export function isLifecycleEventType(value: unknown): value is LifecycleEventType {
  return (LIFECYCLE_EVENT_TYPES as readonly unknown[]).includes(value)
}

import { linkId } from '../core/link-id.ts'
import { webLinkCrypto } from '../core/link-crypto.ts'
import type { Logger } from '../core/logger.ts'
import { lifecycleEvent, type LifecycleEventData, type LifecycleEventSink, type LifecycleEventType } from '../core/webhooks/lifecycle-event.ts'
import { outboxShardFor, outboxShardNames, type WebhookOutbox } from './webhook-outbox.ts'
import type { WebhookStats } from '../core/webhooks/outbox.ts'
import { hexToBytes } from './hex.ts'

/**
 * The edge's event sink: each event is written to its WebhookOutbox shard before `emit` resolves,
 * so the request that caused it answers only once the event is durable. A failed write (the
 * object is overloaded or restarting) is logged; it never fails the request, whose link change
 * has already happened.
 *
 * @example
 * const events = new DurableObjectEventSink(env.WEBHOOK_OUTBOX, consoleLogger)
 * const links = createLinkService({ keyring, slots, events })
 */
export class DurableObjectEventSink implements LifecycleEventSink {
  constructor(
    readonly outboxes: DurableObjectNamespace<WebhookOutbox>,
    readonly logger: Logger,
  ) {}

  async emit(type: LifecycleEventType, data: LifecycleEventData): Promise<void> {
    try {
      await this.outboxes.getByName(outboxShardFor(data.id)).enqueue(lifecycleEvent(type, data, Date.now()))
    } catch (error) {
      this.logger.error({ event: 'webhook_enqueue_failed', type, error: error instanceof Error ? error.name : 'error' })
    }
  }

  /** The outbox's counts for /metrics: the sum of its shards. */
  async stats(): Promise<WebhookStats> {
    const shards = await Promise.all(outboxShardNames().map((name) => this.outboxes.getByName(name).stats()))
    const sum = (field: keyof WebhookStats) => shards.reduce((total, shard) => total + shard[field], 0)
    return { queued: sum('queued'), delivered: sum('delivered'), failedAttempts: sum('failedAttempts'), gaveUp: sum('gaveUp'), dropped: sum('dropped') }
  }
}

/**
 * An event about the link a SlotObject holds, from inside that object (its expiry, a revoke by
 * subject): the handle is the object's id, so the object can name its own link.
 */
export async function emitForSlotObject(
  env: { SLOTLINK_WEBHOOK_URL?: string; WEBHOOK_OUTBOX?: DurableObjectNamespace<WebhookOutbox> },
  objectId: DurableObjectId,
  type: LifecycleEventType,
  slot: { purpose: string; subject: string },
  logger: Logger,
): Promise<void> {
  if (!env.SLOTLINK_WEBHOOK_URL || !env.WEBHOOK_OUTBOX) return
  const id = await linkId(webLinkCrypto, hexToBytes(objectId.toString())!)
  await new DurableObjectEventSink(env.WEBHOOK_OUTBOX, logger).emit(type, { id, purpose: slot.purpose, subject: slot.subject })
}

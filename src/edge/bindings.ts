import type { SlotCounters } from './slot-counters.ts'
import type { SlotObject } from './slot-object.ts'
import type { SubjectSlots } from './subject-slots.ts'
import type { WebhookOutbox } from './webhook-outbox.ts'

/**
 * The Durable Object bindings the edge slot store needs, as wrangler.toml declares them. The
 * objects reach each other through these (a slot tells its subject's list and a counter shard).
 */
export interface SlotBindings {
  /** One Durable Object per open link (see SlotObject). */
  readonly SLOTS: DurableObjectNamespace<SlotObject>
  /** One Durable Object per subject, listing its open links (see SubjectSlots). */
  readonly SUBJECT_SLOTS: DurableObjectNamespace<SubjectSlots>
  /** Shards of the open and expired slot counts for /metrics (see SlotCounters). */
  readonly SLOT_COUNTERS: DurableObjectNamespace<SlotCounters>
  /**
   * Shards of the lifecycle-event outbox (see WebhookOutbox), with the URL that turns events on:
   * a slot object reports its own expiry and a revoke by subject there.
   */
  readonly WEBHOOK_OUTBOX?: DurableObjectNamespace<WebhookOutbox>
  readonly SLOTLINK_WEBHOOK_URL?: string
}

/** What the webhook outbox reads of its Worker's settings (see src/core/webhooks/webhook-settings.ts). */
export interface OutboxBindings {
  readonly SLOTLINK_WEBHOOK_URL?: string
  readonly SLOTLINK_WEBHOOK_SECRET?: string
}

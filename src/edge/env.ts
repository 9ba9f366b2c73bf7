import type { EdgeVars } from './edge-config.ts'
import type { RateLimitWindow } from './rate-limit-window.ts'
import type { SlotCounters } from './slot-counters.ts'
import type { SlotObject } from './slot-object.ts'
import type { SubjectSlots } from './subject-slots.ts'
import type { WebhookOutbox } from './webhook-outbox.ts'

/**
 * The worker's bindings, as wrangler.toml and the secrets declare them. One type, so the worker,
 * the Durable Objects and the adapters agree on names.
 */
export interface Env extends EdgeVars {
  /** One Durable Object per open link (see SlotObject). */
  readonly SLOTS: DurableObjectNamespace<SlotObject>
  /** One Durable Object per subject, listing its open links (see SubjectSlots). */
  readonly SUBJECT_SLOTS: DurableObjectNamespace<SubjectSlots>
  /** Shards of the open and expired slot counts for /metrics (see SlotCounters). */
  readonly SLOT_COUNTERS: DurableObjectNamespace<SlotCounters>
  /** One Durable Object per rate-limited key (see RateLimitWindow). */
  readonly RATE_LIMITS: DurableObjectNamespace<RateLimitWindow>
  /** Shards of the lifecycle-event outbox (see WebhookOutbox). */
  readonly WEBHOOK_OUTBOX: DurableObjectNamespace<WebhookOutbox>
  /** The demo app's accounts (D1; schema in migrations/). */
  readonly DB: D1Database
}

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

/**
 * The names a Worker may bind the objects under instead of the defaults above: set the variable
 * (wrangler.toml `[vars]`) to the binding's name, e.g. `SLOTLINK_SLOTS_BINDING = "LINK_SLOTS"`.
 * The objects read these to reach each other, so one setting serves the objects and the store.
 */
export const BINDING_NAME_VARS = {
  SLOTS: 'SLOTLINK_SLOTS_BINDING',
  SUBJECT_SLOTS: 'SLOTLINK_SUBJECT_SLOTS_BINDING',
  SLOT_COUNTERS: 'SLOTLINK_SLOT_COUNTERS_BINDING',
  WEBHOOK_OUTBOX: 'SLOTLINK_WEBHOOK_OUTBOX_BINDING',
} as const

/** A Worker's env, with the slot objects bound under the default names or under those its variables name. */
export type SlotEnv = Partial<Record<(typeof BINDING_NAME_VARS)[keyof typeof BINDING_NAME_VARS], string>> & { readonly [binding: string]: unknown }

/** The slot bindings of `env`, found under the names its variables give (default: SLOTS, …). */
export function slotBindings(env: SlotEnv): SlotBindings {
  const pick = <K extends keyof typeof BINDING_NAME_VARS>(name: K) => env[env[BINDING_NAME_VARS[name]] ?? name] as SlotBindings[K]
  return {
    SLOTS: pick('SLOTS'),
    SUBJECT_SLOTS: pick('SUBJECT_SLOTS'),
    SLOT_COUNTERS: pick('SLOT_COUNTERS'),
    WEBHOOK_OUTBOX: pick('WEBHOOK_OUTBOX'),
    SLOTLINK_WEBHOOK_URL: env.SLOTLINK_WEBHOOK_URL as string | undefined,
  }
}

/** What the webhook outbox reads of its Worker's settings (see src/core/webhooks/webhook-settings.ts). */
export interface OutboxBindings {
  readonly SLOTLINK_WEBHOOK_URL?: string
  readonly SLOTLINK_WEBHOOK_SECRET?: string
}

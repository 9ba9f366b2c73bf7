import type { DemoBindings } from '../../demo/edge/edge-demo.ts'
import type { OutboxBindings, SlotBindings } from '../../edge/bindings.ts'
import type { WebhookOutbox } from '../../edge/webhook-outbox.ts'
import type { EdgeVars } from './edge-config.ts'

/**
 * The service worker's bindings, as wrangler.toml and the secrets declare them: the slot store's
 * Durable Objects, plus what the demo app needs. One type, so the worker and the adapters agree on names.
 */
export interface Env extends SlotBindings, OutboxBindings, DemoBindings, EdgeVars {
  /** Shards of the lifecycle-event outbox (see WebhookOutbox); wrangler.toml always binds it. */
  readonly WEBHOOK_OUTBOX: DurableObjectNamespace<WebhookOutbox>
}


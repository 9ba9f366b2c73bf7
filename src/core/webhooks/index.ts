/** Lifecycle events and their delivery as Standard Webhooks, runtime-agnostic. */
export { LIFECYCLE_EVENT_TYPES, lifecycleEvent, type LifecycleEvent, type LifecycleEventData, type LifecycleEventSink, type LifecycleEventType } from './lifecycle-event.ts'
export { isOutboxEntry, newOutboxEntry, settleAttempt, type OutboxEntry, type WebhookStats } from './outbox.ts'
export { DEFAULT_RETRY_POLICY, nextAttemptAt, type RetryPolicy } from './retry-policy.ts'
export { WebhookQueue, type WebhookQueueOptions } from './webhook-queue.ts'
export { webhookSender, type SendWebhook } from './webhook-sender.ts'
export { parseWebhookSettings, type WebhookSettings } from './webhook-settings.ts'

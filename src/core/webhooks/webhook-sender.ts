import { Webhook } from 'standardwebhooks'
import { attemptFailure, signedWebhookHeaders } from './webhook-signature.ts'
import type { WebhookSettings } from './webhook-settings.ts'

/** A receiver that has not answered in this long is treated as down for this attempt. */
export const WEBHOOK_ATTEMPT_TIMEOUT_MS = 15_000

/** One queued webhook: its id and body are fixed when queued, and are sent the same on every attempt. */
export interface OutgoingWebhook {
  /** `webhook-id`: unique per event, the same on every retry, so a receiver can drop duplicates. */
  readonly id: string
  /** The JSON body, serialized once, so every attempt signs the same bytes. */
  readonly payload: string
}

/** Why an attempt failed, for logs and counters: an HTTP status, or a network error's name. */
export type AttemptResult = { readonly ok: true } | { readonly ok: false; readonly failure: string }

export type SendWebhook = (webhook: OutgoingWebhook) => Promise<AttemptResult>

export interface WebhookSenderOptions {
  readonly fetch?: typeof fetch
  /** Milliseconds since the epoch, for `webhook-timestamp`. */
  readonly now?: () => number
  readonly timeoutMs?: number
}

/**
 * POSTs one webhook, signed per Standard Webhooks by the `standardwebhooks` package (pure JS:
 * runs the same on Node and workerd). Each attempt is signed afresh with the attempt's time,
 * because receivers refuse timestamps more than five minutes old, and a retry may be hours later.
 * Any 2xx is delivered; everything else (other statuses, timeouts, refused connections) is retried.
 *
 * @example
 * const send = webhookSender({ url: 'https://hooks.example.com/slotlink', secret: 'whsec_…' })
 * await send({ id: 'msg_…', payload: JSON.stringify(event) }) // { ok: true }
 */
export function webhookSender(settings: WebhookSettings, options: WebhookSenderOptions = {}): SendWebhook {
  const signer = new Webhook(settings.secret)
  const doFetch = options.fetch ?? fetch
  const now = options.now ?? Date.now
  const timeoutMs = options.timeoutMs ?? WEBHOOK_ATTEMPT_TIMEOUT_MS
  return async function sendWebhook({ id, payload }) {
    const at = new Date(now())
    try {
      const response = await doFetch(settings.url, {
        method: 'POST',
        headers: signedWebhookHeaders(signer, { id, payload }, at),
        body: payload,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      })
      // The body is not ours to read, but an unread one would hold its connection.
      await response.body?.cancel().catch(() => {})
      return response.status >= 200 && response.status < 300 ? { ok: true } : { ok: false, failure: `status ${response.status}` }
    } catch (error) {
      return { ok: false, failure: attemptFailure(error) }
    }
  }
}

import { Webhook } from 'standardwebhooks'

/**
 * Standard Webhooks asks for secrets of 24 to 64 random bytes; fewer would make the signature
 * guessable offline from one captured event, more is accepted by no reference receiver.
 */
export const MIN_WEBHOOK_SECRET_BYTES = 24
export const MAX_WEBHOOK_SECRET_BYTES = 64

/** Where events go and what signs them (SLOTLINK_WEBHOOK_URL, SLOTLINK_WEBHOOK_SECRET). */
export interface WebhookSettings {
  readonly url: string
  /** `whsec_` and the base64 of the key, as the `standardwebhooks` package takes it. */
  readonly secret: string
}

export type WebhookSettingsResult =
  | { readonly ok: true; readonly settings: WebhookSettings | undefined }
  | { readonly ok: false; readonly variable: 'SLOTLINK_WEBHOOK_URL' | 'SLOTLINK_WEBHOOK_SECRET'; readonly problem: string }

/**
 * Reads the two variables for both runtimes. Both unset: no events. A problem names the variable
 * and never echoes its value (a URL may carry a receiver's token in its query).
 */
export function parseWebhookSettings(url: string | undefined, secret: string | undefined): WebhookSettingsResult {
  const problem = (variable: 'SLOTLINK_WEBHOOK_URL' | 'SLOTLINK_WEBHOOK_SECRET', text: string) => ({ ok: false, variable, problem: text }) as const
  url = url?.trim() || undefined
  secret = secret?.trim() || undefined
  if (url === undefined && secret === undefined) return { ok: true, settings: undefined }
  if (url === undefined) return problem('SLOTLINK_WEBHOOK_URL', 'is required with SLOTLINK_WEBHOOK_SECRET')
  if (!isReceiverUrl(url)) return problem('SLOTLINK_WEBHOOK_URL', 'must be an https:// URL (http:// only to loopback: localhost, 127.0.0.1, [::1])')
  if (secret === undefined) return problem('SLOTLINK_WEBHOOK_SECRET', 'is required with SLOTLINK_WEBHOOK_URL')
  if (!isWebhookSecret(secret)) {
    return problem('SLOTLINK_WEBHOOK_SECRET', `must be whsec_ followed by the base64 of ${MIN_WEBHOOK_SECRET_BYTES} to ${MAX_WEBHOOK_SECRET_BYTES} random bytes`)
  }
  return { ok: true, settings: { url, secret } }
}

/** Events name subjects: only over TLS, except to a receiver on this machine (tests, a local relay). */
function isReceiverUrl(text: string): boolean {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return false
  }
  if (url.protocol === 'https:') return true
  return url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(url.hostname))
}

function isWebhookSecret(secret: string): boolean {
  const match = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(secret)
  if (!match || match[1]!.length % 4 !== 0) return false
  const bytes = atob(match[1]!).length
  if (bytes < MIN_WEBHOOK_SECRET_BYTES || bytes > MAX_WEBHOOK_SECRET_BYTES) return false
  try {
    // The signer's own decoder is the last word on what it accepts.
    new Webhook(secret)
    return true
  } catch {
    return false
  }
}

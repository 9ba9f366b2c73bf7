import type { Webhook } from 'standardwebhooks'

/**
 * What every webhook attempt shares, wherever it is sent from: the library's and the edge's
 * `webhookSender` (fetch) and the Node server's delivery thread (undici), so both sign and name
 * failures exactly alike. Kept apart from the sender so the delivery thread imports no more than this.
 */

/** The headers of one attempt: Standard Webhooks' three, signed over its id, its time and the body. */
export function signedWebhookHeaders(signer: Webhook, { id, payload }: { readonly id: string; readonly payload: string }, at: Date): Record<string, string> {
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signer.sign(id, at, payload),
  }
}

/**
 * A failed attempt's error, as its name and code only: messages can quote the URL, and a URL may
 * hold a receiver's token. fetch puts the code on `cause`, undici's `request` on the error itself.
 */
export function attemptFailure(error: unknown): string {
  if (!(error instanceof Error)) return 'error'
  const code = (error as { code?: unknown }).code ?? (error as { cause?: { code?: unknown } }).cause?.code
  return typeof code === 'string' ? `${error.name} (${code})` : error.name
}

import { randomBytes } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Webhook } from 'standardwebhooks'

export interface ReceivedWebhook {
  readonly headers: IncomingHttpHeaders
  readonly body: string
  /** What `Webhook.verify` returned; undefined if the signature did not verify. */
  readonly verified: unknown
}

export interface WebhookReceiver {
  readonly url: string
  readonly secret: string
  /** Every request that reached the receiver while it was up, in order of arrival. */
  readonly received: ReceivedWebhook[]
  /** Requests that failed `Webhook.verify`, with why. */
  readonly rejected: string[]
  /** Answers every request with this status (recording it) until set back to undefined. */
  failWith: number | undefined
  /** Closes the listener: connections are refused until `up()`. */
  down(): Promise<void>
  /** Listens again on the same port. */
  up(): Promise<void>
  close(): Promise<void>
}

/** A fresh Standard Webhooks secret: `whsec_` and 32 random bytes in base64. */
export const newWebhookSecret = () => `whsec_${randomBytes(32).toString('base64')}`

/**
 * A real webhook receiver on 127.0.0.1, as an operator would write one: it verifies every request
 * with `standardwebhooks` and answers 204, or 401 for a bad signature (which the sender retries).
 */
export async function startWebhookReceiver(secret = newWebhookSecret()): Promise<WebhookReceiver> {
  const verifier = new Webhook(secret)
  const received: ReceivedWebhook[] = []
  const rejected: string[] = []
  let server: Server
  let port = 0
  const state = { failWith: undefined as number | undefined }
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((request, response) => {
        const chunks: Buffer[] = []
        request.on('data', (chunk: Buffer) => chunks.push(chunk))
        request.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8')
          let verified: unknown
          try {
            verified = verifier.verify(body, request.headers as Record<string, string>)
          } catch (error) {
            rejected.push((error as Error).message)
          }
          received.push({ headers: request.headers, body, verified })
          response.writeHead(state.failWith ?? (verified === undefined ? 401 : 204)).end()
        })
      })
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => {
        port = (server.address() as AddressInfo).port
        resolve()
      })
    })
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    })
  await listen()
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}/hooks/slotlink`,
    secret,
    received,
    rejected,
    down: close,
    up: listen,
    close,
  })
}

/** Polls until `check` passes (or its promise resolves) or the deadline, so no test depends on the machine's speed. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      // Awaited here, so that an async check that rejects is polled again rather than returned.
      return await check()
    } catch (error) {
      if (Date.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
  }
}

import type { Logger } from '../../core/logger.ts'
import type { Mail, Mailer } from '../mailer.ts'

export interface HttpJsonMailerOptions {
  /** Where messages are posted, e.g. https://api.resend.com/emails. */
  readonly endpoint: string
  /** Sent as `Authorization: Bearer <apiKey>`. */
  readonly apiKey: string
  /** The sender, e.g. `slotlink <no-reply@example.com>`. */
  readonly from: string
  readonly logger: Logger
  /** The runtime's fetch; injected so tests can watch it. */
  readonly fetch?: typeof fetch
}

/** A mail API that has not answered by then is treated as down; the background task ends with an error. */
const SEND_TIMEOUT_MS = 10_000

/** A refused or failed send. Carries the status only: mail APIs echo the recipient in their errors. */
export class MailSendError extends Error {
  override readonly name = 'MailSendError'
  constructor(readonly responseCode: number | undefined) {
    super(responseCode === undefined ? 'the mail endpoint could not be reached' : `the mail endpoint answered ${responseCode}`)
  }
}

/**
 * Mail at the edge, where there is no SMTP: each message is POSTed as JSON
 * `{from, to, subject, text, html, headers?}` with a bearer key. That is the shape of Resend's `/emails`
 * and close to most mail APIs; for one that wants other field names, point `endpoint` at a
 * small relay. Never logs the recipient, the body or the key.
 *
 * @example
 * const mailer = new HttpJsonMailer({ endpoint: 'https://api.resend.com/emails', apiKey, from, logger })
 * await mailer.send({ to: 'ada@example.com', subject: 'Reset', text, html })
 */
export class HttpJsonMailer implements Mailer {
  readonly #options: HttpJsonMailerOptions
  readonly #fetch: typeof fetch

  constructor(options: HttpJsonMailerOptions) {
    this.#options = options
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init))
  }

  async send(mail: Mail): Promise<void> {
    const { endpoint, apiKey, from, logger } = this.#options
    let response: Response
    try {
      response = await this.#fetch(endpoint, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, ...(mail.headers && { headers: mail.headers }) }),
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      })
    } catch {
      throw new MailSendError(undefined)
    }
    // The body is not read into any message: it may quote the address. Drain it so the connection is freed.
    await response.body?.cancel()
    if (!response.ok) throw new MailSendError(response.status)
    logger.info({ event: 'mail_sent', mailer: 'http', status: response.status, subject: mail.subject })
  }
}

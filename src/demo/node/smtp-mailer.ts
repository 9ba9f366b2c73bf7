import { createTransport, type Transporter } from 'nodemailer'
import { silentLogger, type Logger } from '../../core/logger.ts'
import type { Mail, Mailer } from '../mailer.ts'

export interface SmtpMailerOptions {
  /** `smtp://user:pass@host:port` or `smtps://…`, as in SMTP_URL. */
  readonly url: string
  /** The From header, as in MAIL_FROM. */
  readonly from: string
  readonly logger?: Logger
}

/**
 * A mail server that does not answer should fail the send in seconds, not nodemailer's default
 * two minutes: the send runs after the page was answered, and a stop waits for it.
 */
const SMTP_TIMEOUT_MS = 15_000

/**
 * The Node mailer when SMTP_URL is set: nodemailer over SMTP. It logs one line per message with
 * the server's message id and neither the recipient nor the body (which holds a live link).
 *
 * @example
 * const mailer = new SmtpMailer({ url: 'smtp://127.0.0.1:2525', from: 'slotlink <no-reply@example.com>' })
 * await mailer.send({ to, subject, text, html })
 */
export class SmtpMailer implements Mailer {
  readonly #transport: Transporter
  readonly #from: string
  readonly #logger: Logger

  constructor(options: SmtpMailerOptions) {
    this.#transport = createTransport({
      url: options.url,
      connectionTimeout: SMTP_TIMEOUT_MS,
      greetingTimeout: SMTP_TIMEOUT_MS,
      socketTimeout: SMTP_TIMEOUT_MS,
    })
    this.#from = options.from
    this.#logger = options.logger ?? silentLogger
  }

  async send(mail: Mail): Promise<void> {
    const info = await this.#transport.sendMail({ from: this.#from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, headers: { ...mail.headers } })
    this.#logger.info({ event: 'mail_sent', mailer: 'smtp', subject: mail.subject, messageId: info.messageId })
  }

  close(): void {
    this.#transport.close()
  }
}

/** One message to one person. The link in it is a secret: mailers never log `text` or `html`. */
export interface Mail {
  readonly to: string
  readonly subject: string
  readonly text: string
  readonly html: string
  /** Extra header fields, e.g. `Auto-Submitted` (RFC 3834) on mail no person wrote. */
  readonly headers?: Readonly<Record<string, string>>
}

/**
 * Sends mail: nodemailer over SMTP on Node when SMTP_URL is set, the dev outbox otherwise.
 * Resolves once the message is handed over; rejects if it could not be.
 */
export interface Mailer {
  send(mail: Mail): Promise<void>
}

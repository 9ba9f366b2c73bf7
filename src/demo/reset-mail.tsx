import { linkMail, type LinkMailInput } from './mail/link-mail.tsx'
import { mailMessages } from './mail/mail-messages.ts'
import type { Mail } from './mailer.ts'

/** The English subject, for tests and log readers; each mail is in the locale it was asked in. */
export const RESET_MAIL_SUBJECT = mailMessages('en').text('reset.subject')

export type ResetMailInput = LinkMailInput

/** The reset mail: a link to the new-password form, and the code for the browser that asked. */
export function resetMail(input: ResetMailInput): Promise<Mail> {
  return linkMail('reset', input)
}

import { linkMail, type LinkMailInput } from './mail/link-mail.tsx'
import { mailMessages } from './mail/mail-messages.ts'
import type { Mail } from './mailer.ts'

/** The English subject, for tests and log readers; each mail is in the locale it was asked in. */
export const SIGN_IN_MAIL_SUBJECT = mailMessages('en').text('signIn.subject')

/** The magic sign-in mail: a link that signs in on a click, and the code for the browser that asked. */
export function signInMail(input: LinkMailInput): Promise<Mail> {
  return linkMail('signIn', input)
}

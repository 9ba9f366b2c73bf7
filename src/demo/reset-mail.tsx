import { linkMail, type LinkMailInput, type LinkMailWords } from './mail/link-mail.tsx'
import type { Mail } from './mailer.ts'

export const RESET_MAIL_SUBJECT = 'Reset your slotlink password'

const RESET_WORDS: LinkMailWords = {
  subject: RESET_MAIL_SUBJECT,
  reason: 'Someone asked to reset the password of the slotlink account for this address.',
  action: 'Choose a new password',
  lead: 'To choose a new password, open this link',
  ifNotYou: 'ignore this mail: your password stays as it is.',
}

export type ResetMailInput = LinkMailInput

/** The reset mail: a link to the new-password form, and the code for the browser that asked. */
export function resetMail(input: ResetMailInput): Promise<Mail> {
  return linkMail(RESET_WORDS, input)
}

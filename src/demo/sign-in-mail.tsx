import { linkMail, type LinkMailInput } from './mail/link-mail.tsx'
import type { Mail } from './mailer.ts'

export const SIGN_IN_MAIL_SUBJECT = 'Your slotlink sign-in link'

/** The magic sign-in mail: a link that signs in on a click, and the code for the browser that asked. */
export function signInMail(input: LinkMailInput): Promise<Mail> {
  return linkMail(
    {
      subject: SIGN_IN_MAIL_SUBJECT,
      reason: 'Someone asked to sign in to the slotlink account for this address without a password.',
      action: 'Sign in to slotlink',
      lead: 'To sign in, open this link and press the button',
      ifNotYou: 'ignore this mail: nobody is signed in until the link or code is used.',
    },
    input,
  )
}

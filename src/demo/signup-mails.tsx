import { linkMail, type LinkMailInput } from './mail/link-mail.tsx'
import type { Mail } from './mailer.ts'

export const CONFIRM_MAIL_SUBJECT = 'Confirm your slotlink address'
export const ALREADY_REGISTERED_SUBJECT = 'You already have a slotlink account'

/** The confirmation mail sent at sign-up: a link (any device) and the code for the browser that signed up. */
export function confirmMail(input: LinkMailInput): Promise<Mail> {
  return linkMail(
    {
      subject: CONFIRM_MAIL_SUBJECT,
      reason: 'Someone created a slotlink account with this address. Confirm it is yours to start using it.',
      action: 'Confirm my address',
      lead: 'To confirm the address, open this link and press the button',
      ifNotYou: 'ignore this mail: the account stays unusable and nobody can sign in with it.',
    },
    input,
  )
}

/**
 * What a sign-up with an address that already has an account mails to it, instead of telling the
 * person at the form: sign-up answers the same either way, so it cannot be used to find accounts.
 */
export async function alreadyRegisteredMail({ to, publicUrl }: { to: string; publicUrl: string }): Promise<Mail> {
  const login = `${publicUrl}/login`
  const forgot = `${publicUrl}/forgot`
  const text = [
    'Hello,',
    '',
    'Someone tried to create a slotlink account with this address, but you already have one. Nothing was changed.',
    '',
    `To sign in: ${login}`,
    `Forgot your password? Reset it here: ${forgot}`,
    '',
    'If you did not try to sign up, ignore this mail.',
  ].join('\n')
  const html =
    '<!doctype html>' +
    (await (
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <title>{ALREADY_REGISTERED_SUBJECT}</title>
        </head>
        <body style="margin:0;padding:24px;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#111827;background:#ffffff">
          <p>Hello,</p>
          <p>Someone tried to create a slotlink account with this address, but you already have one. Nothing was changed.</p>
          <p>
            <a href={login}>Sign in</a> or, if you forgot your password, <a href={forgot}>reset it</a>.
          </p>
          <p style="color:#4b5563;font-size:14px">If you did not try to sign up, ignore this mail.</p>
        </body>
      </html>
    ).toString())
  return { to, subject: ALREADY_REGISTERED_SUBJECT, text, html, headers: { 'Auto-Submitted': 'auto-generated' } }
}

import { formatTime } from '../core/app/link-pages.tsx'
import type { Mail } from './mailer.ts'

export const RESET_MAIL_SUBJECT = 'Reset your slotlink password'

export interface ResetMailInput {
  to: string
  url: string
  expiresAt: Date
  ttlMinutes: number
}

/**
 * The reset mail, as plain text and HTML. The link is the only thing to click; the mail says when
 * it expires, that it works once, and what to do if you did not ask for it.
 */
export async function resetMail({ to, url, expiresAt, ttlMinutes }: ResetMailInput): Promise<Mail> {
  const expiry = `${ttlMinutes} minutes (at ${formatTime(expiresAt)})`
  const text = [
    'Hello,',
    '',
    'Someone asked to reset the password of the slotlink account for this address. To choose a new password, open this link:',
    '',
    url,
    '',
    `The link works once and expires in ${expiry}.`,
    '',
    'If you did not ask for this, ignore this mail: your password stays as it is.',
  ].join('\n')
  const html = '<!doctype html>' + (await (<ResetMailHtml url={url} expiry={expiry} />).toString())
  // Auto-generated (RFC 3834): out-of-office replies and other auto-responders must not answer it.
  return { to, subject: RESET_MAIL_SUBJECT, text, html, headers: { 'Auto-Submitted': 'auto-generated' } }
}

/** Inline styles and a table-free layout: mail clients ignore stylesheets. */
function ResetMailHtml({ url, expiry }: { url: string; expiry: string }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{RESET_MAIL_SUBJECT}</title>
      </head>
      <body style="margin:0;padding:24px;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#111827;background:#ffffff">
        <p>Hello,</p>
        <p>Someone asked to reset the password of the slotlink account for this address.</p>
        <p style="margin:24px 0">
          <a href={url} style="display:inline-block;padding:12px 18px;border-radius:6px;background:#1d4ed8;color:#ffffff;font-weight:600;text-decoration:none">
            Choose a new password
          </a>
        </p>
        <p>The link works once and expires in {expiry}.</p>
        <p style="color:#4b5563;font-size:14px">If the button does not work, copy this address into your browser: {url}</p>
        <p style="color:#4b5563;font-size:14px">If you did not ask for this, ignore this mail: your password stays as it is.</p>
      </body>
    </html>
  )
}

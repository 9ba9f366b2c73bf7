import { formatTime } from '../../core/app/link-pages.tsx'
import type { Mail } from '../mailer.ts'

/** What one purpose's mail says around its link and code. */
export interface LinkMailWords {
  readonly subject: string
  /** Why the mail came, e.g. "Someone asked to reset the password of the slotlink account for this address." */
  readonly reason: string
  /** The button's words, e.g. "Choose a new password". */
  readonly action: string
  /** The text part's words before the link, e.g. "To choose a new password, open this link". */
  readonly lead: string
  /** What to do if you did not ask, e.g. "ignore this mail: your password stays as it is." */
  readonly ifNotYou: string
}

export interface LinkMailInput {
  readonly to: string
  readonly url: string
  /** `ABCD-EFGH`, for the browser that asked; absent for a link without a code. */
  readonly code?: string
  readonly expiresAt: Date
  readonly ttlMinutes: number
}

/**
 * One mail for one link and its code, as plain text and HTML. The link is the only thing to click;
 * the code is set large and spaced in its own block, so it can be read off a phone and typed on
 * the computer that asked, or copied whole (user-select: all). Both say when they expire and that
 * they work once, together: using one uses up the other.
 */
export async function linkMail(words: LinkMailWords, { to, url, code, expiresAt, ttlMinutes }: LinkMailInput): Promise<Mail> {
  const expiry = `${ttlMinutes} minutes (at ${formatTime(expiresAt)})`
  const text = [
    'Hello,',
    '',
    words.reason,
    '',
    `${words.lead}:`,
    '',
    url,
    '',
    ...(code ? ['Or type this code in the browser where you asked for this mail:', '', `    ${code}`, ''] : []),
    `The ${code ? 'link and code work' : 'link works'} once and expire${code ? '' : 's'} in ${expiry}.`,
    '',
    `If you did not ask for this, ${words.ifNotYou}`,
  ].join('\n')
  const html = '<!doctype html>' + (await (<LinkMailHtml words={words} url={url} code={code} expiry={expiry} />).toString())
  // Auto-generated (RFC 3834): out-of-office replies and other auto-responders must not answer it.
  return { to, subject: words.subject, text, html, headers: { 'Auto-Submitted': 'auto-generated' } }
}

/** Inline styles and a table-free layout: mail clients ignore stylesheets. */
function LinkMailHtml({ words, url, code, expiry }: { words: LinkMailWords; url: string; code: string | undefined; expiry: string }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{words.subject}</title>
      </head>
      <body style="margin:0;padding:24px;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#111827;background:#ffffff">
        <p>Hello,</p>
        <p>{words.reason}</p>
        <p style="margin:24px 0">
          <a href={url} style="display:inline-block;padding:12px 18px;border-radius:6px;background:#1d4ed8;color:#ffffff;font-weight:600;text-decoration:none">
            {words.action}
          </a>
        </p>
        {code && (
          <>
            <p>Or type this code in the browser where you asked for this mail:</p>
            <p style="margin:16px 0;padding:12px 18px;display:inline-block;border-radius:6px;background:#f3f4f6;font:700 32px/1.2 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;letter-spacing:0.2em;user-select:all;-webkit-user-select:all">
              {code}
            </p>
          </>
        )}
        <p>The {code ? 'link and code work once and expire' : 'link works once and expires'} in {expiry}.</p>
        <p style="color:#4b5563;font-size:14px">If the button does not work, copy this address into your browser: {url}</p>
        <p style="color:#4b5563;font-size:14px">If you did not ask for this, {words.ifNotYou}</p>
      </body>
    </html>
  )
}

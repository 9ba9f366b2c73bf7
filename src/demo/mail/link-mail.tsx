import { formatInstant } from '../../core/i18n/date-time.ts'
import { DEFAULT_LOCALE, textDirection, type Locale } from '../../core/i18n/locale.ts'
import type { Mail } from '../mailer.ts'
import { mailMessages, type LinkMailKind } from './mail-messages.ts'

export interface LinkMailInput {
  readonly to: string
  readonly url: string
  /** `ABCD-EFGH`, for the browser that asked; absent for a link without a code. */
  readonly code?: string
  readonly expiresAt: Date
  readonly ttlMinutes: number
  /** The language of the request that asked for the mail, also stored in the link so its page matches. */
  readonly locale?: Locale
}

/**
 * One mail for one link and its code, as plain text and HTML. The link is the only thing to click;
 * the code is set large and spaced in its own block, so it can be read off a phone and typed on
 * the computer that asked, or copied whole (user-select: all). Both say when they expire and that
 * they work once, together: using one uses up the other. The mail cannot know the reader's time
 * zone, so the moment is in UTC, written the reader's way.
 */
export async function linkMail(kind: LinkMailKind, { to, url, code, expiresAt, ttlMinutes, locale = DEFAULT_LOCALE }: LinkMailInput): Promise<Mail> {
  const t = mailMessages(locale)
  const expiry = t.text('mail.expiry', { hasCode: code ? 'yes' : 'no', minutes: ttlMinutes, at: formatInstant(expiresAt, locale) })
  const subject = t.text(`${kind}.subject`)
  const text = [
    t.text('mail.hello'),
    '',
    t.text(`${kind}.reason`),
    '',
    t.text(`${kind}.lead`),
    '',
    url,
    '',
    ...(code ? [t.text('mail.orTypeCode'), '', `    ${code}`, ''] : []),
    expiry,
    '',
    t.text(`${kind}.ifNotYou`),
  ].join('\n')
  const html = '<!doctype html>' + (await (<LinkMailHtml kind={kind} locale={locale} url={url} code={code} expiry={expiry} />).toString())
  // Auto-generated (RFC 3834): out-of-office replies and other auto-responders must not answer it.
  return { to, subject, text, html, headers: { 'Auto-Submitted': 'auto-generated' } }
}

/** Inline styles and a table-free layout: mail clients ignore stylesheets. */
function LinkMailHtml({ kind, locale, url, code, expiry }: { kind: LinkMailKind; locale: Locale; url: string; code: string | undefined; expiry: string }) {
  const t = mailMessages(locale)
  return (
    <html lang={locale} dir={textDirection(locale)}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{t.text(`${kind}.subject`)}</title>
      </head>
      <body style="margin:0;padding:24px;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#111827;background:#ffffff">
        <p>{t.text('mail.hello')}</p>
        <p>{t.text(`${kind}.reason`)}</p>
        <p style="margin:24px 0">
          <a href={url} style="display:inline-block;padding:12px 18px;border-radius:6px;background:#1d4ed8;color:#ffffff;font-weight:600;text-decoration:none">
            {t.text(`${kind}.action`)}
          </a>
        </p>
        {code && (
          <>
            <p>{t.text('mail.orTypeCode')}</p>
            <p style="margin:16px 0;padding:12px 18px;display:inline-block;border-radius:6px;background:#f3f4f6;font:700 32px/1.2 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;letter-spacing:0.2em;user-select:all;-webkit-user-select:all">
              {code}
            </p>
          </>
        )}
        <p>{expiry}</p>
        <p style="color:#4b5563;font-size:14px">{t.text('mail.copyAddress', { url })}</p>
        <p style="color:#4b5563;font-size:14px">{t.text(`${kind}.ifNotYou`)}</p>
      </body>
    </html>
  )
}

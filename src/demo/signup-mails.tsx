import { DEFAULT_LOCALE, textDirection, type Locale } from '../core/i18n/locale.ts'
import { linkMail, type LinkMailInput } from './mail/link-mail.tsx'
import { mailMessages } from './mail/mail-messages.ts'
import type { Mail } from './mailer.ts'

/** English subjects, for tests and log readers; each mail is in the locale it was asked in. */
export const CONFIRM_MAIL_SUBJECT = mailMessages('en').text('confirm.subject')
export const ALREADY_REGISTERED_SUBJECT = mailMessages('en').text('taken.subject')

/** The confirmation mail sent at sign-up: a link (any device) and the code for the browser that signed up. */
export function confirmMail(input: LinkMailInput): Promise<Mail> {
  return linkMail('confirm', input)
}

/**
 * What a sign-up with an address that already has an account mails to it, instead of telling the
 * person at the form: sign-up answers the same either way, so it cannot be used to find accounts.
 */
export async function alreadyRegisteredMail({ to, publicUrl, locale = DEFAULT_LOCALE }: { to: string; publicUrl: string; locale?: Locale }): Promise<Mail> {
  const t = mailMessages(locale)
  const login = `${publicUrl}/login`
  const forgot = `${publicUrl}/forgot`
  const text = [t.text('mail.hello'), '', t.text('taken.reason'), '', t.text('taken.signIn', { url: login }), t.text('taken.forgot', { url: forgot }), '', t.text('taken.ifNotYou')].join('\n')
  const html =
    '<!doctype html>' +
    (await (
      <html lang={locale} dir={textDirection(locale)}>
        <head>
          <meta charset="utf-8" />
          <title>{t.text('taken.subject')}</title>
        </head>
        <body style="margin:0;padding:24px;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#111827;background:#ffffff">
          <p>{t.text('mail.hello')}</p>
          <p>{t.text('taken.reason')}</p>
          <p>{t.rich('taken.links', { signIn: (chunks) => <a href={login}>{chunks}</a>, reset: (chunks) => <a href={forgot}>{chunks}</a> })}</p>
          <p style="color:#4b5563;font-size:14px">{t.text('taken.ifNotYou')}</p>
        </body>
      </html>
    ).toString())
  return { to, subject: t.text('taken.subject'), text, html, headers: { 'Auto-Submitted': 'auto-generated' } }
}

import { Hono } from 'hono'
import { formatInstant } from '../core/i18n/date-time.ts'
import { PSEUDO_LOCALE } from '../core/i18n/locale.ts'
import { pseudoText } from '../core/i18n/pseudo-locale.ts'
import { Layout } from '../core/pages/layout.tsx'
import { LocalTime } from '../core/pages/local-time.tsx'
import { pageMessages } from '../core/pages/page-messages.ts'
import { mailMessages } from './mail/mail-messages.ts'

/** Where the pseudo-locale specimen is served, outside production only (with the dev outbox). */
export const PSEUDO_LOCALE_PATH = '/dev/pseudo-locale'

/**
 * `/dev/pseudo-locale`: every part of the shared stylesheet on one page (header and nav, notices,
 * a form with a hint, an error and a code field, buttons, a table, a list of facts, a mail body),
 * right to left and in the pseudo-locale's longer, accented words. A stylesheet with a physical
 * side (`border-left`, `text-align: left`) or a box too narrow for longer text shows it here; a
 * Chromium test checks that nothing overflows. The real pages take `?lang=ar-XB` as well.
 * `base` is the mount prefix, which its links and stylesheet start with, as every demo page's do.
 */
export function pseudoLocaleRoutes(base: string): Hono {
  const app = new Hono()
  app.get(PSEUDO_LOCALE_PATH, (c) => {
    c.header('Cache-Control', 'no-store')
    c.header('X-Robots-Tag', 'noindex')
    return c.html(<PseudoLocalePage now={new Date()} base={base} />)
  })
  return app
}

/** Real catalogue messages where there are some; the demo's own page words run through the same pseudo-translation. */
function PseudoLocalePage({ now, base }: { now: Date; base: string }) {
  const page = pageMessages(PSEUDO_LOCALE)
  const mail = mailMessages(PSEUDO_LOCALE)
  const p = pseudoText
  const nav = (
    <>
      <a href={`${base}/login`}>{p('Sign in')}</a>
      <a href={`${base}/signup`}>{p('Create account')}</a>
      <form class="inline" method="post" action={`${base}/logout`}>
        <button type="submit" class="link">{p('Sign out')}</button>
      </form>
    </>
  )
  return (
    <Layout title={page.text('problem.invalid.title')} nav={nav} base={base} locale={PSEUDO_LOCALE}>
      <p class="lead">{page.text('problem.invalid.text')}</p>
      <p class="notice ok" role="status">{page.text('done.text', { action: page.text('confirm.title') })}</p>
      <p class="notice bad">{page.text('problem.capacity.text')}</p>
      <p>{page.rich('confirm.ready', { expiresAt: <LocalTime date={now} locale={PSEUDO_LOCALE} /> })}</p>
      <form method="post" action={base + PSEUDO_LOCALE_PATH}>
        <div class="field">
          <label for="specimen-email">{p('Email address')}</label>
          <p id="specimen-email-error" class="error">{p('Enter an email address, like name@example.com.')}</p>
          <input id="specimen-email" name="email" type="email" autocomplete="email" aria-invalid="true" aria-describedby="specimen-email-error specimen-email-hint" />
          <p id="specimen-email-hint" class="hint">{p('We send the link to this address. It works once.')}</p>
        </div>
        <div class="field">
          <label for="specimen-code">{p('Code from the mail')}</label>
          <input id="specimen-code" name="code" class="code" autocomplete="one-time-code" value="ABCD-EFGH" />
        </div>
        <div class="actions">
          <button type="submit">{page.text('confirm.button')}</button>
          <a class="button" href={`${base}/forgot`}>{page.text('renew.button')}</a>
          <a href={`${base}/`}>{p('Go to the start page')}</a>
        </div>
      </form>
      <table>
        <caption>{p('Mail in the dev outbox')}</caption>
        <thead>
          <tr>
            <th scope="col">{p('Subject')}</th>
            <th scope="col">{p('Sent')}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>{mail.text('reset.subject')}</td>
            <td>{formatInstant(now, PSEUDO_LOCALE)}</td>
          </tr>
        </tbody>
      </table>
      <article class="mail">
        <h2>{mail.text('confirm.subject')}</h2>
        <dl class="meta">
          <dt>{p('To')}</dt>
          <dd>someone.with.a.rather.long.address@example.com</dd>
          <dt>{p('Sent')}</dt>
          <dd>{formatInstant(now, PSEUDO_LOCALE)}</dd>
        </dl>
        <pre>{[mail.text('mail.hello'), mail.text('confirm.reason'), mail.text('confirm.lead'), 'http://localhost:3000/l/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'].join('\n\n')}</pre>
      </article>
    </Layout>
  )
}

import { Layout } from '../../core/pages/layout.tsx'
import { LocalTime } from '../../core/pages/local-time.tsx'
import { demoPageMessages } from '../demo-page-messages.ts'
import type { SentMail } from '../outbox.ts'
import { AccountNav } from './account-nav.tsx'
import type { PageProps } from './page-props.ts'

const URL_IN_TEXT = /(https?:\/\/[^\s<>"]+)/

/**
 * The development outbox: every message the dev mailer kept, newest first, as plain text with its
 * links made clickable. The HTML bodies are in /dev/outbox.json; rendering them here would need
 * inline styles the page's CSP forbids. The mail itself stays in the language it was sent in.
 */
export function OutboxPage({ mail, signedIn, locale, base, sitePath }: PageProps & { mail: readonly SentMail[]; signedIn: boolean }) {
  const t = demoPageMessages(locale)
  return (
    <Layout title={t.text('outbox.title')} nav={<AccountNav signedIn={signedIn} locale={locale} sitePath={sitePath} />} base={base} home={sitePath('/')} locale={locale}>
      <p class="lead">
        {t.rich('outbox.lead', { variable: 'SMTP_URL', code: (chunks) => <code>{chunks}</code>, path: '/dev/outbox.json', json: (chunks) => <a href={sitePath('/dev/outbox.json')}>{chunks}</a> })}
      </p>
      {mail.length === 0 && <p>{t.rich('outbox.empty', { path: '/forgot', forgot: (chunks) => <a href={sitePath('/forgot')}>{chunks}</a> })}</p>}
      {mail.map((message, i) => (
        <article class="mail" aria-labelledby={`mail-${i}`}>
          <h2 id={`mail-${i}`}>{message.subject}</h2>
          <dl class="meta">
            <dt>{t.text('outbox.to')}</dt>
            <dd>{message.to}</dd>
            <dt>{t.text('outbox.sent')}</dt>
            <dd>
              <LocalTime date={message.sentAt} locale={locale} />
            </dd>
          </dl>
          <pre>{linkify(message.text)}</pre>
        </article>
      ))}
    </Layout>
  )
}

function linkify(text: string) {
  // split() with a capturing group puts every URL at an odd index.
  return text.split(URL_IN_TEXT).map((part, i) => (i % 2 === 1 ? <a href={part}>{part}</a> : part))
}

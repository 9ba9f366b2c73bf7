import { Layout } from '../../core/pages/layout.tsx'
import type { SentMail } from '../outbox.ts'
import { AccountNav } from './account-nav.tsx'

const URL_IN_TEXT = /(https?:\/\/[^\s<>"]+)/

/**
 * The development outbox: every message the dev mailer kept, newest first, as plain text with its
 * links made clickable. The HTML bodies are in /dev/outbox.json; rendering them here would need
 * inline styles the page's CSP forbids.
 */
export function OutboxPage({ mail, signedIn }: { mail: readonly SentMail[]; signedIn: boolean }) {
  return (
    <Layout title="Development outbox" nav={<AccountNav signedIn={signedIn} />}>
      <p class="lead">
        Mail this server would have sent, newest first. Only served outside production; set <code>SMTP_URL</code> to send real mail. As
        JSON: <a href="/dev/outbox.json">/dev/outbox.json</a>.
      </p>
      {mail.length === 0 && <p>No mail yet. Ask for a reset link at <a href="/forgot">/forgot</a> and reload this page.</p>}
      {mail.map((message, i) => (
        <article class="mail" aria-labelledby={`mail-${i}`}>
          <h2 id={`mail-${i}`}>{message.subject}</h2>
          <dl class="meta">
            <dt>To</dt>
            <dd>{message.to}</dd>
            <dt>Sent</dt>
            <dd>
              <time datetime={message.sentAt.toISOString()}>{message.sentAt.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}</time>
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

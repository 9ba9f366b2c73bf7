import { Layout } from '../../core/pages/layout.tsx'
import { demoPageMessages } from '../demo-page-messages.ts'
import { PageScript } from './page-script.tsx'
import { MAX_EMAIL_LENGTH } from '../email-address.ts'
import { AccountNav } from './account-nav.tsx'
import { ErrorNotice, ErrorSummary, describeWait } from './notices.tsx'
import { Field } from './form-field.tsx'
import { CodeForm, type CodeFormProblem } from './code-form.tsx'
import { OutboxHint } from './outbox-hint.tsx'
import { say, type PageMessage, type PageProps } from './page-props.ts'

export interface ForgotPageProps extends PageProps {
  signedIn: boolean
  /** The address as typed, when the form comes back. */
  email?: string
  error?: PageMessage
  /** Set on 429: how long until another request is accepted. */
  retryAfterSeconds?: number
}

export function ForgotPage({ signedIn, email, error, retryAfterSeconds, locale, base, sitePath }: ForgotPageProps) {
  const t = demoPageMessages(locale)
  return (
    <Layout title={t.text('forgot.title')} nav={<AccountNav signedIn={signedIn} locale={locale} sitePath={sitePath} />} base={base} home={sitePath('/')} locale={locale}>
      {retryAfterSeconds !== undefined && <ErrorNotice>{t.text('forgot.tooMany', { wait: describeWait(retryAfterSeconds, locale) })}</ErrorNotice>}
      {error && <ErrorSummary locale={locale} />}
      <p>{t.text('forgot.lead')}</p>
      <form method="post" action={sitePath('/forgot')} novalidate>
        <Field name="email" label={t.text('field.email')} type="email" autocomplete="email" error={say(locale, error)} maxLength={MAX_EMAIL_LENGTH} value={email} />
        <button type="submit">{t.text('forgot.submit')}</button>
      </form>
      <p>{t.rich('forgot.remembered', { signIn: (chunks) => <a href={sitePath('/login')}>{chunks}</a> })}</p>
      <PageScript forgetPost base={base} />
    </Layout>
  )
}

export interface CheckEmailPageProps extends PageProps {
  signedIn: boolean
  ttlMinutes: number
  /** Offer the dev outbox (only where it is served, i.e. outside production). */
  outbox: boolean
  /** Set when the code form came back: a malformed or wrong code. */
  problem?: CodeFormProblem
}

/**
 * The answer to every accepted reset request. It reads the same whether or not an account uses the
 * address, so the page cannot be used to find out who has an account.
 */
export function CheckEmailPage({ signedIn, ttlMinutes, outbox, problem, locale, base, sitePath }: CheckEmailPageProps) {
  const t = demoPageMessages(locale)
  return (
    <Layout title={t.text('checkEmail.title')} nav={<AccountNav signedIn={signedIn} locale={locale} sitePath={sitePath} />} base={base} home={sitePath('/')} locale={locale}>
      {problem ? (
        <ErrorNotice>{t.text('code.correct')}</ErrorNotice>
      ) : (
        <p class="notice ok" role="status">
          {t.text('checkEmail.sent')}
        </p>
      )}
      <p>{t.text('checkEmail.typeHere')}</p>
      <CodeForm action={sitePath('/forgot/code')} submitLabel={t.text('checkEmail.submit')} problem={problem} locale={locale} />
      <p>{t.rich('checkEmail.expiry', { minutes: ttlMinutes, forgot: (chunks) => <a href={sitePath('/forgot')}>{chunks}</a> })}</p>
      {outbox && <OutboxHint locale={locale} sitePath={sitePath} />}
      <PageScript forgetPost base={base} />
    </Layout>
  )
}

export interface CodeClosedPageProps extends PageProps {
  title: string
  text: string
  /** The one next step, e.g. `{ href: '/auth/forgot', label: 'Send me a new code' }`. */
  next: { href: string; label: string }
}

/** A code form that cannot take another try: locked, used, expired, or no code asked from this browser. */
export function CodeClosedPage({ title, text, next, locale, base, sitePath }: CodeClosedPageProps) {
  return (
    <Layout title={title} nav={<AccountNav signedIn={false} locale={locale} sitePath={sitePath} />} base={base} home={sitePath('/')} locale={locale}>
      <p>{text}</p>
      <p>
        <a class="button" href={next.href}>
          {next.label}
        </a>
      </p>
      <PageScript forgetPost base={base} />
    </Layout>
  )
}

import { Layout } from '../../core/pages/layout.tsx'
import { PageScript } from './page-script.tsx'
import { MAX_EMAIL_LENGTH } from '../email-address.ts'
import { AccountNav } from './account-nav.tsx'
import { ErrorNotice, ErrorSummary, describeWait } from './notices.tsx'
import { Field } from './form-field.tsx'
import { CodeForm, type CodeFormProblem } from './code-form.tsx'

export interface ForgotPageProps {
  signedIn: boolean
  /** The address as typed, when the form comes back. */
  email?: string
  error?: string
  /** Set on 429: how long until another request is accepted. */
  retryAfterSeconds?: number
}

export function ForgotPage({ signedIn, email, error, retryAfterSeconds }: ForgotPageProps) {
  return (
    <Layout title="Forgot your password?" nav={<AccountNav signedIn={signedIn} />}>
      {retryAfterSeconds !== undefined && (
        <ErrorNotice>
          Too many reset requests. Please wait {describeWait(retryAfterSeconds)} and try again. If a reset mail already reached you, its
          link still works.
        </ErrorNotice>
      )}
      {error && <ErrorSummary />}
      <p>Enter the address you signed up with and we will mail you a link to choose a new password.</p>
      <form method="post" action="/forgot" novalidate>
        <Field name="email" label="Email address" type="email" autocomplete="email" error={error} maxLength={MAX_EMAIL_LENGTH} value={email} />
        <button type="submit">Send me a reset link</button>
      </form>
      <p>
        Remembered it? <a href="/login">Sign in</a>.
      </p>
      <PageScript forgetPost />
    </Layout>
  )
}

export interface CheckEmailPageProps {
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
export function CheckEmailPage({ signedIn, ttlMinutes, outbox, problem }: CheckEmailPageProps) {
  return (
    <Layout title="Check your email" nav={<AccountNav signedIn={signedIn} />}>
      {problem ? (
        <ErrorNotice>
          Please correct the code below.
        </ErrorNotice>
      ) : (
        <p class="notice ok" role="status">
          If an account uses that address, we have sent it a link to choose a new password, and a code.
        </p>
      )}
      <p>Open the link on any device, or type the code here, in this browser:</p>
      <CodeForm action="/forgot/code" submitLabel="Continue" problem={problem} />
      <p>
        The link and code work once and expire in {ttlMinutes} minutes. A newer mail replaces older ones. If nothing arrives in a few
        minutes, check your spam folder or <a href="/forgot">ask for another link</a>.
      </p>
      {outbox && (
        <p class="hint">
          This server runs without a mail server: messages are kept in the <a href="/dev/outbox">development outbox</a>.
        </p>
      )}
      <PageScript forgetPost />
    </Layout>
  )
}

export interface CodeClosedPageProps {
  title: string
  text: string
  /** The one next step, e.g. `{ href: '/forgot', label: 'Send me a new code' }`. */
  next: { href: string; label: string }
}

/** A code form that cannot take another try: locked, used, expired, or no code asked from this browser. */
export function CodeClosedPage({ title, text, next }: CodeClosedPageProps) {
  return (
    <Layout title={title} nav={<AccountNav signedIn={false} />}>
      <p>{text}</p>
      <p>
        <a class="button" href={next.href}>
          {next.label}
        </a>
      </p>
      <PageScript forgetPost />
    </Layout>
  )
}

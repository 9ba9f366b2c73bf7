import { Layout } from '../../core/pages/layout.tsx'
import { PageScript } from './page-script.tsx'
import { MAX_EMAIL_LENGTH } from '../email-address.ts'
import { MAX_PASSWORD_LENGTH } from '../password-policy.ts'
import { AccountNav } from './account-nav.tsx'
import { Field, NewPasswordField } from './form-field.tsx'
import { ErrorNotice, ErrorSummary, describeWait } from './notices.tsx'

export type FieldErrors = Partial<Record<'email' | 'password' | 'password_confirmation', string>>

/** The start page for someone who is not signed in. */
export function WelcomePage() {
  return (
    <Layout title="Welcome" nav={<AccountNav signedIn={false} />}>
      <p class="lead">A small app that shows slotlink at work: it sends one-time links to reset a forgotten password.</p>
      <p class="actions">
        <a class="button" href="/signup">Create an account</a>
        <a href="/login">Sign in</a>
      </p>
      <p>
        Developers: the link API is described at <a href="/docs">/docs</a>.
      </p>
    </Layout>
  )
}

/** The signed-in home page. */
export function HomePage({ email }: { email: string }) {
  return (
    <Layout title="You are signed in" nav={<AccountNav signedIn />}>
      <p>
        Signed in as <strong>{email}</strong>.
      </p>
      <p class="hint">Resetting your password signs you out everywhere you are signed in, this browser too.</p>
    </Layout>
  )
}

export interface SignupPageProps {
  /** The address as typed, when the form comes back. */
  email?: string
  errors?: FieldErrors
  status?: 'invalid'
  /** Too many sign-ups from this client or from everyone (429). */
  retryAfterSeconds?: number
  /** Too many passwords being hashed right now (503). */
  busyRetryAfterSeconds?: number
  /** Too many confirmation mails for this address (429); the same for a taken and a new address. */
  addressRetryAfterSeconds?: number
}

export function SignupPage({ email, errors = {}, status, retryAfterSeconds, busyRetryAfterSeconds, addressRetryAfterSeconds }: SignupPageProps) {
  return (
    <Layout title="Create an account" nav={<AccountNav signedIn={false} />}>
      {status === 'invalid' && <ErrorSummary />}
      {retryAfterSeconds !== undefined && (
        <ErrorNotice>
          Too many new accounts from here. Please wait {describeWait(retryAfterSeconds)} and try again.
        </ErrorNotice>
      )}
      {addressRetryAfterSeconds !== undefined && (
        <ErrorNotice>
          We have sent that address several mails already. Please check its inbox, or wait {describeWait(addressRetryAfterSeconds)} and try again.
        </ErrorNotice>
      )}
      {busyRetryAfterSeconds !== undefined && <BusyNotice retryAfterSeconds={busyRetryAfterSeconds} />}
      <form method="post" action="/signup" novalidate>
        <Field name="email" label="Email address" type="email" autocomplete="email" error={errors.email} maxLength={MAX_EMAIL_LENGTH} value={email} />
        <NewPasswordField label="Password" error={errors.password} />
        <button type="submit">Create account</button>
      </form>
      <p>
        Already have an account? <a href="/login">Sign in</a>.
      </p>
      <PageScript forgetPost />
    </Layout>
  )
}

/** What a notice in `/login?notice=…` may say; anything else in the query is ignored. */
export const LOGIN_NOTICES = {
  password_changed: 'Your password has been changed. Sign in with your new password.',
  signed_out: 'You have signed out.',
  session_ended: 'You were signed out. This happens when the password of the account is changed, which signs out every device, and a week after signing in. Sign in again to continue.',
} as const
export type LoginNotice = keyof typeof LOGIN_NOTICES

export interface LoginPageProps {
  notice?: LoginNotice
  /** The address as typed into the password form, when it comes back. */
  email?: string
  /** The address as typed into "email me a sign-in link", when that form comes back. */
  linkEmail?: string
  /** The address and password did not match an account (401). */
  failed?: boolean
  errors?: FieldErrors
  /** Too many attempts from this client (429): how long until the next is accepted. */
  retryAfterSeconds?: number
  /** Too many passwords being checked right now (503). */
  busyRetryAfterSeconds?: number
  /** The password was right but the address is not confirmed yet (401). */
  unconfirmed?: boolean
  /** What was wrong with the address of "email me a sign-in link". */
  linkError?: string
}

/** The 503 page's words: nothing was wrong with what the person typed. */
function BusyNotice({ retryAfterSeconds }: { retryAfterSeconds: number }) {
  return (
    <ErrorNotice>
      The site is busy right now. Nothing was saved; please wait {describeWait(retryAfterSeconds)} and send the form again.
    </ErrorNotice>
  )
}

export function LoginPage({ notice, email, linkEmail, failed, errors = {}, retryAfterSeconds, busyRetryAfterSeconds, linkError, unconfirmed }: LoginPageProps) {
  return (
    <Layout title="Sign in" nav={<AccountNav signedIn={false} />}>
      {notice && (
        <p class="notice ok" role="status">
          {LOGIN_NOTICES[notice]}
        </p>
      )}
      {failed && (
        <ErrorNotice>
          That email address and password do not match an account. Check both, or <a href="/forgot">reset your password</a>.
        </ErrorNotice>
      )}
      {unconfirmed && (
        <ErrorNotice>
          Please confirm your address first: open the link in the mail we sent when you signed up, or <a href="/signup">sign up again</a> for a new
          one.
        </ErrorNotice>
      )}
      {retryAfterSeconds !== undefined && (
        <ErrorNotice>
          Too many sign-in attempts. Please wait {describeWait(retryAfterSeconds)} and try again.
        </ErrorNotice>
      )}
      {busyRetryAfterSeconds !== undefined && <BusyNotice retryAfterSeconds={busyRetryAfterSeconds} />}
      {(Object.values(errors).some(Boolean) || linkError) && <ErrorSummary />}
      <form method="post" action="/login" novalidate data-busy-label="Signing in…">
        <Field name="email" label="Email address" type="email" autocomplete="username" error={errors.email} maxLength={MAX_EMAIL_LENGTH} value={email} />
        <Field name="password" label="Password" type="password" autocomplete="current-password" error={errors.password} maxLength={MAX_PASSWORD_LENGTH} />
        <button type="submit">Sign in</button>
      </form>
      <h2>Or sign in without a password</h2>
      <form method="post" action="/login/link" novalidate>
        <Field id="field-link-email" name="email" label="Email for a sign-in link" type="email" autocomplete="username" error={linkError} maxLength={MAX_EMAIL_LENGTH} value={linkEmail} />
        <button type="submit">Email me a sign-in link</button>
      </form>
      <p>
        <a href="/forgot">Forgot your password?</a> · <a href="/signup">Create an account</a>
      </p>
      <PageScript forgetPost />
    </Layout>
  )
}

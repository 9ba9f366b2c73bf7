import { Layout } from '../../core/pages/layout.tsx'
import { demoPageMessages } from '../demo-page-messages.ts'
import { PageScript } from './page-script.tsx'
import { MAX_EMAIL_LENGTH } from '../email-address.ts'
import { MAX_PASSWORD_LENGTH } from '../password-policy.ts'
import { AccountNav } from './account-nav.tsx'
import { Field, NewPasswordField } from './form-field.tsx'
import { ErrorNotice, ErrorSummary, describeWait } from './notices.tsx'
import { say, type PageMessage, type PageProps } from './page-props.ts'

export type FieldErrors = Partial<Record<'email' | 'password' | 'password_confirmation', PageMessage>>

/** The start page for someone who is not signed in. */
export function WelcomePage({ locale, base, sitePath }: PageProps) {
  const t = demoPageMessages(locale)
  return (
    <Layout title={t.text('welcome.title')} nav={<AccountNav signedIn={false} locale={locale} sitePath={sitePath} />} base={base} home={sitePath('/')} locale={locale}>
      <p class="lead">{t.text('welcome.lead')}</p>
      <p class="actions">
        <a class="button" href={sitePath('/signup')}>{t.text('welcome.createAccount')}</a>
        <a href={sitePath('/login')}>{t.text('welcome.signIn')}</a>
      </p>
      <p>{t.rich('welcome.developers', { path: '/docs', docs: (chunks) => <a href={sitePath('/docs')}>{chunks}</a> })}</p>
    </Layout>
  )
}

/** The signed-in home page. */
export function HomePage({ email, locale, base, sitePath }: PageProps & { email: string }) {
  const t = demoPageMessages(locale)
  return (
    <Layout title={t.text('home.title')} nav={<AccountNav signedIn locale={locale} sitePath={sitePath} />} base={base} home={sitePath('/')} locale={locale}>
      <p>{t.rich('home.signedInAs', { email, strong: (chunks) => <strong>{chunks}</strong> })}</p>
      <p class="hint">{t.text('home.resetHint')}</p>
    </Layout>
  )
}

export interface SignupPageProps extends PageProps {
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

export function SignupPage({ email, errors = {}, status, retryAfterSeconds, busyRetryAfterSeconds, addressRetryAfterSeconds, locale, base, sitePath }: SignupPageProps) {
  const t = demoPageMessages(locale)
  return (
    <Layout title={t.text('signup.title')} nav={<AccountNav signedIn={false} locale={locale} sitePath={sitePath} />} base={base} home={sitePath('/')} locale={locale}>
      {status === 'invalid' && <ErrorSummary locale={locale} />}
      {retryAfterSeconds !== undefined && <ErrorNotice>{t.text('signup.tooMany', { wait: describeWait(retryAfterSeconds, locale) })}</ErrorNotice>}
      {addressRetryAfterSeconds !== undefined && <ErrorNotice>{t.text('signup.addressLimited', { wait: describeWait(addressRetryAfterSeconds, locale) })}</ErrorNotice>}
      {busyRetryAfterSeconds !== undefined && <BusyNotice retryAfterSeconds={busyRetryAfterSeconds} locale={locale} />}
      <form method="post" action={sitePath('/signup')} novalidate>
        <Field name="email" label={t.text('field.email')} type="email" autocomplete="email" error={say(locale, errors.email)} maxLength={MAX_EMAIL_LENGTH} value={email} />
        <NewPasswordField label={t.text('field.password')} error={say(locale, errors.password)} locale={locale} />
        <button type="submit">{t.text('signup.submit')}</button>
      </form>
      <p>{t.rich('signup.haveAccount', { signIn: (chunks) => <a href={sitePath('/login')}>{chunks}</a> })}</p>
      <PageScript forgetPost base={base} />
    </Layout>
  )
}

/** What a notice in `/login?notice=…` may say; anything else in the query is ignored. */
export const LOGIN_NOTICES = ['password_changed', 'signed_out', 'session_ended'] as const
export type LoginNotice = (typeof LOGIN_NOTICES)[number]

export interface LoginPageProps extends PageProps {
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
  linkError?: PageMessage
}

/** The 503 page's words: nothing was wrong with what the person typed. */
function BusyNotice({ retryAfterSeconds, locale }: { retryAfterSeconds: number } & Pick<PageProps, 'locale'>) {
  return <ErrorNotice>{demoPageMessages(locale).text('busy.form', { wait: describeWait(retryAfterSeconds, locale) })}</ErrorNotice>
}

export function LoginPage({ notice, email, linkEmail, failed, errors = {}, retryAfterSeconds, busyRetryAfterSeconds, linkError, unconfirmed, locale, base, sitePath }: LoginPageProps) {
  const t = demoPageMessages(locale)
  const link = (path: string) => (chunks: unknown) => <a href={sitePath(path)}>{chunks}</a>
  return (
    <Layout title={t.text('login.title')} nav={<AccountNav signedIn={false} locale={locale} sitePath={sitePath} />} base={base} home={sitePath('/')} locale={locale}>
      {notice && (
        <p class="notice ok" role="status">
          {t.text(`notice.${notice}`)}
        </p>
      )}
      {failed && <ErrorNotice>{t.rich('login.failed', { forgot: link('/forgot') })}</ErrorNotice>}
      {unconfirmed && <ErrorNotice>{t.rich('login.unconfirmed', { signup: link('/signup') })}</ErrorNotice>}
      {retryAfterSeconds !== undefined && <ErrorNotice>{t.text('login.tooMany', { wait: describeWait(retryAfterSeconds, locale) })}</ErrorNotice>}
      {busyRetryAfterSeconds !== undefined && <BusyNotice retryAfterSeconds={busyRetryAfterSeconds} locale={locale} />}
      {(Object.values(errors).some(Boolean) || linkError) && <ErrorSummary locale={locale} />}
      <form method="post" action={sitePath('/login')} novalidate data-busy-label={t.text('login.busyLabel')}>
        <Field name="email" label={t.text('field.email')} type="email" autocomplete="username" error={say(locale, errors.email)} maxLength={MAX_EMAIL_LENGTH} value={email} />
        <Field name="password" label={t.text('field.password')} type="password" autocomplete="current-password" error={say(locale, errors.password)} maxLength={MAX_PASSWORD_LENGTH} />
        <button type="submit">{t.text('login.submit')}</button>
      </form>
      <h2>{t.text('login.withoutPassword')}</h2>
      <form method="post" action={sitePath('/login/link')} novalidate>
        <Field id="field-link-email" name="email" label={t.text('login.linkEmail')} type="email" autocomplete="username" error={say(locale, linkError)} maxLength={MAX_EMAIL_LENGTH} value={linkEmail} />
        <button type="submit">{t.text('login.linkSubmit')}</button>
      </form>
      <p>{t.rich('login.more', { forgot: link('/forgot'), signup: link('/signup') })}</p>
      <PageScript forgetPost base={base} />
    </Layout>
  )
}

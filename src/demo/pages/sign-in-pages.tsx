import { PageNonceField } from '../../core/app/page-nonce.tsx'
import { DEFAULT_LOCALE, type Locale } from '../../core/i18n/locale.ts'
import { Layout } from '../../core/pages/layout.tsx'
import { linkPageMessages } from '../link-page-messages.ts'
import { LocalTime } from '../../core/pages/local-time.tsx'
import { PageScript } from './page-script.tsx'
import { AccountNav } from './account-nav.tsx'
import { ErrorNotice } from './notices.tsx'
import { CodeForm, type CodeFormProblem } from './code-form.tsx'

export interface CheckSignInEmailPageProps {
  ttlMinutes: number
  outbox: boolean
  problem?: CodeFormProblem
}

/** The answer to every "email me a sign-in link", whether or not an account uses the address. */
export function CheckSignInEmailPage({ ttlMinutes, outbox, problem }: CheckSignInEmailPageProps) {
  return (
    <Layout title="Check your email" nav={<AccountNav signedIn={false} />}>
      {problem ? (
        <ErrorNotice>
          Please correct the code below.
        </ErrorNotice>
      ) : (
        <p class="notice ok" role="status">
          If an account uses that address, we have sent it a sign-in link and a code.
        </p>
      )}
      <p>Type the code here to sign in this browser, or open the link on the device you want to sign in:</p>
      <CodeForm action="/login/code" submitLabel="Sign in" problem={problem} />
      <p>
        The link and code work once and expire in {ttlMinutes} minutes. A newer mail replaces older ones. Nothing arrived?{' '}
        <a href="/login">Ask again, or sign in with your password</a>.
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

export interface SignInLinkPageProps {
  /** `a***@example.com`: enough for the owner to recognise, too little to reveal the account. */
  maskedEmail: string
  action: string
  expiresAt: Date
  nonce?: string
  /** The link's stored locale (its mail's language). */
  locale?: Locale
}

/**
 * What a sign-in link shows. Opening it signs nobody in (a mail scanner opens links, and runs their
 * scripts): only the button does, for the browser that presses it.
 */
export function SignInLinkPage({ maskedEmail, action, expiresAt, nonce, locale = DEFAULT_LOCALE }: SignInLinkPageProps) {
  const t = linkPageMessages(locale)
  return (
    <Layout title={t.text('signInLink.title')} locale={locale}>
      <p>{t.rich('signInLink.question', { maskedEmail, strong: (chunks) => <strong>{chunks}</strong> })}</p>
      <form method="post" action={action}>
        <PageNonceField nonce={nonce} />
        <button type="submit">{t.text('signInLink.button')}</button>
      </form>
      <p class="hint">{t.rich('signInLink.hint', { at: <LocalTime date={expiresAt} locale={locale} /> })}</p>
    </Layout>
  )
}

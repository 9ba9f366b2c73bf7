import { PageNonceField } from '../../core/app/page-nonce.tsx'
import { Layout } from '../../core/pages/layout.tsx'
import { demoPageMessages } from '../demo-page-messages.ts'
import { linkPageMessages } from '../link-page-messages.ts'
import { OutboxHint } from './outbox-hint.tsx'
import type { PageProps } from './page-props.ts'
import { LocalTime } from '../../core/pages/local-time.tsx'
import { PageScript } from './page-script.tsx'
import { AccountNav } from './account-nav.tsx'
import { ErrorNotice } from './notices.tsx'
import { CodeForm, type CodeFormProblem } from './code-form.tsx'

export interface CheckSignInEmailPageProps extends PageProps {
  ttlMinutes: number
  outbox: boolean
  problem?: CodeFormProblem
}

/** The answer to every "email me a sign-in link", whether or not an account uses the address. */
export function CheckSignInEmailPage({ ttlMinutes, outbox, problem, locale, base, sitePath }: CheckSignInEmailPageProps) {
  const t = demoPageMessages(locale)
  return (
    <Layout title={t.text('checkEmail.title')} nav={<AccountNav signedIn={false} locale={locale} sitePath={sitePath} />} base={base} home={sitePath('/')} locale={locale}>
      {problem ? (
        <ErrorNotice>{t.text('code.correct')}</ErrorNotice>
      ) : (
        <p class="notice ok" role="status">
          {t.text('signInCheck.sent')}
        </p>
      )}
      <p>{t.text('signInCheck.typeHere')}</p>
      <CodeForm action={sitePath('/login/code')} submitLabel={t.text('signInCheck.submit')} problem={problem} locale={locale} />
      <p>{t.rich('signInCheck.expiry', { minutes: ttlMinutes, login: (chunks) => <a href={sitePath('/login')}>{chunks}</a> })}</p>
      {outbox && <OutboxHint locale={locale} sitePath={sitePath} />}
      <PageScript forgetPost base={base} />
    </Layout>
  )
}

export interface SignInLinkPageProps extends PageProps {
  /** `a***@example.com`: enough for the owner to recognise, too little to reveal the account. */
  maskedEmail: string
  action: string
  expiresAt: Date
  nonce?: string
}

/**
 * What a sign-in link shows. Opening it signs nobody in (a mail scanner opens links, and runs their
 * scripts): only the button does, for the browser that presses it.
 */
export function SignInLinkPage({ maskedEmail, action, expiresAt, nonce, locale, base, sitePath }: SignInLinkPageProps) {
  const t = linkPageMessages(locale)
  return (
    <Layout title={t.text('signInLink.title')} base={base} home={sitePath('/')} locale={locale}>
      <p>{t.rich('signInLink.question', { maskedEmail, strong: (chunks) => <strong>{chunks}</strong> })}</p>
      <form method="post" action={action}>
        <PageNonceField nonce={nonce} />
        <button type="submit">{t.text('signInLink.button')}</button>
      </form>
      <p class="hint">{t.rich('signInLink.hint', { at: <LocalTime date={expiresAt} locale={locale} /> })}</p>
    </Layout>
  )
}

import { PageNonceField } from '../../core/app/page-nonce.tsx'
import { DEFAULT_LOCALE, type Locale } from '../../core/i18n/locale.ts'
import { Layout } from '../../core/pages/layout.tsx'
import { linkPageMessages } from '../link-page-messages.ts'
import { LocalTime } from '../../core/pages/local-time.tsx'
import { PageScript } from './page-script.tsx'
import { AccountNav } from './account-nav.tsx'
import { ErrorNotice } from './notices.tsx'
import { CodeForm, type CodeFormProblem } from './code-form.tsx'

/** The answer to every accepted sign-up, for a new address and a taken one alike. */
export function CheckConfirmEmailPage({ ttlHours, outbox, problem }: { ttlHours: number; outbox: boolean; problem?: CodeFormProblem }) {
  return (
    <Layout title="Confirm your address" nav={<AccountNav signedIn={false} />}>
      {problem ? (
        <ErrorNotice>
          Please correct the code below.
        </ErrorNotice>
      ) : (
        <p class="notice ok" role="status">
          We have sent a mail to that address. Confirm it to start using your account.
        </p>
      )}
      <p>Type the code from the mail here, or open its link on any device:</p>
      <CodeForm action="/confirm" submitLabel="Confirm" problem={problem} />
      <p>
        The link and code work once and expire in {ttlHours} hours. Nothing arrived? Check your spam folder, or <a href="/signup">sign up again</a>{' '}
        to get a new mail.
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

/** What a confirm_email link shows: opening it confirms nothing (scanners open links); the button does. */
export function ConfirmLinkPage({ action, expiresAt, nonce, locale = DEFAULT_LOCALE }: { action: string; expiresAt: Date; nonce?: string; locale?: Locale }) {
  const t = linkPageMessages(locale)
  return (
    <Layout title={t.text('confirmLink.title')} locale={locale}>
      <p>{t.text('confirmLink.lead')}</p>
      <form method="post" action={action}>
        <PageNonceField nonce={nonce} />
        <button type="submit">{t.text('confirmLink.button')}</button>
      </form>
      <p class="hint">{t.rich('link.expiresAt', { at: <LocalTime date={expiresAt} locale={locale} /> })}</p>
    </Layout>
  )
}

export function AddressConfirmedPage({ locale = DEFAULT_LOCALE }: { locale?: Locale } = {}) {
  const t = linkPageMessages(locale)
  return (
    <Layout title={t.text('confirmed.title')} locale={locale}>
      <p class="notice ok" role="status">
        {t.text('confirmed.text')}
      </p>
      <p>
        <a class="button" href="/login">{t.text('next.signIn')}</a>
      </p>
    </Layout>
  )
}

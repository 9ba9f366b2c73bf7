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

/** The answer to every accepted sign-up, for a new address and a taken one alike. */
export function CheckConfirmEmailPage({ ttlHours, outbox, problem, locale, base, sitePath }: PageProps & { ttlHours: number; outbox: boolean; problem?: CodeFormProblem }) {
  const t = demoPageMessages(locale)
  return (
    <Layout title={t.text('confirmCheck.title')} nav={<AccountNav signedIn={false} locale={locale} sitePath={sitePath} />} base={base} home={sitePath('/')} locale={locale}>
      {problem ? (
        <ErrorNotice>{t.text('code.correct')}</ErrorNotice>
      ) : (
        <p class="notice ok" role="status">
          {t.text('confirmCheck.sent')}
        </p>
      )}
      <p>{t.text('confirmCheck.typeHere')}</p>
      <CodeForm action={sitePath('/confirm')} submitLabel={t.text('confirmCheck.submit')} problem={problem} locale={locale} />
      <p>{t.rich('confirmCheck.expiry', { hours: ttlHours, signup: (chunks) => <a href={sitePath('/signup')}>{chunks}</a> })}</p>
      {outbox && <OutboxHint locale={locale} sitePath={sitePath} />}
      <PageScript forgetPost base={base} />
    </Layout>
  )
}

/** What a confirm_email link shows: opening it confirms nothing (scanners open links); the button does. */
export function ConfirmLinkPage({ action, expiresAt, nonce, locale, base, sitePath }: PageProps & { action: string; expiresAt: Date; nonce?: string }) {
  const t = linkPageMessages(locale)
  return (
    <Layout title={t.text('confirmLink.title')} base={base} home={sitePath('/')} locale={locale}>
      <p>{t.text('confirmLink.lead')}</p>
      <form method="post" action={action}>
        <PageNonceField nonce={nonce} />
        <button type="submit">{t.text('confirmLink.button')}</button>
      </form>
      <p class="hint">{t.rich('link.expiresAt', { at: <LocalTime date={expiresAt} locale={locale} /> })}</p>
    </Layout>
  )
}

export function AddressConfirmedPage({ locale, base, sitePath }: PageProps) {
  const t = linkPageMessages(locale)
  return (
    <Layout title={t.text('confirmed.title')} base={base} home={sitePath('/')} locale={locale}>
      <p class="notice ok" role="status">
        {t.text('confirmed.text')}
      </p>
      <p>
        <a class="button" href={sitePath('/login')}>{t.text('next.signIn')}</a>
      </p>
    </Layout>
  )
}

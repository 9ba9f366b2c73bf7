import { PageNonceField } from '../../core/app/page-nonce.tsx'
import { Layout } from '../../core/pages/layout.tsx'
import { LocalTime } from '../../core/pages/local-time.tsx'
import { demoPageMessages } from '../demo-page-messages.ts'
import { maskEmail } from '../email-address.ts'
import { MAX_PASSWORD_LENGTH } from '../password-policy.ts'
import type { FieldErrors } from './account-pages.tsx'
import { describeWait, ErrorSummary } from './notices.tsx'
import { Field, NewPasswordField } from './form-field.tsx'
import { PageScript } from './page-script.tsx'
import { say, type PageProps } from './page-props.ts'

export interface ResetPageProps extends PageProps {
  /** Where the form posts: the link itself, under the mount prefix. */
  action: string
  /** The account's address. Shown masked; in full only in the hidden username field. */
  email: string
  expiresAt: Date
  /** The time the page is made, for "expires in 14 minutes". */
  now: number
  errors?: FieldErrors
  /** The link page's nonce (same-browser replay); a typed code leads to the link page too, so it has one. */
  nonce?: string
}

/**
 * The form behind a reset link. Showing it uses nothing up; only a valid POST does. It speaks the
 * link's stored locale (its mail's language), like the other link pages.
 *
 * It names the account (masked, as the sign-in link does: enough for its owner) and carries the
 * full address in a hidden `autocomplete="username"` field, which is how password managers learn
 * whose new password they are saving; the page is reached only with the mailed link, whose holder
 * has the mailbox already.
 */
export function ResetPage({ action, email, expiresAt, now, errors = {}, nonce, locale, base, sitePath }: ResetPageProps) {
  const t = demoPageMessages(locale)
  const invalid = Object.keys(errors).length > 0
  // Down to whole seconds, so a link of 30 minutes made a moment ago reads "30 minutes", not 31.
  const secondsLeft = Math.max(1, Math.floor((expiresAt.getTime() - now) / 1000))
  return (
    <Layout title={t.text('reset.title')} base={base} home={sitePath('/')} locale={locale}>
      {invalid && <ErrorSummary locale={locale} />}
      <p>{t.rich('reset.forAccount', { maskedEmail: maskEmail(email), strong: (chunks) => <strong>{chunks}</strong> })}</p>
      <p>{t.rich('reset.expiry', { wait: describeWait(secondsLeft, locale), at: <LocalTime date={expiresAt} locale={locale} /> })}</p>
      <form method="post" action={action} novalidate>
        <PageNonceField nonce={nonce} />
        <input type="text" name="username" autocomplete="username" value={email} hidden readonly />
        <NewPasswordField label={t.text('field.newPassword')} error={say(locale, errors.password)} locale={locale} />
        <Field
          name="password_confirmation"
          label={t.text('field.newPasswordAgain')}
          type="password"
          autocomplete="new-password"
          error={say(locale, errors.password_confirmation)}
          maxLength={MAX_PASSWORD_LENGTH}
        />
        <button type="submit">{t.text('reset.submit')}</button>
      </form>
      <PageScript forgetPost base={base} />
    </Layout>
  )
}

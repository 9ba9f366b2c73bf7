import { PageNonceField } from '../../core/app/page-nonce.tsx'
import { Layout } from '../../core/pages/layout.tsx'
import { LocalTime } from '../../core/pages/local-time.tsx'
import { maskEmail } from '../email-address.ts'
import { MAX_PASSWORD_LENGTH } from '../password-policy.ts'
import type { FieldErrors } from './account-pages.tsx'
import { describeWait, ErrorSummary } from './notices.tsx'
import { Field, NewPasswordField } from './form-field.tsx'
import { PageScript } from './page-script.tsx'

export interface ResetPageProps {
  /** Where the form posts: the link itself. */
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
 * The form behind a reset link. Showing it uses nothing up; only a valid POST does.
 *
 * It names the account (masked, as the sign-in link does: enough for its owner) and carries the
 * full address in a hidden `autocomplete="username"` field, which is how password managers learn
 * whose new password they are saving; the page is reached only with the mailed link, whose holder
 * has the mailbox already.
 */
export function ResetPage({ action, email, expiresAt, now, errors = {}, nonce }: ResetPageProps) {
  const invalid = Object.keys(errors).length > 0
  const secondsLeft = Math.max(1, Math.round((expiresAt.getTime() - now) / 1000))
  return (
    <Layout title="Choose a new password">
      {invalid && <ErrorSummary />}
      <p>
        For the account <strong>{maskEmail(email)}</strong>.
      </p>
      <p>
        This link works once and expires in {describeWait(secondsLeft)} (at <LocalTime date={expiresAt} />). Setting a new password signs you out
        everywhere, this browser too: then sign in with the new one.
      </p>
      <form method="post" action={action} novalidate>
        <PageNonceField nonce={nonce} />
        <input type="text" name="username" autocomplete="username" value={email} hidden readonly />
        <NewPasswordField label="New password" error={errors.password} />
        <Field
          name="password_confirmation"
          label="New password, again"
          type="password"
          autocomplete="new-password"
          error={errors.password_confirmation}
          maxLength={MAX_PASSWORD_LENGTH}
        />
        <button type="submit">Set new password</button>
      </form>
      <PageScript forgetPost />
    </Layout>
  )
}

import { formatTime } from '../../core/app/link-pages.tsx'
import { PageNonceField } from '../../core/app/page-nonce.tsx'
import { Layout } from '../../core/pages/layout.tsx'
import { MAX_PASSWORD_LENGTH } from '../password-policy.ts'
import type { FieldErrors } from './account-pages.tsx'
import { ErrorSummary } from './notices.tsx'
import { Field, NewPasswordField } from './form-field.tsx'

export interface ResetPageProps {
  /** Where the form posts: the link itself. */
  action: string
  expiresAt: Date
  errors?: FieldErrors
  /** The link page's nonce (same-browser replay); a typed code leads to the link page too, so it has one. */
  nonce?: string
}

/** The form behind a reset link. Showing it uses nothing up; only a valid POST does. */
export function ResetPage({ action, expiresAt, errors = {}, nonce }: ResetPageProps) {
  const invalid = Object.keys(errors).length > 0
  return (
    <Layout title="Choose a new password">
      {invalid && <ErrorSummary />}
      <p>
        This link works once and expires at {formatTime(expiresAt)}. Setting a new password signs you out everywhere else.
      </p>
      <form method="post" action={action} novalidate>
        <PageNonceField nonce={nonce} />
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
    </Layout>
  )
}

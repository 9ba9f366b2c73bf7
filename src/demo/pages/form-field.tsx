import type { Locale } from '../../core/i18n/locale.ts'
import { demoPageMessages } from '../demo-page-messages.ts'
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../password-policy.ts'

export interface FieldProps {
  name: string
  /** The input's id, when a page has two forms with a field of the same name; default `field-<name>`. */
  id?: string
  label: string
  type: 'email' | 'password'
  autocomplete: 'email' | 'username' | 'current-password' | 'new-password'
  /** Shown under the input, in red, and announced with it (aria-describedby). */
  error?: string
  hint?: string
  minLength?: number
  maxLength?: number
  /** What the person typed, shown again when the form comes back (addresses only, never a password). */
  value?: string
}

/**
 * One labelled input with its hint and error tied to it by `aria-describedby`, so a screen reader
 * reads "New password, invalid entry, Use at least 12 characters". Only the address a person typed
 * comes back into its own field after a refused post (they typed it; it reveals nothing about
 * accounts); a password is never written into a page.
 */
export function Field({ name, id = `field-${name}`, label, type, autocomplete, error, hint, minLength, maxLength, value }: FieldProps) {
  const hintId = hint ? `${id}-hint` : undefined
  const errorId = error ? `${id}-error` : undefined
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {error && (
        <p id={errorId} class="error">
          {error}
        </p>
      )}
      <input
        id={id}
        name={name}
        type={type}
        autocomplete={autocomplete}
        required
        minlength={minLength}
        maxlength={maxLength}
        value={type === 'password' ? undefined : value || undefined}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy}
      />
      {hint && (
        <p id={hintId} class="hint">
          {hint}
        </p>
      )}
    </div>
  )
}

/** The field for choosing a password, with the policy as its hint: sign-up and reset ask alike. */
export function NewPasswordField({ label, error, locale }: { label: string; error?: string; locale: Locale }) {
  return (
    <Field
      name="password"
      label={label}
      type="password"
      autocomplete="new-password"
      error={error}
      hint={demoPageMessages(locale).text('password.hint', { min: MIN_PASSWORD_LENGTH })}
      minLength={MIN_PASSWORD_LENGTH}
      maxLength={MAX_PASSWORD_LENGTH}
    />
  )
}

import type { Locale } from '../../core/i18n/locale.ts'
import { demoPageMessages } from '../demo-page-messages.ts'

/** What a code form says after a try that did not work. */
export type CodeFormProblem =
  | { readonly kind: 'malformed' }
  | { readonly kind: 'wrong'; readonly attemptsLeft: number }

export interface CodeFormProps {
  /** Where it posts: `sitePath('/forgot/code')`, so under the mount prefix and with an asked `?lang=`. */
  action: string
  /** The button's words, e.g. "Continue". */
  submitLabel: string
  problem?: CodeFormProblem
  locale: Locale
}

/** The shape the hints show; not words, so the same in every language. A non-breaking hyphen keeps it on one line. */
const CODE_EXAMPLE = 'ABCD\u2011EFGH'

/**
 * The typed-code form. `autocomplete="one-time-code"` lets phones offer the code from the mail;
 * `inputmode="text"` because the code has letters; no `pattern` or `maxlength` tight enough to
 * refuse a pasted "abcd efgh" or "ABCD-EFGH": the server reads case, spaces and hyphens away.
 */
export function CodeForm({ action, submitLabel, problem, locale }: CodeFormProps) {
  const t = demoPageMessages(locale)
  const error = problem && (problem.kind === 'malformed' ? t.text('code.malformed', { example: CODE_EXAMPLE }) : t.text('code.wrong', { count: problem.attemptsLeft }))
  return (
    <form method="post" action={action} novalidate>
      <div class="field">
        <label for="field-code">{t.text('code.label')}</label>
        {error && (
          <p id="field-code-error" class="error">
            {error}
          </p>
        )}
        <input
          id="field-code"
          name="code"
          type="text"
          class="code"
          inputmode="text"
          autocomplete="one-time-code"
          autocapitalize="characters"
          spellcheck={false}
          required
          maxlength={64}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? 'field-code-error field-code-hint' : 'field-code-hint'}
        />
        <p id="field-code-hint" class="hint">
          {t.text('code.hint', { example: CODE_EXAMPLE })}
        </p>
      </div>
      <button type="submit">{submitLabel}</button>
    </form>
  )
}

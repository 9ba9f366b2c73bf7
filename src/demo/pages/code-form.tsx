/** What a code form says after a try that did not work. */
export type CodeFormProblem =
  | { readonly kind: 'malformed' }
  | { readonly kind: 'wrong'; readonly attemptsLeft: number }

export interface CodeFormProps {
  /** Where it posts: `/forgot/code`, `/login/code`, `/confirm`. */
  action: string
  /** The button's words, e.g. "Continue". */
  submitLabel: string
  problem?: CodeFormProblem
}

/**
 * The typed-code form. `autocomplete="one-time-code"` lets phones offer the code from the mail;
 * `inputmode="text"` because the code has letters; no `pattern` or `maxlength` tight enough to
 * refuse a pasted "abcd efgh" or "ABCD-EFGH": the server reads case, spaces and hyphens away.
 */
export function CodeForm({ action, submitLabel, problem }: CodeFormProps) {
  const error = problem && describeProblem(problem)
  return (
    <form method="post" action={action} novalidate>
      <div class="field">
        <label for="field-code">Code from the mail</label>
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
          8 letters and digits, like ABCD-EFGH. Case, spaces and the dash do not matter.
        </p>
      </div>
      <button type="submit">{submitLabel}</button>
    </form>
  )
}

function describeProblem(problem: CodeFormProblem): string {
  if (problem.kind === 'malformed') return 'That does not look like a code from our mail: it has 8 letters and digits, like ABCD-EFGH.'
  const left = problem.attemptsLeft === 1 ? '1 more try' : `${problem.attemptsLeft} more tries`
  return `That code is not right. Check the newest mail and type it again: you have ${left}.`
}

/** NIST SP 800-63B asks for at least 8; 12 keeps an offline guess against a stolen hash out of reach. */
export const MIN_PASSWORD_LENGTH = 12
/** Long passphrases are welcome; the ceiling only stops a megabyte "password" from tying up the KDF. */
export const MAX_PASSWORD_LENGTH = 1024

export type PasswordCheck =
  | { readonly ok: true; readonly password: string }
  /** `message` in English; pages say it in the reader's language by `reason`. */
  | { readonly ok: false; readonly reason: 'missing' | 'too_short' | 'too_long'; readonly message: string }

/**
 * Length is counted in characters as people see them (code points), not UTF-16 units, so an
 * emoji counts once. No composition rules: NIST advises against them.
 */
export function checkNewPassword(input: unknown): PasswordCheck {
  if (typeof input !== 'string' || input === '') return { ok: false, reason: 'missing', message: 'Enter a password.' }
  const length = [...input].length
  if (length < MIN_PASSWORD_LENGTH) return { ok: false, reason: 'too_short', message: `Use at least ${MIN_PASSWORD_LENGTH} characters.` }
  if (length > MAX_PASSWORD_LENGTH) return { ok: false, reason: 'too_long', message: `Use at most ${MAX_PASSWORD_LENGTH} characters.` }
  return { ok: true, password: input }
}

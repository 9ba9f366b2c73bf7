/** RFC 5321's limit on a forward path; anything longer cannot be delivered to. */
export const MAX_EMAIL_LENGTH = 254

/**
 * Deliberately loose: one `@`, something before it, a dotted domain after it, no spaces. The
 * real check is that mail arrives; a strict grammar only turns away people with unusual addresses.
 */
const EMAIL_SHAPE = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/

export type EmailResult = { readonly ok: true; readonly email: string } | { readonly ok: false; readonly message: string }

/**
 * The one spelling an address is stored, looked up and rate-limited under: trimmed, Unicode NFC,
 * lower case. Lower-casing the local part is not what RFC 5321 says, but it is what people expect:
 * `Ada@Example.com` and `ada@example.com` are one account.
 *
 * @example
 * parseEmail('  Ada@Example.COM ') // { ok: true, email: 'ada@example.com' }
 */
export function parseEmail(input: unknown): EmailResult {
  if (typeof input !== 'string' || input.trim() === '') return { ok: false, message: 'Enter your email address.' }
  const email = input.trim().normalize('NFC').toLowerCase()
  if (email.length > MAX_EMAIL_LENGTH) return { ok: false, message: `An email address has at most ${MAX_EMAIL_LENGTH} characters.` }
  if (!EMAIL_SHAPE.test(email)) return { ok: false, message: 'Enter an email address like name@example.com.' }
  return { ok: true, email }
}

/**
 * The mailbox an address delivers to, for mail rate limits: `Victim+1@Example.com` and
 * `victim+2@example.com` reach one inbox, so they share one budget. Only `+tag` and case are
 * folded (most providers deliver sub-addresses to the base mailbox); dots are left alone,
 * because only some providers (Gmail) ignore them and elsewhere `a.b@` and `ab@` are two people.
 *
 * @example
 * mailboxKey('victim+news@example.com') // 'victim@example.com'
 */
export function mailboxKey(email: string): string {
  const at = email.lastIndexOf('@')
  const local = email.slice(0, at).toLowerCase()
  const plus = local.indexOf('+')
  return `${plus > 0 ? local.slice(0, plus) : local}@${email.slice(at + 1).toLowerCase()}`
}

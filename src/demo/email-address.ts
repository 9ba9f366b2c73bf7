/** RFC 5321's limit on a forward path; anything longer cannot be delivered to. */
export const MAX_EMAIL_LENGTH = 254

/**
 * Deliberately loose: one `@`, something before it, a dotted domain after it, no spaces. The
 * real check is that mail arrives; a strict grammar only turns away people with unusual addresses.
 */
const EMAIL_SHAPE = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/

/**
 * C0 and C1 controls (NUL among them), DEL, and the bidirectional formatting characters
 * (embeddings, overrides, isolates, marks): invisible, or able to make an address read as another
 * one in mail clients, admin pages and logs. No real mailbox needs them.
 */
const FORBIDDEN_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/

/** `forbidden_characters` is answered 400 (no form sends them); anything else, 422 with the form. */
export type EmailResult =
  | { readonly ok: true; readonly email: string }
  | { readonly ok: false; readonly message: string; readonly reason: 'missing' | 'too_long' | 'malformed' | 'forbidden_characters' }

/**
 * The one spelling an address is stored, looked up and rate-limited under: trimmed, Unicode NFC,
 * lower case. Lower-casing the local part is not what RFC 5321 says, but it is what people expect:
 * `Ada@Example.com` and `ada@example.com` are one account.
 *
 * @example
 * parseEmail('  Ada@Example.COM ') // { ok: true, email: 'ada@example.com' }
 */
export function parseEmail(input: unknown): EmailResult {
  if (typeof input !== 'string' || input.trim() === '') return { ok: false, reason: 'missing', message: 'Enter your email address.' }
  if (FORBIDDEN_CHARACTERS.test(input)) {
    return { ok: false, reason: 'forbidden_characters', message: 'That address holds invisible or control characters. Type it again by hand.' }
  }
  const email = input.trim().normalize('NFC').toLowerCase()
  if (email.length > MAX_EMAIL_LENGTH) return { ok: false, reason: 'too_long', message: `An email address has at most ${MAX_EMAIL_LENGTH} characters.` }
  if (!EMAIL_SHAPE.test(email)) return { ok: false, reason: 'malformed', message: 'Enter an email address like name@example.com.' }
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

/**
 * An address as a sign-in page may show it to whoever holds the link: `a***@example.com`. Enough
 * for the owner to recognise their account, too little for a forwarded link to reveal it.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@')
  if (at < 1) return '***'
  return `${email.slice(0, 1)}***${email.slice(at)}`
}

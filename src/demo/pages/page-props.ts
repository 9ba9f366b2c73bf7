import type { TextValues } from '../../core/i18n/catalogue.ts'
import type { Locale } from '../../core/i18n/locale.ts'
import { demoPageMessages, type DemoPageMessageKey } from '../demo-page-messages.ts'
import { MAX_EMAIL_LENGTH, type EmailResult } from '../email-address.ts'
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, type PasswordCheck } from '../password-policy.ts'

/**
 * What every demo page takes from its request: the reader's language (`localeOf`, or a link's
 * stored locale on that link's pages), the path prefix slotlink is mounted under ('' at the
 * root, for its stylesheet and script), and the paths of the site that its links and forms use.
 */
export interface PageProps {
  readonly locale: Locale
  readonly base: string
  /**
   * A path of the site (`/forgot`) as a page's links, form actions and redirects use it: under the
   * mount prefix, and keeping an asked `?lang=` (withAskedLanguage), so the language a person chose
   * in the address survives the form's POST and the page after it.
   */
  readonly sitePath: (path: string) => string
}

/** A message to show, by key: routes say what went wrong, the page says it in its language. */
export interface PageMessage {
  readonly key: DemoPageMessageKey
  readonly values?: TextValues
}

export const say = (locale: Locale, message: PageMessage | undefined): string | undefined => message && demoPageMessages(locale).text(message.key, message.values)

const EMAIL_EXAMPLE = 'name@example.com'

/** What to say about an address parseEmail refused. */
export function emailProblem(check: Extract<EmailResult, { ok: false }>): PageMessage {
  return { key: `email.${check.reason}`, values: { max: MAX_EMAIL_LENGTH, example: EMAIL_EXAMPLE } }
}

/** What to say about a password checkNewPassword refused. */
export function passwordProblem(check: Extract<PasswordCheck, { ok: false }>): PageMessage {
  return { key: `password.${check.reason}`, values: { min: MIN_PASSWORD_LENGTH, max: MAX_PASSWORD_LENGTH } }
}

export const UNREADABLE_FORM: PageMessage = { key: 'form.unreadable' }

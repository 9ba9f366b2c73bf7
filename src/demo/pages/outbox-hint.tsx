import type { Locale } from '../../core/i18n/locale.ts'
import { demoPageMessages } from '../demo-page-messages.ts'

/** The "check your email" pages' pointer to the dev outbox, where it is served. */
export function OutboxHint({ locale, base }: { locale: Locale; base: string }) {
  return <p class="hint">{demoPageMessages(locale).rich('outbox.hint', { outbox: (chunks) => <a href={`${base}/dev/outbox`}>{chunks}</a> })}</p>
}

import { demoPageMessages } from '../demo-page-messages.ts'
import type { PageProps } from './page-props.ts'

/** The "check your email" pages' pointer to the dev outbox, where it is served. */
export function OutboxHint({ locale, sitePath }: Pick<PageProps, 'locale' | 'sitePath'>) {
  return <p class="hint">{demoPageMessages(locale).rich('outbox.hint', { outbox: (chunks) => <a href={sitePath('/dev/outbox')}>{chunks}</a> })}</p>
}

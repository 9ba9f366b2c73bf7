import type { Child } from 'hono/jsx'
import type { Locale } from '../../core/i18n/locale.ts'
import { demoPageMessages } from '../demo-page-messages.ts'

/**
 * A notice that the post did not work, announced (role=alert) and focused when the page loads
 * (`autofocus` on a `tabindex=-1` element works without JavaScript), so keyboard and screen-reader
 * users start from what went wrong instead of the top of the page.
 */
export function ErrorNotice({ children }: { children?: Child }) {
  return (
    <p class="notice bad" role="alert" tabindex={-1} autofocus>
      {children}
    </p>
  )
}

/** Announced and focused first, so a screen-reader user learns the form came back before reading it again. */
export function ErrorSummary({ locale }: { locale: Locale }) {
  return <ErrorNotice>{demoPageMessages(locale).text('field.summary')}</ErrorNotice>
}

/** "4 minutes", "30 Sekunden": a Retry-After in words, rounded up to whole minutes past one. */
export function describeWait(seconds: number, locale: Locale): string {
  const t = demoPageMessages(locale)
  if (seconds < 60) return t.text('wait.seconds', { count: seconds })
  return t.text('wait.minutes', { count: Math.ceil(seconds / 60) })
}
